import type { Experiment } from '../../core/experiment.js';
import type { ExperimentOutput } from '../../core/result.js';
import type { InputProblem } from '../../errors.js';
import { escapeSchema, escapeChecks, type EscapeScenario } from './schema.js';
import { escapeLandscape, landscapeSummary, type EscapeLandscape } from './landscape.js';
import { escapeSweep, toCells, neededNoiseFactor } from './sweep.js';
import type { EscapeCellResult } from './cells.js';
import { analyseCells, escapePredictions } from './analysis.js';
import { escapePredictionPatterns } from './prediction-ids.js';

/**
 * Escape from a sharp minimum (docs/theory.md §8): SGD and its SDE in a 1-D double well, mean
 * first-passage time out of the chosen minimum over cells of (ε, B, N), measured with censoring
 * (stats/survival.ts), against the exact first-passage time, Kramers, and Kramers with its
 * finite-barrier correction; the slope of ln τ against 1/T against ΔV; where discrete SGD leaves
 * the SDE as ε grows (validity map); isotropic against Hessian-aligned noise in 2-D.
 */
export { escapeSchema };
export type { EscapeScenario };

function checks(s: EscapeScenario): InputProblem[] {
  const problems = escapeChecks(s);
  if (problems.length || !s.landscape || !s.noise || !s.kramers) return problems;
  let l: EscapeLandscape;
  try {
    l = escapeLandscape(s.landscape);
  } catch (err) {
    return [{ path: 'landscape.loss', message: (err as Error).message, value: s.landscape.loss }];
  }
  const sigma2 = s.noise.variance;
  const need = (path: string, lr: number, r: number) => {
    const c = neededNoiseFactor(l.geometry.barrier, r, lr, sigma2);
    if (!(c <= 1)) problems.push({ path, message: `ΔV/T = ${r} at ε = ${lr} needs c(N,B) = ${c.toPrecision(3)} > 1 (more noise than B = 1 gives): raise ε or noise.variance, or lower ΔV/T`, value: r });
  };
  s.kramers.lr.forEach((lr) => s.kramers.barrierOverT.forEach((r, i) => need(`kramers.barrierOverT[${i}]`, lr, r)));
  s.validity?.lr.forEach((lr) => s.validity!.barrierOverT.forEach((r, i) => need(`validity.barrierOverT[${i}]`, lr, r)));
  if (s.aligned) need('aligned.barrierOverT', s.aligned.lr, s.aligned.barrierOverT);
  const lrs = [...s.kramers.lr, ...(s.validity?.lr ?? []), ...(s.aligned ? [s.aligned.lr] : [])];
  lrs.forEach((lr) => {
    if (!(lr * l.geometry.curvatureMin < 2)) problems.push({ path: 'kramers.lr', message: `ε V''(x*) = ${(lr * l.geometry.curvatureMin).toPrecision(3)} must be < 2 (SGD is unstable in the well)`, value: lr });
  });
  return problems;
}

export const escape: Experiment<EscapeScenario> = {
  kind: 'escape',
  summary: 'mean escape time of SGD and its SDE from a sharp minimum: ln τ against 1/T (slope ΔV), exact first-passage time, Kramers, validity in ε, isotropic vs Hessian-aligned noise',
  schema: escapeSchema,
  predictionIds: () => escapePredictionPatterns(),
  checks: (s) => checks(s),
  async run(s, ctx): Promise<ExperimentOutput> {
    const l = escapeLandscape(s.landscape);
    const sweep = escapeSweep(s, l);
    const cells = toCells(sweep);
    ctx.progress.info(`escape: ${cells.length} cells of ${s.run.replicas} replicas on ${Math.min(ctx.workers, cells.length)} worker(s)`);
    const results = await ctx.runCells<EscapeCellResult>(cells, 'escape cells', { resumable: true });
    const analysed = analyseCells(sweep, results, l);
    const { predictions, summary } = escapePredictions(analysed, l, s.tolerance);
    const warnings: string[] = [];
    const censored = analysed.filter((c) => c.censored > 0.05 * (c.events + c.censored));
    if (censored.length) warnings.push(`${censored.length} cell(s) have more than 5% of replicas censored at the horizon; their τ̂ leans on the exponential assumption`);
    const low = analysed.filter((c) => c.group === 'kramers' && c.barrierOverT < 2);
    if (low.length) warnings.push(`${low.length} Kramers-series cell(s) have ΔV/T < 2, outside the Kramers region`);
    return {
      predictions,
      measured: { ...summary, cells: analysed },
      theory: {
        landscape: landscapeSummary(l),
        temperature: 'T = g σ²/(2N) = ε c(N,B) σ²/2 (isotropic per-example noise of variance σ²)',
        exact: 'τ(x*) = (1/T) ∫_{x*}^{exit} e^{V(y)/T} ∫_{wall}^{y} e^{−V(z)/T} dz dy (quadrature)',
        kramers: 'τ_K = 2π/sqrt(V″(x*)|V″(z)|) e^{ΔV/T}; corrected: τ_K (1 + cT), c from V‴ and V⁗ at x* and z',
        aligned: 'S = σ² H(x*)·d/tr H(x*) (same tr S as isotropic); for V(x) + ½ k y² the x-marginal is a 1-D diffusion at T_x = ε c σ_x²/2',
        curve: l.exactTime ? Array.from({ length: 41 }, (_, i) => {
          const r = 1.5 + (i * 6.5) / 40;
          const t = l.geometry.barrier / r;
          return { inverseTemperature: 1 / t, exact: Math.log(l.exactTime(t)), kramers: Math.log(l.kramersTime(t)), kramersCorrected: Math.log(l.kramersCorrectedTime(t)) };
        }) : [],
      },
      warnings,
    };
  },
};
