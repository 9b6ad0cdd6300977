/**
 * Golden-section search: minimises a unimodal f on [lo, hi] by shrinking the bracket by the factor
 * (√5 − 1)/2 per evaluation, reusing one interior point each step, until it is narrower than tol.
 */
/** Minimise a unimodal f on [lo, hi]; returns [argmin, min]. */
export function goldenSection(f: (x: number) => number, lo: number, hi: number, tol: number): [number, number] {
  const r = (Math.sqrt(5) - 1) / 2;
  let a = lo, b = hi;
  let c = b - r * (b - a), d = a + r * (b - a);
  let fc = f(c), fd = f(d);
  while (b - a > tol) {
    if (fc < fd) { b = d; d = c; fd = fc; c = b - r * (b - a); fc = f(c); }
    else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = f(d); }
  }
  const x = (a + b) / 2;
  return [x, f(x)];
}
