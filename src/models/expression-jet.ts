import type { MathNode } from 'mathjs';

/**
 * Exact first and second derivatives of a checked user expression by forward-mode automatic
 * differentiation, generated once as straight-line JavaScript. Every node carries a jet: its value
 * v, its gradient g_i = ∂v/∂x_i and (order 2) its Hessian h_ij, i ≤ j. Rules:
 *   a ± b:  componentwise;
 *   a · b:  g = a_i b + a b_i,  h = a_ij b + a_i b_j + a_j b_i + a b_ij;
 *   f(u):   g = f'(u) u_i,      h = f''(u) u_i u_j + f'(u) u_ij   (f, f', f'' below);
 *   a / b = a · (1/b);  a^c with c free of the variables is the power rule, a^b otherwise exp(b log a);
 *   log(a, b) = log a · (1/log b).
 * The generated code grows linearly with the expression (symbolic differentiation with mathjs grew
 * exponentially with nesting: sin(sin(…)) eight deep took 22 s), and derivatives are exact up to
 * rounding. Constant subtrees (free of the variables) carry no derivative terms.
 */

/** f(u), f'(u), f''(u) as JavaScript over `u` (a variable name) and `f` (the name holding f(u)). */
const UNARY: Record<string, { f: (u: string) => string; d1: (u: string, f: string) => string; d2: (u: string, f: string, d1: string) => string }> = {
  exp: { f: (u) => `Math.exp(${u})`, d1: (_u, f) => f, d2: (_u, f) => f },
  log: { f: (u) => `Math.log(${u})`, d1: (u) => `(1 / ${u})`, d2: (u) => `(-1 / (${u} * ${u}))` },
  log10: { f: (u) => `Math.log10(${u})`, d1: (u) => `(1 / (${u} * Math.LN10))`, d2: (u) => `(-1 / (${u} * ${u} * Math.LN10))` },
  sqrt: { f: (u) => `Math.sqrt(${u})`, d1: (_u, f) => `(0.5 / ${f})`, d2: (u, f) => `(-0.25 / (${f} * ${u}))` },
  cbrt: { f: (u) => `Math.cbrt(${u})`, d1: (_u, f) => `(1 / (3 * ${f} * ${f}))`, d2: (_u, f) => `(-2 / (9 * Math.pow(${f}, 5)))` },
  sin: { f: (u) => `Math.sin(${u})`, d1: (u) => `Math.cos(${u})`, d2: (_u, f) => `(-${f})` },
  cos: { f: (u) => `Math.cos(${u})`, d1: (u) => `(-Math.sin(${u}))`, d2: (_u, f) => `(-${f})` },
  tan: { f: (u) => `Math.tan(${u})`, d1: (_u, f) => `(1 + ${f} * ${f})`, d2: (_u, f, d1) => `(2 * ${f} * ${d1})` },
  asin: { f: (u) => `Math.asin(${u})`, d1: (u) => `(1 / Math.sqrt(1 - ${u} * ${u}))`, d2: (u) => `(${u} / Math.pow(1 - ${u} * ${u}, 1.5))` },
  acos: { f: (u) => `Math.acos(${u})`, d1: (u) => `(-1 / Math.sqrt(1 - ${u} * ${u}))`, d2: (u) => `(-${u} / Math.pow(1 - ${u} * ${u}, 1.5))` },
  atan: { f: (u) => `Math.atan(${u})`, d1: (u) => `(1 / (1 + ${u} * ${u}))`, d2: (u, _f, d1) => `(-2 * ${u} * ${d1} * ${d1})` },
  sinh: { f: (u) => `Math.sinh(${u})`, d1: (u) => `Math.cosh(${u})`, d2: (_u, f) => f },
  cosh: { f: (u) => `Math.cosh(${u})`, d1: (u) => `Math.sinh(${u})`, d2: (_u, f) => f },
  tanh: { f: (u) => `Math.tanh(${u})`, d1: (_u, f) => `(1 - ${f} * ${f})`, d2: (_u, f, d1) => `(-2 * ${f} * ${d1})` },
  asinh: { f: (u) => `Math.asinh(${u})`, d1: (u) => `(1 / Math.sqrt(${u} * ${u} + 1))`, d2: (u) => `(-${u} / Math.pow(${u} * ${u} + 1, 1.5))` },
  acosh: { f: (u) => `Math.acosh(${u})`, d1: (u) => `(1 / Math.sqrt(${u} * ${u} - 1))`, d2: (u) => `(-${u} / Math.pow(${u} * ${u} - 1, 1.5))` },
  atanh: { f: (u) => `Math.atanh(${u})`, d1: (u) => `(1 / (1 - ${u} * ${u}))`, d2: (u, _f, d1) => `(2 * ${u} * ${d1} * ${d1})` },
  sec: { f: (u) => `(1 / Math.cos(${u}))`, d1: (u, f) => `(${f} * Math.tan(${u}))`, d2: (u, f) => `(${f} * (Math.tan(${u}) ** 2 + ${f} * ${f}))` },
  csc: { f: (u) => `(1 / Math.sin(${u}))`, d1: (u, f) => `(-${f} / Math.tan(${u}))`, d2: (u, f) => `(${f} * ((1 / Math.tan(${u})) ** 2 + ${f} * ${f}))` },
  cot: { f: (u) => `(1 / Math.tan(${u}))`, d1: (_u, f) => `(-(1 + ${f} * ${f}))`, d2: (_u, f) => `(2 * ${f} * (1 + ${f} * ${f}))` },
  sech: { f: (u) => `(1 / Math.cosh(${u}))`, d1: (u, f) => `(-${f} * Math.tanh(${u}))`, d2: (u, f) => `(${f} * (Math.tanh(${u}) ** 2 - ${f} * ${f}))` },
  csch: { f: (u) => `(1 / Math.sinh(${u}))`, d1: (u, f) => `(-${f} / Math.tanh(${u}))`, d2: (u, f) => `(${f} * ((1 / Math.tanh(${u})) ** 2 + ${f} * ${f}))` },
  coth: { f: (u) => `(1 / Math.tanh(${u}))`, d1: (_u, f) => `(1 - ${f} * ${f})`, d2: (_u, f, d1) => `(-2 * ${f} * ${d1})` },
  abs: { f: (u) => `Math.abs(${u})`, d1: (u) => `Math.sign(${u})`, d2: () => '0' },
  recip: { f: (u) => `(1 / ${u})`, d1: (_u, f) => `(-${f} * ${f})`, d2: (_u, f) => `(2 * ${f} * ${f} * ${f})` },
  neg: { f: (u) => `(-${u})`, d1: () => '(-1)', d2: () => '0' },
};

interface Jet {
  v: string;
  /** gradient names, or null for a constant subtree */
  g: string[] | null;
  /** upper-triangle Hessian names h[i][j] (j ≥ i), or null */
  h: string[][] | null;
}

/** Body of a function of (x[, y], out) that writes the gradient (order 1) or the Hessian (order 2) into out. */
export function jetFunctionBody(node: MathNode, variables: readonly string[], constants: Record<string, string>, order: 1 | 2): string {
  const d = variables.length;
  const lines: string[] = [];
  let counter = 0;
  const fresh = (expr: string): string => {
    const name = `t${counter++}`;
    lines.push(`const ${name} = ${expr};`);
    return name;
  };
  const range = [...Array(d).keys()];

  const unary = (name: keyof typeof UNARY | string, u: Jet): Jet => {
    const rule = UNARY[name];
    const v = fresh(rule.f(u.v));
    if (!u.g) return { v, g: null, h: null };
    const d1 = fresh(rule.d1(u.v, v));
    const g = range.map((i) => fresh(`${d1} * ${u.g![i]}`));
    if (order === 1) return { v, g, h: null };
    const d2 = fresh(rule.d2(u.v, v, d1));
    const h = range.map((i) => range.map((j) => (j < i ? '' : fresh(`${d2} * ${u.g![i]} * ${u.g![j]} + ${d1} * ${u.h![i][j]}`))));
    return { v, g, h };
  };
  const add = (a: Jet, b: Jet, sign: '+' | '-'): Jet => {
    const v = fresh(`${a.v} ${sign} ${b.v}`);
    if (!a.g && !b.g) return { v, g: null, h: null };
    const comb = (x: string | undefined, y: string | undefined) => (x && y ? `${x} ${sign} ${y}` : x ? x : sign === '-' ? `-${y}` : (y as string));
    const g = range.map((i) => fresh(comb(a.g?.[i], b.g?.[i])));
    if (order === 1) return { v, g, h: null };
    const h = range.map((i) => range.map((j) => (j < i ? '' : fresh(comb(a.h?.[i][j], b.h?.[i][j])))));
    return { v, g, h };
  };
  const mul = (a: Jet, b: Jet): Jet => {
    const v = fresh(`${a.v} * ${b.v}`);
    if (!a.g && !b.g) return { v, g: null, h: null };
    if (!a.g || !b.g) {
      const [c, u] = a.g ? [b, a] : [a, b];
      const g = range.map((i) => fresh(`${c.v} * ${u.g![i]}`));
      const h = order === 1 ? null : range.map((i) => range.map((j) => (j < i ? '' : fresh(`${c.v} * ${u.h![i][j]}`))));
      return { v, g, h };
    }
    const g = range.map((i) => fresh(`${a.g![i]} * ${b.v} + ${a.v} * ${b.g![i]}`));
    if (order === 1) return { v, g, h: null };
    const h = range.map((i) => range.map((j) => (j < i ? '' : fresh(`${a.h![i][j]} * ${b.v} + ${a.g![i]} * ${b.g![j]} + ${a.g![j]} * ${b.g![i]} + ${a.v} * ${b.h![i][j]}`))));
    return { v, g, h };
  };
  const power = (a: Jet, b: Jet): Jet => {
    if (!b.g) {
      // power rule with a constant exponent c: f = u^c, f' = c u^(c−1), f'' = c(c−1) u^(c−2); 0 where the coefficient is 0
      const c = b.v;
      const v = fresh(`Math.pow(${a.v}, ${c})`);
      if (!a.g) return { v, g: null, h: null };
      const d1 = fresh(`${c} === 0 ? 0 : ${c} * Math.pow(${a.v}, ${c} - 1)`);
      const g = range.map((i) => fresh(`${d1} * ${a.g![i]}`));
      if (order === 1) return { v, g, h: null };
      const d2 = fresh(`${c} * (${c} - 1) === 0 ? 0 : ${c} * (${c} - 1) * Math.pow(${a.v}, ${c} - 2)`);
      const h = range.map((i) => range.map((j) => (j < i ? '' : fresh(`${d2} * ${a.g![i]} * ${a.g![j]} + ${d1} * ${a.h![i][j]}`))));
      return { v, g, h };
    }
    return unary('exp', mul(b, unary('log', a))); // a^b = exp(b log a), a > 0
  };

  const visit = (n: MathNode): Jet => {
    const node = n as MathNode & { name?: string; fn?: unknown; args?: MathNode[]; value?: unknown; content?: MathNode };
    switch (n.type) {
      case 'ConstantNode':
        return { v: fresh(`(${Number(node.value)})`), g: null, h: null };
      case 'SymbolNode': {
        const name = node.name as string;
        const k = variables.indexOf(name);
        if (k < 0) return { v: constants[name], g: null, h: null };
        const g = range.map((i) => (i === k ? '1' : '0'));
        const h = order === 1 ? null : range.map(() => range.map(() => '0'));
        return { v: name, g, h };
      }
      case 'ParenthesisNode':
        return visit(node.content as MathNode);
      case 'OperatorNode': {
        const args = (node.args ?? []).map(visit);
        switch (node.fn as string) {
          case 'add': return args.slice(1).reduce((acc, b) => add(acc, b, '+'), args[0]);
          case 'subtract': return add(args[0], args[1], '-');
          case 'multiply': return args.slice(1).reduce((acc, b) => mul(acc, b), args[0]);
          case 'divide': return mul(args[0], unary('recip', args[1]));
          case 'pow': return power(args[0], args[1]);
          case 'unaryMinus': return unary('neg', args[0]);
          case 'unaryPlus': return args[0];
          default: throw new Error(`unexpected operator ${String(node.fn)}`);
        }
      }
      case 'FunctionNode': {
        const name = (node.fn as { name?: string }).name as string;
        const args = (node.args ?? []).map(visit);
        if (name === 'pow') return power(args[0], args[1]);
        if (name === 'log' && args.length === 2) return mul(unary('log', args[0]), unary('recip', unary('log', args[1])));
        if (!Object.hasOwn(UNARY, name)) throw new Error(`no derivative rule for function ${name}`);
        return unary(name, args[0]);
      }
      default:
        throw new Error(`unexpected ${n.type} in an expression`);
    }
  };

  const root = visit(node);
  const zero = '0';
  if (order === 1) {
    for (const i of range) lines.push(`out[${i}] = ${root.g?.[i] ?? zero};`);
  } else {
    for (const i of range) for (const j of range) lines.push(`out[${i * d + j}] = ${root.h?.[Math.min(i, j)][Math.max(i, j)] ?? zero};`);
  }
  return `"use strict";\n${lines.join('\n')}`;
}
