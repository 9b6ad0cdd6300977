/** A labelled data set: n examples of d features (row-major) and one label each. */
export interface Dataset {
  n: number;
  d: number;
  x: Float64Array; // n×d
  y: Float64Array; // n (real targets, or class indices 0..k−1 stored as numbers)
}

/** Rows `idx` of a data set, in that order. */
export function subset(data: Dataset, idx: ArrayLike<number>): Dataset {
  const n = idx.length;
  const x = new Float64Array(n * data.d);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const i = idx[r];
    x.set(data.x.subarray(i * data.d, (i + 1) * data.d), r * data.d);
    y[r] = data.y[i];
  }
  return { n, d: data.d, x, y };
}
