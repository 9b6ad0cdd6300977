/**
 * Spearman's rank correlation: Pearson's correlation of the ranks, ties given their average rank.
 * Under independence (no ties) its standard error is 1/√(n−1); that is the scale used where a
 * scenario states a rank correlation as a prediction.
 */
export function ranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Float64Array(n);
  let k = 0;
  while (k < n) {
    let end = k;
    while (end + 1 < n && values[order[end + 1]] === values[order[k]]) end++;
    const avg = (k + end) / 2 + 1;
    for (let m = k; m <= end; m++) out[order[m]] = avg;
    k = end + 1;
  }
  return out;
}

/** ρ_s of two equally long series; NaN when either is constant or shorter than 2. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`spearman: series of lengths ${a.length} and ${b.length}`);
  const n = a.length;
  if (n < 2) return Number.NaN;
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = ra[i] - mean;
    const y = rb[i] - mean;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}
