import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { F32Arena, wasmUsesFma } from '../../src/linalg/f32-arena.js';
import { gemmF32 } from '../../src/linalg/gemm-f32.js';
import { backendLabel, setBlasBackend } from '../../src/linalg/backend.js';

/**
 * The relaxed-SIMD (FMA) variant of the f32 kernels: generated from the same .wat by rewriting every
 * register-tile accumulation into f32x4.relaxed_madd, used where V8 allows it, and labelled
 * 'wasm-fma'. A product whose exact value needs the fused rounding tells the two modules apart:
 * c = 1·(−1) + a·a with a = 1 + 2⁻¹², a² = 1 + 2⁻¹¹ + 2⁻²⁴ (a tie in float32, rounded to 1 + 2⁻¹¹):
 * fused, c = 2⁻¹¹ + 2⁻²⁴; separately rounded, c = 2⁻¹¹.
 */
beforeAll(() => { setBlasBackend('wasm'); });
afterAll(() => { setBlasBackend('auto'); });

describe('wasm FMA kernels', () => {
  it('rewrites the 24 accumulations of the register tiles and nothing else', async () => {
    // @ts-expect-error: a plain .mjs build script without type declarations
    const { fmaVariant } = await import('../../src/linalg/wasm/assemble.mjs');
    const wat = readFileSync(join(__dirname, '..', '..', 'src', 'linalg', 'wasm', 'kernels-f32.wat'), 'utf8');
    const fma: string = fmaVariant(wat);
    expect(fma.match(/f32x4\.relaxed_madd/g)?.length).toBe(24);
    expect(fma).not.toMatch(/\(f32x4\.add\s+\(local\.get \$c\w*\)\s+\(f32x4\.mul/);
    // heavy ball and axpy keep their separate roundings
    expect(fma.match(/f32x4\.mul/g)!.length).toBe(wat.match(/f32x4\.mul/g)!.length - 24);
  });

  it('is used where V8 has relaxed SIMD, labelled wasm-fma, and fuses on a CPU with FMA (the plain module does not)', () => {
    const off = process.env.SGD_SDE_WASM_FMA === 'off';
    expect(wasmUsesFma()).toBe(!off); // Node ≥ 20 has relaxed SIMD (behind a flag in 20)
    expect(backendLabel()).toBe(off ? 'wasm' : 'wasm-fma');
    const m = 4, n = 8, k = 2;
    const ar = new F32Arena([m * k, k * n, m * n], 'wasm');
    const a = ar.f32(m * k), b = ar.f32(k * n), c = ar.f32(m * n);
    const x = Math.fround(1 + 2 ** -12);
    for (let i = 0; i < m; i++) { a[i * k] = 1; a[i * k + 1] = x; }
    for (let j = 0; j < n; j++) { b[j] = -1; b[n + j] = x; }
    gemmF32(m, n, k, a, k, 1, b, n, c, n);
    const fused = 2 ** -11 + 2 ** -24, separate = 2 ** -11;
    const cpuHasFma = existsSync('/proc/cpuinfo') && /\bfma\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
    if (off) for (const v of c) expect(v).toBe(separate);
    else if (cpuHasFma) for (const v of c) expect(v).toBe(fused);
    else for (const v of c) expect([fused, separate]).toContain(v); // relaxed_madd may or may not fuse
  });
});
