import type { Result } from '../../core/result.js';
import { figureSpec, fmt, r6, type Figure } from '../../figures/figure.js';
import { object, parseBlock } from '../../figures/read.js';
import { gradientNoiseResultBlocks } from './result-schema.js';
import { okabeIto } from '../../figures/theme.js';

/**
 * Figures of a `gradient-noise` result (src/experiments/gradient-noise/, docs/theory.md §9):
 * - B_simple and B_noise along training (exact lines) with the two-batch estimates (±2 s.e.);
 * - the steps/examples frontier: measured (E = B·S, S) per batch size with the fitted hyperbola
 *   (S/S_min − 1)(E/E_min − 1) = 1, i.e. S = S_min + E_min/B, E = B·S_min + E_min.
 */
const SERIES = ['B_simple (exact)', 'B_noise (exact)', 'two-batch estimate', 'running estimate (training steps)'];
const COLORS = [okabeIto.blue, okabeIto.vermillion, okabeIto.black, okabeIto.green];

const nan = (v: number | null): number => (v === null ? Number.NaN : v);

function alongTraining(result: Result): Figure {
  const measured = parseBlock(gradientNoiseResultBlocks.measured, object(result.measured, 'measured'), 'measured');
  const lines: Record<string, unknown>[] = [];
  const points: Record<string, unknown>[] = [];
  measured.trajectory.forEach((p) => {
    const x = p.step + 1;
    if (typeof p.bSimple === 'number') lines.push({ x, y: r6(p.bSimple), series: 'B_simple (exact)' });
    if (typeof p.bNoise === 'number') lines.push({ x, y: r6(p.bNoise), series: 'B_noise (exact)' });
    for (const [key, series] of [['estimate', 'two-batch estimate'], ['running', 'running estimate (training steps)']] as const) {
      const e = p[key];
      if (!e) continue;
      const y = nan(e.bSimple);
      const se = nan(e.bSimpleStdError);
      if (y > 0) points.push({ x, y: r6(y), lo: r6(Math.max(y - 2 * se, y / 10)), hi: r6(y + 2 * se), series });
    }
  });
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: SERIES, range: COLORS }, legend: { orient: 'top', columns: 2 } };
  const x = { field: 'x', type: 'quantitative', title: 'SGD step + 1', scale: { type: 'log' } };
  const y = { field: 'y', type: 'quantitative', title: 'batch size', scale: { type: 'log' } };
  const spec = figureSpec('Gradient noise scale along training', 'exact B_simple = tr S/|G|² and B_noise = tr(HS)/(GᵀHG); two-batch estimates of B_simple ±2 s.e.', {
    width: 460,
    height: 320,
    layer: [
      { data: { values: lines }, mark: { type: 'line', strokeWidth: 1.6 }, encoding: { x, y, color } },
      { data: { values: points }, mark: { type: 'rule' }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
      { data: { values: points }, mark: { type: 'point', filled: true, size: 36 }, encoding: { x, y, color } },
    ],
  });
  return { id: 'gradient-noise-training', title: 'B_simple and B_noise along training', caption: 'The noise scale grows as training approaches the minimum (the gradient shrinks, the noise does not). The two-batch estimates should scatter around the exact B_simple line.', spec };
}

function frontierFigure(result: Result): Figure | null {
  const measured = parseBlock(gradientNoiseResultBlocks.measured, object(result.measured, 'measured'), 'measured');
  const f = measured.frontier;
  if (!f || !('fit' in f)) return null;
  const fit = f.fit;
  const sMin = nan(fit.sMin);
  const eMin = nan(fit.eMin);
  const cells = f.cells;
  const points = cells.filter((c) => typeof c.steps === 'number').map((c) => {
    const b = c.batchSize;
    const s = nan(c.steps);
    return { e: r6(b * s), s: r6(s), b };
  });
  const bs = cells.map((c) => c.batchSize);
  const lo = Math.min(...bs) / 2, hi = Math.max(...bs) * 2;
  const curve = Array.from({ length: 60 }, (_, k) => {
    const b = lo * (hi / lo) ** (k / 59);
    return { e: r6(b * sMin + eMin), s: r6(sMin + eMin / b) };
  }).filter((p) => (p.s ?? 0) > 0);
  const path = f.path;
  // the theory's own frontier: S = S_path + (Σ_t B_noise(ω_t))/B over the noiseless path's steps
  const pathSteps = path ? path.steps : NaN;
  const pathSum = path ? pathSteps * nan(path.meanBNoise) : NaN;
  const theory = path ? Array.from({ length: 60 }, (_, k) => {
    const b = lo * (hi / lo) ** (k / 59);
    return { e: r6(b * pathSteps + pathSum), s: r6(pathSteps + pathSum / b) };
  }) : [];
  const spec = figureSpec('Steps against examples to reach the target loss', [
    `fit (S/S_min − 1)(E/E_min − 1) = 1: S_min = ${fmt(sMin)}, E_min = ${fmt(eMin)}, B_crit = ${fmt(nan(fit.bCrit))} ± ${fmt(nan(fit.bCritStdError))}`,
    path ? `B_noise averaged over the gradient-descent path: ${fmt(nan(path.meanBNoise))}; dashed: the theory S = ${fmt(pathSteps)} + ${fmt(pathSum)}/B` : '',
  ], {
    width: 460,
    height: 320,
    layer: [
      { data: { values: curve }, mark: { type: 'line', color: okabeIto.blue }, encoding: { x: { field: 'e', type: 'quantitative', title: 'examples E = B·S', scale: { type: 'log' } }, y: { field: 's', type: 'quantitative', title: 'steps S', scale: { type: 'log' } } } },
      ...(theory.length ? [{ data: { values: theory }, mark: { type: 'line', color: okabeIto.black, strokeDash: [5, 4] }, encoding: { x: { field: 'e', type: 'quantitative' }, y: { field: 's', type: 'quantitative' } } }] : []),
      { data: { values: points }, mark: { type: 'point', filled: true, size: 50, color: okabeIto.vermillion }, encoding: { x: { field: 'e', type: 'quantitative' }, y: { field: 's', type: 'quantitative' }, tooltip: [{ field: 'b', title: 'B' }] } },
    ],
  });
  return { id: 'gradient-noise-frontier', title: 'Steps/examples frontier', caption: 'Each point is one batch size at its best learning rate; the solid line is the fitted hyperbola (its knee is B_crit = E_min/S_min), the dashed one the theory S = S_path + Σ_t B_noise(ω_t)/B over the noiseless path. Compare the slopes (E_min) and the intercepts (S_min) of the two lines.', spec };
}

/**
 * An online model's frontier (the NQM): steps to the target against B for each momentum — the
 * closed form (line), the simulation (points ±2 s.e.) and McCandlish's hyperbola through the exact
 * asymptotes (dashed), on log axes: perfect scaling (slope −1) at small B, diminishing returns
 * beyond B_crit, and momentum moving the knee to larger B.
 */
function onlineFrontierFigure(result: Result): Figure | null {
  const measured = parseBlock(gradientNoiseResultBlocks.measured, object(result.measured, 'measured'), 'measured');
  const f = measured.frontier;
  if (!f || !('online' in f)) return null;
  const closed: Record<string, unknown>[] = [], sim: Record<string, unknown>[] = [], hyper: Record<string, unknown>[] = [];
  const series: string[] = [];
  for (const m of f.online) {
    const name = `m = ${m.momentum}`;
    series.push(name);
    for (const c of m.cells) {
      if (c.closedForm && typeof c.closedForm.steps === 'number') closed.push({ b: c.batchSize, s: r6(c.closedForm.steps), series: name });
      const st = c.simulation;
      if (st && typeof st.steps === 'number' && typeof st.stdError === 'number') sim.push({ b: c.batchSize, s: r6(st.steps), lo: r6(Math.max(st.steps - 2 * st.stdError, st.steps / 2)), hi: r6(st.steps + 2 * st.stdError), series: name });
    }
    const cf = m.closedForm;
    if (cf && typeof cf.sMin === 'number' && typeof cf.eMin === 'number') {
      const bs = m.cells.map((c) => c.batchSize);
      const lo = Math.min(...bs), hi = Math.max(...bs);
      for (let k = 0; k < 50; k++) { const b = lo * (hi / lo) ** (k / 49); hyper.push({ b: r6(b), s: r6(cf.sMin + cf.eMin / b), series: name }); }
    }
  }
  const colors = [okabeIto.blue, okabeIto.vermillion, okabeIto.green, okabeIto.black];
  const color = { field: 'series', type: 'nominal', title: 'momentum', scale: { domain: series, range: colors.slice(0, series.length) }, legend: { orient: 'top' } };
  const x = { field: 'b', type: 'quantitative', title: 'batch size B', scale: { type: 'log' } };
  const y = { field: 's', type: 'quantitative', title: `steps to the target (${f.definition})`, scale: { type: 'log' } };
  const crit = f.online.map((m) => `m = ${m.momentum}: B_crit = E_min/S_min = ${fmt(nan(m.closedForm?.bCrit ?? null))} (closed form); hyperbola fits: ${fmt(nan(m.closedForm?.fit?.bCrit ?? null))} (closed form), ${fmt(nan(m.simulation.fit?.bCrit ?? null))} ± ${fmt(nan(m.simulation.fit?.bCritStdError ?? null))} (simulation)`);
  const spec = figureSpec('Steps to the target against batch size', crit, {
    width: 460,
    height: 320,
    layer: [
      { data: { values: hyper }, mark: { type: 'line', strokeDash: [5, 4], strokeWidth: 1.2 }, encoding: { x, y, color } },
      { data: { values: closed }, mark: { type: 'line', strokeWidth: 1.8 }, encoding: { x, y, color } },
      { data: { values: sim }, mark: { type: 'rule' }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
      { data: { values: sim }, mark: { type: 'point', filled: true, size: 40 }, encoding: { x, y, color, tooltip: [{ field: 'b', title: 'B' }, { field: 's', title: 'steps' }] } },
    ],
  });
  return { id: 'gradient-noise-nqm-frontier', title: 'NQM: steps against batch size, SGD and momentum', caption: 'Solid lines: the closed form (best constant ε at each B); points: the simulated ensemble (±2 s.e.); dashed: McCandlish’s hyperbola S_min + E_min/B through the exact asymptotes. Perfect scaling (slope −1) at small B, diminishing returns beyond B_crit; momentum lowers S_min and so moves B_crit up.', spec };
}

export function gradientNoiseFigures(result: Result): Figure[] {
  const out = [alongTraining(result)];
  const f = frontierFigure(result);
  if (f) out.push(f);
  const o = onlineFrontierFigure(result);
  if (o) out.push(o);
  return out;
}
