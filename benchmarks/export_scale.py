"""HR exports at scale: CPU, wall time and peak memory of `learnsocial export` per format,
next to issue 17's targets (each format <= 3 s CPU and <= 200 MB peak).

Two data sets, built through the store's public API with the shipped course's chapters,
questions and choice scenes:
  roster   a roster of N employees (one roster import) of whom N/10 have progress: every
           chapter opened, 3 test attempts a chapter (the last passed), first choices taken
  full     N employees who all have that progress (issue 17: 10,000 x 6 chapters x 3 attempts)

Each export runs in a new process (`python -c`: the CLI's main()), so peak memory is that
export's alone; CPU and wall are measured inside the process around main() (Python's start
and imports are shown apart). The first export after the build brings the store's HR index up
to date (every learner file read once); it is measured as its own line ("index cold").

Run: python benchmarks/export_scale.py [--employees 10000] [--quick] [--keep DIR]
     [--full-from DIR]   (a copy of a "full" folder built before, instead of building one)
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from learnsocial.app.learning_record import FIRST_CHOICE  # noqa: E402
from learnsocial.content.loader import load_course  # noqa: E402
from learnsocial.paths import assets_dir, content_dir  # noqa: E402
from learnsocial.progress.records import AnswerRecord, Attempt, RosterRow  # noqa: E402
from learnsocial.progress.store import ProgressStore  # noqa: E402

TARGET_CPU_S, TARGET_MB = 3.0, 200.0
DEPARTMENTS = ("Sales", "Support", "Finance", "Research and development", "Marketing",
               "Operations", "Legal", "People")
START = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
FORMATS = (("csv", []), ("csv --excel de", ["--excel", "de"]), ("json", []), ("xlsx", []),
           ("html", []))

MEASURE = """
import json, resource, sys, time
t0 = time.perf_counter(); c0 = time.process_time()
from learnsocial.cli import main
t1 = time.perf_counter(); c1 = time.process_time()
code = main(sys.argv[1:])
t2 = time.perf_counter(); c2 = time.process_time()
print(json.dumps({"code": code, "cpu": c2 - c1, "wall": t2 - t1, "import_cpu": c1 - c0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}),
      file=sys.stderr)
"""


def employee_id(n: int) -> str:
    return f"E{n:05d}"


def build(folder: Path, employees: int, with_progress: int) -> float:
    """A roster of `employees`, the first `with_progress` of them through the whole course."""
    started = time.perf_counter()
    course = load_course(content_dir(None), "en", assets_dir(content_dir(None)))
    store = ProgressStore(folder)
    store.upsert_roster([
        RosterRow(employee_id(n), f"Person {n}", DEPARTMENTS[n % len(DEPARTMENTS)],
                  f"Manager {n % 97}", (START + timedelta(days=n % 60)).date().isoformat(),
                  (START + timedelta(days=30 + n % 60)).date().isoformat())
        for n in range(employees)])
    for n in range(with_progress):
        eid = employee_id(n)
        moment = START + timedelta(days=n % 60)
        with store.transaction():  # one learner session: one write
            store.sign_in(eid, f"Person {n}", "en")
            choices = {}
            for chapter in course.chapters:
                store.save_position(eid, chapter.id, chapter.scenes[-1].id, 420.0)
                for scene in chapter.choice_scenes:
                    option = scene.options[(n + len(scene.id)) % len(scene.options)]
                    choices[FIRST_CHOICE.format(chapter=chapter.id, scene=scene.id)] = option.id
                items = chapter.test.spec.items() if chapter.test else []
                for k in range(3):
                    moment += timedelta(minutes=7)
                    answers = [AnswerRecord(item, f"{item}-{(n + k + m) % 3}",
                                            (n + k + m) % 4 != 0 or k == 2, 3.5 + m,
                                            100)
                               for m, (item, _text) in enumerate(items)]
                    right = sum(a.correct for a in answers)
                    score = right / len(answers) if answers else 1.0
                    stamp = moment.isoformat(timespec="seconds")
                    store.record_attempt(Attempt(
                        Attempt.new_id(), eid, chapter.id, chapter.test.game if chapter.test
                        else "none", stamp, stamp, answers, score, right * 100, k == 2,
                        duration_s=95.0))
            store.update_settings(eid, **choices)
        if n % 500 == 499:
            print(f"  {n + 1} learners built ({time.perf_counter() - started:.0f} s)",
                  file=sys.stderr, flush=True)
    return time.perf_counter() - started


def export(folder: Path, out: Path, fmt: str, extra: list[str]) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT),
                                                                    os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-c", MEASURE, "export", "--format",
                           fmt.split()[0], "--out", str(out), "--data-dir", str(folder),
                           "--lang", "en", "--tz", "Europe/Stockholm", *extra],
                          capture_output=True, text=True, env=env)
    figures = json.loads(done.stderr.strip().splitlines()[-1])
    if figures["code"] != 0:
        raise SystemExit(f"export {fmt} failed: {done.stderr[-500:]}")
    written = [w for w in done.stdout.splitlines() if "written to" in w]
    if not written:
        raise SystemExit(f"export {fmt} printed no summary: {done.stdout[-500:]}")
    figures["rows"] = int(written[-1].split()[0].replace(",", ""))
    figures["notes"] = [w for w in done.stdout.splitlines() if w not in written]
    return figures


def line(name: str, fmt: str, f: dict) -> str:
    ok = f["cpu"] <= TARGET_CPU_S and f["peak_mb"] <= TARGET_MB
    return (f"{name:<8} {fmt:<16} {f['rows']:>8} {f['cpu']:>8.2f} {f['wall']:>8.2f} "
            f"{f['peak_mb']:>8.0f} {f['import_cpu']:>8.2f}  <= 3 s, <= 200 MB   "
            f"{'yes' if ok else 'NO'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true",
                        help="small sizes (200 employees): checks the script runs")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it")
    parser.add_argument("--sets", default="roster,full",
                        help="which data sets: roster, full or both (default)")
    parser.add_argument("--full-from", metavar="DIR",
                        help="copy this data folder (built by build() with as many employees, "
                             "all with progress; it is never written) instead of building the "
                             "full set")
    args = parser.parse_args(argv)
    if args.quick:
        args.employees = 200
    n = args.employees
    sets = {"roster": n // 10, "full": n}
    chosen = [s for s in args.sets.split(",") if s in sets]
    results = []
    with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
        base = Path(tmp)
        for name in chosen:
            folder = base / name
            print(f"building {name}: {n} employees, {sets[name]} with progress ...",
                  file=sys.stderr, flush=True)
            if name == "full" and args.full_from:
                started = time.perf_counter()
                shutil.copytree(args.full_from, folder, ignore=shutil.ignore_patterns("index"))
                built = -(time.perf_counter() - started)  # copied, not built
            else:
                built = build(folder, n, sets[name])
            cold = export(folder, base / "cold.csv", "csv", [])
            results.append((name, "csv, index cold", cold, built))
            for fmt, extra in FORMATS:
                suffix = fmt.split()[0]
                results.append((name, fmt, export(folder, base / f"{name}.{suffix}", fmt,
                                                  extra), built))
            dept = export(folder, base / "dept.csv", "csv", ["--department", "Sales"])
            late = export(folder, base / "late.csv", "csv", ["--overdue", "--chapter",
                                                            "social-workplace"])
            results.append((name, "csv --department", dept, built))
            results.append((name, "csv --overdue", late, built))
    print(f"\nHR exports, {n} employees on the roster; 6 chapters x 3 attempts for those with "
          "progress; each export a new process")
    for name in chosen:
        built = next(r[3] for r in results if r[0] == name)
        how = f"copied from {args.full_from}" if built < 0 else \
            f"built through the API in {built:.0f} s"
        print(f"  {name}: {sets[name]} with progress, {how}")
    print(f"{'set':<8} {'format':<16} {'rows':>8} {'CPU s':>8} {'wall s':>8} {'peak MB':>8} "
          f"{'start s':>8}  target               met")
    met = True
    for name, fmt, figures, _built in results:
        print(line(name, fmt, figures))
        if fmt in ("csv", "xlsx", "html"):
            met = met and figures["cpu"] <= TARGET_CPU_S and figures["peak_mb"] <= TARGET_MB
    notes = sorted({n for _n, _f, figures, _b in results for n in figures["notes"]})
    if notes:
        print("\nwhat the exports said besides the summary:")
        for note in notes:
            print(f"  {note}")
    print(f"\nall targets met (csv, xlsx, html): {'yes' if met else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
