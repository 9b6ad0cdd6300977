import { pathInside } from '../io/safe-path.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic.js';
import { jsonText } from './json-text.js';
import type { StressReport } from './run.js';
import { validityHeatmap } from './heatmap.js';

/**
 * What `--out DIR` receives: stress.json (the whole report), one runnable scenario file per
 * counterexample scenario (counterexample-<property>[-k].json, for `sgd-sde run`), and a
 * Vega-Lite heatmap per validity map (validity-<map>.vl.json). Returns the files by property
 * name (counterexamples) so the printed report can say where each went.
 */
export function counterexampleFileName(property: string, index: number, count: number): string {
  return count > 1 ? `counterexample-${property}-${index + 1}.json` : `counterexample-${property}.json`;
}

export function writeStressOutputs(report: StressReport, dir: string): { byProperty: Record<string, string[]>; all: string[] } {
  const byProperty: Record<string, string[]> = {};
  const all: string[] = [];
  for (const p of report.properties) {
    const scenarios = p.counterexample?.scenarios ?? [];
    byProperty[p.name] = scenarios.map((s, k) => {
      const file = pathInside(dir, [counterexampleFileName(p.name, k, scenarios.length)]);
      writeFileAtomic(file, `${jsonText(s)}\n`);
      all.push(file);
      return file;
    });
  }
  for (const m of report.maps) {
    const file = pathInside(dir, [`validity-${m.id}.vl.json`]);
    writeJsonAtomic(file, validityHeatmap(m));
    all.push(file);
  }
  const file = pathInside(dir, ['stress.json']);
  writeJsonAtomic(file, report);
  all.push(file);
  return { byProperty, all };
}
