import type { Result } from '../../core/result.js';
import { figureSpec, fmt, r6, type Figure } from '../../figures/figure.js';
import { invalid, object, parseBlock } from '../../figures/read.js';
import { transientResultBlocks, type TransientMeasured } from './result-schema.js';
import { okabeIto } from '../../figures/theme.js';
import { integrators } from '../../dynamics/integrators/registry.js';

/**
 * Figures of a `transient` result (src/experiments/transient/, docs/theory.md §5):
 * - the weak error |E L_SGD(T) − E L_SME(T)| against ε on log-log axes: Monte Carlo points
 *   (±1 s.e.) and closed-form lines for SME-1 and SME-2, with reference slopes 1 and 2 (dotted)
 *   through the closed form at the largest ε, and the fitted slopes in the subtitle;
 * - each integrator's strong and weak errors against h on OU and GBM, with its declared orders as
 *   reference slopes; colours and titles from the integrator registry.
 */
const COLORS = { 'SME-1': okabeIto.blue, 'SME-2': okabeIto.vermillion } as const;

function colorScale(names: (keyof typeof COLORS)[]) {
  return { domain: names, range: names.map((n) => COLORS[n]) };
}

const nan = (v: number | null): number => (v === null ? Number.NaN : v);

function slopeText(o: NonNullable<TransientMeasured['slopes']['sme1']>): string {
  const mc = o.monteCarlo;
  const ci = mc.ci95.map(nan);
  const f4 = (x: number) => x.toFixed(4); // orders near an integer: fixed decimals show the interval
  return `${f4(nan(mc.slope))} [${f4(ci[0])}, ${f4(ci[1])}]`;
}

function logAxis(field: string, title: string) {
  return { field, type: 'quantitative', title, scale: { type: 'log', nice: false, padding: 10 }, axis: { format: '~g' } };
}

/** Two points of c·x^p through (x_ref, y_ref), spanning [x0, x1]. */
function reference(x0: number, x1: number, xRef: number, yRef: number, p: number, series: string) {
  return [x0, x1].map((x) => ({ x: r6(x), y: r6(yRef * (x / xRef) ** p), series }));
}

function weakErrorFigure(result: Result): Figure {
  const measured = parseBlock(transientResultBlocks.measured, object(result.measured, 'measured'), 'measured');
  const theory = parseBlock(transientResultBlocks.theory, object(result.theory, 'theory'), 'theory');
  const ladder = measured.ladder;
  const closed = theory.closedForm;
  if (ladder.length === 0 || ladder.length !== closed.length) invalid('measured.ladder', 'must hold one entry per ε, as theory.closedForm does');
  const points: Record<string, unknown>[] = [];
  const lines: Record<string, unknown>[] = [];
  ladder.forEach((o, i) => {
    const c = closed[i];
    const lr = o.lr;
    for (const [key, series] of [['sme1', 'SME-1'], ['sme2', 'SME-2']] as const) {
      const e = o[key].weakError;
      const mean = Math.abs(nan(e.mean));
      const se = nan(e.stdError);
      points.push({ lr: r6(lr), err: r6(mean), lo: r6(Math.max(mean - se, 0.05 * mean)), hi: r6(mean + se), series });
      lines.push({ lr: r6(lr), err: r6(Math.abs(nan(c[key === 'sme1' ? 'error1' : 'error2']))), series });
    }
  });
  const lrs = lines.map((l) => l.lr as number);
  const lo = Math.min(...lrs), hi = Math.max(...lrs);
  const top = (series: string) => lines.filter((l) => l.series === series).reduce((a, b) => ((a.lr as number) > (b.lr as number) ? a : b));
  const refs = [
    ...reference(lo, hi, top('SME-1').lr as number, top('SME-1').err as number, 1, 'slope 1'),
    ...reference(lo, hi, top('SME-2').lr as number, top('SME-2').err as number, 2, 'slope 2'),
  ];
  const slopes = measured.slopes;
  const subtitle = [
    `fitted orders, Monte Carlo (95% CI): SME-1 ${slopes.sme1 ? slopeText(slopes.sme1) : '—'}, SME-2 ${slopes.sme2 ? slopeText(slopes.sme2) : '—'}`,
    `fit ln|e| = a + p ln ε + bε; T = ${fmt(theory.horizon)}`,
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
  const measured = parseBlock(transientResultBlocks.measured, object(result.measured, 'measured'), 'measured');
  const studies = measured.integrators;
  if (studies.length === 0) return undefined;
  const rows: Record<string, unknown>[] = [];
  const closed: Record<string, unknown>[] = [];
  const refs: Record<string, unknown>[] = [];
  const lines = new Map<string, string[]>();
  for (const o of studies) {
    const { title } = integrators[o.integrator];
    const problem = o.problem.toUpperCase();
    const series = `${title}, ${problem}`;
    const levels = o.levels;
    const fitted: string[] = [];
    for (const [kind, key, seKey] of [['strong', 'strong', 'strongStdError'], ['weak', 'weak', 'weakStdError']] as const) {
      for (const l of levels) {
        const v = Math.abs(nan(l[key]));
        const se = nan(l[seKey]);
        const h = r6(l.h);
        rows.push({ kind, integrator: title, problem, series, h, err: r6(v), lo: r6(Math.max(v - se, 0.05 * v)), hi: r6(v + se) });
        if (kind === 'weak') closed.push({ integrator: title, series, h, err: r6(Math.abs(nan(l.weakClosedForm))) });
      }
      const order = nan(kind === 'strong' ? o.expectedStrongOrder : o.expectedWeakOrder);
      const hs = levels.map((l) => l.h);
      const first = levels[hs.indexOf(Math.max(...hs))];
      refs.push(...reference(Math.min(...hs), Math.max(...hs), Math.max(...hs), Math.abs(nan(first[key])), order, `${series}: slope ${order}`).map((r) => ({ ...r, kind })));
      const slope = o[kind === 'strong' ? 'strongSlope' : 'weakSlope'];
      fitted.push(`${kind} ${problem} ${fmt(nan(slope.slope))} ± ${fmt(nan(slope.stdError))}`);
    }
    lines.set(title, [...(lines.get(title) ?? []), ...fitted]);
  }
  // colours from the integrators' registry entries, in registry order
  const shown = Object.values(integrators).filter((s) => lines.has(s.title));
  const color = { field: 'integrator', type: 'nominal', title: null, scale: { domain: shown.map((s) => s.title), range: shown.map((s) => s.color) }, legend: { orient: 'top' } };
  const shape = { field: 'problem', type: 'nominal', title: null, scale: { domain: ['OU', 'GBM'], range: ['circle', 'square'] }, legend: { orient: 'top' } };
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
        ...(kind === 'weak' ? [{ data: { values: closed }, mark: { type: 'line', strokeDash: [6, 3], strokeWidth: 1.4 }, encoding: { x, y, color, detail: { field: 'series' } } }] : []),
        { data: { values: mine }, mark: { type: 'rule', strokeWidth: 1.6 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
        { data: { values: mine }, mark: { type: 'line', strokeWidth: 1.6 }, encoding: { x, y, color, detail: { field: 'series' } } },
        { data: { values: mine }, mark: { type: 'point', filled: true, size: 50, opacity: 1 }, encoding: { x, y, color, shape } },
      ],
    };
  };
  const subtitle = ['fitted orders (bootstrap s.e.):', ...[...lines].map(([title, fitted]) => `${title}: ${fitted.join('; ')}`)];
  const spec = figureSpec('Strong and weak orders of the integrators', subtitle, {
    hconcat: [panel('strong', 'E|X^h_T − X_T|'), panel('weak', '|E f(X^h_T) − E f(X_T)|')],
    spacing: 24,
  });
  return {
    id: 'transient-integrators',
    title: "The integrators' strong and weak orders on OU and GBM",
    caption: 'Errors against the exact solution on shared Brownian paths (±1 s.e.), one colour per integrator, circles OU (additive noise), squares GBM (diagonal noise); dashed (weak panel): the closed form of each integrator’s own moments; dotted: the orders each integrator declares for that noise type, through the coarsest step. Weak errors: f(x) = x² for OU, f(x) = x for GBM.',
    spec,
  };
}

export function transientFigures(result: Result): Figure[] {
  return [weakErrorFigure(result), integratorFigure(result)].filter((f): f is Figure => f !== undefined);
}
