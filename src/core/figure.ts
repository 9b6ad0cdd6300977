import type { TopLevelSpec } from 'vega-lite';

/** One figure of a result: a Vega-Lite spec plus the words that tell a reader what to look at. */
export interface Figure {
  /** file stem in the output directory, e.g. `stationary-histograms` */
  id: string;
  title: string;
  /** one or two sentences: what is drawn and what agreement looks like */
  caption: string;
  spec: TopLevelSpec;
}
