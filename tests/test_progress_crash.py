"""Writes that fail half-way, processes killed at chosen points, concurrent writers.

Kills are deterministic: a child process stops itself with SIGKILL the k-th time it passes a
named point (learnsocial.atomicfile.fault), so every trial lands inside a save by design and no
assertion depends on how fast the machine is.

Run as a script, this file is the writer process of the concurrency test:
    python tests/test_progress_crash.py DATA_DIR EMPLOYEE COUNT
"""
from __future__ import annotations

import errno
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections import Counter
from functools import partial
from pathlib import Path

import pytest

from learnsocial import atomicfile
from learnsocial.progress import report
from learnsocial.progress.records import AnswerRecord, Attempt, RosterRow, chapter_summary
from learnsocial.progress.store import ProgressStore, StoreError, bucket_of

ROOT = Path(__file__).resolve().parent.parent
V1_FIXTURE = ROOT / "tests" / "fixtures" / "store_v1"
STAMP = "2026-11-22T10:00:00+00:00"
posix_only = pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"),
                                reason="needs fork and SIGKILL")


def make_attempt(employee: str, chapter: str, n: int, passed: bool = False) -> Attempt:
    return Attempt(f"{employee}-{chapter}-{n}", employee, chapter, "gallery", STAMP,
                   f"2026-11-22T10:{n // 60 % 60:02d}:{n % 60:02d}+00:00",
                   [AnswerRecord(f"q{k}", "a", k % 2 == 0, 1.5, 100) for k in range(6)],
                   0.5 + (n % 50) / 100, 100 + n, passed, duration_s=30.0)


def statement(tag: str) -> dict:
    return {"id": tag, "timestamp": STAMP, "verb": {"id": "x"}}


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != "store.lock"}


def temporary_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if atomicfile.is_temporary(p.name)]


# -- fault injection: a save that fails half-way -------------------------------------------

def _enospc(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


class _HalfWriter:
    """A file that writes half of what it is given, then finds the disk full."""

    def __init__(self, handle):
        self.handle = handle

    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


def _inject(monkeypatch, where: str) -> None:
    """Make the next write of a learner file fail at the given step."""
    real_fdopen = os.fdopen

    def hook(point: str, path: str) -> None:
        if "/people/" not in path.replace(os.sep, "/"):
            return
        if where == "just before replace" and point == "replace:before":
            raise OSError(errno.EIO, "Input/output error")
        if where == "just after replace" and point == "replace:after":
            raise RuntimeError("killed right after the replace")

    if where == "while writing the temporary file":
        monkeypatch.setattr(atomicfile.os, "fdopen", lambda fd, *a, **k: _HalfWriter(
            real_fdopen(fd, *a, **k)))
    elif where == "in fsync":
        monkeypatch.setattr(atomicfile.os, "fsync", _enospc)
    else:
        monkeypatch.setattr(atomicfile, "fault_hook", hook)


@pytest.fixture
def store(tmp_path):
    store = ProgressStore(tmp_path)
    store.sign_in("e-1", "Anna")
    store.record_attempt(make_attempt("e-1", "c1", 1), [statement("a1")])
    store.save_position("e-1", "c1", "s1", 5.0)
    return store


@pytest.mark.parametrize("where", ["while writing the temporary file", "in fsync",
                                   "just before replace"])
@pytest.mark.parametrize("operation", ["save_position", "record_attempt", "sign_in",
                                       "roster"])
def test_failed_save_leaves_the_previous_state_intact(store, tmp_path, monkeypatch, where,
                                                      operation):
    before = snapshot(tmp_path)
    _inject(monkeypatch, where)
    with pytest.raises(OSError) as raised:
        if operation == "save_position":
            store.save_position("e-1", "c1", "s2", 5.0, [statement("p2")])
        elif operation == "record_attempt":
            store.record_attempt(make_attempt("e-1", "c1", 2, passed=True), [statement("a2")])
        elif operation == "sign_in":
            store.sign_in("e-1", "Anna Renamed")
        else:
            store.upsert_roster([RosterRow("e-1", "Anna", "Sales"), RosterRow("e-2", "Bo")])
    monkeypatch.undo()
    assert isinstance(raised.value, StoreError) and str(tmp_path) in str(raised.value)
    assert "\n" not in str(raised.value)
    assert {p: b for p, b in snapshot(tmp_path).items() if p in before} == before, \
        "no file that existed was changed"
    assert not temporary_files(tmp_path), "the temporary file was removed"
    for reader in (store, ProgressStore(tmp_path)):  # the same session, and a new one
        record = reader.progress("e-1")["c1"]
        assert (record.scene_id, record.time_spent_s, record.attempts) == ("s1", 35.0, 1)
        assert reader.employee("e-1").display_name == "Anna" and len(reader.attempts("e-1")) == 1
        assert reader.employee("e-1").department == "" and reader.employee("e-2") is None
        assert [s["id"] for s in reader.statements("e-1")] == ["a1"]
        assert reader.all_progress()["e-1"]["c1"] == record
        assert reader.recovery_notice is None


def test_failure_just_after_replace_keeps_the_new_state(store, tmp_path, monkeypatch):
    _inject(monkeypatch, "just after replace")
    with pytest.raises(RuntimeError):
        store.save_position("e-1", "c1", "s2", 1.0)
    monkeypatch.undo()
    assert not temporary_files(tmp_path)
    fresh = ProgressStore(tmp_path)
    assert fresh.progress("e-1")["c1"].scene_id == "s2" and fresh.recovery_notice is None
    assert store.progress("e-1")["c1"].scene_id == "s2", "the session reads it again"
    store.save_position("e-1", "c1", "s3", 1.0)
    assert ProgressStore(tmp_path).progress("e-1")["c1"].time_spent_s == 37.0


def test_a_failed_archive_append_leaves_no_duplicate(tmp_path, monkeypatch):
    first = ProgressStore(tmp_path)
    first.sign_in("e-1", "Anna")
    first.queue_statements("e-1", [statement(f"q{n}") for n in range(3)])
    _inject(monkeypatch, "just before replace")  # the archive is appended, the file is not
    with pytest.raises(StoreError):
        ProgressStore(tmp_path).record_attempt(make_attempt("e-1", "c1", 1), [statement("x")])
    monkeypatch.undo()
    archive = tmp_path / "people" / bucket_of("e-1") / "e-1@statements.jsonl.gz"
    assert archive.stat().st_size > 0, "an uncommitted member was left behind"
    again = ProgressStore(tmp_path)
    assert [s["id"] for s in again.statements("e-1")] == ["q0", "q1", "q2"]
    again.record_attempt(make_attempt("e-1", "c1", 1), [statement("x")])
    ids = [s["id"] for s in ProgressStore(tmp_path).statements("e-1")]
    assert sorted(ids) == ["q0", "q1", "q2", "x"], "no statement twice"
    lines = gzip.decompress(archive.read_bytes()).decode().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["q0", "q1", "q2", "x"], \
        "the uncommitted member was cut off before the next one"


def test_temporary_files_of_a_killed_process_are_removed(store, tmp_path):
    left = [tmp_path / ".meta.json.abc123.tmp",
            tmp_path / "people" / bucket_of("e-1") / ".e-1@9.json.gz.q1.tmp",
            tmp_path / "index" / ".00.json.zz.tmp"]
    for path in left:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b'{"half": ')
    fresh = ProgressStore(tmp_path)
    fresh.employees()
    assert not temporary_files(tmp_path)


# -- killed at chosen points ---------------------------------------------------------------

def _die_at(point: str, count: int):
    """A fault hook that SIGKILLs this process the count-th time it passes point."""
    seen = Counter()

    def hook(where: str, _path: str) -> None:
        seen[where] += 1
        if where == point and seen[where] == count:
            os.kill(os.getpid(), signal.SIGKILL)
    return hook


def _in_child(work, point: str, count: int) -> int:
    """Run work() in a forked child that kills itself at (point, count); returns the signal
    that ended it (0 if it finished)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            atomicfile.fault_hook = _die_at(point, count)
            work()
        except BaseException:
            code = 3
        os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return os.WTERMSIG(status)
    assert os.WEXITSTATUS(status) == 0, "the child failed"
    return 0


def _writer(data_dir: Path, report_path: Path, employee: str) -> None:
    """Record attempts and positions until killed, in sessions of a few saves each (a new
    session archives the queued statements); a line in report_path after each call returned
    (that is: reported saved)."""
    fd = os.open(report_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    n = 0
    while True:
        store = ProgressStore(data_dir)
        store.sign_in(employee, "Worker")
        for _save in range(3):
            chapter = f"c{n % 4}"
            one = make_attempt(employee, chapter, n, passed=n % 5 == 0)
            store.record_attempt(one, [statement(f"{employee}-a{n}")])
            os.write(fd, f"A {chapter} {one.attempt_id} {employee}-a{n}\n".encode())
            store.save_position(employee, chapter, f"s{n:09d}", 1.0,
                                [statement(f"{employee}-p{n}")])
            os.write(fd, f"P {chapter} s{n:09d} {employee}-p{n}\n".encode())
            if n % 3 == 0:
                store.queue_statements(employee, [statement(f"{employee}-q{n}")])
                os.write(fd, f"Q - - {employee}-q{n}\n".encode())
            n += 1


KILL_POINTS = ["replace:before", "replace:after", "learner:committed", "append:after"]


def _check_consistent(data_dir: Path, employee: str, lines: list[list[str]]) -> None:
    """Everything reported saved is there, nothing is there twice, summaries agree with the
    attempts and positions, and the index with the learner files."""
    store = ProgressStore(data_dir)
    stored = store.attempts(employee)
    ids = [a.attempt_id for a in stored]
    assert len(ids) == len(set(ids)), "no attempt twice"
    assert {line[2] for line in lines if line[0] == "A"} <= set(ids), "no reported attempt lost"
    statements = [s["id"] for s in store.statements(employee)]
    assert len(statements) == len(set(statements)), "no statement twice"
    assert {line[3] for line in lines if line[0] in "APQ"} <= set(statements)
    progress = store.progress(employee)
    for line in lines:
        if line[0] == "P":
            assert progress[line[1]].scene_id >= line[2], "no reported position lost"
    for chapter, record in progress.items():
        mine = [a for a in stored if a.chapter_id == chapter]
        again = chapter_summary(employee, chapter, mine, [])
        assert (record.attempts, record.best_score, record.points, record.status) == (
            again.attempts, again.best_score, again.points,
            "in_progress" if again.status == "not_started" else again.status)
    assert store.all_progress().get(employee, {}) == progress, "the index agrees"
    assert store.recovery_notice is None, "atomic writes never leave a damaged file"


def _check_all_queued(data_dir: Path, employees: list[str]) -> None:
    """Every statement of every employee is in the outbox (none was sent): once, at the end, as
    the listing reads every learner file."""
    store = ProgressStore(data_dir)
    unsent: dict[str, set[str]] = {}
    for employee, found in store.unsent_statements():
        unsent.setdefault(employee, set()).add(found["id"])
    for employee in employees:
        assert unsent.get(employee, set()) == {s["id"] for s in store.statements(employee)}, \
            f"{employee}: every statement is queued (none was sent)"


@posix_only
def test_sigkill_at_chosen_points_loses_nothing_reported_saved(tmp_path):
    data_dir = tmp_path / "data"
    schedule = [(point, count) for count in range(1, 31) for point in KILL_POINTS]
    landed = Counter()
    saved = 0
    for trial, (point, count) in enumerate(schedule):
        employee, report_path = f"w-{trial:03d}", tmp_path / f"report-{trial:03d}.txt"
        died = _in_child(partial(_writer, data_dir, report_path, employee), point, count)
        assert died == signal.SIGKILL, f"trial {trial}: the writer was not killed at {point}"
        landed[point] += 1
        lines = [line.split() for line in report_path.read_text().splitlines()] \
            if report_path.exists() else []
        _check_consistent(data_dir, employee, lines)
        saved += len(lines)
    _check_all_queued(data_dir, [f"w-{trial:03d}" for trial in range(len(schedule))])
    assert sum(landed.values()) == len(schedule) == 120, "every kill landed inside a save"
    assert all(landed[point] == 30 for point in KILL_POINTS)
    assert saved >= 1000, "saves were reported between the kills"
    for path in data_dir.rglob("*.json*"):
        if ".corrupt-" not in path.name and "statements" not in path.name:
            data = path.read_bytes()
            json.loads(gzip.decompress(data) if path.suffix == ".gz" else data)
    print(f"{sum(landed.values())} kills, all inside a save: {dict(landed)}", file=sys.stderr)


# -- the crash window of issue 16: saved, but the summaries HR reads not yet updated ---------

def _course_rows(store: ProgressStore) -> list[dict]:
    every = store.all_progress()
    return report.completion_rows(store.employees(), lambda eid: every.get(eid, {}),
                                  [("c1", "One"), ("c2", "Two")])


@posix_only
@pytest.mark.parametrize("point", ["learner:committed", "replace:after"])
def test_a_save_killed_before_the_summaries_are_updated_heals_on_the_next_open(tmp_path, point):
    data_dir = tmp_path / "data"
    store = ProgressStore(data_dir)
    store.sign_in("e-1", "Anna")
    store.record_attempt(make_attempt("e-1", "c1", 1), [statement("failed-1")])
    store.mark_sent("e-1", ["failed-1"])
    assert store.all_progress()["e-1"]["c1"].status == "failed"  # HR's index is written
    index = data_dir / "index" / f"{bucket_of('e-1')}.json"
    old_index = index.read_bytes()

    def save_the_pass():
        ProgressStore(data_dir).record_attempt(make_attempt("e-1", "c1", 2, passed=True),
                                               [statement("passed-2")])

    assert _in_child(save_the_pass, point, 1) == signal.SIGKILL
    for _round in range(2):  # on the next open, and again after an old index is put back
        fresh = ProgressStore(data_dir)
        record = fresh.all_progress()["e-1"]["c1"]
        assert record.status == "completed" and record.attempts == 2
        assert [s["id"] for _e, s in fresh.unsent_statements()] == ["passed-2"]
        rows = {r["chapter_id"]: r for r in _course_rows(fresh)}
        assert rows["c1"]["status"] == "completed" and rows["c1"]["attempts"] == 2
        assert fresh.progress("e-1")["c1"].status == "completed", "the next chapter opens"
        index.write_bytes(old_index)


@posix_only
def test_a_save_killed_before_its_commit_leaves_the_old_state(tmp_path):
    data_dir = tmp_path / "data"
    ProgressStore(data_dir).record_attempt(make_attempt("e-1", "c1", 1))

    def save():
        ProgressStore(data_dir).record_attempt(make_attempt("e-1", "c1", 2, passed=True),
                                               [statement("x")])

    assert _in_child(save, "replace:before", 1) == signal.SIGKILL
    fresh = ProgressStore(data_dir)
    assert fresh.all_progress()["e-1"]["c1"].status == "failed"
    assert fresh.unsent_statements() == [] and len(fresh.attempts("e-1")) == 1


# -- batches, erasure and upgrades killed half-way -----------------------------------------

@posix_only
@pytest.mark.parametrize("point, applied", [("batch:staged", False), ("batch:committed", True),
                                            ("batch:applied", True)])
def test_a_merge_killed_half_way_is_all_or_nothing(tmp_path, point, applied):
    home, away = tmp_path / "home", tmp_path / "away"
    ProgressStore(home).sign_in("e-1", "Anna")
    source = ProgressStore(away)
    for n in range(12):
        source.record_attempt(make_attempt(f"p{n:02d}", "c1", n, passed=True))
    before = snapshot(home)
    assert _in_child(lambda: ProgressStore(home).merge_from(ProgressStore(away, read_only=True)),
                     point, 1) == signal.SIGKILL
    after = ProgressStore(home)
    people = {e.employee_id for e in after.employees()} | set(after.all_progress())
    if applied:
        assert people == {"e-1"} | {f"p{n:02d}" for n in range(12)}
        assert len(after.attempts()) == 12
    else:
        assert people == {"e-1"} and after.attempts() == []
        assert {p: b for p, b in snapshot(home).items()
                if p.parent.name not in ("staging", "index")} == before
    assert not list((home / "staging").glob("*")), "the staged change is gone"


@posix_only
@pytest.mark.parametrize("point", ["batch:staged", "batch:committed", "batch:applied"])
def test_a_roster_import_killed_half_way_is_all_or_nothing(tmp_path, point):
    rows = [RosterRow(f"r{n:02d}", f"Person {n}", "Sales") for n in range(10)]
    assert _in_child(lambda: ProgressStore(tmp_path).upsert_roster(rows), point, 1) \
        == signal.SIGKILL
    found = ProgressStore(tmp_path).employees()
    assert len(found) == (0 if point == "batch:staged" else 10)
    assert ProgressStore(tmp_path).upsert_roster(rows).unchanged == len(found)


@posix_only
def test_an_erase_killed_half_way_is_finished_on_the_next_open(tmp_path):
    store = ProgressStore(tmp_path)
    store.sign_in("e-1", "Anna Svensson")
    store.record_attempt(make_attempt("e-1", "c1", 1), [statement("x")])
    store.employees()
    assert _in_child(lambda: ProgressStore(tmp_path).erase_employee("e-1"),
                     "erase:tombstoned", 1) == signal.SIGKILL
    assert (tmp_path / "erasing.json").exists()
    fresh = ProgressStore(tmp_path)
    assert fresh.is_erased("e-1") and fresh.employee("e-1") is None
    assert not (tmp_path / "erasing.json").exists()
    assert not list((tmp_path / "people").rglob("e-1@*"))
    assert b"Anna" not in (tmp_path / "index" / f"{bucket_of('e-1')}.json").read_bytes()


@posix_only
@pytest.mark.parametrize("point", ["migrate:written", "migrate:committed"])
def test_an_upgrade_killed_half_way_is_redone_or_finished(tmp_path, point):
    data_dir = tmp_path / "data"
    shutil.copytree(V1_FIXTURE, data_dir)
    assert _in_child(lambda: ProgressStore(data_dir), point, 1) == signal.SIGKILL
    upgraded = ProgressStore(data_dir)
    clean = tmp_path / "clean"
    shutil.copytree(V1_FIXTURE, clean)
    expected = ProgressStore(clean)
    assert upgraded.all_progress() == expected.all_progress()
    assert upgraded.employees() == expected.employees()
    assert sorted(a.attempt_id for a in upgraded.attempts()) == \
        sorted(a.attempt_id for a in expected.attempts())
    assert not (data_dir / "summary").exists() and not (data_dir / "learners").exists()


# -- concurrent writers --------------------------------------------------------------------

def _spawn(data_dir: Path, employee: str, count: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return subprocess.Popen([sys.executable, __file__, str(data_dir), employee, str(count)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_processes_recording_at_once_lose_no_update(tmp_path):
    data_dir = tmp_path / "data"
    ProgressStore(data_dir).sign_in("e-1", "Shared")
    children = [_spawn(data_dir, employee, 40) for employee in ("e-1", "E-1", "e-2")]
    outputs = [child.communicate(timeout=300) for child in children]
    assert [child.returncode for child in children] == [0, 0, 0], [e for _o, e in outputs]
    ids = {line for out, _err in outputs for line in out.split()}
    assert len(ids) == 120
    store = ProgressStore(data_dir)
    assert {a.attempt_id for a in store.attempts()} == ids
    assert sum(p.attempts for p in store.progress("e-1").values()) == 80
    assert sum(p.attempts for p in store.progress("e-2").values()) == 40
    assert sum(p.time_spent_s for p in store.progress("e-1").values()) == 80 * 31.0
    assert store.employee("e-1").display_name == "Shared"
    assert store.recovery_notice is None


def test_threads_sharing_one_store_lose_no_update(tmp_path):
    store = ProgressStore(tmp_path)
    errors: list[BaseException] = []

    def work(employee: str, first: int) -> None:
        try:
            for n in range(first, first + 25):
                store.record_attempt(make_attempt(employee, "c1", n))
                store.save_position(employee, "c1", f"s{n}", 1.0)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(e, n))
               for e, n in (("e-1", 0), ("e-1", 100), ("e-2", 0))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert store.progress("e-1")["c1"].attempts == 50
    assert store.progress("e-1")["c1"].time_spent_s == 50 * 31.0
    assert len(store.attempts()) == 75


def _concurrent_writer(data_dir: Path, employee: str, count: int) -> None:
    store = ProgressStore(data_dir)
    store.sign_in(employee, "Shared" if employee.lower() == "e-1" else f"Worker {employee}")
    for n in range(count):
        one = make_attempt(employee, f"c{n % 3}", n)
        one.attempt_id = Attempt.new_id()
        store.record_attempt(one)
        store.save_position(employee, f"c{n % 3}", f"s{n}", 1.0)
        print(one.attempt_id, flush=True)


if __name__ == "__main__":
    _concurrent_writer(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
