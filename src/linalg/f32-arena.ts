import { setFlagsFromString } from 'node:v8';
import { WASM_BASE64 } from './wasm/kernels-f32.bytes.js';
import { WASM_BASE64 as WASM_FMA_BASE64 } from './wasm/kernels-f32-fma.bytes.js';

/**
 * Memory for the float32 kernels. WebAssembly code can only touch its own linear memory, so a model
 * that wants the SIMD kernels allocates its parameters, data and scratch from an arena whose buffer
 * *is* a WebAssembly.Memory, with its own instance of the kernel module. The arena never grows
 * (growing would detach every view handed out), so its size is fixed up front from a list of sizes.
 * Kernels (gemm-f32.ts, spmm-f32.ts, vector-f32.ts) take ordinary Float32Array views and use the
 * wasm code only when every operand lives in the same wasm arena; anything else takes the plain-JS
 * path, which is also the whole story with backend 'js'.
 */
export type KernelBackend = 'wasm' | 'js';

/** The exports of kernels-f32.wat (pointers are byte offsets, strides in elements). */
export interface WasmF32Kernels {
  gemm(a: number, ars: number, acs: number, b: number, ldb: number, c: number, ldc: number, m: number, k: number, n: number, acc: number): void;
  spmm(rowPtr: number, colIdx: number, vals: number, map: number, hasMap: number, rows: number, b: number, ldb: number, c: number, ldc: number, n: number): void;
  heavyBall(w: number, v: number, g: number, n: number, m: number, eps: number): void;
  axpy(alpha: number, x: number, y: number, n: number): void;
  biasRelu(c: number, ld: number, bias: number, m: number, n: number): void;
  reluMask(d: number, h: number, ld: number, m: number, n: number): void;
  colSum(a: number, ld: number, m: number, n: number, out: number): void;
}

// lib es2023 has no WebAssembly types and @types/node 20 declares none: the little used here.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => { buffer: ArrayBufferLike };
};

const PAGE = 65536;
const ALIGN = 64; // bytes: a cache line, and 16-byte alignment for v128 loads

/** A compiled WebAssembly.Module (opaque here). */
export type WasmModule = object;
/** A WebAssembly.Memory (opaque here). */
export type WasmMemory = { buffer: ArrayBufferLike };

let compiled: WasmModule | null | undefined;
let fused = false;

/**
 * The compiled kernel module, or null where WebAssembly SIMD or shared memory is unavailable.
 * Where V8 has relaxed SIMD (Node 20: behind --experimental-wasm-relaxed-simd, which is set here
 * before compiling; later Node: on by default) the FMA variant of the module is used, whose
 * register tiles accumulate with f32x4.relaxed_madd (kernels-f32-fma.bytes.ts); SGD_SDE_WASM_FMA=off
 * keeps the plain one. relaxed_madd may or may not fuse depending on the CPU, so results differ
 * from the plain module in the last bits: the backend is then labelled 'wasm-fma' (wasmUsesFma).
 * On one machine either module is deterministic, in every thread (helpers share the compiled module).
 */
export function kernelModule(): WasmModule | null {
  if (compiled === undefined) {
    compiled = null;
    if (process.env.SGD_SDE_WASM_FMA !== 'off') {
      try {
        setFlagsFromString('--experimental-wasm-relaxed-simd');
        compiled = new WebAssembly.Module(Buffer.from(WASM_FMA_BASE64, 'base64'));
        fused = true;
      } catch {
        compiled = null;
      }
    }
    try {
      compiled ??= new WebAssembly.Module(Buffer.from(WASM_BASE64, 'base64'));
      new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }); // shared memory works here
    } catch {
      compiled = null;
      fused = false;
    }
  }
  return compiled;
}

/** Whether the wasm kernels are the FMA (relaxed SIMD) variant. */
export function wasmUsesFma(): boolean {
  kernelModule();
  return fused;
}

/** 'wasm' when it works here, unless the environment says SGD_SDE_KERNELS=js. */
export function defaultKernelBackend(): KernelBackend {
  if (process.env.SGD_SDE_KERNELS === 'js') return 'js';
  return kernelModule() ? 'wasm' : 'js';
}

const wasmByBuffer = new WeakMap<ArrayBufferLike, WasmF32Kernels>();

/** The wasm kernels that can operate on views of `buffer`, if it is a wasm arena's memory. */
export function wasmKernelsFor(buffer: ArrayBufferLike): WasmF32Kernels | undefined {
  return wasmByBuffer.get(buffer);
}

function alignUp(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

export class F32Arena {
  readonly backend: KernelBackend;
  readonly buffer: ArrayBufferLike;
  /** the WebAssembly.Memory behind `buffer` (shared, so helper threads can use it), on backend 'wasm' */
  readonly memory: WasmMemory | null;
  private top = 0;

  /**
   * Room for one allocation of each size in `sizes` (elements of 4 bytes: float32 or int32), in any
   * order. Backend 'wasm' falls back to 'js' where the module cannot be compiled.
   */
  constructor(sizes: number[], backend: KernelBackend = defaultKernelBackend()) {
    const bytes = sizes.reduce((s, n) => s + alignUp(4 * Math.max(0, n)), 0) + ALIGN;
    const module = backend === 'wasm' ? kernelModule() : null;
    if (module) {
      const pages = Math.max(1, Math.ceil(bytes / PAGE));
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      this.memory = memory;
      this.buffer = memory.buffer;
      wasmByBuffer.set(this.buffer, instance.exports as unknown as WasmF32Kernels);
      this.backend = 'wasm';
    } else {
      this.memory = null;
      this.buffer = new ArrayBuffer(bytes);
      this.backend = 'js';
    }
  }

  /** Bytes still free. */
  get free(): number {
    return this.buffer.byteLength - this.top;
  }

  /** A zeroed Float32Array of n elements, 64-byte aligned. */
  f32(n: number): Float32Array {
    return new Float32Array(this.buffer, this.take(n), n);
  }

  /** A zeroed Int32Array of n elements, 64-byte aligned. */
  i32(n: number): Int32Array {
    return new Int32Array(this.buffer, this.take(n), n);
  }

  private take(n: number): number {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`arena allocation of ${n} elements`);
    const at = this.top;
    const end = at + alignUp(4 * n);
    if (end > this.buffer.byteLength) throw new RangeError(`F32Arena: out of room (asked for ${4 * n} bytes, ${this.free} free); size it with every allocation`);
    this.top = end;
    return at;
  }
}
