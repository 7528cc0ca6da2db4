#!/usr/bin/env python3
"""Writes two lessons of the real course as Jupyter notebooks, so that the
runner benchmark can compare `lessons check` with `jupyter nbconvert --execute`
on real work:

    01-training-loop.ipynb  lessons/01-the-training-loop.md
    06-dropout.ipynb        lessons/06-dropout.md

The experiments are the lessons' own: the same data sizes, networks,
initializations, optimizers, learning rates, batch sizes, epochs and steps,
the same figures (matplotlib instead of the lessons' SVG charts) and the same
claims (`expect` prints each one; the last cell fails the notebook if one is
false, as a false claim fails `lessons check`). The network code is a small
hand-written NumPy MLP in the first cell, float32 throughout. Random numbers
come from NumPy, so the values differ from the Swift lessons' while the
claims hold. The prose is left out.

Usage: real_notebooks.py OUT_DIR --digits Sources/LessonKit/Resources/digits.csv
"""
import argparse
import json
import os

# The first cell of both notebooks: what TrainingCore and LessonKit provide to
# the lessons (layers, loss, optimizers, fit, expect, table).
LIBRARY = '''import numpy as np
import matplotlib.pyplot as plt
%matplotlib inline
F32 = np.float32
failed_claims = []

def expect(condition, claim):
    print(("passed: " if condition else "FAILED: ") + claim)
    if not condition:
        failed_claims.append(claim)

def table(**columns):
    names = list(columns)
    print(" | ".join(names))
    for row in zip(*columns.values()):
        print(" | ".join(v if isinstance(v, str) else "%.4f" % v for v in row))

class Dense:
    def __init__(self, n_in, n_out, rng, init="xavier", std=None):
        if init == "he":
            w = rng.standard_normal((n_in, n_out)) * np.sqrt(2 / n_in)
        elif init == "normal":
            w = rng.standard_normal((n_in, n_out)) * std
        else:  # Xavier uniform, TrainingCore's default
            limit = np.sqrt(6 / (n_in + n_out))
            w = rng.uniform(-limit, limit, (n_in, n_out))
        self.w, self.b = w.astype(F32), np.zeros(n_out, F32)
        self.dw, self.db = np.zeros_like(self.w), np.zeros_like(self.b)
    def forward(self, x, training):
        self.x = x
        return x @ self.w + self.b
    def backward(self, g):  # gradients accumulate until zero_grad
        self.dw += self.x.T @ g
        self.db += g.sum(axis=0)
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

class Dropout:  # inverted dropout; p is the drop probability
    def __init__(self, p, rng):
        self.p, self.rng = p, rng
    def forward(self, x, training):
        self.mask = None
        if not training or self.p == 0:
            return x
        self.mask = (self.rng.random(x.shape, dtype=F32) >= self.p) * F32(1 / (1 - self.p))
        return x * self.mask
    def backward(self, g):
        return g if self.mask is None else g * self.mask
    def params(self):
        return []

class Sequential:
    def __init__(self, *layers):
        self.layers = list(layers)
    def forward(self, x, training=False):
        for layer in self.layers:
            x = layer.forward(x, training)
        return x
    def backward(self, g):
        for layer in reversed(self.layers):
            g = layer.backward(g)
    def params(self):
        return [p for layer in self.layers for p in layer.params()]
    def zero_grad(self):
        for _, g in self.params():
            g[...] = 0

def cross_entropy(logits, labels):
    """Mean softmax cross-entropy and its gradient with respect to the logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    sums = exp.sum(axis=1, keepdims=True)
    rows = np.arange(len(labels))
    loss = float(np.mean(np.log(sums[:, 0]) - shifted[rows, labels]))
    grad = exp / sums
    grad[rows, labels] -= 1
    return loss, grad / F32(len(labels))

def softmax(logits):
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)

class SGD:
    def __init__(self, lr, momentum=0.0):
        self.lr, self.mu, self.velocity = F32(lr), F32(momentum), None
    def step(self, params):
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p, _ in params]
        for (p, g), v in zip(params, self.velocity):
            v *= self.mu
            v += g
            p -= self.lr * v

class Adam:
    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.b1, self.b2, self.eps, self.t, self.m, self.v = lr, beta1, beta2, eps, 0, None, None
    def step(self, params):
        if self.m is None:
            self.m = [np.zeros_like(p) for p, _ in params]
            self.v = [np.zeros_like(p) for p, _ in params]
        self.t += 1
        step = F32(self.lr / (1 - self.b1 ** self.t))
        root = F32(np.sqrt(1 - self.b2 ** self.t))
        for (p, g), m, v in zip(params, self.m, self.v):
            m *= F32(self.b1)
            m += F32(1 - self.b1) * g
            v *= F32(self.b2)
            v += F32(1 - self.b2) * g * g
            p -= step * m / (np.sqrt(v) / root + F32(self.eps))

def evaluate(model, x, y):
    logits = model.forward(x, training=False)
    return cross_entropy(logits, y)[0], float((logits.argmax(axis=1) == y).mean())

def accuracy(model, x, y):
    return evaluate(model, x, y)[1]

def fit(model, x, y, optimizer, epochs, batch_size, shuffle_seed, validation=None, on_epoch=None):
    """Mini-batch training; per-epoch history like TrainingCore's fit."""
    shuffler = np.random.default_rng(shuffle_seed)
    history = {"train_loss": [], "train_accuracy": [], "validation_loss": [], "validation_accuracy": []}
    for epoch in range(epochs):
        order = shuffler.permutation(len(x))
        total, correct = 0.0, 0
        for start in range(0, len(x), batch_size):
            idx = order[start:start + batch_size]
            model.zero_grad()
            logits = model.forward(x[idx], training=True)
            loss, grad = cross_entropy(logits, y[idx])
            model.backward(grad)
            optimizer.step(model.params())
            total += loss * len(idx)
            correct += int((logits.argmax(axis=1) == y[idx]).sum())
        history["train_loss"].append(total / len(x))
        history["train_accuracy"].append(correct / len(x))
        if validation is not None:
            loss, acc = evaluate(model, *validation)
            history["validation_loss"].append(loss)
            history["validation_accuracy"].append(acc)
        if on_epoch is not None:
            on_epoch(epoch)
    return history

def split(x, y, validation_fraction, seed):
    order = np.random.default_rng(seed).permutation(len(x))
    n_val = int(round(validation_fraction * len(x)))
    train, val = order[n_val:], order[:n_val]
    return (x[train], y[train]), (x[val], y[val])'''

CLAIMS_CHECK = '''assert not failed_claims, "false claims: %s" % failed_claims
print("all claims hold")'''

TRAINING_LOOP = [
    # Data: the spiral, split 240 / 60, and its scatter plot.
    '''def spiral(points_per_class, classes, noise, seed):
    rng = np.random.default_rng(seed)
    radius = np.linspace(0, 1, points_per_class)
    xs, ys = [], []
    for k in range(classes):
        angle = 4 * k + 4 * radius + noise * rng.standard_normal(points_per_class)
        xs.append(np.c_[radius * np.sin(angle), radius * np.cos(angle)])
        ys.append(np.full(points_per_class, k))
    return np.concatenate(xs).astype(F32), np.concatenate(ys)

X, Y = spiral(100, 3, 0.2, seed=1)
(x_train, y_train), (x_val, y_val) = split(X, Y, 0.2, seed=2)
plt.figure(figsize=(5, 5))
plt.scatter(X[:, 0], X[:, 1], c=Y, cmap="viridis", s=12)
plt.title("Spiral data, 3 classes")
plt.show()
print(f"training samples: {len(x_train)}, validation samples: {len(x_val)}")''',
    # The initial loss.
    '''def make_model(seed):
    rng = np.random.default_rng(seed)
    return Sequential(Dense(2, 64, rng, "he"), ReLU(), Dense(64, 64, rng, "he"), ReLU(),
                      Dense(64, 3, rng, "normal", std=0.01))

fresh = make_model(7)
initial_loss = evaluate(fresh, x_train, y_train)[0]
log_k = np.log(3.0)
print(f"initial loss {initial_loss:.4f}, log K = {log_k:.4f}")
expect(abs(initial_loss - log_k) < 0.05, f"the untrained 3-class network starts at loss ≈ log 3 (got {initial_loss:.4f})")''',
    # The loop written out.
    '''hand_model = make_model(7)
hand_optimizer = SGD(0.1, momentum=0.9)
epochs, batch_size = 60, 32
shuffler = np.random.default_rng(11)
hand_epoch_losses = []
for _ in range(epochs):
    order = shuffler.permutation(len(x_train))
    total = 0.0
    for start in range(0, len(x_train), batch_size):
        idx = order[start:start + batch_size]
        hand_model.zero_grad()
        logits = hand_model.forward(x_train[idx], training=True)
        loss, grad = cross_entropy(logits, y_train[idx])
        hand_model.backward(grad)
        hand_optimizer.step(hand_model.params())
        total += loss * len(idx)
    hand_epoch_losses.append(total / len(x_train))
print(f"epoch 1 loss {hand_epoch_losses[0]:.4f}, epoch {epochs} loss {hand_epoch_losses[-1]:.4f}")
expect(hand_epoch_losses[-1] < 0.25 * hand_epoch_losses[0], "60 epochs of the hand-written loop cut the training loss by more than 4x")''',
    # One small step lowers the batch loss by about eta |g|^2.
    '''probe = make_model(3)
px, py = x_train[:32], y_train[:32]
probe.zero_grad()
before, grad = cross_entropy(probe.forward(px, training=True), py)
probe.backward(grad)
gradient_squared = sum(float((g.astype(np.float64) ** 2).sum()) for _, g in probe.params())
eta = 0.01
SGD(eta).step(probe.params())
after = cross_entropy(probe.forward(px, training=True), py)[0]
predicted_drop, actual_drop = eta * gradient_squared, before - after
print(f"loss {before:.4f} -> {after:.4f}; predicted drop {predicted_drop:.4f}, actual {actual_drop:.4f}")
expect(actual_drop > 0 and abs(actual_drop - predicted_drop) < 0.2 * predicted_drop,
       "one small step against the gradient lowers the batch loss by about eta |g|^2")''',
    # The same loop with fit.
    '''fit_model = make_model(7)
history = fit(fit_model, x_train, y_train, SGD(0.1, momentum=0.9), epochs, batch_size, shuffle_seed=11,
              validation=(x_val, y_val))
largest_gap = max(abs(a - b) for a, b in zip(hand_epoch_losses, history["train_loss"]))
print(f"largest per-epoch difference between the hand loop and fit: {largest_gap:.6f}")
expect(largest_gap < 1e-4, "fit reproduces the hand-written loop epoch for epoch")''',
    # Overfit a tiny batch first.
    '''tiny_x, tiny_y = x_train[:12], y_train[:12]
def overfit_tiny(learning_rate):
    model, optimizer, losses = make_model(5), Adam(learning_rate), []
    for _ in range(300):
        model.zero_grad()
        loss, grad = cross_entropy(model.forward(tiny_x, training=True), tiny_y)
        losses.append(loss)
        model.backward(grad)
        optimizer.step(model.params())
    return losses
tiny_losses, frozen_losses = overfit_tiny(0.01), overfit_tiny(1e-5)
plt.semilogy(tiny_losses, label="Adam, lr = 0.01")
plt.semilogy(frozen_losses, label="Adam, lr = 0.00001")
plt.title("Overfitting 12 examples"); plt.xlabel("step"); plt.ylabel("cross-entropy"); plt.legend()
plt.show()
print(f"start {tiny_losses[0]:.4f}, after 300 steps {tiny_losses[-1]:.4f}; tiny learning rate: {frozen_losses[-1]:.4f}")
expect(abs(tiny_losses[0] - log_k) < 0.1, "the tiny-batch run also starts at about log 3")
expect(tiny_losses[-1] < 0.01, "a healthy setup memorizes 12 examples: loss below 0.01 after 300 steps")
expect(frozen_losses[-1] > 1.0, "with a learning rate of 1e-5 the loss is still above 1.0 after 300 steps")''',
    # Training for real: the loss curves.
    '''plt.semilogy(history["train_loss"], label="train")
plt.semilogy(history["validation_loss"], label="validation")
plt.title("Loss per epoch"); plt.xlabel("epoch"); plt.ylabel("cross-entropy"); plt.legend()
plt.show()
validation_accuracy = history["validation_accuracy"][-1]
print(f"final train loss {history['train_loss'][-1]:.4f}, validation loss {history['validation_loss'][-1]:.4f}, "
      f"validation accuracy {validation_accuracy:.4f}")
expect(validation_accuracy > 0.9, "the trained network classifies more than 90% of unseen spiral points")''',
    # Decision regions, 80 x 80 like LessonKit's decisionBoundary.
    '''def decision_boundary(model, x, y, title, resolution=80):
    pad = lambda v: (v.min() - 0.1 * np.ptp(v), v.max() + 0.1 * np.ptp(v))
    (x0, x1), (y0, y1) = pad(x[:, 0]), pad(x[:, 1])
    gx, gy = np.meshgrid(x0 + (x1 - x0) * (np.arange(resolution) + 0.5) / resolution,
                         y0 + (y1 - y0) * (np.arange(resolution) + 0.5) / resolution)
    grid = np.c_[gx.ravel(), gy.ravel()].astype(F32)
    classes = model.forward(grid).argmax(axis=1).reshape(resolution, resolution)
    plt.figure(figsize=(5, 5))
    plt.imshow(classes, origin="lower", extent=(x0, x1, y0, y1), alpha=0.3, cmap="viridis")
    plt.scatter(x[:, 0], x[:, 1], c=y, cmap="viridis", s=12)
    plt.title(title)
    plt.show()
decision_boundary(fit_model, X, Y, "After 60 epochs")''',
    # A linear model underfits.
    '''linear = Sequential(Dense(2, 3, np.random.default_rng(7)))
linear_history = fit(linear, x_train, y_train, SGD(0.1, momentum=0.9), epochs, batch_size, shuffle_seed=11,
                     validation=(x_val, y_val))
linear_accuracy = linear_history["validation_accuracy"][-1]
table(model=["linear (no hidden layer)", "2 hidden layers of 64"],
      train_accuracy=[linear_history["train_accuracy"][-1], history["train_accuracy"][-1]],
      validation_accuracy=[linear_accuracy, validation_accuracy])
expect(linear_accuracy < 0.7 and validation_accuracy - linear_accuracy > 0.25, "a linear model underfits the spiral")''',
    # Plain SGD at three learning rates.
    '''def sgd_curve(rate):
    return fit(make_model(7), x_train, y_train, SGD(rate), epochs, batch_size, shuffle_seed=11)["train_loss"]
slow_curve, good_curve, wild_curve = sgd_curve(0.001), sgd_curve(0.1), sgd_curve(10)
for curve, label in [(slow_curve, "lr = 0.001"), (good_curve, "lr = 0.1"), (wild_curve, "lr = 10")]:
    plt.semilogy(curve, label=label)
plt.title("Plain SGD at three learning rates"); plt.xlabel("epoch"); plt.ylabel("cross-entropy"); plt.legend()
plt.show()
print(f"final losses: lr 0.001 -> {slow_curve[-1]:.4f}, lr 0.1 -> {good_curve[-1]:.4f}, lr 10 -> {wild_curve[-1]:.4f}")
expect(slow_curve[-1] > 0.9 and good_curve[-1] < 0.5, "after 60 epochs lr = 0.001 is still near the start while lr = 0.1 is low")
expect(max(wild_curve) > 5 and wild_curve[-1] > log_k, "lr = 10 overshoots and ends worse than the untrained network")''',
]

DROPOUT = [
    # The mask, and what p means.
    '''rng = np.random.default_rng(1)
activations = rng.uniform(0, 2, (400, 100)).astype(F32)
zero_fractions = []
for p in [0.2, 0.5, 0.8]:
    out = Dropout(p, np.random.default_rng(7)).forward(activations, training=True)
    zero_fractions.append(float((out == 0).mean()))
    print(f"Dropout({p}): {100 * zero_fractions[-1]:.1f} % of the units are zero")
expect(max(abs(z - p) for z, p in zip(zero_fractions, [0.2, 0.5, 0.8])) < 0.01, "Dropout(p) zeroes a fraction p of the units")''',
    # Inverted dropout: mean activations in training and evaluation.
    '''drop_rates = [0.2, 0.5, 0.8]
eval_means, inverted_means, unscaled_means = [], [], []
for p in drop_rates:
    dropout = Dropout(p, np.random.default_rng(7))
    training_out = dropout.forward(activations, training=True)
    eval_out = dropout.forward(activations, training=False)
    eval_means.append(eval_out.mean())
    inverted_means.append(training_out.mean())
    unscaled_means.append((training_out * (1 - p)).mean())
positions = np.arange(len(drop_rates))
for i, (label, means) in enumerate([("evaluation", eval_means), ("training, inverted dropout", inverted_means),
                                    ("training, no scaling", unscaled_means)]):
    plt.bar(positions + (i - 1) * 0.27, means, width=0.27, label=label)
plt.xticks(positions, [f"p = {p}" for p in drop_rates])
plt.title("Mean activation, training vs evaluation"); plt.ylabel("mean activation"); plt.legend()
plt.show()
inverted_ratios = [a / b for a, b in zip(inverted_means, eval_means)]
unscaled_ratios = [a / b for a, b in zip(unscaled_means, eval_means)]
expect(all(abs(r - 1) < 0.03 for r in inverted_ratios), "with inverted dropout the training mean equals the evaluation mean")
expect(all(abs(r - (1 - p)) < 0.03 for r, p in zip(unscaled_ratios, drop_rates)),
       "without the 1/(1-p) scaling the training mean is only (1 - p) of the evaluation mean")''',
    # 300 digits with 20 % wrong labels, 500 for validation.
    '''raw = np.loadtxt(DIGITS, delimiter=",", dtype=np.float32)
inputs, labels = raw[:, :64] / 16, raw[:, 64].astype(np.int64)
(pool_x, pool_y), (held_x, held_y) = split(inputs, labels, 0.5, seed=1)
x_train, clean_labels = pool_x[:300], pool_y[:300]
x_val, y_val = held_x[:500], held_y[:500]
label_rng = np.random.default_rng(3)
corrupted = np.sort(label_rng.permutation(300)[:60])
noisy_labels = clean_labels.copy()
noisy_labels[corrupted] = (noisy_labels[corrupted] + 1 + label_rng.integers(0, 9, len(corrupted))) % 10
y_train = noisy_labels
print(f"training samples: {len(x_train)}, wrong labels: {int((noisy_labels != clean_labels).sum())}, "
      f"validation samples: {len(x_val)}")

def digit_net(p, seed=5):
    rng = np.random.default_rng(seed)
    layers = [Dense(64, 128, rng, "he"), ReLU()] + ([Dropout(p, rng)] if p > 0 else [])
    layers += [Dense(128, 128, rng, "he"), ReLU()] + ([Dropout(p, rng)] if p > 0 else [])
    return Sequential(*layers, Dense(128, 10, rng))''',
    # Six dropout rates, 40 epochs each, accuracies after every epoch.
    '''rates = [0, 0.1, 0.3, 0.5, 0.7, 0.9]
runs = []
for p in rates:
    model = digit_net(p)
    run = {"p": p, "model": model, "train_accuracy": [], "validation_accuracy": []}
    def record(epoch):
        run["train_accuracy"].append(accuracy(model, x_train, y_train))
        run["validation_accuracy"].append(accuracy(model, x_val, y_val))
    fit(model, x_train, y_train, Adam(0.002), epochs=40, batch_size=32, shuffle_seed=1, on_epoch=record)
    runs.append(run)
final_train = [r["train_accuracy"][-1] for r in runs]
final_validation = [r["validation_accuracy"][-1] for r in runs]
table(dropout_p=rates, train_accuracy_noisy_labels=final_train, validation_accuracy=final_validation,
      gap=[a - b for a, b in zip(final_train, final_validation)])''',
    # No dropout against p = 0.5.
    '''none, half = runs[0], runs[3]
epochs_axis = np.arange(1, 41)
for run, name in [(none, "no dropout"), (half, "p = 0.5")]:
    plt.plot(epochs_axis, run["train_accuracy"], label="train, " + name)
    plt.plot(epochs_axis, run["validation_accuracy"], label="validation, " + name)
plt.title("Digits with 20 % wrong labels"); plt.xlabel("epoch"); plt.ylabel("accuracy"); plt.legend()
plt.show()
gap_none = none["train_accuracy"][-1] - none["validation_accuracy"][-1]
gap_half = half["train_accuracy"][-1] - half["validation_accuracy"][-1]
expect(none["train_accuracy"][-1] > 0.97, "without dropout the network fits even the wrong labels")
expect(gap_none > 0.1 and gap_half < gap_none / 3, f"dropout narrows the train/validation gap ({gap_none:.3f} -> {gap_half:.3f})")
expect(half["validation_accuracy"][-1] > none["validation_accuracy"][-1] + 0.04, "and raises validation accuracy")''',
    # What the networks predict for the 60 mislabelled digits.
    '''corrupted_inputs = x_train[corrupted]
def memorized(model):
    return float((model.forward(corrupted_inputs).argmax(axis=1) == noisy_labels[corrupted]).mean())
def recovered(model):
    return float((model.forward(corrupted_inputs).argmax(axis=1) == clean_labels[corrupted]).mean())
table(model=["no dropout", "p = 0.5"],
      predicts_the_wrong_label=[memorized(none["model"]), memorized(half["model"])],
      predicts_the_true_digit=[recovered(none["model"]), recovered(half["model"])])
expect(memorized(none["model"]) > 0.85, "without dropout the network reproduces the wrong labels it was taught")
expect(memorized(half["model"]) < 0.5 and recovered(half["model"]) > 0.5,
       "with dropout it repeats few of them and predicts the true digit for most")''',
    # The training curves at every rate (the lesson shows them one at a time).
    '''fig, axes = plt.subplots(2, 3, figsize=(12, 6), sharey=True)
for ax, run in zip(axes.ravel(), runs):
    ax.plot(epochs_axis, run["train_accuracy"], label="train")
    ax.plot(epochs_axis, run["validation_accuracy"], label="validation")
    ax.set_title(f"Dropout p = {run['p']}"); ax.set_xlabel("epoch"); ax.set_ylabel("accuracy")
axes[0, 0].legend()
plt.show()''',
    # Final accuracies against p.
    '''plt.plot(rates, final_train, label="train (noisy labels)")
plt.plot(rates, final_validation, label="validation")
plt.title("Accuracy against dropout rate"); plt.xlabel("dropout p"); plt.ylabel("accuracy"); plt.legend()
plt.show()
best = int(np.argmax(final_validation))
extreme = runs[-1]
expect(0 < best < len(runs) - 1, f"validation accuracy peaks at a moderate rate, p = {rates[best]}")
expect(extreme["validation_accuracy"][-1] < final_validation[best] - 0.05, "at p = 0.9 validation accuracy drops")
expect(extreme["train_accuracy"][-1] < 0.8 * half["train_accuracy"][-1], "at p = 0.9 the network underfits")''',
    # Forgetting the 1/(1 - p) scaling in the trained p = 0.5 network.
    '''half_model = half["model"]
after_dropout = [layer for before, layer in zip(half_model.layers, half_model.layers[1:])
                 if isinstance(before, Dropout) and isinstance(layer, Dense)]
def output_scale(model):
    logits = model.forward(x_val)
    return float(np.abs(logits).mean()), float(softmax(logits).max(axis=1).mean())
correct, correct_scale = evaluate(half_model, x_val, y_val), output_scale(half_model)
for dense in after_dropout:
    dense.w *= 2
forgotten, forgotten_scale = evaluate(half_model, x_val, y_val), output_scale(half_model)
for dense in after_dropout:
    dense.w /= 2
table(evaluation=["scaled correctly", "scaling forgotten"],
      mean_abs_logit=[correct_scale[0], forgotten_scale[0]],
      mean_confidence=[correct_scale[1], forgotten_scale[1]],
      validation_accuracy=[correct[1], forgotten[1]])
expect(forgotten_scale[0] > 2 * correct_scale[0], "forgetting the 1/(1-p) correction inflates the logits")
expect(forgotten_scale[1] > correct_scale[1] + 0.1 and forgotten_scale[1] > forgotten[1],
       "the network becomes overconfident: mean confidence above its accuracy")
expect(abs(forgotten[1] - correct[1]) < 0.05, "while the predicted classes barely change")''',
]


def notebook(title, cells):
    def code(source):
        return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}
    return {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# " + title}]
        + [code(LIBRARY)] + [code(c) for c in cells] + [code(CLAIMS_CHECK)],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--digits", required=True, help="Sources/LessonKit/Resources/digits.csv")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    digits = "DIGITS = %r\n" % os.path.abspath(args.digits)
    books = {
        "01-training-loop.ipynb": notebook("The training loop", TRAINING_LOOP),
        "06-dropout.ipynb": notebook("Dropout", DROPOUT[:2] + [digits + DROPOUT[2]] + DROPOUT[3:]),
    }
    for name, book in books.items():
        with open(os.path.join(args.out, name), "w") as f:
            json.dump(book, f, indent=1)


if __name__ == "__main__":
    main()
