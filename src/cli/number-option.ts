import { formatValue } from '../errors.js';

/** A decimal number as a person writes one: 0.05, -3, 1e3, .5 (not 0x10, '', Infinity or abc). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * yargs `coerce` for a numeric option, in place of `type: 'number'`: yargs' own coercion turned
 * 'abc' into NaN (reported as "got NaN"), '' into 0 and '0x10' into 16. The text given is parsed
 * here; anything but a decimal number is refused with the text quoted ("--lr: not a number: abc"),
 * and the range checks of each command then see a real number.
 */
export function decimalNumber(flag: string): (text: unknown) => number {
  return (text: unknown) => {
    const raw = Array.isArray(text) ? text[text.length - 1] : text; // a repeated option: the last one wins
    if (typeof raw === 'number') return raw; // a default
    const s = String(raw).trim();
    if (!DECIMAL.test(s) || !Number.isFinite(Number(s))) throw new Error(`${flag}: not a number: ${s === '' ? '(empty)' : formatValue(String(raw)).replace(/^"|"$/g, '')} (give a decimal number such as 0.05 or 1e3)`);
    return Number(s);
  };
}
