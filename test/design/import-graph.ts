import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The import graph of src/ and the two rules the design keeps (CONTRIBUTING.md, "Layers":
 * imports point down the data flow): no import circles, and no import from a lower layer to a higher one. Every import
 * counts: `import … from`, `import type … from`, `export … from`, side-effect `import '…'`, and
 * dynamic `import('…')` (also in type positions), because type-only imports are part of the design
 * too. Specifiers are resolved as Node resolves the compiled files: './x.js' is src's './x.ts', and a
 * '../dist/…' path (scripts that load the build) is the src file it was compiled from.
 *
 * A small scanner rather than a parser: it drops comments and keeps string literals, skipping
 * regular-expression and template literals, so an import-like text in a comment or a regex does
 * not count. Every edge it finds must resolve to an existing file, which catches a scanner that
 * loses its place.
 */

export interface ImportEdge {
  from: string;
  to: string;
}

/** The layer of a file (lower numbers are lower layers), or undefined if the table misses it. */
export type LayerOf = (file: string) => number | undefined;

/** Drop comments, keep code and string literals (regex and template literals are blanked). */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  let lastSignificant = '';
  const regexMayFollow = () => lastSignificant === '' || /[(,=:[!&|?{};+\-*%<>~^]$/.test(lastSignificant) || /\b(return|typeof|case|in|of|void|yield|await)$/.test(out.trimEnd());
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      out += ' ';
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      lastSignificant = c;
      i = j + 1;
      continue;
    }
    if (c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
      out += '``';
      lastSignificant = '`';
      i = j + 1;
      continue;
    }
    if (c === '/' && regexMayFollow()) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== '\n') {
        if (text[j] === '\\') j += 2;
        else if (text[j] === '[') (inClass = true), j++;
        else if (text[j] === ']') (inClass = false), j++;
        else if (text[j] === '/' && !inClass) break;
        else j++;
      }
      out += '/re/';
      lastSignificant = '/';
      i = j + 1;
      continue;
    }
    out += c;
    if (!/\s/.test(c)) lastSignificant = c;
    i++;
  }
  return out;
}

const IMPORT = /\b(?:import|export)\b[^'";]*?\bfrom\s*(['"])([^'"]+)\1|\bimport\s*(['"])([^'"]+)\3|\bimport\s*\(\s*(['"])([^'"]+)\5\s*\)/g;

/** The module specifiers a source text imports or re-exports. */
export function importSpecifiers(text: string): string[] {
  const code = stripComments(text);
  return [...code.matchAll(IMPORT)].map((m) => m[2] ?? m[4] ?? m[6]);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative import between files of `srcDir` (paths relative to it, with '/'). */
export function importGraph(srcDir: string): { files: string[]; edges: ImportEdge[]; unresolved: string[] } {
  const root = resolve(srcDir);
  const distDir = join(dirname(root), 'dist');
  const rel = (p: string) => relative(root, p).split(sep).join('/');
  const files = sourceFiles(root);
  const edges: ImportEdge[] = [];
  const unresolved: string[] = [];
  for (const file of files) {
    for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue; // packages and node: built-ins
      let target = resolve(dirname(file), spec);
      if (target.startsWith(distDir + sep)) target = join(root, relative(distDir, target));
      const candidates = [target, target.replace(/\.js$/, '.ts'), target.replace(/\.mjs$/, '.mts')];
      const found = candidates.find((c) => c.startsWith(root + sep) && existsSync(c) && statSync(c).isFile());
      if (found) edges.push({ from: rel(file), to: rel(found) });
      else unresolved.push(`${rel(file)} → '${spec}'`);
    }
  }
  return { files: files.map(rel), edges, unresolved };
}

/** Every import circle (one per strongly connected component, as a closed path), by Tarjan's algorithm. */
export function findCycles(edges: readonly ImportEdge[]): string[][] {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    if (!out.has(e.from)) out.set(e.from, []);
    if (!out.has(e.to)) out.set(e.to, []);
    out.get(e.from)!.push(e.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of out.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || out.get(v)!.includes(v)) components.push(component);
    }
  };
  for (const v of [...out.keys()].sort()) if (!index.has(v)) visit(v);
  // one concrete circle per component: a shortest path back to its first file, inside the component
  return components.map((component) => {
    const members = new Set(component);
    const startNode = [...component].sort()[0];
    const previous = new Map<string, string>();
    const queue = [startNode];
    for (let k = 0; k < queue.length; k++) {
      const v = queue[k];
      for (const w of out.get(v)!) {
        if (!members.has(w)) continue;
        if (w === startNode) {
          const path = [v];
          while (path[0] !== startNode) path.unshift(previous.get(path[0])!);
          return [...path, startNode];
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    return [...component, component[0]];
  });
}

/** Imports from a lower layer to a higher one, and files no layer claims. */
export function layerViolations(files: readonly string[], edges: readonly ImportEdge[], layerOf: LayerOf): { upward: string[]; unlayered: string[] } {
  const unlayered = files.filter((f) => layerOf(f) === undefined);
  const upward = edges
    .filter((e) => {
      const a = layerOf(e.from);
      const b = layerOf(e.to);
      return a !== undefined && b !== undefined && b > a;
    })
    .map((e) => `${e.from} (layer ${layerOf(e.from)}) → ${e.to} (layer ${layerOf(e.to)})`);
  return { upward, unlayered };
}

/** A LayerOf from a table of layers, lowest first; each entry is a top-level folder or file of src/. */
export function layerTable(layers: readonly (readonly string[])[]): LayerOf {
  const rank = new Map<string, number>();
  layers.forEach((names, k) => names.forEach((n) => rank.set(n, k)));
  return (file) => rank.get(file.split('/')[0]);
}

/**
 * The folder a file belongs to for the folder-level rule: its top-level folder of src/, except that
 * each experiment kind (experiments/<kind>/, and experiments/common/) is a folder of its own; a
 * file at the top of src/ is its own unit. Sub-folders (dynamics/integrators/, a kind's figures/)
 * belong to their folder.
 */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return file;
  return parts[0] === 'experiments' && parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * The import graph between folders: one edge per pair of different folders that some file imports
 * across, with the file imports that make it (so that a folder circle can name its files).
 */
export function folderGraph(edges: readonly ImportEdge[]): { edges: ImportEdge[]; because: Map<string, string[]> } {
  const because = new Map<string, string[]>();
  for (const e of edges) {
    const from = folderOf(e.from);
    const to = folderOf(e.to);
    if (from === to) continue;
    const key = `${from} → ${to}`;
    if (!because.has(key)) because.set(key, []);
    because.get(key)!.push(`${e.from} → ${e.to}`);
  }
  const folderEdges = [...because.keys()].map((key) => {
    const [from, to] = key.split(' → ');
    return { from, to };
  });
  return { edges: folderEdges, because };
}
