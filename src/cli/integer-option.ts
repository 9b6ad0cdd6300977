/**
 * Integer command-line options (--seed, --workers) parsed from the text given, not by yargs'
 * number coercion: that turned '' into 0, '0x10' into 16 and 'abc' into NaN ("got null"). Only
 * plain decimal digits are accepted; the message quotes the text given.
 */
export function parseIntegerOption(flag: string, text: unknown, min: number, max: number): { value?: number; problem?: { path: string; message: string; value: unknown } } {
  if (text === undefined) return {};
  const raw = Array.isArray(text) ? text[text.length - 1] : text;
  const s = String(raw);
  if (!/^\d+$/.test(s.trim()) || !Number.isSafeInteger(Number(s)) || Number(s) < min || Number(s) > max) {
    return { problem: { path: flag, message: `must be a decimal integer in [${min}, ${max}]`, value: s } };
  }
  return { value: Number(s) };
}
