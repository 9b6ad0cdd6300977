/**
 * Euler–Maruyama's declared orders (Kloeden & Platen): strong 1 under additive noise (it coincides
 * with Milstein there), strong 1/2 under multiplicative noise, weak 1 for both. The stepping loop is
 * dynamics/euler-maruyama.ts (moving it here is the next step of issue 16 item 5).
 */
import type { IntegratorSpec } from './integrator.js';

export const eulerMaruyama = {
  name: 'euler-maruyama',
  strongOrder: { additive: 1, multiplicative: 0.5 },
  weakOrder: { additive: 1, multiplicative: 1 },
} as const satisfies IntegratorSpec;
