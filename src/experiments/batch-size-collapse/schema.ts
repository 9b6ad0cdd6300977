import { z } from 'zod';
import { resolve } from 'node:path';
import { envelopeFields } from '../../scenario/common.js';
import type { InputProblem } from '../../errors.js';

/**
 * Scenario of the `batch-size-collapse` experiment: which variable collapses the test accuracy of
 * network batch-size sweeps onto one curve, the noise scale g = ε(N/B − 1)/(1−m) or the step
 * ε/(B(1−m))? It runs nothing: it pools the cells of results.json files written earlier by
 * `batch-size` runs of the network (Smith & Le Figs 4–7, an N sweep) and fits both (analysis.ts).
 */
const MAX_SOURCES = 100;

export const batchSizeCollapseSchema = z.strictObject({
  experiment: z.literal('batch-size-collapse'),
  ...envelopeFields,
  sources: z.array(z.string().min(1)).min(1).max(MAX_SOURCES)
    .describe('results.json files of `batch-size` runs of the network (model.kind "mlp"), paths relative to this scenario; their cells are pooled'),
  lambda: z.number().min(0).default(0)
    .describe('use only the sweep points at this L2 coefficient λ (summed convention): another λ is another model, which g does not describe'),
  fit: z.strictObject({
    bandwidth: z.union([z.literal('grid'), z.number().positive()]).default('grid')
      .describe("standard deviation h of the Gaussian kernel of the common curve, in ln x (natural log); 'grid' (default): half the grid spacing, the median over points of the median ln(B_{k+1}/B_k) of a point's batch grid, divided by 2 (full width at half maximum ≈ one grid step, so an edge one step wide is resolved; the same h for both variables)"),
  }).default({ bandwidth: 'grid' }),
  tolerance: z.number().positive().default(4).describe('allowed normal score of each χ² (Wilson–Hilferty), in standard errors'),
});
export type BatchSizeCollapseScenario = z.infer<typeof batchSizeCollapseSchema>;

/** Cross-field checks: each file named once. */
export function batchSizeCollapseChecks(s: BatchSizeCollapseScenario, baseDir: string): InputProblem[] {
  const problems: InputProblem[] = [];
  const seen = new Map<string, number>();
  (Array.isArray(s.sources) ? s.sources : []).forEach((path, i) => {
    if (typeof path !== 'string') return;
    const full = resolve(baseDir, path);
    const first = seen.get(full);
    if (first !== undefined) problems.push({ path: `sources[${i}]`, message: `names the same file as sources[${first}]: its cells would count twice`, value: path });
    else seen.set(full, i);
  });
  return problems;
}
