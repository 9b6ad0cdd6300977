import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointFile, checkpointKey, encode } from '../../src/io/checkpoint.js';
import { prepareOutputDir } from '../../src/io/output-dir.js';
import { InterruptedError } from '../../src/io/interrupt.js';
import { runCells } from '../../src/workers/pool.js';
import { InputError } from '../../src/errors.js';

/**
 * The checkpoint of a sweep: cell results round-trip exactly (NaN, ±Infinity, −0 and typed arrays
 * included), it is bound to one scenario and seed, and the output directory's rules hold.
 */
const id = (seed: number) => ({ experiment: 'batch-size', name: 't', scenario: { experiment: 'batch-size', seed, model: { n: 5 } }, quick: false });
const tmp = () => mkdtempSync(join(tmpdir(), 'sgd-sde-ckpt-'));

/** Deep equality that tells NaN, −0 and typed-array types apart. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    return a?.constructor === b?.constructor && same(Array.from(a as ArrayLike<number>), Array.from(b as ArrayLike<number>));
  }
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return same(ka, kb) && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

const number = fc.oneof(fc.double(), fc.constantFrom(-0, Number.NaN, Infinity, -Infinity));
const cellResult = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, number, fc.string(), fc.boolean(), fc.constant(null), tie('array'), tie('object'),
    fc.array(number, { maxLength: 4 }).map((v) => Float64Array.from(v)), fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 4 }).map((v) => Int32Array.from(v))),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom('testLoss', 'trainLoss', 'diverged', 'curve', 'seeds'), tie('value'), { maxKeys: 4 }),
})).value;

describe('sweep checkpoint', () => {
  it('cell results survive save → restore → load exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 50 }), cellResult), { maxLength: 6 }), (cells) => {
        const dir = tmp();
        const a = new CheckpointFile(dir, id(1));
        const expected = new Map<number, unknown>();
        for (const [i, v] of cells) {
          const r = { value: v }; // a cell result is a non-empty object (anything else is refused on restore)
          a.save(i, r);
          expected.set(i, r);
        }
        const b = new CheckpointFile(dir, id(1));
        if (cells.length > 0) expect(b.restore()).toBe(expected.size);
        const loaded = b.load();
        expect(loaded.size).toBe(expected.size);
        for (const [i, r] of expected) expect(same(loaded.get(i), r), encode(r)).toBe(true);
        expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]); // no temp file left behind
      }),
      { seed: 17, numRuns: 150 },
    );
  });

  it('is bound to its scenario and seed, and a damaged file is refused rather than trusted', () => {
    const dir = tmp();
    new CheckpointFile(dir, id(1)).save(0, { testLoss: 1 });
    expect(() => new CheckpointFile(dir, id(2)).restore()).toThrow(/different scenario, seed, data file or sgd-sde version/);
    expect(() => new CheckpointFile(dir, { ...id(1), quick: true }).restore()).toThrow(InputError);
    expect(checkpointKey(id(1))).toBe(checkpointKey({ ...id(1), scenario: { model: { n: 5 }, seed: 1, experiment: 'batch-size' } })); // key order does not matter
    writeFileSync(join(dir, 'checkpoint.jsonl'), '{"format":2,"key":"');
    expect(() => new CheckpointFile(dir, id(1)).restore()).toThrow(/damaged/);
  });

  it('the output directory rules: results and checkpoints are never silently overwritten', () => {
    const options = { force: false, resume: false };
    const fresh = tmp();
    expect('output' in prepareOutputDir(join(fresh, 'new'), id(1), options)).toBe(true);
    const withResults = tmp();
    writeFileSync(join(withResults, 'results.json'), '{}');
    expect(prepareOutputDir(withResults, id(1), options)).toMatchObject({ problem: { path: '--out', message: expect.stringMatching(/already holds results\.json.*--force/) } });
    expect(prepareOutputDir(withResults, id(1), { force: true, resume: false })).toMatchObject({ output: { discard: false } });
    expect(prepareOutputDir(withResults, id(1), { force: false, resume: true })).toMatchObject({ problem: { path: '--resume' } }); // not a results file of this scenario
    const interrupted = tmp();
    new CheckpointFile(interrupted, id(1)).save(3, { testLoss: 0.5 });
    expect(prepareOutputDir(interrupted, id(1), options)).toMatchObject({ problem: { message: expect.stringMatching(/--resume.*--force/) } });
    expect(prepareOutputDir(interrupted, id(1), { force: true, resume: false })).toMatchObject({ output: { discard: true } });
    expect(existsSync(join(interrupted, 'checkpoint.jsonl'))).toBe(true); // discarded only when the run starts
    expect(prepareOutputDir(interrupted, id(1), { force: false, resume: true })).toMatchObject({ output: { restored: 1 } });
    expect(() => prepareOutputDir(interrupted, id(2), { force: false, resume: true })).toThrow(InputError);
    expect(readFileSync(join(interrupted, 'checkpoint.jsonl'), 'utf8')).toMatch(/^\{"format":2,.*\n\[3,\{"testLoss":0\.5\}\]\n$/);
  });

  it('an in-process sweep stops between cells when interrupted, having saved the finished ones', async () => {
    const controller = new AbortController();
    const saved: number[] = [];
    const cells = Array.from({ length: 6 }, (_, i) => ({ task: 'square', payload: i }));
    const run = runCells<number>(cells, {
      workers: 1,
      registry: { square: (p: number) => p * p },
      registryModule: 'unused.js',
      completed: new Map([[0, 0]]),
      signal: controller.signal,
      onCellDone: (index) => {
        saved.push(index);
        if (saved.length === 2) setImmediate(() => controller.abort(new InterruptedError('SIGINT')));
      },
    });
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    expect(saved).toEqual([1, 2]); // cell 0 came from the checkpoint; the abort took effect before cell 3
  });
});
