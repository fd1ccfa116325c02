"""ProgressStore behaviour on real files: records, resume, best scores, recovery, versions."""
import errno
import json
import os

import pytest

from learnsocial.progress import storage
from learnsocial.progress.records import AnswerRecord, Attempt, valid_employee_id
from learnsocial.progress.store import ProgressStore, StoreError, learner_file_name, shard_of


def attempt(employee="e-1", chapter="c1", score=1.0, passed=True, n=0):
    return Attempt(Attempt.new_id(), employee, chapter, "gallery", "2026-11-22T10:00:00+00:00",
                   f"2026-11-22T10:0{n % 10}:00+00:00",
                   [AnswerRecord("q1", "a", score >= 0.5, 2.5, 100)], score, 100, passed)


@pytest.fixture
def store(tmp_path):
    store = ProgressStore(tmp_path)
    store.sign_in("e-1", "Anna Svensson", "sv")
    return store


@pytest.mark.parametrize("text, ok", [("e-1", True), ("A.b_c-9", True), ("x", False),
                                      ("-x", False), ("a b", False), ("a" * 33, False),
                                      ("", False), ("ö1", False)])
def test_employee_ids(text, ok):
    assert valid_employee_id(text) is ok


def test_sign_in_new_and_returning(store):
    assert store.employee("e-1").display_name == "Anna Svensson"
    again, returning = store.sign_in("e-1", "", "de")
    assert returning and again.display_name == "Anna Svensson" and again.language == "de"
    with pytest.raises(ValueError):
        store.sign_in("e-2", "")
    with pytest.raises(ValueError):
        store.sign_in("bad id", "Name")


def test_resume_position_and_time(store):
    store.save_position("e-1", "c1", "s1", 2.0)
    record = store.save_position("e-1", "c1", "s4", 3.5)
    assert record.scene_id == "s4" and record.status == "in_progress"
    assert record.time_spent_s == 5.5 and record.started_at


def test_best_score_kept_and_completed_never_reverts(store):
    store.record_attempt(attempt(score=0.9, passed=True, n=1))
    record = store.record_attempt(attempt(score=0.2, passed=False, n=2))
    assert record.status == "completed" and record.best_score == 0.9 and record.attempts == 2
    stored = store.attempts("e-1", "c1")
    assert [a.score for a in stored] == [0.9, 0.2]
    assert stored[0].answers[0] == AnswerRecord("q1", "a", True, 2.5, 100)


def test_settings_merge(store):
    store.update_settings("e-1", muted=True)
    assert store.update_settings("e-1", volume=0.3).settings == {"muted": True, "volume": 0.3}


def test_erase_removes_the_person_everywhere_including_backups(store, tmp_path):
    store.sign_in("e-2", "Bo")
    for n in range(4):
        store.record_attempt(attempt(n=n))
        store.save_position("e-1", "c1", f"s{n}")
    store.erase_employee("e-1")
    assert store.employee("e-1") is None and store.progress("e-1") == {}
    assert store.attempts("e-1") == [] and store.employee("e-2")
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.name != "store.lock":
            assert "Anna Svensson" not in path.read_text(encoding="utf-8", errors="replace")


def test_merge_from_another_desktop_dedupes(tmp_path):
    home, away = ProgressStore(tmp_path / "home"), ProgressStore(tmp_path / "away")
    home.sign_in("e-1", "Anna")
    away.sign_in("e-1", "Anna")
    away.sign_in("e-9", "Cem")
    home.record_attempt(attempt(score=0.4, passed=False, n=1))
    away.record_attempt(attempt(score=1.0, passed=True, n=2))
    away.record_attempt(attempt("e-9", n=3))
    assert home.merge_from(away) == (2, 2)
    assert home.merge_from(away) == (2, 0), "merging twice adds nothing"
    record = home.progress("e-1")["c1"]
    assert record.status == "completed" and record.best_score == 1.0 and record.attempts == 2
    assert home.progress("e-9")["c1"].status == "completed"


def test_outbox_counts_and_marks(store):
    store.queue_statements("e-1", [{"id": "a", "timestamp": "1"}, {"id": "b", "timestamp": "2"}])
    assert [s["id"] for _e, s in store.unsent_statements()] == ["a", "b"]
    store.mark_sent("e-1", ["a"])
    store.mark_sent("e-1", ["a"])  # twice is harmless
    assert [s["id"] for _e, s in store.unsent_statements()] == ["b"]
    assert [s["id"] for s in store.statements("e-1")] == ["a", "b"]


# -- damaged files ---------------------------------------------------------------------------

def shard_path(tmp_path, employee="e-1"):
    return tmp_path / "summary" / f"{shard_of(employee):02d}.json"


@pytest.mark.parametrize("damage", [b"", b"{\"_default\": {", b"\x00\x00garbage", b"[1, 2]"])
def test_damaged_file_is_moved_aside_and_restored_from_backup(store, tmp_path, damage):
    store.save_position("e-1", "c1", "s1")
    store.save_position("e-1", "c1", "s2")
    path = shard_path(tmp_path)
    path.write_bytes(damage)
    fresh = ProgressStore(tmp_path)
    # Backup 1 is the state before the last write: the newest copy that is known good.
    assert fresh.progress("e-1")["c1"].scene_id == "s1"
    assert fresh.recovery_notice and "moved" in fresh.recovery_notice
    assert list(tmp_path.glob("summary/*.corrupt-*"))
    assert json.loads(path.read_text())  # readable again


def test_truncated_file_is_recovered(store, tmp_path):
    for n in range(3):
        store.save_position("e-1", "c1", f"s{n}")
    path = shard_path(tmp_path)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    fresh = ProgressStore(tmp_path)
    assert fresh.progress("e-1")["c1"].scene_id == "s1"
    assert fresh.recovery_notice


def test_future_version_is_refused_and_left_alone(tmp_path):
    ProgressStore(tmp_path)
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps({"schema": 99}))
    with pytest.raises(StoreError, match="newer version"):
        ProgressStore(tmp_path)
    assert json.loads(meta.read_text()) == {"schema": 99}


# -- fault injection: a write that fails half-way ------------------------------------------

def fail_during_write(monkeypatch):
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, handle):
            self.handle = handle

        def write(self, text):
            self.handle.write(text[: len(text) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

    monkeypatch.setattr(storage.os, "fdopen", lambda fd, *a, **k: HalfWriter(real_fdopen(fd, *a,
                                                                                    **k)))


@pytest.mark.parametrize("where", ["while writing", "before replace", "fsync"])
def test_failed_write_leaves_the_previous_state_intact(store, tmp_path, monkeypatch, where):
    store.record_attempt(attempt(n=1))
    store.save_position("e-1", "c1", "s1")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.json")}
    if where == "while writing":
        fail_during_write(monkeypatch)
    elif where == "before replace":
        monkeypatch.setattr(storage.os, "replace", _raise_enospc)
    else:
        monkeypatch.setattr(storage.os, "fsync", _raise_enospc)
    with pytest.raises(OSError):
        store.save_position("e-1", "c1", "s2")
    monkeypatch.undo()
    after = {p: p.read_bytes() for p in tmp_path.rglob("*.json")}
    assert after == before
    assert not list(tmp_path.rglob("*.tmp")), "no temporary files left behind"
    fresh = ProgressStore(tmp_path)
    assert fresh.progress("e-1")["c1"].scene_id == "s1" and fresh.recovery_notice is None


def test_failure_after_replace_keeps_the_new_state(store, tmp_path, monkeypatch):
    store.save_position("e-1", "c1", "s1")
    monkeypatch.setattr(storage, "_fsync_dir", _raise_enospc)
    with pytest.raises(OSError):
        store.save_position("e-1", "c1", "s2")
    monkeypatch.undo()
    assert ProgressStore(tmp_path).progress("e-1")["c1"].scene_id == "s2"


def _raise_enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_learner_file_names_keep_case_apart():
    assert learner_file_name("Ab-1").lower() != learner_file_name("ab-1").lower()
