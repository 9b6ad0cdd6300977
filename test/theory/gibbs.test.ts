import { describe, it, expect } from 'vitest';
import { gibbsGrid, gibbsMoments, gibbsTemperature, noiseScaleForTemperature, optimalBatchSize, optimalTemperature, gibbsExpectedTest } from '../../src/theory/gibbs.js';
import { noiseScale } from '../../src/theory/noise-scale.js';

describe('Gibbs density by quadrature', () => {
  it('1-D quadratic: a Gaussian of variance g σ² / (2 N h)', () => {
    const h = 3;
    const grid = gibbsGrid({ dim: 1, domain: [[-4, 4]], train: (x) => 0.5 * h * x * x + 7, test: (x) => 0.5 * h * (x - 0.2) ** 2 }, 4001);
    for (const [g, n, s2] of [[0.5, 100, 1], [4, 1000, 2.5], [30, 50, 0.1]]) {
      const t = gibbsTemperature(g, n, s2);
      const m = gibbsMoments(grid, t);
      expect(m.covariance[0] / ((g * s2) / (2 * n * h)) - 1).toBeLessThan(1e-9);
      expect(m.mean[0]).toBeCloseTo(0, 12);
      expect(m.test).toBeCloseTo(t / 2 + 0.5 * h * 0.04, 10); // E ½h(x−δ)² = T/2 + ½hδ²
      expect(m.train).toBeCloseTo(7 + t / 2, 10);
    }
  });

  it('survives temperatures whose weights would underflow without log-sum-exp', () => {
    const grid = gibbsGrid({ dim: 1, domain: [[-1, 1]], train: (x) => 1e4 + 50 * x * x, test: (x) => x * x }, 20001);
    const m = gibbsMoments(grid, 1e-4); // exp(−1e8) without the shift
    expect(m.covariance[0] / (1e-4 / 100) - 1).toBeLessThan(1e-6);
  });

  it('2-D correlated quadratic: covariance T H⁻¹', () => {
    const [a, b, c] = [2, 0.6, 1];
    const grid = gibbsGrid({ dim: 2, domain: [[-3, 3], [-3, 3]], train: (x, y) => 0.5 * (a * x * x + 2 * b * x * y + c * y * y), test: () => 0 }, 601);
    const t = 0.05;
    const det = a * c - b * b;
    const m = gibbsMoments(grid, t);
    expect(m.covariance[0]).toBeCloseTo((t * c) / det, 8);
    expect(m.covariance[1]).toBeCloseTo((-t * b) / det, 8);
    expect(m.covariance[3]).toBeCloseTo((t * a) / det, 8);
    expect(m.edgeMass).toBeLessThan(1e-12);
  });

  it('optimal temperature: closed forms in 1-D (a/3) and 2-D (a/4)', () => {
    // L = ½x², test (x² − a)²: E = 3T² − 2aT + a², minimum at T = a/3
    const one = gibbsGrid({ dim: 1, domain: [[-6, 6]], train: (x) => 0.5 * x * x, test: (x) => (x * x - 0.3) ** 2 }, 20001);
    const o1 = optimalTemperature(one);
    expect(o1.atEdge).toBe(false);
    expect(o1.temperature).toBeCloseTo(0.1, 6);
    expect(o1.testLoss).toBeCloseTo(3 * 0.01 - 2 * 0.3 * 0.1 + 0.09, 8);
    // 2-D: E[r⁴] = 8T², E[r²] = 2T: 8T² − 4aT + a², minimum at T = a/4
    const two = gibbsGrid({ dim: 2, domain: [[-5, 5], [-5, 5]], train: (x, y) => 0.5 * (x * x + y * y), test: (x, y) => (x * x + y * y - 0.4) ** 2 }, 401);
    expect(optimalTemperature(two).temperature).toBeCloseTo(0.1, 5);
  });

  it('reports an edge optimum when the test loss only grows with T', () => {
    const grid = gibbsGrid({ dim: 1, domain: [[-5, 5]], train: (x) => 0.5 * x * x, test: (x) => 0.5 * (x - 0.1) ** 2 }, 4001);
    expect(optimalTemperature(grid).atEdge).toBe(true);
  });

  it('g_opt and B_opt: T = gσ²/(2N) inverted, and B = N/(1 + g(1−m)/ε) recovers g', () => {
    expect(noiseScaleForTemperature(gibbsTemperature(3.7, 900, 2), 900, 2)).toBeCloseTo(3.7, 12);
    const b = optimalBatchSize(2.5, 0.02, 1000, 0.5, 'without-replacement');
    expect(b.paper).toBeCloseTo(1000 / (1 + (2.5 * 0.5) / 0.02), 10);
    expect(noiseScale(0.02, 1000, b.exact, 0.5, 'without-replacement').g).toBeCloseTo(2.5, 10);
    expect(noiseScale(0.02, 1000, b.paper, 0.5, 'without-replacement').gPaper).toBeCloseTo(2.5, 10);
  });

  it('the fast expected-test path equals the full moments', () => {
    const grid = gibbsGrid({ dim: 2, domain: [[-2, 2], [-2, 2]], train: (x, y) => x ** 4 + y * y - x, test: (x, y) => Math.cos(x) + y }, 201);
    expect(gibbsExpectedTest(grid, 0.3)).toBeCloseTo(gibbsMoments(grid, 0.3).test, 12);
  });
});
