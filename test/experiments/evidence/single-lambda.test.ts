import { describe, it, expect } from 'vitest';
import { parseScenario } from '../../../src/run/load-scenario.js';
import { runScenario } from '../../../src/run/runner.js';
import { buildFigures } from '../../../src/plots/registry.js';
import { compileSpec } from '../../../src/plots/render.js';
import { InputError } from '../../../src/errors.js';
import type { AveragedRow } from '../../../src/experiments/evidence/seed-average.js';

/**
 * `lambda` may be a single number: the evidence and the fit at one
 * regularisation strength. Earlier versions refused anything but ≥ 3 values. With one λ the claims
 * that compare λ values (E < 0 band, argmin, rank correlation) are left out with a warning; the
 * others are judged as in a sweep, and the numbers are the sweep's numbers at that λ.
 */
const data = { synthetic: { features: 20, trainPerClass: 19, testPerClass: 20, separation: 1 } };
const base = { experiment: 'evidence', seed: 1, data };

describe('evidence at a single λ', () => {
  it('accepts lambda: 0.01 and reports the sweep’s own numbers at that λ', async () => {
    const single = await runScenario(parseScenario({ ...base, lambda: 0.01 }, { baseDir: '.' }));
    const sweep = await runScenario(parseScenario({ ...base, lambda: [1e-4, 0.01, 1] }, { baseDir: '.' }));
    const m = single.measured as { lambda: number[]; true: AveragedRow[]; random: AveragedRow[] };
    const s = sweep.measured as typeof m;
    expect(m.lambda).toEqual([0.01]);
    for (const key of ['true', 'random'] as const) {
      expect(m[key]).toHaveLength(1);
      // same minimum from a cold start as from the warm-started chain: E to solver precision
      expect(Math.abs(m[key][0].E - s[key][1].E)).toBeLessThan(1e-8 * (1 + Math.abs(s[key][1].E)));
      expect(m[key][0].trainAccuracy).toBe(s[key][1].trainAccuracy);
    }
    expect(single.predictions.map((p) => p.id)).toEqual(['random.train.memorised', 'random.test.chance', 'random.E.positive', 'true.E.negative']);
    expect(sweep.predictions.map((p) => p.id)).toContain('true.spearman.E.vs.test.cross.entropy');
    expect(single.warnings.join(' ')).toMatch(/1 λ value\(s\).*left out/);
    expect(JSON.stringify(single)).not.toMatch(/NaN|Infinity/);
    for (const figure of buildFigures(single)) expect(compileSpec(figure.spec).warnings).toEqual([]);
  });

  it('refuses a λ that is not a positive number, naming the field', () => {
    for (const lambda of [0, -1, 'x']) {
      let err: unknown;
      try {
        parseScenario({ ...base, lambda }, { baseDir: '.' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).problems.map((p) => p.path)).toContain('lambda');
    }
  });
});
