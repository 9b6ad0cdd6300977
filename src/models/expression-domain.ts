import type { InputProblem } from '../errors.js';
import { compileExpression } from './expression.js';
import { fmt } from '../io/format.js';

/**
 * A user's landscape must be finite on the box it is integrated over and started in: log(x) on
 * [-1, 1] would otherwise fail deep inside the Gibbs quadrature or turn SGD's first step into NaN.
 * Checked before any work on a grid that includes the box's corners, centre and edges. The value
 * must be finite everywhere; the gradient at the centre, where replicas start (elsewhere a kink,
 * such as abs(x) at 0, is hit with probability zero). `expression` has passed expressionProblems.
 */
const POINTS_PER_AXIS = 41;

export function finiteOnDomainProblems(
  expression: string,
  variables: readonly string[],
  domain: readonly (readonly [number, number])[],
  path: string,
  domainPath: string,
  options: { shift?: readonly number[]; gradient?: boolean } = {},
): InputProblem[] {
  const shift = options.shift ?? [];
  let f;
  try {
    f = compileExpression(expression, variables);
  } catch (err) {
    return [{ path, message: `cannot be compiled: ${(err as Error).message}`, value: expression }];
  }
  const d = variables.length;
  if (domain.length !== d || domain.some(([lo, hi]) => !(lo < hi))) return []; // the domain's own problems are reported elsewhere
  const g = new Float64Array(d);
  const m = POINTS_PER_AXIS;
  const [x0, x1] = domain[0];
  const [y0, y1] = d > 1 ? domain[1] : [0, 0];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < (d > 1 ? m : 1); j++) {
      const x = x0 + ((x1 - x0) * i) / (m - 1) - (shift[0] ?? 0);
      const y = d > 1 ? y0 + ((y1 - y0) * j) / (m - 1) - (shift[1] ?? 0) : 0;
      const v = f.value(x, y);
      const centre = options.gradient === true && 2 * i === m - 1 && (d === 1 || 2 * j === m - 1);
      if (centre) f.gradient(x, y, g);
      if (!Number.isFinite(v) || (centre && !g.every(Number.isFinite))) {
        const at = d > 1 ? `(${fmt(x)}, ${fmt(y)})` : `x = ${fmt(x)}`;
        const message = Number.isFinite(v)
          ? `its gradient is not finite at ${at}, the centre of ${domainPath} where every replica starts: SGD needs a finite gradient there (move the domain or change the expression)`
          : `it is not finite at ${at}, inside ${domainPath}: the loss must be finite on the whole domain (narrow the domain or change the expression)`;
        return [{ path, message, value: expression }];
      }
    }
  }
  return [];
}
