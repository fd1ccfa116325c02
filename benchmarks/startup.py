"""Start-up to the first frame, as `learnsocial` does it, in a fresh process each run.

Each run starts a new Python process that calls ``learnsocial.cli.main(["play", ...])``: it
imports, negotiates the language and loads its catalog, opens the progress store, reads the course,
opens the window (SDL's dummy driver, so no display is needed) and draws the title screen once;
then it stops. The time runs from just before the process is started to just after that first
frame reached the window. The phases are stamped by wrapping the CLI's own steps:

    start-up   interpreter, imports, UI catalog, argument parsing, site config
    store      ProgressStore opened (every summary shard read)
    course     the course read and checked in the learner's language
    window     pygame, theme, window, sounds, voice, flow: App(...)
    frame      the title screen drawn and flipped

Cases: an empty store, and a store with N employees built through the public API
(ProgressStore.sign_in, one call per employee). The first run of each case starts with an empty
user cache (XDG_CACHE_HOME points at a fresh folder), so it pays one-off costs such as compiling
the translations, and Python's bytecode is written then if it was not yet; the figures are the
min and median of the runs after it.

With ``--baseline REV`` the same runs are made, turn by turn, with the code of an older revision
(unpacked by git archive), and a third table gives the ratio of the medians.

Run: python benchmarks/startup.py [--runs 7] [--employees 10000] [--lang sv] [--baseline REV]
``--quick`` (one run per case, 20 employees) is what tests/test_startup_benchmark.py runs, so this
script cannot rot.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.baseline import checkout  # noqa: E402

PHASES = ("start-up", "store", "course", "window", "frame")

# The child: the real CLI, with each step wrapped to note when it ended, and the app loop
# replaced by one frame. argv: the data dir, the tree whose code runs.
CHILD = r"""
import sys, time, json
import learnsocial.cli as cli
from pathlib import Path
assert Path(cli.__file__).resolve().is_relative_to(Path(sys.argv[2]).resolve()), cli.__file__
stamps = {}
def wrap(owner, name, label):
    real = getattr(owner, name)
    def timed(*args, **kwargs):
        stamps.setdefault(label + ":begin", time.time())
        result = real(*args, **kwargs)
        stamps[label] = time.time()
        return result
    setattr(owner, name, timed)
wrap(cli, "_open_store", "store")
wrap(cli, "_session", "course")
def first_frame(app):
    import pygame
    stamps["window"] = time.time()
    app.frame(0.0, [])
    pygame.display.flip()
    stamps["frame"] = time.time()
    return 0
import learnsocial.ui.app as app_module
app_module.App.run = first_frame
code = cli.main(["play", "--data-dir", sys.argv[1]])
print("STAMPS " + json.dumps(stamps))
sys.exit(code)
"""


def build_store(folder: Path, employees: int) -> float:
    """A store with `employees` employees, through the public API; returns the seconds it took."""
    from learnsocial.progress.store import ProgressStore

    start = time.perf_counter()
    store = ProgressStore(folder)
    for number in range(employees):
        store.sign_in(f"e{number:05d}", f"Employee {number}", "sv")
    return time.perf_counter() - start


def one_run(tree: Path, data: Path, cache: Path, language: str) -> dict[str, float]:
    """Seconds from process start to the end of each phase, for one fresh process running the
    code in tree."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1", XDG_CACHE_HOME=str(cache),
               LANG=f"{language}.UTF-8", LC_ALL="", LC_MESSAGES="", LANGUAGE="",
               PYTHONPATH=str(tree))
    # Bytecode is cached as on a learner's machine (pip and the bundle compile it at install);
    # a sandbox that forbids writing it would add the compiling of every module to each run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.time()
    done = subprocess.run([sys.executable, "-c", CHILD, str(data), str(tree)], env=env,
                          cwd=tree, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("STAMPS ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"the start-up run failed ({done.returncode}):\n{done.stderr}")
    stamps = json.loads(lines[-1][len("STAMPS "):])
    ends = {"start-up": stamps["store:begin"], "store": stamps["store"],
            "course": stamps["course"], "window": stamps["window"], "frame": stamps["frame"]}
    return {phase: ends[phase] - started for phase in PHASES}


def measure(trees: list[Path], data: Path, runs: int, language: str
            ) -> list[tuple[dict[str, float], list[dict]]]:
    """Per tree: (the cold first run, the warm runs after it), the trees taking turns."""
    results: list[tuple[dict[str, float], list[dict]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        caches = [Path(tmp) / str(number) for number in range(len(trees))]
        for tree, cache in zip(trees, caches, strict=True):
            results.append((one_run(tree, data, cache, language), []))
        for _ in range(runs):
            for (_cold, warm), tree, cache in zip(results, trees, caches, strict=True):
                warm.append(one_run(tree, data, cache, language))
    return results


def durations(run: dict[str, float]) -> dict[str, float]:
    """Seconds spent in each phase (each end minus the one before)."""
    previous, found = 0.0, {}
    for phase in PHASES:
        found[phase] = run[phase] - previous
        previous = run[phase]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="warm runs per case (default 7)")
    parser.add_argument("--employees", type=int, default=10_000,
                        help="employees in the large store (default 10000)")
    parser.add_argument("--lang", default="sv", help="the learner's system language (sv)")
    parser.add_argument("--baseline", metavar="REV",
                        help="also time this revision, turn by turn (e.g. HEAD~3)")
    parser.add_argument("--quick", action="store_true",
                        help="one warm run per case and 20 employees (for the test)")
    args = parser.parse_args(argv)
    runs, employees = (1, 20) if args.quick else (args.runs, args.employees)
    with ExitStack() as stack:
        trees = [ROOT]
        names = ["this tree"]
        if args.baseline:
            trees.insert(0, stack.enter_context(checkout(args.baseline)))
            names.insert(0, args.baseline)
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        empty, full = tmp / "empty", tmp / "full"
        empty.mkdir()
        built = build_store(full, employees)
        print(f"store with {employees:,} employees built through sign_in in {built:.1f} s; "
              f"{runs} warm runs per case, language {args.lang}")
        medians: dict[tuple[str, str], float] = {}
        for case, folder in (("empty store", empty), (f"{employees:,} employees", full)):
            print(f"\n{case}")
            print(f"{'code':<12}{'cold s':>8}{'min s':>8}{'median s':>10}   "
                  + "".join(f"{p:>10}" for p in PHASES) + "   (median s per phase)")
            results = measure(trees, folder, runs, args.lang)
            for name, (cold, warm) in zip(names, results, strict=True):
                totals = [run["frame"] for run in warm]
                phases = [durations(run) for run in warm]
                per_phase = {p: statistics.median(d[p] for d in phases) for p in PHASES}
                medians[(case, name)] = statistics.median(totals)
                print(f"{name:<12}{cold['frame']:>8.3f}{min(totals):>8.3f}"
                      f"{medians[(case, name)]:>10.3f}   "
                      + "".join(f"{per_phase[p]:>10.3f}" for p in PHASES))
            if args.baseline:
                ratio = medians[(case, names[1])] / medians[(case, names[0])]
                print(f"{'':<12}this tree takes {ratio:.2f}x the time of {args.baseline}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
