// What produces each generated block of the docs (`<!-- docs:<id> -->` … `<!-- /docs -->`), how to
// run it, and how to compare a block with a fresh run. `npm run docs` (scripts/docs.mjs) writes the
// blocks; test/docs/blocks.test.ts reruns the cheap ones and fails when a block is stale.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fenced } from './docs-markdown.mjs';

/**
 * The blocks. `commands`: sgd-sde argument lists, shown as `$ npx sgd-sde …` and their stdout, run
 * in a scratch directory that holds `scenarios/` (so paths print as in a checkout). `file`: a
 * repository file. `layers`: the layer table of test/design/imports.test.ts. `planColumn`: the cost
 * column of a Markdown table, from `run <scenario> --plan` of the scenario in its command column.
 * `check`: rerun by the test in `npm test` (false for the few that take more than a few seconds of
 * CPU; `npm run docs` still regenerates them). `varying`: [pattern, replacement] pairs for what
 * depends on the machine (timings, the kernels): compared by shape, not by value.
 */
export const BLOCKS = {
  'quickstart-scenario': { file: 'scenarios/quickstart.json', lang: 'json', compactJson: true, check: true },
  quickstart: { commands: ['run scenarios/quickstart.json'], check: true },
  plan: { commands: ['run scenarios/paper-batch-size-mnist-full.json --plan'], check: true },
  'noise-scale': { commands: ['noise-scale --lr 0.1 -n 1000 -b 10', 'noise-scale --lr 0.1 -n 1000 -g 5'], check: true },
  slurm: {
    commands: ['slurm scenarios/paper-batch-size-mnist-full.json --shards 64 --cpus-per-task 2 --partition short --out out/mnist'],
    check: true,
  },
  'my-data': { commands: ['run scenarios/my-data.json --quick --no-plots --out out/my-data'], check: false },
  'linreg-stationary': { commands: ['run scenarios/linreg-stationary.json --quick --no-plots'], check: false },
  bench: {
    commands: ['bench --only W1 --scale 0.05 --json'],
    check: true,
    varying: [
      [/"(seconds|rate)":-?[\d.]+(?:e[+-]?\d+)?/g, '"$1":<number>'],
      [/"backend":"[\w-]+"/g, '"backend":<kernels>'],
    ],
  },
  layers: { layers: 'test/design/imports.test.ts', check: true },
  'paper-table': { planColumn: 'cost (`run --plan`)', commandColumn: 'command', check: true },
};

/** The shape of a text: the block's machine-dependent parts replaced by placeholders. */
export function shapeOf(id, text) {
  let out = text.replace(/[ \t]+$/gm, '').replace(/\n+$/, '');
  for (const [pattern, replacement] of BLOCKS[id]?.varying ?? []) out = out.replace(pattern, replacement);
  return out;
}

/** null when the block's body matches the fresh one (by shape where the block says so), else a diff. */
export function compareBlock(id, written, fresh) {
  const a = shapeOf(id, written).split('\n');
  const b = shapeOf(id, fresh).split('\n');
  if (a.length === b.length && a.every((line, i) => line === b[i])) return null;
  const lines = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    lines.push(`  line ${i + 1}:\n    docs:  ${a[i] ?? '(none)'}\n    fresh: ${b[i] ?? '(none)'}`);
    if (lines.length >= 8) break;
  }
  return `block ${id} differs from what its command prints now (run \`npm run docs\`):\n${lines.join('\n')}`;
}

/** Run `node bin/sgd-sde.js …args` in cwd; resolve with its stdout, reject on a non-zero exit. */
function sgdSde(root, cwd, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'sgd-sde.js'), ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(out);
      else reject(new Error(`sgd-sde ${args.join(' ')} exited with ${code}:\n${err.slice(-2000)}`));
    });
  });
}

/** A scratch working directory holding a link to the repository's scenarios/. */
function scratch(root) {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-docs-'));
  symlinkSync(join(root, 'scenarios'), join(dir, 'scenarios'), 'dir');
  return dir;
}

/** The stdout of a command as the docs show it: paths under the scratch directory made relative. */
async function commandOutput(root, args) {
  const dir = scratch(root);
  try {
    const out = await sgdSde(root, dir, args);
    // scripts/docs.mjs passes root with a trailing / (fileURLToPath of a directory URL), the test without
    return out.split(`${dir}/`).join('').split(root.endsWith('/') ? root : `${root}/`).join('').replace(/[ \t]+$/gm, '').replace(/\n+$/, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A JSON file with every top-level field on one line. */
function compactJson(text) {
  const value = JSON.parse(text);
  // JSON strings hold no raw newlines, so joining the indented lines cannot change a string
  const fields = Object.entries(value).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v, null, 1).replace(/\n\s*/g, ' ')}`);
  return `{\n${fields.join(',\n')}\n}`;
}

/** The layer table from the LAYERS list of the import test, highest layer first. */
function layerTable(root, file) {
  const source = readFileSync(join(root, file), 'utf8');
  const m = /const LAYERS = \[([\s\S]*?)\] as const;/.exec(source);
  if (!m) throw new Error(`${file}: no \`const LAYERS = [...] as const;\` found`);
  const layers = [...m[1].matchAll(/\[([^\]]*)\]/g)].map((row) =>
    [...row[1].matchAll(/'([^']+)'/g)].map((name) => (name[1].endsWith('.ts') ? name[1] : `${name[1]}/`)));
  const width = String(layers.length - 1).length;
  return layers.map((names, i) => `${String(i).padStart(width)}  ${names.join(', ')}`).reverse().join('\n');
}

/** Split a Markdown table row into its cells (a `\|` inside a cell stays in it). */
function cells(row) {
  return row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());
}

/**
 * `run <scenarios…> --plan` in one process (the data load once), each scenario's plan as a table
 * cell: "<core-hours> core-hours, <cells> cells". The plans print in the order of the arguments.
 */
async function planCells(root, scenarios) {
  const out = await commandOutput(root, ['run', ...scenarios, '--plan']);
  const sections = out.split(/\n(?=\S)/);
  if (sections.length !== scenarios.length) throw new Error(`run --plan of ${scenarios.length} scenarios printed ${sections.length} plans:\n${out}`);
  return new Map(scenarios.map((scenario, i) => {
    const cellCount = /^\s*cells:\s+(\d+)/m.exec(sections[i]);
    const hours = /^\s*core-hours:\s+([\d.e+-]+)/m.exec(sections[i]);
    if (!cellCount || !hours) throw new Error(`run ${scenario} --plan: no cells/core-hours lines in\n${sections[i]}`);
    return [scenario, `${hours[1]} core-hours, ${cellCount[1]} cells`];
  }));
}

/** The table with its plan column filled in from each row's scenario. */
async function fillPlanColumn(root, def, body) {
  const lines = body.replace(/\n$/, '').split('\n');
  const header = cells(lines[0]);
  const costAt = header.indexOf(def.planColumn);
  const commandAt = header.indexOf(def.commandColumn);
  if (costAt < 0 || commandAt < 0) throw new Error(`table: needs the columns "${def.planColumn}" and "${def.commandColumn}"; has ${header.join(' | ')}`);
  const rows = lines.slice(2).map(cells);
  const scenarios = rows.map((row, i) => {
    const scenario = /scenarios\/[\w.-]+\.json/.exec(row[commandAt] ?? '');
    if (!scenario) throw new Error(`table row ${i + 1}: no scenarios/<name>.json in its command column`);
    return scenario[0];
  });
  const plans = await planCells(root, [...new Set(scenarios)]);
  rows.forEach((row, i) => { row[costAt] = plans.get(scenarios[i]); });
  return `${[...lines.slice(0, 2), ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n')}\n`;
}

/**
 * The fresh body of block `id`. `current` is the body now in the docs (a table block keeps its
 * hand-written columns).
 */
export async function renderBlock(root, id, current = '') {
  const def = BLOCKS[id];
  if (!def) throw new Error(`no block definition for docs:${id} in scripts/docs-blocks.mjs`);
  if (def.file) {
    const text = readFileSync(join(root, def.file), 'utf8');
    return fenced(def.compactJson ? compactJson(text) : text, def.lang);
  }
  if (def.layers) return fenced(layerTable(root, def.layers));
  if (def.planColumn) return fillPlanColumn(root, def, current);
  const parts = [];
  for (const command of def.commands) {
    const args = command.split(' ');
    parts.push(`$ npx sgd-sde ${command}\n${await commandOutput(root, args)}`);
  }
  return fenced(parts.join('\n'));
}
