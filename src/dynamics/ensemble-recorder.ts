import type { EnsembleObserver } from './ensemble.js';
import { ReplicaMoments, meanAndStdError } from '../stats/replica-moments.js';
import { CoordinateHistograms } from '../stats/histogram.js';
import type { ReplicaBlock } from '../stats/replica-moments.js';

export interface RecorderSnapshot {
  moments: ReplicaBlock;
  histograms: Float64Array[];
  scatter: [number, number][];
  fdrLeft: Float64Array;
  fdrRight: Float64Array;
}

/**
 * The observer the stationary experiment hands to an ensemble: moments of ω − ω* per replica,
 * histograms of a few coordinates, per-replica averages of both sides of the
 * fluctuation–dissipation identity, and the final iterates of the first replicas (a scatter).
 */
export class EnsembleRecorder implements EnsembleObserver {
  readonly moments: ReplicaMoments;
  readonly histograms: CoordinateHistograms;
  readonly scatter: [number, number][] = [];
  private readonly fdrLeft: Float64Array;
  private readonly fdrRight: Float64Array;
  private sumLeft = 0;
  private sumRight = 0;
  private count = 0;

  constructor(dim: number, replicas: number, histogramHalfWidths: number[], private readonly scatterLimit = 500) {
    this.moments = new ReplicaMoments(dim, replicas);
    this.histograms = new CoordinateHistograms(histogramHalfWidths.map((_, i) => i), histogramHalfWidths);
    this.fdrLeft = new Float64Array(replicas);
    this.fdrRight = new Float64Array(replicas);
  }

  beginReplica(replica: number): void {
    this.moments.begin(replica);
    this.sumLeft = 0;
    this.sumRight = 0;
    this.count = 0;
  }

  observe(e: Float64Array, fdrLeft: number, fdrRight: number): void {
    this.moments.observe(e);
    this.histograms.observe(e);
    this.sumLeft += fdrLeft;
    this.sumRight += fdrRight;
    this.count++;
  }

  endReplica(replica: number, finalOffset: Float64Array): void {
    this.moments.end();
    this.fdrLeft[replica] = this.sumLeft / this.count;
    this.fdrRight[replica] = this.sumRight / this.count;
    if (this.scatter.length < this.scatterLimit) this.scatter.push([finalOffset[0], finalOffset.length > 1 ? finalOffset[1] : 0]);
  }

  /** Everything recorded, to send from a worker thread. */
  snapshot(): RecorderSnapshot {
    return { moments: this.moments.exportBlock(), histograms: this.histograms.counts(), scatter: this.scatter, fdrLeft: this.fdrLeft, fdrRight: this.fdrRight };
  }

  /**
   * Merge a block of replicas recorded elsewhere, placed at global index `offset`. Blocks must be
   * absorbed in replica order so the scatter keeps the first replicas whatever the partition.
   */
  absorb(block: RecorderSnapshot, offset: number): void {
    this.moments.importBlock(block.moments, offset);
    this.histograms.add(block.histograms);
    this.fdrLeft.set(block.fdrLeft, offset);
    this.fdrRight.set(block.fdrRight, offset);
    for (const p of block.scatter) if (this.scatter.length < this.scatterLimit) this.scatter.push(p);
  }

  /**
   * ⟨left⟩ against coefficient·⟨right⟩ with the standard error of their difference, from the
   * per-replica averages (paired, so the correlation between the sides is accounted for).
   */
  fluctuationDissipation(coefficient: number): { left: number; right: number; stdError: number } {
    const diff = this.fdrLeft.map((l, r) => l - coefficient * this.fdrRight[r]);
    const left = meanAndStdError(this.fdrLeft).mean;
    const right = coefficient * meanAndStdError(this.fdrRight).mean;
    return { left, right, stdError: meanAndStdError(diff).stdError };
  }
}
