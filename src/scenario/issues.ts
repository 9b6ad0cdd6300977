import type { z } from 'zod';
import type { InputProblem } from '../errors.js';

/**
 * Turn zod issues into problems that name the JSON path, the value found and what is allowed.
 * zod's default texts ("Too small: expected number to be >0", "Invalid input") are rewritten into
 * "must be a number > 0"-style sentences; messages written in the schemas are kept as they are.
 */
type Issue = z.core.$ZodIssue;

export function zodProblems(error: z.ZodError, input: unknown): InputProblem[] {
  const out: InputProblem[] = [];
  for (const issue of error.issues) collect(issue as Issue, [], input, out);
  const seen = new Set<string>();
  return out.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function collect(issue: Issue, prefix: readonly PropertyKey[], input: unknown, out: InputProblem[]): void {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) {
      out.push({ path: formatPath([...path, key]), message: 'unknown field (not allowed here; check the spelling against `sgd-sde schema`)' });
    }
    return;
  }
  if (issue.code === 'invalid_union') return unionProblems(issue, path, input, out);
  if ((issue.code === 'invalid_key' || issue.code === 'invalid_element') && issue.issues.length > 0) {
    for (const sub of issue.issues) collect(sub, path, input, out);
    return;
  }
  out.push({ path: formatPath(path), message: describe(issue, path, input), value: valueAt(input, path) });
}

/** zod's own wording, as opposed to a message the schema gives. */
function isDefaultMessage(message: string): boolean {
  return /^(Too (small|big)|Invalid (input|option|string|discriminator|key|element|type)|Unrecognized key|Expected )/.test(message);
}

function describe(issue: Issue, path: readonly PropertyKey[], input: unknown): string {
  if (!isDefaultMessage(issue.message)) return issue.message;
  const present = has(input, path);
  const raw = rawAt(input, path);
  switch (issue.code) {
    case 'invalid_type': {
      const want = expectedText(issue.expected);
      if (!present) return `required field is missing (${want})`;
      // JSON.parse reads 1e999 as Infinity: say so, rather than "must be a number, not a number"
      if (typeof raw === 'number' && Number.isNaN(raw)) return `must be ${want}, not NaN`; // from a library call (JSON has no NaN)
      if (typeof raw === 'number' && !Number.isFinite(raw)) return `must be a finite number; this one overflows a double (|x| > 1.8e308)`;
      if (issue.expected === 'int' && typeof raw === 'number') return Number.isFinite(raw) && Math.abs(raw) > Number.MAX_SAFE_INTEGER ? 'must be an integer of at most 2^53 − 1' : 'must be an integer';
      const hint = typeof raw === 'string' && (issue.expected === 'number' || issue.expected === 'int') && raw.trim() !== '' && !Number.isNaN(Number(raw))
        ? ' (write the number without quotes)'
        : '';
      return `must be ${want}, not ${kindOf(raw)}${hint}`;
    }
    case 'too_small':
      return bound(issue.origin, issue.inclusive ? '≥' : '>', Number(issue.minimum), issue.exact, 'least');
    case 'too_big':
      return bound(issue.origin, issue.inclusive ? '≤' : '<', Number(issue.maximum), issue.exact, 'most');
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${quote(issue.values[0])}` : `must be one of ${issue.values.map(quote).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern ? `must match ${issue.pattern}` : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return issue.message;
  }
}

function bound(origin: string, op: string, limit: number, exact: boolean | undefined, word: 'least' | 'most'): string {
  if (origin === 'array' || origin === 'set') {
    if (exact) return `must have exactly ${limit} item${limit === 1 ? '' : 's'}`;
    return `must have at ${word} ${limit} item${limit === 1 ? '' : 's'}`;
  }
  if (origin === 'string') {
    if (word === 'least' && limit === 1) return 'must not be empty';
    return `must have at ${word} ${limit} character${limit === 1 ? '' : 's'}`;
  }
  if (limit === Number.MAX_SAFE_INTEGER) return 'must be an integer of at most 2^53 − 1';
  return `must be ${origin === 'int' ? 'an integer' : 'a number'} ${op} ${limit}`;
}

/**
 * A union none of whose alternatives accepted the value. A wrong discriminator lists the allowed
 * values; otherwise report the alternative the value fits best (its type matched and it has the
 * fewest problems), or, when none fits, every form that is allowed.
 */
function unionProblems(issue: Extract<Issue, { code: 'invalid_union' }>, path: readonly PropertyKey[], input: unknown, out: InputProblem[]): void {
  const value = valueAt(input, path);
  const options = 'options' in issue ? issue.options : undefined;
  if (issue.discriminator !== undefined || (options && options.length > 0)) {
    const allowed = (options ?? []).map(quote).join(', ');
    const message = has(input, path) ? `must be one of ${allowed}` : `required field is missing (one of ${allowed})`;
    out.push({ path: formatPath(path), message, value });
    return;
  }
  const alternatives = issue.errors;
  if (alternatives.length === 0) {
    out.push({ path: formatPath(path), message: 'matches more than one allowed form', value });
    return;
  }
  const fits = alternatives.filter((alt) => !rootMismatch(alt));
  if (fits.length === 0) {
    const forms = [...new Set(alternatives.map(formOf))];
    out.push({ path: formatPath(path), message: has(input, path) ? `must be ${joinOr(forms)}` : `required field is missing (${joinOr(forms)})`, value });
    return;
  }
  const fewest = Math.min(...fits.map((alt) => alt.length));
  const best = fits.filter((alt) => alt.length === fewest);
  if (best.length === 1) {
    for (const sub of best[0]) collect(sub, path, input, out);
    return;
  }
  // several forms fit equally badly: report what they agree on, then the forms themselves
  const key = (i: Issue) => `${i.code}\u0000${formatPath(i.path)}\u0000${i.message}`;
  const common = best[0].filter((i) => best.every((alt) => alt.some((j) => key(j) === key(i))));
  for (const sub of common) collect(sub, path, input, out);
  const forms = [...new Set(best.map((alt) => objectForm(alt, path, input)))];
  out.push({ path: formatPath(path), message: `must match one of the forms ${forms.join(', ')}`, value });
}

/** The alternative rejected the value's type itself (not something inside it). */
function rootMismatch(alt: readonly Issue[]): boolean {
  return alt.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value' || (i.code === 'invalid_union' && i.errors.length > 0 && i.errors.every(rootMismatch))));
}

/** What an alternative that rejected the value's type wanted, e.g. `an integer` or `"auto"`. */
function formOf(alt: readonly Issue[]): string {
  const root = alt.find((i) => i.path.length === 0);
  if (!root) return 'another form';
  if (root.code === 'invalid_type') return expectedText(root.expected);
  if (root.code === 'invalid_value') return root.values.map(quote).join(' or ');
  if (root.code === 'invalid_union' && root.errors.length > 0) return joinOr([...new Set(root.errors.map(formOf))]);
  return 'another form';
}

/** An object alternative named by the required fields it lacks, e.g. `{csv}`. */
function objectForm(alt: readonly Issue[], path: readonly PropertyKey[], input: unknown): string {
  const missing = alt
    .filter((i) => i.code === 'invalid_type' && i.path.length === 1 && !has(input, [...path, i.path[0]]))
    .map((i) => String(i.path[0]));
  return missing.length > 0 ? `{${missing.join(', ')}: …}` : 'an object';
}

function expectedText(expected: string): string {
  switch (expected) {
    case 'int': return 'an integer';
    case 'number': return 'a number';
    case 'string': return 'a string';
    case 'boolean': return 'true or false';
    case 'object': case 'record': return 'an object';
    case 'array': case 'tuple': return 'an array';
    case 'null': return 'null';
    default: return expected;
  }
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return 'a number';
  return typeof v;
}

function quote(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : String(v);
}

function joinOr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const key of path) {
    if (typeof key === 'number') s += `[${key}]`;
    else s = s ? `${s}.${String(key)}` : String(key);
  }
  return s;
}

function rawAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key as string];
  }
  return v;
}

/** The field exists in the input (JSON has no undefined, so a missing key is the only way to be absent). */
function has(input: unknown, path: readonly PropertyKey[]): boolean {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, key)) return false;
    v = (v as Record<PropertyKey, unknown>)[key as string];
  }
  return v !== undefined;
}

/** The value at `path`, with objects and arrays summarised (messages stay one line). */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  const v = rawAt(input, path);
  if (v === undefined) return undefined;
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? `[array of ${v.length}]` : '{object}';
  return v;
}
