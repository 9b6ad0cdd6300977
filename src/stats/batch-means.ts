/**
 * Standard error of the mean of one autocorrelated series by non-overlapping batch means
 * (⌊√n⌋ batches): the batch averages are nearly independent once a batch is much longer than the
 * correlation time. The ensemble statistics use independent replicas instead (replica-moments.ts);
 * this is for single long chains, and to report an effective sample size.
 */
export function batchMeansStdError(series: ArrayLike<number>, batches = Math.max(2, Math.floor(Math.sqrt(series.length)))): { mean: number; stdError: number; effectiveSampleSize: number } {
  const n = series.length;
  if (n < 4) throw new RangeError(`batch means need at least 4 values, got ${n}`);
  const size = Math.floor(n / batches);
  const used = size * batches;
  let total = 0;
  for (let i = 0; i < used; i++) total += series[i];
  const mean = total / used;
  let ssBatch = 0;
  let ssAll = 0;
  for (let b = 0; b < batches; b++) {
    let s = 0;
    for (let i = b * size; i < (b + 1) * size; i++) {
      s += series[i];
      ssAll += (series[i] - mean) ** 2;
    }
    ssBatch += (s / size - mean) ** 2;
  }
  const varOfMean = ssBatch / (batches - 1) / batches;
  const varOne = ssAll / (used - 1);
  return { mean, stdError: Math.sqrt(varOfMean), effectiveSampleSize: varOfMean > 0 ? varOne / varOfMean : used };
}
