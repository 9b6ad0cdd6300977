/** Fixed-edge histograms of a few coordinates, filled in a hot loop without allocation. */
export class CoordinateHistograms {
  readonly coordinates: number[];
  readonly edges: number[][];
  private readonly counts_: Float64Array[];
  private readonly lo: Float64Array;
  private readonly width: Float64Array;
  private readonly bins: number;

  /** `halfWidths[k]`: the histogram of coordinate k spans [−halfWidth, +halfWidth] (offsets from the minimum). */
  constructor(coordinates: number[], halfWidths: number[], bins = 40) {
    this.coordinates = coordinates;
    this.bins = bins;
    this.lo = Float64Array.from(halfWidths, (h) => -h);
    this.width = Float64Array.from(halfWidths, (h) => (2 * h) / bins);
    this.counts_ = coordinates.map(() => new Float64Array(bins));
    this.edges = halfWidths.map((h) => Array.from({ length: bins + 1 }, (_, i) => -h + (2 * h * i) / bins));
  }

  observe(e: Float64Array): void {
    for (let k = 0; k < this.coordinates.length; k++) {
      const b = Math.floor((e[this.coordinates[k]] - this.lo[k]) / this.width[k]);
      if (b >= 0 && b < this.bins) this.counts_[k][b]++;
    }
  }

  counts(): Float64Array[] {
    return this.counts_;
  }

  /** Add counts from another histogram with the same edges (e.g. a replica block). */
  add(counts: Float64Array[]): void {
    counts.forEach((c, k) => {
      for (let b = 0; b < this.bins; b++) this.counts_[k][b] += c[b];
    });
  }

  toJSON(): { coordinate: number; edges: number[]; counts: number[] }[] {
    return this.coordinates.map((c, k) => ({ coordinate: c, edges: this.edges[k], counts: Array.from(this.counts_[k]) }));
  }
}
