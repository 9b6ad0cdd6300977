import { StreamingQuadratic } from '../../../models/streaming-quadratic.js';
import { runCoupledSgdSme, type MeanWithError } from '../../../dynamics/sgd-sme-coupling.js';
import { smeDiffusion, smeDriftRates, stepsToHorizon, weakErrorClosedForm, type WeakErrorClosedForm } from '../../../theory/sme-closed-forms.js';

/**
 * One rung of the ε ladder of the transient experiment (a worker task): the closed forms of
 * E L(T) for SGD, SME-1 and SME-2 on the Li–Tai–E model, and a Monte Carlo of all three on shared
 * Brownian paths (SGD's example γ_k is the scaled increment of the path the SMEs follow). The
 * weak error E L_SGD − E L_SME is estimated from the paired differences D = L(x_K) − L(X_T), with
 * the exact SGD moments as a control variate: D̄ − c (L̄_SGD − E L_SGD), c = Cov(D, L_SGD)/Var L_SGD,
 * standard error √(Var D (1 − ρ²)/M) (about half the plain paired one for SME-2). The plain
 * paired mean is kept as well.
 */
export interface SmeLevelPayload {
  eigenvalues: number[];
  start: number[];
  lr: number;
  horizon: number;
  paths: number;
  seed: number;
  cell: number;
}

export interface SmeLevelResult {
  lr: number;
  steps: number;
  closedForm: WeakErrorClosedForm;
  monteCarlo: {
    paths: number;
    sgd: MeanWithError;
    /** error: control-variate estimate (used by the predictions); paired: the plain paired mean */
    sme1: { loss: MeanWithError; error: MeanWithError; paired: MeanWithError };
    sme2: { loss: MeanWithError; error: MeanWithError; paired: MeanWithError };
  };
}

export function smeLevelCell(p: SmeLevelPayload): SmeLevelResult {
  const model = new StreamingQuadratic(Float64Array.from(p.eigenvalues));
  const start = Float64Array.from(p.start);
  const steps = stepsToHorizon(p.lr, p.horizon);
  const b = smeDiffusion(model.eigenvalues, p.lr);
  const sdes = ([1, 2] as const).map((smeOrder) => ({ a: smeDriftRates(model.eigenvalues, p.lr, smeOrder), b }));
  const mc = runCoupledSgdSme(model, start, sdes, { lr: p.lr, steps, paths: p.paths, seed: p.seed, cell: p.cell });
  const closedForm = weakErrorClosedForm(model.eigenvalues, start, p.lr, p.horizon);
  const controlled = (j: number): MeanWithError => {
    const s = mc.sde[j];
    const c = s.differenceSgdCovariance / mc.sgdVariance;
    const rho2 = (s.differenceSgdCovariance * s.differenceSgdCovariance) / (s.differenceVariance * mc.sgdVariance);
    return {
      mean: s.difference.mean - c * (mc.sgd.mean - closedForm.sgd),
      stdError: Math.sqrt((s.differenceVariance * Math.max(0, 1 - rho2)) / mc.paths),
    };
  };
  return {
    lr: p.lr,
    steps,
    closedForm,
    monteCarlo: {
      paths: mc.paths,
      sgd: mc.sgd,
      sme1: { loss: mc.sde[0].loss, error: controlled(0), paired: mc.sde[0].difference },
      sme2: { loss: mc.sde[1].loss, error: controlled(1), paired: mc.sde[1].difference },
    },
  };
}
