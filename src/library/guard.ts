import type { z } from 'zod';
import { InputError, type InputProblem } from '../errors.js';
import { zodProblems } from '../scenario/issues.js';

/**
 * Argument checks for the library API (src/index.ts): every exported function and class checks its
 * arguments with zod schemas (the scenario's own where the CLI has one: scenario/common.ts) and
 * throws the CLI's InputError, one problem per bad argument, each naming the argument, the value
 * and what is allowed. The checks run once per call, never inside a step: a model's methods
 * (gradient, batchGradient) are hot loops and stay unchecked, their model is checked when built.
 */

/** One positional parameter: its name (as the signature spells it) and what it accepts. */
export interface Param {
  name: string;
  schema: z.ZodType;
}

/** Checks across arguments (B ≤ N, an array's length against d), run once each argument passed its own. */
export type CrossCheck = (args: readonly unknown[]) => InputProblem[];

/** The argument problems a guarded function or class would throw for `args`, without calling it (for tests). */
export const argumentProblemsOf = Symbol('sgd-sde.argumentProblems');

export interface Guarded {
  [argumentProblemsOf](args: readonly unknown[]): InputProblem[];
}

const isPlainObject = (v: unknown) => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

export function argumentProblems(name: string, params: readonly Param[], args: readonly unknown[], cross?: CrossCheck, rest?: Param): InputProblem[] {
  return checkArguments(name, params, args, cross, rest).problems;
}

/**
 * The problems, and the arguments as the schemas parsed them (defaults filled in: a model spec
 * without its optional fields reaches the function as the scenario loader would pass it). Objects
 * with methods are checked with z.custom, which passes them through untouched.
 */
function checkArguments(name: string, params: readonly Param[], args: readonly unknown[], cross?: CrossCheck, rest?: Param): { problems: InputProblem[]; parsed: unknown[] } {
  const problems: InputProblem[] = [];
  const values: unknown[] = params.map(() => undefined);
  const signature = `${name}(${[...params.map((p) => p.name), ...(rest ? [`...${rest.name}`] : [])].join(', ')})`;
  if (rest) {
    args.slice(params.length).forEach((a, k) => {
      const parsed = rest.schema.safeParse(a);
      if (!parsed.success) for (const q of zodProblems(parsed.error, a)) problems.push({ ...q, path: `${rest.name}[${k}]${q.path ? `.${q.path}` : ''}` });
    });
  } else if (args.length > params.length) {
    problems.push({ path: name, message: `takes at most ${params.length} argument${params.length === 1 ? '' : 's'}: ${signature}; got ${args.length}` });
  }
  params.forEach((p, i) => {
    const parsed = p.schema.safeParse(args[i]);
    if (parsed.success) {
      values[i] = parsed.data;
      return;
    }
    for (const q of zodProblems(parsed.error, args[i])) {
      const root = q.path === '';
      problems.push({
        ...q,
        path: root ? p.name : `${p.name}.${q.path}`,
        message: root ? q.message.replace(/^required field is missing/, 'required argument is missing') : q.message,
      });
    }
  });
  // an options object where positional arguments are expected: say so (noiseScale({lr, n, batchSize}))
  if (params.length > 1 && isPlainObject(args[0]) && args.slice(1).every((a) => a === undefined) && !params[0].schema.safeParse(args[0]).success) {
    problems.push({ path: name, message: `takes positional arguments ${signature}, not one object` });
  }
  while (values.length > 0 && values[values.length - 1] === undefined && values.length > args.length) values.pop();
  const parsed = [...values, ...args.slice(params.length)];
  if (problems.length === 0 && cross) problems.push(...cross(parsed));
  return { problems, parsed };
}

/** `fn` with its arguments checked first: an InputError (thrown, or a rejected promise when `async`) instead of NaN or a TypeError. */
export function guardFunction<F extends (...args: never[]) => unknown>(fn: F, params: readonly Param[], options: { cross?: CrossCheck; async?: boolean; name?: string; rest?: Param } = {}): F & Guarded {
  const name = options.name ?? fn.name;
  const check = (args: readonly unknown[]) => checkArguments(name, params, args, options.cross, options.rest);
  const call = (self: unknown, args: unknown[]) => {
    const { problems, parsed } = check(args);
    if (problems.length > 0) throw new InputError(problems, `arguments of ${name}`);
    return (fn as unknown as (...a: unknown[]) => unknown).apply(self, parsed);
  };
  const guarded = options.async
    ? async function (this: unknown, ...args: unknown[]) {
        return await call(this, args);
      }
    : function (this: unknown, ...args: unknown[]) {
        return call(this, args);
      };
  Object.defineProperty(guarded, 'name', { value: name });
  Object.defineProperty(guarded, argumentProblemsOf, { value: (args: readonly unknown[]) => check(args).problems });
  return guarded as unknown as F & Guarded;
}

/**
 * `Class` with its constructor's arguments checked: a Proxy whose `new` checks, then constructs the
 * class itself, so `instanceof`, statics and the prototype are the class's own.
 */
export function guardClass<C extends abstract new (...args: never[]) => unknown>(Class: C, params: readonly Param[], options: { cross?: CrossCheck; name?: string } = {}): C & Guarded {
  const name = options.name ?? Class.name;
  const check = (args: readonly unknown[]) => checkArguments(`new ${name}`, params, args, options.cross);
  return new Proxy(Class, {
    construct(target, args, newTarget) {
      const { problems, parsed } = check(args);
      if (problems.length > 0) throw new InputError(problems, `arguments of new ${name}`);
      return Reflect.construct(target, parsed, newTarget) as object;
    },
    get(target, key, receiver) {
      if (key === argumentProblemsOf) return (args: readonly unknown[]) => check(args).problems;
      return Reflect.get(target, key, receiver) as unknown;
    },
  }) as C & Guarded;
}
