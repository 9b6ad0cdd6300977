import { idPatterns, idTemplate } from '../../core/prediction-id.js';
import type { IntegratorResult } from './cells/integrator.js';

const sme = ['sme1', 'sme2'] as const;
const problems = ['ou', 'gbm'] as const satisfies readonly IntegratorResult['problem'][];

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
  /** Euler–Maruyama's strong order on a test problem */
  strongOrder: idTemplate('em.', problems, '.strong-order'),
  /** contrast: the other strong order, expected to be rejected */
  strongOrderContrast: idTemplate('em.', problems, '.strong-order.vs.', ['0.5', '1']),
  /** Euler–Maruyama's weak order on a test problem */
  weakOrder: idTemplate('em.', problems, '.weak-order'),
  /** its weak errors against the closed form of its moments */
  weakClosedForm: idTemplate('em.', problems, '.weak.closed-form'),
};

/** Every id above as a pattern, for the scenario's `expect` keys (experiment.ts, predictionIds()). */
export const transientPredictionPatterns = (): RegExp[] => idPatterns(transientPredictionId);
