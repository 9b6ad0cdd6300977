#!/usr/bin/env node
// `npm run docs`: run what produces every generated block of the README, CONTRIBUTING.md and docs/
// (scripts/docs-blocks.mjs) and rewrite the blocks in place. Needs the compiled dist/ (`npm run build`).
//   npm run docs                        every block
//   npm run docs -- --only plan,slurm   some of them
//   npm run docs -- --check             write nothing; exit 1 if a block is stale
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BLOCKS, compareBlock, renderBlock } from './docs-blocks.mjs';
import { docFiles, findBlocks, replaceBlocks } from './docs-markdown.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const check = args.includes('--check');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',').filter(Boolean)) : null;
for (const id of only ?? []) {
  if (!(id in BLOCKS)) { console.error(`--only: no block "${id}"; blocks: ${Object.keys(BLOCKS).join(', ')}`); process.exit(2); }
}

const fresh = new Map(); // id → fresh body (commands and files render the same wherever they appear)
let stale = 0;
for (const file of docFiles(root)) {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  const bodies = {};
  for (const { id, body } of findBlocks(text)) {
    if (!(id in BLOCKS)) { console.error(`${file}: docs:${id} has no definition in scripts/docs-blocks.mjs`); process.exit(2); }
    if (only && !only.has(id)) continue;
    const key = BLOCKS[id].planColumn ? `${file}#${id}` : id; // a table keeps its own hand-written columns
    if (!fresh.has(key)) {
      process.stderr.write(`docs: ${id} …\n`);
      fresh.set(key, await renderBlock(root, id, body));
    }
    const problem = compareBlock(id, body, fresh.get(key));
    if (problem) { stale++; console.error(`${file}: ${problem}`); }
    // a block equal by shape keeps its bytes, so that a rerun changes no file on another machine
    bodies[id] = problem ? fresh.get(key) : body;
  }
  if (!check && Object.keys(bodies).length > 0) {
    const updated = replaceBlocks(text, bodies);
    if (updated !== text) {
      writeFileSync(`${path}.tmp`, updated);
      renameSync(`${path}.tmp`, path);
      console.log(`updated ${file}`);
    }
  }
}
if (check && stale > 0) process.exit(1);
