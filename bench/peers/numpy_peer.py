#!/usr/bin/env python3
"""NumPy peer: the bench workloads with a hand-written MLP (forward and
backward by hand), single-threaded BLAS by default, float32 throughout.

Layers: Dense (He-normal weights, zero bias), ReLU, BatchNorm (batch
statistics in training, running averages kept like PyTorch), Dropout
(inverted), softmax cross-entropy; optimizers SGD with momentum and Adam
(PyTorch's update rules). Everything is vectorised over the batch: no Python
loop touches individual samples.

    python numpy_peer.py [--quick] [--runs N] [--workload W1,W2,W3,gemm] [--json FILE]

Prints JSON on stdout (a short table on stderr).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

ARGS = common.parse_args(__doc__.splitlines()[0])
common.pin_threads(ARGS.threads)  # before NumPy loads OpenBLAS

import numpy as np  # noqa: E402

F32 = np.float32


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.w = (rng.standard_normal((n_in, n_out), dtype=F32) * F32(np.sqrt(2.0 / n_in))).astype(F32)
        self.b = np.zeros(n_out, dtype=F32)
        self.dw = np.zeros_like(self.w)
        self.db = np.zeros_like(self.b)

    def forward(self, x, training):
        self.x = x
        return x @ self.w + self.b

    def backward(self, g):
        np.matmul(self.x.T, g, out=self.dw)
        np.sum(g, axis=0, out=self.db)
        return g @ self.w.T

    def params(self):
        return [(self.w, self.dw), (self.b, self.db)]


class ReLU:
    def forward(self, x, training):
        self.mask = x > 0
        return x * self.mask

    def backward(self, g):
        return g * self.mask

    def params(self):
        return []


class BatchNorm:
    def __init__(self, n, momentum=0.1, eps=1e-5):
        self.gamma = np.ones(n, dtype=F32)
        self.beta = np.zeros(n, dtype=F32)
        self.dgamma = np.zeros_like(self.gamma)
        self.dbeta = np.zeros_like(self.beta)
        self.running_mean = np.zeros(n, dtype=F32)
        self.running_var = np.ones(n, dtype=F32)
        self.momentum, self.eps = F32(momentum), F32(eps)

    def forward(self, x, training):
        if not training:
            return (x - self.running_mean) / np.sqrt(self.running_var + self.eps) * self.gamma + self.beta
        n = x.shape[0]
        mean = x.mean(axis=0)
        centered = x - mean
        var = (centered * centered).mean(axis=0)
        self.inv_std = F32(1) / np.sqrt(var + self.eps)
        self.xhat = centered * self.inv_std
        m = self.momentum
        self.running_mean = (1 - m) * self.running_mean + m * mean
        unbiased = var * F32(n / max(n - 1, 1))
        self.running_var = (1 - m) * self.running_var + m * unbiased
        return self.xhat * self.gamma + self.beta

    def backward(self, g):
        n = g.shape[0]
        np.sum(g * self.xhat, axis=0, out=self.dgamma)
        np.sum(g, axis=0, out=self.dbeta)
        dxhat = g * self.gamma
        return (self.inv_std / F32(n)) * (
            F32(n) * dxhat - dxhat.sum(axis=0) - self.xhat * (dxhat * self.xhat).sum(axis=0))

    def params(self):
        return [(self.gamma, self.dgamma), (self.beta, self.dbeta)]


class Dropout:
    def __init__(self, p, rng):
        self.p, self.rng = p, rng

    def forward(self, x, training):
        if not training or self.p == 0:
            self.mask = None
            return x
        self.mask = (self.rng.random(x.shape, dtype=F32) >= self.p) * F32(1 / (1 - self.p))
        return x * self.mask

    def backward(self, g):
        return g if self.mask is None else g * self.mask

    def params(self):
        return []


class Model:
    def __init__(self, layers):
        self.layers = layers

    def forward(self, x, training=True):
        for layer in self.layers:
            x = layer.forward(x, training)
        return x

    def backward(self, g):
        for layer in reversed(self.layers):
            g = layer.backward(g)

    def params(self):
        return [p for layer in self.layers for p in layer.params()]


def softmax_cross_entropy(logits, labels):
    """Mean loss and its gradient w.r.t. the logits."""
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    sums = exp.sum(axis=1, keepdims=True)
    rows = np.arange(n)
    loss = float(np.mean(np.log(sums[:, 0]) - shifted[rows, labels]))
    grad = exp / sums
    grad[rows, labels] -= 1
    grad *= F32(1 / n)
    return loss, grad


class SGD:
    """PyTorch's SGD with momentum: v = mu v + g; p -= lr v."""

    def __init__(self, params, lr, momentum):
        self.params, self.lr, self.mu = params, F32(lr), F32(momentum)
        self.velocity = [np.zeros_like(p) for p, _ in params]

    def step(self):
        for (p, g), v in zip(self.params, self.velocity):
            v *= self.mu
            v += g
            p -= self.lr * v


class Adam:
    """PyTorch's Adam (betas 0.9, 0.999, eps 1e-8)."""

    def __init__(self, params, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        self.params = params
        self.lr, self.b1, self.b2, self.eps = lr, beta1, beta2, F32(eps)
        self.m = [np.zeros_like(p) for p, _ in params]
        self.v = [np.zeros_like(p) for p, _ in params]
        self.t = 0

    def step(self):
        self.t += 1
        b1, b2 = F32(self.b1), F32(self.b2)
        c1 = 1 - self.b1 ** self.t
        c2 = 1 - self.b2 ** self.t
        step_size = F32(self.lr / c1)
        root_c2 = F32(np.sqrt(c2))
        for (p, g), m, v in zip(self.params, self.m, self.v):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * (g * g)
            p -= step_size * m / (np.sqrt(v) / root_c2 + self.eps)


def build(name, seed):
    rng = np.random.default_rng(seed)
    if name == "W1":
        model = Model([Dense(2, 16, rng), ReLU(), Dense(16, 16, rng), ReLU(), Dense(16, 3, rng)])
        return model, SGD(model.params(), 0.1, 0.9)
    if name == "W2":
        model = Model([
            Dense(64, 128, rng), BatchNorm(128), ReLU(), Dropout(0.2, rng),
            Dense(128, 64, rng), BatchNorm(64), ReLU(), Dropout(0.2, rng),
            Dense(64, 10, rng)])
        return model, Adam(model.params(), 1e-3)
    model = Model([Dense(784, 256, rng), ReLU(), Dense(256, 256, rng), ReLU(), Dense(256, 10, rng)])
    return model, Adam(model.params(), 1e-3)


def trainer(name):
    def train(x, y, epochs, batch, seed):
        model, opt = build(name, seed)
        shuffle = np.random.default_rng(seed)
        n = len(x)

        def loop():
            loss_sum, correct = 0.0, 0
            for _ in range(epochs):
                order = shuffle.permutation(n)
                loss_sum, correct = 0.0, 0
                for start in range(0, n, batch):
                    idx = order[start:start + batch]
                    xb, yb = x[idx], y[idx]
                    logits = model.forward(xb, training=True)
                    loss, grad = softmax_cross_entropy(logits, yb)
                    model.backward(grad)
                    opt.step()
                    loss_sum += loss * len(idx)
                    correct += int((logits.argmax(axis=1) == yb).sum())
            return loss_sum / n, correct / n

        seconds, (loss, acc) = common.timed(loop)
        return seconds, loss, acc

    return train


def main():
    result = {"impl": "numpy", "threads": ARGS.threads, "quick": ARGS.quick, "runs": ARGS.runs,
              "versions": {"numpy": np.__version__, "python": sys.version.split()[0]},
              "workloads": {}}
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        result["versions"]["blas"] = f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # older NumPy: not essential
        pass
    for name in ("W1", "W2", "W3"):
        if name in ARGS.workloads:
            result["workloads"][name] = common.measure_workload(np, name, ARGS, trainer(name))
    if "GEMM" in ARGS.workloads:
        result["gemm"] = []

        def make(n):
            rng = np.random.default_rng(n)
            return rng.standard_normal((n, n), dtype=F32), rng.standard_normal((n, n), dtype=F32)

        for n in ARGS.gemm_sizes:
            g = common.measure_gemm(np, n, ARGS.runs, lambda a, b: a @ b, make, quick=ARGS.quick)
            g["threads"] = ARGS.threads
            result["gemm"].append(g)
    common.emit(result, ARGS)


if __name__ == "__main__":
    main()
