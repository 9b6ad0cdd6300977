/**
 * Checks of the README's hand-written parts, used by readme.test.ts on the real README and by its
 * twins on planted mistakes: the commands table against the CLI's own help, and every number in the
 * README's prose against where it comes from.
 */

/** The rows of the "## Commands" table: the command's name and the option spellings its cell uses. */
export function commandRows(readme: string): { command: string; options: string[]; line: number }[] {
  const rows: { command: string; options: string[]; line: number }[] = [];
  readme.split('\n').forEach((text, i) => {
    const m = /^\|\s*`sgd-sde ([\w-]+)([^`]*)`/.exec(text);
    if (!m) return;
    const options = [...m[2].matchAll(/(?<![\w-])(--?[a-z][\w-]*)/g)].map((o) => o[1]);
    rows.push({ command: m[1], options, line: i + 1 });
  });
  return rows;
}

/** The commands that `sgd-sde --help` lists. */
export function helpCommands(help: string): string[] {
  return [...help.matchAll(/^\s+sgd-sde ([\w-]+)/gm)].map((m) => m[1]);
}

/** Whether a command's --help offers an option spelled `option` (yargs offers --no-x for a boolean --x). */
function helpHas(help: string, option: string): boolean {
  const spelled = option.startsWith('--no-') ? `--${option.slice(5)}` : option;
  return new RegExp(`(^|[\\s,])${spelled.replace(/[-]/g, '\\-')}(?![\\w-])`, 'm').test(help);
}

/**
 * Problems of the commands table: a command of `sgd-sde --help` without a row, a row for a command
 * that does not exist, an option spelling that the command's help does not offer.
 */
export function commandTableProblems(readme: string, mainHelp: string, helpOf: (command: string) => string): string[] {
  const rows = commandRows(readme);
  const listed = helpCommands(mainHelp);
  const problems: string[] = [];
  for (const command of listed) if (!rows.some((r) => r.command === command)) problems.push(`no row for \`sgd-sde ${command}\``);
  for (const row of rows) {
    if (!listed.includes(row.command)) { problems.push(`README:${row.line}: \`sgd-sde ${row.command}\` is not a command`); continue; }
    const help = helpOf(row.command);
    for (const option of row.options) {
      if (!helpHas(help, option)) problems.push(`README:${row.line}: \`sgd-sde ${row.command}\` has no option ${option}`);
    }
  }
  return problems;
}

/** A number in prose that is allowed because `check` confirms it against its source. */
export interface CheckedFact {
  /** where the number stands in the prose; every match must pass `check` */
  pattern: RegExp;
  /** null when the fact holds, else what is wrong */
  check: (match: RegExpExecArray) => string | null;
}

/**
 * The README's prose: generated blocks, fenced code, the commands table (checked against the help)
 * and link targets blanked, so that what remains is text a person typed.
 */
export function readmeProse(readme: string): string {
  let inFence = false;
  return readme
    .replace(/<!-- docs:[\w-]+ -->\n[\s\S]*?<!-- \/docs -->/g, (block) => block.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((line) => {
      if (/^\s*```/.test(line)) { inFence = !inFence; return ''; }
      if (inFence || /^\|\s*`sgd-sde /.test(line)) return '';
      return line.replace(/\]\([^)]*\)/g, (t) => ' '.repeat(t.length));
    })
    .join('\n');
}

/**
 * Every number in the README's prose that no fact covers, and every fact that fails its check.
 * A number counts as covered when it lies inside a match of a fact's pattern.
 */
export function uncheckedNumbers(readme: string, facts: readonly CheckedFact[]): string[] {
  const prose = readmeProse(readme);
  const covered: [number, number][] = [];
  const problems: string[] = [];
  for (const fact of facts) {
    const re = new RegExp(fact.pattern.source, fact.pattern.flags.includes('g') ? fact.pattern.flags : `${fact.pattern.flags}g`);
    for (const m of prose.matchAll(re)) {
      const wrong = fact.check(m as RegExpExecArray);
      if (wrong) problems.push(`"${m[0]}": ${wrong}`); // reported once, as the fact that fails
      covered.push([m.index!, m.index! + m[0].length]);
    }
  }
  for (const m of prose.matchAll(/\d+(?:\.\d+)*/g)) {
    const at = m.index!;
    if (covered.some(([a, b]) => at >= a && at + m[0].length <= b)) continue;
    const line = prose.slice(0, at).split('\n').length;
    problems.push(`README:${line}: the number ${m[0]} is neither generated nor checked`);
  }
  return problems;
}
