import { describe, it, expect } from 'vitest';
import { compileExpression, expressionProblems } from '../../src/models/expression.js';
import { parseScenario } from '../../src/run/load-scenario.js';
import { InputError } from '../../src/errors.js';

/** Central differences, for checking the symbolic derivatives. */
function numericGradient(f: (x: number, y: number) => number, x: number, y: number): [number, number] {
  const h = 1e-6;
  return [(f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h)];
}

describe('restricted mathjs expressions', () => {
  it.each([
    ['import("fs", {})', 'import'],
    ['createUnit("parsec")', 'createUnit'],
    ['evaluate("1+1")', 'evaluate'],
    ['parse("x")', 'parse'],
    ['simplify(x)', 'simplify'],
    ['x + z', 'z'],
    ['exp(q)', 'q'],
  ])('rejects %s naming "%s" and the JSON path', (source, symbol) => {
    const problems = expressionProblems(source, ['x', 'y'], 'model.loss');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].path).toBe('model.loss');
    expect(problems[0].message).toContain(`"${symbol}"`);
    expect(problems[0].value).toBe(symbol);
  });

  it.each(['f(x) = x^2', 'a = 3', 'x > 0 ? x : 0', '[x, y]', 'x; y', '"text"', 'x!', 'x.y'])('rejects non-expression syntax %s', (source) => {
    expect(expressionProblems(source, ['x', 'y'], 'model.loss').length).toBeGreaterThan(0);
  });

  it('rejects y in a 1-D expression and reports parse errors', () => {
    expect(expressionProblems('x + y', ['x'], 'p')[0].message).toContain('"y"');
    expect(expressionProblems('x + (', ['x'], 'p')[0].message).toContain('not a valid expression');
  });

  it('accepts the whitelist and differentiates it exactly (gradient and Hessian vs finite differences)', () => {
    const src = 'tanh(x) * abs(y) + log(x, 2) + sec(x) + cbrt(x) + atan(y) + acosh(x + 2) + coth(x) + pi * e * pow(y, 3) + sqrt(x^2 + 1) + exp(-x*y)';
    expect(expressionProblems(src, ['x', 'y'], 'p')).toEqual([]);
    const c = compileExpression(src, ['x', 'y']);
    const g = new Float64Array(2);
    const h = new Float64Array(4);
    for (const [x, y] of [[0.7, -0.4], [1.3, 0.9], [0.2, 2.1]]) {
      c.gradient(x, y, g);
      const [nx, ny] = numericGradient(c.value, x, y);
      expect(g[0]).toBeCloseTo(nx, 6);
      expect(g[1]).toBeCloseTo(ny, 6);
      c.hessian(x, y, h);
      const gx = (a: number, b: number) => { const o = new Float64Array(2); c.gradient(a, b, o); return o; };
      const eps = 1e-6;
      expect(h[0]).toBeCloseTo((gx(x + eps, y)[0] - gx(x - eps, y)[0]) / (2 * eps), 4);
      expect(h[1]).toBeCloseTo((gx(x, y + eps)[0] - gx(x, y - eps)[0]) / (2 * eps), 4);
      expect(h[1]).toBe(h[2]);
      expect(h[3]).toBeCloseTo((gx(x, y + eps)[1] - gx(x, y - eps)[1]) / (2 * eps), 4);
    }
  }); // mathjs' symbolic simplification of a long expression takes a few seconds

  it('compiles 1-D expressions', () => {
    const c = compileExpression('x^4 / 4 - x^2 / 2', ['x']);
    const g = new Float64Array(1);
    const h = new Float64Array(1);
    c.gradient(1.5, 0, g);
    c.hessian(1.5, 0, h);
    expect(c.value(1.5, 0)).toBeCloseTo(1.5 ** 4 / 4 - 1.5 ** 2 / 2, 14);
    expect(g[0]).toBeCloseTo(1.5 ** 3 - 1.5, 12);
    expect(h[0]).toBeCloseTo(3 * 1.5 ** 2 - 1, 12);
  });

  it('a scenario with a forbidden symbol fails validation with the path of the expression', () => {
    const raw = {
      experiment: 'batch-size',
      model: { kind: 'potential', n: 100, noise: { variance: 1 }, loss: 'x^2 + evaluate("1")', variables: ['x'], domain: [[-2, 2]], test: { shift: [0.1] } },
      optimizer: { lr: 0.1 },
      batchSizes: [2, 4, 8],
      run: { steps: 10 },
    };
    let err: unknown;
    try { parseScenario(raw); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(InputError);
    const problems = (err as InputError).problems;
    expect(problems.some((p) => p.path === 'model.loss' && p.message.includes('"evaluate"'))).toBe(true);
  });
});
