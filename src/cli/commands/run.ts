import type { CommandModule } from 'yargs';
import { join, resolve } from 'node:path';
import { loadScenarioFile, type LoadedScenario } from '../../run/load-scenario.js';
import { runScenario } from '../../run/runner.js';
import { writeRunOutputs } from '../outputs.js';
import { stderrProgress } from '../../io/progress.js';
import { prepareOutputDir, recordRunKey, type PreparedOutput } from '../../io/output-dir.js';
import { outputDirProblem, pathInside } from '../../io/safe-path.js';
import { acquireOutputLock } from '../../io/output-lock.js';
import { inputDigests, type CheckpointIdentity } from '../../io/checkpoint.js';
import { parseIntegerOption } from '../integer-option.js';
import { createInterrupter, InterruptedError } from '../../io/interrupt.js';
import { formatPredictionTable, hasJudgedFailure } from '../table.js';
import { ExitCode, exitState } from '../exit-codes.js';
import { announceBackend } from '../backend-line.js';
import { InputError, type InputProblem } from '../../errors.js';
import type { Result } from '../../core/result.js';
import { defaultWorkers } from '../../workers/default-count.js';
import { parseShardSpec, type ShardSpec } from '../../plan/shard-assignment.js';
import { runShardCommand, printPlan } from './run-shard.js';
import { planLimitProblems } from '../../plan/plan-limits.js';
import { count } from '../../io/format.js';

interface RunArgs {
  scenarios: string[];
  out?: string;
  seed?: string;
  quick: boolean;
  plots: boolean;
  workers?: string;
  json: boolean;
  force?: boolean;
  resume?: boolean;
  plan?: boolean;
  shard?: string;
  allowLong?: boolean;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <scenarios..>',
  describe: 'run scenario files: simulate, compare with theory, write results.json, figures and report.html',
  builder: (y) =>
    y
      .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario JSON files' })
      .option('out', { type: 'string', describe: 'output directory (default out/<scenario name>; with several scenarios, one subdirectory each)' })
      .option('seed', { type: 'string', describe: "override the scenario's seed (integer in [0, 2^32))" })
      .option('quick', { type: 'boolean', default: false, describe: "apply the scenario's `quick` overrides (a shorter run)" })
      .option('plots', { type: 'boolean', default: true, describe: 'draw figures and report.html (--no-plots to skip)' })
      .option('workers', { type: 'string', describe: 'worker threads for independent cells and replica blocks (default: one per core); results do not depend on it' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON instead of the table' })
      .option('force', { type: 'boolean', describe: 'overwrite an earlier results.json and discard a checkpoint in the output directory' })
      .option('resume', { type: 'boolean', describe: 'continue an interrupted sweep from the checkpoint in the output directory (same scenario and seed)' })
      .option('plan', { type: 'boolean', describe: 'print the cells, estimated core-hours and memory from the cost model, and run nothing' })
      .option('shard', { type: 'string', describe: 'K/N: run only shard K (0-based) of N of a sweep and write DIR/shard-K-of-N.json for `sgd-sde merge`' })
      .option('allow-long', { type: 'boolean', describe: 'run scenarios over the time limits of validation (memory limits stay)' })
      .conflicts('force', 'resume') as never,
  handler: async (args) => {
    const problems: InputProblem[] = [];
    const seed = parseIntegerOption('--seed', args.seed, 0, 0xffffffff);
    const workers = parseIntegerOption('--workers', args.workers, 1, 256);
    for (const p of [seed.problem, workers.problem]) if (p) problems.push(p);
    let shard: ShardSpec | undefined;
    if (args.shard !== undefined) {
      const parsed = parseShardSpec(String(args.shard));
      if ('error' in parsed) problems.push({ path: '--shard', message: parsed.error, value: args.shard });
      else shard = parsed;
      if (args.scenarios.length !== 1) problems.push({ path: '--shard', message: 'shards one scenario at a time', value: `${args.scenarios.length} scenarios` });
      if (args.out === undefined) problems.push({ path: '--out', message: 'required with --shard: the directory the shard files go to (the same for every shard)' });
      if (args.resume) problems.push({ path: '--resume', message: 'not needed with --shard: a shard run continues its own shard file when it finds one' });
    }
    if (problems.length > 0) throw new InputError(problems, 'command line');
    // validate every scenario and output directory before any work starts, reporting all problems at once
    const loaded: LoadedScenario[] = [];
    for (const file of args.scenarios) {
      try {
        const scenario = loadScenarioFile(file, { quick: args.quick, seed: seed.value, allowLong: Boolean(args.allowLong), planning: Boolean(args.plan) });
        // memory and time from the cost model (plan/plan-limits.ts); --plan shows the estimate instead,
        // and a shard runs only its share of the cells (the time budget is the whole run's)
        const limits = args.plan ? [] : planLimitProblems(scenario, { allowLong: Boolean(args.allowLong) || shard !== undefined, workers: workers.value ?? defaultWorkers() });
        if (limits.length) throw new InputError(limits, file);
        loaded.push(scenario);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems.map((p) => ({ ...p, path: `${file}: ${p.path}` })));
      }
    }
    if (problems.length > 0) throw new InputError(problems, 'scenario');
    if (args.plan) {
      for (const scenario of loaded) {
        process.stdout.write(printPlan(scenario, shard?.count));
        // what `run` would refuse, so that a plan is read with its limits
        for (const p of planLimitProblems(scenario, { allowLong: Boolean(args.allowLong), workers: workers.value ?? defaultWorkers() })) process.stdout.write(`  refused:          ${p.path}: ${p.message}\n`);
      }
      exitState.code = ExitCode.ok;
      return;
    }
    if (shard) {
      const shardDirProblem = outputDirProblem(args.out as string); // checked before the shard runs, as for run
      if (shardDirProblem) throw new InputError([shardDirProblem], 'command line');
      await runShardCommand(loaded[0], shard, { source: args.scenarios[0], dir: resolve(args.out as string), force: Boolean(args.force), workers: workers.value ?? defaultWorkers() });
      exitState.code = ExitCode.ok;
      return;
    }
    const interrupter = createInterrupter(() => process.stderr.write('\ninterrupt: stopping the sweep; finished cells are saved (Ctrl-C again to quit at once)\n'));
    const outputs: PreparedOutput[] = [];
    const locks: (() => void)[] = [];
    const dirs = new Map<string, string>();
    const ids: CheckpointIdentity[] = [];
    for (const scenario of loaded) {
      // every written path is resolved inside --out (io/safe-path.ts); the directory is checked before any work
      let outDir: string;
      try {
        outDir = args.out ? (loaded.length > 1 ? pathInside(args.out, [scenario.name]) : resolve(args.out)) : pathInside('out', [scenario.name]);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems);
        continue;
      }
      const dirProblem = outputDirProblem(outDir);
      if (dirProblem) {
        problems.push(dirProblem);
        continue;
      }
      const clash = dirs.get(outDir);
      if (clash) problems.push({ path: '--out', message: `scenarios "${clash}" and "${scenario.name}" would write to the same directory ${outDir}: give them different names`, value: outDir });
      dirs.set(outDir, scenario.name);
      try {
        locks.push(acquireOutputLock(outDir)); // one writer per directory, before its checkpoint is read
        const id = { experiment: scenario.kind, name: scenario.name, scenario: scenario.scenario, quick: scenario.quick, inputs: inputDigests(scenario.scenario, scenario.baseDir) };
        ids.push(id);
        const prepared = prepareOutputDir(outDir, id, { force: Boolean(args.force), resume: Boolean(args.resume), onSweepStart: () => interrupter.arm() });
        if ('problem' in prepared) problems.push(prepared.problem);
        else outputs.push(prepared.output);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems);
      }
    }
    if (problems.length > 0) {
      for (const release of locks) release();
      throw new InputError(problems, 'command line');
    }
    announceBackend();
    const progress = stderrProgress();
    const results: Result[] = [];
    for (const [k, scenario] of loaded.entries()) {
      const output = outputs[k];
      const outDir = output.dir;
      if (output.complete) {
        results.push(output.complete);
        process.stderr.write(`${outDir}: already complete for this scenario and seed; nothing to resume\n`);
        if (args.json) process.stdout.write(`${JSON.stringify(output.complete)}\n`);
        else process.stdout.write(`${formatPredictionTable(output.complete)}\n(from ${join(outDir, 'results.json')})\n\n`);
        continue;
      }
      if (output.discard) output.checkpoint.remove();
      for (const note of output.checkpoint.notes) process.stderr.write(`warning: ${note}\n`);
      if (output.restored > 0) progress.info(`resuming: ${count(output.restored, 'finished cell')} from ${output.checkpoint.path}`);
      else if (args.resume) progress.info(`${outDir}: no checkpoint to resume; starting from the beginning`);
      let result: Result;
      try {
        result = await runScenario(scenario, {
          workers: workers.value ?? defaultWorkers(),
          progress,
          onWarning: (m) => process.stderr.write(`warning: ${m}\n`),
          checkpoint: output.checkpoint,
          signal: interrupter.signal,
        });
      } catch (err) {
        const saved = output.checkpoint.size;
        if (err instanceof InterruptedError) {
          throw new InterruptedError(err.signal, `interrupted (${err.signal}): ${count(saved, 'finished cell')} saved in ${output.checkpoint.path}; run the same command with --resume to continue`);
        }
        if (saved > 0) process.stderr.write(`note: ${count(saved, 'finished cell')} ${saved === 1 ? 'is' : 'are'} saved in ${output.checkpoint.path} (--resume continues from them)\n`);
        throw err;
      } finally {
        interrupter.disarm();
      }
      results.push(result);
      const files = await writeRunOutputs(result, outDir, { plots: args.plots });
      recordRunKey(outDir, ids[k]); // --resume later compares data hashes and code, as for a checkpoint
      output.checkpoint.remove(); // the results are written: the finished cells are no longer needed
      if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else process.stdout.write(`${formatPredictionTable(result)}\nwrote ${count(files.length, 'file')} to ${outDir}\n\n`);
    }
    for (const release of locks) release();
    exitState.code = hasJudgedFailure(results) ? ExitCode.predictionFailed : ExitCode.ok; // judged rows only
  },
};
