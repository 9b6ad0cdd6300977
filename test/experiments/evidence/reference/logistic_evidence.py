"""Independent reference for the evidence at small λ (test/experiments/evidence/tiny-lambda.test.ts, not yet written).

Reads x (n×d float64, bias column included), y (n float64) and the λ values from the files named on
the command line, and prints one JSON line per λ: the minimum of C(ω) = Σ ln(1+e^z) − y z + (λ/2)|ω|²
found by Newton's method in the weight space (d×d systems, numpy), and
E = C(ω₀) + ½ [ln det(λI + XᵀDX) − d ln λ] − N ln 2 with the log-determinant from numpy's slogdet
of the d×d Hessian (a different formula from the N-side Sylvester determinant the toolkit uses).
λ are solved in the order given, each warm-started from the previous minimum.
"""
import json
import sys

import numpy as np


def cost(x, y, w, lam):
    z = x @ w
    return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * lam * w @ w)


def main():
    n, d = int(sys.argv[1]), int(sys.argv[2])
    x = np.fromfile(sys.argv[3], dtype=np.float64).reshape(n, d)
    y = np.fromfile(sys.argv[4], dtype=np.float64)
    lambdas = [float(v) for v in sys.argv[5].split(',')]
    w = np.zeros(d)
    for lam in lambdas:
        c = cost(x, y, w, lam)
        for it in range(500):
            z = x @ w
            p = 0.5 * (1.0 + np.tanh(0.5 * z))
            g = x.T @ (p - y) + lam * w
            scale = float(np.sum(np.abs(p - y) * np.linalg.norm(x, axis=1)) + lam * np.linalg.norm(w))
            if np.linalg.norm(g) <= 1e-10 * scale:
                break
            dvec = p * (1.0 - p)
            h = (x.T * dvec) @ x + lam * np.eye(d)
            step = np.linalg.solve(h, -g)
            t = 1.0
            dec = float(-g @ step)
            while t > 1e-12:
                cn = cost(x, y, w + t * step, lam)
                if cn <= c - 1e-4 * t * dec:
                    break
                t *= 0.5
            if t <= 1e-12:
                break
            w = w + t * step
            c = cost(x, y, w, lam)
        z = x @ w
        p = 0.5 * (1.0 + np.tanh(0.5 * z))
        dvec = p * (1.0 - p)
        h = (x.T * dvec) @ x + lam * np.eye(d)
        sign, logdet = np.linalg.slogdet(h)
        ratio = logdet - d * np.log(lam)
        e = c + 0.5 * ratio - n * np.log(2.0)
        print(json.dumps({"lambda": lam, "cost": c, "logDetRatio": ratio, "E": e, "iterations": it, "sign": float(sign)}))


if __name__ == "__main__":
    main()
