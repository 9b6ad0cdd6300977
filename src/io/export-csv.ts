import type { Result } from '../core/result.js';

/**
 * results.json as tidy CSV tables, for pandas or a notebook (`sgd-sde export results.json --csv`):
 *  - predictions.csv: one row per prediction of every result (name, experiment, seed, id, verdict,
 *    predicted, measured, stdError, z, tolerance, expect, sided, alternative, alternativeMeans, pass,
 *    notEvaluable, description): verdict is the one the terminal and report.html print;
 *  - values.csv: every number under `measured`, `theory` and `noiseScale`, one row each, as
 *    (name, section, path, value): the long form, pivot it as needed (`path` is the JSON path, e.g.
 *    points[0].cells[3].testLoss; note that `measured.<dynamics>.mean` is an offset from the minimum);
 *  - one table per array of objects (per-cell tables, curves): `<name>.<section>.<path>.csv`, a row
 *    per element, a column per scalar field (numbers, strings, booleans; nested values are in values.csv).
 * Non-finite numbers are written as NaN / Inf / -Inf (pandas reads them); text is quoted when needed.
 */
export interface CsvFile {
  name: string;
  text: string;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Inf' : v === -Infinity ? '-Inf' : String(v);
  const s = typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const row = (values: unknown[]) => values.map(cell).join(',');
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
const isScalar = (v: unknown) => v === null || ['number', 'string', 'boolean'].includes(typeof v);

/** A file-name-safe rendering of a JSON path. */
function slug(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '').slice(0, 120) || 'root';
}

export function resultsToCsv(results: Result[]): CsvFile[] {
  const files: CsvFile[] = [];
  const predictions = [row(['name', 'experiment', 'seed', 'id', 'verdict', 'predicted', 'measured', 'stdError', 'z', 'tolerance', 'expect', 'sided', 'alternative', 'alternativeMeans', 'pass', 'notEvaluable', 'description'])];
  const values = [row(['name', 'section', 'path', 'value'])];
  const tables = new Map<string, string[]>();
  for (const r of results) {
    for (const p of r.predictions) predictions.push(row([r.name, r.experiment, r.seed, p.id, p.verdict, p.predicted, p.measured, p.stdError, p.z, p.tolerance, p.expect, p.sided ?? '', p.alternative?.value, p.alternative?.means ?? '', p.pass, p.notEvaluable ?? '', p.description]));
    const sections: [string, unknown][] = [['measured', r.measured], ['theory', r.theory], ['noiseScale', r.noiseScale]];
    for (const [section, root] of sections) {
      const walk = (v: unknown, path: string) => {
        if (typeof v === 'number') {
          values.push(row([r.name, section, path, v]));
        } else if (Array.isArray(v) || ArrayBuffer.isView(v)) {
          const items = Array.from(v as ArrayLike<unknown>);
          if (items.length > 0 && items.every(isObject)) {
            const columns = [...new Set(items.flatMap((o) => Object.keys(o as object).filter((k) => isScalar((o as Record<string, unknown>)[k]))))];
            if (columns.length > 0) {
              const file = `${slug(`${r.name}.${section}.${path}`)}.csv`;
              tables.set(file, [row(['index', ...columns]), ...items.map((o, i) => row([i, ...columns.map((c) => (o as Record<string, unknown>)[c])]))]);
            }
          }
          items.forEach((x, i) => walk(x, `${path}[${i}]`));
        } else if (isObject(v)) {
          for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
        }
      };
      walk(root, '');
    }
  }
  files.push({ name: 'predictions.csv', text: `${predictions.join('\n')}\n` });
  files.push({ name: 'values.csv', text: `${values.join('\n')}\n` });
  for (const [name, lines] of tables) files.push({ name, text: `${lines.join('\n')}\n` });
  return files;
}
