import type { BatchSizeScenario } from './schema.js';
import type { BatchSizeSweep } from './sweep.js';
import type { ToyTheory } from './toy-theory.js';
import { buildPotential } from '../../models/potential.js';
import { curvatureAt, stabilityWarning } from '../common/stability.js';

/**
 * Stability of the batch-size sweep before it runs (toy potential only: a network's curvature is
 * not known in advance, and a diverged network cell is recorded as chance, not an error). Every
 * outer point (ε, m) is checked at the replicas' starting point (the centre of model.domain) and
 * at the largest curvature where the stationary density lives (the minima; from the Gibbs theory).
 */
export function sweepStabilityWarnings(s: BatchSizeScenario, sweep: BatchSizeSweep, toy: ToyTheory | undefined): string[] {
  if (s.model.kind !== 'potential') return [];
  const model = buildPotential(s.model, s.seed);
  const start = Float64Array.from(s.model.domain.map(([lo, hi]) => (lo + hi) / 2));
  const atStart = curvatureAt(model, start);
  const warnings: string[] = [];
  for (const p of sweep.points) {
    const label = sweep.points.length > 1 ? ` (${p.label})` : '';
    const a = stabilityWarning(`at the starting point [${Array.from(start).join(', ')}]${label}`, p.lr, p.momentum, atStart);
    const b = stabilityWarning(`near the minima${label}`, p.lr, p.momentum, toy?.largestCurvature);
    for (const w of [a, b]) if (w) warnings.push(w);
  }
  return warnings;
}
