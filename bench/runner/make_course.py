#!/usr/bin/env python3
"""Writes the runner benchmark's course: N Markdown lessons for `lessons`, and
the equivalent Jupyter notebooks (NumPy) for `jupyter nbconvert --execute`.

Each lesson trains a 2-16-16-3 ReLU MLP on a 3-class spiral (300 points) with
mini-batch SGD + momentum for EPOCHS epochs in three cells (data, model and
training, evaluation), prints the final loss and accuracy, and makes one
claim. The notebook does the same computation with a hand-written NumPy MLP.

Usage: make_course.py OUT_DIR [--lessons 10] [--epochs 60]
"""
import argparse
import json
import os

LESSON = """---
title: Benchmark lesson {n}
summary: Spiral MLP, run {n}.
order: {n}
---

# Benchmark lesson {n}

Prose that a prose-edit benchmark changes.

```swift
let data = SyntheticData.spiral(pointsPerClass: 100, classes: 3, noise: 0.2, seed: {n})
print("samples:", data.count)
```

```swift
let model = Sequential(seed: {n}) {{
  Dense(2, 16, init: .heNormal()); ReLU()
  Dense(16, 16, init: .heNormal()); ReLU()
  Dense(16, 3, init: .heNormal())
}}
let history = try model.fit(data, loss: .crossEntropy(), optimizer: SGD(learningRate: 0.1, momentum: 0.9),
                            epochs: {epochs}, batchSize: 32, shuffleSeed: {n})
print("final loss:", history.trainLoss.last!)
```

```swift
let accuracy = model.accuracy(on: data)
print("accuracy:", accuracy)
expect(accuracy > 0.5, "the network beats chance (\\(accuracy))")
```
"""

CELLS = [
    """import numpy as np
rng = np.random.default_rng({n})
K, N = 3, 100
X = np.zeros((N * K, 2), dtype=np.float32)
y = np.zeros(N * K, dtype=np.int64)
for k in range(K):
    r = np.linspace(0.0, 1.0, N)
    t = 4 * k + 4 * r + rng.normal(size=N) * 0.2
    X[k * N:(k + 1) * N] = np.c_[r * np.sin(t), r * np.cos(t)]
    y[k * N:(k + 1) * N] = k
print("samples:", len(X))""",
    """def he(fan_in, fan_out):
    return (rng.normal(size=(fan_in, fan_out)) * np.sqrt(2.0 / fan_in)).astype(np.float32)
sizes = [2, 16, 16, 3]
W = [he(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
b = [np.zeros(s, dtype=np.float32) for s in sizes[1:]]
vW = [np.zeros_like(w) for w in W]
vb = [np.zeros_like(v) for v in b]
def forward(x):
    hs = [x]
    for i in range(3):
        z = hs[-1] @ W[i] + b[i]
        hs.append(np.maximum(z, 0) if i < 2 else z)
    return hs
lr, mu = 0.1, 0.9
for epoch in range({epochs}):
    order = rng.permutation(len(X))
    losses = []
    for start in range(0, len(X), 32):
        idx = order[start:start + 32]
        hs = forward(X[idx])
        logits = hs[-1] - hs[-1].max(axis=1, keepdims=True)
        p = np.exp(logits); p /= p.sum(axis=1, keepdims=True)
        losses.append(-np.log(p[np.arange(len(idx)), y[idx]]).mean())
        g = p; g[np.arange(len(idx)), y[idx]] -= 1; g /= len(idx)
        for i in reversed(range(3)):
            gW, gb = hs[i].T @ g, g.sum(axis=0)
            if i > 0:
                g = (g @ W[i].T) * (hs[i] > 0)
            vW[i] = mu * vW[i] + gW; vb[i] = mu * vb[i] + gb
            W[i] -= lr * vW[i]; b[i] -= lr * vb[i]
print("final loss:", float(np.mean(losses)))""",
    """accuracy = float((forward(X)[-1].argmax(axis=1) == y).mean())
print("accuracy:", accuracy)
assert accuracy > 0.5, accuracy""",
]


def notebook(n, epochs):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# Benchmark lesson %d\n" % n]}]
    for source in CELLS:
        cells.append({
            "cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": source.format(n=n, epochs=epochs),
        })
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--lessons", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=60)
    args = parser.parse_args()
    os.makedirs(os.path.join(args.out, "lessons"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "notebooks"), exist_ok=True)
    for n in range(1, args.lessons + 1):
        with open(os.path.join(args.out, "lessons", "%02d-bench.md" % n), "w") as f:
            f.write(LESSON.format(n=n, epochs=args.epochs))
        with open(os.path.join(args.out, "notebooks", "%02d-bench.ipynb" % n), "w") as f:
            json.dump(notebook(n, args.epochs), f, indent=1)


if __name__ == "__main__":
    main()
