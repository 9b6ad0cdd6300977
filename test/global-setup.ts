import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { staleDist } from '../scripts/build-stamp.mjs';

/**
 * Runs once before the tests: worker-thread tests run the compiled dist/, so dist/ must be built
 * from the sources as they are now. When the build stamp (scripts/build-stamp.mjs) differs from
 * the sources, rebuild (`npm run build`); if it still differs, no test runs.
 */
export default function ensureFreshDist(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const problem: string | undefined = staleDist(root);
  if (!problem) return;
  process.stderr.write(`${problem}: rebuilding (npm run build) so that the worker-thread tests run the current code\n`);
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const after: string | undefined = staleDist(root);
  if (after) throw new Error(`${after}, even after npm run build`);
}
