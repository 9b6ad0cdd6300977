/**
 * Escape times with censoring. Each replica either escapes at time t_i (event) or is still in the
 * well at the horizon (censored at t_i = horizon): dropping the censored ones would bias the mean
 * down, so they count as time at risk without an event.
 *
 * - Exponential escape (constant hazard 1/τ, Kramers' regime): the maximum-likelihood estimate is
 *   τ̂ = (total time at risk) / (number of escapes k), with standard error τ̂/sqrt(k) from the
 *   Fisher information (k/τ²). With no censoring it is the sample mean.
 * - Kaplan–Meier: the survival curve Ŝ(t) = Π_{t_j ≤ t} (1 − d_j/n_j) with Greenwood's variance
 *   Ŝ² Σ d_j/(n_j (n_j − d_j)), no shape assumed (for the figures and for checking exponentiality).
 */
export interface ExponentialEscape {
  /** number of escapes */
  events: number;
  /** replicas censored at the horizon */
  censored: number;
  /** Σ min(t_i, horizon) */
  timeAtRisk: number;
  /** τ̂ = timeAtRisk / events (Infinity when no replica escaped) */
  tau: number;
  /** τ̂ / sqrt(events) */
  stdError: number;
  /** standard error of ln τ̂: 1/sqrt(events) */
  logStdError: number;
}

export function exponentialEscape(times: ArrayLike<number>, escaped: ArrayLike<number | boolean>): ExponentialEscape {
  let events = 0;
  let timeAtRisk = 0;
  for (let i = 0; i < times.length; i++) {
    timeAtRisk += times[i];
    if (escaped[i]) events++;
  }
  const tau = events > 0 ? timeAtRisk / events : Infinity;
  return {
    events,
    censored: times.length - events,
    timeAtRisk,
    tau,
    stdError: events > 0 ? tau / Math.sqrt(events) : Infinity,
    logStdError: events > 0 ? 1 / Math.sqrt(events) : Infinity,
  };
}

export interface KaplanMeierCurve {
  /** distinct event times, increasing */
  time: number[];
  /** Ŝ just after each time */
  survival: number[];
  /** Greenwood standard error of Ŝ */
  stdError: number[];
}

export function kaplanMeier(times: ArrayLike<number>, escaped: ArrayLike<number | boolean>): KaplanMeierCurve {
  const order = Array.from({ length: times.length }, (_, i) => i).sort((a, b) => times[a] - times[b] || Number(!!escaped[b]) - Number(!!escaped[a]));
  const out: KaplanMeierCurve = { time: [], survival: [], stdError: [] };
  let atRisk = times.length;
  let s = 1;
  let greenwood = 0;
  let k = 0;
  while (k < order.length) {
    const t = times[order[k]];
    let deaths = 0;
    let leaving = 0;
    while (k < order.length && times[order[k]] === t) {
      if (escaped[order[k]]) deaths++;
      leaving++;
      k++;
    }
    if (deaths > 0) {
      s *= 1 - deaths / atRisk;
      if (atRisk > deaths) greenwood += deaths / (atRisk * (atRisk - deaths));
      out.time.push(t);
      out.survival.push(s);
      out.stdError.push(s * Math.sqrt(greenwood));
    }
    atRisk -= leaving;
  }
  return out;
}

/** A curve thinned to at most `points` entries (evenly in index), for results.json and figures. */
export function thinCurve(curve: KaplanMeierCurve, points: number): KaplanMeierCurve {
  const n = curve.time.length;
  if (n <= points) return curve;
  const out: KaplanMeierCurve = { time: [], survival: [], stdError: [] };
  for (let j = 0; j < points; j++) {
    const i = Math.round((j * (n - 1)) / (points - 1));
    out.time.push(curve.time[i]);
    out.survival.push(curve.survival[i]);
    out.stdError.push(curve.stdError[i]);
  }
  return out;
}
