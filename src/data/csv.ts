import { readFileSync } from 'node:fs';
import { InputError, type InputProblem } from '../errors.js';
import type { Dataset } from './dataset.js';

/**
 * The user's data: CSV with a header `x1,…,xd,y` (DESIGN.md). Every row must have d+1 finite
 * numbers. Problems are collected (up to 20) and reported together, each with its line number.
 */
export function readCsvDataset(path: string, jsonPath = 'data.csv'): Dataset {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError([{ path: jsonPath, message: `cannot read CSV file: ${(err as Error).message}`, value: path }], 'data');
  }
  return parseCsvDataset(text, path, jsonPath);
}

export function parseCsvDataset(text: string, source: string, jsonPath = 'data.csv'): Dataset {
  // a byte-order mark (spreadsheet exports) is not part of the header
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith('#'));
  const problems: InputProblem[] = [];
  if (lines.length < 2) throw new InputError([{ path: jsonPath, message: `${source}: needs a header line x1,…,xd,y and at least one data row` }], 'data');
  const header = lines[0].split(',').map((h) => h.trim());
  const d = header.length - 1;
  const expected = [...Array.from({ length: d }, (_, i) => `x${i + 1}`), 'y'];
  if (d < 1 || header.some((h, i) => h !== expected[i])) {
    throw new InputError([{ path: jsonPath, message: `${source}: header must be ${expected.length > 1 ? expected.join(',') : 'x1,…,xd,y'} (features x1..xd then the label y)`, value: lines[0] }], 'data');
  }
  const n = lines.length - 1;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let r = 0; r < n && problems.length < 20; r++) {
    const cells = lines[r + 1].split(',');
    if (cells.length !== d + 1) {
      problems.push({ path: jsonPath, message: `${source} line ${r + 2}: expected ${d + 1} values, found ${cells.length}` });
      continue;
    }
    for (let c = 0; c <= d; c++) {
      const cell = cells[c].trim();
      const v = cell === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(v)) {
        problems.push({ path: jsonPath, message: `${source} line ${r + 2}, column ${expected[c]}: not a finite number`, value: cells[c] });
        break;
      }
      if (c < d) x[r * d + c] = v; else y[r] = v;
    }
  }
  if (problems.length) throw new InputError(problems, 'data');
  return { n, d, x, y };
}
