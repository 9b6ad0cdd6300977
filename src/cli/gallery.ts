import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isExperimentKind } from '../run/registry.js';
import { availableParallelism } from 'node:os';
import { basename, join, relative } from 'node:path';
import { loadScenarioFile } from '../run/load-scenario.js';
import { runScenario } from '../run/runner.js';
import type { Result } from '../core/result.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic.js';
import { pathInside } from '../io/safe-path.js';
import { readResultsFile } from '../io/results-file.js';
import { packageRoot } from '../version.js';
import { buildFigures } from '../plots/registry.js';
import { writeFigures, writeReport } from '../plots/index.js';
import { countLine } from '../io/verdict-text.js';

/**
 * `npm run gallery [-- name ...]`: run the shipped scenarios (scenarios/*.json) with --quick
 * through the library and redraw the committed gallery: plots/<scenario>/{results.json, figures},
 * plus plots/report.html and plots/README.md over every scenario that has results. Naming
 * scenarios reruns only those; the others keep their saved results.
 */
const scenariosDir = join(packageRoot, 'scenarios');
const galleryDir = join(packageRoot, 'plots');
const FIGURE_FILE = /\.(vl\.json|svg|png)$/;

async function main(names: string[]): Promise<number> {
  // experiment scenarios only: scenarios/ also holds the stress command's configuration
  const files = readdirSync(scenariosDir)
    .filter((f) => f.endsWith('.json'))
    .filter((f) => isExperimentKind((JSON.parse(readFileSync(join(scenariosDir, f), 'utf8')) as { experiment?: unknown }).experiment))
    .sort();
  const stems = files.map((f) => basename(f, '.json'));
  const unknown = names.filter((n) => !stems.includes(n));
  if (unknown.length) {
    process.stderr.write(`gallery: no scenario named ${unknown.join(', ')} in scenarios/ (have: ${stems.join(', ')})\n`);
    return 2;
  }
  const selected = names.length ? files.filter((f) => names.includes(basename(f, '.json'))) : files;
  const workers = Math.max(1, availableParallelism());
  let failures = 0;
  for (const file of selected) {
    const started = performance.now();
    try {
      const loaded = loadScenarioFile(join(scenariosDir, file), { quick: true });
      // a committed full-scale run (e.g. the paper's network figures, hours of CPU) is kept: a quick
      // rerun would overwrite it with a toy version; redraw its figures with `sgd-sde plot` instead
      // (or an interrupted one: its checkpoint.json lets `run --resume --out plots/<name>` finish it)
      const existing = join(galleryDir, loaded.name, 'results.json');
      const fullRun = existsSync(existing) && (JSON.parse(readFileSync(existing, 'utf8')) as { quick?: unknown }).quick === false;
      if (fullRun || existsSync(join(galleryDir, loaded.name, 'checkpoint.json'))) {
        process.stdout.write(`${file}: kept the ${fullRun ? 'full' : 'interrupted full'} run in ${relative(process.cwd(), join(galleryDir, loaded.name))}/ (not rerun in quick mode)\n`);
        continue;
      }
      const result = await runScenario(loaded, { workers });
      const dir = pathInside(galleryDir, [loaded.name], 'gallery'); // every write inside plots/ (io/safe-path.ts)
      writeJsonAtomic(pathInside(dir, ['results.json'], 'gallery'), result);
      const written = new Set((await writeFigures(result, dir)).map((p) => basename(p)));
      // figures a builder no longer draws would otherwise linger in the committed gallery
      for (const old of readdirSync(dir)) if (FIGURE_FILE.test(old) && !written.has(old)) rmSync(pathInside(dir, [old], 'gallery'));
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`${file}: ${countLine(result.predictions)}, ${written.size} figure files (${seconds} s)\n`);
    } catch (err) {
      failures++;
      process.stderr.write(`${file}: FAILED: ${(err as Error).message}\n`);
    }
  }
  const results = collectResults(stems);
  await writeReport(results, galleryDir);
  writeFileAtomic(pathInside(galleryDir, ['README.md'], 'gallery'), readme(results));
  process.stdout.write(`gallery: ${results.length} scenarios in ${relative(process.cwd(), galleryDir) || '.'}/ (report.html, README.md)\n`);
  return failures ? 1 : 0;
}

/** The saved results of every shipped scenario, in scenario-file order (stale directories are skipped). */
function collectResults(stems: string[]): Result[] {
  const out: Result[] = [];
  for (const stem of stems) {
    const path = join(galleryDir, stem, 'results.json');
    if (existsSync(path)) out.push(...readResultsFile(path));
  }
  return out;
}

function readme(results: Result[]): string {
  const lines = [
    '# Gallery',
    '',
    'Figures drawn from the shipped scenarios in `scenarios/`, run with `--quick` (shorter runs, wider error bars) unless marked as a full run (those are committed from `sgd-sde run` and kept by the gallery).',
    'Regenerate with `npm run gallery` (or `npm run gallery -- <scenario> ...` for some of them).',
    'Open `report.html` for every prediction with its error bar and the interactive figures; it works offline.',
    '',
  ];
  for (const r of results) {
    const description = typeof r.scenario.description === 'string' ? r.scenario.description : '';
    lines.push(`## ${r.name}`, '', `\`${r.experiment}\` · ${r.quick ? 'quick' : '**full run**'} · ${countLine(r.predictions)}${description ? ` · ${description}` : ''}`, '');
    for (const f of buildFigures(r)) lines.push(`![${f.title}](${r.name}/${f.id}.png)`, '');
  }
  return `${lines.join('\n')}`;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`${(err as Error).stack ?? err}\n`); process.exitCode = 70; },
);
