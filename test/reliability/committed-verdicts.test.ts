import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readResultsFile } from '../../src/io/results-file.js';
import { withVerdict } from '../../src/stats/compare.js';
import type { Prediction } from '../../src/core/result.js';
import { root } from './mutate.js';

/**
 * Every committed results.json under plots/ says what its numbers say (docs/verdicts.md): `pass` is
 * true exactly for a PASS; no agreement is FAIL with |z| inside its tolerance; every judged row
 * names its alternative; and each stored verdict is the one the rule gives for the stored numbers.
 */
function problemsOf(name: string, p: Prediction): string[] {
  const out: string[] = [];
  const at = `${name}: ${p.id}`;
  if (p.pass !== (p.verdict === 'PASS')) out.push(`${at}: pass ${p.pass} with verdict ${p.verdict}`);
  if (p.expect === 'agree' && p.verdict === 'FAIL' && Math.abs(p.z) <= p.tolerance) out.push(`${at}: FAIL at |z| = ${Math.abs(p.z)} ≤ ${p.tolerance}`);
  if ((p.verdict === 'PASS' || p.verdict === 'FAIL') && !p.alternative) out.push(`${at}: judged without an alternative`);
  if ((p.verdict === 'N/E') !== (p.notEvaluable !== undefined)) out.push(`${at}: N/E and its reason do not go together`);
  const again = withVerdict(p);
  if (again.verdict !== p.verdict) out.push(`${at}: stored ${p.verdict}, the rule gives ${again.verdict}`);
  return out;
}

const gallery = join(root, 'plots');
const files = readdirSync(gallery).map((d) => join(gallery, d, 'results.json')).filter((f) => existsSync(f));

describe('committed results under plots/', () => {
  it('hold verdicts that mean what they say', () => {
    expect(files.length).toBeGreaterThan(20);
    const problems = files.flatMap((f) => readResultsFile(f).flatMap((r) => r.predictions.flatMap((p) => problemsOf(r.name, p))));
    expect(problems).toEqual([]);
  });

  it('twin: a FAIL inside the tolerance, a non-PASS marked pass and a verdict the rule does not give are each reported', () => {
    const [result] = readResultsFile(files.find((f) => f.includes('quickstart'))!);
    const p = result.predictions.find((q) => q.verdict === 'PASS')!;
    expect(problemsOf('planted', { ...p, verdict: 'FAIL', pass: false })).toEqual([
      expect.stringMatching(/FAIL at \|z\|/), expect.stringMatching(/stored FAIL, the rule gives PASS/),
    ]);
    expect(problemsOf('planted', { ...p, expect: 'not-judged', verdict: 'INFO' })).toEqual([expect.stringMatching(/pass true with verdict INFO/)]);
  });
});
