import { describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anchors, docFiles, linkProblems, links, quotedPaths, slug } from '../../scripts/docs-markdown.mjs';

/**
 * Every relative link and #anchor in README.md, CONTRIBUTING.md and docs/*.md resolves (the file
 * exists; the anchor is a heading's GitHub anchor in it), and every repository path the docs quote
 * (`src/…`, `test/…`, `scripts/…` …) exists. The twin plants each kind of broken reference in a
 * scratch repository and expects each to be reported.
 */
const root = join(import.meta.dirname, '..', '..');

describe('links of the README, CONTRIBUTING.md and docs/', () => {
  const files = docFiles(root);

  it('checks the README, CONTRIBUTING.md and the documents of docs/', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/theory.md', 'docs/paper.md', 'docs/cluster.md', 'docs/performance.md']));
    const count = files.reduce((n, f) => n + links(readFileSync(join(root, f), 'utf8')).length, 0);
    const anchored = files.reduce((n, f) => n + links(readFileSync(join(root, f), 'utf8')).filter((l) => l.target.includes('#')).length, 0);
    const paths = files.reduce((n, f) => n + quotedPaths(readFileSync(join(root, f), 'utf8')).length, 0);
    // the check below is not vacuous: it sees the links, anchors and paths the docs hold
    expect(count).toBeGreaterThan(30);
    expect(anchored).toBeGreaterThan(15);
    expect(paths).toBeGreaterThan(30);
  });

  it('every relative link, #anchor and quoted repository path resolves', () => {
    expect(files.flatMap((f) => linkProblems(root, f))).toEqual([]);
  });

  it('docs/theory.md keeps the section numbers §1–§9 that the code cites', () => {
    const theory = anchors(readFileSync(join(root, 'docs', 'theory.md'), 'utf8'));
    for (let n = 1; n <= 9; n++) expect([...theory].some((a) => a.startsWith(`${n}-`)), `§${n}`).toBe(true);
  });
});

describe('twin: planted broken references are reported', () => {
  it('a missing file, a missing anchor, a link out of the repository and a quoted path that does not exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-links-'));
    mkdirSync(join(dir, 'docs'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'here.ts'), '');
    writeFileSync(join(dir, 'docs', 'theory.md'), '# Theory\n\n## 3. Stationary distributions: the exact oracles\n\n## Fig 7: B_opt against 1/(1−m)\n');
    const readme = [
      '# Title',
      '## Local heading',
      'good: [t](docs/theory.md#3-stationary-distributions-the-exact-oracles), [f7](docs/theory.md#fig-7-b_opt-against-11m), [l](#local-heading), `src/here.ts`',
      'bad: [a](docs/missing.md), [b](docs/theory.md#3-stationary-distributions), [c](#nowhere), [d](../outside.md), `src/gone.ts`',
      '```',
      '[in code](not/checked.md)',
      '```',
    ].join('\n');
    writeFileSync(join(dir, 'README.md'), readme);
    const problems = linkProblems(dir, 'README.md');
    expect(problems).toEqual([
      'README.md:4: docs/missing.md: no file docs/missing.md',
      'README.md:4: docs/theory.md#3-stationary-distributions: no heading with the anchor #3-stationary-distributions in docs/theory.md',
      'README.md:4: #nowhere: no heading with the anchor #nowhere in README.md',
      'README.md:4: ../outside.md: leads outside the repository',
      'README.md:4: quotes src/gone.ts, which does not exist',
    ]);
  });

  it('anchors follow GitHub: punctuation and symbols dropped, underscores and letters kept, repeats numbered', () => {
    expect(slug('9. Gradient noise scale')).toBe('9-gradient-noise-scale');
    expect(slug('Fig 6: B_opt against N')).toBe('fig-6-b_opt-against-n');
    expect(slug('results.json')).toBe('resultsjson');
    expect(slug('Safety limits (what sgd-sde refuses, and how to lift it)')).toBe('safety-limits-what-sgd-sde-refuses-and-how-to-lift-it');
    expect([...anchors('## Per figure\n## Per figure\n```\n## not a heading\n```\n')]).toEqual(['per-figure', 'per-figure-1']);
  });
});
