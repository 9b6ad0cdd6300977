import type { Dataset } from '../../data/dataset.js';
import { appendBias } from '../../data/design-matrix.js';
import { logisticCrossEntropy } from '../../models/logistic/link.js';
import { gramRows, matVec } from '../../linalg/gram.js';
import { cheaperSide, createLogisticMinimizer } from '../../models/logistic/minimizer.js';
import { evidenceAtMinimum, type EvidencePoint } from '../../theory/evidence.js';
import type { ProgressTask } from '../../core/progress.js';

/**
 * One λ sweep of the evidence experiment (Smith & Le 2017 §3) on one label set: the exact minimum
 * of C at every λ, its Laplace evidence, and how the minimum does on training and test data.
 * Points are solved from the largest λ down, each warm-started from its neighbour (the minimum
 * moves smoothly with λ and is easiest to find where the prior dominates).
 */
export interface EvidenceRow extends EvidencePoint {
  trainAccuracy: number;
  testAccuracy: number | null;
  /** mean cross-entropy per example, without the regulariser */
  trainCrossEntropy: number;
  testCrossEntropy: number | null;
  /** mean signed logit margin (2y − 1) x·ω₀ on the training set */
  meanMargin: number;
  /** fraction of test examples predicted as class 1 (sets the chance level for random labels) */
  testPredictedPositive: number | null;
}

/** Training and test inputs with the bias column, shared by the label sets (and the Gram matrix with them). */
export interface EvidenceDesign {
  train: Dataset;
  test: Dataset | null;
  side: 'dual' | 'primal';
  gram?: Float64Array;
}

/** Append the bias and, when the dual side is cheaper, form X Xᵀ once for every label set. */
export function evidenceDesign(train: Dataset, test: Dataset | null): EvidenceDesign {
  const tr = appendBias(train);
  const te = test ? appendBias(test) : null;
  const side = cheaperSide(tr.n, tr.d);
  return { train: tr, test: te, side, ...(side === 'dual' ? { gram: gramRows(tr.x, tr.n, tr.d) } : {}) };
}

/** Sweep `lambdas` (any order) with labels yTrain / yTest on the design's inputs; rows in the order of `lambdas`. */
export function lambdaChain(
  design: EvidenceDesign,
  yTrain: Float64Array,
  yTest: Float64Array | null,
  lambdas: readonly number[],
  task?: ProgressTask,
): EvidenceRow[] {
  const { train, test } = design;
  const problem = { n: train.n, d: train.d, x: train.x, y: yTrain };
  const minimizer = createLogisticMinimizer(problem, { side: design.side, gram: design.gram });
  const order = lambdas.map((_, k) => k).sort((a, b) => lambdas[b] - lambdas[a]);
  const rows: EvidenceRow[] = new Array(lambdas.length);
  const testMargins = test ? new Float64Array(test.n) : null;
  order.forEach((k, done) => {
    const min = minimizer.minimize(lambdas[k]);
    const point = evidenceAtMinimum(min, train.n, train.d);
    const fit = scores(min.margins, yTrain);
    let testFit: { accuracy: number; crossEntropy: number; positive: number } | null = null;
    if (test && testMargins && yTest) {
      matVec(test.x, test.n, test.d, min.w, testMargins);
      testFit = scores(testMargins, yTest);
    }
    rows[k] = {
      ...point,
      trainAccuracy: fit.accuracy,
      testAccuracy: testFit ? testFit.accuracy : null,
      trainCrossEntropy: fit.crossEntropy,
      testCrossEntropy: testFit ? testFit.crossEntropy : null,
      meanMargin: fit.margin,
      testPredictedPositive: testFit ? testFit.positive : null,
    };
    task?.tick(done + 1);
  });
  return rows;
}

/** Accuracy (z > 0 predicts class 1), mean cross-entropy, mean signed margin and fraction predicted 1. */
function scores(z: Float64Array, y: Float64Array): { accuracy: number; crossEntropy: number; margin: number; positive: number } {
  const n = z.length;
  let ok = 0;
  let positive = 0;
  let ce = 0;
  let margin = 0;
  for (let i = 0; i < n; i++) {
    if (z[i] > 0) positive++;
    if ((z[i] > 0 ? 1 : 0) === y[i]) ok++;
    ce += logisticCrossEntropy(z[i], y[i]);
    margin += (2 * y[i] - 1) * z[i];
  }
  return { accuracy: ok / n, crossEntropy: ce / n, margin: margin / n, positive: positive / n };
}
