"""ProgressStore at scale, next to sqlite3 (WAL, synchronous=FULL) doing the same work in the
same run. Prints each figure next to its target and the ratio.

The data is built through the public API as the app writes it: every employee does one session
per chapter (a new ProgressStore, sign-in, chapter opened, 9 scenes reached, 3 test attempts
with 8 answers, each event with its xAPI statements from StatementFactory, ~39 a chapter). Each
session is one store.transaction(): the documented bulk path, the same code as single saves with
one write per session. So the folder is in steady state: schema stamps, per-session backups,
statements moved to the archive. sqlite3 gets the same employees, summaries, attempts and
statements (as JSON) in the same loop.

Measured:
  save an attempt   record_attempt of an attempt with its 10 statements, for a random employee,
                    in a session that has signed in and reached a few scenes (as in the app);
                    wall and CPU time, p50/p95/p99, interleaved with sqlite3 doing the same
                    (insert the attempt and statements, recompute the chapter summary from the
                    attempts, update the outbox count; one transaction), so machine noise hits
                    both alike
  fresh process     a new Python process opens the store and reads one employee (record and
                    chapter progress): timed inside the process, and the whole process with
                    interpreter start and imports (the OS file cache is warm: the data was
                    just written)
  disk              allocated (st_blocks) and apparent bytes of the data folder per employee
  HR export         CSV of every employee x chapter, each time by a new store: index cold
                    (the first read after the build: every learner file is read), after the
                    measured saves (the people they changed are read again), up to date

Targets at 10,000 employees x 6 chapters x 3 attempts: save p95 <= 10 ms and <= 3x sqlite3;
fresh-process open + read one employee <= 50 ms; data folder <= 60 KB per employee.

Run: python benchmarks/store_scale.py [--employees 10000] [--saves 1000] [--quick]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from learnsocial.progress import report  # noqa: E402
from learnsocial.progress.records import AnswerRecord, Attempt, chapter_summary  # noqa: E402
from learnsocial.progress.store import ProgressStore  # noqa: E402
from learnsocial.progress.xapi import StatementFactory, XapiConfig, registration_for  # noqa: E402

CHAPTERS = [f"chapter-{n}" for n in range(1, 7)]
TITLE = {"sv": "Vad är en social digital arbetsplats?"}
SCENES = 9
QUESTIONS = 8
PROMPT = "Which of these is a good way to ask a question in a team channel?"


class Clock:
    """Stamps that move a minute per event, so runs are alike."""

    def __init__(self) -> None:
        self.now = 1_795_000_000.0

    def moment(self):
        from datetime import UTC, datetime

        self.now += 60
        return datetime.fromtimestamp(self.now, UTC)

    def stamp(self) -> str:
        return self.moment().isoformat(timespec="milliseconds")


def employee_id(n: int) -> str:
    return f"E{n:05d}"


def factory(clock: Clock, employee: str) -> StatementFactory:
    return StatementFactory(XapiConfig(), employee, "sv", "social-workplace",
                            {"sv": "Den sociala arbetsplatsen"}, clock=clock.stamp)


def make_attempt(clock: Clock, employee: str, chapter: str, n: int, passed: bool) -> Attempt:
    start = clock.moment()
    answers = [AnswerRecord(f"q{k}", f"answer-{k % 3}", (k + n) % 4 != 0, 3.5 + k, 120)
               for k in range(QUESTIONS)]
    right = sum(a.correct for a in answers)
    return Attempt(Attempt.new_id(), employee, chapter, "gallery", start.isoformat(),
                   clock.moment().isoformat(), answers, right / QUESTIONS, right * 120, passed,
                   "abc123def456", duration_s=95.0)


def attempt_statements(make: StatementFactory, attempt: Attempt) -> list[dict]:
    registration = registration_for(attempt.attempt_id)
    found = [make.choice_answered(attempt.chapter_id, a.item_id, name={"sv": PROMPT},
                                  choices=None, correct=None, response=a.response,
                                  success=a.correct, seconds=a.time_s, registration=registration)
             for a in attempt.answers]
    right = sum(a.correct for a in attempt.answers)
    found.append(make.test_finished(attempt.chapter_id, TITLE, score=attempt.score, right=right,
                                    total=len(attempt.answers), passed=attempt.passed,
                                    seconds=95.0, registration=registration))
    if attempt.passed:
        found.append(make.chapter_completed(attempt.chapter_id, TITLE))
    return found


# -- sqlite3: the same data and the same work ------------------------------------------------

SCHEMA = """
CREATE TABLE employees (id TEXT PRIMARY KEY, name TEXT, department TEXT, unsent INT);
CREATE TABLE progress (employee TEXT, chapter TEXT, status TEXT, scene TEXT, best REAL,
                       points INT, attempts INT, time REAL, PRIMARY KEY (employee, chapter));
CREATE TABLE attempts (id TEXT PRIMARY KEY, employee TEXT, chapter TEXT, data TEXT);
CREATE INDEX attempts_of ON attempts (employee, chapter);
CREATE TABLE statements (id TEXT PRIMARY KEY, employee TEXT, data TEXT, sent INT);
CREATE INDEX statements_of ON statements (employee);
"""


def sqlite_open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    return db


def sqlite_save(db: sqlite3.Connection, attempt: Attempt, statements: list[dict]) -> None:
    """What record_attempt does, in one transaction."""
    employee, chapter = attempt.employee_id, attempt.chapter_id
    with db:
        db.execute("INSERT OR IGNORE INTO attempts VALUES (?, ?, ?, ?)",
                   (attempt.attempt_id, employee, chapter, json.dumps(attempt.to_dict())))
        db.executemany("INSERT INTO statements VALUES (?, ?, ?, 0)",
                       [(s["id"], employee, json.dumps(s)) for s in statements])
        rows = db.execute("SELECT data FROM attempts WHERE employee = ? AND chapter = ?",
                          (employee, chapter)).fetchall()
        summary = chapter_summary(employee, chapter,
                                  [Attempt.from_dict(json.loads(r[0])) for r in rows], [])
        db.execute("UPDATE progress SET status = ?, best = ?, points = ?, attempts = ? "
                   "WHERE employee = ? AND chapter = ?",
                   (summary.status, summary.best_score, summary.points, summary.attempts,
                    employee, chapter))
        db.execute("UPDATE employees SET unsent = unsent + ? WHERE id = ?",
                   (len(statements), employee))


# -- building ------------------------------------------------------------------------------

def build(folder: Path, db: sqlite3.Connection, employees: int, clock: Clock) -> float:
    """Every employee, one session per chapter, through the public API; sqlite3 alike."""
    start = time.perf_counter()
    db.executescript(SCHEMA)
    db.execute("BEGIN")
    for e in range(employees):
        eid = employee_id(e)
        make = factory(clock, eid)
        db.execute("INSERT INTO employees VALUES (?, ?, 'Sales', 0)", (eid, f"Person {e}"))
        for chapter in CHAPTERS:
            store = ProgressStore(folder)  # a new session (the app started again)
            queued: list[dict] = [make.course_launched()]
            tries: list[Attempt] = []
            with store.transaction():
                store.sign_in(eid, f"Person {e}", "sv")
                store.queue_statements(eid, queued[-1:])
                opened = [make.chapter_launched(chapter, TITLE),
                          make.scene_experienced(chapter, TITLE, "s0", 1, SCENES + 1)]
                store.save_position(eid, chapter, "s0", 0.0, opened)
                queued += opened
                for scene in range(1, SCENES + 1):
                    one = [make.scene_experienced(chapter, TITLE, f"s{scene}", scene + 1,
                                                  SCENES + 1)]
                    store.save_position(eid, chapter, f"s{scene}", 40.0, one)
                    queued += one
                for n in range(3):
                    attempt = make_attempt(clock, eid, chapter, n, passed=n == 2)
                    said = attempt_statements(make, attempt)
                    store.record_attempt(attempt, said)
                    tries.append(attempt)
                    queued += said
            summary = chapter_summary(eid, chapter, tries, [])
            db.execute("INSERT INTO progress VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (eid, chapter, summary.status, f"s{SCENES}", summary.best_score,
                        summary.points, summary.attempts, 360.0 + 3 * 95.0))
            db.executemany("INSERT INTO attempts VALUES (?, ?, ?, ?)",
                           [(a.attempt_id, eid, chapter, json.dumps(a.to_dict())) for a in tries])
            db.executemany("INSERT INTO statements VALUES (?, ?, ?, 0)",
                           [(s["id"], eid, json.dumps(s)) for s in queued])
            db.execute("UPDATE employees SET unsent = unsent + ? WHERE id = ?", (len(queued), eid))
        if e % 500 == 499:
            print(f"  built {e + 1} employees ({time.perf_counter() - start:.0f} s)",
                  file=sys.stderr, flush=True)
    db.execute("COMMIT")
    return time.perf_counter() - start


# -- measuring -----------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure_saves(folder: Path, db: sqlite3.Connection, employees: int, saves: int,
                  clock: Clock, rng: random.Random) -> dict:
    """Interleaved: a session of ours (sign-in, scenes, then the timed attempt), then sqlite3
    recording the same attempt and statements."""
    ours_wall, ours_cpu, theirs_wall, theirs_cpu, sign_ins, positions = [], [], [], [], [], []
    for n in range(saves):
        eid = employee_id(rng.randrange(employees))
        chapter = rng.choice(CHAPTERS)
        make = factory(clock, eid)
        store = ProgressStore(folder)
        start = time.perf_counter()
        store.sign_in(eid, "", "sv")
        sign_ins.append(time.perf_counter() - start)
        for scene in range(3):
            one = [make.scene_experienced(chapter, TITLE, f"r{scene}", scene + 1, 10)]
            start = time.perf_counter()
            store.save_position(eid, chapter, f"r{scene}", 40.0, one)
            positions.append(time.perf_counter() - start)
        attempt = make_attempt(clock, eid, chapter, 10 + n, passed=rng.random() < 0.5)
        said = attempt_statements(make, attempt)
        cpu, wall = time.process_time(), time.perf_counter()
        store.record_attempt(attempt, said)
        ours_wall.append(time.perf_counter() - wall)
        ours_cpu.append(time.process_time() - cpu)
        twin = Attempt.from_dict(attempt.to_dict())
        twin.attempt_id = Attempt.new_id()
        copies = [dict(s, id=f"{s['id']}-sql") for s in said]
        cpu, wall = time.process_time(), time.perf_counter()
        sqlite_save(db, twin, copies)
        theirs_wall.append(time.perf_counter() - wall)
        theirs_cpu.append(time.process_time() - cpu)
    return {"ours_wall": ours_wall, "ours_cpu": ours_cpu, "sqlite_wall": theirs_wall,
            "sqlite_cpu": theirs_cpu, "sign_in": sign_ins, "position": positions}


FRESH_STORE = """
import json, sys, time
t0 = time.perf_counter()
from learnsocial.progress.store import ProgressStore
t1 = time.perf_counter()
store = ProgressStore(sys.argv[1])
person = store.employee(sys.argv[2])
progress = store.progress(sys.argv[2])
t2 = time.perf_counter()
assert person is not None and len(progress) == 6, (person, progress)
print(json.dumps({"open_read": t2 - t1, "imports": t1 - t0}))
"""

FRESH_SQLITE = """
import json, sqlite3, sys, time
t1 = time.perf_counter()
db = sqlite3.connect(sys.argv[1])
person = db.execute("SELECT * FROM employees WHERE id = ?", (sys.argv[2],)).fetchone()
progress = db.execute("SELECT * FROM progress WHERE employee = ?", (sys.argv[2],)).fetchall()
t2 = time.perf_counter()
assert person is not None and len(progress) == 6
print(json.dumps({"open_read": t2 - t1, "imports": 0.0}))
"""


def fresh_process(code: str, target: Path, employees: int, runs: int,
                  rng: random.Random) -> dict:
    """Runs the code in new processes (one more first, untimed, so that compiled bytecode
    exists as it does in an installed copy)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    inside, whole = [], []
    subprocess.run([sys.executable, "-c", code, str(target), employee_id(0)], env=env,
                   capture_output=True, check=True)
    for _run in range(runs):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code, str(target),
                              employee_id(rng.randrange(employees))],
                             env=env, capture_output=True, text=True, check=True).stdout
        whole.append(time.perf_counter() - start)
        inside.append(json.loads(out)["open_read"])
    return {"inside": inside, "whole": whole}


def disk(paths: list[Path]) -> tuple[int, int]:
    """(allocated, apparent) bytes of files under the given paths."""
    allocated = apparent = 0
    for root in paths:
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
        for path in files:
            info = path.stat()
            allocated += getattr(info, "st_blocks", 0) * 512 or info.st_size
            apparent += info.st_size
    return allocated, apparent


def export_store(folder: Path, out: Path) -> float:
    start = time.perf_counter()
    store = ProgressStore(folder)
    every = store.all_progress()
    rows = report.completion_rows(store.employees(), lambda eid: every.get(eid, {}),
                                  [(c, c.title()) for c in CHAPTERS])
    report.write_csv(rows, out)
    assert len(rows) == len(every) * len(CHAPTERS)
    return time.perf_counter() - start


def export_sqlite(path: Path, out: Path) -> float:
    import csv

    start = time.perf_counter()
    db = sqlite3.connect(path)
    rows = db.execute("SELECT e.id, e.name, e.department, p.chapter, p.status, p.best, "
                      "p.points, p.attempts, p.time FROM employees e JOIN progress p ON "
                      "p.employee = e.id ORDER BY e.id").fetchall()
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    db.close()
    return time.perf_counter() - start


# -- the table -----------------------------------------------------------------------------

def row(name: str, ours: float, theirs: float | None, target: str, ok: bool | None,
        unit: str) -> str:
    digits = 3 if unit == "s" else 2
    ratio = f"{ours / theirs:6.1f}x" if theirs else "      -"
    theirs_text = f"{theirs:10.{digits}f}" if theirs is not None else "         -"
    verdict = {True: "yes", False: "NO", None: ""}[ok]
    return (f"{name:<44} {ours:10.{digits}f} {theirs_text} {ratio}  {unit:<4} {target:<22} "
            f"{verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=1_000)
    parser.add_argument("--fresh-runs", type=int, default=21)
    parser.add_argument("--quick", action="store_true",
                        help="small sizes (100 employees, 100 saves): checks the script runs")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it")
    args = parser.parse_args(argv)
    if args.quick:
        args.employees, args.saves, args.fresh_runs = 100, 100, 3
    rng = random.Random(20261123)
    clock = Clock()
    with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
        base = Path(tmp)
        folder, sql_path = base / "store", base / "baseline.db"
        db = sqlite_open(sql_path)
        print(f"building {args.employees} employees x {len(CHAPTERS)} chapters x 3 attempts "
              "through the API ...", file=sys.stderr, flush=True)
        built = build(folder, db, args.employees, clock)
        export_cold = export_store(folder, base / "cold.csv")
        saves = measure_saves(folder, db, args.employees, args.saves, clock, rng)
        db.close()
        export_changed = export_store(folder, base / "changed.csv")
        export_warm = export_store(folder, base / "warm.csv")
        export_sql = export_sqlite(sql_path, base / "sql.csv")
        ours_fresh = fresh_process(FRESH_STORE, folder, args.employees, args.fresh_runs, rng)
        sql_fresh = fresh_process(FRESH_SQLITE, sql_path, args.employees, args.fresh_runs, rng)
        ours_disk = disk([folder])
        sql_disk = disk([p for p in base.iterdir() if p.name.startswith("baseline.db")])
    ms = 1000.0
    per = 1024.0 * args.employees
    wall_p95, sql_p95 = percentile(saves["ours_wall"], .95), percentile(saves["sqlite_wall"], .95)
    fresh_p50 = statistics.median(ours_fresh["inside"])
    print(f"\n{args.employees} employees x {len(CHAPTERS)} chapters x 3 attempts, "
          f"{args.saves} saves (interleaved), {args.fresh_runs} fresh processes; "
          f"built through the API in {built:.0f} s")
    print(f"{'figure':<44} {'store':>10} {'sqlite3':>10} {'ratio':>7}  {'unit':<4} "
          f"{'target':<22} met")
    for share, name in ((.50, "p50"), (.95, "p95"), (.99, "p99")):
        ours, theirs = percentile(saves["ours_wall"], share), percentile(saves["sqlite_wall"],
                                                                         share)
        target, ok = ("<= 10 ms and <= 3x", ours * ms <= 10 and ours <= 3 * theirs) \
            if name == "p95" else ("", None)
        print(row(f"save an attempt, wall {name}", ours * ms, theirs * ms, target, ok, "ms"))
    for share, name in ((.50, "p50"), (.95, "p95"), (.99, "p99")):
        print(row(f"save an attempt, CPU {name}", percentile(saves["ours_cpu"], share) * ms,
                  percentile(saves["sqlite_cpu"], share) * ms, "", None, "ms"))
    print(row("sign-in (first write of a session), wall p95",
              percentile(saves["sign_in"], .95) * ms, None, "", None, "ms"))
    print(row("scene reached (save_position), wall p95",
              percentile(saves["position"], .95) * ms, None, "", None, "ms"))
    print(row("fresh process: open + read one, p50", fresh_p50 * ms,
              statistics.median(sql_fresh["inside"]) * ms, "<= 50 ms", fresh_p50 * ms <= 50,
              "ms"))
    print(row("fresh process: open + read one, p95",
              percentile(ours_fresh["inside"], .95) * ms,
              percentile(sql_fresh["inside"], .95) * ms, "", None, "ms"))
    print(row("fresh process incl. Python start, p50",
              statistics.median(ours_fresh["whole"]) * ms,
              statistics.median(sql_fresh["whole"]) * ms, "", None, "ms"))
    print(row("disk per employee, allocated", ours_disk[0] / per, sql_disk[0] / per,
              "<= 60 KB", ours_disk[0] / per <= 60, "KB"))
    print(row("disk per employee, apparent size", ours_disk[1] / per, sql_disk[1] / per, "",
              None, "KB"))
    print(row("HR export CSV, index cold (after the build)", export_cold, export_sql, "", None,
              "s"))
    print(row("HR export CSV, after the measured saves", export_changed, export_sql, "", None,
              "s"))
    print(row("HR export CSV, index up to date", export_warm, export_sql, "", None, "s"))
    met = (wall_p95 * ms <= 10 and wall_p95 <= 3 * sql_p95 and fresh_p50 * ms <= 50
           and ours_disk[0] / per <= 60)
    print(f"\nall targets met: {'yes' if met else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
