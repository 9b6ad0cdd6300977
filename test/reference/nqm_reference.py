"""Independent NumPy twin of the Noisy Quadratic Model's closed form (docs/theory.md §3, NQM).

Written from the mathematics, not from src/theory/nqm*.ts, and computing every quantity another way:
- SGD: the NQM notebook's per-coordinate closed form s_t = s* + (1 - eps h)^(2t) (s_0 - s*),
  s* = eps^2 c / (B (1 - (1 - eps h)^2));
- heavy ball: E L_t at given points by the 3x3 recursion on (E x^2, E v^2, E xv) stepped one step
  at a time for all coordinates at once; steps to a target by the notebook's numerical eigen-
  decomposition of the same 3x3 matrix (numpy.linalg.eig), powers e^t for every step;
- steps to the target: an exhaustive scan of every step (no bounds), fractional steps by the same
  log-linear interpolation between t - 1 and t;
- the best eps: a dense log grid, then scipy's bounded Brent (minimize_scalar) around the best point;
- E_min: the small-batch flow E L(tau) = 1/2 sum h (k c/(2h) + exp(-2 h tau)(s0 - k c/(2h))), first
  crossing by a fine grid scan and brentq, minimised over k = eps/B with minimize_scalar;
- the knee: brentq on ln B of S(B) - 2 S_min.

Reads one JSON request on stdin, writes one JSON answer on stdout.
"""
import json
import math
import sys

import numpy as np
from scipy.optimize import brentq, minimize_scalar


def loss_curve_sgd(h, c, s0, eps, B, t):
    """E L at the steps in array t (SGD)."""
    beta = (1.0 - eps * h) ** 2
    q = 0.0 if B is None else eps * eps * c / B
    s_star = q / (1.0 - beta)
    s = s_star[None, :] + beta[None, :] ** t[:, None] * (s0 - s_star)[None, :]
    return 0.5 * (s * h[None, :]).sum(axis=1)


def first_crossing_sgd(h, c, s0, eps, B, target, max_steps):
    if np.any(np.abs(1.0 - eps * h) >= 1.0):
        return math.inf
    l0 = 0.5 * float(np.sum(h * s0))
    if l0 <= target:
        return 0.0
    chunk = 64
    start = 1
    prev = l0
    while start <= max_steps:
        t = np.arange(start, min(start + chunk, max_steps + 1), dtype=float)
        L = loss_curve_sgd(h, c, s0, eps, B, t)
        hit = np.nonzero(L <= target)[0]
        if hit.size:
            k = int(hit[0])
            before = prev if k == 0 else float(L[k - 1])
            after = float(L[k])
            tt = int(t[k])
            return tt - 1 + math.log(before / target) / math.log(before / after)
        prev = float(L[-1])
        start += chunk
        chunk = min(2 * chunk, 65536)
    return math.inf


def momentum_curve(h, c, s0, eps, m, B):
    """E L at an array of steps by the NQM notebook's method: eigen-decompose each coordinate's 3x3
    transition matrix of (E x^2, E v^2, E xv) numerically (numpy.linalg.eig, complex)."""
    a = eps * h
    q = np.zeros_like(h) if B is None else eps * eps * c / B
    T = np.zeros((h.size, 3, 3))
    T[:, :, 1] = m * m
    T[:, 0, 0] = (1 - a) ** 2
    T[:, 1, 0] = a * a
    T[:, 2, 0] = -(1 - a) * a
    T[:, 0, 2] = 2 * (1 - a) * m
    T[:, 1, 2] = -2 * a * m
    T[:, 2, 2] = (1 - 2 * a) * m
    e, V = np.linalg.eig(T)
    e = e.astype(complex)
    V = V.astype(complex)
    Vi = np.linalg.inv(V)
    log_e = np.log(e)
    p0 = np.zeros((h.size, 3))
    p0[:, 0] = s0
    noise = np.repeat(q[:, None], 3, axis=1)
    ca = np.einsum('nij,nj->ni', Vi, p0)
    cb = np.einsum('nij,nj->ni', Vi, noise)
    star = cb / (1 - e)
    row = V[:, 0, :]

    def at(t):
        et = np.exp(t[:, None, None] * log_e[None, :, :])
        x = (row[None, :, :] * (et * (ca - star)[None, :, :] + star[None, :, :])).sum(axis=2).real
        return 0.5 * (x * h[None, :]).sum(axis=1)
    return at


def first_crossing_momentum(h, c, s0, eps, m, B, target, max_steps):
    if np.any(eps * h >= 2 * (1 + m)):
        return math.inf
    at = momentum_curve(h, c, s0, eps, m, B)
    prev = 0.5 * float(np.sum(h * s0))
    if prev <= target:
        return 0.0
    chunk = 64
    start = 1
    while start <= max_steps:
        t = np.arange(start, min(start + chunk, max_steps + 1), dtype=float)
        L = at(t)
        hit = np.nonzero(L <= target)[0]
        if hit.size:
            k = int(hit[0])
            before = prev if k == 0 else float(L[k - 1])
            after = float(L[k])
            return int(t[k]) - 1 + math.log(before / target) / math.log(before / after)
        prev = float(L[-1])
        start += chunk
        chunk = min(2 * chunk, 2048)
    return math.inf


def best_steps(h, c, s0, B, m, target, max_steps):
    cross = (lambda e: first_crossing_sgd(h, c, s0, e, B, target, max_steps)) if m == 0 else \
        (lambda e: first_crossing_momentum(h, c, s0, e, m, B, target, max_steps))
    hi = math.log(2 * (1 + m) / h.max()) - 1e-12
    if B is not None:
        # the steady-state risk ~ eps tr C / (4 B (1 - m)) must stay below the target
        hi = min(hi, math.log(8 * target * B * (1 - m) / float(np.sum(c))))
    grid = np.linspace(hi - 2 * math.log(10), hi, 41)
    vals = [cross(math.exp(g)) for g in grid]
    k = int(np.argmin(vals))
    lo_b, hi_b = grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]
    r = minimize_scalar(lambda g: cross(math.exp(g)), bounds=(lo_b, hi_b), method='bounded', options={'xatol': 1e-11})
    if r.fun <= vals[k]:
        return float(r.fun), math.exp(float(r.x))
    return float(vals[k]), math.exp(float(grid[k]))


def flow_crossing(h, c, s0, kappa, target):
    xs = kappa * c / (2 * h)
    linf = 0.5 * float(np.sum(h * xs))
    w = 0.5 * h * (s0 - xs)
    f = lambda tau: linf + float(np.sum(w * np.exp(-2 * h * tau))) - target
    if f(0.0) <= 0:
        return 0.0
    taus = np.linspace(0.0, 40.0 / h.min(), 20001)
    vals = linf + (w[None, :] * np.exp(-2 * h[None, :] * taus[:, None])).sum(axis=1) - target
    hit = np.nonzero(vals <= 0)[0]
    if not hit.size:
        return math.inf
    k = int(hit[0])
    return brentq(f, taus[k - 1], taus[k], xtol=1e-300, rtol=1e-15, maxiter=500)


def min_examples(h, c, s0, target):
    kmax = 4 * target / float(np.sum(c))
    hi = math.log(kmax) - 1e-12
    grid = np.linspace(hi - 6 * math.log(10), hi, 121)
    g = lambda lk: flow_crossing(h, c, s0, math.exp(lk), target) / math.exp(lk)
    vals = [g(x) for x in grid]
    k = int(np.argmin(vals))
    r = minimize_scalar(g, bounds=(grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]), method='bounded', options={'xatol': 1e-11})
    return (float(r.fun), math.exp(float(r.x))) if r.fun <= vals[k] else (float(vals[k]), math.exp(float(grid[k])))


def main():
    req = json.load(sys.stdin)
    h = np.array(req['curvature'], dtype=float)
    c = np.array(req['noise'], dtype=float)
    s0 = np.array(req['start'], dtype=float)
    target = float(req['target'])
    max_steps = int(req.get('maxSteps', 10 ** 6))
    out = {}
    if req.get('losses'):
        # E L_t at given (eps, m, B, t) by the recursion (heavy ball) or the notebook's closed form (m = 0)
        res = []
        for q in req['losses']:
            eps, m, B, t = q['lr'], q['momentum'], q.get('batchSize'), int(q['step'])
            if m == 0:
                res.append(float(loss_curve_sgd(h, c, s0, eps, B, np.array([float(t)]))[0]))
            else:
                a = eps * h
                qn = np.zeros_like(h) if B is None else eps * eps * c / B
                X, V, Z = s0.copy(), np.zeros_like(h), np.zeros_like(h)
                for _ in range(t):
                    X, V, Z = ((1 - a) ** 2 * X + m * m * V + 2 * (1 - a) * m * Z + qn,
                               a * a * X + m * m * V - 2 * a * m * Z + qn,
                               -a * (1 - a) * X + m * m * V + (1 - 2 * a) * m * Z + qn)
                res.append(0.5 * float(np.sum(h * X)))
        out['losses'] = res
    if req.get('crossings'):
        # fractional steps to the target at given (eps, m, B)
        out['crossings'] = [
            (first_crossing_sgd(h, c, s0, q['lr'], q.get('batchSize'), target, max_steps) if q['momentum'] == 0
             else first_crossing_momentum(h, c, s0, q['lr'], q['momentum'], q.get('batchSize'), target, max_steps))
            for q in req['crossings']]
    if req.get('batchSizes'):
        out['steps'] = [best_steps(h, c, s0, B, req.get('momentum', 0.0), target, max_steps)[0] for B in req['batchSizes']]
    if req.get('critical'):
        m = req.get('momentum', 0.0)
        s_min, lr_min = best_steps(h, c, s0, None, m, target, max_steps)
        e_min, kappa = min_examples(h, c, s0, target)
        out.update({'sMin': s_min, 'lrMin': lr_min, 'eMin': e_min, 'kappaMin': kappa, 'bCrit': e_min / s_min})
        if req.get('knee'):
            g = lambda lb: best_steps(h, c, s0, math.exp(lb), m, target, max_steps)[0] - 2 * s_min
            lb0 = math.log(e_min / s_min)
            lo, hi = lb0 - 1, lb0 + 1
            while g(lo) <= 0:
                lo -= 1
            while g(hi) > 0:
                hi += 1
            out['bKnee'] = math.exp(brentq(g, lo, hi, xtol=1e-12, rtol=1e-13))
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
