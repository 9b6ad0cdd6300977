import type { Prediction } from '../../core/result.js';
import { comparePrediction } from '../../stats/compare.js';
import { chiSquareOfScores } from '../../stats/chi-square.js';
import { gradientNoisePredictionId as ids } from './prediction-ids.js';
import type { OnlineMomentumFrontier } from './online-frontier.js';

/**
 * The predictions of an online model's frontier (docs/theory.md §3 NQM, §9), per momentum m
 * (label `m=…`):
 * - frontier.steps.vs.closed-form:m=…,B=… — the simulated steps at every batch size against the
 *   closed form at the same ε (the oracle: must pass on a correct simulation);
 * - frontier.bcrit.vs.closed-form:m=… — B_crit of the weighted hyperbola fit to the simulated
 *   points against the same fit to the closed form's points (same B, same weights);
 * - frontier.bnoise.ensemble.vs.closed-form:m=… — the simulated ensemble's B_noise = tr(HC)/E[GᵀHG]
 *   at the closed form's crossing step against its exact value, over the batch sizes (χ² as a
 *   Wilson–Hilferty score);
 * - frontier.hyperbola:m=… — McCandlish's S = S_min + E_min/B with the exact asymptotes, at the
 *   batch size of the grid nearest the closed form's knee (where the hyperbola is worst), against
 *   the simulated S there; the NQM's exact frontier is not a hyperbola, so with enough runs this is
 *   rejected — the scenario says so in its `expect`;
 * - frontier.bcrit.vs.bnoise:m=… — McCandlish's B_crit ≈ B_noise averaged over the noiseless path:
 *   not evaluable with additive noise (the average is dominated by the end of the path, where
 *   |G| → 0 while tr(HC) stays), reported with that reason;
 * - frontier.bcrit.vs.bnoise.ensemble:m=… — the same approximation with B_noise of the noisy
 *   ensemble at the target, at the grid's batch size nearest the measured B_crit: shown for
 *   information (an approximation without an error bound).
 */
export function onlinePredictions(frontiers: readonly OnlineMomentumFrontier[], tolerance: number): Prediction[] {
  const out: Prediction[] = [];
  for (const f of frontiers) {
    const label = `m=${f.momentum}`;
    for (const c of f.cells) {
      if (!c.closedForm || !c.simulation) continue;
      out.push(comparePrediction({
        id: ids.stepsClosedForm.id(`${label},B=${c.batchSize}`),
        description: `steps to the target (${c.simulation.definition}, ${c.simulation.replicas} runs) at B = ${c.batchSize}, ε = ${c.simulation.lr.toPrecision(4)} (ε/(1−m) = ${c.simulation.effectiveLr.toPrecision(4)}): simulated against the NQM's closed form`,
        predicted: c.closedForm.steps, measured: c.simulation.steps, stdError: c.simulation.stdError, tolerance,
      }));
    }
    const cf = f.closedForm;
    const sim = f.simulation.fit;
    if (cf?.fit && sim) {
      out.push(comparePrediction({
        id: ids.bCritClosedForm.id(label),
        description: `B_crit = E_min/S_min of the hyperbola fitted to the simulated frontier against the same fit of the closed form's S(B) (exact asymptotes: S_min = ${cf.sMin.toPrecision(5)}, E_min = ${cf.eMin.toPrecision(5)}, E_min/S_min = ${cf.bCrit.toPrecision(5)}${cf.bKnee ? `, S = 2·S_min at B = ${cf.bKnee.toPrecision(5)}` : ''})`,
        predicted: cf.fit.bCrit, measured: sim.bCrit, stdError: sim.bCritStdError, tolerance,
      }));
    }
    const scores = f.cells.flatMap((c) => (c.closedForm && c.simulation?.atClosedFormStep ? [(c.simulation.atClosedFormStep.bNoise - c.closedForm.bNoise) / c.simulation.atClosedFormStep.bNoiseStdError] : []));
    if (scores.length) {
      const test = chiSquareOfScores(scores);
      out.push(comparePrediction({
        id: ids.bNoiseEnsemble.id(label),
        description: `the noisy ensemble's B_noise = tr(HC)/E[GᵀHG] at the closed form's crossing step, simulated against exact, at ${scores.length} batch sizes: χ² = ${test.chiSquare.toPrecision(4)} on ${test.dof} dof, worst |z| = ${test.maxAbsZ.toPrecision(3)} (measured = Wilson–Hilferty score)`,
        predicted: 0, measured: test.z, stdError: 1, tolerance,
      }));
    }
    if (cf) {
      const knee = cf.bKnee ?? cf.bCrit;
      const near = nearest(f.cells.filter((c) => c.simulation && Number.isFinite(c.simulation.steps)), knee);
      if (near?.simulation) {
        const gap = cf.gaps.find((g) => g.batchSize === near.batchSize)?.gap ?? NaN;
        const worst = cf.gaps.reduce((a, g) => (Math.abs(g.gap) > Math.abs(a.gap) ? g : a), { batchSize: 0, gap: 0 });
        out.push(comparePrediction({
          id: ids.hyperbola.id(label),
          description: `McCandlish's hyperbola S = S_min + E_min/B through the exact asymptotes, at B = ${near.batchSize} (nearest the knee), against the simulated S; the closed form's own S misses it by ${(100 * gap).toFixed(1)} % there (largest gap ${(100 * worst.gap).toFixed(1)} % at B = ${worst.batchSize})`,
          predicted: cf.sMin + cf.eMin / near.batchSize, measured: near.simulation.steps, stdError: near.simulation.stdError, tolerance,
        }));
      }
      if (sim) {
        out.push({
          ...comparePrediction({
            id: ids.bCritAt.id(label),
            description: `McCandlish's B_crit ≈ B_noise averaged over the noiseless path (the closed form's, ${Math.ceil(cf.sMin)} steps at the best noiseless ε) against the simulated B_crit`,
            predicted: cf.pathMeanBNoise, measured: sim.bCrit, stdError: sim.bCritStdError, tolerance,
          }),
          pass: false,
          notEvaluable: 'additive noise: along the noiseless path |G| → 0 while tr(HC) stays, so the path average of B_noise is set by the end of the path, not by B_crit; see frontier.bcrit.vs.bnoise.ensemble',
        });
        const atCrit = nearest(f.cells.filter((c) => c.simulation?.atTarget), sim.bCrit);
        if (atCrit?.simulation?.atTarget) {
          out.push(comparePrediction({
            id: ids.bCritEnsemble.id(label),
            description: `McCandlish's B_crit ≈ B_noise with B_noise = tr(HC)/E[GᵀHG] of the noisy ensemble where its mean loss reaches the target, at B = ${atCrit.batchSize} (nearest the measured B_crit); an approximation with no error bound: for information`,
            predicted: atCrit.simulation.atTarget.bNoise, measured: sim.bCrit, stdError: Math.hypot(sim.bCritStdError, atCrit.simulation.atTarget.bNoiseStdError), tolerance, expect: 'not-judged',
          }));
        }
      }
    }
  }
  return out;
}

function nearest<T extends { batchSize: number }>(cells: readonly T[], b: number): T | undefined {
  let best: T | undefined;
  for (const c of cells) if (!best || Math.abs(Math.log(c.batchSize / b)) < Math.abs(Math.log(best.batchSize / b))) best = c;
  return best;
}
