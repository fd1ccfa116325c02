"""Writes that fail half-way, processes killed at random moments, concurrent writers.

Run as a script, this file is the writer process of the concurrency test:
    python tests/test_progress_crash.py DATA_DIR EMPLOYEE COUNT
"""
from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from learnsocial.progress import storage
from learnsocial.progress.records import AnswerRecord, Attempt
from learnsocial.progress.store import ProgressStore, StoreError, learner_file_name, shard_of

ROOT = Path(__file__).resolve().parent.parent
STAMP = "2026-11-22T10:00:00+00:00"
posix_only = pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"),
                                reason="needs fork and SIGKILL")


def make_attempt(employee: str, chapter: str, n: int, passed: bool = False) -> Attempt:
    return Attempt(Attempt.new_id(), employee, chapter, "gallery", STAMP,
                   f"2026-11-22T10:{n // 60 % 60:02d}:{n % 60:02d}+00:00",
                   [AnswerRecord(f"q{k}", "a", k % 2 == 0, 1.5, 100) for k in range(6)],
                   0.5 + (n % 50) / 100, 100 + n, passed)


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != "store.lock"}


def temporary_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(storage.TEMP_SUFFIX)]


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


def _inject(monkeypatch, where: str, target: Path) -> None:
    real_replace, real_fdopen = os.replace, os.fdopen

    def replace(source, destination):
        if Path(destination) != target:  # backups rotating: let them
            return real_replace(source, destination)
        if where == "just before replace":
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, destination)
        if where == "just after replace":
            raise RuntimeError("killed right after the replace")

    if where == "while writing the temporary file":
        monkeypatch.setattr(storage.os, "fdopen", lambda fd, *a, **k: _HalfWriter(
            real_fdopen(fd, *a, **k)))
    elif where == "in fsync":
        monkeypatch.setattr(storage.os, "fsync", _enospc)
    else:
        monkeypatch.setattr(storage.os, "replace", replace)


@pytest.fixture
def store(tmp_path):
    store = ProgressStore(tmp_path)
    store.sign_in("e-1", "Anna")
    store.record_attempt(make_attempt("e-1", "c1", 1))
    store.save_position("e-1", "c1", "s1", 5.0)
    return store


@pytest.mark.parametrize("where", ["while writing the temporary file", "in fsync",
                                   "just before replace"])
@pytest.mark.parametrize("operation", ["save_position", "record_attempt", "sign_in"])
def test_failed_save_leaves_the_previous_state_intact(store, tmp_path, monkeypatch, where,
                                                      operation):
    before = snapshot(tmp_path)
    target = (tmp_path / "learners" / learner_file_name("e-1") if operation == "record_attempt"
              else tmp_path / "summary" / f"{shard_of('e-1'):02d}.json")
    _inject(monkeypatch, where, target)
    with pytest.raises(OSError) as raised:
        if operation == "save_position":
            store.save_position("e-1", "c1", "s2", 5.0)
        elif operation == "record_attempt":
            store.record_attempt(make_attempt("e-1", "c1", 2, passed=True))
        else:
            store.sign_in("e-1", "Anna Renamed")
    monkeypatch.undo()
    assert isinstance(raised.value, StoreError) and str(target) in str(raised.value)
    assert snapshot(tmp_path).keys() >= before.keys()
    assert {p: b for p, b in snapshot(tmp_path).items() if p in before} == before, \
        "no file that existed was changed"
    assert not temporary_files(tmp_path), "the temporary file was removed"
    fresh = ProgressStore(tmp_path)
    assert fresh.recovery_notice is None
    record = fresh.progress("e-1")["c1"]
    assert (record.scene_id, record.time_spent_s, record.attempts) == ("s1", 5.0, 1)
    assert fresh.employee("e-1").display_name == "Anna" and len(fresh.attempts("e-1")) == 1


def test_failure_just_after_replace_keeps_the_new_state_and_the_old_as_backup(
        store, tmp_path, monkeypatch):
    target = tmp_path / "summary" / f"{shard_of('e-1'):02d}.json"
    old = target.read_bytes()
    _inject(monkeypatch, "just after replace", target)
    with pytest.raises(RuntimeError):
        store.save_position("e-1", "c1", "s2", 1.0)
    monkeypatch.undo()
    assert target.with_name(target.name + ".bak1").read_bytes() == old
    assert not temporary_files(tmp_path)
    fresh = ProgressStore(tmp_path)
    assert fresh.recovery_notice is None and fresh.progress("e-1")["c1"].scene_id == "s2"


def test_no_hard_links_falls_back_to_copied_backups(store, tmp_path, monkeypatch):
    monkeypatch.setattr(storage.os, "link", _enospc)
    target = tmp_path / "summary" / f"{shard_of('e-1'):02d}.json"
    old = target.read_bytes()
    store.save_position("e-1", "c1", "s2")
    assert target.with_name(target.name + ".bak1").read_bytes() == old
    assert ProgressStore(tmp_path).progress("e-1")["c1"].scene_id == "s2"


def test_a_crash_between_the_two_files_heals_and_a_retry_stores_once(store, tmp_path,
                                                                     monkeypatch):
    one = make_attempt("e-1", "c1", 2, passed=True)
    _inject(monkeypatch, "just before replace",
            tmp_path / "summary" / f"{shard_of('e-1'):02d}.json")
    with pytest.raises(StoreError):
        store.record_attempt(one)  # the attempt is saved, the summary is not
    monkeypatch.undo()
    assert store.progress("e-1")["c1"].attempts == 1
    record = store.record_attempt(one)  # the caller retries
    assert record.attempts == 2 and record.status == "completed" and record.best_score == \
        one.score
    assert [a.attempt_id for a in store.attempts("e-1")].count(one.attempt_id) == 1


def test_temporary_files_of_a_killed_process_are_removed_on_open(store, tmp_path):
    left = [tmp_path / "summary" / ".07.json.abc123.tmp", tmp_path / "learners" / ".x.json.q.tmp"]
    for path in left:
        path.write_bytes(b'{"half": ')
    ProgressStore(tmp_path)
    assert not temporary_files(tmp_path)


# -- killed at random moments --------------------------------------------------------------

def _writer(data_dir: Path, employee: str, first: int, report: Path) -> None:
    """Record attempts and positions forever; append a line to report after each is saved."""
    fd = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    store = ProgressStore(data_dir)
    store.sign_in(employee, f"Worker {employee}")
    os.write(fd, b"ready\n")
    n = first
    while True:
        chapter = f"c{n % 6}"
        one = make_attempt(employee, chapter, n, passed=n % 7 == 0)
        store.record_attempt(one)  # returns only once the write is durable
        os.write(fd, f"A {chapter} {one.attempt_id}\n".encode())
        store.save_position(employee, chapter, f"s{n:09d}", 1.0)
        os.write(fd, f"P {chapter} s{n:09d}\n".encode())
        n += 1


def _start_writer(data_dir: Path, employee: str, first: int, report: Path) -> int:
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            _writer(data_dir, employee, first, report)
        except BaseException:
            code = 1
        os._exit(code)
    return pid


@posix_only
def test_sigkill_at_random_moments_loses_nothing_reported_written(tmp_path):
    rng = random.Random(20261123)
    data_dir, report = tmp_path / "data", tmp_path / "report.txt"
    trials, killed_mid_write = 200, 0
    for trial in range(trials):
        lines_before = report.read_text().count("\n") if report.exists() else 0
        pid = _start_writer(data_dir, "e-1", trial * 1_000_000, report)
        deadline = time.monotonic() + 10
        while (report.read_text().count("ready") if report.exists() else 0) <= trial:
            assert time.monotonic() < deadline, "the writer never got ready"
            time.sleep(0.001)
        time.sleep(rng.uniform(0.0, 0.04))
        os.kill(pid, signal.SIGKILL)
        _pid, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status), "the writer died by itself"
        killed_mid_write += bool(temporary_files(data_dir))
        assert report.read_text().count("\n") >= lines_before
    lines = [line.split() for line in report.read_text().splitlines()]
    reported = {(c, i) for kind, *rest in lines if kind == "A" for c, i in [rest]}
    positions: dict[str, str] = {}
    for kind, *rest in lines:
        if kind == "P":
            positions[rest[0]] = max(positions.get(rest[0], ""), rest[1])
    assert len(reported) > trials, "the writers did write between the kills"

    store = ProgressStore(data_dir)  # opens without error after every kill
    assert store.recovery_notice is None, "atomic writes never leave a damaged file"
    assert not temporary_files(data_dir), "leftovers of killed writers are swept on open"
    stored = store.attempts("e-1")
    assert {(a.chapter_id, a.attempt_id) for a in stored} >= reported, \
        "every attempt reported written is there"
    progress = store.progress("e-1")
    for chapter, scene in positions.items():
        assert progress[chapter].scene_id >= scene, "no reported position lost"
    for chapter in {c for c, _i in reported}:
        count = sum(1 for a in stored if a.chapter_id == chapter)
        assert sum(1 for c, _i in reported if c == chapter) <= progress[chapter].attempts <= count
    for path in data_dir.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    for chapter in {c for c, _i in reported}:  # a summary one attempt behind catches up
        record = store.record_attempt(make_attempt("e-1", chapter, 999_999_999))
        assert record.attempts == sum(1 for a in store.attempts("e-1", chapter))
    print(f"{killed_mid_write} of {trials} kills hit a save in progress", file=sys.stderr)


# -- concurrent writers --------------------------------------------------------------------

def _spawn(data_dir: Path, employee: str, count: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return subprocess.Popen([sys.executable, __file__, str(data_dir), employee, str(count)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_processes_recording_at_once_lose_no_update(tmp_path):
    data_dir = tmp_path / "data"
    ProgressStore(data_dir).sign_in("e-1", "Shared")
    children = [_spawn(data_dir, employee, 40) for employee in ("e-1", "e-1", "e-2")]
    outputs = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0, 0], [e for _o, e in outputs]
    ids = {line for out, _err in outputs for line in out.split()}
    assert len(ids) == 120
    store = ProgressStore(data_dir)
    assert {a.attempt_id for a in store.attempts()} == ids
    assert sum(p.attempts for p in store.progress("e-1").values()) == 80
    assert sum(p.attempts for p in store.progress("e-2").values()) == 40
    assert sum(p.time_spent_s for p in store.progress("e-1").values()) == 80.0
    assert store.employee("e-1").display_name == "Shared"
    assert store.recovery_notice is None


def test_threads_sharing_one_store_lose_no_update(tmp_path):
    store = ProgressStore(tmp_path)
    errors: list[BaseException] = []

    def work(employee: str) -> None:
        try:
            for n in range(25):
                store.record_attempt(make_attempt(employee, "c1", n))
                store.save_position(employee, "c1", f"s{n}", 1.0)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(e,)) for e in ("e-1", "e-1", "e-2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert store.progress("e-1")["c1"].attempts == 50
    assert store.progress("e-1")["c1"].time_spent_s == 50.0
    assert len(store.attempts()) == 75


def _concurrent_writer(data_dir: Path, employee: str, count: int) -> None:
    store = ProgressStore(data_dir)
    store.sign_in(employee, "Shared" if employee == "e-1" else f"Worker {employee}")
    for n in range(count):
        one = make_attempt(employee, f"c{n % 3}", n)
        store.record_attempt(one)
        store.save_position(employee, f"c{n % 3}", f"s{n}", 1.0)
        print(one.attempt_id, flush=True)


if __name__ == "__main__":
    _concurrent_writer(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
