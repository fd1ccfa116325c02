"""ProgressStore at scale, next to an sqlite3 baseline doing the same work in the same run.

For 100, 1,000 and 10,000 employees x 6 chapters x 3 attempts: the time of one save (an attempt
inserted + the chapter's progress updated) as p50/p95, a cold first query (a fresh store reading
one employee's progress), and a full CSV export of every employee x chapter.
Targets with TinyDB: save p95 < 20 ms, cold query < 0.5 s, export < 3 s at 10,000.

Run: python benchmarks/store_scale.py [--sizes 100 1000 10000] [--saves 200]
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from learnsocial.progress import report  # noqa: E402
from learnsocial.progress.records import AnswerRecord, Attempt, ChapterProgress, Employee  # noqa: E402
from learnsocial.progress.store import ProgressStore, learner_file_name, shard_of  # noqa: E402

CHAPTERS = [f"chapter-{n}" for n in range(1, 7)]
STAMP = "2026-11-22T10:00:00+00:00"


def make_attempt(employee: str, chapter: str, n: int) -> Attempt:
    answers = [AnswerRecord(f"q{k}", "a", k % 4 != 0, 3.5, 120) for k in range(8)]
    return Attempt(f"{employee}-{chapter}-{n}", employee, chapter, "gallery", STAMP, STAMP,
                   answers, 0.75, 700, n == 2, "abc123def456")


def populate(folder: Path, employees: int) -> None:
    """Write the store's files directly (the API would take hours for 180,000 attempts)."""
    ProgressStore(folder)  # meta.json and folders
    shards: dict[int, dict] = defaultdict(lambda: {"employees": {}, "progress": {}})
    for e in range(employees):
        eid = f"e{e:05d}"
        shard = shards[shard_of(eid)]
        shard["employees"][str(len(shard["employees"]) + 1)] = Employee(
            eid, f"Person {e}", "Sales", "sv", {}, STAMP, STAMP).to_dict()
        attempts = {}
        for chapter in CHAPTERS:
            shard["progress"][str(len(shard["progress"]) + 1)] = ChapterProgress(
                eid, chapter, "completed", "s9", STAMP, STAMP, 0.75, 700, 3, 620.0).to_dict()
            for n in range(3):
                attempts[str(len(attempts) + 1)] = make_attempt(eid, chapter, n).to_dict()
        (folder / "learners" / learner_file_name(eid)).write_text(
            json.dumps({"attempts": attempts, "statements": {}}))
    for number, data in shards.items():
        (folder / "summary" / f"{number:02d}.json").write_text(json.dumps(data))


def measure_store(folder: Path, employees: int, saves: int, rng: random.Random) -> dict:
    store = ProgressStore(folder)
    times = []
    for n in range(saves):
        eid = f"e{rng.randrange(employees):05d}"
        start = time.perf_counter()
        store.record_attempt(make_attempt(eid, rng.choice(CHAPTERS), 100 + n))
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    ProgressStore(folder).progress(f"e{rng.randrange(employees):05d}")
    cold = time.perf_counter() - start
    start = time.perf_counter()
    fresh = ProgressStore(folder)
    every = fresh.all_progress()
    rows = report.completion_rows(fresh.employees(), lambda eid: every.get(eid, {}),
                                  [(c, c.title()) for c in CHAPTERS])
    report.write_csv(rows, folder / "export.csv")
    export = time.perf_counter() - start
    return summarise(times, cold, export, len(rows))


def measure_sqlite(folder: Path, employees: int, saves: int, rng: random.Random) -> dict:
    db = sqlite3.connect(folder / "baseline.db")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.executescript("""
        CREATE TABLE employees (id TEXT PRIMARY KEY, name TEXT, department TEXT);
        CREATE TABLE progress (employee TEXT, chapter TEXT, status TEXT, best REAL, points INT,
                               attempts INT, time REAL, PRIMARY KEY (employee, chapter));
        CREATE TABLE attempts (id TEXT PRIMARY KEY, employee TEXT, chapter TEXT, data TEXT);
    """)
    with db:
        for e in range(employees):
            eid = f"e{e:05d}"
            db.execute("INSERT INTO employees VALUES (?, ?, ?)", (eid, f"Person {e}", "Sales"))
            for chapter in CHAPTERS:
                db.execute("INSERT INTO progress VALUES (?, ?, 'completed', 0.75, 700, 3, 620)",
                           (eid, chapter))
                db.executemany("INSERT INTO attempts VALUES (?, ?, ?, ?)", [
                    (f"{eid}-{chapter}-{n}", eid, chapter,
                     json.dumps(make_attempt(eid, chapter, n).to_dict())) for n in range(3)])
    db.close()
    times = []
    db = sqlite3.connect(folder / "baseline.db")
    db.execute("PRAGMA synchronous=FULL")
    for n in range(saves):
        eid = f"e{rng.randrange(employees):05d}"
        chapter = rng.choice(CHAPTERS)
        start = time.perf_counter()
        with db:
            db.execute("INSERT INTO attempts VALUES (?, ?, ?, ?)", (
                f"{eid}-{chapter}-{100 + n}", eid, chapter,
                json.dumps(make_attempt(eid, chapter, 100 + n).to_dict())))
            db.execute("UPDATE progress SET attempts = attempts + 1, best = max(best, 0.75) "
                       "WHERE employee = ? AND chapter = ?", (eid, chapter))
        times.append(time.perf_counter() - start)
    db.close()
    start = time.perf_counter()
    db = sqlite3.connect(folder / "baseline.db")
    db.execute("SELECT * FROM progress WHERE employee = ?", ("e00000",)).fetchall()
    cold = time.perf_counter() - start
    start = time.perf_counter()
    rows = db.execute("SELECT e.id, e.name, e.department, p.chapter, p.status, p.best, "
                      "p.points, p.attempts, p.time FROM employees e JOIN progress p ON "
                      "p.employee = e.id ORDER BY e.id").fetchall()
    with (folder / "baseline.csv").open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(rows)
    export = time.perf_counter() - start
    db.close()
    return summarise(times, cold, export, len(rows))


def summarise(times: list[float], cold: float, export: float, rows: int) -> dict:
    times.sort()
    return {"p50": statistics.median(times) * 1000, "p95": times[int(len(times) * 0.95)] * 1000,
            "cold": cold, "export": export, "rows": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()
    print(f"{'employees':>9} {'engine':<8} {'save p50 ms':>11} {'save p95 ms':>11} "
          f"{'cold s':>8} {'export s':>9} {'rows':>7}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "tiny").mkdir()
            (folder / "sql").mkdir()
            populate(folder / "tiny", size)
            tiny = measure_store(folder / "tiny", size, args.saves, random.Random(1))
            sql = measure_sqlite(folder / "sql", size, args.saves, random.Random(1))
        for name, result in (("tinydb", tiny), ("sqlite3", sql)):
            print(f"{size:>9} {name:<8} {result['p50']:>11.2f} {result['p95']:>11.2f} "
                  f"{result['cold']:>8.3f} {result['export']:>9.3f} {result['rows']:>7}")
        print(f"{size:>9} {'ratio':<8} {tiny['p50'] / sql['p50']:>10.1f}x "
              f"{tiny['p95'] / sql['p95']:>10.1f}x {tiny['cold'] / sql['cold']:>7.1f}x "
              f"{tiny['export'] / sql['export']:>8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
