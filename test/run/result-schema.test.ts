import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseResult, type Result } from '../../src/run/result-schema.js';
import { parseScenario } from '../../src/run/load-scenario.js';
import { runScenario } from '../../src/run/runner.js';
import { InputError } from '../../src/errors.js';
import { resultsJsonSchema } from '../../src/run/results-json-schema.js';
import { experimentKinds } from '../../src/run/registry.js';
import { predictionSchema, resultEnvelope } from '../../src/core/result-schema.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

/**
 * The typed results (run/result-schema.ts): every results.json the project ships (the gallery,
 * plots/<scenario>/results.json, written by the same code from the shipped scenarios) and a fresh
 * quick run parse with the schema of their kind; the twins plant a field of the wrong type and a
 * missing one, which must be rejected with their JSON paths.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const galleryDir = join(root, 'plots');
const galleryFiles = readdirSync(galleryDir)
  .map((d) => join(galleryDir, d, 'results.json'))
  .filter((f) => existsSync(f));

function resultsOf(file: string): unknown[] {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  return Array.isArray(json) ? json : [json];
}

describe('results.json schema', () => {
  it('parses every result of the gallery', () => {
    expect(galleryFiles.length).toBeGreaterThan(10);
    for (const file of galleryFiles) {
      for (const r of resultsOf(file)) expect(() => parseResult(r, file), file).not.toThrow();
    }
  });

  it('parses a fresh quick run (quickstart), and its blocks are typed', async () => {
    const scenario = JSON.parse(readFileSync(join(root, 'scenarios', 'quickstart.json'), 'utf8'));
    const loaded = parseScenario(scenario, { quick: true, baseDir: join(root, 'scenarios') });
    const result = await runScenario(loaded, { workers: 1 });
    const parsed: Result = parseResult(JSON.parse(JSON.stringify(result)));
    expect(parsed.experiment).toBe('stationary');
    if (parsed.experiment === 'stationary') expect(parsed.measured.sgd?.covariance.length).toBe(2); // typed access, no casts
  });

  it('twin: a number written as a string is rejected, naming its path', () => {
    const r = structuredClone(resultsOf(join(galleryDir, 'quickstart', 'results.json'))[0]) as { measured: { sgd: { covariance: unknown[][] } } };
    r.measured.sgd.covariance[0][1] = '0.5';
    try {
      parseResult(r, 'planted');
      expect.unreachable('the planted string was accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).problems.map((p) => p.path)).toEqual(['measured.sgd.covariance[0][1]']);
    }
  });

  it('twin: a missing theory field and an unknown kind are rejected', () => {
    const r = structuredClone(resultsOf(join(galleryDir, 'quickstart', 'results.json'))[0]) as { theory: Record<string, unknown> };
    delete r.theory.hessianEigenvalues;
    expect(() => parseResult(r)).toThrow(/theory\.hessianEigenvalues/);
    expect(() => parseResult({ ...r, experiment: 'nope' })).toThrow(/experiment/);
  });
});

/** Validate JSON documents against a JSON Schema with Python's jsonschema (an independent validator). */
function jsonSchemaErrors(schema: unknown, documents: unknown[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-results-schema-'));
  writeFileSync(join(dir, 'schema.json'), JSON.stringify(schema));
  writeFileSync(join(dir, 'docs.json'), JSON.stringify(documents));
  const script = [
    'import json, sys, jsonschema',
    `schema = json.load(open(sys.argv[1])); docs = json.load(open(sys.argv[2]))`,
    'v = jsonschema.Draft202012Validator(schema)',
    // a oneOf / if-then failure reports its causes in .context: report the innermost ones
    'leaves = lambda e: [x for c in e.context for x in leaves(c)] if e.context else [e]',
    'print(json.dumps([[i, x.json_path, x.message[:120]] for i, d in enumerate(docs) for e in v.iter_errors(d) for x in leaves(e)]))',
  ].join('\n');
  const out = execFileSync('python3', ['-c', script, join(dir, 'schema.json'), join(dir, 'docs.json')], { encoding: 'utf8' });
  return (JSON.parse(out) as [number, string, string][]).map(([i, path, message]) => `#${i} ${path}: ${message}`);
}

const hasJsonSchema = (() => {
  try {
    execFileSync('python3', ['-c', 'import jsonschema'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('results JSON Schema generated from the zod schemas', () => {
  const schema = resultsJsonSchema() as { $defs: { result: { properties: { experiment: { enum: string[] } }; allOf?: unknown[] } } };

  it('lists every registered kind and carries the typed blocks', () => {
    expect(schema.$defs.result.properties.experiment.enum).toEqual(experimentKinds);
    expect(JSON.stringify(schema.$defs.result.allOf)).toContain('"hessianEigenvalues"');
  });

  it.runIf(hasJsonSchema)('accepts every gallery result (python jsonschema, draft 2020-12)', () => {
    const docs = galleryFiles.flatMap(resultsOf);
    expect(jsonSchemaErrors(schema, docs)).toEqual([]);
  });

  it('has one source: the envelope and the predictions come from the zod schemas that parse results', () => {
    const defs = schema.$defs as unknown as { result: { required: string[]; properties: Record<string, unknown> }; prediction: { required: string[] } };
    expect(Object.keys(defs.result.properties).sort()).toEqual([...Object.keys(resultEnvelope), 'experiment', 'measured', 'theory'].sort());
    expect(defs.prediction.required).toEqual(Object.keys(predictionSchema.shape).filter((k) => !predictionSchema.shape[k as keyof typeof predictionSchema.shape].isOptional()));
  });

  it.runIf(hasJsonSchema)('accepts a results.json array (several scenarios) and rejects what parseResult rejects in the envelope', () => {
    const r = resultsOf(join(galleryDir, 'quickstart', 'results.json'))[0] as Record<string, unknown> & { predictions: Record<string, unknown>[] };
    const noPass = structuredClone(r);
    delete noPass.predictions[0].pass;
    const badSeed = { ...structuredClone(r), seed: '1' };
    const badExpect = structuredClone(r);
    badExpect.predictions[1].expect = 'maybe';
    for (const broken of [noPass, badSeed, badExpect]) expect(() => parseResult(broken)).toThrow(InputError);
    const errors = jsonSchemaErrors(schema, [[r, r], noPass, badSeed, badExpect]);
    expect(errors.filter((e) => e.startsWith('#0 '))).toEqual([]);
    expect(errors.find((e) => e.startsWith('#1 '))).toMatch(/predictions\[0\].*'pass' is a required property/);
    expect(errors.find((e) => e.startsWith('#2 '))).toMatch(/\$\.seed: '1' is not of type 'integer'/);
    expect(errors.find((e) => e.startsWith('#3 '))).toMatch(/\$\.predictions\[1\]\.expect: 'maybe' is not one of/);
  });

  it.runIf(hasJsonSchema)('twin: rejects a stationary result with a string where a number belongs', () => {
    const r = structuredClone(resultsOf(join(galleryDir, 'quickstart', 'results.json'))[0]) as { measured: { sgd: { covariance: unknown[][] } } };
    r.measured.sgd.covariance[0][1] = '0.5';
    const errors = jsonSchemaErrors(schema, [r]);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain('measured.sgd.covariance[0][1]');
  });
});

/**
 * Per kind with typed blocks: a fresh quick run parses, and a twin plants a string where the
 * schema wants a number, which must be rejected with its JSON path (the kind's schema is real,
 * not a free-form record).
 */
function expectRejectedAt(r: unknown, path: string): void {
  try {
    parseResult(r, 'planted');
    expect.unreachable(`the planted value at ${path} was accepted`);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems.map((p) => p.path)).toEqual([path]);
  }
}

async function quickRun(name: string): Promise<Result> {
  const scenario = JSON.parse(readFileSync(join(root, 'scenarios', `${name}.json`), 'utf8'));
  const loaded = parseScenario(scenario, { quick: true, baseDir: join(root, 'scenarios') });
  const result = await runScenario(loaded, { workers: 1 });
  return parseResult(JSON.parse(JSON.stringify(result)));
}

describe('batch-size result blocks', () => {
  it('a fresh quick run (toy-batch-size) parses, its blocks typed', async () => {
    const parsed = await quickRun('toy-batch-size');
    expect(parsed.experiment).toBe('batch-size');
    if (parsed.experiment === 'batch-size') {
      expect(parsed.measured.points[0].cells.length).toBeGreaterThan(1); // typed access, no casts
      expect(parsed.theory.points?.[0].bOpt.exact).toEqual(expect.any(Number));
    }
  });

  it('twin: a string in a cell mean and in the Gibbs B_opt are rejected, naming their paths', () => {
    const r = structuredClone(resultsOf(join(galleryDir, 'toy-batch-size', 'results.json'))[0]) as {
      measured: { points: { cells: { mean: unknown }[] }[] }; theory: { points: { bOpt: { exact: unknown } }[] };
    };
    r.measured.points[0].cells[1].mean = '0.5';
    expectRejectedAt(r, 'measured.points[0].cells[1].mean');
    const t = structuredClone(resultsOf(join(galleryDir, 'toy-batch-size', 'results.json'))[0]) as typeof r;
    t.theory.points[0].bOpt.exact = '12';
    expectRejectedAt(t, 'theory.points[0].bOpt.exact');
  });
});

describe('evidence result blocks', () => {
  it('a fresh quick run (evidence-synthetic) parses, its blocks typed', async () => {
    const parsed = await quickRun('evidence-synthetic');
    expect(parsed.experiment).toBe('evidence');
    if (parsed.experiment === 'evidence') {
      expect(parsed.measured.lambda.length).toBeGreaterThan(2);
      expect(parsed.measured.summary.true?.argminE.lambda).toEqual(expect.any(Number));
    }
  });

  it('twin: a string in an averaged E and in a replicate row are rejected, naming their paths', () => {
    const file = join(galleryDir, 'evidence-synthetic', 'results.json');
    const r = structuredClone(resultsOf(file)[0]) as { measured: { true: { E: unknown }[]; perSeed: { true: { newtonIterations: unknown }[][] } } };
    r.measured.true[2].E = '-3';
    expectRejectedAt(r, 'measured.true[2].E');
    const s = structuredClone(resultsOf(file)[0]) as typeof r;
    s.measured.perSeed.true[0][1].newtonIterations = 'seven';
    expectRejectedAt(s, 'measured.perSeed.true[0][1].newtonIterations');
  });
});

describe('escape result blocks', () => {
  it('a fresh quick run (escape-kramers) parses, its blocks typed', async () => {
    const parsed = await quickRun('escape-kramers');
    expect(parsed.experiment).toBe('escape');
    if (parsed.experiment === 'escape') {
      expect(parsed.measured.cells.length).toBeGreaterThan(1);
      expect(parsed.theory.landscape.barrier).toEqual(expect.any(Number));
    }
  });

  it('twin: a string in a cell logTau and an unknown dynamics are rejected, naming their paths', () => {
    const file = join(galleryDir, 'escape-kramers', 'results.json');
    const r = structuredClone(resultsOf(file)[0]) as { measured: { cells: { logTau: unknown; dynamics: unknown }[] } };
    r.measured.cells[3].logTau = '2.5';
    expectRejectedAt(r, 'measured.cells[3].logTau');
    const s = structuredClone(resultsOf(file)[0]) as typeof r;
    s.measured.cells[0].dynamics = 'adam';
    expectRejectedAt(s, 'measured.cells[0].dynamics');
  });
});

describe('gradient-noise result blocks', () => {
  it('a fresh quick run (gradient-noise-linreg) parses, its blocks typed', async () => {
    const parsed = await quickRun('gradient-noise-linreg');
    expect(parsed.experiment).toBe('gradient-noise');
    if (parsed.experiment === 'gradient-noise') {
      expect(parsed.measured.trajectory.length).toBeGreaterThan(1);
      expect(parsed.measured.trajectory[0].estimate.pairs).toBeGreaterThan(0);
    }
  });

  it('twin: a string in a two-batch estimate and in the frontier fit are rejected, naming their paths', () => {
    const file = join(galleryDir, 'gradient-noise-linreg', 'results.json');
    const r = structuredClone(resultsOf(file)[0]) as { measured: { trajectory: { estimate: { bSimple: unknown } }[]; frontier: { fit: { bCrit: unknown } } } };
    r.measured.trajectory[1].estimate.bSimple = '40';
    expectRejectedAt(r, 'measured.trajectory[1].estimate.bSimple');
    const s = structuredClone(resultsOf(file)[0]) as typeof r;
    s.measured.frontier.fit.bCrit = 'big';
    expectRejectedAt(s, 'measured.frontier.fit.bCrit');
  });
});

describe('collapse result blocks', () => {
  it('a fresh quick run (collapse-linreg) parses, its blocks typed', async () => {
    const parsed = await quickRun('collapse-linreg');
    expect(parsed.experiment).toBe('collapse');
    if (parsed.experiment === 'collapse') {
      expect(parsed.measured.cells.length).toBeGreaterThan(2);
      expect(parsed.measured.collapse.dof).toBeGreaterThan(0);
    }
  });

  it('twin: a string in a cell excess and in the collapse χ² are rejected, naming their paths', () => {
    const file = join(galleryDir, 'collapse-linreg', 'results.json');
    const r = structuredClone(resultsOf(file)[0]) as { measured: { cells: { excess: unknown }[]; collapse: { chiSquare: unknown } } };
    r.measured.cells[2].excess = '1.5';
    expectRejectedAt(r, 'measured.cells[2].excess');
    const s = structuredClone(resultsOf(file)[0]) as typeof r;
    s.measured.collapse.chiSquare = 'small';
    expectRejectedAt(s, 'measured.collapse.chiSquare');
  });
});

describe('transient result blocks', () => {
  it('a fresh quick run (transient-sme) parses, its blocks typed', async () => {
    const parsed = await quickRun('transient-sme');
    expect(parsed.experiment).toBe('transient');
    if (parsed.experiment === 'transient') {
      expect(parsed.measured.ladder.length).toBe(parsed.theory.closedForm.length);
      expect(parsed.theory.expectedOrders.sme2).toBe(2);
    }
  });

  it('twin: a string in a weak error and in an integrator level are rejected, naming their paths', () => {
    const file = join(galleryDir, 'transient-sme', 'results.json');
    const r = structuredClone(resultsOf(file)[0]) as { measured: { ladder: { sme1: { weakError: { mean: unknown } } }[]; integrators: { levels: { strong: unknown }[] }[] } };
    r.measured.ladder[1].sme1.weakError.mean = '0.01';
    expectRejectedAt(r, 'measured.ladder[1].sme1.weakError.mean');
    const s = structuredClone(resultsOf(file)[0]) as typeof r;
    s.measured.integrators[0].levels[2].strong = 'tiny';
    expectRejectedAt(s, 'measured.integrators[0].levels[2].strong');
  });
});
