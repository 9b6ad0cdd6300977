import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from './mutate.js';

/**
 * Source-level rules that keep outputs whole, runs reproducible and tests honest: files are written
 * only through io/atomic.ts (temp file + rename); files a user or another process could have placed
 * are read only through io/safe-path.ts (bounded, no FIFOs or devices, contents never echoed); no
 * randomness comes from Math.random; and no test asserts a wall time (CI runs on busy machines:
 * bound the work instead; the config's timeout is a hang limit).
 */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const files = sources(join(root, 'src')).map((p) => ({ path: relative(root, p), text: readFileSync(p, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '') }));

describe('source rules', () => {
  it('writes files only through io/atomic.ts', () => {
    const offenders = files
      .filter((f) => f.path !== join('src', 'io', 'atomic.ts'))
      .filter((f) => /\b(writeFileSync|appendFileSync|createWriteStream|writeFile|appendFile)\s*\(/.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('draws no random numbers from Math.random', () => {
    expect(files.filter((f) => /Math\.random\s*\(/.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('reads files only through io/safe-path.ts, except the package\'s own files', () => {
    // files inside the installed package, never named by a user: fonts, vendored browser libraries,
    // the MNIST packages, package.json, the shipped scenarios (list, gallery), the code digest and the
    // install step's native/build.log
    const packageFiles = ['plots/fonts.ts', 'plots/browser-libs.ts', 'data/mnist.ts', 'data/mnist-full.ts', 'version.ts', 'io/checkpoint.ts', 'cli/gallery.ts', 'cli/commands/list.ts', 'linalg/native-build-log.ts'].map((f) => join('src', f));
    const offenders = files
      .filter((f) => ![join('src', 'io', 'safe-path.ts'), join('src', 'io', 'atomic.ts')].includes(f.path) && !packageFiles.includes(f.path)) // atomic.ts opens for writing only
      .filter((f) => /\b(readFileSync|readFile|createReadStream|openSync|open)\s*\(/.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});

describe('test rules', () => {
  // this file is left out: its twin below holds a short timeout as an example
  const tests = sources(join(root, 'test')).filter((p) => !p.endsWith(join('reliability', 'static.test.ts'))).map((p) => ({ path: relative(root, p), text: readFileSync(p, 'utf8') }));

  it('no test sets a timeout of its own (the config\'s 15-minute hang limit applies), no child process is killed before 10 minutes, and no expectation compares elapsed wall time', () => {
    // a timeout is a wall-time assertion too: under four busy processes end-to-end tests took over 120 s
    const short = tests.flatMap((f) => testTimeouts(f.text).map((t) => `${f.path}: timeout ${t}`));
    const killed = tests.flatMap((f) => [...f.text.matchAll(/\btimeout: (\d[\d_]*)/g)].filter((m) => Number(m[1].replace(/_/g, '')) < 600_000).map((m) => `${f.path}: child timeout ${m[1]}`));
    const timed = tests.flatMap((f) => f.text.split('\n').filter((l) => /expect\(/.test(l) && /performance\.now\(\)|Date\.now\(\)|\belapsed|\.ms\b|\bms\)/.test(l)).map((l) => `${f.path}: ${l.trim()}`));
    expect([...short, ...killed, ...timed]).toEqual([]);
  });

  it('twin: the scan finds a short timeout, past strings, templates and nested calls', () => {
    expect(testTimeouts("it('a, b', () => { f(1, 2); }, 5000);\nit(`${x}, (`, async () => {}, 60_000);\nbeforeAll(() => {});")).toEqual([5000, 60000]);
  });
});

/**
 * The numeric last arguments of the it, test, beforeAll … afterEach calls (their timeouts, in ms): each call's
 * argument list is found by matching brackets, skipping strings, template literals and comments.
 */
function testTimeouts(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\b(?:it|test|beforeAll|afterAll|beforeEach|afterEach)(?:\.\w+)*\(/g)) {
    let depth = 0;
    let i = m.index + m[0].length - 1;
    let lastComma = -1;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '"' || c === "'" || c === '`') {
        for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
      } else if (c === '/' && text[i + 1] === '/') {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (c === '/' && text[i + 1] === '*') {
        i = text.indexOf('*/', i + 2) + 1;
      } else if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (--depth === 0) break;
      } else if (c === ',' && depth === 1) lastComma = i;
    }
    const last = lastComma >= 0 ? text.slice(lastComma + 1, i).trim() : '';
    if (/^\d[\d_]*$/.test(last)) out.push(Number(last.replace(/_/g, '')));
  }
  return out;
}
