"""Shared helpers for the Python peers: options, data, timing, statistics.

Only the standard library and NumPy are used here; the peers import this
module *after* they have pinned their BLAS / OpenMP thread counts.
"""

import argparse
import json
import os
import statistics
import sys
import time

# The package root (bench/peers/ -> bench/ -> root), for the default digits path.
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIGITS = os.path.join(ROOT, "lessons", "data", "digits.csv")

# name -> (title, epochs, batch size, quick epochs)
WORKLOADS = {
    "W1": ("spiral 2-16-16-3, SGD+momentum, batch 32", 200, 32, 20),
    "W2": ("digits 64-128-64-10 BN+Dropout, Adam, batch 64", 50, 64, 5),
    "W3": ("mnist-shaped 784-256-256-10, Adam, batch 128", 1, 128, 1),
}


def parse_args(description, default_threads=1):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--quick", action="store_true", help="1 run, W1 20 epochs, W2 5, W3 10,000 samples")
    p.add_argument("--runs", type=int, default=None, help="timed runs per workload (default 5, quick 1)")
    p.add_argument("--workload", default="all", help="W1, W2, W3, gemm or all; comma-separated")
    p.add_argument("--json", default=None, help="write results to this file (default: stdout only)")
    p.add_argument("--digits", default=DIGITS, help="digits CSV path")
    p.add_argument("--threads", type=int, default=default_threads, help="intra-op / BLAS threads (default 1)")
    p.add_argument("--gemm-sizes", default="64,256,1024")
    p.add_argument("--no-warmup", action="store_true")
    args = p.parse_args()
    if args.runs is None:
        args.runs = 1 if args.quick else 5
    wanted = set()
    for w in args.workload.upper().split(","):
        if w == "ALL":
            wanted |= {"W1", "W2", "W3", "GEMM"}
        elif w in ("W1", "W2", "W3", "GEMM"):
            wanted.add(w)
        else:
            p.error("unknown workload " + w)
    args.workloads = wanted
    args.warmup = not (args.no_warmup or args.quick)
    args.gemm_sizes = [int(s) for s in args.gemm_sizes.split(",")]
    return args


def pin_threads(n):
    """Must run before NumPy / torch are imported."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(n)


def spiral(np, per_class=300, classes=3, noise=0.2, seed=1):
    """The CS231n 3-class spiral, float32 inputs and int64 labels."""
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for c in range(classes):
        r = np.linspace(0.0, 1.0, per_class, dtype=np.float32)
        t = (c * 4 + r * 4 + rng.standard_normal(per_class).astype(np.float32) * noise).astype(np.float32)
        xs.append(np.stack([r * np.sin(t), r * np.cos(t)], axis=1))
        ys.append(np.full(per_class, c, dtype=np.int64))
    return np.concatenate(xs).astype(np.float32), np.concatenate(ys)


def digits(np, path):
    raw = np.loadtxt(path, delimiter=",", dtype=np.float32)
    assert raw.shape[1] == 65, raw.shape
    return (raw[:, :64] / 16).astype(np.float32), raw[:, 64].astype(np.int64)


def mnist_shaped(np, samples, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((samples, 784), dtype=np.float32)
    y = rng.integers(0, 10, size=samples, dtype=np.int64)
    return x, y


def load_workload(np, name, args):
    """(x, y, epochs, batch) for a workload, honouring --quick."""
    title, epochs, batch, quick_epochs = WORKLOADS[name]
    if args.quick:
        epochs = quick_epochs
    if name == "W1":
        x, y = spiral(np)
    elif name == "W2":
        x, y = digits(np, args.digits)
    else:
        x, y = mnist_shaped(np, 10_000 if args.quick else 60_000)
    return x, y, epochs, batch


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": list(values)}


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def measure_workload(np, name, args, train):
    """train(x, y, epochs, batch, seed, timed=True) -> (seconds, final_loss, final_accuracy).

    `train` builds its model first and times only its training loop.
    """
    x, y, epochs, batch = load_workload(np, name, args)
    if args.warmup:
        train(x, y, min(epochs, 2), batch, 1)
    rates, times, last = [], [], (float("nan"), float("nan"))
    for _ in range(args.runs):
        seconds, loss, acc = train(x, y, epochs, batch, 1)
        times.append(seconds)
        rates.append(len(x) * epochs / seconds)
        last = (loss, acc)
    title = WORKLOADS[name][0]
    return {
        "title": title, "samples": len(x), "epochs": epochs, "batch_size": batch,
        "samples_per_run": len(x) * epochs, "samples_per_s": summary(rates), "seconds": summary(times),
        "final_train_loss": float(last[0]), "final_train_accuracy": float(last[1]),
    }


def measure_gemm(np, n, runs, multiply, make, min_seconds=0.2, quick=False):
    """GFLOP/s of multiply(a, b) for n x n float32, repeated to >= min_seconds per measurement."""
    if quick:
        min_seconds = 0.02
    a, b = make(n)
    repeats = 1
    while True:
        t, _ = timed(lambda: [multiply(a, b) for _ in range(repeats)])
        if t >= min_seconds:
            break
        repeats *= min(max(2, int(min_seconds / t * 1.2) + 1), 64) if t > 0 else 64
    rates = []
    for _ in range(runs):
        t, _ = timed(lambda: [multiply(a, b) for _ in range(repeats)])
        rates.append(2.0 * n ** 3 * repeats / t / 1e9)
    return {"n": n, "repeats": repeats, "gflops": summary(rates)}


def print_table(result):
    for name, w in sorted(result.get("workloads", {}).items()):
        s = w["samples_per_s"]
        print(f"{name}  {s['median']:>12,.0f} samples/s  ({s['min']:,.0f}-{s['max']:,.0f})  "
              f"acc {w['final_train_accuracy']:.3f}  {w['title']}", file=sys.stderr)
    for g in result.get("gemm", []):
        s = g["gflops"]
        print(f"GEMM n={g['n']:<5} threads={g['threads']}  {s['median']:8.2f} GFLOP/s  ({s['min']:.1f}-{s['max']:.1f})",
              file=sys.stderr)


def emit(result, args):
    print_table(result)
    text = json.dumps(result, indent=2, sort_keys=True)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    print(text)
