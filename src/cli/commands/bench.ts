import type { CommandModule } from 'yargs';
import { workloads } from '../../bench/registry.js';
import { InputError } from '../../errors.js';
import { backendLabel } from '../../linalg/backend.js';
import { announceBackend } from '../backend-line.js';
import { decimalNumber } from '../number-option.js';

interface Args { only?: string; scale: number; json: boolean }

export const benchCommand: CommandModule<object, Args> = {
  command: 'bench',
  describe: 'time the benchmark workloads of docs/performance.md (W1 SGD ensemble, W2 SDE with state-dependent noise, W3 MLP, W4 logistic evidence, W5 sweep cells): a table, or --json (compare with scripts/numpy_ref.py by the ratio of rates)',
  builder: (y) =>
    y
      .option('only', { type: 'string', describe: 'comma-separated workload ids, e.g. W1,W2' })
      .option('scale', { type: 'string', coerce: decimalNumber('--scale'), default: 1, describe: 'scale the number of steps (1 = reference size)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object {id: {seconds, rate, unit, backend}} instead of the table (backend: the kernels that ran; choose with --backend)' }) as never,
  handler: async (args) => {
    const ids = args.only ? args.only.split(',').map((s) => s.trim()) : workloads.map((w) => w.id);
    const unknown = ids.filter((id) => !workloads.some((w) => w.id === id));
    if (unknown.length) throw new InputError([{ path: '--only', message: `unknown workload; available: ${workloads.map((w) => w.id).join(', ')}`, value: unknown.join(',') }], 'command line');
    if (!(args.scale > 0)) throw new InputError([{ path: '--scale', message: 'must be > 0', value: args.scale }], 'command line');
    announceBackend();
    const out: Record<string, { seconds: number; rate: number; unit: string; backend: string }> = {};
    for (const id of ids) {
      const w = workloads.find((x) => x.id === id)!;
      if (!args.json) process.stderr.write(`${id}: ${w.description} … `);
      const { seconds, work } = await w.run(args.scale);
      out[id] = { seconds: Number(seconds.toFixed(4)), rate: work / seconds, unit: w.unit, backend: backendLabel() };
      if (!args.json) process.stderr.write(`${(work / seconds).toExponential(3)} ${w.unit} (${seconds.toFixed(2)} s)\n`);
    }
    process.stdout.write(args.json ? `${JSON.stringify(out)}\n` : benchTable(ids, out));
  },
};

/** The human-readable result: one row per workload, its rate, the seconds it took and the kernels that ran it. */
function benchTable(ids: string[], out: Record<string, { seconds: number; rate: number; unit: string; backend: string }>): string {
  const rows = ids.map((id) => [id, out[id].rate.toExponential(3), out[id].unit, out[id].seconds.toFixed(2), out[id].backend, workloads.find((w) => w.id === id)!.description]);
  const header = ['workload', 'rate', 'unit', 'seconds', 'kernels', 'work'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 3 ? c.padStart(widths[i]) : i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
