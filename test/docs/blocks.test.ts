import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BLOCKS, compareBlock, renderBlock } from '../../scripts/docs-blocks.mjs';
import { docFiles, findBlocks, unfence } from '../../scripts/docs-markdown.mjs';

/**
 * The generated blocks of the README, CONTRIBUTING.md and docs/ (`<!-- docs:<id> -->` …
 * `<!-- /docs -->`, written by `npm run docs`) match what their commands print now: each cheap block
 * is rerun here (the quickstart run, the plans, noise-scale, slurm, bench, the layer table, the
 * paper table's cost column) and compared exactly, except the parts that depend on the machine
 * (timings, the kernels), compared by shape. The twins plant a stale number and a changed timing.
 */
const root = join(import.meta.dirname, '..', '..');
type Written = { file: string; body: string };
const written = new Map<string, Written[]>();
for (const file of docFiles(root)) {
  for (const { id, body } of findBlocks(readFileSync(join(root, file), 'utf8'))) {
    written.set(id, [...(written.get(id) ?? []), { file, body }]);
  }
}
const checked = Object.keys(BLOCKS).filter((id) => BLOCKS[id as keyof typeof BLOCKS].check);

describe('generated blocks of the docs', () => {
  it('every marker names a defined block, every defined block is used, and the README has its output blocks', () => {
    expect([...written.keys()].filter((id) => !(id in BLOCKS))).toEqual([]);
    expect(Object.keys(BLOCKS).filter((id) => !written.has(id))).toEqual([]);
    const inReadme = [...written].filter(([, w]) => w.some((x) => x.file === 'README.md')).map(([id]) => id);
    expect(inReadme).toEqual(expect.arrayContaining(['quickstart-scenario', 'quickstart', 'plan', 'noise-scale']));
  });

  for (const id of checked) {
    it(`docs:${id} matches a fresh run (${(written.get(id) ?? []).map((w) => w.file).join(', ')})`, async () => {
      const problems: string[] = [];
      let fresh: string | undefined;
      for (const { file, body } of written.get(id) ?? []) {
        // a table keeps its hand-written columns, so each one renders from its own body
        if (fresh === undefined || 'planColumn' in BLOCKS[id as keyof typeof BLOCKS]) fresh = await renderBlock(root, id, body);
        const problem = compareBlock(id, body, fresh);
        if (problem) problems.push(`${file}: ${problem}`);
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('twins: the comparison fails on a stale block', () => {
  const quickstart = written.get('quickstart')![0].body;

  it('a measured number changed by one digit in the quickstart block is reported', () => {
    expect(compareBlock('quickstart', quickstart, quickstart)).toBeNull();
    const planted = quickstart.replace(/PASS  sgd\.fdr(.*?)(\d)σ/, (all, mid, d) => `PASS  sgd.fdr${mid}${(Number(d) + 1) % 10}σ`);
    expect(planted).not.toEqual(quickstart);
    expect(compareBlock('quickstart', planted, quickstart)).toMatch(/block quickstart differs[\s\S]*sgd\.fdr/);
  });

  it('a stale plan (the README once said 345 cells) is reported, though it looks like a count', () => {
    const plan = written.get('plan')![0].body;
    const planted = plan.replace(/cells:(\s+)\d+/, 'cells:$1345');
    expect(planted).not.toEqual(plan);
    expect(compareBlock('plan', planted, plan)).toMatch(/cells: +345/);
  });

  it('bench: other timings and kernels pass (compared by shape), another unit or workload does not', () => {
    const body = unfence(written.get('bench')![0].body);
    const timings = body.replace(/"seconds":[\d.e+-]+/, '"seconds":12.5').replace(/"rate":[\d.e+-]+/, '"rate":3').replace(/"backend":"[\w-]+"/, '"backend":"wasm-fma"');
    expect(timings).not.toEqual(body);
    expect(compareBlock('bench', body, timings)).toBeNull();
    expect(compareBlock('bench', body, body.replace('replica-steps/s', 'steps/s'))).toMatch(/differs/);
    expect(compareBlock('bench', body, body.replace('"W1"', '"W2"'))).toMatch(/differs/);
  });
});
