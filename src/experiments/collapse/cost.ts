import type { SweepCells, CellEstimate } from '../../core/cell.js';
import type { CollapseScenario } from './schema.js';
import { collapseSweep } from './sweep.js';
import { BURN_IN_CAP, type CollapseCellPayload } from './cells.js';
import { addModelBuilds, addRecordedSteps, addSgdSteps, addStationaryTheory, ensembleSeconds, noUnits } from '../common/ensemble-cost.js';
import { curvatureAtMinimum } from '../common/stationary-theory.js';
import { buildModel } from '../../models/registry.js';
import type { Loss } from '../../models/loss.js';
import { effectiveLearningRate } from '../../dynamics/effective-learning-rate.js';

/**
 * The cost model of a collapse sweep (run --plan, --shard): one cell per (ε, B, N, m) as
 * collapseSweep lists them, each an SGD ensemble on its loaded model (common/ensemble-cost.ts): its
 * N, d and the Hessian's smallest eigenvalue at the minimum (the data's XᵀX/N for least squares,
 * CSV data included) set the burn-in as the cell sets it (auto: 10 / λ_min of SDE time, at most
 * BURN_IN_CAP steps), then (burn-in + recorded) steps × replicas, the recorded moments, the
 * stationary theory of the cell and, once per distinct model, the model itself.
 *
 * The cells come from the experiment's own sweep (sweep.ts), so the list cannot drift from what runs.
 */
export function collapseSweepCells(s: CollapseScenario, baseDir: string): SweepCells {
  const cells = collapseSweep(s, baseDir);
  const models = new Map<string, { loss: Loss; lambdaMin: number }>();
  const modelOf = (p: CollapseCellPayload) => {
    const key = JSON.stringify(p.model);
    let m = models.get(key);
    if (!m) {
      const loss = buildModel(p.model, { seed: p.modelSeed, baseDir: p.baseDir });
      let lambdaMin = 1e-12;
      try {
        lambdaMin = curvatureAtMinimum(loss).eigenvalues[0];
      } catch {
        // no minimum: the cell will say so; cost it at the burn-in cap
      }
      m = { loss, lambdaMin };
      models.set(key, m);
    }
    return m;
  };
  const estimates = cells.map((cell, index): CellEstimate => {
    const p = cell.payload as CollapseCellPayload;
    const { loss, lambdaMin } = modelOf(p);
    const { n, dim: d } = loss;
    const lrEff = effectiveLearningRate(p.lr, p.momentum);
    const burnInTime = p.burnIn === 'auto' ? 10 / Math.max(lambdaMin, 1e-12) : p.burnIn;
    const burnIn = Math.min(BURN_IN_CAP, Math.ceil(burnInTime / lrEff));
    const recorded = Math.ceil(p.time / lrEff);
    const units = noUnits();
    addSgdSteps(units, loss, p.batchSize, p.replicas * (burnIn + recorded));
    addRecordedSteps(units, d, p.replicas * Math.floor(recorded / p.thin));
    addStationaryTheory(units, loss, loss.exactStationary?.().family === 'least-squares' && p.momentum === 0);
    addModelBuilds(units, loss, 1);
    return {
      index,
      label: `ε=${p.lr} B=${p.batchSize} N=${n} m=${p.momentum}`,
      seconds: ensembleSeconds(units),
      bytes: 8 * (n * d * 2 + p.replicas * d * 4 + d * d * 8),
    };
  });
  const first = cells.length > 0 ? modelOf(cells[0].payload as CollapseCellPayload).loss : undefined;
  return { cells, estimates, ...(first && s.model.kind === 'linear-regression' && s.model.csv ? { basis: `N = ${first.n}, d = ${first.dim} from ${s.model.csv}` } : {}) };
}
