import type { CommandModule } from 'yargs';
import { dirname, join, resolve } from 'node:path';
import { readResultsFile } from '../../io/results-file.js';
import { resultsToCsv } from '../../io/export-csv.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { outputDirProblem, pathInside } from '../../io/safe-path.js';
import { InputError } from '../../errors.js';
import { count } from '../../io/format.js';

interface ExportArgs { results: string; csv: boolean; out?: string }

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <results>',
  describe: 'write a results.json as tidy CSV (predictions.csv, values.csv and one table per per-cell array) for pandas or a notebook',
  builder: (y) =>
    y
      .positional('results', { type: 'string', demandOption: true, describe: 'a results.json written by `sgd-sde run`' })
      .option('csv', { type: 'boolean', default: true, describe: 'CSV tables (the only format so far)' })
      .option('out', { type: 'string', describe: 'output directory (default: <directory of the results file>/csv)' }) as never,
  handler: (args) => {
    const results = readResultsFile(args.results);
    const outDir = resolve(args.out ?? join(dirname(args.results), 'csv'));
    const problem = outputDirProblem(outDir);
    if (problem) throw new InputError([problem], 'command line');
    const files = resultsToCsv(results);
    for (const f of files) writeFileAtomic(pathInside(outDir, [f.name]), f.text);
    process.stdout.write(`wrote ${count(files.length, 'CSV file')} to ${outDir}\n`);
  },
};
