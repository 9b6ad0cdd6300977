import { describe, it, expect } from 'vitest';
import { integrators } from '../../../src/dynamics/integrators/registry.js';
import { defineIntegrator, noiseTypes, provisions, type IntegratorSpec } from '../../../src/dynamics/integrators/integrator.js';
import {
  assertDeclaredStrongOrder, assertDeclaredWeakOrder, assertRefuses, misdeclared, testProblems, withProvisionsOnly,
} from './integrator-assertions.js';

/**
 * Every registered integrator keeps what it declares (integrator-assertions.ts, the shared
 * assertions): on the test problem of each noise type it integrates (OU additive, GBM diagonal,
 * GBM with two noises general) its measured strong and weak orders are the declared ones within
 * 4 standard errors (fixed seed), with only the provisions it declares it needs; it refuses, when
 * its stepper is built, every noise type it leaves out and an SDE that lacks a declared need.
 * Twins: the same measurements reject each declared order moved by ±1/2 (strong order 1.5 declared
 * where 1 is measured, Euler–Maruyama declared 1 on diagonal noise, …): the assertions fail;
 * and an integrator that reads ∂g/∂x without declaring the need fails the measurement.
 */
const registered: IntegratorSpec[] = Object.values(integrators);

describe('the integrator registry', () => {
  it('names each integrator by its key; titles, prediction-id abbreviations and colours are distinct', () => {
    for (const [key, spec] of Object.entries(integrators)) expect(spec.name).toBe(key);
    for (const field of ['title', 'abbreviation', 'color'] as const) {
      expect(new Set(registered.map((s) => s[field])).size, field).toBe(registered.length);
    }
    for (const spec of registered) expect(spec.abbreviation).toMatch(/^[a-z][a-z0-9-]*$/); // one segment of a dotted prediction id
  });

  it('has a test problem of each noise type, declaring that type, and an integrator for each', () => {
    for (const noise of noiseTypes) {
      expect(testProblems[noise].sde.noise).toBe(noise);
      expect(registered.some((s) => s.noise[noise])).toBe(true);
    }
  });
});

for (const spec of registered) {
  describe(`integrator ${spec.name}`, () => {
    for (const noise of noiseTypes) {
      const problem = testProblems[noise];
      const support = spec.noise[noise];
      if (!support) {
        it(`refuses ${noise} noise when its stepper is built`, () => assertRefuses(spec, problem.sde));
        continue;
      }
      it(`has its declared strong order ${support.strongOrder} on ${problem.title} (${noise} noise)`, () => assertDeclaredStrongOrder(spec, problem));
      it(`has its declared weak order ${support.weakOrder} on ${problem.title} (${noise} noise)`, () => assertDeclaredWeakOrder(spec, problem));
      for (const shift of [-0.5, 0.5]) {
        it(`twin: strong order declared ${support.strongOrder + shift} on ${noise} noise fails the same assertion`, () => {
          expect(() => assertDeclaredStrongOrder(misdeclared(spec, noise, { strongOrder: support.strongOrder + shift }), problem)).toThrow();
        });
        it(`twin: weak order declared ${support.weakOrder + shift} on ${noise} noise fails the same assertion`, () => {
          expect(() => assertDeclaredWeakOrder(misdeclared(spec, noise, { weakOrder: support.weakOrder + shift }), problem)).toThrow();
        });
      }
      for (const need of support.needs ?? []) {
        it(`refuses ${noise} noise without ${need}, which it declares it needs`, () => {
          expect(provisions(problem.sde)).toContain(need); // the test problem gives it
          assertRefuses(spec, withProvisionsOnly(problem.sde, (support.needs ?? []).filter((p) => p !== need)), /needs/);
        });
      }
    }
  });
}

describe('twin: a need that is not declared', () => {
  it('an integrator that reads ∂g/∂x without declaring it fails the order measurement (the SDE is stripped of it)', () => {
    const g = new Float64Array(1), dg = new Float64Array(1);
    const undeclared = defineIntegrator({
      name: 'undeclared-need', title: 'Undeclared need', abbreviation: 'undeclared-need', color: '#000000',
      noise: { diagonal: { strongOrder: 1, weakOrder: 1 } },
    }, (sde) => ({
      step(x, t, h, dW, scale = 1) {
        if (sde.noise !== 'diagonal') throw new Error('diagonal only');
        sde.diffusion(x, t, g);
        sde.diffusionDerivative!(x, t, dg);
        const w = scale * dW[0];
        x[0] += g[0] * w + 0.5 * g[0] * dg[0] * (w * w - h);
      },
    }));
    expect(() => assertDeclaredStrongOrder(undeclared, testProblems.diagonal)).toThrow(/diffusionDerivative/);
  });
});
