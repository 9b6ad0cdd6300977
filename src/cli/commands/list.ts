import type { CommandModule } from 'yargs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { experiments, experimentKinds, isExperimentKind } from '../../run/registry.js';
import { packageRoot } from '../../version.js';
import { wrap } from '../../io/format.js';

export const listCommand: CommandModule<object, { json: boolean }> = {
  command: 'list',
  describe: 'list experiment kinds and the shipped scenarios',
  builder: (y) => y.option('json', { type: 'boolean', default: false }) as never,
  handler: (args) => {
    const dir = join(packageRoot, 'scenarios');
    const scenarios = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((file) => {
      const s = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { experiment?: string; description?: string };
      // a file that is not an experiment (e.g. the stress command's configuration) is listed, marked not runnable
      return { file: join('scenarios', file), experiment: s.experiment ?? '?', runnable: isExperimentKind(s.experiment), description: s.description ?? '' };
    });
    const kinds = experimentKinds.map((k) => ({ kind: k, summary: experiments[k].summary }));
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ experiments: kinds, scenarios })}\n`);
      return;
    }
    // wrapped to the terminal (100 columns when not one), the kind column as wide as the longest kind
    // name; a scenario's name on its line, its text indented beneath
    const width = Math.max(60, Math.min(120, process.stdout.columns ?? 100));
    const lines = ['experiments:'];
    const kw = Math.max(...kinds.map((k) => k.kind.length));
    for (const k of kinds) lines.push(...wrap(k.summary, width, `  ${k.kind.padEnd(kw)}  `, ' '.repeat(kw + 4)));
    lines.push('', 'scenarios:');
    for (const s of scenarios) {
      lines.push(`  ${s.file}  (${s.runnable ? s.experiment : `${s.experiment}: not an experiment, not runnable`})`);
      if (s.description) lines.push(...wrap(s.description, width, '      ', '      '));
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};

