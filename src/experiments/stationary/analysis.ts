import type { Loss } from '../../models/loss.js';
import type { Alternative, Expectation, NoiseScale, Prediction } from '../../core/result.js';
import type { StationaryTheory, TheoryMatrix } from '../common/stationary-theory.js';
import { stationaryTheory } from '../common/stationary-theory.js';
import type { EnsembleRecorder } from '../../dynamics/ensemble-recorder.js';
import { comparePrediction } from '../../stats/compare.js';
import { named, relevantDifference, RELEVANT_DIFFERENCE } from '../../stats/alternatives.js';
import { hotellingTest } from '../../stats/hotelling.js';
import { covarianceEntryReplicas } from '../../stats/replica-moments.js';
import { identity, trace } from '../../linalg/dense.js';
import { fdrCoefficient } from '../../theory/fdr.js';
import type { StationaryScenario } from './schema.js';
import { stationaryPredictionId, type CovarianceTheoryName } from './prediction-ids.js';

interface Inputs {
  base: Loss;
  loss: Loss;
  scenario: StationaryScenario;
  theory: StationaryTheory;
  recorders: { sgd?: EnsembleRecorder; sde?: EnsembleRecorder };
  noiseScale: NoiseScale;
}

const LABEL: Record<CovarianceTheoryName, string> = {
  exact: 'the exact stationary covariance',
  discrete: 'the discrete Lyapunov equation (additive noise c·S at the minimum)',
  heavyBall: 'the heavy-ball discrete Lyapunov equation (additive noise)',
  ou: 'the OU limit H Σ + Σ H = ε_eff c S',
  sdeExact: "the SDE's exact moment equation H Σ + Σ H = ε_eff c E[S(ω)]",
};

/**
 * The stationary experiment's predictions. Scalar checks use the trace of the covariance (its
 * standard error is exact, from independent replicas); the primary comparison also checks every
 * entry jointly, by Hotelling's T² over the replicas' estimates of the d(d+1)/2 entries (a known
 * F null distribution, the entries' correlations included), not by its worst single entry.
 * Alternatives (stats/verdict.ts): a match with a theory must be able to tell it from a
 * RELEVANT_DIFFERENCE error (10%: for the entries, every entry 10% off, the effect of a 10% error
 * in g); an approximation the exact theory says is off (planned 'disagree') names the exact value.
 */
export function stationaryPredictions(inp: Inputs): Prediction[] {
  const { theory, recorders, scenario } = inp;
  const tol = scenario.tolerance;
  const d = inp.loss.dim;
  const out: Prediction[] = [];
  const eye = identity(d);

  const sgdTheories: [CovarianceTheoryName, TheoryMatrix | undefined][] = [
    ['exact', theory.exact],
    ['discrete', theory.exact?.source === 'discrete-lyapunov' ? undefined : theory.discrete],
    ['heavyBall', theory.exact?.source === 'heavy-ball' ? undefined : theory.heavyBall],
    ['ou', theory.ou],
  ];
  const available = sgdTheories.filter((t): t is [CovarianceTheoryName, TheoryMatrix] => t[1] !== undefined);

  for (const [dyn, rec] of Object.entries(recorders) as ['sgd' | 'sde', EnsembleRecorder | undefined][]) {
    if (!rec) continue;
    const sdeList: [CovarianceTheoryName, TheoryMatrix][] = [];
    if (theory.sdeExact && theory.sdeExact.source !== 'ou') sdeList.push(['sdeExact', theory.sdeExact]);
    if (theory.ou) sdeList.push(['ou', theory.ou]);
    const list = dyn === 'sgd' ? available : sdeList;
    const measuredTrace = rec.moments.functional(eye);
    list.forEach(([name, th], k) => {
      const exact = name === 'exact' || name === 'sdeExact' || (dyn === 'sde' && name === 'ou' && theory.sdeExact?.source === 'ou');
      const exactness = exact ? '' : ' (approximation)';
      const predicted = trace(th.covariance, d);
      const planned = exact ? undefined : expectationBeforeRun(th.covariance, eye, inp, exactFor(dyn, theory));
      out.push(comparePrediction({
        id: stationaryPredictionId.trace(dyn, name),
        description: `${dyn.toUpperCase()}: tr Σ of the iterates vs ${LABEL[name]}${exactness}`,
        predicted,
        measured: measuredTrace.value,
        stdError: measuredTrace.stdError,
        tolerance: tol,
        ...judgedAs(planned, predicted, `tr Σ of ${dyn === 'sgd' ? LABEL.exact : LABEL.sdeExact}, which should hold`),
      }));
      if (k === 0 && d > 1) out.push(entriesJointly(stationaryPredictionId.entries(dyn, name), `${dyn.toUpperCase()}: every entry of Σ vs ${LABEL[name]}, jointly`, rec, th, d, tol));
    });
    out.push(excessLoss(dyn, rec, inp));
    if (dyn === 'sgd') {
      out.push(fluctuationDissipation(rec, scenario));
      const contrast = approxContrast(rec, inp, measuredTrace);
      if (contrast) out.push(contrast);
    }
  }
  return out;
}

/**
 * How a trace or excess-loss prediction is judged: 'agree' (theory alone expects agreement) against
 * a 10% difference; 'disagree' (the exact theory puts the approximation further off than the run
 * can miss) against the exact value, which the measurement should match instead; 'not-judged'.
 */
type JudgedAs = { expect: 'agree' | 'disagree' | 'not-judged'; alternative: Alternative };

function judgedAs(planned: Planned | undefined, predicted: number, exactLabel: string): JudgedAs {
  if (!planned || planned.expect === 'agree') return { expect: 'agree', alternative: relevantDifference(predicted) };
  if (planned.expect === 'disagree') return { expect: 'disagree', alternative: named(planned.exactValue, exactLabel) };
  // INFO, but with the exact value beside it, so that an `expect` the scenario declares is judged against it
  return { expect: 'not-judged', alternative: named(planned.exactValue, exactLabel) };
}

/**
 * Every entry of Σ against a theory at once: Hotelling's T² of the replicas' entry estimates
 * (stats/hotelling.ts), stated as the normal score of its F tail (predicted 0, s.e. 1). The
 * alternative is every entry 10% larger (Σ scaled by 1.1: a 10% error in g). The description gives
 * the relative Frobenius difference and the worst single entry, for reading, not for the verdict.
 */
function entriesJointly(id: string, description: string, rec: EnsembleRecorder, th: TheoryMatrix, d: number, tol: number): Prediction {
  const { covariance, stdError } = rec.moments.covariance();
  const theta = new Float64Array((d * (d + 1)) / 2);
  let k = 0;
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) theta[k++] = th.covariance[i * d + j];
  let diff2 = 0;
  let norm2 = 0;
  let worst = { i: 0, j: 0, z: -1 };
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      const e = covariance[i * d + j] - th.covariance[i * d + j];
      diff2 += e * e;
      norm2 += th.covariance[i * d + j] ** 2;
      const z = Math.abs(e) / stdError[i * d + j];
      if (j >= i && !(z <= worst.z)) worst = { i, j, z };
    }
  const frobenius = Math.sqrt(diff2 / norm2);
  const reading = `relative Frobenius difference ‖Σ̂ − Σ‖/‖Σ‖ = ${frobenius.toPrecision(3)}; worst single entry Σ[${worst.i}][${worst.j}] at ${worst.z.toFixed(1)} s.e.`;
  const outcome = hotellingTest(covarianceEntryReplicas(rec.moments), theta);
  if ('problem' in outcome) {
    return comparePrediction({
      id, description: `${description}: ${reading}`, predicted: 0, measured: 0, stdError: 1, tolerance: tol,
      alternative: named(1, 'not computed'), notEvaluable: `the entries cannot be judged jointly: ${outcome.problem}`,
    });
  }
  const t = outcome.test;
  return comparePrediction({
    id,
    description: `${description} (Hotelling T² = ${t.tSquared.toPrecision(4)} over the ${t.dof1} entries from ${t.dof1 + t.dof2} replicas, F on (${t.dof1}, ${t.dof2}) dof; measured = the normal score of its tail); ${reading}`,
    predicted: 0,
    measured: t.z,
    stdError: 1,
    tolerance: tol,
    alternative: named(t.scoreOfShift(Float64Array.from(theta, (v) => RELEVANT_DIFFERENCE * v)), `every entry ${100 * RELEVANT_DIFFERENCE}% larger (a ${100 * RELEVANT_DIFFERENCE}% error in g): the smallest relevant difference`),
  });
}

/** N·E[L − L*] ≈ N·½ E[eᵀ H e] against g tr S / 4 (docs/theory.md §3; exact for the OU process). */
function excessLoss(dyn: 'sgd' | 'sde', rec: EnsembleRecorder, inp: Inputs): Prediction {
  const { theory } = inp;
  const n = inp.base.n;
  const a = Float64Array.from(theory.hessian, (h) => (n * h) / 2);
  const m = rec.moments.functional(a, false);
  const predicted = (inp.noiseScale.g * theory.traceS) / 4;
  return comparePrediction({
    id: stationaryPredictionId.excessLoss(dyn),
    description: `${dyn.toUpperCase()}: N × excess loss N·½E[(ω−ω*)ᵀH(ω−ω*)] vs g·tr(S)/4 (the collapse; OU approximation)`,
    predicted,
    measured: m.value,
    stdError: m.stdError,
    tolerance: inp.scenario.tolerance,
    ...judgedAs(theory.ou ? expectationBeforeRun(theory.ou.covariance, a, inp, exactFor(dyn, theory)) : undefined, predicted, 'N × excess loss of the exact stationary covariance'),
  });
}

/** The theory that is exact for this dynamics and model, when one is known. */
function exactFor(dyn: 'sgd' | 'sde', theory: StationaryTheory): TheoryMatrix | undefined {
  // only state-dependent noise (an SME with general noise): for additive noise the shipped expectations stand
  const e = dyn === 'sgd' ? theory.exact : theory.sdeExact;
  return e && (e.source === 'least-squares' || e.source === 'least-squares-sde') ? e : undefined;
}

/**
 * What theory alone expects of an additive-noise approximation, decided before the run
 * (docs/usage.md, "I have my own data"). With an exact theory Σ* for the model, the approximation's bias on the functional
 * f(Σ) = tr(AΣ) is b = |f(Σ_approx) − f(Σ*)|. For Gaussian iterates the expected standard error
 * of f over R replicas × T recorded steps is s = sqrt(2 tr((AΣ*)²) / (R · T_eff)), with
 * T_eff = min(T/thin, T/τ) and τ = (1+ρ²)/(1−ρ²), ρ = 1 − ε_eff λ_min: the integrated
 * autocorrelation time of a squared AR(1) coordinate along the slowest mode (the largest τ, so s
 * errs large). Rule: expect 'disagree' when b > 2 · tolerance · s (the run is
 * designed to separate them by at least twice the tolerance), 'agree' when b < tolerance · s / 4
 * (the bias moves z by under a quarter of the tolerance), otherwise 'not-judged' (shown, never
 * failing: theory does not say which outcome this run should see). Without an
 * exact theory (a model where the approximation is the best known) it stays 'agree'. The
 * measurement never enters this decision.
 */
interface Planned { expect: Expectation; exactValue: number }

function expectationBeforeRun(approx: Float64Array, a: Float64Array, inp: Inputs, exact: TheoryMatrix | undefined): Planned | undefined {
  if (!exact) return undefined;
  const d = inp.loss.dim;
  const fApprox = traceProduct(a, approx, d);
  const fExact = traceProduct(a, exact.covariance, d);
  const as = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let v = 0;
    for (let k = 0; k < d; k++) v += a[i * d + k] * exact.covariance[k * d + j];
    as[i * d + j] = v;
  }
  let trSq = 0;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) trSq += as[i * d + j] * as[j * d + i];
  const { replicas, steps, thin } = inp.scenario.run;
  const rho = Math.max(0, 1 - inp.theory.lrEff * inp.theory.hessianEigenvalues[0]);
  const tau = (1 + rho * rho) / Math.max(1e-300, 1 - rho * rho);
  const perReplica = Math.max(1, Math.min(steps / thin, steps / tau));
  const expectedStdError = Math.sqrt((2 * trSq) / (replicas * perReplica));
  const bias = Math.abs(fApprox - fExact);
  const tol = inp.scenario.tolerance;
  return { expect: bias > 2 * tol * expectedStdError ? 'disagree' : bias < (tol / 4) * expectedStdError ? 'agree' : 'not-judged', exactValue: fExact };
}

function traceProduct(a: Float64Array, b: Float64Array, d: number): number {
  let v = 0;
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) v += a[i * d + k] * b[k * d + i];
  return v;
}

/** ⟨ω·∇L_B⟩ = (ε/2)⟨|∇L_B|²⟩, or ((1+m)/(2ε))⟨|v|²⟩ with momentum (docs/theory.md §4): exact at stationarity. */
function fluctuationDissipation(rec: EnsembleRecorder, s: StationaryScenario): Prediction {
  const { lr, momentum: m } = s.optimizer;
  const coefficient = fdrCoefficient(lr, m);
  const fdr = rec.fluctuationDissipation(coefficient);
  return comparePrediction({
    alternative: relevantDifference(fdr.right),
    id: stationaryPredictionId.fdr,
    description: m === 0
      ? 'SGD: fluctuation–dissipation ⟨(ω−ω*)·∇L_B⟩ = (ε/2)⟨|∇L_B|²⟩ (exact)'
      : 'SGD: fluctuation–dissipation ⟨(ω−ω*)·∇L_B⟩ = ((1+m)/(2ε))⟨|v|²⟩ (exact)',
    predicted: fdr.right,
    measured: fdr.left,
    stdError: fdr.stdError,
    tolerance: s.tolerance,
  });
}

/**
 * A contrast: the same theory with the noise factor of g ≈ εN/B (c = 1/B) instead of the sampler's
 * exact c. Shown only where the data can tell them apart (predictions further apart than twice
 * the tolerance); then the measurement is expected to reject it.
 */
function approxContrast(rec: EnsembleRecorder, inp: Inputs, measured: { value: number; stdError: number }): Prediction | undefined {
  const s = inp.scenario.optimizer;
  if (s.sampler === 'with-replacement') return undefined;
  const d = inp.loss.dim;
  const primary = inp.theory.exact ?? inp.theory.discrete ?? inp.theory.heavyBall ?? inp.theory.ou;
  if (!primary) return undefined;
  const alt = stationaryTheory(inp.base, s, 1 / s.batchSize);
  const altPrimary = inp.theory.exact ? alt.exact : inp.theory.discrete ? alt.discrete : inp.theory.heavyBall ? alt.heavyBall : alt.ou;
  if (!altPrimary) return undefined;
  const predicted = trace(altPrimary.covariance, d);
  const tol = inp.scenario.tolerance;
  if (Math.abs(predicted - trace(primary.covariance, d)) <= 2 * tol * measured.stdError) return undefined;
  return comparePrediction({
    alternative: named(trace(primary.covariance, d), `tr Σ with the ${s.sampler} c(N,B), which should hold`),
    id: stationaryPredictionId.gApproxContrast,
    description: `contrast: tr Σ predicted with g = εN/(B(1−m)) (c = 1/B) instead of the ${s.sampler} c(N,B); should be rejected`,
    predicted,
    measured: measured.value,
    stdError: measured.stdError,
    tolerance: tol,
    expect: 'disagree',
  });
}
