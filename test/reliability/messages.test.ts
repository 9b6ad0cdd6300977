import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from '../../src/run/load-scenario.js';
import { InputError } from '../../src/errors.js';
import { smallSweep } from './mutate.js';

/**
 * What a user reads for each kind of bad input: every problem at once, each with its JSON path,
 * the value found and what is allowed — in words, not zod's defaults.
 */
const stationary = {
  experiment: 'stationary',
  model: { kind: 'quadratic', dim: 2, n: 20, spectrum: [1, 0.5] },
  optimizer: { lr: 0.05, batchSize: 4 },
  run: { replicas: 16, steps: 500 },
};
const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-msg-'));
writeFileSync(join(dir, 'five.csv'), 'x1,x2,y\n1,0,1\n0,1,2\n1,1,0\n2,1,1\n0,2,3\n');
writeFileSync(join(dir, 'tiny.csv'), 'x1,x2,y\n1,0,1\n0,1,2\n');
writeFileSync(join(dir, 'bom.csv'), '\uFEFFx1,y\n1,0\n2,1\n3,1\n');

function problems(raw: unknown, quick = false): string[] {
  try {
    parseScenario(raw, { baseDir: dir, quick });
  } catch (err) {
    if (err instanceof InputError) return err.problems.map((p) => `${p.path}: ${p.message}${p.value === undefined ? '' : ` (got ${JSON.stringify(p.value)})`}`);
    throw err;
  }
  return [];
}

const with_ = (patch: (s: typeof stationary & Record<string, any>) => void) => {
  const s = structuredClone(stationary) as typeof stationary & Record<string, any>;
  patch(s);
  return s;
};

/** [what, scenario, every expected line (substring match, in order)] */
const cases: [string, unknown, string[]][] = [
  ['negative learning rate', with_((s) => (s.optimizer.lr = -0.1)), ['optimizer.lr: must be a number > 0 (got -0.1)']],
  ['learning rate as a string', with_((s) => ((s.optimizer as any).lr = '0.1')), ['optimizer.lr: must be a number, not a string (write the number without quotes) (got "0.1")']],
  ['"NaN" as a number', with_((s) => ((s.optimizer as any).lr = 'NaN')), ['optimizer.lr: must be a number, not a string (got "NaN")']],
  ['null', with_((s) => ((s.run as any).steps = null)), ['run.steps: must be a number, not null (got null)']],
  ['fractional dimension, and no echo of it in cross-field checks', with_((s) => (s.model.dim = 2.5)), ['model.dim: must be an integer (got 2.5)']],
  ['huge dimension', with_((s) => (s.model.dim = 1e9)), ['model.dim: must be a number ≤ 512 (got 1000000000)']],
  ['momentum = 1', with_((s) => ((s.optimizer as any).momentum = 1)), ['optimizer.momentum: must be a number < 1 (got 1)']],
  ['B > N', with_((s) => (s.optimizer.batchSize = 21)), ['optimizer.batchSize: must be ≤ N = 20 (model.n) (got 21)']],
  ['N ≤ d', with_((s) => (s.model.n = 2)), ['model.n: must exceed dim = 2']],
  ['spectrum of the wrong length', with_((s) => (s.model.spectrum = [1, 0.5, 0.2])), ['model.spectrum: must list exactly dim = 2 eigenvalues (got "[3 values]")']],
  ['negative eigenvalue', with_((s) => (s.model.spectrum = [1, -1])), ['model.spectrum[1]: must be a number > 0 (got -1)']],
  ['N·d too large for memory', with_((s) => Object.assign(s.model, { dim: 512, n: 1e6, spectrum: { powerLaw: { exponent: 1 } } })), ['model.n: too large: the N×d noise offsets would hold 5.12e+8 numbers']],
  ['unknown model kind', with_((s) => ((s.model as any).kind = 'cubic')), ['model.kind: must be one of "quadratic", "linear-regression", "potential", "logistic-regression" (got "cubic")']],
  ['missing model kind', with_((s) => delete (s.model as any).kind), ['model.kind: required field is missing (one of "quadratic"']],
  ['unknown experiment', with_((s) => ((s as any).experiment = 'stationry')), ['experiment: must be one of "stationary", "evidence", "batch-size"']],
  ['missing block', with_((s) => delete (s as any).optimizer), ['optimizer: required field is missing (an object)']],
  ['wrong nesting', with_((s) => ((s as any).optimizer = { optimizer: s.optimizer })), ['optimizer.lr: required field is missing (a number)', 'optimizer.batchSize: required field is missing (a number)', 'optimizer.optimizer: unknown field']],
  ['unknown field', with_((s) => ((s as any).colour = 'blue')), ['colour: unknown field (not allowed here; check the spelling against `sgd-sde schema`)']],
  ['union with no matching form', with_((s) => ((s.run as any).burnIn = 'sometimes')), ['run.burnIn: must be a number or "auto" (got "sometimes")']],
  ['sde: true', with_((s) => ((s as any).dynamics = { sde: true })), ['dynamics.sde: must be false or an object (got true)']],
  ['bad sampler', with_((s) => ((s.optimizer as any).sampler = 'random')), ['optimizer.sampler: must be one of "with-replacement", "without-replacement", "epoch-shuffle" (got "random")']],
  ['several problems at once', with_((s) => Object.assign(s, { optimizer: { lr: 0, batchSize: 0 }, seed: -1 })), ['seed: must be a number ≥ 0 (got -1)', 'optimizer.lr: must be a number > 0 (got 0)', 'optimizer.batchSize: must be a number > 0 (got 0)']],
  ['a broken quick block, without --quick', with_((s) => ((s as any).quick = { run: { steps: -5, stepz: 1 }, optimizer: { batchSize: 50 } })), ['quick.run.steps: must be a number > 0 (got -5)', 'quick.run.stepz: unknown field', 'quick.optimizer.batchSize: must be ≤ N = 20 (model.n) (got 50)']],
  ['not an object', [1, 2], ['<root>: a scenario must be a JSON object (got "[array]")']],
  ['CSV: B > N rows', { ...stationary, model: { kind: 'linear-regression', csv: 'five.csv' }, optimizer: { lr: 0.05, batchSize: 6 } }, ['optimizer.batchSize: must be ≤ N = 5 (the number of training examples) (got 6)']],
  ['CSV: fewer rows than features', { ...stationary, model: { kind: 'linear-regression', csv: 'tiny.csv' }, optimizer: { lr: 0.05, batchSize: 1 } }, ['model.csv: tiny.csv has N = 2 rows for d = 2 features']],
  ['CSV with a byte-order mark (spreadsheet export) is accepted', { experiment: 'evidence', data: { csv: 'bom.csv' } }, []],
  ['CSV not found', { ...stationary, model: { kind: 'linear-regression', csv: 'nowhere.csv' } }, ['model.csv: file not found']],
  ['CSV together with synthetic fields', { ...stationary, model: { kind: 'linear-regression', csv: 'five.csv', n: 5 } }, ['model.n: not allowed together with csv']],
  ['logistic λ = 0 in the stationary experiment', { ...stationary, model: { kind: 'logistic-regression', lambda: 0, data: { synthetic: { features: 2, trainPerClass: 20 } } } }, ['model.lambda: must be > 0 here']],
  ['MNIST: too many images', { experiment: 'evidence', data: { mnist: { digits: [0, 1], trainPerClass: 5000 } } }, ['data.mnist: digit 0 has']],
  ['MNIST: the same digit twice', { experiment: 'evidence', data: { mnist: { digits: [3, 3], trainPerClass: 10, testPerClass: 10 } } }, ['data.mnist.digits: the two digits must differ']],
  ['data source matching no form', { experiment: 'evidence', data: { synthetc: {} } }, ['data.synthetc: unknown field', 'data: must match one of the forms {synthetic: …}, {csv: …}, {mnist: …}']],
  ['sweep: a batch size above N', { ...smallSweep, batchSizes: [2, 4, 100] }, ['batchSizes[2]: must be ≤ N = 64']],
  ['sweep: a potential undefined on its domain', { ...smallSweep, model: { ...smallSweep.model, loss: 'log(x) + y^2' } }, ['model.loss: it is not finite at (-2.5, -2.5), inside model.domain']],
  ['sweep: an expression that imports', { ...smallSweep, model: { ...smallSweep.model, loss: 'import({}, {override: true})' } }, ['model.loss: function "import" is not allowed']],
];

describe('messages for bad input', () => {
  it.each(cases)('%s', (_what, scenario, expected) => {
    const lines = problems(scenario);
    if (expected.length === 0) return void expect(lines).toEqual([]);
    let from = 0;
    for (const want of expected) {
      const at = lines.findIndex((l, i) => i >= from && l.includes(want));
      expect(at, `"${want}" in\n${lines.join('\n')}`).toBeGreaterThanOrEqual(0);
      from = at + 1;
    }
    for (const l of lines) expect(l).not.toMatch(/undefined|\[object Object\]|NaN eigen/);
  });
});
