import { idPatterns, idTemplate } from '../../core/prediction-id.js';
import { integrators } from '../../dynamics/integrators/registry.js';
import { noiseTypes } from '../../dynamics/integrators/integrator.js';
import type { IntegratorResult } from './cells/integrator.js';

const sme = ['sme1', 'sme2'] as const;
const problems = ['ou', 'gbm'] as const satisfies readonly IntegratorResult['problem'][];
/** each registered integrator's abbreviation (em, …): the first part of its prediction ids */
const abbreviations = Object.values(integrators).map((s) => s.abbreviation);

/**
 * The strong order a contrast claims instead of the declared one: half an order off (1 → 1/2,
 * 1/2 → 1), the gap that the missing ∫∫dW dW term makes under diagonal noise.
 */
export function strongOrderContrast(declared: number): number {
  return declared >= 1 ? declared - 0.5 : declared + 0.5;
}

/** every contrast order some registered integrator's declarations lead to */
const contrasts = [...new Set(Object.values(integrators).flatMap((spec) =>
  noiseTypes.flatMap((n) => { const s = spec.noise[n]; return s ? [String(strongOrderContrast(s.strongOrder))] : []; })))];

/** The ids of the transient predictions, written once (analysis.ts names its predictions with them). */
export const transientPredictionId = {
  /** SME-k's weak order in ε (Monte Carlo) */
  smeWeakOrder: idTemplate(sme, '.weak-order'),
  /** contrast: SME-1 claimed to have weak order 2, expected to be rejected */
  sme1WeakOrderVs2: idTemplate('sme1.weak-order.vs.2'),
  /** SME-k's Monte Carlo weak errors against the closed form */
  smeClosedForm: idTemplate(sme, '.closed-form'),
  /** SGD's Monte Carlo E L against the exact moment recursion */
  sgdClosedForm: idTemplate('sgd.closed-form'),
  /** an integrator's strong order on a test problem */
  strongOrder: idTemplate(abbreviations, '.', problems, '.strong-order'),
  /** contrast: the strong order half an order off, expected to be rejected */
  strongOrderContrast: idTemplate(abbreviations, '.', problems, '.strong-order.vs.', contrasts),
  /** an integrator's weak order on a test problem */
  weakOrder: idTemplate(abbreviations, '.', problems, '.weak-order'),
  /** its weak errors against the closed form of its own moments */
  weakClosedForm: idTemplate(abbreviations, '.', problems, '.weak.closed-form'),
};

/** Every id above as a pattern, for the scenario's `expect` keys (experiment.ts, predictionIds()). */
export const transientPredictionPatterns = (): RegExp[] => idPatterns(transientPredictionId);
