"""Reports from the LRS: how long `learnsocial export --from-lrs` takes for about 600 and 6,000
statements, the first report (everything read) and an incremental one (after new activity:
only what is new is read, the rest comes from the cache in the data folder).

For each size a fresh Learning Locker statement service (tests/lrs_fixture.py: Node and npm
needed) is filled through the application layer: learners sign in and play chapters of the
shipped course (story, choices, test) on an in-memory desktop until the size is reached, and
sync. Each report runs in a new process (the CLI's main(), as HR runs it), which measures its
own CPU and wall time around main() (Python's start and imports apart); the statements the
LRS sent are counted at the proxy in front of it. The CPU of the LRS itself is not in the
process figure (it is in the wall time).

Run: python benchmarks/lrs_report.py [--sizes 600 6000] [--new 2]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from learnsocial.app.session import Session  # noqa: E402
from learnsocial.paths import content_dir  # noqa: E402
from learnsocial.progress.lrs import LRSClient, sync_store  # noqa: E402
from learnsocial.progress.records import RosterRow  # noqa: E402
from learnsocial.progress.store import ProgressStore  # noqa: E402
from tests.course_player import play_test  # noqa: E402
from tests.lrs_fixture import PASSWORD, USER, AuthProxy, LearningLocker  # noqa: E402

HOME = "https://hr.example.org"
DEPARTMENTS = ("Sales", "Support", "Finance", "Operations")

# Peak memory is the process's own high-water mark (VmHWM): ru_maxrss of a child on Linux
# starts at the parent's size when it was forked, and the parent here holds the desktop.
MEASURE = """
import json, resource, sys, time
t0 = time.perf_counter(); c0 = time.process_time()
from learnsocial.cli import main
t1 = time.perf_counter(); c1 = time.process_time()
code = main(sys.argv[1:])
t2 = time.perf_counter(); c2 = time.process_time()
try:
    status = open("/proc/self/status").read()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"code": code, "cpu": c2 - c1, "wall": t2 - t1, "import_cpu": c1 - c0,
                  "peak_mb": peak}), file=sys.stderr)
"""


class Ticker:
    def __init__(self, start: datetime, step: timedelta):
        self.now, self.step = start, step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


class Desktop:
    """An in-memory desktop whose learners play through the application layer."""

    def __init__(self, start: datetime):
        self.store = ProgressStore.in_memory(clock=Ticker(start, timedelta(seconds=37)))
        self.clock = Ticker(start, timedelta(seconds=53))
        self.people = 0

    def learner(self, chapters: int) -> None:
        """One more learner: signs in, reads and tests `chapters` chapters."""
        self.people += 1
        session = Session(content_dir(), self.store, ("sv", "de", "en")[self.people % 3],
                          clock=self.clock)
        session.language_chosen = True
        session.load_course()
        session.sign_in(f"E{self.people:04d}", f"Person {self.people}")
        record = session.record
        assert record is not None
        for number, chapter in enumerate(session.course.chapters[:chapters]):
            total = len(chapter.scenes)
            record.chapter_opened(chapter.id, chapter.scenes[0].id, 1, total)
            for k, scene in enumerate(chapter.scenes[1:], start=2):
                record.scene_reached(chapter.id, scene.id, k, total, 3.0 + k * 0.71)
                if scene.options:
                    record.choice_made(chapter, scene, scene.options[k % len(scene.options)].id)
            record.time_spent(chapter.id, chapter.scenes[-1].id, 5.5)
            accuracy = 1.0 if (self.people + number) % 4 else 0.5
            session.finish_test(chapter, play_test(chapter, accuracy, 2.5, self.people),
                                session.clock())

    def waiting(self) -> int:
        return len(self.store.unsent_statements())


def report(hr: Path, endpoint: str, env: dict) -> dict:
    out = hr / "report.csv"
    done = subprocess.run([sys.executable, "-c", MEASURE, "export", "--format", "csv", "--out",
                           str(out), "--data-dir", str(hr), "--from-lrs", endpoint, "--user",
                           USER], env=env, capture_output=True, text=True, cwd=ROOT)
    lines = done.stderr.strip().splitlines()
    figures = json.loads(lines[-1])
    if figures["code"] != 0:
        raise SystemExit(f"the report failed: {done.stderr[-2000:]}")
    figures["said"] = next((line for line in lines if "read from the LRS" in line), "")
    return figures


def measure(size: int, new_people_chapters: int, work: Path) -> list[dict]:
    base = f"https://learning.example.com/xapi/bench-{uuid.uuid4().hex[:8]}"
    os.environ.update(LEARNSOCIAL_XAPI_BASE=base, LEARNSOCIAL_XAPI_HOMEPAGE=HOME,
                      LEARNSOCIAL_LRS_PASSWORD=PASSWORD)
    storage = work / f"lrs-{size}"
    storage.mkdir()
    server = LearningLocker(storage)
    server.start()
    proxy = AuthProxy(server.port)
    try:
        desk = Desktop(datetime(2026, 9, 1, 8, tzinfo=UTC))
        while desk.waiting() < size:
            desk.learner(6)
        filled = desk.waiting()
        client = LRSClient(proxy.endpoint, USER, PASSWORD)
        sync_store(desk.store, client, HOME)
        hr = work / f"hr-{size}"
        ProgressStore(hr).upsert_roster(
            [RosterRow(f"E{n:04d}", f"Person {n}", DEPARTMENTS[n % len(DEPARTMENTS)])
             for n in range(1, desk.people + 4)])
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        results = []
        proxy.served.clear()
        first = report(hr, proxy.endpoint, env)
        results.append(dict(first, size=filled, kind="first", fetched=len(proxy.served)))
        desk.learner(new_people_chapters)  # new activity: one more learner
        new = desk.waiting()
        sync_store(desk.store, client, HOME)
        proxy.served.clear()
        again = report(hr, proxy.endpoint, env)
        results.append(dict(again, size=filled + new, kind=f"incremental (+{new} new)",
                            fetched=len(proxy.served)))
        return results
    finally:
        proxy.close()
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[600, 6000])
    parser.add_argument("--new", type=int, default=2, metavar="CHAPTERS",
                        help="chapters the one new learner plays before the incremental "
                             "report (default 2)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="learnsocial-lrs-bench-") as folder:
        for size in args.sizes:
            rows += measure(size, args.new, Path(folder))
    print(f"{'statements in the LRS':>22} | {'report':<22} | {'fetched':>7} | {'wall s':>7} | "
          f"{'CPU s':>6} | {'peak MB':>7}")
    print("-" * 86)
    for row in rows:
        print(f"{row['size']:>22,} | {row['kind']:<22} | {row['fetched']:>7,} | "
              f"{row['wall']:>7.2f} | {row['cpu']:>6.2f} | {row['peak_mb']:>7.0f}")
    print("\nwall and CPU: inside the report's process, around main() (imports apart: "
          f"{rows[0]['import_cpu']:.2f} s CPU); the LRS's own CPU is in the wall time only")
    for row in rows:
        print(f"  {row['size']:,} {row['kind']}: {row['said']}")


if __name__ == "__main__":
    main()
