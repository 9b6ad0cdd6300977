import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { RELEVANT_DIFFERENCE } from '../../src/stats/alternatives.js';
import { experimentKinds } from '../../src/run/registry.js';
import { commandTableProblems, uncheckedNumbers, type CheckedFact } from './readme-checks.js';

/**
 * The README's hand-written parts: its commands table spells every command and option as the CLI's
 * own help does, and every number in its prose is either inside a generated block (blocks.test.ts
 * checks those against fresh runs) or confirmed here against its source. Each check has a twin
 * that plants the kind of mistake it exists for.
 */
const root = join(import.meta.dirname, '..', '..');
const read = (f: string) => readFileSync(join(root, f), 'utf8');
const readme = read('README.md');
const theory = read('docs/theory.md');

function help(args: string[]): string {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'sgd-sde.js'), ...args, '--help'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sgd-sde ${args.join(' ')} --help exited with ${r.status}: ${r.stderr}`);
  return r.stdout;
}

const mainHelp = help([]);
const helpCache = new Map<string, string>();
const helpOf = (command: string) => {
  if (!helpCache.has(command)) helpCache.set(command, help([command]));
  return helpCache.get(command)!;
};

const exitCodeOf: Record<string, number> = {
  'no judged prediction fails': ExitCode.ok,
  'some judged prediction fails': ExitCode.predictionFailed,
  'invalid input': ExitCode.invalidInput,
  'the run diverged': ExitCode.diverged,
  interrupted: ExitCode.interrupted,
};

/** The numbers the README's prose may hold, each confirmed against where it comes from. */
const facts: CheckedFact[] = [
  {
    pattern: /a value (\d+)% off, the smallest relevant difference/,
    check: (m) => (Number(m[1]) === 100 * RELEVANT_DIFFERENCE ? null : `src/stats/alternatives.ts RELEVANT_DIFFERENCE is ${RELEVANT_DIFFERENCE}`),
  },
  {
    pattern: /Smith & Le \(2017\)/,
    check: () => (/S\. L\. Smith, Q\. V\. Le\. \*A Bayesian Perspective on Generalization[^\n]*\* 2017/.test(theory) ? null : 'docs/theory.md (Sources) gives another year'),
  },
  {
    pattern: /g = ε \(N\/B − 1\)/,
    check: () => (theory.includes('`g_paper = ε (N/B − 1) / (1 − m)`') ? null : 'not the paper form of docs/theory.md §2'),
  },
  {
    pattern: /MNIST 0\/1/,
    check: () => {
      const digits = JSON.parse(read('scenarios/paper-evidence-mnist.json')).data.mnist.digits;
      return JSON.stringify(digits) === '[0,1]' ? null : `scenarios/paper-evidence-mnist.json uses digits ${JSON.stringify(digits)}`;
    },
  },
  {
    pattern: /Node ≥ (\d+\.\d+)/,
    check: (m) => {
      const engines = JSON.parse(read('package.json')).engines.node;
      return engines === `>=${m[1]}` ? null : `package.json engines.node is ${engines}`;
    },
  },
  {
    pattern: /`⟨ω · ∇L\(ω\)⟩ = \(ε\/2\) ⟨\|∇L_B\(ω\)\|²⟩`/,
    check: (m) => (theory.includes(m[0]) ? null : 'not the identity of docs/theory.md §4'),
  },
  {
    pattern: /`E\[L − L\*\] = g tr\(S\)\/\(4N\)`/,
    check: () => (theory.includes('= g tr(S)/(4N)`') ? null : 'not the identity of docs/theory.md §3'),
  },
  {
    pattern: /`(\d+)` (no\s+judged\s+prediction\s+fails|some\s+judged\s+prediction\s+fails|invalid input|the run diverged|interrupted)/,
    check: (m) => {
      const meaning = m[2].replace(/\s+/g, ' ');
      return exitCodeOf[meaning] === Number(m[1]) ? null : `exit code ${m[1]} is not "${meaning}" in src/cli/exit-codes.ts (it is ${exitCodeOf[meaning]})`;
    },
  },
];

describe('the README commands table spells what the CLI offers', () => {
  it('has a row for every command of `sgd-sde --help`, and every option in a row is in that command\'s help', () => {
    expect(commandTableProblems(readme, mainHelp, helpOf)).toEqual([]);
    expect(readme).toMatch(/`sgd-sde export /);
    expect(readme).toMatch(/`sgd-sde noise-scale --estimate /);
  });

  it('twin: a misspelled option (--n for -n) and a missing command are reported', () => {
    const planted = readme
      .replace('`sgd-sde noise-scale --lr ε -n N', '`sgd-sde noise-scale --lr ε --n N')
      .split('\n').filter((line) => !line.startsWith('| `sgd-sde export')).join('\n');
    expect(planted).not.toEqual(readme);
    const problems = commandTableProblems(planted, mainHelp, helpOf);
    expect(problems).toContainEqual(expect.stringMatching(/`sgd-sde noise-scale` has no option --n$/));
    expect(problems).toContain('no row for `sgd-sde export`');
    expect(problems).toHaveLength(2);
  });
});

describe('every number in the README is generated or checked', () => {
  it('the prose holds no number that is not confirmed against its source', () => {
    expect(uncheckedNumbers(readme, facts)).toEqual([]);
  });

  it('twin: a typed-in timing and a wrong Node version are reported', () => {
    const planted = readme
      .replace('Running it prints:', 'Running it prints (about 5 s):')
      .replace(/Node ≥ [\d.]+/, 'Node ≥ 18.0');
    const problems = uncheckedNumbers(planted, facts);
    expect(problems).toContainEqual(expect.stringMatching(/the number 5 is neither generated nor checked/));
    expect(problems).toContainEqual(expect.stringMatching(/"Node ≥ 18\.0": package\.json engines\.node is >=/));
    expect(problems).toHaveLength(2);
  });

  it('twin: an exit code that does not mean what the README says is reported', () => {
    const planted = readme.replace('`3` the run diverged', '`4` the run diverged');
    expect(uncheckedNumbers(planted, facts)).toEqual([expect.stringMatching(/exit code 4 is not "the run diverged"/)]);
  });
});

describe('docs/usage.md lists every experiment kind', () => {
  const kindsIn = (usage: string) => {
    const line = usage.split('\n').find((l) => l.includes('"experiment": "stationary",'));
    const m = line && /\/\/ ([\w| -]+?) \(/.exec(line);
    return m ? m[1].split('|').map((k) => k.trim()) : [];
  };

  it('the scenario example names the kinds of the registry, all of them', () => {
    expect(kindsIn(read('docs/usage.md')).sort()).toEqual([...experimentKinds].sort());
  });

  it('twin: a list missing a kind differs from the registry', () => {
    const planted = read('docs/usage.md').replace(' | gradient-noise', '');
    expect(kindsIn(planted).sort()).not.toEqual([...experimentKinds].sort());
  });
});
