import { Worker } from 'node:worker_threads';
import { kernelModule, wasmKernelsFor, type F32Arena, type WasmF32Kernels } from './f32-arena.js';
import { checkGemm, gemmWasm, gemmJs } from './gemm-f32.js';
import { checkSpmm, spmmF32, spmmJs, type CsrF32 } from './spmm-f32.js';

/**
 * Helper threads for the two big products of an MLP step, for a single run that should use more
 * than one core (a sweep should rather run one cell per core). The arena's memory is a shared
 * WebAssembly.Memory; each helper instantiates the kernel module on it and computes a block of
 * columns of C while the calling thread computes the first block, then the caller blocks
 * (Atomics.wait) until the helpers are done. Every column is computed by the same code in the
 * same order as with one thread, so results are bit-identical whatever the thread count.
 *
 * Protocol, per helper, in an Int32Array of the arena: [0] job number (caller increments and
 * notifies), [1] last job done (helper stores and notifies; minus the job number on error),
 * [2] operation, [3..13] the kernel's arguments.
 */
const OP_EXIT = 0, OP_GEMM = 1, OP_SPMM = 2;
const SLOT = 16;
/** products smaller than this many multiply-adds are not worth a hand-off (≈ 20 µs) */
const MIN_WORK = 1 << 20;
const TIMEOUT_MS = 120_000;

const HELPER = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctrl } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const I = new Int32Array(memory.buffer, ctrl, ${SLOT});
let seen = 0;
for (;;) {
  Atomics.wait(I, 0, seen);
  seen = Atomics.load(I, 0);
  const op = I[2];
  if (op === ${OP_EXIT}) break;
  try {
    if (op === ${OP_GEMM}) k.gemm(I[3], I[4], I[5], I[6], I[7], I[8], I[9], I[10], I[11], I[12], I[13]);
    else k.spmm(I[3], I[4], I[5], I[6], I[7], I[8], I[9], I[10], I[11], I[12], I[13]);
    Atomics.store(I, 1, seen);
  } catch (e) {
    Atomics.store(I, 1, -seen);
  }
  Atomics.notify(I, 1);
}`;

export class KernelThreads {
  readonly threads: number;
  private readonly slots: Int32Array[] = [];
  private readonly workers: Worker[] = [];
  private readonly buffer: ArrayBufferLike;
  private readonly wasm: WasmF32Kernels;
  private readonly args = new Int32Array(11);
  private readonly jobs: Int32Array;

  /** Slots for `threads − 1` helpers are taken from the arena: size it with KernelThreads.arenaSize(threads). */
  static arenaSize(threads: number): number {
    return SLOT * Math.max(0, threads - 1);
  }

  /** `threads` threads in all (the caller's included); needs a wasm arena. */
  constructor(arena: F32Arena, threads: number) {
    if (!Number.isInteger(threads) || threads < 2) throw new RangeError(`KernelThreads needs ≥ 2 threads, got ${threads}`);
    const module = kernelModule();
    if (!arena.memory || !module) throw new Error('KernelThreads needs a wasm arena');
    this.threads = threads;
    this.buffer = arena.buffer;
    this.wasm = wasmKernelsFor(arena.buffer)!;
    this.jobs = new Int32Array(threads - 1);
    for (let t = 1; t < threads; t++) {
      const slot = arena.i32(SLOT);
      const worker = new Worker(HELPER, { eval: true, workerData: { module, memory: arena.memory, ctrl: slot.byteOffset } });
      worker.unref(); // an unclosed pool must not keep the process alive
      this.slots.push(slot);
      this.workers.push(worker);
    }
  }

  /** gemmWasm (same arguments and result), columns split between the threads (the wasm backend's threads). */
  gemm(m: number, n: number, k: number, a: Float32Array, ars: number, acs: number, b: Float32Array, ldb: number, c: Float32Array, ldc: number, accumulate = false): void {
    checkGemm('KernelThreads.gemm', m, n, k, a, ars, acs, b, ldb, c, ldc);
    const n4 = n & ~3;
    const buf = this.buffer;
    if (m * n4 * k < MIN_WORK || this.slots.length === 0 || a.buffer !== buf || b.buffer !== buf || c.buffer !== buf) { gemmWasm(m, n, k, a, ars, acs, b, ldb, c, ldc, accumulate); return; }
    const t = this.args;
    t[0] = a.byteOffset; t[1] = ars; t[2] = acs; t[3] = b.byteOffset; t[4] = ldb; t[5] = c.byteOffset; t[6] = ldc;
    t[7] = m; t[8] = k; t[9] = n4; t[10] = accumulate ? 1 : 0;
    this.split(OP_GEMM, n4, 3, 5, 9);
    if (n4 < n) gemmJs(m, n4, n, k, a, ars, acs, b, ldb, c, ldc, accumulate);
  }

  /** spmmF32 (same arguments and result), columns split between the threads. */
  spmm(csr: CsrF32, map: Int32Array | null, rows: number, n: number, b: Float32Array, ldb: number, c: Float32Array, ldc: number): void {
    checkSpmm('KernelThreads.spmm', csr, map, rows, n, b, ldb, c, ldc);
    const n4 = n & ~3;
    const entries = csr.rowPtr[csr.rows] ?? 0;
    const buf = this.buffer;
    const inArena = this.slots.length > 0 && b.buffer === buf && c.buffer === buf && csr.rowPtr.buffer === buf
      && csr.colIdx.buffer === buf && csr.values.buffer === buf && (map === null || map.buffer === buf);
    if (entries * n4 < MIN_WORK || !inArena) { spmmF32(csr, map, rows, n, b, ldb, c, ldc); return; }
    const t = this.args;
    t[0] = csr.rowPtr.byteOffset; t[1] = csr.colIdx.byteOffset; t[2] = csr.values.byteOffset; t[3] = map ? map.byteOffset : 0; t[4] = map ? 1 : 0;
    t[5] = rows; t[6] = b.byteOffset; t[7] = ldb; t[8] = c.byteOffset; t[9] = ldc; t[10] = n4;
    this.split(OP_SPMM, n4, 6, 8, 10);
    if (n4 < n) spmmJs(csr, map, rows, n4, n, b, ldb, c, ldc);
  }

  /** Stop the helpers (also happens at process exit). */
  close(): void {
    for (const s of this.slots) {
      Atomics.store(s, 2, OP_EXIT);
      Atomics.add(s, 0, 1);
      Atomics.notify(s, 0);
    }
    this.slots.length = 0;
    this.workers.length = 0;
  }

  /**
   * Columns [0, n4) in `threads` blocks of multiples of 8 columns: block 0 here, the others on the
   * helpers. `args` holds the kernel's arguments for all columns; per block, the pointers to B
   * and C (at argument positions pb, pc) move to the block's first column and the column count
   * (position pn) becomes the block's width. No allocation.
   */
  private split(op: number, n4: number, pb: number, pc: number, pn: number): void {
    const t = this.threads, args = this.args, jobs = this.jobs;
    const b0 = args[pb], c0 = args[pc];
    for (let h = 1; h < t; h++) {
      const s = this.slots[h - 1];
      const j0 = blockStart(h, t, n4), j1 = blockStart(h + 1, t, n4);
      jobs[h - 1] = -1;
      if (j1 <= j0) continue;
      s.set(args, 3);
      s[3 + pb] = b0 + 4 * j0; s[3 + pc] = c0 + 4 * j0; s[3 + pn] = j1 - j0;
      Atomics.store(s, 2, op);
      jobs[h - 1] = Atomics.add(s, 0, 1) + 1;
      Atomics.notify(s, 0);
    }
    const j1 = blockStart(1, t, n4);
    if (j1 > 0) {
      args[pn] = j1;
      if (op === OP_GEMM) this.wasm.gemm(args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[8], args[9], args[10]);
      else this.wasm.spmm(args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[8], args[9], args[10]);
    }
    for (let h = 1; h < t; h++) {
      const s = this.slots[h - 1], job = jobs[h - 1];
      if (job < 0) continue;
      const start = Date.now();
      for (;;) {
        const done = Atomics.load(s, 1);
        if (done === job) break;
        if (done === -job) throw new Error(`kernel helper thread ${h} failed on job ${job}`);
        if (Date.now() - start > TIMEOUT_MS) throw new Error(`kernel helper thread ${h} did not answer within ${TIMEOUT_MS} ms`);
        Atomics.wait(s, 1, done, 1000);
      }
    }
  }
}

/** First column of block h of t over [0, n4): multiples of 8 (whole 4×8 tiles), the last block ends at n4. */
function blockStart(h: number, t: number, n4: number): number {
  return h >= t ? n4 : Math.min(n4, Math.round((h * n4) / t / 8) * 8);
}
