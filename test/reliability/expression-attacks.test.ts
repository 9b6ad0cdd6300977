import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { expressionProblems, compileExpression } from '../../src/models/expression.js';
import { parseScenario } from '../../src/run/load-scenario.js';
import { InputError } from '../../src/errors.js';

/**
 * User expressions (the potential model's mathjs strings) are parsed in a restricted scope: no
 * import, createUnit, evaluate, parse, simplify, function definitions or assignments; only the
 * declared variables, pi, e, arithmetic and a whitelist of functions. Everything else is rejected
 * with the offending symbol named — and nothing ever throws anything but a list of problems.
 */
const vars = ['x', 'y'];

/** [expression, a piece of text the first problem must contain] */
const attacks: [string, string][] = [
  ['import({}, {override: true})', '"import"'],
  ['f(x) = x', 'assignment'],
  ['x = 1', 'assignment'],
  ['evaluate("1")', '"evaluate"'],
  ['parse("x")', '"parse"'],
  ['simplify("x")', '"simplify"'],
  ['createUnit("foo")', '"createUnit"'],
  ['compile("x")', '"compile"'],
  ['derivative("x", "x")', '"derivative"'],
  ['cos.constructor', 'accessor'],
  ['cos["constructor"]("return process")', 'named functions'],
  ['cos["constructor"]("return process")()', 'not a valid expression'],
  ['constructor', '"constructor"'],
  ['constructor(x)', '"constructor"'],
  ['toString(x)', '"toString"'],
  ['__proto__', '"__proto__"'],
  ['hasOwnProperty(x)', '"hasOwnProperty"'],
  ['valueOf', '"valueOf"'],
  ['"abc"', 'strings'],
  ['[1, 2]', 'array'],
  ['[x, y] * [x, y]', 'array'],
  ['{a: 1}', 'object'],
  ['z + 1', '"z"'],
  ['x + theta', '"theta"'],
  ['5 cm', '"cm"'],
  ['x > 0 ? x : -x', 'conditional'],
  ['1:3', 'range'],
  ['x; y', 'block'],
  ['x[1]', 'accessor'],
  ["x'", "operator \"'\""],
  ['x!', 'operator "!"'],
  ['x mod 2', 'operator "mod"'],
  ['x == 1', 'operator "=="'],
  ['x and y', 'operator "and"'],
  ['1e400 * x', 'finite numbers'],
  ['NaN', 'finite numbers'],
  ['Infinity', 'finite numbers'],
  ['sqrt(x, y)', 'takes 1'],
  ['pow(x)', 'takes 2'],
  ['x @ y', 'not a valid expression'],
  ['', 'empty'],
  ['x(1)', 'function "x"'],
  ['exp', '"exp"'],
];

describe('restricted mathjs expressions', () => {
  it.each(attacks)('%s is rejected, naming the offender', (source, named) => {
    const problems = expressionProblems(source, vars, 'model.loss');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.message).join(' | ')).toContain(named);
    for (const p of problems) expect(p.path).toBe('model.loss');
    expect(() => compileExpression(source, vars)).toThrow(RangeError);
  });

  it('the whitelisted functions compile to finite values, gradients and Hessians', () => {
    const fns = ['exp(x)', 'log(x)', 'log(x, 2)', 'log10(x)', 'sqrt(x)', 'cbrt(x)', 'sin(x)', 'cos(x)', 'tan(x)', 'asin(x)', 'acos(x)', 'atan(x)', 'sinh(x)',
      'cosh(x)', 'tanh(x)', 'asinh(x)', 'acosh(x + 1)', 'atanh(x)', 'sec(x)', 'csc(x)', 'cot(x)', 'sech(x)', 'csch(x)', 'coth(x)', 'abs(x)', 'pow(x, y)', 'x^y * pi / e'];
    for (const f of fns) {
      expect(expressionProblems(f, vars, 'model.loss'), f).toEqual([]);
      const c = compileExpression(f, vars);
      const g = new Float64Array(2);
      const h = new Float64Array(4);
      c.gradient(0.3, 1.7, g);
      c.hessian(0.3, 1.7, h);
      for (const v of [c.value(0.3, 1.7), ...g, ...h]) expect(Number.isFinite(v), f).toBe(true);
    }
  });

  it('random strings and random mathjs-like token soup never throw: problems, or a compiled function', () => {
    const token = fc.constantFrom('x', 'y', 'z', 'pi', 'e', '1', '2.5', '1e3', '+', '-', '*', '/', '^', '(', ')', ',', 'exp', 'sin', 'import', 'evaluate', '=', '"s"', '[', ']', '.', 'constructor', '?', ':', ';', ' ', "'", '!');
    const soup = fc.array(token, { maxLength: 12 }).map((t) => t.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), soup), (source) => {
        const problems = expressionProblems(source, vars, 'model.loss');
        if (problems.length > 0) {
          for (const p of problems) expect(p.message.length).toBeGreaterThan(3);
          return;
        }
        const c = compileExpression(source, vars); // accepted ⇒ compiles
        expect(typeof c.value(0.5, 0.25)).toBe('number');
      }),
      { seed: 99, numRuns: 1500 },
    );
  });

  it('in a scenario: the problem is reported at the expression field, before any work', () => {
    const scenario = (loss: string, test: unknown = { shift: [0, 0.25] }) => ({
      experiment: 'batch-size', model: { kind: 'potential', n: 50, noise: { variance: 1 }, loss, test },
      optimizer: { lr: 0.05 }, batchSizes: [2, 4, 8], run: { seeds: 2, steps: 10 },
    });
    const problems = (s: unknown) => {
      try {
        parseScenario(s);
        return [];
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return (err as InputError).problems;
      }
    };
    expect(problems(scenario('import({}, {override: true})'))[0]).toMatchObject({ path: 'model.loss' });
    expect(problems(scenario('x^2 + y^2', { loss: 'evaluate("x")' }))[0]).toMatchObject({ path: 'model.test.loss' });
    // finite on the domain, the replicas' start included
    expect(problems(scenario('log(x) + y^2'))[0]).toMatchObject({ path: 'model.loss', message: expect.stringMatching(/not finite at \(-2\.5, -2\.5\)/) });
    expect(problems(scenario('sqrt(x^2 + y^2)'))[0]).toMatchObject({ path: 'model.loss', message: expect.stringMatching(/gradient is not finite at \(0, 0\)/) });
    expect(problems(scenario('x^2 + y^2'))).toEqual([]);
  });
});
