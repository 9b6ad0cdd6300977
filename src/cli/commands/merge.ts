import type { CommandModule } from 'yargs';
import { join, resolve } from 'node:path';
import { checkShardSet, mergeShards } from '../../plan/merge-shards.js';
import { writeRunOutputs } from '../outputs.js';
import { stderrProgress } from '../../io/progress.js';
import { prepareOutputDir } from '../../io/output-dir.js';
import { formatPredictionTable } from '../table.js';
import { ExitCode, exitState } from '../exit-codes.js';
import { outputDirProblem } from '../../io/safe-path.js';
import { InputError } from '../../errors.js';

interface MergeArgs {
  shards: string[];
  out: string;
  plots: boolean;
  json: boolean;
  force?: boolean;
}

/**
 * `sgd-sde merge DIR/shard-*.json --out DIR`: check a set of shard files (plan/merge-shards.ts)
 * and write results.json, the figures and report.html exactly as an unsharded `run` does.
 */
export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <shards..>',
  describe: 'check the shard files of `run --shard K/N` (same scenario, seed, version; every cell once) and write results.json, figures and report.html as one run would',
  builder: (y) =>
    y
      .positional('shards', { type: 'string', array: true, demandOption: true, describe: 'shard files (shard-K-of-N.json), all N of them' })
      .option('out', { type: 'string', demandOption: true, describe: 'output directory of the merged results' })
      .option('plots', { type: 'boolean', default: true, describe: 'draw figures and report.html (--no-plots to skip)' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON instead of the table' })
      .option('force', { type: 'boolean', describe: 'overwrite an earlier results.json in the output directory' }) as never,
  handler: async (args) => {
    const merged = checkShardSet(args.shards); // InputError (exit 2) before anything is written
    const outDir = resolve(args.out);
    const dirProblem = outputDirProblem(outDir); // a file, /dev/null or / is refused before merging, as for run
    if (dirProblem) throw new InputError([dirProblem], 'command line');
    const { loaded } = merged;
    const prepared = prepareOutputDir(outDir, { experiment: loaded.kind, name: loaded.name, scenario: loaded.scenario, quick: loaded.quick }, { force: Boolean(args.force), resume: false });
    if ('problem' in prepared) throw new InputError([prepared.problem], 'command line');
    const result = await mergeShards(merged, { progress: stderrProgress(), onWarning: (m) => process.stderr.write(`warning: ${m}\n`) });
    const files = await writeRunOutputs(result, outDir, { plots: args.plots });
    if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`${formatPredictionTable(result)}\nmerged ${merged.cells.size} cell(s) from ${merged.shards} shard(s); wrote ${files.length} files to ${outDir}\n(${join(outDir, 'results.json')})\n`);
    exitState.code = result.predictions.some((p) => !p.pass) ? ExitCode.predictionFailed : ExitCode.ok;
  },
};
