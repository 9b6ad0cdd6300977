import type { Experiment } from '../../core/experiment.js';
import type { ExperimentOutput } from '../../core/result.js';
import { stationarySchema, stationaryChecks, type StationaryScenario } from './schema.js';
import { buildModel } from '../../models/registry.js';
import { withWeightDecay } from '../../models/weight-decay.js';
import { noiseScale } from '../../theory/noise-scale.js';
import { noiseFactor } from '../../dynamics/samplers.js';
import { stationaryTheory, type StationaryTheory } from '../common/stationary-theory.js';
import { stationaryPredictions } from './analysis.js';
import { EnsembleRecorder, type RecorderSnapshot } from '../../dynamics/ensemble-recorder.js';
import type { Cell } from '../../core/cell.js';
import type { StationaryBlock } from './cells.js';
import { toRows, trace } from '../../linalg/dense.js';
import { InputError } from '../../errors.js';
import { curvatureAt, stabilityWarning } from '../common/stability.js';
import { ensembleEffectiveSamples, sdeRadii, sgdRadii, tooFewEffectiveSamples } from '../../stats/effective-samples.js';
import { autoSubsteps } from './auto-substeps.js';
import { burnInSteps } from './auto-burn-in.js';
import { stationaryPredictionPatterns } from './prediction-ids.js';
import { numberRangeProblem } from './number-range.js';
import { withVerdict } from '../../stats/compare.js';

/**
 * The stationary experiment: run SGD and/or its SDE to stationarity around a minimum, measure the
 * covariance of the iterates with standard errors from independent replicas, and compare it with
 * every applicable theory (OU, discrete Lyapunov, heavy ball, exact finite-data least squares),
 * the fluctuation–dissipation identity and the equipartition-like collapse N·E[L − L*] = g tr S / 4.
 * Its scenario schema and cross-field checks are schema.ts.
 */

/** Replica blocks per dynamics at least (progress ticks once per finished block). */
const PROGRESS_BLOCKS = 8;

export const stationary: Experiment<StationaryScenario> = {
  kind: 'stationary',
  summary: 'SGD and SDE at stationarity vs OU, discrete Lyapunov, heavy-ball and exact least-squares covariances; FDR; N·excess loss vs g',
  schema: stationarySchema,
  predictionIds: () => stationaryPredictionPatterns(),
  checks: (s, baseDir) => stationaryChecks(s, baseDir),
  async run(s, ctx): Promise<ExperimentOutput> {
    const base = buildModel(s.model, { seed: s.seed, baseDir: ctx.baseDir });
    const { lr, momentum, batchSize, sampler, weightDecay } = s.optimizer;
    if (batchSize > base.n) throw new InputError([{ path: 'optimizer.batchSize', message: `must be ≤ N = ${base.n} (the number of rows of the data)`, value: batchSize }], 'scenario'); // CSV data: N known only now
    const loss = withWeightDecay(base, weightDecay);
    const d = loss.dim;
    const theory = stationaryTheory(base, s.optimizer);
    // a noise level out of double range is named as such before any simulation (overflow, underflow)
    const range = numberRangeProblem(theory, d, (s.model as { noise?: { variance?: number } }).noise?.variance, lr);
    if (range) throw new InputError([range], 'scenario');
    for (const note of theory.notes) ctx.warn(note);
    if (!(theory.lrTimesLambdaMax < theory.stabilityBound)) {
      ctx.warn(`learning rate beyond the stability bound: ε λ_max = ${theory.lrTimesLambdaMax.toPrecision(4)} ≥ ${theory.stabilityBound}${momentum ? ' = 2(1+m)' : ''}; SGD is expected to diverge`);
    }
    if (Array.isArray(s.start) && s.model.kind !== 'quadratic') {
      // curvature varies away from the minimum: check where the replicas start too
      const atStart = stabilityWarning('at the starting point', lr, momentum, curvatureAt(loss, Float64Array.from(s.start)));
      if (atStart) ctx.warn(atStart);
    }
    const lambdaMin = theory.hessianEigenvalues[0];
    const burnIn = burnInSteps(s.run.burnIn, theory.lrEff, lambdaMin);
    const schedule = { replicas: s.run.replicas, burnIn, steps: s.run.steps, thin: s.run.thin };
    const reference = theory.exact ?? theory.discrete ?? theory.heavyBall ?? theory.ou;
    const refCov = reference?.covariance;
    const start = s.start === 'minimum' ? theory.minimum : Float64Array.from(s.start);
    let startDist = 0;
    for (let j = 0; j < d; j++) startDist += (start[j] - theory.minimum[j]) ** 2;
    let minNorm = 0;
    for (let j = 0; j < d; j++) minNorm += theory.minimum[j] ** 2;
    // divergence means |ω − ω*|² far beyond every natural scale; the floor 1 + |ω*|² keeps round-off
    // of a noiseless run (B = N without replacement: the spread is exactly 0) from counting
    const scale = (refCov ? trace(refCov, d) : 1) + startDist + 1 + minNorm;
    const halfWidths = Array.from({ length: Math.min(d, 4) }, (_, j) => 5 * Math.sqrt(Math.max(refCov ? refCov[j * d + j] : 1, 1e-300)));
    const lambdaMax = theory.hessianEigenvalues[d - 1];
    const sde = s.dynamics.sde;
    const substeps = !sde ? 0 : sde.substeps === 'auto' ? autoSubsteps(theory.lrEff, lambdaMax) : sde.substeps;
    // replicas in blocks: cells of the worker pool (SGD and SDE blocks run side by side)
    const dynamics = [...(s.dynamics.sgd ? ['sgd' as const] : []), ...(sde ? ['sde' as const] : [])];
    // at least PROGRESS_BLOCKS blocks even on one worker, so that progress has an
    // ETA; each replica's stream depends on its index only, so the blocks never change the bytes
    const blocksPer = Math.min(s.run.replicas, Math.max(PROGRESS_BLOCKS, 2 * ctx.workers));
    const cells: Cell<StationaryBlock>[] = [];
    for (const dyn of dynamics)
      for (let k = 0; k < blocksPer; k++) {
        const first = Math.floor((k * s.run.replicas) / blocksPer);
        const next = Math.floor(((k + 1) * s.run.replicas) / blocksPer);
        cells.push({
          task: 'stationary/block',
          payload: {
            scenario: s, baseDir: ctx.baseDir, dynamics: dyn, firstReplica: first, count: next - first, burnIn,
            start, origin: theory.minimum, divergenceLimit: 1e12 * scale,
            stabilityBound: `ε λ_max = ${theory.lrTimesLambdaMax.toPrecision(4)} must be < ${theory.stabilityBound}`,
            histogramHalfWidths: halfWidths, noiseFactor: noiseFactor(base.n, batchSize, sampler), substeps,
          },
        });
      }
    const snapshots = await ctx.runCells<RecorderSnapshot>(cells, `${dynamics.join('+').toUpperCase()} replica blocks`);
    const recorders: { sgd?: EnsembleRecorder; sde?: EnsembleRecorder } = {};
    cells.forEach((cell, i) => {
      const rec = (recorders[cell.payload.dynamics] ??= new EnsembleRecorder(d, schedule.replicas, halfWidths));
      rec.absorb(snapshots[i], cell.payload.firstReplica);
    });
    const substepsUsed = sde ? substeps : undefined;
    const ns = noiseScale(lr, base.n, batchSize, momentum, sampler);
    const notEvaluable = regionOfValidity(theory, s);
    const predictions = stationaryPredictions({ base, loss, scenario: s, theory, recorders, noiseScale: ns })
      .map((p) => {
        const why = notEvaluable[p.id.startsWith('sde.') ? 'sde' : 'sgd'];
        return why ? withVerdict(p, why) : p;
      });
    return {
      noiseScale: ns,
      predictions,
      measured: {
        burnIn,
        ...(substepsUsed ? { sdeSubsteps: substepsUsed } : {}),
        ...(recorders.sgd ? { sgd: summarise(recorders.sgd, d) } : {}),
        ...(recorders.sde ? { sde: summarise(recorders.sde, d) } : {}),
      },
      theory: theoryJson(theory, d),
    };
  },
};

/**
 * Where a verdict means nothing, say so: N/E with the reason (never judged, never failing a run).
 *  - at or over the stability bound SGD has no stationary distribution (a finite run's standard
 *    error means nothing), and the SDE, its small-ε limit, then describes no SGD run: every sgd.*
 *    and sde.* prediction;
 *  - with too few effective samples (replicas × recorded steps / autocorrelation time of the
 *    slowest mode, stats/effective-samples.ts) the standard error across replicas understates the
 *    error: that dynamics' predictions.
 */
function regionOfValidity(theory: StationaryTheory, s: StationaryScenario): { sgd?: string; sde?: string } {
  const { lr, momentum } = s.optimizer;
  if (!(theory.lrTimesLambdaMax < theory.stabilityBound)) {
    const at = `outside the region: ε λ_max = ${theory.lrTimesLambdaMax.toPrecision(4)} ≥ ${theory.stabilityBound}${momentum ? ' = 2(1+m)' : ''} (the stability bound)`;
    return { sgd: `${at}, SGD has no stationary distribution`, sde: `${at}, SGD diverges, so its SDE limit describes no SGD run` };
  }
  const { replicas, steps, thin } = s.run;
  const eigenvalues = theory.hessianEigenvalues;
  return {
    sgd: tooFewEffectiveSamples(ensembleEffectiveSamples(sgdRadii(eigenvalues, lr, momentum), replicas, steps, thin), replicas),
    sde: tooFewEffectiveSamples(ensembleEffectiveSamples(sdeRadii(eigenvalues, theory.lrEff), replicas, steps, thin), replicas),
  };
}

function summarise(rec: EnsembleRecorder, d: number) {
  const { covariance, stdError } = rec.moments.covariance();
  const mean = rec.moments.mean();
  return {
    covariance: toRows(covariance, d, d),
    covarianceStdError: toRows(stdError, d, d),
    mean: Array.from(mean.mean),
    meanStdError: Array.from(mean.stdError),
    samples: rec.moments.samples(),
    replicas: rec.moments.replicas,
    histograms: rec.histograms.toJSON(),
    scatter: rec.scatter,
  };
}

function theoryJson(t: StationaryTheory, d: number) {
  const m = (x?: { covariance: Float64Array }) => (x ? { covariance: toRows(x.covariance, d, d) } : undefined);
  return {
    minimum: Array.from(t.minimum),
    hessianEigenvalues: Array.from(t.hessianEigenvalues),
    noiseCovariance: toRows(t.noiseCovariance, d, d),
    traceS: t.traceS,
    noiseFactor: t.noiseFactor,
    lrEff: t.lrEff,
    stability: { lrTimesLambdaMax: t.lrTimesLambdaMax, bound: t.stabilityBound },
    ...(t.ou ? { ou: m(t.ou) } : {}),
    ...(t.discrete ? { discrete: m(t.discrete) } : {}),
    ...(t.heavyBall ? { heavyBall: m(t.heavyBall) } : {}),
    ...(t.exact ? { exact: { ...m(t.exact), source: t.exact.source } } : {}),
    notes: t.notes,
  };
}
