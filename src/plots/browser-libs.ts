import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The browser builds of vega, vega-lite and vega-embed, read from node_modules so report.html
 * can inline them and open offline. The packages' `exports` maps hide build/*.min.js from
 * require.resolve, so resolve each package's entry point and walk up to its package.json.
 */
const require = createRequire(import.meta.url);

const LIBS = [
  { name: 'vega', file: 'build/vega.min.js' },
  { name: 'vega-lite', file: 'build/vega-lite.min.js' },
  { name: 'vega-embed', file: 'build/vega-embed.min.js' },
] as const;

function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === name) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package directory of ${name}`);
    dir = parent;
  }
}

let cached: { name: string; version: string; code: string }[] | undefined;

/** The three libraries in load order, each safe to place inside a <script> element. */
export function browserLibraries(): { name: string; version: string; code: string }[] {
  cached ??= LIBS.map(({ name, file }) => {
    const dir = packageDir(name);
    const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    const code = readFileSync(join(dir, file), 'utf8')
      // the source map is not shipped inline; a dangling reference only produces devtools noise
      .replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n')
      // `</script` would end the element early; `<\/` means the same inside JS strings and regexes
      .replace(/<\/script/gi, '<\\/script')
      .replace(/<!--/g, '<\\!--');
    return { name, version, code };
  });
  return cached;
}
