import type { CommandModule } from 'yargs';
import { resolve } from 'node:path';
import { scenarioJsonSchema } from '../../run/scenario-json-schema.js';
import { resultsJsonSchema } from '../../run/results-json-schema.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { outputFileProblem } from '../../io/safe-path.js';
import { InputError } from '../../errors.js';

export const schemaCommand: CommandModule<object, { out?: string; results?: boolean }> = {
  command: 'schema',
  describe: 'print the JSON Schema of scenario files (for editors: "$schema": "../dist/scenario.schema.json"), or write it with --out',
  builder: (y) =>
    y.option('out', { type: 'string', describe: 'write the schema to this file (atomically) instead of stdout' })
      .option('results', { type: 'boolean', describe: 'the schema of results.json instead of scenario files' }) as never,
  handler: (args) => {
    const text = `${JSON.stringify(args.results ? resultsJsonSchema() : scenarioJsonSchema(), null, 2)}\n`;
    if (args.out === undefined) {
      process.stdout.write(text);
      return;
    }
    const file = resolve(args.out);
    const problem = outputFileProblem(file);
    if (problem) throw new InputError([problem], 'command line');
    writeFileAtomic(file, text);
    process.stderr.write(`wrote ${file}\n`);
  },
};
