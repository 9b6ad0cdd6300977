// Reading the repository's Markdown: the generated blocks between `<!-- docs:<id> -->` and
// `<!-- /docs -->`, headings and their GitHub anchors, links, and the repository paths a doc quotes.
// Shared by `npm run docs` (scripts/docs.mjs) and the docs tests (test/docs/).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The checked Markdown files, relative to the repository root. */
export function docFiles(root) {
  const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
  return ['README.md', 'CONTRIBUTING.md', ...docs].filter((f) => existsSync(join(root, f)));
}

const BLOCK = /<!-- docs:([\w-]+) -->\n([\s\S]*?)<!-- \/docs -->/g;

/** Every generated block of a Markdown text: its id and its body (the text between the markers). */
export function findBlocks(markdown) {
  return [...markdown.matchAll(BLOCK)].map((m) => ({ id: m[1], body: m[2] }));
}

/** The text with each block's body replaced by bodies[id] (blocks whose id is absent stay as they are). */
export function replaceBlocks(markdown, bodies) {
  return markdown.replace(BLOCK, (all, id) => (id in bodies ? `<!-- docs:${id} -->\n${bodies[id]}<!-- /docs -->` : all));
}

/** The body of a fenced code block holding `text`. */
export function fenced(text, lang = '') {
  return `\`\`\`${lang}\n${text.replace(/\n+$/, '')}\n\`\`\`\n`;
}

/** The text inside a fenced body (the reverse of fenced()). */
export function unfence(body) {
  const m = /^```[\w-]*\n([\s\S]*?)\n?```\n?$/.exec(body);
  return m ? m[1] : body;
}

/** Fenced code blocks removed (their lines blanked, so line numbers stay). */
function withoutFences(markdown) {
  let inFence = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*```/.test(line)) { inFence = !inFence; return ''; }
    return inFence ? '' : line;
  }).join('\n');
}

/** The anchor GitHub gives a heading: lower case, punctuation and symbols dropped, spaces to hyphens. */
export function slug(heading) {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's text
    .replace(/<[^>]+>/g, '');                   // inline HTML
  return text.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors of a Markdown text's headings, with GitHub's -1, -2 … for repeated ones. */
export function anchors(markdown) {
  const seen = new Map();
  const out = new Set();
  for (const line of withoutFences(markdown).split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The relative links and images of a Markdown text (outside code), with their line numbers. */
export function links(markdown) {
  const out = [];
  withoutFences(markdown).split('\n').forEach((line, i) => {
    const prose = line.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
      out.push({ target, line: i + 1 });
    }
  });
  return out;
}

const REPO_PATH = /(?<![\w./-])(?:src|test|scripts|scenarios|docs|plots|native)\/[\w.-]+(?:\/[\w.-]+)*\.[A-Za-z]\w*/g;

/** Repository paths that a text quotes (`src/…`, `test/…` and so on, ending in a file extension). */
export function quotedPaths(markdown) {
  const out = [];
  markdown.split('\n').forEach((line, i) => {
    const text = line.replace(/\]\([^)]*\)/g, ']'); // link targets are links(), checked as links
    for (const m of text.matchAll(REPO_PATH)) out.push({ path: m[0], line: i + 1 });
  });
  return out;
}

/**
 * Every problem with the links and quoted paths of `file` (relative to root): a link to a file that
 * does not exist, an #anchor that no heading of its target has, a quoted repository path that does
 * not exist. `markdown` defaults to the file's contents.
 */
export function linkProblems(root, file, markdown = readFileSync(join(root, file), 'utf8')) {
  const problems = [];
  const here = dirname(join(root, file));
  for (const { target, line } of links(markdown)) {
    const [path, anchor] = target.split('#');
    const abs = path === '' ? join(root, file) : resolve(here, decodeURIComponent(path));
    const where = `${file}:${line}: ${target}`;
    if (!abs.startsWith(resolve(root))) { problems.push(`${where}: leads outside the repository`); continue; }
    if (!existsSync(abs)) { problems.push(`${where}: no file ${relative(root, abs)}`); continue; }
    if (anchor === undefined) continue;
    if (!abs.endsWith('.md') || statSync(abs).isDirectory()) { problems.push(`${where}: an anchor into a file that is not Markdown`); continue; }
    const targetText = abs === join(root, file) ? markdown : readFileSync(abs, 'utf8');
    if (!anchors(targetText).has(anchor)) problems.push(`${where}: no heading with the anchor #${anchor} in ${relative(root, abs)}`);
  }
  for (const { path, line } of quotedPaths(markdown)) {
    if (!existsSync(join(root, path))) problems.push(`${file}:${line}: quotes ${path}, which does not exist`);
  }
  return problems;
}
