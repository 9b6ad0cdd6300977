import type { CommandModule } from 'yargs';
import { batchSizeForNoiseScale, batchSizeForNoiseScaleExact, noiseScale, isExactSampler, type Sampler } from '../../theory/noise-scale.js';
import { InputError, type InputProblem } from '../../errors.js';
import { fmt } from '../../io/format.js';

interface Args { lr: number; n: number; batch?: number; momentum: number; sampler: Sampler; g?: number; json: boolean }

export const noiseScaleCommand: CommandModule<object, Args> = {
  command: 'noise-scale',
  describe: 'print the noise scale g = ε N c(N,B)/(1−m), the paper form ε(N/B−1)/(1−m) and εN/(B(1−m)); with --g, the batch size for a target g',
  builder: (y) =>
    y
      .option('lr', { type: 'number', demandOption: true, describe: 'learning rate ε > 0' })
      .option('n', { type: 'number', demandOption: true, describe: 'training-set size N' })
      .option('batch', { alias: 'b', type: 'number', describe: 'batch size B (1 ≤ B ≤ N)' })
      .option('momentum', { alias: 'm', type: 'number', default: 0, describe: 'momentum m in [0, 1)' })
      .option('sampler', { choices: ['with-replacement', 'without-replacement', 'epoch-shuffle'] as const, default: 'without-replacement' as Sampler })
      .option('g', { type: 'number', describe: 'target noise scale: print the batch size that gives it' })
      .option('json', { type: 'boolean', default: false }) as never,
  handler: (a) => {
    const problems: InputProblem[] = [];
    if (a.batch === undefined && a.g === undefined) problems.push({ path: '--batch', message: 'give --batch (the noise scale of a batch size), --g (the batch size of a noise scale), or both' });
    if (!(a.lr > 0)) problems.push({ path: '--lr', message: 'must be > 0', value: a.lr });
    if (!(Number.isInteger(a.n) && a.n >= 1)) problems.push({ path: '--n', message: 'must be an integer ≥ 1', value: a.n });
    if (a.batch !== undefined && !(Number.isInteger(a.batch) && a.batch >= 1 && a.batch <= a.n)) problems.push({ path: '--batch', message: `must be an integer in [1, N = ${a.n}]`, value: a.batch });
    if (!(a.momentum >= 0 && a.momentum < 1)) problems.push({ path: '--momentum', message: 'must be in [0, 1)', value: a.momentum });
    if (a.g !== undefined && !(a.g > 0)) problems.push({ path: '--g', message: 'must be > 0', value: a.g });
    if (problems.length) throw new InputError(problems, 'command line');
    const out: Record<string, unknown> = { lr: a.lr, n: a.n, momentum: a.momentum, sampler: a.sampler };
    const lines: string[] = [];
    if (a.batch !== undefined) {
      const ns = noiseScale(a.lr, a.n, a.batch, a.momentum, a.sampler);
      // epoch shuffling is not a Markov chain in the iterate: its g is an approximation, and --json says so too
      Object.assign(out, { batch: a.batch, ...ns, exact: isExactSampler(a.sampler) });
      if (!isExactSampler(a.sampler)) out.note = 'approximate: epoch-shuffle is not Markov; g uses the without-replacement factor c(N,B)';
      lines.push(
        `ε = ${a.lr}, N = ${a.n}, B = ${a.batch}, m = ${a.momentum}, sampler = ${a.sampler}`,
        `g        = ε N c(N,B)/(1−m) = ${fmt(ns.g)}${isExactSampler(a.sampler) ? '' : '  (approximate: epoch-shuffle is not Markov)'}`,
        `g_paper  = ε (N/B − 1)/(1−m) = ${fmt(ns.gPaper)}`,
        `g_approx = ε N/(B (1−m))     = ${fmt(ns.gApprox)}`,
      );
    }
    if (a.g !== undefined) {
      const bPaper = batchSizeForNoiseScale(a.g, a.lr, a.n, a.momentum);
      const bExact = batchSizeForNoiseScaleExact(a.g, a.lr, a.n, a.momentum, a.sampler);
      Object.assign(out, { targetG: a.g, batchForG: bPaper, batchForGExact: bExact });
      lines.push(
        `for g = ${a.g}: B = N/(1 + g(1−m)/ε) = ${fmt(bPaper)}; exact for ${a.sampler}: ${fmt(bExact)}` +
          (bPaper < 1 ? '  (below 1: this g is out of reach at this ε; raise ε)' : ''),
      );
    }
    process.stdout.write(a.json ? `${JSON.stringify(out)}\n` : `${lines.join('\n')}\n`);
  },
};
