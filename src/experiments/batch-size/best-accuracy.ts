/**
 * Network sweeps: the best cell of each point (the highest mean test accuracy over the B grid,
 * with its standard error over runs), and along a swept axis the best accuracy per value and how
 * the largest value's best compares with the best of the others (Smith & Le Fig 5: does the best
 * accuracy fall at the largest ε?). A cell's accuracy is 1 − its objective (the mean test error
 * over runs, a diverged run at chance). The best of several cells is biased upwards by about one
 * standard error (a maximum of noisy means); the differences below share that bias.
 */
export interface AccuracyCell {
  batchSize: number;
  accuracy: number;
  stdError: number;
}

export interface BestCell extends AccuracyCell {}

/** The cell of highest accuracy among those `keep` admits (null when none has a finite accuracy). */
export function bestCell(cells: readonly AccuracyCell[], keep: (c: AccuracyCell) => boolean = () => true): BestCell | null {
  let best: AccuracyCell | null = null;
  for (const c of cells) {
    if (!keep(c) || !Number.isFinite(c.accuracy)) continue;
    if (best === null || c.accuracy > best.accuracy) best = c;
  }
  return best === null ? null : { batchSize: best.batchSize, accuracy: best.accuracy, stdError: best.stdError };
}

export interface BestAlongAxis {
  /** the axis values in ascending order, and each one's best cell */
  values: number[];
  labels: string[];
  best: (BestCell | null)[];
  /** best accuracy at the largest value minus the highest best among the others, with its standard error */
  largestMinusOthers: { value: number; stdError: number; largest: number; bestOther: number } | null;
}

export function bestAlongAxis(points: readonly { label: string; value: number; cells: readonly AccuracyCell[] }[]): BestAlongAxis {
  const sorted = [...points].sort((a, b) => a.value - b.value);
  const best = sorted.map((p) => bestCell(p.cells));
  const last = best[best.length - 1];
  const others = best.slice(0, -1).map((b, i) => ({ b, value: sorted[i].value })).filter((o): o is { b: BestCell; value: number } => o.b !== null);
  let largestMinusOthers: BestAlongAxis['largestMinusOthers'] = null;
  if (last && others.length > 0) {
    const top = others.reduce((a, o) => (o.b.accuracy > a.b.accuracy ? o : a));
    largestMinusOthers = {
      value: last.accuracy - top.b.accuracy,
      stdError: Math.hypot(last.stdError, top.b.stdError),
      largest: sorted[sorted.length - 1].value,
      bestOther: top.value,
    };
  }
  return { values: sorted.map((p) => p.value), labels: sorted.map((p) => p.label), best, largestMinusOthers };
}
