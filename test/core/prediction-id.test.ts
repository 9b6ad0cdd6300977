import { describe, it, expect } from 'vitest';
import { freeText, idPatterns, idTemplate } from '../../src/core/prediction-id.js';
import { experimentEntries, experimentKinds } from '../../src/run/registry.js';
import { transientPredictionId } from '../../src/experiments/transient/prediction-ids.js';
import { escapePredictionId } from '../../src/experiments/escape/prediction-ids.js';
import { batchSizePredictionId } from '../../src/experiments/batch-size/prediction-ids.js';

describe('a prediction id declared once (core/prediction-id.ts)', () => {
  const t = idTemplate('em.', ['ou', 'gbm'], '.strong-order.vs.', ['0.5', '1']);

  it('fills its slots in order, and its pattern accepts exactly what it can make', () => {
    expect(t.id('gbm', '0.5')).toBe('em.gbm.strong-order.vs.0.5');
    expect(t.pattern.test('em.ou.strong-order.vs.1')).toBe(true);
    // twins: a word outside a slot, a literal dot as any character, a prefix or a suffix are refused
    expect(t.pattern.test('em.bm.strong-order.vs.1')).toBe(false);
    expect(t.pattern.test('emXou.strong-order.vs.1')).toBe(false);
    expect(t.pattern.test('em.ou.strong-order.vs.1x')).toBe(false);
    expect(t.pattern.test('xem.ou.strong-order.vs.1')).toBe(false);
  });

  it('refuses at run time a value outside its slot (a cast cannot make an undeclared id)', () => {
    expect(() => t.id('milstein' as 'ou', '1')).toThrow(/does not match its declared pattern/);
  });

  it('a free-text slot takes any non-empty label', () => {
    const b = idTemplate('b-opt:', freeText);
    expect(b.id('ε=0.1')).toBe('b-opt:ε=0.1');
    expect(b.pattern.test('b-opt:')).toBe(false);
    expect(idPatterns({ b }).map(String)).toEqual([String(b.pattern)]);
  });

  it("every kind's predictionIds() lists its templates' patterns: an id a kind makes passes validate", () => {
    const accepts = (kind: (typeof experimentKinds)[number], id: string) => experimentEntries[kind].experiment.predictionIds!({} as never).some((re) => re.test(id));
    expect(accepts('transient', transientPredictionId.strongOrderContrast.id('em', 'ou', '0.5'))).toBe(true);
    expect(accepts('escape', escapePredictionId.alignedVsExact.id('hessian'))).toBe(true);
    expect(accepts('batch-size', batchSizePredictionId.slopeFiniteN.id('momentum'))).toBe(true);
    expect(accepts('gradient-noise', 'frontier.emin.vs.path')).toBe(true); // was missing from the hand-written patterns
    // twins: a typo is refused
    expect(accepts('transient', 'em.ou.strong-order.vs.2')).toBe(false);
    expect(accepts('escape', 'aligned.diagonal.vs.exact')).toBe(false);
  });
});
