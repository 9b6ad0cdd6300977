import type { CommandModule } from 'yargs';
import { workloads } from '../../bench/registry.js';
import { InputError } from '../../errors.js';
import { backendLabel } from '../../linalg/backend.js';
import { announceBackend } from '../backend-line.js';

interface Args { only?: string; scale: number; json: boolean }

export const benchCommand: CommandModule<object, Args> = {
  command: 'bench',
  describe: 'time the benchmark workloads of docs/performance.md (compare with scripts/numpy_ref.py by the ratio of rates)',
  builder: (y) =>
    y
      .option('only', { type: 'string', describe: 'comma-separated workload ids, e.g. W1,W2' })
      .option('scale', { type: 'number', default: 1, describe: 'scale the number of steps (1 = reference size)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object {id: {seconds, rate, unit, backend}} like numpy_ref.py (backend: the kernels that ran; choose with --backend)' }) as never,
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
    process.stdout.write(`${JSON.stringify(out)}\n`);
  },
};
