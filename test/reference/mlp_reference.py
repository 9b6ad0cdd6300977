#!/usr/bin/env python3
"""
Independent NumPy reference of the shallow-network training loop (Smith & Le 2017 §4-5; our
src/models/mlp.ts + src/dynamics/train-mlp.ts), written from the maths, not from our code:

    h = relu(x W1 + b1),  z = h W2 + b2,  L_B = (1/B) sum_{b in batch} CE(softmax(z_b), y_b)
    paper:  v <- m v + grad L_B,   w <- w - eps v        (Smith & Le eq. 15, TF MomentumOptimizer)
    ours:   v <- m v - eps grad L_B, w <- w + v          (same iterates at constant eps)

Two modes.
  replay DIR: read the case our code exported (train/test images and labels, initial parameters,
      the minibatch index sequence; little-endian float32/int32 files described by DIR/case.json),
      run the same steps, print one JSON line {"losses": [minibatch mean CE per step],
      "trainLoss", "testAccuracy"}. --dtype float32|float64, --convention paper|ours.
  train DIR: the one-factor-at-a-time diagnosis: same data as DIR, but its own initialisation and
      minibatches (numpy Generator seeded by --seed), options --init, --pixels, --dtype, --guard;
      prints test accuracy and loss after --steps steps (and a few curve points).
"""
import argparse
import json
import os
import sys

import numpy as np


def load_case(d):
    with open(os.path.join(d, 'case.json')) as f:
        meta = json.load(f)

    def arr(name, dtype, shape):
        a = np.fromfile(os.path.join(d, name), dtype=dtype)
        return a.reshape(shape)

    dd, h, k = meta['d'], meta['hidden'], meta['classes']
    case = {
        'meta': meta,
        'xtr': arr('train_x.f32', '<f4', (meta['n'], dd)),
        'ytr': arr('train_y.i32', '<i4', (meta['n'],)),
        'xte': arr('test_x.f32', '<f4', (meta['nTest'], dd)),
        'yte': arr('test_y.i32', '<i4', (meta['nTest'],)),
    }
    if os.path.exists(os.path.join(d, 'params.f32')):
        p = arr('params.f32', '<f4', (-1,))
        o1 = dd * h
        o2 = o1 + h
        o3 = o2 + h * k
        case['params'] = (p[:o1].reshape(dd, h), p[o1:o2], p[o2:o3].reshape(h, k), p[o3:o3 + k])
    if os.path.exists(os.path.join(d, 'batches.i32')):
        case['batches'] = arr('batches.i32', '<i4', (meta['steps'], meta['batchSize']))
    return case


def forward(params, x):
    w1, b1, w2, b2 = params
    hid = np.maximum(x @ w1 + b1, 0)
    return hid, hid @ w2 + b2


def mean_ce(z, y):
    """mean cross-entropy and softmax, with the max subtracted (stable for any finite logits)"""
    zmax = z.max(axis=1, keepdims=True)
    e = np.exp(z - zmax)
    s = e.sum(axis=1, keepdims=True)
    logp = (z - zmax) - np.log(s)
    return -logp[np.arange(len(y)), y].mean(), e / s


def grad_mean_ce(params, x, y):
    w1, b1, w2, b2 = params
    hid, z = forward(params, x)
    loss, p = mean_ce(z, y)
    dz = p
    dz[np.arange(len(y)), y] -= 1
    dz /= len(y)
    gw2 = hid.T @ dz
    gb2 = dz.sum(axis=0)
    dh = (dz @ w2.T) * (hid > 0)
    gw1 = x.T @ dh
    gb1 = dh.sum(axis=0)
    return loss, (gw1, gb1, gw2, gb2)


def evaluate(params, x, y, chunk=2000):
    correct = 0
    total = 0.0
    for s in range(0, len(y), chunk):
        _, z = forward(params, x[s:s + chunk])
        loss, _ = mean_ce(z, y[s:s + chunk])
        total += loss * len(z)
        correct += int((z.argmax(axis=1) == y[s:s + chunk]).sum())
    return correct / len(y), total / len(y)


def step(params, vel, grads, lr, m, convention):
    for p, v, g in zip(params, vel, grads):
        if convention == 'paper':
            v *= m
            v += g
            p -= lr * v
        elif convention == 'dampened':  # v <- m v + (1-m) g (an average of gradients; Keras-era EMA)
            v *= m
            v += (1 - m) * g
            p -= lr * v
        else:
            v *= m
            v -= lr * g
            p += v


def replay(args):
    case = load_case(args.dir)
    meta = case['meta']
    dt = np.dtype(args.dtype)
    params = tuple(np.array(a, dtype=dt) for a in case['params'])
    vel = tuple(np.zeros_like(a) for a in params)
    xtr = case['xtr'].astype(dt)
    ytr = case['ytr']
    lr = dt.type(args.lr if args.lr is not None else meta['lr'])
    m = dt.type(args.momentum if args.momentum is not None else meta['momentum'])
    losses = []
    for t in range(meta['steps']):
        idx = case['batches'][t]
        loss, grads = grad_mean_ce(params, xtr[idx], ytr[idx])
        losses.append(float(loss))
        if not np.isfinite(loss):
            break
        step(params, vel, grads, lr, m, args.convention)
    acc, _ = evaluate(params, case['xte'].astype(dt), case['yte'])
    _, trl = evaluate(params, xtr, ytr)
    print(json.dumps({'losses': losses, 'trainLoss': float(trl), 'testAccuracy': float(acc)}))


def init_params(rng, d, h, k, scheme, dt):
    if scheme == 'he':            # ours: N(0, 2/d), N(0, 1/h), zero biases
        w1 = rng.normal(0, np.sqrt(2 / d), (d, h))
        w2 = rng.normal(0, np.sqrt(1 / h), (h, k))
    elif scheme == 'glorot':      # glorot_uniform (Keras/TF-1 layers default)
        a1 = np.sqrt(6 / (d + h))
        a2 = np.sqrt(6 / (h + k))
        w1 = rng.uniform(-a1, a1, (d, h))
        w2 = rng.uniform(-a2, a2, (h, k))
    elif scheme == 'lecun-uniform':  # torch.nn.Linear / Torch7 default: U(+-1/sqrt(fan_in))
        w1 = rng.uniform(-1 / np.sqrt(d), 1 / np.sqrt(d), (d, h))
        w2 = rng.uniform(-1 / np.sqrt(h), 1 / np.sqrt(h), (h, k))
    elif scheme == 'trunc0.1':    # TF tutorials: truncated normal, std 0.1
        def tn(shape):
            x = rng.normal(0, 0.1, shape)
            bad = np.abs(x) > 0.2
            while bad.any():
                x[bad] = rng.normal(0, 0.1, bad.sum())
                bad = np.abs(x) > 0.2
            return x
        w1 = tn((d, h))
        w2 = tn((h, k))
    else:
        raise SystemExit(f'unknown init {scheme}')
    b1 = np.zeros(h)
    b2 = np.zeros(k)
    return tuple(a.astype(dt) for a in (w1, b1, w2, b2))


def train(args):
    case = load_case(args.dir)
    dt = np.dtype(args.dtype)
    xtr, ytr, xte, yte = case['xtr'], case['ytr'], case['xte'], case['yte']
    if args.pixels == 'centred':
        mu = xtr.mean(axis=0)
        xtr = xtr - mu
        xte = xte - mu
    elif args.pixels == '255':
        xtr = xtr * 255
        xte = xte * 255
    xtr = xtr.astype(dt)
    xte = xte.astype(dt)
    n, d = xtr.shape
    k = int(ytr.max()) + 1
    rng = np.random.default_rng(args.seed)
    params = init_params(rng, d, args.hidden, k, args.init, dt)
    vel = tuple(np.zeros_like(a) for a in params)
    lr = dt.type(args.lr)
    m = dt.type(args.momentum)
    B = args.batch
    perm = np.arange(n)
    curve = []
    max_loss = 0.0
    diverged_at = None
    every = max(1, args.steps // 10)
    for t in range(args.steps):
        if t % every == 0:
            acc, _ = evaluate(params, xte, yte)
            curve.append([t, round(acc, 4)])
        # a uniform B-subset each step (partial Fisher-Yates, as the without-replacement sampler)
        for j in range(B):
            r = j + rng.integers(n - j)
            perm[j], perm[r] = perm[r], perm[j]
        idx = perm[:B].copy()
        with np.errstate(all='ignore'):
            loss, grads = grad_mean_ce(params, xtr[idx], ytr[idx])
        max_loss = max(max_loss, float(loss)) if np.isfinite(loss) else max_loss
        if not np.isfinite(loss):
            diverged_at = t
            if args.guard == 'stop':
                break
            continue  # 'skip': drop the step (what a guard that lets runs recover would do)
        step(params, vel, grads, lr, m, args.convention)
    with np.errstate(all='ignore'):
        acc, te_loss = evaluate(params, xte, yte)
        tr_acc, tr_loss = evaluate(params, xtr, ytr)
    print(json.dumps({'convention': args.convention, 'init': args.init, 'pixels': args.pixels, 'dtype': args.dtype, 'guard': args.guard,
                      'B': B, 'lr': args.lr, 'momentum': args.momentum, 'steps': args.steps, 'seed': args.seed,
                      'testAccuracy': float(acc), 'testLoss': float(te_loss), 'trainAccuracy': float(tr_acc), 'trainLoss': float(tr_loss),
                      'maxBatchLoss': max_loss, 'divergedAt': diverged_at, 'curve': curve}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('mode', choices=['replay', 'train'])
    ap.add_argument('dir')
    ap.add_argument('--dtype', default='float32', choices=['float32', 'float64'])
    ap.add_argument('--convention', default='paper', choices=['paper', 'ours', 'dampened'])
    ap.add_argument('--lr', type=float)
    ap.add_argument('--momentum', type=float)
    ap.add_argument('--batch', type=int, default=30)
    ap.add_argument('--steps', type=int, default=10000)
    ap.add_argument('--hidden', type=int, default=800)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--init', default='he')
    ap.add_argument('--pixels', default='unit', choices=['unit', 'centred', '255'])
    ap.add_argument('--guard', default='stop', choices=['stop', 'skip'])
    args = ap.parse_args()
    if args.mode == 'replay':
        replay(args)
    else:
        if args.lr is None:
            args.lr = 1.0
        if args.momentum is None:
            args.momentum = 0.9
        train(args)


if __name__ == '__main__':
    sys.exit(main())
