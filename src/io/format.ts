/** Compact number formatting for tables: 4 significant digits, exponent form outside [1e-3, 1e5). */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}

/** "1 file", "3 files": a count with its noun in the right number (plural by an added s unless given). */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** Greedy word wrap: the first line starts with `first`, the rest with `rest`; no line past `width` unless one word is longer. */
export function wrap(text: string, width: number, first: string, rest: string): string[] {
  const out: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (!empty && line.length + 1 + word.length > width) {
      out.push(line);
      line = rest + word;
    } else line += (empty ? '' : ' ') + word;
    empty = false;
  }
  out.push(line);
  return out;
}
