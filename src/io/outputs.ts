import { join } from 'node:path';
import type { Result } from '../experiments/result.js';
import { writeJsonAtomic } from './atomic.js';
import { writeFigures, writeReport } from '../plots/index.js';

/** Write results.json and (unless disabled) the figures and report.html of one run; return the files. */
export async function writeRunOutputs(result: Result, dir: string, options: { plots: boolean }): Promise<string[]> {
  const files: string[] = [];
  const resultsPath = join(dir, 'results.json');
  writeJsonAtomic(resultsPath, result);
  files.push(resultsPath);
  if (options.plots) {
    files.push(...(await writeFigures(result, dir)));
    const report = await writeReport([result], dir);
    if (report) files.push(report);
  }
  return files;
}
