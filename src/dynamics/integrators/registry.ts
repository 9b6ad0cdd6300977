/** SDE integrators by name; one line per integrator (see integrator.ts for how to add one). */
import type { IntegratorSpec } from './integrator.js';
import { eulerMaruyama } from './euler-maruyama.js';
import { milstein } from './milstein.js';

export const integrators = {
  'euler-maruyama': eulerMaruyama,
  milstein,
} as const satisfies Record<string, IntegratorSpec>;
export type IntegratorName = keyof typeof integrators;
