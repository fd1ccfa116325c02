"""Validating the shipped course (CPU time, fresh processes), and loading and validating generated
courses up to 20 times larger.

First table: `learnsocial validate` on the shipped course, each run a fresh process, as an author
runs it: "validate CPU s" is time.process_time() around validate_course() alone (target 0.15 s),
"process CPU s" the user + system time of the whole `python -m learnsocial validate` process
(what /usr/bin/time reports: interpreter, imports and catalogs included). With --baseline REV the
same runs are made, turn by turn, with the code of an older revision (unpacked by git archive).

Second table: the time per chapter file should stay flat (linear growth). Every timed run parses
the files afresh (the parse cache is emptied first), as the first run in a process does.

Run: python benchmarks/content_scale.py [--runs 7] [--baseline REV] [--factors 1 5 20] [--quick]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
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
from learnsocial.content import yamlfile  # noqa: E402
from learnsocial.content.loader import chapter_folders, load_course  # noqa: E402
from learnsocial.content.validation import validate_course  # noqa: E402
from learnsocial.paths import assets_dir, content_dir  # noqa: E402

TARGET_CPU = 0.15  # s, `learnsocial validate` on the shipped course, the whole process

# The child: validate the tree's own shipped course once, as `learnsocial validate` does.
CHILD = r"""
import json, sys, time
from pathlib import Path
from learnsocial import i18n
i18n.set_language(i18n.negotiate(i18n.system_language()))
from learnsocial.content.validation import validate_course
from learnsocial.paths import assets_dir, content_dir
assert Path(i18n.__file__).resolve().is_relative_to(Path(sys.argv[1]).resolve())
root = content_dir(None)
start = time.process_time()
problems = validate_course(root, assets_dir(root))
print(json.dumps({"cpu": time.process_time() - start, "problems": len(problems.items)}))
"""


def child_env(tree: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as on an author's machine
    return env


def validate_cpu(tree: Path) -> tuple[float, float, int]:
    """(CPU s of validate_course, CPU s of the whole validate process, problems found)."""
    env = child_env(tree)
    done = subprocess.run([sys.executable, "-c", CHILD, str(tree)], env=env, cwd=tree,
                          capture_output=True, text=True, check=True)
    found = json.loads(done.stdout.splitlines()[-1])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "learnsocial", "validate"], env=env, cwd=tree,
                   capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return found["cpu"], process, found["problems"]


def shipped_course_table(runs: int, baseline: str | None) -> None:
    with ExitStack() as stack:
        trees, names = [ROOT], ["this tree"]
        if baseline:
            trees.insert(0, stack.enter_context(checkout(baseline)))
            names.insert(0, baseline)
        for tree in trees:
            validate_cpu(tree)  # writes the bytecode; not counted
        results: list[list[tuple[float, float, int]]] = [[] for _ in trees]
        for _ in range(runs):
            for tree, found in zip(trees, results, strict=True):
                found.append(validate_cpu(tree))
    print(f"`learnsocial validate` on the shipped course, {runs} fresh processes each")
    print(f"{'code':<12}{'validate CPU s':>16}{'(min)':>8}{'process CPU s':>16}{'(min)':>8}"
          f"{'problems':>10}")
    medians = []
    for name, found in zip(names, results, strict=True):
        cpu = [f[0] for f in found]
        process = [f[1] for f in found]
        medians.append(statistics.median(cpu))
        print(f"{name:<12}{statistics.median(cpu):>16.3f}{min(cpu):>8.3f}"
              f"{statistics.median(process):>16.3f}{min(process):>8.3f}{found[0][2]:>10}")
    if baseline:
        print(f"{'':<12}validation takes {medians[1] / medians[0]:.2f}x the CPU time of "
              f"{baseline}")
    ours = statistics.median(f[1] for f in results[-1])
    print(f"target: the whole validate process <= {TARGET_CPU:.2f} s CPU: {ours:.3f} s, "
          f"{'met' if ours <= TARGET_CPU else 'OVER'}")


def grow(source: Path, target: Path, factor: int) -> int:
    """Copy the course `factor` times over, with new folder names and chapter ids."""
    shutil.copytree(source / "course", target / "course")
    count = 0
    for copy in range(factor):
        for folder in chapter_folders(source):
            count += 1
            name = f"{count:02d}-{folder.name[3:]}-{copy}" if count < 100 else \
                f"{count % 100:02d}-{folder.name[3:]}-{copy}-{count}"
            destination = target / name
            destination.mkdir()
            for path in folder.glob("*.yaml"):
                text = path.read_text(encoding="utf-8")
                first, rest = text.split("\n", 1)
                destination.joinpath(path.name).write_text(f"{first}-{copy}-{count}\n{rest}",
                                                           encoding="utf-8")
    return count


def timed(action) -> float:
    """CPU seconds of one first run: the parse cache is emptied before."""
    yamlfile.forget_cached()
    start = time.process_time()
    action()
    return time.process_time() - start


def scale_table(factors: list[int]) -> None:
    source = content_dir()
    print(f"{'course':>8} {'chapters':>9} {'files':>6} {'validate s':>11} {'load s':>8} "
          f"{'ms per file':>12}")
    baseline = None
    for factor in factors:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            chapters = grow(source, root, factor)
            files = len(list(root.glob("[0-9][0-9]-*/*.yaml")))
            validate = min(timed(lambda root=root: validate_course(root, assets_dir()))
                           for _ in range(3))
            load = min(timed(lambda root=root: load_course(root, "de", assets_dir()))
                       for _ in range(3))
        per_file = validate / files * 1000
        baseline = baseline or per_file
        print(f"{'x' + str(factor):>8} {chapters:>9} {files:>6} {validate:>11.3f} {load:>8.3f} "
              f"{per_file:>12.2f}  ({per_file / baseline:.2f}x the per-file time of x1)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per tree (7)")
    parser.add_argument("--baseline", metavar="REV",
                        help="also time this revision, turn by turn (e.g. HEAD~3)")
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 5, 20],
                        help="course sizes for the second table (default 1 5 20)")
    parser.add_argument("--quick", action="store_true",
                        help="2 runs and sizes 1 and 2 only: to check that the benchmark works")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.factors = 2, [1, 2]
    shipped_course_table(args.runs, args.baseline)
    print()
    scale_table(args.factors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
