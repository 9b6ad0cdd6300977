import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFigures, hasFigureBuilder } from '../../src/plots/registry.js';
import { experimentKinds } from '../../src/run/registry.js';
import { compileSpec } from '../../src/plots/render.js';
import { syntheticBatchSizeResult, syntheticEvidenceResult, syntheticStationaryResult } from './fixtures.js';

/**
 * Spec builders are pure functions of the Result: the JSON must not change unless a builder
 * does. Set UPDATE_GOLDEN=1 to rewrite test/plots/golden/ after an intended change (and look at
 * the figures before committing).
 */
const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

describe('figure registry', () => {
  it('has a builder for every experiment kind', () => {
    expect(experimentKinds.filter((k) => !hasFigureBuilder(k))).toEqual([]);
  });
});

function checkGolden(id: string, spec: unknown): void {
  const text = `${JSON.stringify(spec, null, 2)}\n`;
  const path = join(goldenDir, `${id}.json`);
  if (update) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(path, text);
  }
  if (!existsSync(path)) throw new Error(`no golden file ${path}: run UPDATE_GOLDEN=1 npx vitest run test/plots`);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

describe('evidence figure specs', () => {
  const figures = buildFigures(syntheticEvidenceResult());

  it('builds the planned figures, deterministically', () => {
    expect(figures.map((f) => f.id)).toEqual(['evidence-vs-lambda', 'evidence-accuracy']);
    expect(JSON.stringify(buildFigures(syntheticEvidenceResult()))).toBe(JSON.stringify(figures));
  });

  for (const id of ['evidence-vs-lambda', 'evidence-accuracy']) {
    it(`${id} matches its golden file and compiles without warnings`, () => {
      const figure = figures.find((f) => f.id === id)!;
      checkGolden(id, figure.spec);
      expect(compileSpec(figure.spec).warnings).toEqual([]);
    });
  }

  it('uses a log λ axis with one tick per decade', () => {
    const text = JSON.stringify(figures[0].spec);
    expect(text).toContain('"scale":{"type":"log"}');
    expect(text).toContain('"values":[0.0001,0.001,0.01,0.1,1,10,100,1000,10000]');
  });

  it('draws the paper panels, (a) random and (b) true labels, with seed bands where the rows carry a spread', () => {
    const [evidence, accuracy] = figures.map((f) => JSON.stringify(f.spec));
    for (const text of [evidence, accuracy]) {
      expect(text.indexOf('(a) random labels')).toBeGreaterThan(-1);
      expect(text.indexOf('(b) true labels')).toBeGreaterThan(text.indexOf('(a) random labels'));
      expect(text).toContain('"type":"area"');
    }
    // twin: without a spread (one seed) there is nothing to band
    const oneSeed = syntheticEvidenceResult();
    for (const key of ['true', 'random']) for (const row of (oneSeed.measured as Record<string, Record<string, unknown>[]>)[key]) delete row.spread;
    expect(buildFigures(oneSeed).map((f) => JSON.stringify(f.spec)).join()).not.toContain('"type":"area"');
  });

  it('drops the test panels without a test set', () => {
    const [evidence, accuracy] = buildFigures(syntheticEvidenceResult({ test: false }));
    expect((evidence.spec as unknown as { vconcat: unknown[] }).vconcat).toHaveLength(1);
    expect(JSON.stringify(accuracy.spec)).not.toContain('"set":"test"');
    expect(compileSpec(evidence.spec).warnings).toEqual([]);
  });
});

describe('batch-size figure specs', () => {
  const figures = buildFigures(syntheticBatchSizeResult());

  it('builds the planned figures, deterministically', () => {
    expect(figures.map((f) => f.id)).toEqual(['batch-size-curves', 'batch-size-optimum', 'batch-size-noise-scale']);
    expect(JSON.stringify(buildFigures(syntheticBatchSizeResult()))).toBe(JSON.stringify(figures));
  });

  for (const id of ['batch-size-curves', 'batch-size-optimum', 'batch-size-noise-scale']) {
    it(`${id} matches its golden file and compiles without warnings`, () => {
      const figure = figures.find((f) => f.id === id)!;
      checkGolden(id, figure.spec);
      expect(compileSpec(figure.spec).warnings).toEqual([]);
    });
  }

  it('draws log-log axes and a slope-1 reference in the optimum panels', () => {
    const text = JSON.stringify(figures[1].spec);
    expect(text.match(/"type":"log"/g)!.length).toBeGreaterThanOrEqual(4);
    expect(text).toContain('slope 1: B_opt ∝ εN/(1−m)');
    expect(text).toContain('slope 1.04 ± 0.06 (Gibbs theory 0.98)');
  });

  it('shows test accuracy (1 − the fitted test error) for the network, without theory', () => {
    const [curves] = buildFigures(syntheticBatchSizeResult({ network: true }));
    const text = JSON.stringify(curves.spec);
    expect(text).toContain('"title":"test accuracy"');
    expect(text).not.toContain('"layer":"theory"');
    expect(text).not.toContain("datum.layer === 'theory'");
    for (const f of buildFigures(syntheticBatchSizeResult({ network: true }))) expect(compileSpec(f.spec).warnings).toEqual([]);
  });
});

describe('stationary figure specs', () => {
  const figures = buildFigures(syntheticStationaryResult());

  it('builds the planned figures', () => {
    expect(figures.map((f) => f.id)).toEqual(['stationary-histograms', 'stationary-ellipses', 'stationary-entries']);
  });

  it('is deterministic: a second build gives the same bytes', () => {
    const again = buildFigures(syntheticStationaryResult());
    expect(JSON.stringify(again)).toBe(JSON.stringify(figures));
  });

  for (const id of ['stationary-histograms', 'stationary-ellipses', 'stationary-entries']) {
    it(`${id} matches its golden file`, () => {
      checkGolden(id, figures.find((f) => f.id === id)!.spec);
    });

    it(`${id} compiles to Vega without warnings`, () => {
      const figure = figures.find((f) => f.id === id)!;
      const { warnings } = compileSpec(figure.spec);
      expect(warnings).toEqual([]);
    });
  }

  it('overlays one density curve per theory on every histogram panel', () => {
    const spec = figures[0].spec as unknown as { data: { values: { layer: string; coordinate: string; series: string }[] } };
    const curves = spec.data.values.filter((r) => r.layer === 'curve');
    const panels = new Set(curves.map((r) => `${r.coordinate}|${r.series}`));
    expect(panels.size).toBe(3 * 3); // ω₁..ω₃ × (OU, discrete, exact)
  });

  it('gives both ellipse axes the same domain (equal aspect)', () => {
    const spec = figures[1].spec as unknown as { layer: { encoding: { x: { scale: { domain: number[] } }; y: { scale: { domain: number[] } } } }[] };
    const { x, y } = spec.layer[0].encoding;
    expect(x.scale.domain).toEqual(y.scale.domain);
    expect(x.scale.domain[0]).toBe(-x.scale.domain[1]);
  });
});

describe('stationary figures adapt to what ran', () => {
  it('draws no ellipses and only the variance panel for d = 1', () => {
    const r = syntheticStationaryResult();
    const cut = (m: number[][]) => [[m[0][0]]];
    for (const key of ['sgd', 'sde'] as const) {
      const m = r.measured[key] as { covariance: number[][]; covarianceStdError: number[][]; histograms: { coordinate: number }[]; scatter: unknown[] };
      m.covariance = cut(m.covariance);
      m.covarianceStdError = cut(m.covarianceStdError);
      m.histograms = m.histograms.filter((h) => h.coordinate === 0);
      m.scatter = [];
    }
    for (const key of ['ou', 'discrete', 'exact'] as const) {
      const t = r.theory[key] as { covariance: number[][] };
      t.covariance = cut(t.covariance);
    }
    const figures = buildFigures(r);
    expect(figures.map((f) => f.id)).toEqual(['stationary-histograms', 'stationary-entries']);
    expect((figures[1].spec as unknown as { hconcat: unknown[] }).hconcat).toHaveLength(1);
    for (const f of figures) expect(compileSpec(f.spec).warnings).toEqual([]);
  });

  it('draws SGD alone when the SDE did not run', () => {
    const r = syntheticStationaryResult();
    delete (r.measured as Record<string, unknown>).sde;
    const figures = buildFigures(r);
    expect(figures).toHaveLength(3);
    const series = new Set((figures[0].spec as unknown as { data: { values: { series: string }[] } }).data.values.map((v) => v.series));
    expect([...series].sort()).toEqual(['OU (SDE) theory', 'SGD', 'discrete SGD theory', 'exact theory']);
  });

  it('names the exact theory instead of drawing a copy of the discrete one', () => {
    const r = syntheticStationaryResult();
    r.theory.exact = { ...(r.theory.discrete as object), source: 'discrete-lyapunov' };
    const [hist] = buildFigures(r);
    const series = new Set((hist.spec as unknown as { data: { values: { series: string }[] } }).data.values.map((v) => v.series));
    expect(series.has('exact theory')).toBe(false);
    expect(JSON.stringify(hist.spec)).toContain('the discrete SGD theory is exact for this model');
  });
});

describe('figure builders reject malformed results with the JSON path', () => {
  it('names a missing OU covariance', () => {
    const r = syntheticStationaryResult();
    delete (r.theory as Record<string, unknown>).ou;
    expect(() => buildFigures(r)).toThrow(/theory\.ou/);
  });

  it('names a covariance of the wrong size', () => {
    const r = syntheticStationaryResult();
    (r.measured.sgd as { covariance: number[][] }).covariance = [[1]];
    expect(() => buildFigures(r)).toThrow(/measured SGD covariance/);
  });

  it('draws nothing for an experiment kind it does not know', () => {
    const r = { ...syntheticStationaryResult(), experiment: 'from-the-future' };
    expect(buildFigures(r)).toEqual([]);
  });
});
