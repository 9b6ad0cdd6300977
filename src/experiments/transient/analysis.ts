import type { Alternative, Prediction } from '../../core/result.js';
import type { SmeLevelResult } from './cells/sme-level.js';
import type { IntegratorResult } from './cells/integrator.js';
import { comparePrediction } from '../../stats/compare.js';
import { chiSquareTest, type ChiSquareTest } from '../../stats/chi-square.js';
import { fitConvergenceOrder, type OrderFit } from '../../stats/convergence-order.js';
import { bonferroniThresholdFor } from '../../stats/normal.js';
import { chiSquareRelevantDifference, named } from '../../stats/alternatives.js';
import { strongOrderContrast, transientPredictionId } from './prediction-ids.js';
import { integrators as integratorRegistry } from '../../dynamics/integrators/registry.js';

/**
 * Predictions of the transient experiment:
 * - smeP.weak-order: the order of the Monte Carlo weak error |E L_SGD(T) − E L_SMEp(T)| in ε
 *   equals p: the log-log slope fitted with the next term of the expansion,
 *   ln|e| = a + p ln ε + b ε (weighted by the paths' standard errors; a plain line through a
 *   finite ladder carries a bias O(ε) that the coupled Monte Carlo resolves for SME-1); a contrast
 *   claims order 2 for SME-1 and must be rejected;
 * - smeP.closed-form, sgd.closed-form: Monte Carlo against the closed forms over the ladder;
 * - <integrator>.<problem>.strong-order / weak-order, for each registered integrator (its
 *   abbreviation: em, …) on each problem whose noise type it integrates: the orders it declares
 *   (bootstrap over paths), with a contrast that claims a strong order half an order off;
 *   <integrator>.<problem>.weak.closed-form: the measured weak errors against the integrator's own
 *   exact moments (worst level, Bonferroni).
 * Alternatives (stats/verdict.ts): an order against the other order of the pair (1 and 2 for
 * SME-1 and SME-2; a strong order half an order off for an integrator; half the order for its weak
 * order); a contrast against the declared order; closed forms against a 10% difference in every
 * ε (SME, SGD) or against no discretisation bias at all (an integrator's weak error).
 */
export interface TransientAnalysis {
  predictions: Prediction[];
  slopes: Record<string, unknown>;
  warnings: string[];
}

function chiPrediction(id: string, description: string, t: ChiSquareTest, tolerance: number, alternative: Alternative): Prediction {
  return comparePrediction({
    id,
    description: `${description}: χ² = ${t.chiSquare.toPrecision(4)} on ${t.dof} dof, p = ${t.pValue.toPrecision(3)} (measured = its Wilson–Hilferty normal score)`,
    predicted: 0, measured: t.z, stdError: 1, tolerance, alternative,
  });
}

/** The order fit of |mean| against ε, with s.e. of ln|mean| = se/|mean| (delta method). */
export function monteCarloOrder(lrs: number[], errors: { mean: number; stdError: number }[]): OrderFit {
  return fitConvergenceOrder(lrs, errors.map((e) => e.mean), errors.map((e) => e.stdError / Math.abs(e.mean)), 1);
}

function localSlopes(lrs: number[], values: number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < lrs.length; i++) out.push(Math.log(Math.abs(values[i] / values[i - 1])) / Math.log(lrs[i] / lrs[i - 1]));
  return out;
}

const orderJson = (f: OrderFit) => ({
  slope: f.order, stdError: f.stdError, ci95: f.ci95, correction: f.correction, plainSlope: f.plainSlope,
  residualChiSquare: f.residuals?.chiSquare ?? null, residualDof: f.residuals?.dof ?? null,
});

export function analyseTransient(levels: SmeLevelResult[], integrators: IntegratorResult[], tolerance: number): TransientAnalysis {
  const predictions: Prediction[] = [];
  const warnings: string[] = [];
  const slopes: Record<string, unknown> = {};
  const lrs = levels.map((l) => l.lr);
  for (const order of [1, 2] as const) {
    const key = order === 1 ? 'sme1' : 'sme2';
    const mc = levels.map((l) => l.monteCarlo[key].error);
    const closed = levels.map((l) => (order === 1 ? l.closedForm.error1 : l.closedForm.error2));
    mc.forEach((e, i) => {
      if (!(Math.abs(e.mean) > 3 * e.stdError)) warnings.push(`SME-${order} at ε = ${lrs[i]}: the Monte Carlo weak error ${e.mean.toExponential(3)} ± ${e.stdError.toExponential(2)} is within 3 s.e. of 0, so its logarithm (and the slope) is unreliable: add paths`);
    });
    const fit = monteCarloOrder(lrs, mc);
    const closedFit = fitConvergenceOrder(lrs, closed, null, 1);
    slopes[key] = {
      monteCarlo: orderJson(fit),
      closedForm: { slope: closedFit.order, plainSlope: closedFit.plainSlope, localSlopes: localSlopes(lrs, closed) },
    };
    predictions.push(comparePrediction({
      id: transientPredictionId.smeWeakOrder.id(key),
      description: `SME-${order}: order in ε of the weak error |E L_SGD(T) − E L_SME-${order}(T)| (Monte Carlo, fit ln|e| = a + p ln ε + bε, 95% CI [${fit.ci95[0].toFixed(3)}, ${fit.ci95[1].toFixed(3)}]; plain slope ${fit.plainSlope.toFixed(3)}) equals the weak order ${order}`,
      predicted: order, measured: fit.order, stdError: fit.stdError, tolerance,
      alternative: named(3 - order, `weak order ${3 - order}, the order of SME-${3 - order}`),
    }));
    if (order === 1) {
      predictions.push(comparePrediction({
        id: transientPredictionId.sme1WeakOrderVs2.id(),
        description: 'contrast: SME-1 claimed to have weak order 2 (the order of SME-2); should be rejected',
        predicted: 2, measured: fit.order, stdError: fit.stdError, tolerance, expect: 'disagree',
        alternative: named(1, 'weak order 1, which SME-1 has'),
      }));
    }
    const closedTest = chiSquareTest(mc.map((e) => e.mean), closed, mc.map((e) => e.stdError));
    predictions.push(chiPrediction(transientPredictionId.smeClosedForm.id(key), `SME-${order}: Monte Carlo weak errors against the closed form at each of ${levels.length} ε`, closedTest, tolerance, chiSquareRelevantDifference(closedTest.dof, closed, mc.map((e) => e.stdError))));
  }
  const sgdTest = chiSquareTest(levels.map((l) => l.monteCarlo.sgd.mean), levels.map((l) => l.closedForm.sgd), levels.map((l) => l.monteCarlo.sgd.stdError));
  predictions.push(chiPrediction(transientPredictionId.sgdClosedForm.id(), `SGD: Monte Carlo E L(x_K) against the exact moment recursion at each of ${levels.length} ε`,
    sgdTest, tolerance, chiSquareRelevantDifference(sgdTest.dof, levels.map((l) => l.closedForm.sgd), levels.map((l) => l.monteCarlo.sgd.stdError))));

  for (const r of integrators) {
    const { title, abbreviation } = integratorRegistry[r.integrator];
    const name = `${r.problem.toUpperCase()} (${r.noise} noise)`;
    const ci = (s: { ci: [number, number]; plainSlope: number }) => `fit with a relative correction ∝ h, bootstrap 95% CI [${s.ci[0].toFixed(3)}, ${s.ci[1].toFixed(3)}]; plain slope ${s.plainSlope.toFixed(3)}`;
    predictions.push(comparePrediction({
      id: transientPredictionId.strongOrder.id(abbreviation, r.problem),
      description: `${title} on ${name}: order of E|X^h_T − X_T| in h (${ci(r.strongSlope)}) equals the strong order ${r.expectedStrongOrder}`,
      predicted: r.expectedStrongOrder, measured: r.strongSlope.slope, stdError: r.strongSlope.stdError, tolerance,
      alternative: named(strongOrderContrast(r.expectedStrongOrder), `strong order ${strongOrderContrast(r.expectedStrongOrder)}, half an order off`),
    }));
    const other = strongOrderContrast(r.expectedStrongOrder);
    predictions.push(comparePrediction({
      id: transientPredictionId.strongOrderContrast.id(abbreviation, r.problem, String(other)),
      description: `contrast: ${title} on ${name} claimed to have strong order ${other}; should be rejected`,
      predicted: other, measured: r.strongSlope.slope, stdError: r.strongSlope.stdError, tolerance, expect: 'disagree',
      alternative: named(r.expectedStrongOrder, `strong order ${r.expectedStrongOrder}, which it has`),
    }));
    predictions.push(comparePrediction({
      id: transientPredictionId.weakOrder.id(abbreviation, r.problem),
      description: `${title} on ${name}: order of |E f(X^h_T) − E f(X_T)| in h, ${r.weakFunction} (${ci(r.weakSlope)}) equals the weak order ${r.expectedWeakOrder}`,
      predicted: r.expectedWeakOrder, measured: r.weakSlope.slope, stdError: r.weakSlope.stdError, tolerance,
      alternative: named(r.expectedWeakOrder / 2, 'half the weak order (a weak error that decays only like a strong error of order ½)'),
    }));
    // levels share paths, so their errors are correlated: the worst level with Bonferroni, not a chi-square
    let worst = 0;
    r.levels.forEach((l, i) => {
      const z = Math.abs(l.weak - l.weakClosedForm) / l.weakStdError;
      if (z > Math.abs(r.levels[worst].weak - r.levels[worst].weakClosedForm) / r.levels[worst].weakStdError) worst = i;
    });
    const w = r.levels[worst];
    predictions.push(comparePrediction({
      id: transientPredictionId.weakClosedForm.id(abbreviation, r.problem),
      description: `${title} on ${name}: measured weak error against the closed form of its moments, worst of ${r.levels.length} step sizes (h = ${w.h.toPrecision(3)}), Bonferroni`,
      predicted: w.weakClosedForm, measured: w.weak, stdError: w.weakStdError,
      tolerance: bonferroniThresholdFor(r.levels.length, tolerance),
      alternative: named(0, 'no discretisation bias (a weak error of 0)'),
    }));
  }
  return { predictions, slopes, warnings };
}
