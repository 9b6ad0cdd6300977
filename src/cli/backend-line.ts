import { backendLine } from '../linalg/backend.js';

let announced = false;
/**
 * Say once per process on stderr which kernel backend runs the work; computing commands call it
 * after their input is validated (so that a refused input still starts with `error:`).
 */
export function announceBackend(): void {
  if (announced) return;
  announced = true;
  process.stderr.write(`${backendLine()}\n`);
}
