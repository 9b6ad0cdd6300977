import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { findCycles, folderGraph, importGraph, importSpecifiers, layerTable, layerViolations, type ImportEdge } from './import-graph.js';

/**
 * The design's import rules, checked on the real src/ (CONTRIBUTING.md, "Layers"): no import circles between
 * files nor between folders, and every import points down this table (a file may import its own
 * layer or any lower one). Type-only imports count. No exceptions list.
 *
 *   13  cli/, library/, index.ts  commands, the library API (library/: its argument checks), the gallery script, outputs
 *   12  stress/, bench/         randomized properties, benchmark workloads (they run scenarios)
 *   11  plots/                  rendering (SVG, PNG, report.html); figure builders from the kinds' entries
 *   10  plan/                   run --plan's cost report, shards, merge, job files (they call the runner)
 *    9  run/                    composition: experiment registry, runner, scenario loader, JSON Schema,
 *                               worker task registry, each kind's sweep cells with their cost
 *    8  experiments/            one folder per kind (+ common/), figures included; a kind imports no other kind
 *    7  theory/                 closed forms and exact solutions (they use the samplers' noise factor)
 *    6  dynamics/               SGD, SDE and SME simulation: samplers, ensembles, integrators, recorders
 *    5  stats/                  estimators, tests and standard errors (no simulation, no theory)
 *    4  models/                 Loss implementations, their registry, models/logistic/ solvers
 *    3  data/
 *    2  rng/, linalg/, io/, workers/, scenario/, figures/   (scenario/: the zod building blocks only;
 *                               figures/: the Vega-Lite envelope, theme and result-block readers)
 *    1  core/                   contracts: Result, Prediction, Experiment, Cell, Progress, Figure
 *    0  version.ts, errors.ts
 */
const LAYERS = [
  ['version.ts', 'errors.ts'],
  ['core'],
  ['rng', 'linalg', 'io', 'workers', 'scenario', 'figures'],
  ['data'],
  ['models'],
  ['stats'],
  ['dynamics'],
  ['theory'],
  ['experiments'],
  ['run'],
  ['plan'],
  ['plots'],
  ['stress', 'bench'],
  ['cli', 'library', 'index.ts'],
] as const;

/** experiments/<kind>/… importing experiments/<other kind>/… (experiments/common/ is shared). */
function crossKindImports(edges: readonly ImportEdge[]): string[] {
  const kindOf = (f: string) => (f.startsWith('experiments/') ? f.split('/')[1] : undefined);
  return edges
    .filter((e) => {
      const a = kindOf(e.from);
      const b = kindOf(e.to);
      return a !== undefined && b !== undefined && a !== b && b !== 'common';
    })
    .map((e) => `${e.from} → ${e.to}`);
}

const srcDir = fileURLToPath(new URL('../../src', import.meta.url));
const graph = importGraph(srcDir);
const layerOf = layerTable(LAYERS);

describe('import graph of src/', () => {
  it('finds the imports, and every relative import resolves to a file of src/', () => {
    expect(graph.unresolved).toEqual([]);
    expect(graph.files.length).toBeGreaterThan(150);
    expect(graph.edges.length).toBeGreaterThan(500);
    // spot checks that the scanner sees each kind of import
    expect(graph.edges).toContainEqual({ from: 'run/registry.ts', to: 'experiments/stationary/entry.ts' }); // import … from
    expect(graph.edges).toContainEqual({ from: 'core/experiment.ts', to: 'core/result.ts' }); // import type … from
    expect(graph.edges).toContainEqual({ from: 'core/experiment.ts', to: 'errors.ts' }); // import('…') in a type
    expect(graph.edges).toContainEqual({ from: 'cli/outputs.ts', to: 'plots/index.ts' }); // dynamic import('…')
  });

  it('has no import circles', () => {
    const cycles = findCycles(graph.edges).map((c) => c.join(' → '));
    expect(cycles, `import circles:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('has no import circles between folders (each experiment kind is a folder)', () => {
    const folders = folderGraph(graph.edges);
    const cycles = findCycles(folders.edges).map((c) => {
      const files = c.slice(1).map((to, k) => `${c[k]} → ${to}: ${folders.because.get(`${c[k]} → ${to}`)!.slice(0, 3).join(', ')}`);
      return `${c.join(' → ')}\n    ${files.join('\n    ')}`;
    });
    expect(cycles, `folder circles:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('imports only down the layer table, and the table places every file', () => {
    const { upward, unlayered } = layerViolations(graph.files, graph.edges, layerOf);
    expect(unlayered, 'files in no layer: add their folder to LAYERS').toEqual([]);
    expect(upward, `imports from a lower layer to a higher one:\n${upward.join('\n')}`).toEqual([]);
  });

  it('keeps experiment kinds apart: a kind imports only its own folder and experiments/common/', () => {
    expect(crossKindImports(graph.edges)).toEqual([]);
  });
});

describe('the checker (twins on a planted graph)', () => {
  const planted: ImportEdge[] = [
    { from: 'core/result.ts', to: 'errors.ts' },
    { from: 'models/a.ts', to: 'core/result.ts' },
    { from: 'models/b.ts', to: 'models/c.ts' },
    { from: 'models/c.ts', to: 'models/d.ts' },
    { from: 'models/d.ts', to: 'models/b.ts' },
    { from: 'experiments/x/index.ts', to: 'experiments/common/s.ts' },
  ];
  const files = [...new Set(planted.flatMap((e) => [e.from, e.to]))];

  it('reports a planted circle as a closed path, and none once it is broken', () => {
    expect(findCycles(planted)).toEqual([['models/b.ts', 'models/c.ts', 'models/d.ts', 'models/b.ts']]);
    expect(findCycles(planted.filter((e) => e.from !== 'models/d.ts'))).toEqual([]);
    expect(findCycles([{ from: 'io/a.ts', to: 'io/a.ts' }])).toEqual([['io/a.ts', 'io/a.ts']]);
  });

  it('reports a planted upward import (also a type-only one), and none in the downward graph', () => {
    expect(layerViolations(files, planted, layerOf).upward).toEqual([]);
    const up = [...planted, { from: 'core/result.ts', to: 'experiments/x/index.ts' }];
    expect(layerViolations(files, up, layerOf).upward).toEqual(['core/result.ts (layer 1) → experiments/x/index.ts (layer 8)']);
    const typeOnly = importSpecifiers("import type { Result } from '../run/registry.js';\n");
    expect(typeOnly).toEqual(['../run/registry.js']);
  });

  it('reports a planted circle between folders whose files form no circle, and none once it is broken', () => {
    // dynamics → theory → stats → dynamics through three different files: no file circle, a folder circle
    const folderCircle: ImportEdge[] = [
      { from: 'dynamics/sgd.ts', to: 'theory/noise.ts' },
      { from: 'theory/gibbs.ts', to: 'stats/search.ts' },
      { from: 'stats/recorder.ts', to: 'dynamics/ensemble.ts' },
      { from: 'dynamics/integrators/em.ts', to: 'dynamics/sgd.ts' },
      { from: 'experiments/x/a.ts', to: 'experiments/common/c.ts' },
    ];
    expect(findCycles(folderCircle)).toEqual([]);
    expect(findCycles(folderGraph(folderCircle).edges)).toEqual([['dynamics', 'theory', 'stats', 'dynamics']]);
    expect(folderGraph(folderCircle).because.get('stats → dynamics')).toEqual(['stats/recorder.ts → dynamics/ensemble.ts']);
    expect(findCycles(folderGraph(folderCircle.slice(0, 2).concat(folderCircle.slice(3))).edges)).toEqual([]);
    // two kinds are two folders: a circle between them counts, a sub-folder is its parent folder
    const kinds: ImportEdge[] = [{ from: 'experiments/x/a.ts', to: 'experiments/y/b.ts' }, { from: 'experiments/y/figures/f.ts', to: 'experiments/x/c.ts' }];
    expect(findCycles(folderGraph(kinds).edges)).toEqual([['experiments/x', 'experiments/y', 'experiments/x']]);
  });

  it('reports a file no layer claims', () => {
    expect(layerViolations(['nowhere/x.ts'], [], layerOf).unlayered).toEqual(['nowhere/x.ts']);
  });

  it('reports a planted import between two experiment kinds', () => {
    expect(crossKindImports(planted)).toEqual([]);
    expect(crossKindImports([{ from: 'experiments/x/index.ts', to: 'experiments/y/schema.ts' }])).toEqual(['experiments/x/index.ts → experiments/y/schema.ts']);
  });

  it('reads every form of import and ignores comments, strings in code and regex literals', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "import './e.js';",
      "const f = await import('./f.js');",
      "type G = import('./g.js').G;",
      'import {\n  h,\n  i,\n} from "./hi.js";',
      "// import { x } from './commented.js';",
      "/* import { y } from './block-commented.js'; */",
      "const re = /from '.\\/regex.js'/;",
      "const s = `import { z } from './template.js'`;",
      "const glob = 'scenarios/*.json'; import { k } from './after-glob.js';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js', './f.js', './g.js', './hi.js', './after-glob.js']);
  });
});
