import type { CommandModule } from 'yargs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { experiments, experimentKinds, isExperimentKind } from '../../run/registry.js';
import { packageRoot } from '../../version.js';

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
    // the kind column as wide as the longest kind name (and its parenthesised not-runnable form)
    const kw = Math.max(12, ...kinds.map((k) => k.kind.length + 2));
    const lines = ['experiments:', ...kinds.map((k) => `  ${k.kind.padEnd(kw)} ${k.summary}`), '', 'scenarios:'];
    const w = Math.max(...scenarios.map((s) => s.file.length));
    for (const s of scenarios) lines.push(`  ${s.file.padEnd(w)}  ${(s.runnable ? s.experiment : `(${s.experiment})`).padEnd(kw)} ${s.description}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};
