import type { Experiment } from '../../core/experiment.js';
import type { ExperimentOutput } from '../../core/result.js';
import { transientSchema, transientChecks, transientStart, type TransientScenario } from './schema.js';
import type { SmeLevelResult } from './cells/sme-level.js';
import type { IntegratorResult } from './cells/integrator.js';
import { transientSweep } from './sweep.js';
import { analyseTransient } from './analysis.js';
import { resolveSpectrum } from '../../scenario/common.js';
import { transientPredictionPatterns } from './prediction-ids.js';

/**
 * Finite-horizon weak error (docs/theory.md §5, Li–Tai–E): at fixed T, for a ladder of ε, the gap
 * |E L_SGD(T) − E L_SME(T)| shrinks like ε for SME-1 and ε² for SME-2 — closed forms with the
 * exact SGD moments, and a Monte Carlo on shared Brownian paths with standard errors. Beside it,
 * each registered integrator's own orders on OU and GBM (those whose noise type it integrates).
 * Every rung of the ladder and each integrator study is an independent cell on the worker pool.
 */
export { transientSchema };
export type { TransientScenario };

export const transient: Experiment<TransientScenario> = {
  kind: 'transient',
  summary: "weak error of SME-1 and SME-2 against SGD at fixed T on the Li–Tai–E model (slopes 1 and 2 in ε); the registered integrators' strong and weak orders on OU and GBM",
  schema: transientSchema,
  predictionIds: () => transientPredictionPatterns(),
  checks: (s) => transientChecks(s),
  async run(s, ctx): Promise<ExperimentOutput> {
    const cells = transientSweep(s);
    const studies = cells.length - s.lrs.length;
    ctx.progress.info(`transient: ${s.lrs.length} learning rates × ${s.paths} paths${studies ? ` + ${studies} integrator studies` : ''} on ${Math.min(ctx.workers, cells.length)} worker(s)`);
    const results = await ctx.runCells<SmeLevelResult | IntegratorResult>(cells, 'transient cells', { resumable: true });
    const levels = results.slice(0, s.lrs.length) as SmeLevelResult[];
    const integrators = results.slice(s.lrs.length) as IntegratorResult[];
    const analysis = analyseTransient(levels, integrators, s.tolerance);
    return {
      predictions: analysis.predictions,
      measured: {
        ladder: levels.map((l) => ({
          lr: l.lr,
          steps: l.steps,
          paths: l.monteCarlo.paths,
          sgd: l.monteCarlo.sgd,
          // weakError: paired differences with the exact SGD moments as control variate; pairedWeakError: without it
          sme1: { loss: l.monteCarlo.sme1.loss, weakError: l.monteCarlo.sme1.error, pairedWeakError: l.monteCarlo.sme1.paired },
          sme2: { loss: l.monteCarlo.sme2.loss, weakError: l.monteCarlo.sme2.error, pairedWeakError: l.monteCarlo.sme2.paired },
        })),
        slopes: analysis.slopes,
        integrators,
      },
      theory: {
        model: 'ℓ_γ(x) = ½(x−γ)ᵀH(x−γ) − ½ tr H, γ ~ N(0, I); L(x) = ½xᵀHx; noise covariance H²',
        sme1: 'dX = −HX dt + √ε H dW',
        sme2: 'dX = −H(I + (ε/2)H)X dt + √ε H dW  (drift −∇(L + (ε/4)|∇L|²))',
        sgd: 'm_{k+1} = (1 − ελ)² m_k + ε²λ² per eigen-direction (exact)',
        eigenvalues: Array.from(resolveSpectrum(s.model.spectrum, s.model.dim)),
        start: Array.from(transientStart(s)),
        horizon: s.horizon,
        closedForm: levels.map((l) => l.closedForm),
        expectedOrders: { sme1: 1, sme2: 2 },
      },
      warnings: analysis.warnings,
    };
  },
};
