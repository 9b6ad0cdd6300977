import { WASM_BASE64 } from './wasm/kernels-f64.bytes.js';
import { assertCount, assertLength } from './kernel-bounds.js';

/**
 * The float64 Cholesky of kernels-f64.wat (f64x2 SIMD), for choleskyInPlace of cholesky-inplace.ts.
 * WebAssembly code can only touch its own linear memory, so the lower triangle is copied into a
 * private (unshared, growable) memory with an even row stride — every row then starts 16-byte
 * aligned — factored there and copied back: 2n² element copies against n³/3 multiply-adds.
 * Same contract as the plain-JS kernel: only the lower triangle is read and written.
 */

/** The exports of kernels-f64.wat (pointers are byte offsets, the stride in elements). */
interface WasmF64Kernels {
  /** -1 on success, else the index of the first pivot that is not positive and finite (its value left on the diagonal) */
  cholesky(p: number, n: number, ld: number): number;
}

// lib es2023 has no WebAssembly types and @types/node 20 declares none: the little used here.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer; grow(pages: number): number };
};

const PAGE = 65536;

interface Instance {
  kernels: WasmF64Kernels;
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
}

let instance: Instance | null | undefined;

function load(): Instance | null {
  if (instance === undefined) {
    try {
      const module = new WebAssembly.Module(Buffer.from(WASM_BASE64, 'base64'));
      const memory = new WebAssembly.Memory({ initial: 1 });
      const inst = new WebAssembly.Instance(module, { env: { memory } });
      instance = { kernels: inst.exports as unknown as WasmF64Kernels, memory };
    } catch {
      instance = null;
    }
  }
  return instance;
}

/** Whether the wasm Cholesky can run here (false with SGD_SDE_KERNELS=js, or without wasm SIMD). */
export function wasmCholeskyAvailable(): boolean {
  if (process.env.SGD_SDE_KERNELS === 'js') return false;
  return load() !== null;
}

/** Outcome of choleskyWasm: -1, or the failing pivot's index and value (l is then unspecified). */
export interface WasmCholeskyResult {
  pivot: number;
  value: number;
}

/**
 * Factor the lower triangle of the n×n row-major `l` in place with the wasm kernel. Returns
 * { pivot: -1 } on success, else the index and value of the first pivot that is not positive and
 * finite. Throws Error when the wasm module is unavailable (check wasmCholeskyAvailable first).
 */
export function choleskyWasm(l: Float64Array, n: number): WasmCholeskyResult {
  assertCount('choleskyWasm', 'n', n);
  assertLength('choleskyWasm', 'l', l, n * n);
  const inst = load();
  if (!inst) throw new Error('choleskyWasm: the WebAssembly module is unavailable here');
  const ld = n + (n & 1);
  const bytes = 8 * ld * Math.max(n, 1);
  const have = inst.memory.buffer.byteLength;
  if (bytes > have) inst.memory.grow(Math.ceil((bytes - have) / PAGE));
  const f = new Float64Array(inst.memory.buffer, 0, ld * n); // after any growth: the old buffer is detached
  for (let i = 0; i < n; i++) f.set(l.subarray(i * n, i * n + i + 1), i * ld);
  const pivot = inst.kernels.cholesky(0, n, ld);
  if (pivot >= 0) return { pivot, value: f[pivot * ld + pivot] };
  for (let i = 0; i < n; i++) l.set(f.subarray(i * ld, i * ld + i + 1), i * n);
  return { pivot: -1, value: 0 };
}
