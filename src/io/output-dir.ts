import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, type InputProblem } from '../errors.js';
import type { Result } from '../core/result.js';
import { readResultsFile } from './results-file.js';
import { CheckpointFile, checkpointKey, type CheckpointIdentity } from './checkpoint.js';
import { writeFileAtomic } from './atomic.js';
import { BoundedReadError, readBoundedText } from './safe-path.js';

/**
 * What `run` may do with an output directory, decided for every scenario before any work starts:
 * - a results.json of an earlier run is never silently overwritten (--force overwrites it);
 * - a checkpoint of an interrupted run is continued with --resume, discarded with --force, and
 *   otherwise protected (starting over would throw its finished cells away);
 * - --resume with a results.json of the same scenario and seed and no checkpoint: the run is
 *   already complete, and its results are reported instead of being recomputed. "Same" is the
 *   checkpoint's key (scenario, seed, code and the SHA-256 of every data file), which `run` leaves
 *   beside results.json in RUN_KEY_FILE: a CSV edited since is a different run (before, only the
 *   scenario and version were compared, and stale results were reported as complete). A results.json
 *   without that file (written by `merge`, or by an older version) counts as complete only when the
 *   scenario reads no data file.
 */
export const RUN_KEY_FILE = '.run-key';

/** Record the key of the run whose results.json was just written in `dir` (see prepareOutputDir). */
export function recordRunKey(dir: string, id: CheckpointIdentity): void {
  writeFileAtomic(join(dir, RUN_KEY_FILE), `${checkpointKey(id)}\n`);
}

export interface PreparedOutput {
  dir: string;
  checkpoint: CheckpointFile;
  /** cells restored from an interrupted run */
  restored: number;
  /** the finished results of an identical run (--resume found nothing left to do) */
  complete?: Result;
  /** --force: delete the old checkpoint when this scenario's run starts (not before: another scenario may still be invalid) */
  discard: boolean;
}

export interface OutputOptions {
  force: boolean;
  resume: boolean;
  /** called when a sweep starts (arms the Ctrl-C handler) */
  onSweepStart?: () => void;
}

export type Prepared = { output: PreparedOutput } | { problem: InputProblem };

export function prepareOutputDir(dir: string, id: CheckpointIdentity, options: OutputOptions): Prepared {
  const checkpoint = new CheckpointFile(dir, id, options.onSweepStart);
  const resultsPath = join(dir, 'results.json');
  const hasResults = existsSync(resultsPath);
  const output: PreparedOutput = { dir, checkpoint, restored: 0, discard: false };
  if (checkpoint.exists()) {
    if (options.force) return { output: { ...output, discard: true } };
    if (!options.resume) {
      return { problem: { path: '--out', message: `${dir} holds ${checkpoint.path} from an interrupted run: continue it with --resume, or discard it with --force`, value: dir } };
    }
    output.restored = checkpoint.restore(); // throws InputError on a foreign or damaged checkpoint
    return { output };
  }
  if (!hasResults || options.force) return { output };
  if (options.resume) {
    const previous = readPrevious(resultsPath);
    const sameScenario = previous !== undefined && checkpointKey({ experiment: previous.experiment, name: previous.name, scenario: previous.scenario, quick: previous.quick }, previous.tool.version) === checkpointKey({ ...id, inputs: undefined });
    const recorded = readRunKey(join(dir, RUN_KEY_FILE));
    const readsData = id.inputs !== undefined && Object.keys(id.inputs).length > 0;
    const sameRun = recorded !== undefined ? recorded === checkpointKey(id) : !readsData;
    if (previous && sameScenario && sameRun) return { output: { ...output, complete: previous } };
    const why = sameScenario && recorded !== undefined
      ? `was computed from other data files (${Object.keys(id.inputs ?? {}).join(', ')}) or other code`
      : sameScenario ? `cannot be matched to the data files it was computed from (${Object.keys(id.inputs ?? {}).join(', ')}: no ${RUN_KEY_FILE} beside it)`
        : 'is a finished run of a different scenario, seed or version';
    return { problem: { path: '--resume', message: `${resultsPath} ${why}, and there is no checkpoint to resume: use --force to recompute it, or --out for another directory`, value: dir } };
  }
  return { problem: { path: '--out', message: `${dir} already holds results.json from an earlier run: use --force to overwrite it, or --out for another directory`, value: dir } };
}

/**
 * The recorded key, or undefined when there is none (or it is not a key). Read through the bounded
 * reader: a FIFO or a device planted as .run-key is refused (exit 2) instead of hanging --resume.
 */
function readRunKey(path: string): string | undefined {
  let text: string;
  try {
    text = readBoundedText(path, 1024).trim();
  } catch (err) {
    if (!(err instanceof BoundedReadError)) throw err;
    if (/cannot be read: ENOENT/.test(err.message)) return undefined;
    throw new InputError([{ path: '--resume', message: `${path} ${err.message}: it is not the run key sgd-sde writes; remove it, or use --force` }], 'command line');
  }
  return /^[0-9a-f]{64}$/.test(text) ? text : undefined;
}

function readPrevious(path: string): Result | undefined {
  try {
    const results = readResultsFile(path);
    return results.length === 1 ? results[0] : undefined;
  } catch {
    return undefined; // not a results file this version reads: treated as foreign
  }
}
