#!/usr/bin/env python3
"""Times `lessons check` (cold, warm, after a prose edit) against
`jupyter nbconvert --execute` on the same 10-lesson course; see `run`."""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(command):
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(command), result.stderr[-2000:]))
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lessons-tool", required=True)
    parser.add_argument("--jupyter", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--course", help="also time this folder of lessons cold and warm")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="runner-bench-")
    subprocess.run([sys.executable, os.path.join(HERE, "make_course.py"), work], check=True)
    lessons = os.path.join(work, "lessons")
    notebooks = sorted(os.path.join(work, "notebooks", n) for n in os.listdir(os.path.join(work, "notebooks")))
    edited = os.path.join(lessons, "05-bench.md")
    times = {"cold": [], "warm": [], "prose": [], "jupyter": [], "course-cold": [], "course-warm": []}
    for run in range(args.runs):
        cache = os.path.join(work, "cache-%d" % run)
        check = [args.lessons_tool, "check", "-j", "2", "--cache-dir", cache, lessons]
        times["cold"].append(timed(check))
        times["warm"].append(timed(check))
        with open(edited) as f:
            text = f.read()
        with open(edited, "w") as f:
            f.write(re.sub(r"Prose that a prose-edit benchmark changes.*", "Prose that a prose-edit benchmark changes (%d)." % run, text))
        times["prose"].append(timed(check))
        # Two notebooks at a time, like `-j 2`.
        start = time.perf_counter()
        pending = list(notebooks)
        running = []
        while pending or running:
            while pending and len(running) < 2:
                notebook = pending.pop(0)
                running.append(subprocess.Popen(
                    [args.jupyter, "nbconvert", "--to", "notebook", "--execute", "--output-dir", os.path.join(work, "executed"), notebook],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            running[0].wait()
            if running[0].returncode != 0:
                sys.exit("jupyter nbconvert failed")
            running.pop(0)
        times["jupyter"].append(time.perf_counter() - start)
        if args.course:
            course_check = [args.lessons_tool, "check", "-j", "2", "--cache-dir", os.path.join(work, "course-cache-%d" % run), args.course]
            times["course-cold"].append(timed(course_check))
            times["course-warm"].append(timed(course_check))
    times = {k: v for k, v in times.items() if v}
    m = {k: statistics.median(v) for k, v in times.items()}
    spread = {k: (min(v), max(v)) for k, v in times.items()}
    lines = [
        "| 10 lessons, 2 jobs, median of %d runs (min–max) | seconds |" % args.runs,
        "|---|---:|",
        "| `lessons check`, cold: compile and run every lesson | %.2f (%.2f–%.2f) |" % (m["cold"], *spread["cold"]),
        "| `lessons check`, warm: nothing changed | %.3f (%.3f–%.3f) |" % (m["warm"], *spread["warm"]),
        "| `lessons check` after a prose edit | %.3f (%.3f–%.3f) |" % (m["prose"], *spread["prose"]),
        "| `jupyter nbconvert --execute`, the same experiments in NumPy | %.2f (%.2f–%.2f) |" % (m["jupyter"], *spread["jupyter"]),
    ]
    if args.course:
        lines += [
            "| `lessons check %s` (the real course), cold | %.2f (%.2f–%.2f) |" % (args.course, m["course-cold"], *spread["course-cold"]),
            "| `lessons check %s` (the real course), warm | %.3f (%.3f–%.3f) |" % (args.course, m["course-warm"], *spread["course-warm"]),
        ]
    lines += [
        "",
        "Cold `lessons check` is %.1f× faster than Jupyter; warm re-check takes %.0f ms." % (m["jupyter"] / m["cold"], 1000 * m["warm"]),
    ]
    report = "\n".join(lines) + "\n"
    os.makedirs("bench/results", exist_ok=True)
    with open("bench/results/runner.md", "w") as f:
        f.write(report)
    print(report)


if __name__ == "__main__":
    main()
