/**
 * A prediction id declared once: the analysis fills in the template's slots to name a prediction,
 * and the experiment's `predictionIds()` lists the template's pattern, against which `validate`
 * checks a scenario's `expect` keys. Both come from the same parts, so they cannot drift apart.
 *
 * A part is literal text, a list of allowed words (a slot), or `freeText` (a slot for a label such
 * as a sweep point's `ε=0.1`).
 */
export const freeText = Symbol('free text');
export type IdPart = string | readonly string[] | typeof freeText;

type SlotValues<Parts extends readonly IdPart[]> = Parts extends readonly [infer Head, ...infer Tail extends readonly IdPart[]]
  ? Head extends string
    ? SlotValues<Tail>
    : [Head extends readonly (infer Word)[] ? Word : string, ...SlotValues<Tail>]
  : [];

export interface PredictionIdTemplate<Parts extends readonly IdPart[] = readonly IdPart[]> {
  /** the id with the slots filled in, in order; a value outside a slot's list throws */
  id(...values: SlotValues<Parts>): string;
  /** every id the template can make, and no other */
  readonly pattern: RegExp;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function idTemplate<const Parts extends readonly IdPart[]>(...parts: Parts): PredictionIdTemplate<Parts> {
  const source = parts
    .map((p) => (typeof p === 'string' ? escapeRegExp(p) : p === freeText ? '.+' : `(?:${(p as readonly string[]).map(escapeRegExp).join('|')})`))
    .join('');
  const pattern = new RegExp(`^${source}$`);
  return {
    pattern,
    id(...values) {
      let k = 0;
      const id = parts.map((p) => (typeof p === 'string' ? p : String(values[k++]))).join('');
      if (!pattern.test(id)) throw new Error(`prediction id '${id}' does not match its declared pattern ${pattern}`);
      return id;
    },
  };
}

/** The patterns of a kind's templates, for its `predictionIds()`. */
export function idPatterns(templates: Readonly<Record<string, PredictionIdTemplate<any>>>): RegExp[] {
  return Object.values(templates).map((t) => t.pattern);
}
