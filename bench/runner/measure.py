#!/usr/bin/env python3
"""Times `lessons check` (cold, warm, after a prose edit) against
`jupyter nbconvert --execute` on the same 10-lesson course; with --course,
also measures the real course: per-lesson cold compile and run seconds,
`lessons serve` edit-to-page latency, `lessons notebook` Run latency, the
slowest type-checked expressions, and two real lessons against their
NumPy/matplotlib notebooks (`--only notebook`: just the notebook). See `run`."""
import argparse
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
# NumPy with one BLAS thread, like TrainingCore's single-threaded matmul (with
# two threads, OpenBLAS is several times slower on these small matrices).
ONE_BLAS_THREAD = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
# The real lessons that have NumPy notebooks (real_notebooks.py).
REAL_PAIRS = [("01-the-training-loop.md", "01-training-loop.ipynb"), ("06-dropout.md", "06-dropout.ipynb")]


def progress(message):
    print("runner bench: " + message, file=sys.stderr, flush=True)


def run(command, env=None):
    """Runs `command`; returns (wall seconds, stdout). Exits on failure."""
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit("failed: %s\n%s%s" % (" ".join(command), result.stdout[-2000:], result.stderr[-2000:]))
    return elapsed, result.stdout


def timed(command, env=None):
    return run(command, env)[0]


def spread(values, digits=2):
    """'median (min–max)'."""
    f = "%%.%df" % digits
    return (f + " (" + f + "–" + f + ")") % (statistics.median(values), min(values), max(values))


# -- The synthetic 10-lesson course against Jupyter (unchanged) -------------

def synthetic(args, work):
    subprocess.run([sys.executable, os.path.join(HERE, "make_course.py"), work], check=True)
    lessons = os.path.join(work, "lessons")
    notebooks = sorted(os.path.join(work, "notebooks", n) for n in os.listdir(os.path.join(work, "notebooks")))
    edited = os.path.join(lessons, "05-bench.md")
    times = {"cold": [], "warm": [], "prose": [], "jupyter": [], "course-cold": [], "course-warm": []}
    for r in range(args.runs):
        progress("synthetic course, run %d of %d" % (r + 1, args.runs))
        cache = os.path.join(work, "cache-%d" % r)
        check = [args.lessons_tool, "check", "-j", "2", "--cache-dir", cache, lessons]
        times["cold"].append(timed(check))
        times["warm"].append(timed(check))
        with open(edited) as f:
            text = f.read()
        with open(edited, "w") as f:
            f.write(re.sub(r"Prose that a prose-edit benchmark changes.*", "Prose that a prose-edit benchmark changes (%d)." % r, text))
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
            course_check = [args.lessons_tool, "check", "-j", "2", "--cache-dir", os.path.join(work, "course-cache-%d" % r), args.course]
            times["course-cold"].append(timed(course_check))
            times["course-warm"].append(timed(course_check))
    times = {k: v for k, v in times.items() if v}
    m = {k: statistics.median(v) for k, v in times.items()}
    lines = [
        "| 10 lessons, 2 jobs, median of %d runs (min–max) | seconds |" % args.runs,
        "|---|---:|",
        "| `lessons check`, cold: compile and run every lesson | %s |" % spread(times["cold"]),
        "| `lessons check`, warm: nothing changed | %s |" % spread(times["warm"], 3),
        "| `lessons check` after a prose edit | %s |" % spread(times["prose"], 3),
        "| `jupyter nbconvert --execute`, the same experiments in NumPy | %s |" % spread(times["jupyter"]),
    ]
    if args.course:
        lines += [
            "| `lessons check %s` (the real course), cold | %s |" % (args.course, spread(times["course-cold"])),
            "| `lessons check %s` (the real course), warm | %s |" % (args.course, spread(times["course-warm"], 3)),
        ]
    lines += [
        "",
        "Cold `lessons check` is %.1f× faster than Jupyter; warm re-check takes %.0f ms." % (m["jupyter"] / m["cold"], 1000 * m["warm"]),
    ]
    return "\n".join(lines)


# -- The real course, lesson by lesson --------------------------------------

def per_lesson(args, work):
    """Cold `lessons check -j 1 -v`: each lesson's `compile X s, run Y s`."""
    compile_s, run_s, walls = {}, {}, []
    for r in range(args.runs):
        progress("real course lesson by lesson (-j 1), run %d of %d" % (r + 1, args.runs))
        cache = os.path.join(work, "per-lesson-cache-%d" % r)
        wall, out = run([args.lessons_tool, "check", "--no-cache", "-j", "1", "-v", "--cache-dir", cache, args.course])
        walls.append(wall)
        lesson = None
        for line in out.splitlines():
            summary = re.match(r"(\S.*\.md): \d+ passed", line)
            phases = re.match(r"\s+compile ([\d.]+) s, run ([\d.]+) s", line)
            if summary:
                lesson = os.path.basename(summary.group(1))
            elif phases and lesson:
                compile_s.setdefault(lesson, []).append(float(phases.group(1)))
                run_s.setdefault(lesson, []).append(float(phases.group(2)))
                lesson = None
    med = statistics.median
    lines = [
        "| real course, cold, `-j 1`, median of %d runs | compile s | run s | total s |" % args.runs,
        "|---|---:|---:|---:|",
    ]
    for lesson in sorted(compile_s):
        c, r = med(compile_s[lesson]), med(run_s[lesson])
        lines.append("| `%s` | %.1f | %.1f | %.1f |" % (lesson, c, r, c + r))
    c, r = sum(med(v) for v in compile_s.values()), sum(med(v) for v in run_s.values())
    lines += [
        "| **course total** (sum of the medians) | %.1f | %.1f | %.1f |" % (c, r, c + r),
        "| `lessons check --no-cache -j 1 %s`, wall | | | %s |" % (args.course, spread(walls)),
        "",
        "Compile and run seconds are the tool's own `-v` figures (one decimal); "
        "the course cold and warm with 2 jobs are in the first table.",
    ]
    return "\n".join(lines)


def stop(server):
    """Stops a server process (SIGTERM, then SIGKILL after 10 s) and reaps it."""
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# -- `lessons serve`: edit to page ------------------------------------------

def serve_latency(args, work):
    """Seconds from saving an edit of a copy of the course to the served page
    showing it, for prose edits and cell edits. Like the page's live-reload
    script, the bench long-polls /__lessons/wait for the next build and then
    loads the page once (polling the page itself, hundreds of kilobytes, every
    few milliseconds would load the server it measures)."""
    course = os.path.join(work, "serve-course")
    shutil.copytree(args.course, course)
    progress("serve: building the copied course")
    server = subprocess.Popen(
        [args.lessons_tool, "serve", course, "--port", "0", "-o", os.path.join(work, "serve-site"),
         "--cache-dir", os.path.join(work, "serve-cache"), "--interval", "0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url, seen = None, []
        for line in server.stdout:
            seen.append(line)
            found = re.search(r"serving .* at (http://127\.0\.0\.1:\d+/)", line)
            if found:
                url = found.group(1)
                break
        if url is None:
            sys.exit("lessons serve ended before serving:\n" + "".join(seen[-30:]))
        builds = [0]

        def drain():  # keeps the pipe from filling up, and counts finished builds
            for line in server.stdout:
                if line.startswith("built "):
                    builds[0] += 1
        threading.Thread(target=drain, daemon=True).start()

        page = url + args.serve_lesson + ".html"
        path = os.path.join(course, args.serve_lesson + ".md")
        scratch = os.path.join(work, "serve-edit.md")
        with open(path) as f:
            original = f.read()

        def generation(since):
            """The build generation after `since` (waits up to 25 s for one)."""
            with urllib.request.urlopen(url + "__lessons/wait?since=%d" % since, timeout=30) as reply:
                return json.load(reply)["generation"]

        def edit_and_wait(text, marker):
            before = builds[0]
            seen = generation(-1)
            start = time.perf_counter()
            with open(scratch, "w") as f:  # saved in one step, as editors do
                f.write(text)
            os.replace(scratch, path)
            while time.perf_counter() - start < 120:
                seen = generation(seen)
                body = urllib.request.urlopen(page, timeout=5).read().decode()
                if marker in body:
                    elapsed = time.perf_counter() - start
                    # Let this build finish (and its search index) before the next edit.
                    while builds[0] <= before and time.perf_counter() - start < 120:
                        time.sleep(0.02)
                    time.sleep(0.5)
                    return elapsed
            sys.exit("lessons serve: %r never appeared on %s" % (marker, page))

        # The first cell, after its `//|` option lines.
        cell = re.search(r"^```swift\n(?://\|.*\n)*", original, re.M)
        prose, cells = [], []
        # The first edit after start (i = -1) is slower: reported on its own.
        for i in range(-1, args.edits):
            progress("serve: prose edit %s" % ("after start" if i < 0 else "%d of %d" % (i + 1, args.edits)))
            marker = "Benchmark sentence %d-%d." % (os.getpid(), i)
            prose.append(edit_and_wait(original.replace("\n## ", "\n%s\n\n## " % marker, 1), marker))
        first, prose = prose[0], prose[1:]
        for i in range(args.edits):
            progress("serve: cell edit %d of %d" % (i + 1, args.edits))
            # Printed as "cell edit N"; the code shown on the page never has that text.
            token = "%d-%d" % (os.getpid(), i)
            text = original[:cell.end()] + 'print("cell edit", "%s")\n' % token + original[cell.end():]
            cells.append(edit_and_wait(text, "cell edit " + token))
    finally:
        stop(server)
    return "\n".join([
        "| `lessons serve --interval 0.1`, `%s`, median of %d edits (min–max) | seconds |" % (args.serve_lesson, args.edits),
        "|---|---:|",
        "| first edit after the server started (prose) | %.2f |" % first,
        "| prose edit: save → sentence on the served page | %s |" % spread(prose),
        "| cell edit (`print` added): save → its output on the served page | %s |" % spread(cells),
    ])


# -- `lessons notebook`: edit a cell, press Run ------------------------------

def notebook_latency(args, work):
    """Seconds from pressing Run after editing a cell under `lessons
    notebook` to the run's answer, which holds the cells' new outputs as the
    page puts them in place (the page's own DOM update takes milliseconds).
    The edit appends a `print` with a fresh token to the cell, so no result
    comes from the cache. Three cases per lesson: the first cell and the
    last (which runs the whole lesson) with Run pressed at once, and the
    last with Run pressed 1 s after the edit, the page having asked the
    server to compile the program 300 ms after the last keystroke, as it
    does."""
    course = os.path.join(work, "notebook-course")
    shutil.copytree(args.course, course)
    progress("notebook: building the copied course")
    server = subprocess.Popen(
        [args.lessons_tool, "notebook", course, "--port", "0", "-o", os.path.join(work, "notebook-site"),
         "--cache-dir", os.path.join(work, "notebook-cache"), "--interval", "0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    load = [os.getloadavg()[0]]
    try:
        url, token, seen = None, None, []
        for line in server.stdout:
            seen.append(line)
            found = re.search(r"(http://127\.0\.0\.1:\d+/)\?token=([0-9a-f]+)", line)
            if found:
                url, token = found.group(1), found.group(2)
                break
        if url is None:
            sys.exit("lessons notebook ended before serving:\n" + "".join(seen[-30:]))
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        port = url.rsplit(":", 1)[1].strip("/")

        def request(path, body=None):
            headers = {"Cookie": "lessons-notebook-%s=%s" % (port, token), "X-Lessons-Token": token,
                       "Content-Type": "application/json"}
            data = None if body is None else json.dumps(body).encode()
            with urllib.request.urlopen(urllib.request.Request(url + path, data=data, headers=headers), timeout=120) as reply:
                return reply.read().decode()

        rows = []
        for lesson in args.notebook_lessons.split(","):
            opened = time.perf_counter()
            page = request(lesson + ".html")
            data = json.loads(re.search(r'id="lessons-notebook-data" type="application/json">(.*?)</script>', page, re.S).group(1))
            # Opening the page starts the lesson's kernel (its program run
            # once with a checkpoint before each cell); runs start from it
            # once it is ready.
            while json.loads(request("__lessons/notebook/kernel", {"lesson": data["lesson"]}))["state"] != "ready":
                if time.perf_counter() - opened > 120:
                    sys.exit("lessons notebook: the kernel of %s did not start" % lesson)
                time.sleep(0.02)
            rows.append("| `%s`, page opened → kernel ready (once) | %.2f |" % (lesson, time.perf_counter() - opened))
            last = len(data["cells"]) - 1
            cases = [("first cell, Run at once", 0, None), ("last cell (cell %d), Run at once" % (last + 1), last, None),
                     ("last cell, Run 1 s after the edit", last, 1.0)]
            for label, cell, pause in cases:
                times = []
                for i in range(args.runs):
                    progress("notebook: %s, %s, %d of %d" % (lesson, label, i + 1, args.runs))
                    marker = "notebook edit %d-%d-%d" % (os.getpid(), cell, i)
                    body = {"lesson": data["lesson"], "digest": data["digest"], "cell": cell,
                            "edits": [{"cell": cell, "code": data["cells"][cell]["code"] + '\nprint("%s")' % marker}]}
                    edited = time.perf_counter()
                    if pause is not None:
                        time.sleep(0.3)
                        request("__lessons/notebook/prepare", body)
                        time.sleep(max(0, pause - (time.perf_counter() - edited)))
                    start = time.perf_counter()
                    reply = json.loads(request("__lessons/notebook/run", body))
                    times.append(time.perf_counter() - start)
                    if reply.get("resumedFromCell") != cell:
                        sys.exit("lessons notebook: the run of %s cell %d did not start from the kernel (%r)"
                                 % (lesson, cell + 1, reply.get("resumedFromCell")))
                    if not any(marker in outcome["html"] for outcome in reply["cells"]):
                        sys.exit("lessons notebook: the run of %s cell %d did not print %r" % (lesson, cell + 1, marker))
                rows.append("| `%s`, %s | %s |" % (lesson, label, spread(times)))
        # Then every cell of every lesson once: edit it, press Run at once.
        every = []
        for name in sorted(os.listdir(course)):
            if not name.endswith(".md"):
                continue
            lesson = name[:-3]
            page = request(lesson + ".html")
            data = json.loads(re.search(r'id="lessons-notebook-data" type="application/json">(.*?)</script>', page, re.S).group(1))
            opened = time.perf_counter()
            while json.loads(request("__lessons/notebook/kernel", {"lesson": data["lesson"]}))["state"] != "ready":
                if time.perf_counter() - opened > 120:
                    sys.exit("lessons notebook: the kernel of %s did not start" % lesson)
                time.sleep(0.02)
            for cell in data["cells"]:
                if cell.get("readOnly"):
                    continue
                index = cell["index"]
                progress("notebook: every cell, %s cell %d" % (lesson, index + 1))
                marker = "notebook edit %d-every-%d" % (os.getpid(), index)
                body = {"lesson": data["lesson"], "digest": data["digest"], "cell": index,
                        "edits": [{"cell": index, "code": cell["code"] + '\nprint("%s")' % marker}]}
                start = time.perf_counter()
                reply = json.loads(request("__lessons/notebook/run", body))
                every.append((time.perf_counter() - start, lesson, index, reply.get("resumedFromCell"), reply.get("wholeRunReason")))
                if cell["runs"] and not any(marker in outcome["html"] for outcome in reply["cells"]):
                    sys.exit("lessons notebook: the run of %s cell %d did not print %r" % (lesson, index + 1, marker))
        load.append(os.getloadavg()[0])
    finally:
        stop(server)
    every.sort(reverse=True)
    whole = [e for e in every if e[3] is None]
    return "\n".join([
        "| `lessons notebook`: Run → the run's outputs, median of %d runs (min–max) | seconds |" % args.runs,
        "|---|---:|",
    ] + rows + [
        "",
        "Every editable cell of every lesson (%d cells, %d lessons), edited and Run at once, once each: "
        "median %.2f s, slowest %s; %d ran the whole program instead of starting from the kernel%s." % (
            len(every), len({e[1] for e in every}), statistics.median([e[0] for e in every]),
            ", ".join("%.2f s (`%s` cell %d)" % (t, l, i + 1) for t, l, i, _, _ in every[:3]), len(whole),
            "" if not whole else ": " + "; ".join("`%s` cell %d (%s)" % (l, i + 1, why) for _, l, i, _, why in whole)),
        "",
        "Load average (1 min) %.1f at the start, %.1f at the end, on %d cores." % (load[0], load[-1], os.cpu_count())])


# -- Slowest type-checked expressions ----------------------------------------

def compiled_cells(path):
    """(first code line, code) of each ```swift cell that runs and must compile:
    not `swift norun`, not `//| eval: false`, not `//| error: expected`."""
    cells, fence = [], None
    for number, line in enumerate(open(path).read().split("\n"), 1):
        if fence is None:
            opening = re.match(r" {0,3}(`{3,}|~{3,})\s*(.*)$", line)
            if opening:
                fence, info, first, body = opening.group(1), opening.group(2).strip(), number + 1, []
        elif re.fullmatch(r" {0,3}%s+\s*" % re.escape(fence[0] * len(fence)), line):
            leading = itertools.takewhile(lambda b: b.startswith("//|"), body)
            options = dict(re.findall(r"^//\|\s*([\w-]+):\s*(.*?)\s*$", "\n".join(leading), re.M))
            if info == "swift" and options.get("eval") != "false" and options.get("error") != "expected":
                cells.append((first, "\n".join(body)))
            fence = None
        else:
            body.append(line)
    return cells


def slow_expressions(args, work, count=5):
    """`swiftc -typecheck -warn-long-expression-type-checking=1` of each lesson's
    cells as one file; `#sourceLocation` makes the warnings name the Markdown line."""
    build = os.path.abspath(args.build_dir)
    lessons = sorted(os.path.join(args.course, n) for n in os.listdir(args.course) if n.endswith(".md"))
    lessons = [p for p in lessons if compiled_cells(p)]
    times = {}  # (lesson, line, column) -> milliseconds per run
    for r in range(args.runs):
        progress("type-checking the course, run %d of %d" % (r + 1, args.runs))
        for lesson in lessons:
            source = ["import LessonKit", ""]
            for first, code in compiled_cells(lesson):
                source += ['#sourceLocation(file: "%s", line: %d)' % (lesson, first), code, "#sourceLocation()", ""]
            file = os.path.join(work, "typecheck.swift")
            with open(file, "w") as f:
                f.write("\n".join(source))
            result = subprocess.run(
                [args.swiftc, "-typecheck", "-swift-version", "5", "-module-name", "Lesson",
                 "-I", build + "/Modules", "-Xcc", "-fmodule-map-file=" + build + "/_LessonKitShims.build/module.modulemap",
                 "-Xfrontend", "-warn-long-expression-type-checking=1", file],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if result.returncode != 0:
                sys.exit("swiftc -typecheck failed on %s:\n%s" % (lesson, result.stdout[-3000:]))
            for found in re.finditer(r"^(.+\.md):(\d+):(\d+): warning: expression took (\d+)ms to type-check", result.stdout, re.M):
                key = (found.group(1), int(found.group(2)), int(found.group(3)))
                times.setdefault(key, [0] * args.runs)[r] = int(found.group(4))  # 0: under 1 ms in that run
    median = {key: statistics.median(v) for key, v in times.items()}
    slowest = sorted(median, key=lambda k: -median[k])[:count]
    lines = [
        "| slowest type-checked expressions, median of %d runs | ms | where | expression starts |" % args.runs,
        "|---|---:|---|---|",
    ]
    for rank, (lesson, line, column) in enumerate(slowest, 1):
        text = open(lesson).read().split("\n")[line - 1][column - 1:].strip()
        text = (text[:70] + "…" if len(text) > 70 else text).replace("|", "\\|").replace("`", "'")
        lines.append("| %d | %g | `%s:%d` | `%s` |" % (rank, median[(lesson, line, column)], lesson, line, text))
    lines += ["", "%d expressions of the course took 1 ms or more to type-check (median); total %g ms." % (
        sum(1 for v in median.values() if v >= 1), sum(median.values()))]
    return "\n".join(lines)


# -- Real work: two lessons against their NumPy notebooks ---------------------

def real_work(args, work):
    notebooks = os.path.join(work, "real-notebooks")
    subprocess.run([sys.executable, os.path.join(HERE, "real_notebooks.py"), notebooks,
                    "--digits", os.path.join(REPO, "Sources", "LessonKit", "Resources", "digits.csv")], check=True)
    times = {pair: ([], []) for pair in REAL_PAIRS}
    for r in range(args.runs):
        progress("real lessons against notebooks, run %d of %d" % (r + 1, args.runs))
        for (lesson, notebook), (swift, jupyter) in times.items():
            cache = os.path.join(work, "real-cache-%d-%s" % (r, lesson))
            swift.append(timed([args.lessons_tool, "check", "--no-cache", "--cache-dir", cache, os.path.join(args.course, lesson)]))
            jupyter.append(timed([args.jupyter, "nbconvert", "--to", "notebook", "--execute",
                                  "--output-dir", os.path.join(work, "real-executed"), os.path.join(notebooks, notebook)],
                                 env=ONE_BLAS_THREAD))
    lines = [
        "| real lesson, cold, median of %d runs (min–max) | `lessons check --no-cache` s | `jupyter nbconvert --execute` s (NumPy, matplotlib) | Jupyter / lessons |" % args.runs,
        "|---|---:|---:|---:|",
    ]
    med = statistics.median
    for (lesson, notebook), (swift, jupyter) in times.items():
        lines.append("| `%s` vs `%s` | %s | %s | %.1f× |" % (lesson, notebook, spread(swift), spread(jupyter), med(jupyter) / med(swift)))
    swift_total = sum(med(s) for s, _ in times.values())
    jupyter_total = sum(med(j) for _, j in times.values())
    lines.append("| both (sum of the medians) | %.2f | %.2f | %.1f× |" % (swift_total, jupyter_total, jupyter_total / swift_total))
    lines += ["", "One lesson or notebook at a time; NumPy with one BLAS thread (`OPENBLAS_NUM_THREADS=1`)."]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lessons-tool", required=True)
    parser.add_argument("--jupyter", help="the jupyter command (needed unless --only is given)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--course", help="also measure this folder of lessons (the real course)")
    parser.add_argument("--build-dir", default=os.environ.get("LESSONKIT_BUILD_DIR", ".build/release"),
                        help="the LessonKit build (Modules/) to type-check against")
    parser.add_argument("--swiftc", default=os.environ.get("SWIFTC", "swiftc"))
    parser.add_argument("--serve-lesson", default="05-regularization", help="the lesson edited under `lessons serve`")
    parser.add_argument("--edits", type=int, help="edits of each kind under `lessons serve` (default: RUNS, at least 3)")
    parser.add_argument("--notebook-lessons", default="01-the-training-loop,05-regularization",
                        help="the lessons whose cells are run under `lessons notebook`, comma-separated")
    parser.add_argument("--only", choices=["notebook"], help="measure only this part of the real course (needs --course)")
    args = parser.parse_args()
    args.edits = args.edits or max(3, args.runs)
    work = tempfile.mkdtemp(prefix="runner-bench-")
    if args.only:
        if not args.course:
            sys.exit("--only needs --course")
        sections = [notebook_latency(args, work)]
    else:
        if not args.jupyter:
            sys.exit("--jupyter is needed unless --only is given")
        sections = [synthetic(args, work)]
    if args.course and not args.only:
        sections += [per_lesson(args, work), serve_latency(args, work), notebook_latency(args, work),
                     slow_expressions(args, work), real_work(args, work)]
    report = "\n\n".join(sections) + "\n"
    os.makedirs("bench/results", exist_ok=True)
    with open("bench/results/runner%s.md" % ("-" + args.only if args.only else ""), "w") as f:
        f.write(report)
    print(report)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
