import type { CommandModule } from 'yargs';
import { resolve } from 'node:path';
import { InputError, type InputProblem } from '../../errors.js';
import { ExitCode, exitState } from '../exit-codes.js';
import { announceBackend } from '../backend-line.js';
import { runStress } from '../../stress/run.js';
import { defaultConfigPath, loadStressConfig } from '../../stress/config.js';
import { isPropertyName, propertyNames, type PropertyName } from '../../stress/registry.js';
import { formatStressReport } from '../../stress/report.js';
import { writeStressOutputs } from '../../stress/counterexample.js';
import { outputDirProblem } from '../../io/safe-path.js';
import { parseIntegerOption } from '../integer-option.js';
import { decimalNumber } from '../number-option.js';
import { count } from '../../io/format.js';

interface StressArgs {
  property?: string;
  runs?: number;
  seed?: string;
  json: boolean;
  timeBudget?: number;
  out?: string;
  config?: string;
}

export const stressCommand: CommandModule<object, StressArgs> = {
  command: 'stress',
  describe: 'randomized stress test of the predictions inside their claimed regions (fast-check, shrunk counterexamples as runnable scenarios) and validity maps of the approximations',
  builder: (y) =>
    y
      .option('property', { type: 'string', describe: `comma-separated properties to check (default: those in the config): ${propertyNames.join(', ')}` })
      .option('runs', { type: 'string', coerce: decimalNumber('--runs'), describe: 'random cases per property (overrides the config)' })
      .option('seed', { type: 'string', describe: 'seed of the whole run (integer in [0, 2^32)); the same seed prints the same report' })
      .option('json', { type: 'boolean', default: false, describe: 'print the report as JSON' })
      .option('time-budget', { type: 'string', coerce: decimalNumber('--time-budget'), describe: 'seconds per property for the search (and again for shrinking a failure)' })
      .option('out', { type: 'string', describe: 'directory for stress.json, counterexample scenario files and validity-map heatmaps (Vega-Lite)' })
      .option('config', { type: 'string', describe: `stress configuration (default ${defaultConfigPath})` }) as never,
  handler: async (args) => {
    const problems: InputProblem[] = [];
    if (args.runs !== undefined && !(Number.isInteger(args.runs) && args.runs >= 1)) problems.push({ path: '--runs', message: 'must be an integer ≥ 1', value: args.runs });
    const seed = parseIntegerOption('--seed', args.seed, 0, 0xffffffff);
    if (seed.problem) problems.push(seed.problem);
    if (args.out !== undefined) {
      const outProblem = outputDirProblem(args.out); // before the search, not after it
      if (outProblem) problems.push(outProblem);
    }
    if (args.timeBudget !== undefined && !(args.timeBudget > 0 && Number.isFinite(args.timeBudget))) problems.push({ path: '--time-budget', message: 'must be a positive number of seconds', value: args.timeBudget });
    let properties: PropertyName[] | undefined;
    if (args.property !== undefined) {
      const names = String(args.property).split(',').map((s) => s.trim()).filter((s) => s.length > 0);
      const unknown = names.filter((n) => !isPropertyName(n));
      if (names.length === 0) problems.push({ path: '--property', message: 'name at least one property', value: args.property });
      if (unknown.length) problems.push({ path: '--property', message: `unknown property; available: ${propertyNames.join(', ')}`, value: unknown.join(',') });
      properties = names.filter(isPropertyName);
    }
    if (problems.length) throw new InputError(problems, 'command line');
    const config = loadStressConfig(args.config ?? defaultConfigPath);
    announceBackend();
    const report = await runStress({
      config,
      properties,
      runs: args.runs,
      seed: seed.value,
      timeBudget: args.timeBudget,
      onProgress: (m) => process.stderr.write(`${m}\n`),
    });
    const files = args.out ? writeStressOutputs(report, resolve(args.out)) : undefined;
    if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stdout.write(formatStressReport(report, files?.byProperty));
    if (files) process.stderr.write(`wrote ${count(files.all.length, 'file')} to ${resolve(args.out!)}\n`);
    exitState.code = report.failed ? ExitCode.predictionFailed : ExitCode.ok;
  },
};
