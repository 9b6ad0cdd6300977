import type { Alternative, Expectation, Prediction } from '../core/result.js';
import { judge } from './verdict.js';

/** What an experiment states of one prediction; the verdict follows from it (stats/verdict.ts). */
interface PredictionBase {
  id: string;
  description: string;
  predicted: number;
  measured: number;
  stdError: number;
  /** allowed |z|, in standard errors (default 4) */
  tolerance?: number;
  /** one line with the key numbers and their spread, printed under the verdict row */
  summary?: string;
  /** outside the theory's region: the reason (the verdict is then N/E) */
  notEvaluable?: string;
}

/**
 * A judged prediction names its alternative (a competing value, or the smallest relevant
 * difference: see stats/alternatives.ts); an INFO row ('not-judged') may leave it out.
 */
export type PredictionInput = PredictionBase & (
  | { expect?: 'agree'; alternative: Alternative; sided?: undefined }
  | { expect: 'disagree'; alternative: Alternative; sided?: 'above' | 'below' }
  | { expect: 'not-judged'; alternative?: Alternative; sided?: undefined }
);

/** Build a Prediction: its z-score and its verdict. */
export function comparePrediction(p: PredictionInput): Prediction {
  const tolerance = p.tolerance ?? 4;
  const expect: Expectation = p.expect ?? 'agree';
  return withVerdict({
    id: p.id,
    description: p.description,
    predicted: p.predicted,
    measured: p.measured,
    stdError: p.stdError,
    tolerance,
    z: 0,
    expect,
    ...(p.sided ? { sided: p.sided } : {}),
    ...(p.alternative ? { alternative: p.alternative } : {}),
    verdict: 'N/E',
    pass: false,
    ...(p.notEvaluable ? { notEvaluable: p.notEvaluable } : {}),
    ...(p.summary !== undefined ? { summary: p.summary } : {}),
  });
}

/**
 * The prediction with its verdict, z, pass and reason recomputed from its numbers (after an
 * `expect` declared in the scenario replaced the kind's, for instance). A reason of being outside
 * the theory's region is kept; an earlier "inconclusive" or "not finite" reason is recomputed.
 */
export function withVerdict(p: Prediction, outsideRegion: string | undefined = regionReason(p)): Prediction {
  const j = judge({ ...p, notEvaluable: outsideRegion });
  const { notEvaluable: _old, ...rest } = p;
  void _old;
  return { ...rest, z: j.z, verdict: j.verdict, pass: j.verdict === 'PASS', ...(j.notEvaluable ? { notEvaluable: j.notEvaluable } : {}) };
}

/**
 * A reason of not being evaluable that the verdict rule did not write itself (the kind's: outside
 * the theory's region, one seed, …). The rule's own reasons start with "inconclusive:" or "not
 * evaluable:" and are recomputed whenever the prediction is judged again.
 */
export function isRegionReason(why: string | undefined): why is string {
  return why !== undefined && !/^(inconclusive|not evaluable): /.test(why);
}

function regionReason(p: Prediction): string | undefined {
  return isRegionReason(p.notEvaluable) ? p.notEvaluable : undefined;
}
