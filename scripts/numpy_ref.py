#!/usr/bin/env python3
"""Reference implementations of the sgd-sde benchmark workloads in NumPy: what a researcher would
write instead. Same workloads as `sgd-sde bench` (docs/performance.md, "The benchmark workloads").
Prints one JSON object: {workload: {"seconds": s, "rate": r, "unit": u}}.
Run from the repository root, on an otherwise idle machine, one after the other with `sgd-sde bench --json`:
    OPENBLAS_NUM_THREADS=2 python3 scripts/numpy_ref.py [--only W1,W2] [--scale 1.0]
and compare the ratio of rates, not absolute times."""
import json, sys, time
import numpy as np

def lin_data(rng, n, d):
    spec = 1.0 / np.arange(1, d + 1)                      # input covariance eigenvalues 1, 1/2, ..., 1/d
    X = rng.normal(size=(n, d)) * np.sqrt(spec)
    w_true = rng.normal(size=d)
    y = X @ w_true + 0.5 * rng.normal(size=n)
    return X, y

def w1_sgd_ensemble(rng, scale):
    # SGD on finite-data least squares, R replicas, B examples without replacement per step
    n, d, B, R, steps, eps = 1024, 32, 16, 256, int(2000 * scale), 0.05
    X, y = lin_data(rng, n, d)
    W = np.zeros((R, d))
    t = time.perf_counter()
    for _ in range(steps):
        idx = np.argpartition(rng.random((R, n)), B, axis=1)[:, :B]   # B distinct examples per replica
        xb = X[idx]                                       # R x B x d
        r = np.einsum('rbd,rd->rb', xb, W) - y[idx]
        g = np.einsum('rbd,rb->rd', xb, r) / B
        W -= eps * g
    s = time.perf_counter() - t
    return s, R * steps / s, 'replica-steps/s'

def w2_sde_state_noise(rng, scale):
    # Euler-Maruyama of dw = -grad L dt + sqrt(eps c S(w)) dW, S from all per-example gradients
    n, d, B, R, steps, eps = 1024, 32, 16, 64, int(500 * scale), 0.05
    X, y = lin_data(rng, n, d)
    c = (n - B) / (B * (n - 1))
    W = np.zeros((R, d))
    t = time.perf_counter()
    for _ in range(steps):
        r = W @ X.T - y                                   # R x n residuals
        G = r[:, :, None] * X[None, :, :]                 # R x n x d per-example gradients
        gbar = G.mean(axis=1)
        U = G - gbar[:, None, :]
        z = rng.normal(size=(R, n))
        noise = np.sqrt(eps * c * eps / n) * np.einsum('rn,rnd->rd', z, U)
        W += -eps * gbar + noise
    s = time.perf_counter() - t
    return s, R * steps / s, 'replica-steps/s'

def w3_mlp(rng, scale, B=100):
    # one hidden layer (784-800-10, ReLU, softmax), float32, B=100, SGD momentum 0.9
    n_in, h, k, steps, eps, m = 784, 800, 10, int(200 * scale), 0.1, 0.9
    Xall = rng.random((1000, n_in), dtype=np.float32)
    yall = rng.integers(0, k, 1000)
    W1 = (rng.normal(size=(n_in, h)) * np.sqrt(2 / n_in)).astype(np.float32); b1 = np.zeros(h, np.float32)
    W2 = (rng.normal(size=(h, k)) * np.sqrt(1 / h)).astype(np.float32); b2 = np.zeros(k, np.float32)
    V = [np.zeros_like(a) for a in (W1, b1, W2, b2)]
    t = time.perf_counter()
    for _ in range(steps):
        idx = rng.choice(1000, B, replace=False)
        x, yy = Xall[idx], yall[idx]
        a = x @ W1 + b1; hdn = np.maximum(a, 0)
        o = hdn @ W2 + b2; o -= o.max(1, keepdims=True); p = np.exp(o); p /= p.sum(1, keepdims=True)
        p[np.arange(B), yy] -= 1; p /= B
        gW2 = hdn.T @ p; gb2 = p.sum(0)
        dh = (p @ W2.T) * (a > 0)
        gW1 = x.T @ dh; gb1 = dh.sum(0)
        for i, (P, G) in enumerate(zip((W1, b1, W2, b2), (gW1, gb1, gW2, gb2))):
            V[i] = m * V[i] - eps * G; P += V[i]
    s = time.perf_counter() - t
    return s, B * steps / s, 'examples/s'

def w5_sweep_cells(rng, scale):
    # a batch-size sweep's cell mix: the W3 network at B = 10, 100 and 1000 (N = 1000), 200 steps each, one after the other
    total, secs = 0, 0.0
    for B in (10, 100, 1000):
        s, rate, _ = w3_mlp(np.random.default_rng(B), scale, B=B)
        total += rate * s; secs += s
    return secs, total / secs, 'examples/s'

def w4_evidence(rng, scale):
    # logistic regression, d = 785 (784 + bias), N = 800: Newton to the minimum and log det, 10 lambdas
    n, d = 800, 785
    X = np.hstack([rng.random((n, d - 1)), np.ones((n, 1))])
    yb = (X[:, :20].sum(1) + 0.5 * rng.normal(size=n) > 10).astype(float)
    lams = np.logspace(-2, 2, max(1, int(10 * scale)))
    t = time.perf_counter()
    for lam in lams:
        w = np.zeros(d)
        for _ in range(50):
            p = 1 / (1 + np.exp(-(X @ w)))
            g = X.T @ (p - yb) + lam * w
            Hm = (X * (p * (1 - p))[:, None]).T @ X + lam * np.eye(d)
            step = np.linalg.solve(Hm, g); w -= step
            if np.max(np.abs(step)) < 1e-10: break
        Lc = np.linalg.cholesky(Hm); logdet = 2 * np.log(np.diag(Lc)).sum()
    s = time.perf_counter() - t
    return s, len(lams) / s, 'lambdas/s'

WORK = {'W1': w1_sgd_ensemble, 'W2': w2_sde_state_noise, 'W3': w3_mlp, 'W4': w4_evidence, 'W5': w5_sweep_cells}

if __name__ == '__main__':
    only = list(WORK)
    scale = 1.0
    args = sys.argv[1:]
    if '--only' in args: only = args[args.index('--only') + 1].split(',')
    if '--scale' in args: scale = float(args[args.index('--scale') + 1])
    out = {}
    for name in only:
        s, rate, unit = WORK[name](np.random.default_rng(0), scale)
        out[name] = {'seconds': round(s, 4), 'rate': rate, 'unit': unit}
    print(json.dumps(out))
