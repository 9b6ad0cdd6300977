/**
 * What a `--quick` run is, said under its verdict table (terminal, merge) and in report.html: the
 * quick overrides cut replicas, steps, seeds and grid points to check that the pipeline runs end to
 * end, not to reproduce the experiment at a smaller size, so its verdicts carry little weight.
 */
export const QUICK_RUN_NOTE =
  'quick run (--quick): a smoke test of the pipeline, not a reduced reproduction. The scenario\'s quick overrides cut replicas, steps, seeds and grid points ' +
  'until the run takes seconds; the verdicts use the full run\'s tolerances on far less data, so a FAIL here may only mean the run is too short to resolve ' +
  'or reach the effect, and a PASS is weak evidence. Judge the predictions on the full run (without --quick).';
