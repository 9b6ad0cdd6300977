import type { Cell } from '../../core/cell.js';
import { resolveSpectrum } from '../../scenario/common.js';
import type { SmeLevelPayload } from './cells/sme-level.js';
import { testProblem, type IntegratorPayload, type IntegratorProblem } from './cells/integrator.js';
import { integrators, type IntegratorName } from '../../dynamics/integrators/registry.js';
import { incompatibility } from '../../dynamics/integrators/integrator.js';
import { transientStart, type TransientScenario } from './schema.js';

type TransientCell = Cell<SmeLevelPayload> | Cell<IntegratorPayload>;

/** The cells of a transient run: one per rung of the ε ladder, then the integrator studies (cell 1000, 1001, …); the order runCells, checkpoints and shards index them. */
export function transientSweep(s: TransientScenario): TransientCell[] {
  const eigenvalues = Array.from(resolveSpectrum(s.model.spectrum, s.model.dim));
  const start = Array.from(transientStart(s));
  const cells: TransientCell[] = s.lrs.map((lr, i) => ({
    task: 'transient/sme-level',
    payload: { eigenvalues, start, lr, horizon: s.horizon, paths: s.paths, seed: s.seed, cell: i },
  }));
  const integ = s.integrators;
  if (integ) {
    // every registered integrator on each problem whose noise type it integrates, in registry order
    const problems: IntegratorProblem[] = [{ kind: 'ou', params: integ.ou }, { kind: 'gbm', params: integ.gbm }];
    for (const integrator of Object.keys(integrators) as IntegratorName[]) {
      for (const problem of problems) {
        if (incompatibility(integrators[integrator], testProblem(problem).sde) !== null) continue;
        cells.push({
          task: 'transient/integrator',
          payload: { integrator, problem, horizon: integ.horizon, steps: integ.steps, paths: integ.paths, bootstrap: integ.bootstrap, seed: s.seed, cell: 1000 + cells.length - s.lrs.length },
        });
      }
    }
  }
  return cells;
}
