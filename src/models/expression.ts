import { createRequire } from 'node:module';
import type { MathNode } from 'mathjs';

// mathjs takes about a second to load; load it on first use (only the potential model needs it),
// so the CLI and every worker thread start without it
type MathJs = typeof import('mathjs');
let mathjs: MathJs | undefined;
function math(): MathJs {
  mathjs ??= createRequire(import.meta.url)('mathjs') as MathJs;
  return mathjs;
}
const parse = (source: string): MathNode => math().parse(source);
import type { InputProblem } from '../errors.js';
import { jetFunctionBody } from './expression-jet.js';

/**
 * A user-written scalar function of one or two variables (a mathjs expression from a scenario),
 * parsed in a restricted scope and translated once into plain JavaScript: the value, the gradient
 * and the Hessian (forward-mode automatic differentiation, expression-jet.ts: code linear in the
 * expression's size; mathjs' symbolic `derivative` was exponential in nesting) become ordinary
 * functions, so no mathjs runs
 * inside a step. Only numbers, the declared variables, the constants pi and e, arithmetic and a
 * whitelist of functions are accepted; anything else (import, createUnit, evaluate, parse,
 * simplify, assignments, unknown symbols) is rejected with the offending symbol and JSON path.
 * Size limits (checked before parsing): at most MAX_EXPRESSION_LENGTH characters, MAX_EXPRESSION_NODES
 * nodes, MAX_EXPRESSION_DEPTH levels of parentheses and MAX_EXPRESSION_TREE_DEPTH of operations.
 */
export const MAX_EXPRESSION_LENGTH = 4000;
export const MAX_EXPRESSION_NODES = 2000;
export const MAX_EXPRESSION_DEPTH = 64;
/** a chain a + b + c + … parses as nested binary nodes: the tree may be deeper than the parentheses */
export const MAX_EXPRESSION_TREE_DEPTH = 600;

/** Functions a user may call (all differentiable by mathjs), with the argument counts allowed. */
const USER_FUNCTIONS: Record<string, readonly number[]> = {
  exp: [1], log: [1, 2], log10: [1], sqrt: [1], cbrt: [1],
  sin: [1], cos: [1], tan: [1], asin: [1], acos: [1], atan: [1],
  sinh: [1], cosh: [1], tanh: [1], asinh: [1], acosh: [1], atanh: [1],
  sec: [1], csc: [1], cot: [1], sech: [1], csch: [1], coth: [1],
  abs: [1], pow: [2],
};

/** JavaScript for each function; derivatives only produce functions from this table. */
const JS_FUNCTIONS: Record<string, (args: string[]) => string> = {
  exp: (a) => `Math.exp(${a[0]})`,
  log: (a) => (a.length === 1 ? `Math.log(${a[0]})` : `(Math.log(${a[0]}) / Math.log(${a[1]}))`),
  log10: (a) => `Math.log10(${a[0]})`,
  sqrt: (a) => `Math.sqrt(${a[0]})`,
  cbrt: (a) => `Math.cbrt(${a[0]})`,
  sin: (a) => `Math.sin(${a[0]})`, cos: (a) => `Math.cos(${a[0]})`, tan: (a) => `Math.tan(${a[0]})`,
  asin: (a) => `Math.asin(${a[0]})`, acos: (a) => `Math.acos(${a[0]})`, atan: (a) => `Math.atan(${a[0]})`,
  sinh: (a) => `Math.sinh(${a[0]})`, cosh: (a) => `Math.cosh(${a[0]})`, tanh: (a) => `Math.tanh(${a[0]})`,
  asinh: (a) => `Math.asinh(${a[0]})`, acosh: (a) => `Math.acosh(${a[0]})`, atanh: (a) => `Math.atanh(${a[0]})`,
  sec: (a) => `(1 / Math.cos(${a[0]}))`, csc: (a) => `(1 / Math.sin(${a[0]}))`, cot: (a) => `(1 / Math.tan(${a[0]}))`,
  sech: (a) => `(1 / Math.cosh(${a[0]}))`, csch: (a) => `(1 / Math.sinh(${a[0]}))`, coth: (a) => `(1 / Math.tanh(${a[0]}))`,
  abs: (a) => `Math.abs(${a[0]})`,
  pow: (a) => `Math.pow(${a[0]}, ${a[1]})`,
};

const CONSTANTS: Record<string, string> = { pi: 'Math.PI', e: 'Math.E' };

const OPERATORS: Record<string, (args: string[]) => string> = {
  add: (a) => `(${a.join(' + ')})`,
  subtract: (a) => `(${a[0]} - ${a[1]})`,
  multiply: (a) => `(${a.join(' * ')})`,
  divide: (a) => `(${a[0]} / ${a[1]})`,
  pow: (a) => `Math.pow(${a[0]}, ${a[1]})`,
  unaryMinus: (a) => `(-${a[0]})`,
  unaryPlus: (a) => `(+${a[0]})`,
};

export type ScalarFn = (x: number, y: number) => number;
/** Writes ∂f/∂x (and ∂f/∂y) into out[0..dim). */
export type GradientFn = (x: number, y: number, out: Float64Array) => void;
/** Writes the dim×dim Hessian, row-major, into out. */
export type HessianFn = (x: number, y: number, out: Float64Array) => void;

export interface CompiledExpression {
  source: string;
  variables: readonly string[];
  value: ScalarFn;
  gradient: GradientFn;
  hessian: HessianFn;
  /** how the derivatives are computed (for reports) */
  derivatives: 'forward-mode automatic differentiation';
  /**
   * the work of one Hessian evaluation: the number of intermediate quantities (statements) of the
   * generated code, linear in the expression's size (symbolic differentiation grew exponentially)
   */
  derivativeNodes: number;
}

/** Every problem with `source` as a function of `variables`; empty when it is acceptable. */
export function expressionProblems(source: string, variables: readonly string[], path: string): InputProblem[] {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return [{ path, message: `is ${source.length} characters long; at most ${MAX_EXPRESSION_LENGTH} are allowed` }];
  }
  let depth = 0;
  let deepest = 0;
  for (const ch of source) {
    if (ch === '(' || ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  if (deepest > MAX_EXPRESSION_DEPTH) return [{ path, message: `nests parentheses ${deepest} deep; at most ${MAX_EXPRESSION_DEPTH} levels are allowed` }];
  let node: MathNode;
  try {
    node = parse(source);
  } catch (err) {
    return [{ path, message: `not a valid expression: ${(err as Error).message}`, value: source }];
  }
  let nodes = 0;
  let treeDepth = 0;
  const walk = (n: MathNode, level: number) => {
    nodes++;
    treeDepth = Math.max(treeDepth, level);
    if (nodes > MAX_EXPRESSION_NODES || level > MAX_EXPRESSION_TREE_DEPTH) return;
    n.forEach((child) => walk(child, level + 1));
  };
  walk(node, 1);
  if (nodes > MAX_EXPRESSION_NODES) return [{ path, message: `has over ${MAX_EXPRESSION_NODES} terms; at most ${MAX_EXPRESSION_NODES} are allowed` }];
  if (treeDepth > MAX_EXPRESSION_TREE_DEPTH) return [{ path, message: `nests ${treeDepth} operations deep; at most ${MAX_EXPRESSION_TREE_DEPTH} are allowed` }];
  const problems: InputProblem[] = [];
  check(node, variables, path, problems);
  return problems;
}

function check(node: MathNode, variables: readonly string[], path: string, problems: InputProblem[]): void {
  const report = (message: string, value: unknown = undefined) => {
    if (!problems.some((p) => p.message === message)) problems.push({ path, message, ...(value === undefined ? {} : { value }) });
  };
  const n = node as MathNode & { name?: string; fn?: unknown; op?: string; args?: MathNode[]; value?: unknown; content?: MathNode };
  switch (node.type) {
    case 'ConstantNode':
      if (n.value === undefined) report('the expression is empty');
      else if (typeof n.value === 'string') report(`strings are not allowed ("${n.value}")`, n.value);
      else if (typeof n.value !== 'number' || !Number.isFinite(n.value)) report(`only finite numbers are allowed as constants`, String(n.value));
      return;
    case 'SymbolNode': {
      const name = n.name as string;
      // own properties only: `constructor`, `toString`, `__proto__` are not constants
      if (!variables.includes(name) && !Object.hasOwn(CONSTANTS, name)) {
        report(`unknown symbol "${name}" (allowed variables: ${variables.join(', ')}; constants: pi, e)`, name);
      }
      return;
    }
    case 'ParenthesisNode':
      check(n.content as MathNode, variables, path, problems);
      return;
    case 'OperatorNode': {
      const fn = n.fn as string;
      if (!Object.hasOwn(OPERATORS, fn)) report(`operator "${n.op}" is not allowed (allowed: + - * / ^)`, n.op);
      for (const arg of n.args ?? []) check(arg, variables, path, problems);
      return;
    }
    case 'FunctionNode': {
      const fnNode = n.fn as MathNode & { name?: string };
      const name = fnNode.type === 'SymbolNode' ? (fnNode.name as string) : undefined;
      if (name === undefined) {
        report('only calls of named functions are allowed');
      } else if (!Object.hasOwn(USER_FUNCTIONS, name)) {
        report(`function "${name}" is not allowed (allowed: ${Object.keys(USER_FUNCTIONS).join(', ')})`, name);
      } else if (!USER_FUNCTIONS[name].includes((n.args ?? []).length)) {
        report(`function "${name}" takes ${USER_FUNCTIONS[name].join(' or ')} argument(s), got ${(n.args ?? []).length}`, name);
      }
      for (const arg of n.args ?? []) check(arg, variables, path, problems);
      return;
    }
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      report(`assignment is not allowed (write one expression in ${variables.join(', ')})`, node.toString());
      return;
    default:
      report(`${node.type.replace(/Node$/, '').toLowerCase()} syntax is not allowed ("${node.toString()}")`, node.toString());
  }
}

/** Translate a checked mathjs tree to a JavaScript expression over the declared variables. */
function toJs(node: MathNode, variables: readonly string[]): string {
  const n = node as MathNode & { name?: string; fn?: unknown; args?: MathNode[]; value?: unknown; content?: MathNode };
  switch (node.type) {
    case 'ConstantNode': {
      const v = Number(n.value);
      if (!Number.isFinite(v)) throw new Error(`non-finite constant in a derivative: ${String(n.value)}`);
      return `(${v})`;
    }
    case 'SymbolNode': {
      const name = n.name as string;
      if (variables.includes(name)) return name;
      if (Object.hasOwn(CONSTANTS, name)) return CONSTANTS[name];
      throw new Error(`unexpected symbol ${name}`);
    }
    case 'ParenthesisNode':
      return `(${toJs(n.content as MathNode, variables)})`;
    case 'OperatorNode': {
      const op = Object.hasOwn(OPERATORS, n.fn as string) ? OPERATORS[n.fn as string] : undefined;
      if (!op) throw new Error(`unexpected operator ${String(n.fn)}`);
      return op((n.args ?? []).map((a) => toJs(a, variables)));
    }
    case 'FunctionNode': {
      const name = (n.fn as { name?: string }).name as string;
      const f = Object.hasOwn(JS_FUNCTIONS, name) ? JS_FUNCTIONS[name] : undefined;
      if (!f) throw new Error(`no JavaScript translation for function ${name}`);
      return f((n.args ?? []).map((a) => toJs(a, variables)));
    }
    default:
      throw new Error(`unexpected ${node.type} in an expression`);
  }
}

/**
 * Compile `source` (checked with `expressionProblems` first; throws on anything it rejects).
 * `variables` is ['x'] or ['x', 'y']; the returned functions always take (x, y) and ignore y in 1-D.
 */
export function compileExpression(source: string, variables: readonly string[]): CompiledExpression {
  if (variables.length < 1 || variables.length > 2 || variables.some((v) => !/^[a-z]$/.test(v))) {
    throw new RangeError(`variables must be one or two single lowercase letters, got ${variables.join(', ')}`);
  }
  const problems = expressionProblems(source, variables, 'expression');
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join('; '));
  const node = parse(source);
  const d = variables.length;
  const params = d === 1 ? [variables[0], '_unused'] : [variables[0], variables[1]];
  // The generated code contains only numbers, the two parameter names, Math.* and operators (checked above).
  const value = new Function(...params, `"use strict"; return ${toJs(node, variables)};`) as ScalarFn;
  const gradient = new Function(...params, 'out', jetFunctionBody(node, variables, CONSTANTS, 1)) as GradientFn;
  const hessianBody = jetFunctionBody(node, variables, CONSTANTS, 2);
  const hessian = new Function(...params, 'out', hessianBody) as HessianFn;
  return {
    source,
    variables,
    value,
    gradient,
    hessian,
    derivatives: 'forward-mode automatic differentiation',
    derivativeNodes: (hessianBody.match(/^const t\d+ = /gm) ?? []).length,
  };
}
