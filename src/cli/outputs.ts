import type { Result } from '../core/result.js';
import { writeJsonAtomic } from '../io/atomic.js';
import { pathInside } from '../io/safe-path.js';

/**
 * Write (unless disabled) the figures and report.html of one run, then results.json; return the
 * files, results.json first. results.json comes last because it is what marks a directory as holding
 * finished results (an interrupted write must not leave results.json without its report.html).
 */
export async function writeRunOutputs(result: Result, dir: string, options: { plots: boolean }): Promise<string[]> {
  const files: string[] = [];
  const resultsPath = pathInside(dir, ['results.json']);
  if (options.plots) {
    // loaded on demand: Vega and the renderer take a second to import, which commands without plots should not pay
    const { writeFigures, writeReport } = await import('../plots/index.js');
    files.push(...(await writeFigures(result, dir)));
    const report = await writeReport([result], dir);
    if (report) files.push(report);
  }
  // one turn of the event loop: a Ctrl-C that arrived while the figures were drawn is handled now,
  // before results.json marks the directory as finished
  await new Promise((resolve) => setImmediate(resolve));
  writeJsonAtomic(resultsPath, result);
  return [resultsPath, ...files];
}
