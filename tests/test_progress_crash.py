"""Killed processes and concurrent writers: zero unreadable files, zero lost records."""
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from learnsocial.progress.store import ProgressStore

WORKER = [sys.executable, str(Path(__file__).with_name("store_worker.py"))]
ROOT = str(Path(__file__).resolve().parent.parent)


def start(data_dir: Path, employee: str, count: int = 100_000) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=ROOT)
    child = subprocess.Popen([*WORKER, str(data_dir), employee, str(count)], env=env,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "ready"
    return child


def test_sigkill_at_random_moments_loses_nothing_reported_written(tmp_path):
    rng = random.Random(20261123)
    data_dir = tmp_path / "data"
    reported: set[str] = set()
    trials = 100
    for trial in range(trials):
        child = start(data_dir, "e-1")
        time.sleep(rng.uniform(0.0, 0.08))
        child.send_signal(signal.SIGKILL)
        out, _err = child.communicate()
        reported |= {line for line in out.split() if len(line) == 32}
    store = ProgressStore(data_dir)  # must open without error after 100 kills
    stored = {a.attempt_id for a in store.attempts("e-1")}
    assert reported - stored == set(), "every attempt reported written is there"
    assert len(reported) > trials, "the children did write between the kills"
    progress = store.progress("e-1")
    assert sum(p.attempts for p in progress.values()) >= len(reported)
    for path in data_dir.rglob("*.json"):
        assert path.read_bytes().strip(), f"{path.name} is empty"


def test_two_processes_recording_at_once_lose_no_update(tmp_path):
    data_dir = tmp_path / "data"
    ProgressStore(data_dir).sign_in("e-1", "Shared")
    children = [start(data_dir, employee, 40) for employee in ("e-1", "e-1", "e-2")]
    outputs = [child.communicate()[0] for child in children]
    assert all(child.returncode == 0 for child in children)
    store = ProgressStore(data_dir)
    ids = {line for out in outputs for line in out.split() if len(line) == 32}
    assert len(ids) == 120
    assert {a.attempt_id for a in store.attempts()} == ids
    assert sum(p.attempts for p in store.progress("e-1").values()) == 80
    assert sum(p.attempts for p in store.progress("e-2").values()) == 40
