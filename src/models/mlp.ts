import type { Dataset } from '../data/dataset.js';
import { blasBackend, setBlasThreads, type BlasBackend } from '../linalg/backend.js';
import { F32Arena, type KernelBackend } from '../linalg/f32-arena.js';
import { gemmF32 } from '../linalg/gemm-f32.js';
import { KernelThreads } from '../linalg/kernel-threads.js';
import { fillCsr, gatherTranspose, countNonZero, spmmF32, type CsrF32 } from '../linalg/spmm-f32.js';
import { axpyF32, biasReluF32, colSumF32, reluMaskF32 } from '../linalg/vector-f32.js';
import { rngFor } from '../rng/streams.js';

/**
 * A shallow network in float32: d inputs → h ReLU units → k softmax outputs, cross-entropy loss
 * (Smith & Le §4: 784-800-10 on MNIST). All parameters sit in one Float32Array, in this order:
 *
 *     W1 (d×h, row-major: W1[i·h + j] connects input i to hidden j) | b1 (h) | W2 (h×k) | b2 (k)
 *
 * The model owns its training set (converted once to float32, and to sparse rows when at most
 * 50 % of the inputs are non-zero) and computes minibatch gradients into `grad` without
 * allocating. It knows nothing of how it is optimised (dynamics/train-mlp.ts does that).
 *
 * Mean loss L(ω) = (1/N) Σ_i CE_i(ω) + (wd/2)|ω|², wd = λ/N, where λ is the summed-convention
 * L2 coefficient of the paper (docs/theory.md §1: C = Σ_i CE_i + (λ/2)|ω|²). The penalty covers every
 * parameter, biases included, as |ω|² says.
 */
export interface MlpOptions {
  hidden: number;
  /** training examples; labels are class indices 0..classes−1 */
  train: Dataset;
  /** number of classes k; default max label + 1 */
  classes?: number;
  /** the largest batch that batchGradient will be given */
  maxBatch: number;
  /** summed L2 coefficient λ (0 = none); the mean-loss gradient gets (λ/N) ω */
  lambda?: number;
  /**
   * first-layer input representation; 'auto' is sparse when at most half the inputs are non-zero,
   * except on the native backend with batches of NATIVE_DENSE_BATCH or more, where OpenBLAS's dense
   * product beats the sparse kernel at MNIST's 19 % density (measured: B = 1000, 1.6×)
   */
  inputs?: 'auto' | 'dense' | 'sparse';
  backend?: KernelBackend;
  /** parameter-shaped vectors to reserve for `newVector` (optimiser state); default 1 */
  extraVectors?: number;
  /**
   * threads for the first layer's products (default 1). More than 1 starts helper threads
   * (kernel-threads.ts) on the wasm backend, or raises the native backend's product threads
   * (backend.ts setBlasThreads; call close() when done); results are bit-identical for any count. For a single run on an
   * idle machine; a sweep should run one cell per core instead.
   */
  threads?: number;
}

/** On the native backend, 'auto' inputs are dense from this batch size on (see MlpOptions.inputs). */
export const NATIVE_DENSE_BATCH = 512;

/** Weight initialisation schemes (see Mlp.init). */
export type MlpInit = 'he' | 'glorot' | 'lecun-uniform';

/** Rows evaluated at once by `evaluate`. */
const EVAL_CHUNK = 256;

export class Mlp {
  readonly d: number;
  readonly hidden: number;
  readonly classes: number;
  readonly dim: number;
  /** number of training examples N */
  readonly n: number;
  /** mean-loss weight decay λ/N */
  readonly wd: number;
  readonly sparseInputs: boolean;
  readonly backend: KernelBackend;
  /** who runs the dense products: OpenBLAS ('native') or the arena's kernels ('wasm') */
  readonly kernels: BlasBackend;
  readonly params: Float32Array;
  readonly grad: Float32Array;
  readonly w1: Float32Array; readonly b1: Float32Array; readonly w2: Float32Array; readonly b2: Float32Array;
  private readonly gw1: Float32Array; private readonly gb1: Float32Array;
  private readonly gw2: Float32Array; private readonly gb2: Float32Array;
  private readonly arena: F32Arena;
  private readonly labels: Int32Array;
  private readonly trainX: Float32Array | null; // dense path: n×d
  private readonly trainCsr: CsrF32 | null;     // sparse path
  private readonly rowsCap: number;
  private readonly xb: Float32Array;  // rowsCap×d: the batch, dense
  private readonly hid: Float32Array; // rowsCap×h: ReLU outputs
  private readonly dh: Float32Array;  // rowsCap×h: gradient wrt hidden pre-activations
  // The output layer works on kp = k rounded up to a multiple of 4 columns (zero padding), so its
  // products stay on the SIMD path: with k = 10 the 2 leftover columns in JS cost more than the rest.
  private readonly kp: number;
  private readonly out: Float32Array; // rowsCap×kp: logits, then ∂(batch mean)/∂logits; pad columns 0
  private readonly w2p: Float32Array; // h×kp: W2 with zero pad columns
  private readonly gw2p: Float32Array; // h×kp: ∇W2 before unpadding
  private readonly w2t: Float32Array; // k×h: W2ᵀ, for the backward product
  private readonly idx: Int32Array;   // rowsCap: batch row numbers, in the arena for the wasm spmm
  private readonly batchT: CsrF32 | null; // d×B transpose of the batch rows, for ∇W1
  private readonly evalCsr: CsrF32 | null; // rowsCap×d rows of an evaluation chunk
  private readonly pool: KernelThreads | null;
  private blasThreads: number;
  private readonly heap: Float32Array; // the whole arena, for copyWithin

  constructor(options: MlpOptions) {
    const { hidden, train, maxBatch } = options;
    const d = train.d;
    const n = train.n;
    if (!Number.isInteger(hidden) || hidden < 1) throw new RangeError(`hidden must be a positive integer, got ${hidden}`);
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
    if (n < 1) throw new RangeError('the training set is empty');
    let maxLabel = 0;
    for (let i = 0; i < n; i++) {
      const y = train.y[i];
      if (!Number.isInteger(y) || y < 0) throw new RangeError(`label ${y} of example ${i} is not a class index`);
      maxLabel = Math.max(maxLabel, y);
    }
    const classes = options.classes ?? maxLabel + 1;
    if (maxLabel >= classes) throw new RangeError(`label ${maxLabel} out of range for ${classes} classes`);
    const lambda = options.lambda ?? 0;
    if (!(lambda >= 0)) throw new RangeError(`lambda must be ≥ 0, got ${lambda}`);
    const nnz = countNonZero(train.x, n, d);
    const mode = options.inputs ?? 'auto';
    const kernels = blasBackend();
    const sparse = mode === 'sparse' || (mode === 'auto' && nnz <= 0.5 * n * d && !(kernels === 'native' && maxBatch >= NATIVE_DENSE_BATCH));

    this.d = d; this.hidden = hidden; this.classes = classes; this.n = n;
    this.wd = lambda / n;
    this.sparseInputs = sparse;
    this.dim = d * hidden + hidden + hidden * classes + classes;
    this.rowsCap = Math.max(maxBatch, EVAL_CHUNK);
    const rc = this.rowsCap;
    let maxRow = 0;
    for (let i = 0; i < n && sparse; i++) maxRow = Math.max(maxRow, countNonZero(train.x.subarray(i * d, (i + 1) * d), 1, d));
    const batchNnz = Math.min(nnz, maxBatch * maxRow);
    const kp = Math.ceil(classes / 4) * 4;
    const extra = options.extraVectors ?? 1;
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
    this.arena = new F32Arena([
      ...Array.from({ length: 2 + extra }, () => this.dim), n, rc * d, rc * hidden, rc * hidden, rc * kp, hidden * kp, hidden * kp, classes * hidden, rc,
      ...(sparse ? [n + 1, nnz, nnz, d + 1, batchNnz, batchNnz, rc + 1, rc * d, rc * d] : [n * d]),
      KernelThreads.arenaSize(threads),
    ], options.backend);
    const a = this.arena;
    this.backend = a.backend;
    this.heap = new Float32Array(a.buffer);
    this.params = a.f32(this.dim);
    this.grad = a.f32(this.dim);
    [this.w1, this.b1, this.w2, this.b2] = this.split(this.params);
    [this.gw1, this.gb1, this.gw2, this.gb2] = this.split(this.grad);
    this.labels = a.i32(n);
    for (let i = 0; i < n; i++) this.labels[i] = train.y[i];
    this.xb = a.f32(rc * d);
    this.hid = a.f32(rc * hidden);
    this.dh = a.f32(rc * hidden);
    this.kp = kp;
    this.out = a.f32(rc * kp);
    this.w2p = a.f32(hidden * kp);
    this.gw2p = a.f32(hidden * kp);
    this.w2t = a.f32(classes * hidden);
    this.idx = a.i32(rc);
    if (sparse) {
      const csr: CsrF32 = { rows: n, cols: d, rowPtr: a.i32(n + 1), colIdx: a.i32(nnz), values: a.f32(nnz) };
      fillCsr(train.x, 0, n, d, csr);
      this.trainCsr = csr;
      this.batchT = { rows: d, cols: 0, rowPtr: a.i32(d + 1), colIdx: a.i32(batchNnz), values: a.f32(batchNnz) };
      this.evalCsr = { rows: 0, cols: d, rowPtr: a.i32(rc + 1), colIdx: a.i32(rc * d), values: a.f32(rc * d) };
      this.trainX = null;
    } else {
      this.trainX = a.f32(n * d);
      this.trainX.set(train.x);
      this.trainCsr = null; this.batchT = null; this.evalCsr = null;
    }
    this.kernels = kernels;
    this.blasThreads = this.kernels === 'native' ? threads : 1;
    // helper threads run the wasm kernels: every product on wasm, the sparse first layer on native
    this.pool = threads > 1 && a.backend === 'wasm' && (this.kernels === 'wasm' || sparse) ? new KernelThreads(a, threads) : null;
    if (this.blasThreads > 1) setBlasThreads(this.blasThreads);
  }

  /** Stop helper threads, if any (the model stays usable, single-threaded). */
  close(): void {
    this.pool?.close();
    if (this.blasThreads > 1) setBlasThreads(1);
    this.blasThreads = 1;
  }

  /** X·W1 for `count` rows: from the training CSR rows idx, or from the dense rows in xb. */
  private firstLayer(count: number, csr: CsrF32 | null, map: Int32Array | null): void {
    const { d, hidden: h } = this;
    if (csr) {
      if (this.pool) this.pool.spmm(csr, map, count, h, this.w1, h, this.hid, h);
      else spmmF32(csr, map, count, h, this.w1, h, this.hid, h);
    } else if (this.pool && this.kernels === 'wasm') {
      this.pool.gemm(count, h, d, this.xb, d, 1, this.w1, h, this.hid, h);
    } else {
      gemmF32(count, h, d, this.xb, d, 1, this.w1, h, this.hid, h);
    }
    biasReluF32(this.hid, h, this.b1, count, h);
  }

  /** Views of W1, b1, W2, b2 inside a parameter-shaped vector. */
  split(v: Float32Array): [Float32Array, Float32Array, Float32Array, Float32Array] {
    const { d, hidden: h, classes: k } = this;
    const o1 = d * h, o2 = o1 + h, o3 = o2 + h * k;
    return [v.subarray(0, o1), v.subarray(o1, o2), v.subarray(o2, o3), v.subarray(o3, o3 + k)];
  }

  /**
   * A zeroed parameter-shaped vector in this model's arena, so that optimiser updates run on the
   * same (wasm) kernels; at most `extraVectors` of them.
   */
  newVector(): Float32Array {
    return this.arena.f32(this.dim);
  }

  /**
   * Initialisation from the stream rngFor(seed, 'mlp-init'), W1 row-major first, then W2; zero biases.
   * - 'he' (default, as numpy_ref.py): W1 ~ N(0, 2/d), W2 ~ N(0, 1/h);
   * - 'glorot': uniform on ±√(6/(fan_in + fan_out)) (Keras / TF 1 dense-layer default);
   * - 'lecun-uniform': uniform on ±1/√fan_in (Torch 7 / torch.nn.Linear weights, the paper-era default).
   */
  init(seed: number, scheme: MlpInit = 'he'): void {
    const rng = rngFor(seed, 'mlp-init');
    const { d, hidden: h, classes: k } = this;
    if (scheme === 'he') {
      const s1 = Math.sqrt(2 / d), s2 = Math.sqrt(1 / h);
      for (let i = 0; i < this.w1.length; i++) this.w1[i] = s1 * rng.normal();
      for (let i = 0; i < this.w2.length; i++) this.w2[i] = s2 * rng.normal();
    } else {
      const a1 = scheme === 'glorot' ? Math.sqrt(6 / (d + h)) : 1 / Math.sqrt(d);
      const a2 = scheme === 'glorot' ? Math.sqrt(6 / (h + k)) : 1 / Math.sqrt(h);
      for (let i = 0; i < this.w1.length; i++) this.w1[i] = a1 * (2 * rng.uniform() - 1);
      for (let i = 0; i < this.w2.length; i++) this.w2[i] = a2 * (2 * rng.uniform() - 1);
    }
    this.b1.fill(0);
    this.b2.fill(0);
  }

  /**
   * Minibatch gradient: `grad` ← ∇[(1/B) Σ_{b<count} CE_{indices[b]} + (wd/2)|ω|²] at `params`.
   * Returns the batch's mean cross-entropy (without the L2 term). No allocation.
   */
  batchGradient(indices: Int32Array, count: number): number {
    const { d, hidden: h, classes: k } = this;
    if (!(count >= 1 && count <= this.rowsCap)) throw new RangeError(`batch of ${count} rows; this model was sized for at most ${this.rowsCap}`);
    const idx = this.idx;
    for (let r = 0; r < count; r++) idx[r] = indices[r];
    // forward: hid = relu(X W1 + b1)
    if (this.trainX) {
      // gather the batch rows: a memmove within the arena (subarray would allocate a view per row)
      const heap = this.heap, from = this.trainX.byteOffset >> 2, to = this.xb.byteOffset >> 2;
      for (let r = 0; r < count; r++) heap.copyWithin(to + r * d, from + idx[r] * d, from + idx[r] * d + d);
    }
    this.firstLayer(count, this.trainCsr, idx);
    this.refreshW2();
    const loss = this.outputLayer(count);
    // backward: out holds ∂/∂logits of the batch mean
    const kp = this.kp, gw2p = this.gw2p, gw2 = this.gw2;
    gemmF32(h, kp, count, this.hid, 1, h, this.out, kp, gw2p, kp);
    for (let j = 0; j < h; j++) for (let c = 0; c < k; c++) gw2[j * k + c] = gw2p[j * kp + c];
    colSumF32(this.out, kp, count, k, this.gb2);
    gemmF32(count, h, k, this.out, kp, 1, this.w2t, h, this.dh, h);
    reluMaskF32(this.dh, this.hid, h, count, h);
    colSumF32(this.dh, h, count, h, this.gb1);
    if (this.trainCsr) {
      gatherTranspose(this.trainCsr, idx, count, this.batchT!);
      if (this.pool) this.pool.spmm(this.batchT!, null, d, h, this.dh, h, this.gw1, h);
      else spmmF32(this.batchT!, null, d, h, this.dh, h, this.gw1, h);
    } else if (this.pool && this.kernels === 'wasm') {
      this.pool.gemm(d, h, count, this.xb, 1, d, this.dh, h, this.gw1, h);
    } else {
      gemmF32(d, h, count, this.xb, 1, d, this.dh, h, this.gw1, h);
    }
    if (this.wd > 0) axpyF32(this.wd, this.params, this.grad);
    return loss;
  }

  /**
   * Logits of rows [0, count) of `hid`, turned in place into the gradient of the mean cross-entropy
   * wrt the logits, (softmax − onehot)/count, for the training rows in idx. Returns the mean cross-entropy.
   */
  private outputLayer(count: number): number {
    const k = this.classes, kp = this.kp;
    const out = this.out, idx = this.idx, labels = this.labels;
    this.logits(count);
    let total = 0;
    const inv = 1 / count;
    for (let r = 0; r < count; r++) {
      const o = r * kp;
      const y = labels[idx[r]];
      let max = -Infinity;
      for (let c = 0; c < k; c++) if (out[o + c] > max) max = out[o + c];
      let z = 0;
      for (let c = 0; c < k; c++) z += Math.exp(out[o + c] - max);
      total += Math.log(z) - (out[o + y] - max);
      for (let c = 0; c < k; c++) out[o + c] = (Math.exp(out[o + c] - max) / z - (c === y ? 1 : 0)) * inv;
    }
    return total * inv;
  }

  /** w2p (padded W2) and w2t (W2ᵀ) from the current parameters. */
  private refreshW2(): void {
    const { hidden: h, classes: k, kp, w2, w2p, w2t } = this;
    for (let j = 0; j < h; j++) {
      for (let c = 0; c < k; c++) {
        const v = w2[j * k + c];
        w2p[j * kp + c] = v;
        w2t[c * h + j] = v;
      }
    }
  }

  /** out rows [0, count) = hid W2 + b2 (pad columns stay 0); needs refreshW2. */
  private logits(count: number): void {
    const { hidden: h, classes: k, kp } = this;
    gemmF32(count, kp, h, this.hid, h, 1, this.w2p, kp, this.out, kp);
    const out = this.out, b2 = this.b2;
    for (let r = 0; r < count; r++) for (let c = 0; c < k; c++) out[r * kp + c] += b2[c];
  }

  /** Accuracy and mean cross-entropy (no L2 term) of the current parameters on `data`. */
  evaluate(data: Dataset): { accuracy: number; loss: number } {
    const { d, classes: k } = this;
    if (data.d !== d) throw new RangeError(`data has ${data.d} inputs, the model ${d}`);
    let correct = 0;
    let total = 0;
    this.refreshW2();
    for (let start = 0; start < data.n; start += EVAL_CHUNK) {
      const rows = Math.min(EVAL_CHUNK, data.n - start);
      if (this.evalCsr) fillCsr(data.x, start, rows, d, this.evalCsr);
      else this.xb.set(data.x.subarray(start * d, (start + rows) * d));
      this.firstLayer(rows, this.evalCsr, null);
      this.logits(rows);
      const out = this.out;
      for (let r = 0; r < rows; r++) {
        const o = r * this.kp;
        const y = data.y[start + r];
        let max = -Infinity, arg = 0;
        for (let c = 0; c < k; c++) if (out[o + c] > max) { max = out[o + c]; arg = c; }
        let z = 0;
        for (let c = 0; c < k; c++) z += Math.exp(out[o + c] - max);
        total += Math.log(z) - (out[o + y] - max);
        if (arg === y && Number.isFinite(max)) correct++; // a non-finite output predicts nothing
      }
    }
    return { accuracy: correct / data.n, loss: total / data.n };
  }
}
