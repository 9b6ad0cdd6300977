import type { CommandModule } from 'yargs';
import { batchSizeForNoiseScale, batchSizeForNoiseScaleExact, noiseScale } from '../../theory/noise-scale.js';
import { isExactSampler, type Sampler } from '../../dynamics/samplers.js';
import { InputError, type InputProblem } from '../../errors.js';
import { fmt } from '../../io/format.js';
import { loadScenarioFile } from '../../run/load-scenario.js';
import { estimateAlongTraining } from '../../experiments/gradient-noise/estimate.js';
import { formatEstimate } from '../noise-scale-table.js';
import { decimalNumber } from '../number-option.js';
import { optionProblems } from '../option-schema.js';
import { batchSizeSchema, lrSchema, momentumSchema, noiseScaleValueSchema, trainingSetSizeSchema } from '../../scenario/common.js';

interface Args { lr?: number; n?: number; batch?: number; momentum: number; sampler: Sampler; g?: number; json: boolean; estimate?: string; steps?: number; checkpoints?: number; pairs?: number; small?: number; big?: number }

export const noiseScaleCommand: CommandModule<object, Args> = {
  command: 'noise-scale',
  describe: 'print the noise scale g = ε N c(N,B)/(1−m), the paper form ε(N/B−1)/(1−m) and εN/(B(1−m)); with --g, the batch size for a target g; with --estimate scenario.json, the gradient noise scale B_simple / B_noise (McCandlish et al.) along training of the scenario\'s model',
  builder: (y) =>
    y
      .option('lr', { type: 'string', coerce: decimalNumber('--lr'), describe: 'learning rate ε > 0' })
      .option('n', { type: 'string', coerce: decimalNumber('--n'), describe: 'training-set size N' })
      .option('batch', { alias: 'b', type: 'string', coerce: decimalNumber('--batch'), describe: 'batch size B (1 ≤ B ≤ N)' })
      .option('momentum', { alias: 'm', type: 'string', coerce: decimalNumber('--momentum'), default: 0, describe: 'momentum m in [0, 1)' })
      .option('sampler', { choices: ['with-replacement', 'without-replacement', 'epoch-shuffle'] as const, default: 'without-replacement' as Sampler })
      .option('g', { type: 'string', coerce: decimalNumber('--g'), describe: 'target noise scale: print the batch size that gives it' })
      .option('json', { type: 'boolean', default: false })
      .option('estimate', { type: 'string', describe: 'scenario file: B_simple and B_noise along one SGD trajectory of its model and optimizer (exact and two-batch estimate)' })
      .option('steps', { type: 'string', coerce: decimalNumber('--steps'), describe: 'with --estimate: SGD steps (default: the scenario\'s trajectory.steps, else 1000)' })
      .option('checkpoints', { type: 'string', coerce: decimalNumber('--checkpoints'), describe: 'with --estimate: points along the trajectory (default 8)' })
      .option('pairs', { type: 'string', coerce: decimalNumber('--pairs'), describe: 'with --estimate: (small, big) batch pairs per point (default 5000)' })
      .option('small', { type: 'string', coerce: decimalNumber('--small'), describe: 'with --estimate: B_small (default 2)' })
      .option('big', { type: 'string', coerce: decimalNumber('--big'), describe: 'with --estimate: B_big (default 16·B_small, at most N)' })
  ,

  handler: (a) => {
    if (a.estimate !== undefined) {
      const problems: InputProblem[] = [];
      for (const key of ['steps', 'checkpoints', 'pairs', 'small', 'big'] as const) {
        const v = a[key];
        if (v !== undefined && !(Number.isInteger(v) && v >= (key === 'checkpoints' ? 2 : 1) && v <= 10_000_000)) problems.push({ path: `--${key}`, message: `must be an integer in [${key === 'checkpoints' ? 2 : 1}, 10000000]`, value: v });
      }
      if (problems.length) throw new InputError(problems, 'command line');
      const report = estimateAlongTraining(loadScenarioFile(a.estimate), { steps: a.steps, checkpoints: a.checkpoints, pairs: a.pairs, small: a.small, big: a.big });
      process.stdout.write(a.json ? `${JSON.stringify(report)}\n` : formatEstimate(report));
      return;
    }
    // checked here, not with yargs .check(): a failed check would surface as an internal error (exit 70)
    if (a.lr === undefined || a.n === undefined) throw new InputError([{ path: '--lr/--n', message: 'give --lr and --n (or --estimate scenario.json)' }], 'command line');
    const c = a as Args & { lr: number; n: number };
    const problems: InputProblem[] = [];
    if (c.batch === undefined && c.g === undefined) problems.push({ path: '--batch', message: 'give --batch (the noise scale of a batch size), --g (the batch size of a noise scale), or both' });
    // the scenario's schemas (the library's noiseScale checks its arguments with the same ones)
    problems.push(
      ...optionProblems('--lr', lrSchema, c.lr),
      ...optionProblems('--n', trainingSetSizeSchema, c.n),
      ...optionProblems('--batch', batchSizeSchema, c.batch),
      ...optionProblems('--momentum', momentumSchema, c.momentum),
      ...optionProblems('--g', noiseScaleValueSchema, c.g),
    );
    if (c.batch !== undefined && Number.isInteger(c.batch) && Number.isInteger(c.n) && c.n >= 1 && c.batch > c.n) problems.push({ path: '--batch', message: `must be ≤ N = ${c.n} (a batch is drawn from the N examples)`, value: c.batch });
    if (problems.length) throw new InputError(problems, 'command line');
    const out: Record<string, unknown> = { lr: c.lr, n: c.n, momentum: c.momentum, sampler: c.sampler };
    const lines: string[] = [];
    if (c.batch !== undefined) {
      const ns = noiseScale(c.lr, c.n, c.batch, c.momentum, c.sampler);
      // epoch shuffling is not a Markov chain in the iterate: its g is an approximation, and --json says so too
      Object.assign(out, { batch: c.batch, ...ns, exact: isExactSampler(c.sampler) });
      if (!isExactSampler(c.sampler)) out.note = 'approximate: epoch-shuffle is not Markov; g uses the without-replacement factor c(N,B)';
      lines.push(
        `ε = ${c.lr}, N = ${c.n}, B = ${c.batch}, m = ${c.momentum}, sampler = ${c.sampler}`,
        `g        = ε N c(N,B)/(1−m) = ${fmt(ns.g)}${isExactSampler(c.sampler) ? '' : '  (approximate: epoch-shuffle is not Markov)'}`,
        `g_paper  = ε (N/B − 1)/(1−m) = ${fmt(ns.gPaper)}`,
        `g_approx = ε N/(B (1−m))     = ${fmt(ns.gApprox)}`,
      );
    }
    if (c.g !== undefined) {
      const bPaper = batchSizeForNoiseScale(c.g, c.lr, c.n, c.momentum);
      const bExact = batchSizeForNoiseScaleExact(c.g, c.lr, c.n, c.momentum, c.sampler);
      Object.assign(out, { targetG: c.g, batchForG: bPaper, batchForGExact: bExact });
      lines.push(
        `for g = ${c.g}: B = N/(1 + g(1−m)/ε) = ${fmt(bPaper)}; exact for ${c.sampler}: ${fmt(bExact)}` +
          (bPaper < 1 ? '  (below 1: this g is out of reach at this ε; raise ε)' : ''),
      );
    }
    process.stdout.write(c.json ? `${JSON.stringify(out)}\n` : `${lines.join('\n')}\n`);
  },
};
