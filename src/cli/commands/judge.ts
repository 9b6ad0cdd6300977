import type { CommandModule } from 'yargs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { outputDirProblem } from '../../io/safe-path.js';
import { readResultsFile } from '../../io/results-file.js';
import { acquireOutputLock } from '../../io/output-lock.js';
import { stderrProgress } from '../../io/progress.js';
import { rejudge } from '../../run/rejudge.js';
import { writeRunOutputs } from '../outputs.js';
import { formatPredictionTable, hasJudgedFailure } from '../table.js';
import { ExitCode, exitState } from '../exit-codes.js';
import { parseIntegerOption } from '../integer-option.js';
import { defaultWorkers } from '../../workers/default-count.js';
import type { Result } from '../../core/result.js';

interface JudgeArgs { results: string[]; out?: string; dataDir?: string; plots: boolean; json: boolean; workers?: string }

/**
 * `sgd-sde judge DIR/results.json`: judge a finished run again with this version's analysis and
 * verdict rule (run/rejudge.ts), without re-running its sweep, and rewrite results.json, the
 * figures and report.html in place (or in --out). The same analysis `merge` runs on shard cells.
 */
export const judgeCommand: CommandModule<object, JudgeArgs> = {
  command: 'judge <results..>',
  describe: "judge finished runs again with this version's analysis and verdicts, from the cells kept in results.json (no simulation), and rewrite results.json, figures and report.html",
  builder: (y) =>
    y
      .positional('results', { type: 'string', array: true, demandOption: true, describe: 'results.json files written by `sgd-sde run` or `merge`' })
      .option('out', { type: 'string', describe: 'output directory (default: the directory of each results file; with several files, give none)' })
      .option('data-dir', { type: 'string', describe: "the directory the scenario's relative data paths (CSV files) resolve against, i.e. where its scenario file lived (default: the current directory)" })
      .option('plots', { type: 'boolean', default: true, describe: 'draw figures and report.html (--no-plots to skip)' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON instead of the table' })
      .option('workers', { type: 'string', describe: 'worker threads for a result that has to be run again (one without kept cells)' }) as never,
  handler: async (args) => {
    const workers = parseIntegerOption('--workers', args.workers, 1, 256);
    if (workers.problem) throw new InputError([workers.problem], 'command line');
    if (args.out !== undefined && args.results.length > 1) throw new InputError([{ path: '--out', message: 'give --out with one results file only (each file is rewritten in its own directory otherwise)' }], 'command line');
    const jobs: { path: string; dir: string; old: Result }[] = [];
    const problems = [];
    for (const path of args.results) {
      const read = readResultsFile(path); // InputError (exit 2) on a damaged file, before any work
      if (read.length !== 1) {
        problems.push({ path, message: `holds ${read.length} results; judge takes the results.json of one run (run writes one per scenario directory)` });
        continue;
      }
      const dir = resolve(args.out ?? dirname(path));
      const dirProblem = outputDirProblem(dir);
      if (dirProblem) problems.push(dirProblem);
      else jobs.push({ path, dir, old: read[0] });
    }
    if (problems.length > 0) throw new InputError(problems, 'command line');
    const baseDir = resolve(args.dataDir ?? '.');
    const progress = stderrProgress();
    const results: Result[] = [];
    for (const job of jobs) {
      const release = acquireOutputLock(job.dir);
      try {
        const judged = await rejudge(job.old, { baseDir, source: job.path, progress, workers: workers.value ?? defaultWorkers(), onWarning: (m) => process.stderr.write(`warning: ${m}\n`) });
        const files = await writeRunOutputs(judged.result, job.dir, { plots: args.plots });
        results.push(judged.result);
        const how = judged.cells === 'kept'
          ? 'from the cells kept in results.json'
          : judged.cells === 'rebuilt'
            ? `from cells rebuilt from the older results.json (not recovered: ${judged.lost})`
            : 'by running it again (this result keeps no sweep cells)';
        if (args.json) process.stdout.write(`${JSON.stringify(judged.result)}\n`);
        else process.stdout.write(`${formatPredictionTable(judged.result)}\njudged ${how}; wrote ${files.length} files to ${job.dir}\n(${join(job.dir, 'results.json')})\n\n`);
      } finally {
        release();
      }
    }
    exitState.code = hasJudgedFailure(results) ? ExitCode.predictionFailed : ExitCode.ok; // judged rows only
  },
};
