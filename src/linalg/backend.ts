import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../version.js';
import { installSkipReason } from './native-build-log.js';
import { defaultKernelBackend, wasmUsesFma } from './f32-arena.js';

/**
 * The kernel backend of the dense products: 'wasm' (WebAssembly SIMD kernels, always available, the
 * default where nothing else is) or 'native' (OpenBLAS through the Node-API addon native/, built at
 * install when OpenBLAS and a compiler are present). The choice is made once per process:
 *
 *   SGD_SDE_BACKEND = 'wasm' | 'native' | 'auto' (default 'auto': native when the addon loads)
 *
 * and `sgd-sde … --backend` sets that variable, so worker threads (which copy process.env when
 * they start) make the same choice. Determinism is per backend: the same seed on the same
 * backend gives the same bytes for any worker count; the two backends agree to float32 round-off
 * only, and results.json records which one ran (tool.backend).
 *
 * Threads: OpenBLAS's own thread count is one setting for the whole process, and its results
 * depend on it (0.3.21 on Zen: 1 and 2 threads give different bytes, as its edge kernels round
 * differently when the partition moves). So OpenBLAS always runs single-threaded (set when the
 * addon loads), and the float32 products go through the addon's sgemmBlocks: row or column blocks
 * fixed by the shape, each one single-threaded sgemm, shared out to `setBlasThreads(n)` threads.
 * A sweep's worker threads (one cell per core) keep n = 1 and never oversubscribe; a single run
 * raises n for its duration. The bytes depend on the shape only, never on n
 * (test/linalg/native-blas.test.ts).
 */
export type BlasBackend = 'wasm' | 'native';
/**
 * What results record (tool.backend): 'native', or for the wasm backend the kernels that ran:
 * 'wasm-fma' (relaxed-SIMD FMA tiles, f32-arena.ts), 'wasm', or 'js' (SGD_SDE_KERNELS=js).
 * Bytes are reproducible per label.
 */
import type { BackendLabel } from '../core/result.js';
export type { BackendLabel };
export const BLAS_BACKENDS: readonly BlasBackend[] = ['wasm', 'native'];

/** The addon's entry points (native/sgd_sde_blas.c); offsets and leading dimensions in elements, row-major. */
export interface NativeBlas {
  sgemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: Float32Array, aOff: number, lda: number, b: Float32Array, bOff: number, ldb: number,
    beta: number, c: Float32Array, cOff: number, ldc: number): void;
  /** sgemm in blocks fixed by the shape, on `threads` threads: the same bytes for any thread count */
  sgemmBlocks(transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: Float32Array, aOff: number, lda: number, b: Float32Array, bOff: number, ldb: number,
    beta: number, c: Float32Array, cOff: number, ldc: number, threads: number): void;
  dgemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: Float64Array, aOff: number, lda: number, b: Float64Array, bOff: number, ldb: number,
    beta: number, c: Float64Array, cOff: number, ldc: number): void;
  /** lower triangle of C = alpha·op(A)op(A)ᵀ + beta·C, op(A) n×k */
  dsyrk(trans: number, n: number, k: number, alpha: number, a: Float64Array, aOff: number, lda: number,
    beta: number, c: Float64Array, cOff: number, ldc: number): void;
  /** in-place Cholesky of the lower triangle (row-major); 0, or the order of the first bad pivot */
  dpotrf(n: number, a: Float64Array, aOff: number, lda: number): number;
  setThreads(n: number): void;
  getThreads(): number;
  config(): string;
}

/** Where the install script (scripts/build-native.mjs) leaves the addon. */
export const NATIVE_ADDON_PATH = join(packageRoot, 'native', 'build', 'Release', 'sgd_sde_blas.node');

let addon: NativeBlas | null | undefined;
let addonError = '';

/** The addon, or null when it was not built or does not load here (see nativeUnavailableReason). */
export function loadNativeBlas(): NativeBlas | null {
  if (addon === undefined) {
    addon = null;
    if (process.env.SGD_SDE_NATIVE === 'off') addonError = 'disabled by the environment variable SGD_SDE_NATIVE=off';
    else if (!existsSync(NATIVE_ADDON_PATH)) addonError = `the addon was not built at install (${installSkipReason() ?? 'no OpenBLAS headers or no compiler'})`;
    else {
      try {
        const loaded = createRequire(import.meta.url)(NATIVE_ADDON_PATH) as NativeBlas;
        loaded.setThreads(1);
        addon = loaded;
      } catch (e) {
        addonError = `the addon does not load: ${(e as Error).message.split('\n')[0]}`;
      }
    }
  }
  return addon;
}

/** Why the native backend is unavailable ('' when it is available). */
export function nativeUnavailableReason(): string {
  loadNativeBlas();
  return addonError;
}

/**
 * The command that reruns the install step (scripts/build-native.mjs): `npm rebuild sgd-sde` where
 * sgd-sde is installed as a dependency (under node_modules/); in a checkout `npm rebuild` does not
 * run the package's own install script, `npm run install` does.
 */
export function rebuildCommand(root: string = packageRoot): string {
  return root.split(/[\\/]/).includes('node_modules') ? 'npm rebuild sgd-sde' : 'npm run install';
}

/** How to get the native backend, for messages: what to do about the cause that disabled it. */
export function nativeHint(): string {
  if (process.env.SGD_SDE_NATIVE === 'off') {
    return existsSync(NATIVE_ADDON_PATH)
      ? 'unset SGD_SDE_NATIVE (the addon is built)'
      : `unset SGD_SDE_NATIVE, then \`${rebuildCommand()}\` (it needs OpenBLAS: apt-get install libopenblas-dev)`;
  }
  if (installSkipReason()?.includes('SGD_SDE_NATIVE')) return `\`${rebuildCommand()}\` without SGD_SDE_NATIVE=off (it needs OpenBLAS: apt-get install libopenblas-dev)`;
  return `apt-get install libopenblas-dev, then \`${rebuildCommand()}\``;
}

let chosen: BlasBackend | undefined;
let active: NativeBlas | null = null;

/** Parse a backend request ('wasm' | 'native' | 'auto'); throws a RangeError naming the allowed values. */
export function parseBackendRequest(value: string, where = 'backend'): BlasBackend | 'auto' {
  if (value === 'wasm' || value === 'native' || value === 'auto') return value;
  throw new RangeError(`${where}: must be one of wasm, native, auto (got ${JSON.stringify(value)})`);
}

/**
 * Choose the backend: 'native' fails with the reason when the addon is unavailable, 'auto' takes
 * native when it loads. Returns the backend now in use.
 */
export function setBlasBackend(request: BlasBackend | 'auto'): BlasBackend {
  const blas = request === 'wasm' ? null : loadNativeBlas();
  if (!blas && request === 'native') throw new Error(`native BLAS backend unavailable (${addonError}); ${nativeHint()}`);
  chosen = blas ? 'native' : 'wasm';
  active = blas;
  process.env.SGD_SDE_BACKEND = chosen; // worker threads started from now on copy it and choose the same
  return chosen;
}

/** The backend in use (chosen from SGD_SDE_BACKEND on first call; setBlasBackend writes it back, for workers). */
export function blasBackend(): BlasBackend {
  if (chosen === undefined) setBlasBackend(parseBackendRequest(process.env.SGD_SDE_BACKEND ?? 'auto', 'SGD_SDE_BACKEND'));
  return chosen!;
}

/** The addon when the native backend is in use, else null: the hot-path test of the kernels. */
export function activeNativeBlas(): NativeBlas | null {
  if (chosen === undefined) blasBackend();
  return active;
}

let kernelThreads = 1;

/**
 * Threads for the native backend's float32 products (sgemmBlocks); nothing on wasm, whose model
 * code starts its own helpers. For a single run that owns the machine; set it back to 1 when done.
 * Never raise it inside a sweep's worker thread. Results do not depend on it.
 */
export function setBlasThreads(threads: number): void {
  kernelThreads = Math.max(1, Math.min(64, Math.floor(threads)));
}

/** The thread count set by setBlasThreads (1 unless a single run raised it). */
export function blasThreads(): number {
  return kernelThreads;
}

/** The label of the kernels in use (see BackendLabel). */
export function backendLabel(): BackendLabel {
  if (blasBackend() === 'native') return 'native';
  if (defaultKernelBackend() === 'js') return 'js';
  return wasmUsesFma() ? 'wasm-fma' : 'wasm';
}

/** One line for stderr: which backend runs, and how to get the faster one when it is wasm. */
export function backendLine(): string {
  const label = backendLabel();
  if (label === 'native') return `kernels: native (OpenBLAS: ${loadNativeBlas()!.config()})`;
  const why = nativeUnavailableReason();
  return why
    ? `kernels: ${label} (native BLAS backend unavailable: ${why}; for the faster one: ${nativeHint()})`
    : `kernels: ${label} (chosen; the native OpenBLAS backend is available with --backend native)`;
}
