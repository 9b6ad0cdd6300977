import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { InputProblem } from '../errors.js';
import type { Result } from '../core/result.js';
import { readResultsFile } from './results-file.js';
import { CheckpointFile, checkpointKey, type CheckpointIdentity } from './checkpoint.js';

/**
 * What `run` may do with an output directory, decided for every scenario before any work starts:
 * - a results.json of an earlier run is never silently overwritten (--force overwrites it);
 * - a checkpoint of an interrupted run is continued with --resume, discarded with --force, and
 *   otherwise protected (starting over would throw its finished cells away);
 * - --resume with a results.json of the same scenario and seed and no checkpoint: the run is
 *   already complete, and its results are reported instead of being recomputed.
 */
export interface OutputPlan {
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

export type Prepared = { plan: OutputPlan } | { problem: InputProblem };

export function prepareOutputDir(dir: string, id: CheckpointIdentity, options: OutputOptions): Prepared {
  const checkpoint = new CheckpointFile(dir, id, options.onSweepStart);
  const resultsPath = join(dir, 'results.json');
  const hasResults = existsSync(resultsPath);
  const plan: OutputPlan = { dir, checkpoint, restored: 0, discard: false };
  if (checkpoint.exists()) {
    if (options.force) return { plan: { ...plan, discard: true } };
    if (!options.resume) {
      return { problem: { path: '--out', message: `${dir} holds ${checkpoint.path} from an interrupted run: continue it with --resume, or discard it with --force`, value: dir } };
    }
    plan.restored = checkpoint.restore(); // throws InputError on a foreign or damaged checkpoint
    return { plan };
  }
  if (!hasResults || options.force) return { plan };
  if (options.resume) {
    const previous = readPrevious(resultsPath);
    if (previous && checkpointKey({ experiment: previous.experiment, name: previous.name, scenario: previous.scenario, quick: previous.quick }, previous.tool.version) === checkpointKey({ ...id, inputs: undefined })) {
      return { plan: { ...plan, complete: previous } };
    }
    return { problem: { path: '--resume', message: `${resultsPath} is a finished run of a different scenario, seed or version, and there is no checkpoint to resume: use --force to overwrite it, or --out for another directory`, value: dir } };
  }
  return { problem: { path: '--out', message: `${dir} already holds results.json from an earlier run: use --force to overwrite it, or --out for another directory`, value: dir } };
}

function readPrevious(path: string): Result | undefined {
  try {
    const results = readResultsFile(path);
    return results.length === 1 ? results[0] : undefined;
  } catch {
    return undefined; // not a results file this version reads: treated as foreign
  }
}
