import type { Result } from '../core/result.js';
import { figureSpec, fmt, r6, type Figure } from './figure.js';
import { array, invalid, num, numbers, object, optionalObject } from './read.js';
import { okabeIto } from './theme.js';

/**
 * Figures of a `transient` result (src/experiments/transient/, THEORY.md §5):
 * - the weak error |E L_SGD(T) − E L_SME(T)| against ε on log-log axes: Monte Carlo points
 *   (±1 s.e.) and closed-form lines for SME-1 and SME-2, with reference slopes 1 and 2 (dotted)
 *   through the closed form at the largest ε, and the fitted slopes in the subtitle;
 * - Euler–Maruyama's strong and weak errors against h on OU and GBM, with reference slopes.
 */
const COLORS = { 'SME-1': okabeIto.blue, 'SME-2': okabeIto.vermillion, 'OU (additive)': okabeIto.green, 'GBM (multiplicative)': okabeIto.purple } as const;

function colorScale(names: (keyof typeof COLORS)[]) {
  return { domain: names, range: names.map((n) => COLORS[n]) };
}

function slopeText(raw: unknown, path: string): string {
  const o = object(raw, path);
  const mc = object(o.monteCarlo, `${path}.monteCarlo`);
  const ci = numbers(mc.ci95, `${path}.monteCarlo.ci95`);
  const f4 = (x: number) => x.toFixed(4); // orders near an integer: fixed decimals show the interval
  return `${f4(num(mc.slope, `${path}.monteCarlo.slope`))} [${f4(ci[0])}, ${f4(ci[1])}]`;
}

function logAxis(field: string, title: string) {
  return { field, type: 'quantitative', title, scale: { type: 'log', nice: false, padding: 10 }, axis: { format: '~g' } };
}

/** Two points of c·x^p through (x_ref, y_ref), spanning [x0, x1]. */
function reference(x0: number, x1: number, xRef: number, yRef: number, p: number, series: string) {
  return [x0, x1].map((x) => ({ x: r6(x), y: r6(yRef * (x / xRef) ** p), series }));
}

function weakErrorFigure(result: Result): Figure {
  const measured = object(result.measured, 'measured');
  const theory = object(result.theory, 'theory');
  const ladder = array(measured.ladder, 'measured.ladder');
  const closed = array(theory.closedForm, 'theory.closedForm');
  if (ladder.length === 0 || ladder.length !== closed.length) invalid('measured.ladder', 'must hold one entry per ε, as theory.closedForm does');
  const points: Record<string, unknown>[] = [];
  const lines: Record<string, unknown>[] = [];
  ladder.forEach((raw, i) => {
    const p = `measured.ladder[${i}]`;
    const o = object(raw, p);
    const c = object(closed[i], `theory.closedForm[${i}]`);
    const lr = num(o.lr, `${p}.lr`);
    for (const [key, series] of [['sme1', 'SME-1'], ['sme2', 'SME-2']] as const) {
      const e = object(object(o[key], `${p}.${key}`).weakError, `${p}.${key}.weakError`);
      const mean = Math.abs(num(e.mean, `${p}.${key}.weakError.mean`));
      const se = num(e.stdError, `${p}.${key}.weakError.stdError`);
      points.push({ lr: r6(lr), err: r6(mean), lo: r6(Math.max(mean - se, 0.05 * mean)), hi: r6(mean + se), series });
      lines.push({ lr: r6(lr), err: r6(Math.abs(num(c[key === 'sme1' ? 'error1' : 'error2'], `theory.closedForm[${i}]`))), series });
    }
  });
  const lrs = lines.map((l) => l.lr as number);
  const lo = Math.min(...lrs), hi = Math.max(...lrs);
  const top = (series: string) => lines.filter((l) => l.series === series).reduce((a, b) => ((a.lr as number) > (b.lr as number) ? a : b));
  const refs = [
    ...reference(lo, hi, top('SME-1').lr as number, top('SME-1').err as number, 1, 'slope 1'),
    ...reference(lo, hi, top('SME-2').lr as number, top('SME-2').err as number, 2, 'slope 2'),
  ];
  const slopes = optionalObject(measured.slopes, 'measured.slopes') ?? {};
  const subtitle = [
    `fitted orders, Monte Carlo (95% CI): SME-1 ${slopes.sme1 ? slopeText(slopes.sme1, 'measured.slopes.sme1') : '—'}, SME-2 ${slopes.sme2 ? slopeText(slopes.sme2, 'measured.slopes.sme2') : '—'}`,
    `fit ln|e| = a + p ln ε + bε; T = ${fmt(num(theory.horizon, 'theory.horizon'))}`,
  ];
  const x = logAxis('lr', 'learning rate ε');
  const y = logAxis('err', 'weak error |E L_SGD(T) − E L_SME(T)|');
  const color = { field: 'series', type: 'nominal', title: null, scale: colorScale(['SME-1', 'SME-2']), legend: { orient: 'top' } };
  const spec = figureSpec('Weak error of the SMEs against SGD at fixed T', subtitle, {
    width: 460,
    height: 340,
    layer: [
      {
        data: { values: refs },
        mark: { type: 'line', color: '#777777', strokeDash: [2, 3], strokeWidth: 1.4 },
        encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'y' }, detail: { field: 'series' } },
      },
      {
        data: { values: refs.filter((_, i) => i % 2 === 1) },
        mark: { type: 'text', align: 'left', dx: 6, color: '#555555', fontSize: 12 },
        encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'y' }, text: { field: 'series' } },
      },
      { data: { values: lines }, mark: { type: 'line', strokeWidth: 1.6 }, encoding: { x, y, color } },
      { data: { values: points }, mark: { type: 'rule', strokeWidth: 1.6 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
      { data: { values: points }, mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y, color } },
    ],
  });
  return {
    id: 'transient-weak-error',
    title: 'Weak error of SME-1 and SME-2 against ε',
    caption: 'Points: Monte Carlo on shared Brownian paths (±1 s.e.); lines: closed forms with the exact SGD moments; dotted: slopes 1 and 2 through the largest ε. SME-1 should follow slope 1 and SME-2 slope 2 (Li–Tai–E).',
    spec,
  };
}

function integratorFigure(result: Result): Figure | undefined {
  const measured = object(result.measured, 'measured');
  const integrators = measured.integrators === undefined ? [] : array(measured.integrators, 'measured.integrators');
  if (integrators.length === 0) return undefined;
  const rows: Record<string, unknown>[] = [];
  const closed: Record<string, unknown>[] = [];
  const refs: Record<string, unknown>[] = [];
  const titles: string[] = [];
  integrators.forEach((raw, i) => {
    const p = `measured.integrators[${i}]`;
    const o = object(raw, p);
    const series = o.problem === 'ou' ? 'OU (additive)' : 'GBM (multiplicative)';
    const levels = array(o.levels, `${p}.levels`).map((l, k) => object(l, `${p}.levels[${k}]`));
    for (const [kind, key, seKey] of [['strong', 'strong', 'strongStdError'], ['weak', 'weak', 'weakStdError']] as const) {
      for (const l of levels) {
        const v = Math.abs(num(l[key], `${p}.levels[].${key}`));
        const se = num(l[seKey], `${p}.levels[].${seKey}`);
        const h = r6(num(l.h, `${p}.levels[].h`));
        rows.push({ kind, series, h, err: r6(v), lo: r6(Math.max(v - se, 0.05 * v)), hi: r6(v + se) });
        if (kind === 'weak') closed.push({ series, h, err: r6(Math.abs(num(l.weakClosedForm, `${p}.levels[].weakClosedForm`))) });
      }
      const order = kind === 'strong' ? num(o.expectedStrongOrder, `${p}.expectedStrongOrder`) : num(o.expectedWeakOrder, `${p}.expectedWeakOrder`);
      const hs = levels.map((l) => num(l.h, 'h'));
      const first = levels[hs.indexOf(Math.max(...hs))];
      refs.push(...reference(Math.min(...hs), Math.max(...hs), Math.max(...hs), Math.abs(num(first[key], key)), order, `${series}: slope ${order}`).map((r) => ({ ...r, kind })));
      const slope = object(o[kind === 'strong' ? 'strongSlope' : 'weakSlope'], `${p}.${kind}Slope`);
      titles.push(`${kind} ${o.problem === 'ou' ? 'OU' : 'GBM'} ${fmt(num(slope.slope, 'slope'))} ± ${fmt(num(slope.stdError, 'stdError'))}`);
    }
  });
  const color = { field: 'series', type: 'nominal', title: null, scale: colorScale(['OU (additive)', 'GBM (multiplicative)']), legend: { orient: 'top' } };
  const panel = (kind: 'strong' | 'weak', yTitle: string) => {
    const x = logAxis('h', 'step h');
    const y = logAxis('err', yTitle);
    const mine = rows.filter((r) => r.kind === kind);
    return {
      width: 300,
      height: 280,
      title: kind === 'strong' ? 'strong error' : 'weak error',
      layer: [
        { data: { values: refs.filter((r) => r.kind === kind) }, mark: { type: 'line', strokeDash: [2, 3], strokeWidth: 1.4, color: '#777777' }, encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'y' }, detail: { field: 'series' } } },
        ...(kind === 'weak' ? [{ data: { values: closed }, mark: { type: 'line', strokeDash: [6, 3], strokeWidth: 1.4 }, encoding: { x, y, color } }] : []),
        { data: { values: mine }, mark: { type: 'rule', strokeWidth: 1.6 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
        { data: { values: mine }, mark: { type: 'line', point: { filled: true, size: 50 } }, encoding: { x, y, color } },
      ],
    };
  };
  const spec = figureSpec("Euler–Maruyama's strong and weak orders", [`fitted orders (bootstrap s.e.): ${titles.join('; ')}`], {
    hconcat: [panel('strong', 'E|X^h_T − X_T|'), panel('weak', '|E f(X^h_T) − E f(X_T)|')],
    spacing: 24,
  });
  return {
    id: 'transient-integrators',
    title: "Euler–Maruyama's strong and weak orders on OU and GBM",
    caption: 'Errors against the exact solution on shared Brownian paths (±1 s.e.); dashed (weak panel): the closed form of Euler–Maruyama’s moments; dotted: the theoretical slopes (strong: 1 for additive OU, 1/2 for multiplicative GBM; weak: 1 for both) through the coarsest step. Weak errors: f(x) = x² for OU, f(x) = x for GBM.',
    spec,
  };
}

export function transientFigures(result: Result): Figure[] {
  return [weakErrorFigure(result), integratorFigure(result)].filter((f): f is Figure => f !== undefined);
}
