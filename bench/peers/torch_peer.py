#!/usr/bin/env python3
"""PyTorch (CPU) peer: the bench workloads with torch.nn, single-threaded by
default (torch.set_num_threads(1); --threads N for more), float32.

Same architectures (He-normal weights, zero biases), optimizers, batch sizes
and per-epoch shuffling as the Swift bench. Batching is DataLoader-free:
one randperm per epoch and index tensors, which is the fastest honest way to
feed an in-memory data set. Each step: zero_grad, forward in train mode,
cross-entropy, backward, optimizer.step, plus the loss and accuracy
bookkeeping a training loop (and TrainingCore's fit) does.

    python torch_peer.py [--quick] [--runs N] [--workload W1,W2,W3,gemm] [--json FILE] [--threads N]

Prints JSON on stdout (a short table on stderr).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

ARGS = common.parse_args(__doc__.splitlines()[0])
common.pin_threads(ARGS.threads)  # before torch loads OpenMP / its BLAS

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(ARGS.threads)
try:
    torch.set_num_interop_threads(ARGS.threads)
except RuntimeError:
    pass


def he(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            nn.init.zeros_(m.bias)
    return model


def build(name, seed):
    torch.manual_seed(seed)
    if name == "W1":
        model = he(nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 3)))
        return model, torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    if name == "W2":
        model = he(nn.Sequential(
            nn.Linear(64, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.2),
            nn.Linear(128, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.2),
            nn.Linear(64, 10)))
        return model, torch.optim.Adam(model.parameters(), lr=1e-3)
    model = he(nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10)))
    return model, torch.optim.Adam(model.parameters(), lr=1e-3)


def trainer(name):
    def train(x_np, y_np, epochs, batch, seed):
        x = torch.from_numpy(x_np)
        y = torch.from_numpy(y_np)
        model, opt = build(name, seed)
        model.train()
        criterion = nn.CrossEntropyLoss()
        gen = torch.Generator().manual_seed(seed)
        n = len(x)

        def loop():
            loss_sum, correct = 0.0, 0
            for _ in range(epochs):
                order = torch.randperm(n, generator=gen)
                loss_sum, correct = 0.0, 0
                for idx in order.split(batch):
                    xb, yb = x[idx], y[idx]
                    opt.zero_grad(set_to_none=True)
                    logits = model(xb)
                    loss = criterion(logits, yb)
                    loss.backward()
                    opt.step()
                    loss_sum += loss.item() * len(idx)
                    correct += int((logits.argmax(dim=1) == yb).sum())
            return loss_sum / n, correct / n

        seconds, (loss, acc) = common.timed(loop)
        return seconds, loss, acc

    return train


def main():
    result = {"impl": "pytorch", "threads": ARGS.threads, "quick": ARGS.quick, "runs": ARGS.runs,
              "versions": {"torch": torch.__version__, "numpy": np.__version__, "python": sys.version.split()[0],
                           "torch_threads": torch.get_num_threads()},
              "workloads": {}}
    for name in ("W1", "W2", "W3"):
        if name in ARGS.workloads:
            result["workloads"][name] = common.measure_workload(np, name, ARGS, trainer(name))
    if "GEMM" in ARGS.workloads:
        result["gemm"] = []

        def make(n):
            g = torch.Generator().manual_seed(n)
            return torch.randn(n, n, generator=g), torch.randn(n, n, generator=g)

        for n in ARGS.gemm_sizes:
            g = common.measure_gemm(np, n, ARGS.runs, torch.mm, make, quick=ARGS.quick)
            g["threads"] = ARGS.threads
            result["gemm"].append(g)
    common.emit(result, ARGS)


if __name__ == "__main__":
    main()
