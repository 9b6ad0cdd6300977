import { describe, it, expect } from 'vitest';
import { F32Arena, defaultKernelBackend } from '../../src/linalg/f32-arena.js';

describe('the wasm kernel module', () => {
  it('the committed bytes are the assembly of kernels-f32.wat', async () => {
    // @ts-expect-error: a plain .mjs build script without type declarations
    const { buildAll } = await import('../../src/linalg/wasm/assemble.mjs');
    expect(await buildAll(true)).toEqual([]);
  });

  it('compiles and instantiates here (Node 20 has 128-bit SIMD)', () => {
    expect(defaultKernelBackend()).toBe(process.env.SGD_SDE_KERNELS === 'js' ? 'js' : 'wasm');
    expect(new F32Arena([10], 'wasm').backend).toBe('wasm');
    expect(new F32Arena([10], 'js').backend).toBe('js');
  });

  it('the arena refuses to overflow instead of growing (growth would detach views)', () => {
    const ar = new F32Arena([16, 16]);
    ar.f32(16); ar.i32(16);
    expect(() => ar.f32(1 << 20)).toThrow(/out of room/);
  });
});
