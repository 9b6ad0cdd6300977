/**
 * The sample mean and the unbiased sample variance (divisor n − 1) of a list of numbers, summed in
 * index order (two passes: the variance sums squared deviations from the mean). Empty input has
 * mean NaN; a single value has variance NaN (0/0).
 */

export function mean(x: readonly number[]): number {
  if (x.length === 0) return Number.NaN;
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

/** Sample variance (n − 1). */
export function variance(x: readonly number[]): number {
  const m = mean(x);
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return s / (x.length - 1);
}
