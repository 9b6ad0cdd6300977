import type { CommandModule } from 'yargs';
import { join, resolve } from 'node:path';
import { loadScenarioFile, type LoadedScenario } from '../../scenario/load.js';
import { runScenario } from '../../experiments/runner.js';
import { writeRunOutputs } from '../../io/outputs.js';
import { stderrProgress } from '../../io/progress.js';
import { formatPredictionTable } from '../table.js';
import { ExitCode, exitState } from '../main.js';
import { InputError, type InputProblem } from '../../errors.js';
import type { Result } from '../../experiments/result.js';
import { defaultWorkers } from '../workers.js';

interface RunArgs {
  scenarios: string[];
  out?: string;
  seed?: number;
  quick: boolean;
  plots: boolean;
  workers?: number;
  json: boolean;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <scenarios..>',
  describe: 'run scenario files: simulate, compare with theory, write results.json, figures and report.html',
  builder: (y) =>
    y
      .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario JSON files' })
      .option('out', { type: 'string', describe: 'output directory (default out/<scenario name>; with several scenarios, one subdirectory each)' })
      .option('seed', { type: 'number', describe: "override the scenario's seed (integer in [0, 2^32))" })
      .option('quick', { type: 'boolean', default: false, describe: "apply the scenario's `quick` overrides (a shorter run)" })
      .option('plots', { type: 'boolean', default: true, describe: 'draw figures and report.html (--no-plots to skip)' })
      .option('workers', { type: 'number', describe: 'worker threads for independent cells (default: cores − 1, at least 1)' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON instead of the table' }) as never,
  handler: async (args) => {
    if (args.seed !== undefined && (!Number.isInteger(args.seed) || args.seed < 0 || args.seed > 0xffffffff)) {
      throw new InputError([{ path: '--seed', message: 'must be an integer in [0, 4294967295]', value: args.seed }], 'command line');
    }
    // validate every scenario before any work starts, reporting all problems at once
    const loaded: LoadedScenario[] = [];
    const problems: InputProblem[] = [];
    for (const file of args.scenarios) {
      try {
        loaded.push(loadScenarioFile(file, { quick: args.quick, seed: args.seed }));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems.map((p) => ({ ...p, path: `${file}: ${p.path}` })));
      }
    }
    if (problems.length > 0) throw new InputError(problems, 'scenario');
    const progress = stderrProgress();
    const results: Result[] = [];
    for (const scenario of loaded) {
      const outDir = resolve(args.out ? (loaded.length > 1 ? join(args.out, scenario.name) : args.out) : join('out', scenario.name));
      const result = await runScenario(scenario, {
        workers: args.workers ?? defaultWorkers(),
        progress,
        onWarning: (m) => process.stderr.write(`warning: ${m}\n`),
      });
      results.push(result);
      const files = await writeRunOutputs(result, outDir, { plots: args.plots });
      if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else process.stdout.write(`${formatPredictionTable(result)}\nwrote ${files.length} files to ${outDir}\n\n`);
    }
    const failed = results.some((r) => r.predictions.some((p) => !p.pass));
    exitState.code = failed ? ExitCode.predictionFailed : ExitCode.ok;
  },
};
