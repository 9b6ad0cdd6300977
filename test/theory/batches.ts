/** Every batch a sampler can draw, for exact enumeration in tests. */

/** All B-subsets of {0..N−1} (the without-replacement sampler draws one uniformly). */
export function subsets(n: number, b: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (start: number): void => {
    if (cur.length === b) { out.push(cur.slice()); return; }
    for (let i = start; i < n; i++) { cur.push(i); rec(i + 1); cur.pop(); }
  };
  rec(0);
  return out;
}

/** All ordered B-tuples (the with-replacement sampler draws B i.i.d. indices). */
export function tuples(n: number, b: number): number[][] {
  let out: number[][] = [[]];
  for (let t = 0; t < b; t++) out = out.flatMap((tu) => Array.from({ length: n }, (_, i) => [...tu, i]));
  return out;
}
