#!/usr/bin/env python3
"""Assembles the side-by-side table from the JSON results of one bench run.

    python report.py RESULTS_DIR   # reads swift*.json, torch*.json, numpy*.json, cpu.txt

Prints Markdown tables (training throughput with ratios and goals, GEMM
GFLOP/s with % of peak) and writes them to RESULTS_DIR/report.md as well.
Standard library only.
"""

import glob
import json
import os
import sys

GOALS = {  # workload -> [(peer, minimum Swift/peer ratio)]
    "W1": [("pytorch", 20.0), ("numpy", 4.0)],
    "W2": [("pytorch", 10.0)],
    "W3": [("pytorch", 0.5)],
}


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def load_merged(directory, prefix):
    """Merges PREFIX.json and PREFIX-*.json (one per workload) into one result."""
    paths = sorted(glob.glob(os.path.join(directory, prefix + ".json"))
                   + glob.glob(os.path.join(directory, prefix + "-*.json")))
    merged = None
    for path in paths:
        r = load(path)
        if r is None:
            continue
        if merged is None:
            merged = dict(r)
            merged["workloads"] = dict(r.get("workloads", {}))
            merged["gemm"] = list(r.get("gemm", []))
        else:
            merged["workloads"].update(r.get("workloads", {}))
            merged["gemm"].extend(r.get("gemm", []))
            if not merged.get("machine") and r.get("machine"):
                merged["machine"] = r["machine"]
    return merged


def machine_busy(directory):
    """(impl, workload) -> % of all CPU time that was busy while it ran, from cpu.txt."""
    busy = {}
    try:
        with open(os.path.join(directory, "cpu.txt")) as f:
            lines = f.read().splitlines()
    except OSError:
        return busy
    for line in lines:
        try:
            head, before, after = (part.strip() for part in line.split("|"))
            impl, workload = head.split()
            a = [int(x) for x in before.split()[1:]]
            b = [int(x) for x in after.split()[1:]]
            total = sum(b) - sum(a)
            idle = (b[3] + b[4]) - (a[3] + a[4])  # idle + iowait
            if total > 0:
                busy[(impl, workload)] = 100.0 * (total - idle) / total
        except (ValueError, IndexError):
            continue
    return busy


def median(result, workload):
    try:
        return result["workloads"][workload]["samples_per_s"]["median"]
    except (KeyError, TypeError):
        return None


def span(result, workload):
    s = result["workloads"][workload]["samples_per_s"]
    return f"{s['min']:,.0f}–{s['max']:,.0f}"


def fmt(x, digits=0):
    return "n/a" if x is None else f"{x:,.{digits}f}"


def fmt_ratio(x):
    return "n/a" if x is None else f"{x:.2f}×"


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "bench/results"
    swift = load_merged(directory, "swift")
    peers = {"pytorch": load_merged(directory, "torch"),
             "numpy": load_merged(directory, "numpy")}
    busy = machine_busy(directory)
    out = []
    machine = (swift or {}).get("machine", {})
    if machine:
        out.append(f"Machine: {machine.get('model_name')} (family {machine.get('family')}, model "
                   f"{machine.get('model')}), {machine.get('logical_cpus')} logical CPUs; clock "
                   f"{machine.get('clock_mhz', 0):.0f} MHz ({machine.get('clock_source')}), "
                   f"/proc/cpuinfo says {machine.get('cpu_mhz', 0):.0f} MHz.")
    versions = []
    for name, r in peers.items():
        if r:
            versions.append(name + ": " + ", ".join(f"{k} {v}" for k, v in sorted(r.get("versions", {}).items())))
    if versions:
        out.append("Peers: " + "; ".join(versions) + ".")
    loads = []
    for when in ("before", "after"):
        try:
            with open(os.path.join(directory, "loadavg_" + when)) as f:
                loads.append(f"{when} {f.read().strip()}")
        except OSError:
            pass
    if loads:
        out.append("Load average (1/5/15 min) " + ", ".join(loads) + " (a load above ~1 means the "
                   "other core was busy too).")
    runs = (swift or {}).get("runs")
    if runs:
        out.append(f"Median of {runs} timed runs (min–max in the second table); peers single-threaded.")
    if busy:
        cores = machine.get("logical_cpus") or 2
        out.append(f"Machine busy = share of all {cores} CPUs' time that was not idle while a segment ran; "
                   f"a single-threaded benchmark alone accounts for about {100 / cores:.0f}%.")
    if (swift or {}).get("quick") or any((r or {}).get("quick") for r in peers.values()):
        out.append("**Quick smoke run: one cold run each with fewer epochs/samples; not a measurement. "
                   "Use `bench/run` without --quick for real numbers.**")
    out.append("")

    # Training throughput.
    out.append("| workload | Swift samples/s | PyTorch samples/s | NumPy samples/s | Swift/PyTorch | Swift/NumPy | goal | met |")
    out.append("|---|---:|---:|---:|---:|---:|---|---|")
    verdicts = []
    for w in ("W1", "W2", "W3"):
        s = median(swift, w)
        t = median(peers["pytorch"], w)
        n = median(peers["numpy"], w)
        if s is None and t is None and n is None:
            continue
        rt = s / t if s and t else None
        rn = s / n if s and n else None
        goals, met = [], []
        for peer, need in GOALS[w]:
            ratio = rt if peer == "pytorch" else rn
            label = "PyTorch" if peer == "pytorch" else "NumPy"
            goals.append(f"≥ {need:g}× {label}")
            met.append("n/a" if ratio is None else ("yes" if ratio >= need else "no"))
            verdicts.append((w, label, need, ratio))
        out.append(f"| {w} | {fmt(s)} | {fmt(t)} | {fmt(n)} | {fmt_ratio(rt)} | {fmt_ratio(rn)} | "
                   f"{', '.join(goals)} | {', '.join(met)} |")
    out.append("")
    out.append("| workload | Swift min–max | PyTorch min–max | NumPy min–max | final train acc (Swift / PyTorch / NumPy) "
               "| machine busy while running (Swift / PyTorch / NumPy) |")
    out.append("|---|---:|---:|---:|---|---|")
    for w in ("W1", "W2", "W3"):
        cells, accs = [], []
        for r in (swift, peers["pytorch"], peers["numpy"]):
            if median(r, w) is None:
                cells.append("n/a")
                accs.append("n/a")
            else:
                cells.append(span(r, w))
                accs.append(f"{r['workloads'][w]['final_train_accuracy']:.3f}")
        if any(c != "n/a" for c in cells):
            loads = " / ".join(
                f"{busy[(impl, w)]:.0f}%" if (impl, w) in busy else "n/a" for impl in ("swift", "pytorch", "numpy"))
            out.append(f"| {w} | {' | '.join(cells)} | {' / '.join(accs)} | {loads} |")
    out.append("")

    # GEMM.
    peak_ours = machine.get("peak_ours_gflops_per_core")
    peak_best = machine.get("peak_best_gflops_per_core")
    peak_avx2 = machine.get("peak_avx2_fma_gflops_per_core")
    if peak_ours and peak_best:
        out.append(f"Peak float32 per core: {machine.get('peak_formula')}"
                   + (f"; AVX2+FMA (OpenBLAS's Haswell kernels): {peak_avx2:.1f} GFLOP/s/core." if peak_avx2 else "."))
        out.append("")
    rows = []
    for name, r in (("Swift matmul", swift), ("NumPy @ (OpenBLAS)", peers["numpy"]), ("torch.mm", peers["pytorch"])):
        for g in (r or {}).get("gemm", []):
            rows.append((name, g))
    if rows:
        isa = machine.get("isa", "sse2").upper()
        best = machine.get("best_isa", "best").upper()
        out.append(f"| n | implementation | threads | GFLOP/s (median) | min–max | % {isa} mul+add peak | % AVX2-FMA peak | % {best}-FMA peak |")
        out.append("|---:|---|---:|---:|---:|---:|---:|---:|")
        cores_available = machine.get("logical_cpus") or 1
        for name, g in sorted(rows, key=lambda x: (x[1]["n"], x[0] != "Swift matmul", x[0], x[1]["threads"])):
            s = g["gflops"]
            cores = min(g["threads"], cores_available)
            def pct(peak):
                return f"{s['median'] / (peak * cores) * 100:.0f}%" if peak else "n/a"
            out.append(f"| {g['n']} | {name} | {g['threads']} | {s['median']:.1f} | {s['min']:.1f}–{s['max']:.1f} | "
                       f"{pct(peak_ours)} | {pct(peak_avx2)} | {pct(peak_best)} |")
        out.append("")

    if rows and any(k[1] == "GEMM" for k in busy):
        out.append("Machine busy during GEMM (Swift, which includes 2-thread runs / PyTorch / NumPy): " + " / ".join(
            f"{busy[(impl, 'GEMM')]:.0f}%" if (impl, "GEMM") in busy else "n/a"
            for impl in ("swift", "pytorch", "numpy")) + ".")
        out.append("")
    if verdicts:
        out.append("Goals: " + "; ".join(
            f"{w} ≥ {need:g}× {label}: " + ("n/a" if r is None else f"{r:.2f}× ({'met' if r >= need else 'NOT met'})")
            for w, label, need, r in verdicts) + ".")
    text = "\n".join(out)
    print(text)
    with open(os.path.join(directory, "report.md"), "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
