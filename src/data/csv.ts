import { readBoundedFile } from '../io/safe-path.js';
import { InputError, type InputProblem } from '../errors.js';
import type { Dataset } from './dataset.js';

/**
 * The user's data: CSV with a header `x1,…,xd,y` (docs/usage.md). Every row must have d+1 finite decimal numbers
 * (digits with an optional sign, point and exponent: `-1.5e-3`, `.5`, `7`); JavaScript's other
 * number forms are not data (`0x12345` would read as 74565, `0b101` as 5, `0o17` as 15, `Infinity`
 * is not finite). Problems are collected (up to 20) and reported together, each with its line number.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function readCsvDataset(path: string, jsonPath = 'data.csv'): Dataset {
  // a regular file of bounded size, checked before reading; its contents are never echoed
  const text = readBoundedFile(path, jsonPath, 'CSV file');
  return parseCsvDataset(text, path, jsonPath);
}

export function parseCsvDataset(text: string, source: string, jsonPath = 'data.csv'): Dataset {
  // a byte-order mark (spreadsheet exports) is not part of the header
  // keep each line's number in the file (1-based) for messages: blank and # lines are skipped, not renumbered
  const numbered = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l, i) => ({ text: l.trim(), line: i + 1 })).filter((l) => l.text.length > 0 && !l.text.startsWith('#'));
  const lines = numbered.map((l) => l.text);
  const where = (r: number) => `line ${numbered[r + 1].line} (data row ${r + 1})`;
  const problems: InputProblem[] = [];
  if (lines.length < 2) throw new InputError([{ path: jsonPath, message: `${source}: needs a header line x1,…,xd,y and at least one data row` }], 'data');
  const header = lines[0].split(',').map((h) => h.trim());
  const d = header.length - 1;
  const expected = [...Array.from({ length: d }, (_, i) => `x${i + 1}`), 'y'];
  if (d < 1 || header.some((h, i) => h !== expected[i])) {
    // never echo the file's text (a path to a private file would show its first line): describe the header by its fields
    const trailing = header.length > 1 && header[header.length - 1] === '' ? ' (it ends with a comma: remove the trailing comma)' : '';
    const want = trailing ? [...Array.from({ length: d - 1 }, (_, i) => `x${i + 1}`), 'y'].join(',') : expected.length > 1 ? expected.join(',') : 'x1,…,xd,y';
    throw new InputError([{ path: jsonPath, message: `${source}: the first line is not a header x1,…,xd,y; expected ${want} (features x1..xd then the label y)${trailing}, found ${header.length} comma-separated field(s)` }], 'data');
  }
  const n = lines.length - 1;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let r = 0; r < n && problems.length < 20; r++) {
    const cells = lines[r + 1].split(',');
    if (cells.length !== d + 1) {
      problems.push({ path: jsonPath, message: `${source} ${where(r)}: expected ${d + 1} values, found ${cells.length}` });
      continue;
    }
    for (let c = 0; c <= d; c++) {
      const cell = cells[c].trim();
      const decimal = DECIMAL.test(cell);
      const v = decimal ? Number(cell) : Number.NaN;
      if (!Number.isFinite(v)) {
        // the cell itself is not echoed (file contents stay out of messages); say what kind of text it is
        const kind = cell === '' ? 'empty'
          : decimal ? 'a number that overflows a double'
            : /^[+-]?0[xXbBoO]/.test(cell) ? `a hexadecimal, binary or octal literal (${cell.length} character(s)): only decimal numbers are data`
              : `not a number (${cell.length} character(s))`;
        problems.push({ path: jsonPath, message: `${source} ${where(r)}, column ${expected[c]}: must be a finite number; the cell is ${kind}` });
        break;
      }
      if (c < d) x[r * d + c] = v; else y[r] = v;
    }
  }
  if (problems.length) throw new InputError(problems, 'data');
  return { n, d, x, y };
}
