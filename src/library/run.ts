import { z } from 'zod';
import { InputError, type InputProblem } from '../errors.js';
import { seedSchema } from '../scenario/common.js';
import { zodProblems } from '../scenario/issues.js';
import { guardClass, guardFunction, type Param } from './guard.js';
import { callback, loadedScenarioShape, nonEmptyString, numberList, positiveNumber } from './shapes.js';
import { parseScenario as rawParseScenario, loadScenarioFile as rawLoadScenarioFile } from '../run/load-scenario.js';
import { runScenario as rawRunScenario } from '../run/runner.js';
import { parseResult as rawParseResult, resultSchema } from '../run/result-schema.js';
import { writeRunOutputs as rawWriteRunOutputs } from '../cli/outputs.js';
import { scenarioJsonSchema as rawScenarioJsonSchema } from '../run/scenario-json-schema.js';
import { CheckpointFile as RawCheckpointFile } from '../io/checkpoint.js';
import { runStress as rawRunStress } from '../stress/run.js';
import { parseStressConfig, stressConfigSchema } from '../stress/config.js';
import { propertyNames } from '../stress/registry.js';
import { planScenario as rawPlanScenario } from '../plan/plan.js';
import { assignShards as rawAssignShards, cellsOfShard as rawCellsOfShard, parseShardSpec as rawParseShardSpec } from '../plan/shard-assignment.js';
import { prepareShardRun as rawPrepareShardRun } from '../plan/shard-run.js';
import { checkShardSet as rawCheckShardSet, mergeShards as rawMergeShards } from '../plan/merge-shards.js';

/** Scenarios, runs, results and shards in the library API, their arguments checked (library/guard.ts). */

const p = (name: string, schema: z.ZodType): Param => ({ name, schema });
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

const loadOptions = { quick: z.boolean().optional(), seed: seedSchema.optional(), allowLong: z.boolean().optional() };
// the scenario itself is validated by parseScenario, whatever it is: only the options are checked here
export const parseScenario = guardFunction(rawParseScenario, [
  p('raw', z.unknown()),
  p('options', z.strictObject({ ...loadOptions, baseDir: z.string().optional(), source: z.string().optional(), fallbackName: z.string().optional() }).optional()),
]);
export const loadScenarioFile = guardFunction(rawLoadScenarioFile, [p('path', nonEmptyString), p('options', z.strictObject(loadOptions).optional())]);

const progress = z.custom<unknown>((v) => isObject(v) && typeof v.start === 'function' && typeof v.info === 'function', 'must be a Progress {start(label, total), info(message)}');
const checkpoint = z.custom<unknown>((v) => isObject(v) && typeof v.load === 'function' && typeof v.save === 'function', 'must be a cell checkpoint {load(), save(index, result)}: a CheckpointFile');
const signal = z.custom<AbortSignal>((v) => v instanceof AbortSignal, 'must be an AbortSignal');
const workers = z.int().min(1).max(256).describe('worker threads, 1…256');
const runOptions = { workers: workers.optional(), progress: progress.optional(), onWarning: callback.optional(), signal: signal.optional() };
export const runScenario = guardFunction(rawRunScenario, [p('loaded', loadedScenarioShape), p('options', z.strictObject({ ...runOptions, checkpoint: checkpoint.optional() }).optional())], { async: true });

export const parseResult = guardFunction(rawParseResult, [p('value', z.unknown()), p('source', z.string().optional())]);
// a result as runScenario returns it may hold NaN (a diverged cell): checked as results.json will hold it (NaN → null)
export const writeRunOutputs = guardFunction(rawWriteRunOutputs, [p('result', z.custom<unknown>(isObject, 'must be a result (what runScenario returns)')), p('dir', nonEmptyString), p('options', z.strictObject({ plots: z.boolean() }))], {
  async: true,
  cross: (args) => {
    const parsed = resultSchema.safeParse(JSON.parse(JSON.stringify(args[0])));
    return parsed.success ? [] : zodProblems(parsed.error, args[0]).map((q) => ({ ...q, path: q.path ? `result.${q.path}` : 'result' }));
  },
});
export const scenarioJsonSchema = guardFunction(rawScenarioJsonSchema, []);

const identity = z.strictObject({ experiment: nonEmptyString, name: nonEmptyString, scenario: z.record(z.string(), z.unknown()), quick: z.boolean(), inputs: z.record(z.string(), z.string()).optional() });
export const CheckpointFile = guardClass(RawCheckpointFile, [p('dir', nonEmptyString), p('id', identity), p('onLoad', callback.optional())]);
export type CheckpointFile = RawCheckpointFile;

const formulas = z.custom<unknown>((v) => isObject(v) && Object.values(v).every((f) => typeof f === 'function'), 'must map formula names to functions');
const stressOptions = z.strictObject({
  config: stressConfigSchema.optional(),
  properties: z.array(z.enum(propertyNames as [string, ...string[]])).optional(),
  runs: z.int().min(1).max(1_000_000).optional(),
  seed: seedSchema.optional(),
  timeBudget: positiveNumber.optional(),
  maps: z.boolean().optional(),
  overrides: formulas.optional(),
  onProgress: callback.optional(),
}).optional();
export const runStress = guardFunction(rawRunStress, [p('options', stressOptions)], {
  async: true,
  cross: (args) => {
    const config = (args[0] as { config?: unknown } | undefined)?.config;
    if (config === undefined) return [];
    try {
      parseStressConfig(config); // the checks across fields the schema alone does not make
      return [];
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      return err.problems.map((q): InputProblem => ({ ...q, path: `options.config.${q.path}` }));
    }
  },
});

export const planScenario = guardFunction(rawPlanScenario, [p('loaded', loadedScenarioShape)]);
const costs = z.custom<readonly number[]>((v) => Array.isArray(v) && numberList.safeParse(v).success && v.every((c: number) => c >= 0), 'must be an array of cell costs, finite numbers ≥ 0');
const shardCount = z.int().min(1).max(100_000).describe('shard count N, 1…100000');
const shardSpec = z.strictObject({ index: z.int().min(0), count: shardCount });
export const assignShards = guardFunction(rawAssignShards, [p('costs', costs), p('count', shardCount)]);
const indexBelowCount = (at: number, path: string) => (args: readonly unknown[]): InputProblem[] => {
  const s = args[at] as { index: number; count: number };
  return s.index < s.count ? [] : [{ path: `${path}.index`, message: `must be < count = ${s.count} (shards are numbered 0…N−1)`, value: s.index }];
};
export const cellsOfShard = guardFunction(rawCellsOfShard, [p('costs', costs), p('spec', shardSpec)], { cross: indexBelowCount(1, 'spec') });
export const parseShardSpec = guardFunction(rawParseShardSpec, [p('text', z.string())]);
const shardRunOptions = z.strictObject({ ...runOptions, source: nonEmptyString, dir: nonEmptyString, force: z.boolean().optional() });
export const prepareShardRun = guardFunction(rawPrepareShardRun, [p('loaded', loadedScenarioShape), p('spec', shardSpec), p('options', shardRunOptions)], { cross: indexBelowCount(1, 'spec') });
export const checkShardSet = guardFunction(rawCheckShardSet, [p('paths', z.array(nonEmptyString).min(1))]);
const merged = z.custom<unknown>(
  (v) => isObject(v) && loadedScenarioShape.safeParse(v.loaded).success && v.cells instanceof Map && Number.isInteger(v.shards) && (v.shards as number) >= 1,
  'must be the shard set checkShardSet(paths) returns',
);
export const mergeShards = guardFunction(rawMergeShards, [p('merged', merged), p('options', z.strictObject(runOptions).optional())], { async: true });

