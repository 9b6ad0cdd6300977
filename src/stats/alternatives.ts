import type { Alternative } from '../core/result.js';
import { chiSquareNormalScore } from './chi-square.js';

/**
 * The alternatives a prediction names (stats/verdict.ts): what it must be able to tell itself
 * from before a PASS means anything. Three kinds:
 * - a competing value with a name (a slope of 0 when "B_opt does not move"; the other order of a
 *   scheme; the right theory of a contrast);
 * - the smallest relevant difference: RELEVANT_DIFFERENCE of the predicted value, for a match with
 *   a theory when no competing theory is at hand (a 10% error in a covariance, an escape time, a
 *   critical batch size is one a user of the theory would care about);
 * - for a chi-square over cells, stated as its Wilson–Hilferty score, the score the competing
 *   hypothesis would typically give: χ² at its mean dof + λ, λ the noncentrality (the sum of the
 *   squared standardised differences the alternative puts into the cells).
 */
export const RELEVANT_DIFFERENCE = 0.1;

export function named(value: number, means: string): Alternative {
  return { value, means };
}

/** predicted · (1 + fraction): "a 10% difference" (for a predicted 0 give `scale`, the size a difference is relative to). */
export function relevantDifference(predicted: number, fraction = RELEVANT_DIFFERENCE, scale = Math.abs(predicted)): Alternative {
  return { value: predicted + fraction * scale, means: `${percent(fraction)} off: the smallest relevant difference` };
}

/** The Wilson–Hilferty score of a chi-square on `dof` degrees of freedom at its mean under noncentrality λ. */
export function chiSquareScoreUnder(dof: number, noncentrality: number): number {
  return chiSquareNormalScore(dof + noncentrality, dof);
}

/** A chi-square's alternative: the competing hypothesis moves each cell by `shifts[i]` standard errors. */
export function chiSquareAlternative(dof: number, shifts: readonly number[], means: string): Alternative {
  const noncentrality = shifts.reduce((s, x) => s + x * x, 0);
  return { value: chiSquareScoreUnder(dof, noncentrality), means: `${means} (χ² ≈ ${(dof + noncentrality).toPrecision(3)} on ${dof} dof)` };
}

/** A chi-square's smallest relevant alternative: every cell off by `fraction` of its predicted value. */
export function chiSquareRelevantDifference(dof: number, predicted: readonly number[], stdErrors: readonly number[], fraction = RELEVANT_DIFFERENCE): Alternative {
  return chiSquareAlternative(dof, predicted.map((p, i) => (fraction * Math.abs(p)) / stdErrors[i]), `every cell ${percent(fraction)} off: the smallest relevant difference`);
}

function percent(fraction: number): string {
  return `${Number((100 * fraction).toPrecision(3))}%`;
}
