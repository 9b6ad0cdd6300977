/**
 * The coarse whole-run cost of a batch-size-collapse scenario (run --plan): it trains nothing. Per
 * source, reading and validating a results.json of a few hundred kilobytes, and the fits: ten
 * backfitted local-linear curves (two variables at three bandwidths, and four noise-free refits for
 * the power), each O(cells²) per iteration, well under a second for the few hundred cells of a
 * network sweep. Memory: the parsed results and the cells.
 */
export function batchSizeCollapseRunEstimate(scenario: unknown): { seconds: number; bytes: number } {
  const sources = (scenario as { sources?: unknown[] }).sources?.length ?? 1;
  return { seconds: 1 + 0.5 * sources, bytes: 64 * 1024 * 1024 + 8 * 1024 * 1024 * sources };
}
