import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from './mutate.js';

/**
 * Source-level rules that keep outputs whole and runs reproducible: files are written only
 * through io/atomic.ts (temp file + rename), and no randomness comes from Math.random.
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
});
