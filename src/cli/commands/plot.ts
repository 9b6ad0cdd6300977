import type { CommandModule } from 'yargs';
import { dirname, join, resolve } from 'node:path';
import { readResultsFile } from '../../io/results-file.js';
import { writeFigures, writeReport } from '../../plots/index.js';
import { hasFigureBuilder } from '../../plots/registry.js';

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
    const files: string[] = [];
    for (const result of results) {
      if (!hasFigureBuilder(result.experiment)) {
        process.stderr.write(`warning: no figures for experiment kind "${result.experiment}" in this version; report.html still lists its predictions\n`);
      }
      // several results in one file: one subdirectory each, as `run` does for several scenarios
      files.push(...(await writeFigures(result, results.length > 1 ? join(outDir, result.name) : outDir)));
    }
    const report = await writeReport(results, outDir);
    if (report) files.push(report);
    process.stdout.write(`wrote ${files.length} files to ${outDir}\n`);
  },
};
