import type { CommandModule } from 'yargs';
import { resolve } from 'node:path';
import { scenarioJsonSchema } from '../../run/scenario-json-schema.js';
import { writeFileAtomic } from '../../io/atomic.js';

export const schemaCommand: CommandModule<object, { out?: string }> = {
  command: 'schema',
  describe: 'print the JSON Schema of scenario files (for editors: "$schema": "../dist/scenario.schema.json"), or write it with --out',
  builder: (y) => y.option('out', { type: 'string', describe: 'write the schema to this file (atomically) instead of stdout' }) as never,
  handler: (args) => {
    const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
    if (args.out === undefined) {
      process.stdout.write(text);
      return;
    }
    const file = resolve(args.out);
    writeFileAtomic(file, text);
    process.stderr.write(`wrote ${file}\n`);
  },
};
