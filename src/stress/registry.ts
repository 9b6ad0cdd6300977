import type { StressProperty } from './property.js';
import { noiseFactorProperty } from './properties/noise-factor.js';
import { ou } from './properties/ou.js';
import { discreteLyapunov } from './properties/discrete-lyapunov.js';
import { heavyBall } from './properties/heavy-ball.js';
import { leastSquares } from './properties/least-squares.js';
import { collapse } from './properties/collapse.js';
import { fluctuationDissipation } from './properties/fdr.js';
import { evidenceInvariance } from './properties/evidence-invariance.js';
import { twoBatch } from './properties/two-batch.js';
import { escape } from './properties/escape.js';

/**
 * Every stress property, by the name `--property` and the config file use. The mapped type makes
 * the compiler reject a name without a property (and a property under a name not in the union).
 * To add one: add its name here, write properties/<name>.ts, register it below.
 * Order: cheap exact checks first, so a planted formula fails fast.
 */
export type PropertyName =
  | 'noise-factor'
  | 'ou'
  | 'evidence-invariance'
  | 'discrete-lyapunov'
  | 'least-squares'
  | 'heavy-ball'
  | 'collapse'
  | 'fdr'
  | 'two-batch'
  | 'escape';

export const stressProperties: { [K in PropertyName]: StressProperty } = {
  'noise-factor': noiseFactorProperty,
  ou,
  'evidence-invariance': evidenceInvariance,
  'discrete-lyapunov': discreteLyapunov,
  'least-squares': leastSquares,
  'heavy-ball': heavyBall,
  collapse,
  fdr: fluctuationDissipation,
  'two-batch': twoBatch,
  escape,
};

export const propertyNames = Object.keys(stressProperties) as PropertyName[];

export function isPropertyName(name: unknown): name is PropertyName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(stressProperties, name);
}
