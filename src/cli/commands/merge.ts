import type { CommandModule } from 'yargs';
import { join, resolve } from 'node:path';
import { constants } from 'node:os';
import { checkShardSet, mergeShards } from '../../plan/merge-shards.js';
import { writeRunOutputs } from '../outputs.js';
import { stderrProgress } from '../../io/progress.js';
import { prepareOutputDir } from '../../io/output-dir.js';
import { acquireOutputLock } from '../../io/output-lock.js';
import { formatPredictionTable, hasJudgedFailure } from '../table.js';
import { ExitCode, exitState } from '../exit-codes.js';
import { outputDirProblem } from '../../io/safe-path.js';
import { InputError } from '../../errors.js';
import { count } from '../../io/format.js';

interface MergeArgs {
  shards: string[];
  out: string;
  plots: boolean;
  json: boolean;
  force?: boolean;
  of?: number;
}

/**
 * `sgd-sde merge DIR/shard-*.json --out DIR`: check a set of shard files (plan/merge-shards.ts)
 * and write results.json, the figures and report.html exactly as an unsharded `run` does. Like
 * `run`, it takes the output directory's lock first (io/output-lock.ts): a directory a live run or
 * merge is writing is refused. Ctrl-C while merging stops at once with a message: results.json is
 * written last (cli/outputs.ts), so an interrupted merge leaves no results.json of its own, and the
 * same command redoes it.
 */
export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <shards..>',
  describe: 'check the shard files of `run --shard K/N` (same scenario, seed, version and data; every cell once, each a valid result of its planned cell) and write results.json, figures and report.html as one run would',
  builder: (y) =>
    y
      .positional('shards', { type: 'string', array: true, demandOption: true, describe: 'shard files (shard-K-of-N.json), all N of them; a directory stands for the shard files in it' })
      .option('out', { type: 'string', demandOption: true, describe: 'output directory of the merged results' })
      .option('of', { type: 'number', describe: 'with a directory: take its shard-K-of-N.json files of this N only' })
      .option('plots', { type: 'boolean', default: true, describe: 'draw figures and report.html (--no-plots to skip)' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON instead of the table' })
      .option('force', { type: 'boolean', describe: 'overwrite an earlier results.json in the output directory' }) as never,
  handler: async (args) => {
    if (args.of !== undefined && !(Number.isInteger(args.of) && args.of >= 1 && args.of <= 100000)) {
      throw new InputError([{ path: '--of', message: 'must be the shard count N, an integer in [1, 100000]', value: args.of }], 'command line');
    }
    const merged = checkShardSet(args.shards, { of: args.of }); // InputError (exit 2) before anything is written
    const outDir = resolve(args.out);
    const dirProblem = outputDirProblem(outDir); // a file, /dev/null or / is refused before merging, as for run
    if (dirProblem) throw new InputError([dirProblem], 'command line');
    const release = acquireOutputLock(outDir); // one writer per directory, as for run
    const stop = (signal: NodeJS.Signals) => {
      process.stderr.write(`\ninterrupted (${signal}): merge stopped before it finished writing ${outDir}; results.json is written last, so this merge left none there (any earlier one is as it was, figures may be partial): run the same merge command again\n`);
      release();
      process.exit(128 + ((constants.signals as Record<string, number>)[signal] ?? 2));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    try {
      const { loaded } = merged;
      const prepared = prepareOutputDir(outDir, { experiment: loaded.kind, name: loaded.name, scenario: loaded.scenario, quick: loaded.quick }, { force: Boolean(args.force), resume: false });
      if ('problem' in prepared) throw new InputError([prepared.problem], 'command line');
      const progress = stderrProgress();
      progress.info(`merge: ${count(merged.cells.size, 'cell')} of ${count(merged.shards, 'shard')} checked; analysing and writing ${outDir}`);
      const turn = () => new Promise((r) => setImmediate(r)); // lets a pending Ctrl-C be handled between the steps
      await turn();
      const result = await mergeShards(merged, { progress, onWarning: (m) => process.stderr.write(`warning: ${m}\n`) });
      await turn();
      const files = await writeRunOutputs(result, outDir, { plots: args.plots });
      if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else process.stdout.write(`${formatPredictionTable(result)}\nmerged ${count(merged.cells.size, 'cell')} from ${count(merged.shards, 'shard')}; wrote ${count(files.length, 'file')} to ${outDir}\n(${join(outDir, 'results.json')})\n`);
      exitState.code = hasJudgedFailure([result]) ? ExitCode.predictionFailed : ExitCode.ok; // judged rows only
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      release();
    }
  },
};
