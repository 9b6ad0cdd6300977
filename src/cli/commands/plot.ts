import type { CommandModule } from 'yargs';
import { dirname, resolve } from 'node:path';
import { InputError, type InputProblem } from '../../errors.js';
import { isSafeName, outputDirProblem, pathInside, SAFE_NAME_RULE } from '../../io/safe-path.js';
import { readResultsFile } from '../../io/results-file.js';
import { writeFigures, writeReport } from '../../plots/index.js';
import { hasFigureBuilder } from '../../plots/registry.js';
import { count } from '../../io/format.js';

interface PlotArgs { results: string; out?: string }

export const plotCommand: CommandModule<object, PlotArgs> = {
  command: 'plot <results>',
  describe: 'redraw the figures and report.html from a saved results.json (no simulation)',
  builder: (y) =>
    y
      .positional('results', { type: 'string', demandOption: true, describe: 'a results.json written by `sgd-sde run`' })
      .option('out', { type: 'string', describe: 'output directory (default: the directory of the results file)' }) as never,
  handler: async (args) => {
    const results = readResultsFile(args.results);
    const outDir = resolve(args.out ?? dirname(args.results));
    // refuse up front what would write outside the output directory (io/safe-path.ts)
    const problems: InputProblem[] = [];
    const dirProblem = outputDirProblem(outDir);
    if (dirProblem) problems.push(dirProblem);
    if (results.length > 1) {
      results.forEach((r, i) => {
        if (!isSafeName(r.name)) problems.push({ path: `${args.results}: [${i}].name`, message: `names a subdirectory of the output, so it must be ${SAFE_NAME_RULE}`, value: r.name });
      });
    }
    if (problems.length > 0) throw new InputError(problems, 'command line');
    const files: string[] = [];
    for (const result of results) {
      if (!hasFigureBuilder(result.experiment)) {
        process.stderr.write(`warning: no figures for experiment kind "${result.experiment}" in this version; report.html still lists its predictions\n`);
      }
      // several results in one file: one subdirectory each, as `run` does for several scenarios
      files.push(...(await writeFigures(result, results.length > 1 ? pathInside(outDir, [result.name]) : outDir)));
    }
    const report = await writeReport(results, outDir);
    if (report) files.push(report);
    process.stdout.write(`wrote ${count(files.length, 'file')} to ${outDir}\n`);
  },
};
