import { z } from 'zod';
import type { Result } from '../../core/result.js';
import { resultNumber, resultVector } from '../../core/result-schema.js';
import { InputError, type InputProblem } from '../../errors.js';
import { MNIST_COUNTS } from '../../data/mnist-full.js';

/**
 * From the batch-size results a collapse scenario names to the cells it fits. The runner has
 * already validated every file against the batch-size result schema (run/result-inputs.ts); this
 * file reads the fields the collapse uses through a narrow view of that schema (a kind imports no
 * other kind), and refuses what it cannot use: a toy-potential result (no accuracy), a point
 * without cells.
 *
 * A cell's accuracy is 1 − the sweep's objective (its mean over runs of the test error, a diverged
 * run counting as chance), its standard error the spread over runs, floored at the binomial
 * error of an accuracy on the n_test test images shared by R runs, √(a(1−a)/n_test)/√R (a(1−a) at
 * least 1/n_test): the floor matters only where the runs agree within it (e.g. every run at chance).
 */
const viewCell = z.object({ batchSize: z.number(), mean: resultNumber, stdError: resultNumber, seeds: resultVector });
const viewPoint = z.object({
  label: z.string(),
  lr: z.number(),
  n: z.number(),
  momentum: z.number(),
  lambda: z.number().optional(),
  steps: z.number(),
  cells: z.array(viewCell),
});
const viewMeasured = z.object({ points: z.array(viewPoint) });
const viewModel = z.object({
  kind: z.literal('mlp'),
  digits: z.array(z.number().int().min(0).max(9)),
  testPerClass: z.number().int().positive().optional(),
  data: z.enum(['small', 'full']).optional(),
  lambda: z.number(),
});

/** One (point, B) cell of a source, as the collapse uses it. */
export interface CollapseInputCell {
  /** index into the scenario's sources */
  source: number;
  /** index of its point among all points used (the group of its scale) */
  point: number;
  batchSize: number;
  /** mean test accuracy over runs (a diverged run at chance) */
  accuracy: number;
  /** its standard error over runs, floored (see above) */
  stdError: number;
  /** the spread's own standard error, before the floor */
  spreadStdError: number;
  runs: number;
  /** 1/K for K classes */
  chance: number;
  /** ε(N/B − 1)/(1 − m), the paper's noise scale */
  g: number;
  /** ε/(B(1 − m)), the step of the mean-loss dynamics per example */
  step: number;
}

export interface CollapseInputPoint {
  source: number;
  label: string;
  lr: number;
  n: number;
  momentum: number;
  lambda: number;
  steps: number;
  /** SDE time of the run: steps · ε/(1 − m) */
  sdeTime: number;
  testImages: number;
}

export interface CollapseInput {
  points: CollapseInputPoint[];
  cells: CollapseInputCell[];
  /** per source: points used, points at another λ, full-batch and unusable cells left out */
  sources: { path: string; name: string; quick: boolean; points: number; otherLambda: number; fullBatchCells: number; unusableCells: number }[];
}

function parseView<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems: InputProblem[] = parsed.error.issues.map((issue) => ({
    path: where,
    message: `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
  }));
  throw new InputError(problems, 'collapse sources');
}

/** Test images of a network result: testPerClass × K, or the MNIST test images of its digits. */
function testImages(model: z.infer<typeof viewModel>): number {
  if (model.testPerClass !== undefined) return model.testPerClass * model.digits.length;
  return model.digits.reduce((sum, d) => sum + MNIST_COUNTS.test[d], 0);
}

/**
 * The points at `lambda` and their cells with B < N, from every source (`results[i]` is what
 * sources[i] holds). A full batch (B = N) has g = 0, off a logarithmic axis: it is left out of both
 * fits, so both variables are judged on the same cells.
 */
export function collapseInput(paths: readonly string[], results: readonly Result[][], lambda: number): CollapseInput {
  const points: CollapseInputPoint[] = [];
  const cells: CollapseInputCell[] = [];
  const sources: CollapseInput['sources'] = [];
  results.forEach((list, source) => {
    list.forEach((result, r) => {
      const where = `sources[${source}]${list.length > 1 ? `[${r}]` : ''}`;
      const kind = (result.scenario as { model?: { kind?: unknown } }).model?.kind;
      if (kind !== 'mlp') {
        throw new InputError([{ path: where, message: `${paths[source]} is a batch-size result of model.kind ${JSON.stringify(kind)}; the collapse needs network results (model.kind "mlp"), whose objective is a test accuracy`, value: kind }], 'collapse sources');
      }
      const model = parseView(viewModel, (result.scenario as { model: unknown }).model, `${where} (scenario.model)`);
      const measured = parseView(viewMeasured, result.measured, `${where} (measured)`);
      const chance = 1 / model.digits.length;
      const nTest = testImages(model);
      const summary = { path: paths[source], name: result.name, quick: result.quick, points: 0, otherLambda: 0, fullBatchCells: 0, unusableCells: 0 };
      for (const p of measured.points) {
        const pointLambda = p.lambda ?? model.lambda;
        if (pointLambda !== lambda) {
          summary.otherLambda++;
          continue;
        }
        const index = points.length;
        let used = 0;
        for (const c of p.cells) {
          if (c.batchSize >= p.n) {
            summary.fullBatchCells++;
            continue;
          }
          const error = c.mean;
          const runs = c.seeds.length;
          if (error === null || c.stdError === null || !(runs >= 2)) {
            summary.unusableCells++;
            continue;
          }
          const accuracy = 1 - error;
          // at least one test image's worth of variance, so that an accuracy of exactly 0 or 1 keeps a finite weight
          const floor = Math.sqrt(Math.max(accuracy * (1 - accuracy), 1 / nTest) / nTest / runs);
          cells.push({
            source, point: index, batchSize: c.batchSize, accuracy,
            stdError: Math.max(c.stdError, floor), spreadStdError: c.stdError, runs, chance,
            g: (p.lr * (p.n / c.batchSize - 1)) / (1 - p.momentum),
            step: p.lr / (c.batchSize * (1 - p.momentum)),
          });
          used++;
        }
        if (used === 0) continue;
        points.push({
          source, label: p.label, lr: p.lr, n: p.n, momentum: p.momentum, lambda: pointLambda, steps: p.steps,
          sdeTime: (p.steps * p.lr) / (1 - p.momentum), testImages: nTest,
        });
        summary.points++;
      }
      sources.push(summary);
    });
  });
  return { points, cells, sources };
}
