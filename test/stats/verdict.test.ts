import { describe, it, expect } from 'vitest';
import { judge, separatingStdError } from '../../src/stats/verdict.js';
import { comparePrediction } from '../../src/stats/compare.js';
import { named, relevantDifference } from '../../src/stats/alternatives.js';

/**
 * The verdict rule (stats/verdict.ts), one rule per test, each with its twin: a prediction whose
 * error is too large to tell it from its alternative is N/E "inconclusive", never PASS; the same
 * prediction with a small error is judged; a wrong prediction still FAILs.
 */
const slope = { predicted: 1, tolerance: 4, alternative: named(0, 'B_opt does not move') };

describe('power: an agreement is PASS only when the alternative could have been rejected', () => {
  it('large error: |z| inside the tolerance, but 0 and 1 cannot be told apart → N/E with the s.e. needed', () => {
    const j = judge({ ...slope, measured: 1.26, stdError: 0.36, expect: 'agree' }); // Fig 6's slope:n
    expect(j.verdict).toBe('N/E');
    expect(j.notEvaluable).toMatch(/^inconclusive: .*needs s\.e\. ≤ 0\.125/);
    expect(separatingStdError(1, 0, 4)).toBe(0.125);
  });

  it('twin: the same prediction with a small error is judged, and passes', () => {
    expect(judge({ ...slope, measured: 1.05, stdError: 0.1, expect: 'agree' }).verdict).toBe('PASS');
  });

  it('twin: a wrong prediction still FAILs, with a small error and with a large one (a rejection needs no power)', () => {
    expect(judge({ ...slope, measured: 2, stdError: 0.1, expect: 'agree' }).verdict).toBe('FAIL');
    expect(judge({ ...slope, measured: 4, stdError: 0.5, expect: 'agree' }).verdict).toBe('FAIL');
  });

  it('the boundary: s.e. exactly |alternative − predicted| / (2 tolerance) is judged, a hair more is not', () => {
    expect(judge({ ...slope, measured: 1, stdError: 0.125, expect: 'agree' }).verdict).toBe('PASS');
    expect(judge({ ...slope, measured: 1, stdError: 0.12500001, expect: 'agree' }).verdict).toBe('N/E');
  });

  it('an alternative equal to the prediction can never be told apart: N/E', () => {
    const j = judge({ predicted: 0, measured: 0, stdError: 1e-9, tolerance: 4, expect: 'agree', alternative: named(0, 'same') });
    expect(j.verdict).toBe('N/E');
    expect(j.notEvaluable).toMatch(/equals the prediction/); // not "needs s.e. ≤ 0 (about Infinity× the samples)"
  });

  it('no alternative stated: N/E, whatever z says', () => {
    expect(judge({ predicted: 1, measured: 1, stdError: 0.01, tolerance: 4, expect: 'agree' }).verdict).toBe('N/E');
  });
});

describe('the same rule whether or not the prediction is exactly zero', () => {
  it('predicted 0 with a large error against a relevant difference of 0.1: N/E (it used to be exempt and PASS)', () => {
    const p = comparePrediction({ id: 'slope-finite-n:lr', description: '', predicted: 0, measured: 0, stdError: 3.28, tolerance: 4, alternative: named(1, "the paper's slope") });
    expect(p.verdict).toBe('N/E');
    expect(p.pass).toBe(false);
  });

  it('twin: predicted 0 with a small error is judged: PASS near 0, FAIL far from it', () => {
    expect(comparePrediction({ id: 'a', description: '', predicted: 0, measured: 0.02, stdError: 0.05, tolerance: 4, alternative: named(1, 'x') }).verdict).toBe('PASS');
    expect(comparePrediction({ id: 'a', description: '', predicted: 0, measured: 0.5, stdError: 0.05, tolerance: 4, alternative: named(1, 'x') }).verdict).toBe('FAIL');
  });

  it('predicted 1 and predicted 1e-20 follow the same rule (no exemption for round-off zeros)', () => {
    const tiny = relevantDifference(1e-20, 0.1, 1e-3);
    expect(judge({ predicted: 1e-20, measured: 2e-5, stdError: 1e-5, tolerance: 4, expect: 'agree', alternative: tiny }).verdict).toBe('PASS');
    expect(judge({ predicted: 1e-20, measured: 2e-5, stdError: 1e-4, tolerance: 4, expect: 'agree', alternative: tiny }).verdict).toBe('N/E');
  });
});

describe('contrasts: a rejection is PASS; a FAIL needs the same power', () => {
  const contrast = { predicted: 2.5, tolerance: 4, expect: 'disagree' as const, alternative: named(1.25, 'the barrier ΔV') };

  it('rejected: PASS (no power needed)', () => {
    expect(judge({ ...contrast, measured: 1.24, stdError: 0.03 }).verdict).toBe('PASS');
  });

  it('not rejected with a small error: FAIL (the value believed right would have been rejected)', () => {
    expect(judge({ ...contrast, measured: 2.45, stdError: 0.03 }).verdict).toBe('FAIL');
  });

  it('twin: not rejected because the error is large: N/E, not FAIL', () => {
    const j = judge({ ...contrast, measured: 1.5, stdError: 0.4 });
    expect(j.verdict).toBe('N/E');
    expect(j.notEvaluable).toMatch(/^inconclusive: not rejected/);
  });

  it('one-sided: a measurement beyond the tolerance on the wrong side is not a rejection', () => {
    const faster = { predicted: 0, tolerance: 4, expect: 'disagree' as const, sided: 'above' as const, alternative: named(2.3, 'exact') };
    expect(judge({ ...faster, measured: 2.3, stdError: 0.07 }).verdict).toBe('PASS');
    expect(judge({ ...faster, measured: -2.3, stdError: 0.07 }).verdict).toBe('FAIL');
  });
});

describe('N/E and INFO', () => {
  it('a reason of being outside the theory\'s region gives N/E with that reason, whatever z says', () => {
    const p = comparePrediction({ id: 'a', description: '', predicted: 1, measured: 1, stdError: 0.01, alternative: named(2, 'x'), notEvaluable: 'outside the region: ε λ_max ≥ 2' });
    expect([p.verdict, p.notEvaluable, p.pass]).toEqual(['N/E', 'outside the region: ε λ_max ≥ 2', false]);
  });

  it('INFO is never pass: true and never judged', () => {
    const p = comparePrediction({ id: 'a', description: '', predicted: 1, measured: 1, stdError: 0.01, expect: 'not-judged' });
    expect([p.verdict, p.pass]).toEqual(['INFO', false]);
  });

  it('twin: the same row declared agree is judged', () => {
    const p = comparePrediction({ id: 'a', description: '', predicted: 1, measured: 1, stdError: 0.01, alternative: named(2, 'x') });
    expect([p.verdict, p.pass]).toEqual(['PASS', true]);
  });
});
