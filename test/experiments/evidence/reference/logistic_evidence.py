"""Independent NumPy/SciPy reference for the evidence at small λ (test/experiments/evidence/tiny-lambda.test.ts).

Usage: logistic_evidence.py N D X_FILE Y_FILE LAMBDAS
Reads x (N×D float64, bias column included), y (N float64 in {0, 1}) and comma-separated λ values,
and prints one JSON line per λ: the minimum ω₀ of
    C(ω) = Σ_i softplus(−m_i) + (λ/2)|ω|²,   m_i = (2y_i − 1) x_i·ω,
found by Newton's method in the D-dimensional weight space (D×D solves), and
    E = C(ω₀) + ½ [ln det(λI + XᵀDX) − D ln λ] − N ln 2,   D = diag(σ(z)σ(−z)).
The log-determinant ratio is Σ_j ln(1 + μ_j/λ) over the eigenvalues μ_j = s_j² of XᵀDX, s_j the
singular values of D½X (LAPACK's SVD; the D − N zero eigenvalues add ln 1 = 0). This is the D-space
formula in the eigenbasis, not the N×N Sylvester determinant the toolkit uses, and unlike an LU
slogdet of the D×D Hessian it keeps its relative accuracy when the curvatures span 1e-8 … 1e2
(`logDetRatioSlogdet` reports that one too, as a cross-check).

Every quantity is evaluated without cancellation at large margins: softplus(−m) by logaddexp,
σ(z) − y = −(2y − 1) σ(−m) by expit, σ(z)σ(−z) by expit. Newton stops when |∇C| ≤ 1e-10 · Σ_i |σ(z_i) − y_i| |x_i| + λ|ω|
or when the line search finds no decrease (the rounding floor); `converged` says which,
`relativeGradient` how close. λ are solved in the order given, each warm-started from the previous minimum.
"""
import json
import sys

import numpy as np
from scipy.special import expit


def cost(x, sign, w, lam):
    m = sign * (x @ w)
    return float(np.sum(np.logaddexp(0.0, -m)) + 0.5 * lam * (w @ w))


def main():
    n, d = int(sys.argv[1]), int(sys.argv[2])
    x = np.fromfile(sys.argv[3], dtype=np.float64).reshape(n, d)
    y = np.fromfile(sys.argv[4], dtype=np.float64)
    lambdas = [float(v) for v in sys.argv[5].split(',')]
    sign = 2.0 * y - 1.0
    row_norm = np.linalg.norm(x, axis=1)
    w = np.zeros(d)
    for lam in lambdas:
        c = cost(x, sign, w, lam)
        converged = False
        relative_gradient = float('nan')
        for it in range(500):
            m = sign * (x @ w)
            residual = -sign * expit(-m)  # σ(z) − y without cancellation
            g = x.T @ residual + lam * w
            scale = float(np.sum(np.abs(residual) * row_norm) + lam * np.linalg.norm(w))
            relative_gradient = float(np.linalg.norm(g) / scale)
            if np.linalg.norm(g) <= 1e-10 * scale:
                converged = True
                break
            curvature = expit(m) * expit(-m)
            h = (x.T * curvature) @ x + lam * np.eye(d)
            step = np.linalg.solve(h, -g)
            dec = float(-g @ step)
            t = 1.0
            while t > 1e-12:
                if cost(x, sign, w + t * step, lam) <= c - 1e-4 * t * dec:
                    break
                t *= 0.5
            if t <= 1e-12:
                break  # no representable decrease: the rounding floor
            w = w + t * step
            c = cost(x, sign, w, lam)
        m = sign * (x @ w)
        curvature = expit(m) * expit(-m)
        s = np.linalg.svd(np.sqrt(curvature)[:, None] * x, compute_uv=False)
        ratio = float(np.sum(np.log1p(s * s / lam)))
        h = (x.T * curvature) @ x + lam * np.eye(d)
        slog_sign, logdet = np.linalg.slogdet(h)
        e = c + 0.5 * ratio - n * np.log(2.0)
        print(json.dumps({
            "lambda": lam, "cost": c, "logDetRatio": ratio, "logDetRatioSlogdet": float(logdet - d * np.log(lam)),
            "slogdetSign": float(slog_sign), "E": e, "iterations": it, "converged": converged, "relativeGradient": relative_gradient,
        }))


if __name__ == "__main__":
    main()
