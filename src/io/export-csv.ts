import type { Result } from '../core/result.js';

/**
 * results.json as tidy CSV tables, for pandas or a notebook (`sgd-sde export results.json --csv`):
 *  - predictions.csv: one row per prediction of every result (name, experiment, seed, id, verdict,
 *    predicted, measured, stdError, z, tolerance, expect, sided, alternative, alternativeMeans, pass,
 *    notEvaluable, description): verdict is the one the terminal and report.html print;
 *  - values.csv: every number under `measured`, `theory` and `noiseScale`, one row each, as
 *    (name, section, path, value): the long form, pivot it as needed (`path` is the JSON path, e.g.
 *    points[0].cells[3].testLoss; note that `measured.<dynamics>.mean` is an offset from the minimum);
 *  - one long table per kind of array, whatever the enclosing indices: `<name>.<section>.<path>.csv`
 *    with the indices dropped from the path (points[*].cells[*].curve → points.cells.curve.csv). A row
 *    per element, a column per scalar field; before them the enclosing elements' index columns
 *    (`point`, `cell`: the singular of the array's name) and their scalar fields (so every learning
 *    curve's row carries its batchSize and lr), except those the element itself has (those are in the
 *    enclosing table, joined on its index column). A histogram ({edges, counts}) gives a row per bin
 *    (bin, lower, upper, count); an array of number rows (a scatter of replicas) a row per row with
 *    columns x0, x1, …
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

interface Enclosing {
  /** the index column's name: the singular of the array's key */
  column: string;
  index: number;
  scalars: Record<string, unknown>;
}

/** `points` → `point`, `histograms` → `histogram`; a name without a plural s gets `Index`. */
function singular(key: string): string {
  return /[^s]s$/.test(key) ? key.slice(0, -1) : `${key}Index`;
}

function scalarFields(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => isScalar(v)));
}

const isNumberRow = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' || x === null);
const isHistogram = (o: Record<string, unknown>) =>
  Array.isArray(o.edges) && Array.isArray(o.counts) && o.edges.length === o.counts.length + 1 && isNumberRow(o.edges) && isNumberRow(o.counts);

/** The rows one array element contributes to its table (several for a histogram's bins). */
function elementRows(item: unknown): Record<string, unknown>[] {
  if (isNumberRow(item)) return [Object.fromEntries((item as unknown[]).map((x, j) => [`x${j}`, x]))];
  const o = item as Record<string, unknown>;
  const own = scalarFields(o);
  if (!isHistogram(o)) return [own];
  const edges = o.edges as number[];
  return (o.counts as number[]).map((count, bin) => ({ ...own, bin, lower: edges[bin], upper: edges[bin + 1], count }));
}

class Table {
  readonly columns: string[] = [];
  readonly rows: Record<string, unknown>[] = [];
  add(row: Record<string, unknown>): void {
    for (const k of Object.keys(row)) if (!this.columns.includes(k)) this.columns.push(k);
    this.rows.push(row);
  }
  lines(): string[] {
    return [row(this.columns), ...this.rows.map((r) => row(this.columns.map((c) => r[c])))];
  }
}

export function resultsToCsv(results: Result[]): CsvFile[] {
  const files: CsvFile[] = [];
  const predictions = [row(['name', 'experiment', 'seed', 'id', 'verdict', 'predicted', 'measured', 'stdError', 'z', 'tolerance', 'expect', 'sided', 'alternative', 'alternativeMeans', 'pass', 'notEvaluable', 'description'])];
  const values = [row(['name', 'section', 'path', 'value'])];
  const tables = new Map<string, Table>();
  for (const r of results) {
    for (const p of r.predictions) predictions.push(row([r.name, r.experiment, r.seed, p.id, p.verdict, p.predicted, p.measured, p.stdError, p.z, p.tolerance, p.expect, p.sided ?? '', p.alternative?.value, p.alternative?.means ?? '', p.pass, p.notEvaluable ?? '', p.description]));
    const sections: [string, unknown][] = [['measured', r.measured], ['theory', r.theory], ['noiseScale', r.noiseScale]];
    for (const [section, root] of sections) {
      // path: the JSON path (values.csv); pattern: the same without indices (the table it belongs to)
      const walk = (v: unknown, path: string, pattern: string, key: string, enclosing: Enclosing[]) => {
        if (typeof v === 'number') {
          values.push(row([r.name, section, path, v]));
        } else if (Array.isArray(v) || ArrayBuffer.isView(v)) {
          const items = Array.from(v as ArrayLike<unknown>);
          const tabular = items.length > 0 && (items.every(isObject) || items.every(isNumberRow));
          if (tabular) {
            const name = `${slug(`${r.name}.${section}.${pattern}`)}.csv`;
            const table = tables.get(name) ?? new Table();
            tables.set(name, table);
            items.forEach((item, i) => {
              for (const own of elementRows(item)) {
                if (Object.keys(own).length === 0) continue;
                const context: Record<string, unknown> = {};
                for (const e of enclosing) {
                  context[e.column] = e.index;
                  for (const [k, x] of Object.entries(e.scalars)) if (!(k in own)) context[k] = x;
                }
                table.add({ ...context, index: i, ...own });
              }
            });
          }
          items.forEach((x, i) => {
            // an element's own tables (an array inside it, or the rows of a nested array) carry its index
            const inner = tabular && !isObject(x) ? enclosing : [...enclosing, { column: singular(key), index: i, scalars: isObject(x) ? scalarFields(x) : {} }];
            walk(x, `${path}[${i}]`, pattern, key, inner);
          });
        } else if (isObject(v)) {
          for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, pattern ? `${pattern}.${k}` : k, k, enclosing);
        }
      };
      walk(root, '', '', section, []);
    }
  }
  files.push({ name: 'predictions.csv', text: `${predictions.join('\n')}\n` });
  files.push({ name: 'values.csv', text: `${values.join('\n')}\n` });
  for (const [name, table] of tables) if (table.rows.length > 0) files.push({ name, text: `${table.lines().join('\n')}\n` });
  return files;
}
