import type { CommandModule } from 'yargs';
import { loadScenarioFile } from '../../run/load-scenario.js';
import { InputError, type InputProblem } from '../../errors.js';
import { defaultWorkers } from '../../workers/default-count.js';
import { planLimitProblems } from '../../plan/plan-limits.js';
import { parseStressConfig } from '../../stress/config.js';
import { readBoundedFile } from '../../io/safe-path.js';

/**
 * A file marked `"experiment": "stress"`: the configuration of `sgd-sde stress` (stress/config.ts).
 * Anything unreadable or not JSON is left to the scenario loader, which reports it.
 */
function isStressConfig(file: string): boolean {
  try {
    const raw = JSON.parse(readBoundedFile(file, '<file>', 'scenario file')) as unknown;
    return raw !== null && typeof raw === 'object' && (raw as { experiment?: unknown }).experiment === 'stress';
  } catch {
    return false;
  }
}

export const validateCommand: CommandModule<object, { scenarios: string[]; quick: boolean; allowLong?: boolean }> = {
  command: 'validate <scenarios..>',
  describe: 'check scenario files (and the stress configuration, scenarios/stress-default.json) without running them; lists every problem with its JSON path (exit 2 if any)',
  builder: (y) =>
    y.positional('scenarios', { type: 'string', array: true, demandOption: true })
      .option('quick', { type: 'boolean', default: false, describe: 'validate with the quick overrides applied' })
      .option('allow-long', { type: 'boolean', describe: 'accept scenarios over the time limits (memory limits stay)' }) as never,
  handler: (args) => {
    const problems: InputProblem[] = [];
    for (const file of args.scenarios) {
      try {
        if (isStressConfig(file)) {
          // the stress command's configuration ships in scenarios/ beside the experiments: checked as what it is
          const c = parseStressConfig(JSON.parse(readBoundedFile(file, '<file>', 'stress config')), file);
          process.stdout.write(`ok  ${file}  (stress configuration for \`sgd-sde stress --config\`, not an experiment; seed ${c.seed})\n`);
          continue;
        }
        const s = loadScenarioFile(file, { quick: args.quick, allowLong: Boolean(args.allowLong) });
        // memory and time from the cost model (plan/plan-limits.ts)
        const limits = planLimitProblems(s, { allowLong: Boolean(args.allowLong), workers: defaultWorkers() });
        if (limits.length) throw new InputError(limits, file);
        process.stdout.write(`ok  ${file}  (${s.kind}, name ${s.name}, seed ${s.scenario.seed})\n`);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems.map((p) => ({ ...p, path: `${file}: ${p.path}` })));
      }
    }
    if (problems.length) throw new InputError(problems, 'scenario');
  },
};
