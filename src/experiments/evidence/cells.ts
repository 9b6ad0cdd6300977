import { loadBinaryData, type BinaryDataSpec } from '../../data/binary-source.js';
import { shuffleLabels } from '../../data/random-labels.js';
import type { Dataset } from '../../data/dataset.js';
import { rngFor } from '../../rng/streams.js';
import { evidenceDesign, lambdaChain, type EvidenceRow } from './lambda-chain.js';

/**
 * One replicate of the evidence experiment as a worker task: one seed's data draw (for MNIST the
 * training subset and the test images; for synthetic data the sample; a CSV is fixed) and one label
 * set (true, or a seeded permutation of the training and of the test labels), swept over λ.
 *
 * Replicate r of a run with seed s draws its data and its random labels with the seed
 *   replicateSeed(s, 0) = s,   replicateSeed(s, r) = first output of rngFor(s, 'evidence-replicate', r) for r ≥ 1,
 * so a one-seed run is the run of earlier versions, and replicates are independent streams.
 *
 * Pixel scale: `raw` multiplies every input by 255, the constant (bias) input too, so the raw model is
 * the unit model in other units: weights ω/255 give the same margins and the prior (λ·255²/2)|ω/255|²
 * equals (λ/2)|ω|², hence E(raw, 255²·λ) = E(unit, λ) exactly (test/experiments/evidence/grid-and-scale.test.ts).
 * With a constant input of 1 the bias would get a prior 255² times tighter and the map is approximate.
 */
export const RAW_PIXEL_SCALE = 255;
export type PixelScale = 'unit' | 'raw';
export type LabelSet = 'true' | 'random';

export interface EvidenceReplicatePayload {
  data: BinaryDataSpec;
  baseDir: string;
  seed: number;
  replicate: number;
  labels: LabelSet;
  pixelScale: PixelScale;
  lambdas: number[];
}

export interface EvidenceReplicateResult {
  replicate: number;
  labels: LabelSet;
  seed: number;
  /** where the data come from, e.g. "MNIST digits 0 vs 1 (full MNIST: …)" */
  source: string;
  trainExamples: number;
  testExamples: number | null;
  features: number;
  /** fraction of test labels equal to 1 (after the permutation: the same) */
  testLabelPositive: number | null;
  rows: EvidenceRow[];
}

export function replicateSeed(seed: number, replicate: number): number {
  return replicate === 0 ? seed : rngFor(seed, 'evidence-replicate', replicate).nextU32();
}

function scaled(data: Dataset, factor: number): Dataset {
  if (factor === 1) return data;
  const x = new Float64Array(data.x.length);
  for (let i = 0; i < x.length; i++) x[i] = data.x[i] * factor;
  return { ...data, x };
}

export function evidenceReplicate(p: EvidenceReplicatePayload): EvidenceReplicateResult {
  const seed = replicateSeed(p.seed, p.replicate);
  const data = loadBinaryData(p.data, { seed, baseDir: p.baseDir }, 'data');
  const design = evidenceDesign(data.train, data.test);
  const factor = p.pixelScale === 'raw' ? RAW_PIXEL_SCALE : 1;
  const train = scaled(design.train, factor);
  const test = design.test ? scaled(design.test, factor) : null;
  const gram = design.gram && factor !== 1 ? design.gram.map((g) => g * factor * factor) : design.gram;
  const scaledDesign = { ...design, train, test, gram };
  const yTrain = p.labels === 'true' ? data.train.y : shuffleLabels(data.train, seed, 0).y;
  const yTest = data.test ? (p.labels === 'true' ? data.test.y : shuffleLabels(data.test, seed, 1).y) : null;
  const rows = lambdaChain(scaledDesign, yTrain, yTest, p.lambdas);
  return {
    replicate: p.replicate,
    labels: p.labels,
    seed,
    source: data.source,
    trainExamples: data.train.n,
    testExamples: data.test ? data.test.n : null,
    features: data.train.d,
    testLabelPositive: data.test ? data.test.y.reduce((a, b) => a + b, 0) / data.test.n : null,
    rows,
  };
}
