import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseScenario } from '../../src/run/load-scenario.js';
import { InputError } from '../../src/errors.js';
import { root, shippedScenarios, mutate, mutationSpec } from './mutate.js';

/**
 * Invalid scenarios and CSV files through the compiled CLI (`npm test` builds first): exit 2 with
 * a message naming the field, no stack trace, nothing written. A modest number of runs (each CLI
 * start costs over a second); the loader is fuzzed in-process far more (loader-fuzz.test.ts).
 */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'sgd-sde.js'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Run tasks two at a time (the machine has two cores). */
async function pool<T, R>(items: T[], f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all([lane(), lane()]);
  return out;
}

/** `mentions`: texts the message must contain, at least one of them (a field's path and colon) */
interface Case { label: string; file: string; mentions: (string | RegExp)[]; args?: string[] }

function invalidMutations(count: number): Case[] {
  const bases = shippedScenarios();
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-fuzz-'));
  const samples = fc.sample(fc.tuple(fc.nat({ max: bases.length - 1 }), fc.array(mutationSpec, { minLength: 1, maxLength: 2 })), { seed: 424242, numRuns: 400 });
  const cases: Case[] = [];
  const used = new Set<number>();
  for (const [b, specs] of samples) {
    if (cases.length >= count) break;
    if (used.has(b) && used.size < bases.length && cases.length < bases.length) continue; // spread over the shipped scenarios first
    const { scenario, mutations } = mutate(bases[b].scenario, specs);
    let problems: InputError['problems'];
    try {
      parseScenario(scenario, { baseDir: dirname(bases[b].file) });
      continue; // still valid: running it is not this test's business
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems = err.problems;
    }
    // written to a temporary directory, a relative data path would dangle: keep to problems of the file itself
    if (problems.some((p) => /file not found|csv/i.test(p.message))) continue;
    used.add(b);
    const file = join(dir, `case-${cases.length}.json`);
    writeFileSync(file, JSON.stringify(scenario));
    cases.push({ label: `${bases[b].file.split('/').pop()}: ${mutations.map((m) => `${m.kind} ${m.path}`).join('; ')}`, file, mentions: problems.map((p) => `${p.path}:`) });
  }
  return cases;
}

function fileCases(): Case[] {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-files-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const linreg = (csv: string) => ({
    experiment: 'stationary', model: { kind: 'linear-regression', csv }, optimizer: { lr: 0.05, batchSize: 2 }, run: { replicas: 4, steps: 10 },
  });
  write('bad-cell.csv', 'x1,x2,y\n1,2,3\n4,five,6\n7,8,9\n1,1,1\n');
  write('short-row.csv', 'x1,x2,y\r\n1,2,3\r\n4,5\r\n');
  write('labels.csv', 'x1,y\n0.1,0\n0.2,1\n0.3,2\n');
  const quickstart = join(root, 'scenarios', 'quickstart.json');
  return [
    { label: 'not JSON', file: write('broken.json', '{"experiment": "stationary", '), mentions: ['<file>: not valid JSON'] },
    { label: 'CSV with a non-number', file: write('csv-cell.json', JSON.stringify(linreg('bad-cell.csv'))), mentions: [/model\.csv: \S*bad-cell\.csv line 3 \(data row 2\), column x2: must be a finite number; the cell is not a number \(4 character\(s\)\)/] },
    { label: 'CSV with a short row (CRLF)', file: write('csv-row.json', JSON.stringify(linreg('short-row.csv'))), mentions: [/model\.csv: \S*short-row\.csv line 3 \(data row 2\): expected 3 values, found 2/] },
    { label: 'CSV that does not exist', file: write('csv-missing.json', JSON.stringify(linreg('nowhere.csv'))), mentions: ['model.csv: file not found'] },
    {
      label: 'logistic labels outside {0,1}',
      file: write('labels.json', JSON.stringify({ experiment: 'evidence', data: { csv: 'labels.csv' } })),
      mentions: [/data\.csv: labels\.csv data row 3: label y must be 0 or 1/],
    },
    { label: '--seed out of range', file: quickstart, args: ['--seed', '-1'], mentions: ['--seed: must be a decimal integer in [0, 4294967295] (got "-1")'] },
    { label: '--force with --resume', file: quickstart, args: ['--force', '--resume'], mentions: ['force and resume are mutually exclusive'] },
  ];
}

describe('sgd-sde run on invalid input', () => {
  it('exits 2 naming the field, without a stack trace, writing nothing', async () => {
    const cases = [...invalidMutations(8), ...fileCases()];
    expect(cases.length).toBeGreaterThanOrEqual(14);
    const outRoot = mkdtempSync(join(tmpdir(), 'sgd-sde-fuzz-out-'));
    const runs = await pool(cases, async (c) => {
      const out = join(outRoot, String(cases.indexOf(c)));
      return { c, out, r: await cli(['run', c.file, '--out', out, '--no-plots', '--workers', '1', ...(c.args ?? [])]) };
    });
    for (const { c, out, r } of runs) {
      const where = `${c.label}\n${r.stderr}`;
      expect(r.stderr, where).not.toMatch(/internal error/);
      expect(r.stderr, where).not.toMatch(/\n\s+at .*:\d+:\d+/); // no stack trace
      expect(r.code, where).toBe(2);
      expect(r.stderr, where).toMatch(/^error: /);
      expect(c.mentions.some((m) => (typeof m === 'string' ? r.stderr.includes(m) : m.test(r.stderr))), where).toBe(true);
      expect(r.stdout, where).toBe('');
      expect(existsSync(out), where).toBe(false); // no partial output, not even the directory
    }
  });
});

