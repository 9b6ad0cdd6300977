/**
 * Argument checks for the kernel wrappers (vector-f32.ts, gemm-f32.ts, spmm-f32.ts, the Cholesky
 * wrappers, kernel-threads.ts), run before any kernel on every backend. A WebAssembly kernel works
 * on byte offsets into its arena and an OpenBLAS one on raw pointers: a count or stride past the end
 * of a view would read or write the neighbouring arrays of the arena (or outside the buffer) instead
 * of failing, while the plain-JS loop silently ignored the excess, so the backends differed. Now every
 * backend throws the same RangeError, naming the kernel and the argument. The checks are O(1) per
 * call (spmm: O(entries of the rows it reads), against O(entries × columns) of work).
 */

/** Throw RangeError unless `value` is a non-negative safe integer. */
export function assertCount(kernel: string, name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${kernel}: ${name} must be a non-negative integer, got ${value}`);
}

/** Elements a rows×cols block with row stride ld spans: (rows − 1)·ld + cols, 0 when empty. */
export function blockSpan(rows: number, cols: number, ld: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
}

/** Throw RangeError unless the view holds at least `needed` elements. */
export function assertLength(kernel: string, name: string, view: { length: number }, needed: number): void {
  if (view.length < needed) throw new RangeError(`${kernel}: ${name} has ${view.length} elements, the arguments need ${needed}`);
}

/** A rows×cols block with row stride ld (≥ cols when rows > 1) must lie inside the view. */
export function assertBlock(kernel: string, name: string, view: { length: number }, rows: number, cols: number, ld: number): void {
  assertCount(kernel, `the row stride of ${name}`, ld);
  if (rows > 1 && ld < cols) throw new RangeError(`${kernel}: the row stride of ${name} (${ld}) is below its ${cols} columns`);
  assertLength(kernel, name, view, blockSpan(rows, cols, ld));
}
