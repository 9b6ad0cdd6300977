import fc from 'fast-check';
import { rngFor } from '../rng/streams.js';
import { InputError } from '../errors.js';
import { defaultFormulas, type StressFormulas } from './formulas.js';
import type { CaseOutcome, StressContext, StressProperty } from './property.js';
import { isPropertyName, propertyNames, stressProperties, type PropertyName } from './registry.js';
import { loadStressConfig, type StressConfig } from './config.js';
import { computeValidityMap, type ValidityMap } from './validity-map.js';
import { runFalseFailureRate } from './tolerance.js';
import { ScenarioRunError } from './simulate.js';
import type { MapId } from './validity-approximations.js';

/**
 * `runStress`: check every selected property on random cases (fast-check, seeded), shrink the
 * first failure to a minimal counterexample, and compute the validity maps that go with the
 * properties. Pure in (config, options) except for the time budget, which can cut a property
 * short (the report says so); timings are kept in `seconds` fields only.
 */
export interface StressOptions {
  /** default: scenarios/stress-default.json */
  config?: StressConfig;
  /** default: the properties listed in the config */
  properties?: PropertyName[];
  /** cases per property, overriding the config */
  runs?: number;
  seed?: number;
  /** seconds per property for the search, and again for shrinking */
  timeBudget?: number;
  /** compute the validity maps of the selected properties (default true) */
  maps?: boolean;
  /**
   * Replace formulas under test. For tests only (to plant a wrong formula and watch stress catch
   * it); the CLI never sets it.
   */
  overrides?: Partial<StressFormulas>;
  /** progress lines with timings (the CLI sends them to stderr) */
  onProgress?: (message: string) => void;
}

export interface Counterexample {
  /** the shrunk case, as fast-check generated it */
  case: unknown;
  shrinks: number;
  lines: string[];
  /** runnable stationary scenarios (`sgd-sde run`), empty where the property has none */
  scenarios: Record<string, unknown>[];
  /** simulation properties: chance of a deviation this large in this case if the prediction is right */
  pValue?: number;
}

export interface PropertyReport {
  name: PropertyName;
  title: string;
  prediction: string;
  region: string;
  method: 'exact' | 'simulation';
  runs: number;
  /** cases checked before stopping (all of `runs`, or up to the first failure or the time budget) */
  cases: number;
  /** cases generated outside the region and skipped (fc.pre) */
  skipped: number;
  failures: number;
  /** the time budget ran out before `runs` cases */
  interrupted: boolean;
  falseFailureRate: { perCase: number; run: number };
  /** ranges of the case coordinates over the cases that held */
  heldOn: Record<string, [number, number]>;
  counterexample?: Counterexample;
  /** something the reader should know that is not a failure of the prediction */
  note?: string;
  seconds: number;
}

export interface StressReport {
  seed: number;
  tolerance: number;
  relativeTolerance: number;
  timeBudget: number;
  /** formulas replaced through `overrides` (never by the CLI) */
  planted: string[];
  properties: PropertyReport[];
  maps: ValidityMap[];
  failed: boolean;
}

export async function runStress(options: StressOptions = {}): Promise<StressReport> {
  const config = options.config ?? loadStressConfig();
  const names = options.properties ?? propertyNames.filter((n) => config.properties[n] !== undefined);
  const unknown = names.filter((n) => !isPropertyName(n));
  if (unknown.length) throw new InputError([{ path: '--property', message: `unknown property; available: ${propertyNames.join(', ')}`, value: unknown.join(',') }], 'stress');
  const seed = options.seed ?? config.seed;
  const timeBudget = options.timeBudget ?? config.timeBudget;
  const ctx: StressContext = {
    formulas: { ...defaultFormulas, ...options.overrides },
    tolerance: config.tolerance,
    relativeTolerance: config.relativeTolerance,
  };
  const progress = options.onProgress ?? (() => {});
  const reports: PropertyReport[] = [];
  const maps: ValidityMap[] = [];
  const mapped = new Set<MapId>();
  for (const name of propertyNames.filter((n) => names.includes(n))) {
    const runs = options.runs ?? config.properties[name]?.runs ?? 20;
    const report = await checkProperty(name, stressProperties[name], runs, seed, timeBudget, ctx);
    progress(`${name}: ${report.cases} cases, ${report.failures} failures${report.interrupted ? ' (time budget reached)' : ''} (${report.seconds.toFixed(1)} s)`);
    reports.push(report);
    if (options.maps === false) continue;
    for (const id of stressProperties[name].maps ?? []) {
      if (mapped.has(id)) continue;
      mapped.add(id);
      const t0 = performance.now();
      maps.push(computeValidityMap(id, config.validityMap, config.relativeTolerance, ctx.formulas, seed));
      progress(`validity map ${id} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
  }
  return {
    seed,
    tolerance: config.tolerance,
    relativeTolerance: config.relativeTolerance,
    timeBudget,
    planted: Object.keys(options.overrides ?? {}),
    properties: reports,
    maps,
    failed: reports.some((r) => r.failures > 0),
  };
}

async function checkProperty(name: PropertyName, prop: StressProperty, runs: number, seed: number, timeBudget: number, ctx: StressContext): Promise<PropertyReport> {
  const t0 = performance.now();
  const fcSeed = rngFor(seed, `stress-${name}`).nextU32() | 0;
  const held: Record<string, [number, number]> = {};
  const failures = new Map<string, CaseOutcome>();
  let searching = true;
  const predicate = async (c: unknown): Promise<boolean> => {
    let out: CaseOutcome;
    try {
      out = await prop.check(c, ctx);
    } catch (err) {
      if (fc.PreconditionFailure.isFailure(err)) throw err;
      // a prediction that cannot even be computed inside its claimed region has failed there
      const scenarios = err instanceof ScenarioRunError ? [err.scenario] : [];
      out = { pass: false, lines: [`error: ${(err as Error)?.message ?? String(err)}`], axes: {}, scenarios };
    }
    if (out.pass && searching) widen(held, out.axes);
    if (!out.pass) failures.set(JSON.stringify(c), out);
    return out.pass;
  };
  const property = fc.asyncProperty(prop.arbitrary(), predicate);
  const budget = () => [fc.interruptAfterTimeLimit(timeBudget * 1000)];
  const search = await fc.check(property, { seed: fcSeed, numRuns: runs, endOnFailure: true, plugins: budget() });
  let counterexample: Counterexample | undefined;
  if (search.failed && search.counterexample) {
    searching = false;
    // replay the failure from its path and let fast-check shrink it, on a budget of its own
    const shrunk = await fc.check(property, { seed: fcSeed, path: search.counterexamplePath ?? undefined, numRuns: runs, plugins: budget() });
    const final = shrunk.failed && shrunk.counterexample ? shrunk : search;
    const c = (final.counterexample as unknown[])[0];
    const outcome: Partial<CaseOutcome> = failures.get(JSON.stringify(c)) ?? { lines: ['(outcome not recorded)'], scenarios: [] };
    counterexample = {
      case: c, shrinks: final === shrunk ? shrunk.numShrinks : 0, lines: outcome.lines ?? [], scenarios: outcome.scenarios ?? [],
      ...(outcome.pValue !== undefined ? { pValue: outcome.pValue } : {}),
    };
  }
  const perCase = prop.falseFailureRate(ctx);
  const cases = search.numRuns;
  return {
    name,
    title: prop.title,
    prediction: prop.prediction,
    region: prop.region,
    method: prop.method,
    runs,
    cases,
    skipped: search.numSkips,
    failures: counterexample ? 1 : 0,
    interrupted: search.interrupted && !search.failed,
    falseFailureRate: { perCase, run: runFalseFailureRate(perCase, cases) },
    heldOn: held,
    ...(counterexample ? { counterexample } : {}),
    ...(search.failed && !counterexample ? { note: `fast-check gave up after ${search.numSkips} cases drawn outside the region (fc.pre): the generator rarely lands inside it, so the property was barely tested` } : {}),
    seconds: (performance.now() - t0) / 1000,
  };
}

function widen(held: Record<string, [number, number]>, axes: Record<string, number | number[]>): void {
  for (const [key, value] of Object.entries(axes)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      const range = held[key];
      held[key] = range ? [Math.min(range[0], v), Math.max(range[1], v)] : [v, v];
    }
  }
}
