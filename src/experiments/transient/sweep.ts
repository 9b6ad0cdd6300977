import type { Cell } from '../../core/cell.js';
import { resolveSpectrum } from '../../scenario/common.js';
import type { SmeLevelPayload } from './cells/sme-level.js';
import type { IntegratorPayload } from './cells/integrator.js';
import { transientStart, type TransientScenario } from './schema.js';

type TransientCell = Cell<SmeLevelPayload> | Cell<IntegratorPayload>;

/** The cells of a transient run: one per rung of the ε ladder, then the integrator studies; the order runCells, checkpoints and shards index them. */
export function planTransient(s: TransientScenario): TransientCell[] {
  const eigenvalues = Array.from(resolveSpectrum(s.model.spectrum, s.model.dim));
  const start = Array.from(transientStart(s));
  const cells: TransientCell[] = s.lrs.map((lr, i) => ({
    task: 'transient/sme-level',
    payload: { eigenvalues, start, lr, horizon: s.horizon, paths: s.paths, seed: s.seed, cell: i },
  }));
  const integ = s.integrators;
  if (integ) {
    const problems = [{ kind: 'ou' as const, params: integ.ou }, { kind: 'gbm' as const, params: integ.gbm }];
    problems.forEach((problem, k) => cells.push({
      task: 'transient/integrator',
      payload: { problem, horizon: integ.horizon, steps: integ.steps, paths: integ.paths, bootstrap: integ.bootstrap, seed: s.seed, cell: 1000 + k },
    }));
  }
  return cells;
}
