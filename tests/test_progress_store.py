"""ProgressStore on real files: the API, the layout, damaged and future-version files."""
from __future__ import annotations

import json
import logging
import math
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnsocial.progress import migrations, storage
from learnsocial.progress.records import (AnswerRecord, Attempt, ChapterProgress, Employee,
                                          valid_employee_id)
from learnsocial.progress.store import (SHARDS, ProgressStore, StoreError, learner_file_name,
                                        shard_of)

T0 = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = T0):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float = 60) -> None:
        self.now += timedelta(seconds=seconds)


def attempt(employee="e-1", chapter="c1", score=1.0, passed=True, n=0, points=100,
            answers=1) -> Attempt:
    finished = (T0 + timedelta(minutes=n)).isoformat()
    return Attempt(Attempt.new_id(), employee, chapter, "gallery", T0.isoformat(), finished,
                   [AnswerRecord(f"q{k}", f"a{k}", k % 2 == 0, 2.5 + k, 10 * k)
                    for k in range(answers)], score, points, passed, "v1")


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    store = ProgressStore(tmp_path, clock=clock)
    store.sign_in("e-1", "Anna Svensson", "sv")
    return store


def shard_path(folder: Path, employee="e-1") -> Path:
    return folder / "summary" / f"{shard_of(employee):02d}.json"


def learner_path(folder: Path, employee="e-1") -> Path:
    return folder / "learners" / learner_file_name(employee)


# -- records -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, ok", [
    ("e-1", True), ("A.b_c-9", True), ("7x", True), ("a" * 32, True), ("x", False),
    ("-x", False), (".x", False), ("_x", False), ("a b", False), ("a" * 33, False), ("", False),
    ("ö1", False), ("a/b", False), ("../etc", False), ("a\n", False), ("e1\x00", False)])
def test_employee_ids(text, ok):
    assert valid_employee_id(text) is ok


def test_records_round_trip_through_json():
    original = attempt(answers=3)
    again = Attempt.from_dict(json.loads(json.dumps(original.to_dict())))
    assert again == original and isinstance(again.answers[0], AnswerRecord)
    progress = ChapterProgress("e-1", "c1", "completed", "s3", "a", "b", 0.5, 7, 2, 12.5)
    assert ChapterProgress.from_dict(json.loads(json.dumps(progress.to_dict()))) == progress
    person = Employee("e-1", "Anna", "HR", "sv", {"muted": True}, "a", "b")
    assert Employee.from_dict({**person.to_dict(), "unknown": 1}) == person
    assert len(Attempt.new_id()) == 32 and Attempt.new_id() != Attempt.new_id()


# -- employees -----------------------------------------------------------------------------

def test_sign_in_new_then_returning(tmp_path, clock):
    store = ProgressStore(tmp_path, clock=clock)
    anna, returning = store.sign_in("e-1", "  Anna   Svensson ", "sv")
    assert not returning and anna.display_name == "Anna Svensson" and anna.language == "sv"
    assert anna.created_at == anna.last_seen_at == "2026-11-22T10:00:00+00:00"
    clock.tick(3600)
    again, returning = store.sign_in("e-1", "", None)
    assert returning
    assert again.display_name == "Anna Svensson" and again.language == "sv", "kept"
    assert again.created_at == anna.created_at
    assert again.last_seen_at == "2026-11-22T11:00:00+00:00"
    renamed, _ = ProgressStore(tmp_path).sign_in("e-1", "Anna S.", "de")
    assert renamed.display_name == "Anna S." and renamed.language == "de"
    assert ProgressStore(tmp_path).employee("e-1") == renamed
    assert [e.employee_id for e in store.employees()] == ["e-1"]


@pytest.mark.parametrize("bad", ["x", "bad id", "../../etc", "-x", "", "a" * 40])
def test_invalid_ids_are_refused_and_write_nothing(tmp_path, bad):
    store = ProgressStore(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(ValueError):
        store.sign_in(bad, "Name")
    with pytest.raises(ValueError):
        store.save_position(bad, "c1", "s1")
    with pytest.raises(ValueError):
        store.record_attempt(attempt(bad))
    assert store.employee(bad) is None and store.progress(bad) == {} and store.attempts(bad) == []
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert not (tmp_path.parent / "etc").exists()


def test_a_new_employee_needs_a_name(tmp_path):
    store = ProgressStore(tmp_path)
    for empty in ("", "   "):
        with pytest.raises(ValueError):
            store.sign_in("e-2", empty)
    assert store.employee("e-2") is None and store.employees() == []


def test_timestamps_are_utc_iso_8601(tmp_path):
    stockholm = timezone(timedelta(hours=1))
    store = ProgressStore(tmp_path, clock=lambda: datetime(2026, 1, 5, 9, 30, tzinfo=stockholm))
    person, _ = store.sign_in("e-1", "Anna")
    assert person.created_at == "2026-01-05T08:30:00+00:00"
    record = store.save_position("e-1", "c1", "s1")
    assert datetime.fromisoformat(record.started_at).utcoffset() == timedelta(0)


def test_settings_merge_and_persist(store, tmp_path):
    store.update_settings("e-1", muted=True, volume=0.5)
    assert store.update_settings("e-1", volume=0.3).settings == {"muted": True, "volume": 0.3}
    assert ProgressStore(tmp_path).employee("e-1").settings == {"muted": True, "volume": 0.3}
    with pytest.raises(KeyError):
        store.update_settings("e-404", muted=True)
    with pytest.raises(ValueError):
        store.update_settings("e-1", volume=math.nan)
    with pytest.raises(ValueError):
        store.update_settings("e-1", when=datetime.now())


# -- progress: resume by scene id ----------------------------------------------------------

def test_resume_by_scene_id_and_time_spent(store, tmp_path, clock):
    assert store.progress("e-1") == {}
    first = store.save_position("e-1", "c1", "intro", 2.0)
    assert first.status == "in_progress" and first.started_at == "2026-11-22T10:00:00+00:00"
    clock.tick(600)
    record = store.save_position("e-1", "c1", "meet-anna", 3.5)
    assert record.scene_id == "meet-anna" and record.time_spent_s == 5.5
    assert record.started_at == first.started_at, "started_at is set the first time only"
    store.save_position("e-1", "c2", "c2-start", -4.0)  # a clock going backwards adds nothing
    with pytest.raises(ValueError):
        store.save_position("e-1", "c1", "s9", math.inf)
    reopened = ProgressStore(tmp_path).progress("e-1")
    assert set(reopened) == {"c1", "c2"}, "only chapters with a record"
    assert reopened["c1"] == record and reopened["c2"].time_spent_s == 0.0


def test_best_score_and_points_kept_and_completed_never_reverts(store, tmp_path, clock):
    store.save_position("e-1", "c1", "s1")
    failed = store.record_attempt(attempt(score=0.4, passed=False, n=1, points=40))
    assert failed.status == "in_progress" and failed.best_score == 0.4 and failed.attempts == 1
    passed = store.record_attempt(attempt(score=0.9, passed=True, n=2, points=90))
    assert passed.status == "completed" and passed.completed_at == (T0 + timedelta(minutes=2)
                                                                     ).isoformat()
    worse = store.record_attempt(attempt(score=0.2, passed=False, n=3, points=20))
    assert worse.status == "completed" and worse.completed_at == passed.completed_at
    assert worse.best_score == 0.9 and worse.points == 90 and worse.attempts == 3
    again = store.save_position("e-1", "c1", "s2", 1.0)
    assert again.status == "completed" and again.scene_id == "s2", "resume, still completed"
    assert ProgressStore(tmp_path).progress("e-1")["c1"] == again


def test_attempts_are_stored_with_every_answer_oldest_first(store, tmp_path):
    late = attempt(n=9, answers=5, score=0.8)
    early = attempt(n=1, answers=3, score=0.6)
    other_chapter = attempt(chapter="c2", n=5)
    someone_else = attempt("e-2", n=4)
    for a in (late, early, other_chapter, someone_else):
        store.record_attempt(a)
    fresh = ProgressStore(tmp_path)
    assert fresh.attempts("e-1") == [early, other_chapter, late]
    assert fresh.attempts("e-1", "c1") == [early, late]
    assert fresh.attempts(chapter_id="c1") == [early, someone_else, late]
    assert fresh.attempts() == [early, someone_else, other_chapter, late]
    assert fresh.attempts("e-1")[2].answers == late.answers and len(late.answers) == 5
    assert fresh.attempts("e-9") == []


def test_recording_the_same_attempt_twice_stores_it_once(store):
    one = attempt(score=0.5, passed=False)
    store.record_attempt(one)
    record = store.record_attempt(one)
    assert record.attempts == 1 and len(store.attempts("e-1")) == 1


@pytest.mark.parametrize("change", [{"score": math.nan}, {"score": math.inf},
                                    {"chapter_id": ""}, {"attempt_id": ""}])
def test_malformed_attempts_are_refused_before_any_write(store, tmp_path, change):
    bad = attempt()
    for name, value in change.items():
        setattr(bad, name, value)
    with pytest.raises(ValueError):
        store.record_attempt(bad)
    assert store.attempts("e-1") == [] and store.progress("e-1") == {}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.floats(0, 1), st.booleans(), st.integers(0, 1000)),
                min_size=1, max_size=6))
def test_summary_agrees_with_the_attempts(runs):
    with tempfile.TemporaryDirectory() as folder:
        store = ProgressStore(Path(folder), backups=1)
        for n, (score, passed, points) in enumerate(runs):
            record = store.record_attempt(attempt(score=score, passed=passed, n=n,
                                                  points=points))
        assert record.attempts == len(runs)
        assert record.best_score == max(s for s, _p, _q in runs)
        assert record.points == max(q for _s, _p, q in runs)
        assert (record.status == "completed") == any(p for _s, p, _q in runs)
        if record.completed_at:
            first = next(n for n, (_s, p, _q) in enumerate(runs) if p)
            assert record.completed_at == (T0 + timedelta(minutes=first)).isoformat()


# -- layout --------------------------------------------------------------------------------

def test_layout_a_save_rewrites_only_two_small_files(store, tmp_path):
    for n in range(200):
        store.sign_in(f"p{n:03d}", f"Person {n}")
        store.record_attempt(attempt(f"p{n:03d}"))
    shards = list((tmp_path / "summary").glob("[0-9][0-9].json"))
    assert len(shards) <= SHARDS and len(shards) > 40, "ids spread over the shards"
    files = {p: p.stat().st_ino for p in tmp_path.rglob("*.json")}
    store.record_attempt(attempt("p007"))
    changed = {p for p, inode in files.items() if p.stat().st_ino != inode}
    assert changed == {shard_path(tmp_path, "p007"), learner_path(tmp_path, "p007")}
    meta = json.loads((tmp_path / "meta.json").read_text())
    assert meta["_schema"] == migrations.SCHEMA_VERSION
    assert list(meta["meta"].values())[0]["shards"] == SHARDS


def test_learner_file_names_keep_case_apart():
    assert learner_file_name("Ab-1").lower() != learner_file_name("ab-1").lower()


def test_backups_rotate_keeping_the_newest_n(tmp_path):
    store = ProgressStore(tmp_path, backups=3)
    store.sign_in("e-1", "Anna")
    for n in range(8):
        store.save_position("e-1", "c1", f"s{n}")
    path = shard_path(tmp_path)
    assert sorted(p.name for p in path.parent.glob(path.name + ".bak*")) == [
        f"{path.name}.bak{n}" for n in (1, 2, 3)]
    scenes = [_scene(path.with_name(f"{path.name}.bak{n}")) for n in (1, 2, 3)]
    assert _scene(path) == "s7" and scenes == ["s6", "s5", "s4"]
    none = ProgressStore(tmp_path / "none", backups=0)
    none.sign_in("e-1", "Anna")
    none.save_position("e-1", "c1", "s1")
    assert not list((tmp_path / "none").rglob("*.bak*"))


def _scene(path: Path) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    return next(iter(data["progress"].values()))["scene_id"]


# -- damaged files -------------------------------------------------------------------------

DAMAGE = {
    "empty": lambda good: b"",
    "blank": lambda good: b" \n",
    "truncated": lambda good: good[: len(good) // 2],
    "cut at the last byte": lambda good: good[:-1],
    "zero-filled": lambda good: b"\x00" * len(good),
    "garbage": lambda good: b"\xff\xfe garbage",
    "not an object": lambda good: b"[1, 2]",
    "tables of the wrong shape": lambda good: b'{"progress": [1, 2]}',
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_summary_is_moved_aside_and_its_backup_restored_on_open(
        store, tmp_path, damage, caplog):
    store.save_position("e-1", "c1", "s1")
    store.save_position("e-1", "c1", "s2")
    path = shard_path(tmp_path)
    broken = damage(path.read_bytes())
    path.write_bytes(broken)
    with caplog.at_level(logging.WARNING, logger="learnsocial.progress"):
        fresh = ProgressStore(tmp_path)
    # told at once, before any query, naming the damaged file and where it went
    notice = fresh.recovery_notice
    assert notice and str(path) in notice and ".corrupt-" in notice and "bak1" in notice
    assert any(str(path) in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    aside = list(path.parent.glob(path.name + ".corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == broken, "the original is kept"
    # backup 1 is the state before the last write: the newest copy known to be good
    assert fresh.progress("e-1")["c1"].scene_id == "s1"
    assert fresh.employee("e-1").display_name == "Anna Svensson"
    assert json.loads(path.read_text(encoding="utf-8"))
    assert ProgressStore(tmp_path).recovery_notice is None, "repaired once, not again"


def test_the_newest_good_backup_wins_over_damaged_ones(store, tmp_path):
    for n in range(4):
        store.save_position("e-1", "c1", f"s{n}")
    path = shard_path(tmp_path)
    path.write_bytes(b"{")
    path.with_name(path.name + ".bak1").write_bytes(b"")
    fresh = ProgressStore(tmp_path)
    assert fresh.progress("e-1")["c1"].scene_id == "s1" and "bak2" in fresh.recovery_notice


def test_damage_with_no_good_backup_starts_the_file_again_and_says_so(tmp_path):
    store = ProgressStore(tmp_path, backups=0)
    store.sign_in("e-1", "Anna")
    path = shard_path(tmp_path)
    path.write_bytes(b'{"employees": {"1": ')
    fresh = ProgressStore(tmp_path, backups=0)
    assert "no good backup" in fresh.recovery_notice and str(path) in fresh.recovery_notice
    assert fresh.employee("e-1") is None
    assert list(path.parent.glob(path.name + ".corrupt-*"))
    fresh.sign_in("e-1", "Anna")  # usable again
    assert ProgressStore(tmp_path).employee("e-1").display_name == "Anna"


def test_damaged_attempt_file_is_recovered_when_read(store, tmp_path):
    first, second = attempt(n=1), attempt(n=2)
    store.record_attempt(first)
    store.record_attempt(second)
    path = learner_path(tmp_path)
    path.write_bytes(path.read_bytes()[:100])
    fresh = ProgressStore(tmp_path)
    assert fresh.attempts("e-1") == [first]
    assert fresh.recovery_notice and str(path) in fresh.recovery_notice
    assert list(path.parent.glob(path.name + ".corrupt-*"))


def test_damaged_meta_file_is_written_again(store, tmp_path):
    meta = tmp_path / "meta.json"
    meta.write_bytes(b"\x00\x00")
    fresh = ProgressStore(tmp_path)
    assert json.loads(meta.read_text())["_schema"] == migrations.SCHEMA_VERSION
    assert fresh.recovery_notice and str(meta) in fresh.recovery_notice
    assert fresh.employee("e-1"), "the data files carry their own version stamps"


def test_two_damaged_files_are_each_moved_aside_once(store, tmp_path):
    store.save_position("e-1", "c1", "s1")
    path = shard_path(tmp_path)
    good = path.read_bytes()
    for _ in range(2):
        path.write_bytes(b"")
        ProgressStore(tmp_path)
        path.write_bytes(good)
    assert len(list(path.parent.glob(path.name + ".corrupt-*"))) == 2, "none overwritten"


# -- versions ------------------------------------------------------------------------------

def test_future_version_folder_is_refused_and_left_alone(tmp_path):
    ProgressStore(tmp_path).sign_in("e-1", "Anna")
    meta = tmp_path / "meta.json"
    future = json.dumps({"_schema": 99, "meta": {"1": {"shards": 64, "new": "thing"}}})
    meta.write_text(future)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(StoreError, match="newer version of LearnSocial") as raised:
        ProgressStore(tmp_path)
    assert "\n" not in str(raised.value) and "99" in str(raised.value)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_future_version_data_file_is_refused_and_never_written(store, tmp_path):
    store.record_attempt(attempt())
    path = learner_path(tmp_path)
    data = json.loads(path.read_text())
    data["_schema"] = migrations.SCHEMA_VERSION + 1
    data["attempts"]["1"]["new_field"] = "from the future"
    future = json.dumps(data).encode()
    path.write_bytes(future)
    fresh = ProgressStore(tmp_path)
    for call in (lambda: fresh.attempts("e-1"), lambda: fresh.record_attempt(attempt()),
                 lambda: fresh.attempts()):
        with pytest.raises(StoreError, match="newer version"):
            call()
    assert path.read_bytes() == future and fresh.recovery_notice is None
    assert not list(path.parent.glob("*.corrupt-*"))
    shard = shard_path(tmp_path)
    shard.write_text(json.dumps({"_schema": 99}))
    with pytest.raises(StoreError, match="newer version"):
        ProgressStore(tmp_path)
    assert json.loads(shard.read_text()) == {"_schema": 99}


def test_first_layout_meta_file_is_upgraded(tmp_path):
    ProgressStore(tmp_path).sign_in("e-1", "Anna")
    (tmp_path / "meta.json").write_text(json.dumps({"schema": 1}))
    fresh = ProgressStore(tmp_path)
    assert fresh.recovery_notice is None and fresh.employee("e-1")
    assert json.loads((tmp_path / "meta.json").read_text())["_schema"] == 1
    (tmp_path / "meta.json").write_text(json.dumps({"schema": 7}))
    with pytest.raises(StoreError, match="newer version"):
        ProgressStore(tmp_path)
    assert json.loads((tmp_path / "meta.json").read_text()) == {"schema": 7}


def test_files_without_a_stamp_are_version_1(store, tmp_path):
    path = shard_path(tmp_path)
    data = json.loads(path.read_text())
    del data["_schema"]
    path.write_text(json.dumps(data))
    assert ProgressStore(tmp_path).employee("e-1").display_name == "Anna Svensson"


def test_migrations_run_one_step_at_a_time():
    steps = {1: lambda kind, t: {**t, "seen": {"1": {"by": [kind, 2]}}},
             2: lambda kind, t: {**t, "seen": {"1": {"by": t["seen"]["1"]["by"] + [3]}}}}
    assert migrations.upgrade("summary", {}, 1, steps, target=3) == {
        "seen": {"1": {"by": ["summary", 2, 3]}}}
    assert migrations.upgrade("learner", {"a": {}}, 3, steps, target=3) == {"a": {}}
    with pytest.raises(LookupError):
        migrations.upgrade("summary", {}, 1, {}, target=2)


def test_an_older_file_is_upgraded_on_read_and_saved_in_the_new_version(store, tmp_path,
                                                                          monkeypatch):
    store.save_position("e-1", "c1", "s1")
    monkeypatch.setattr(storage, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(storage, "upgrade", lambda kind, tables, version: migrations.upgrade(
        kind, tables, version, {1: _add_department}, target=2))
    monkeypatch.setattr("learnsocial.progress.store.SCHEMA_VERSION", 2)
    upgraded = ProgressStore(tmp_path)
    assert upgraded.employee("e-1").department == "unknown"
    upgraded.save_position("e-1", "c1", "s2")
    assert json.loads(shard_path(tmp_path).read_text())["_schema"] == 2
    monkeypatch.undo()
    with pytest.raises(StoreError, match="newer version"):
        ProgressStore(tmp_path)


def _add_department(kind: str, tables: dict) -> dict:
    if kind == "summary":
        for doc in tables.get("employees", {}).values():
            doc["department"] = "unknown"
    return tables


# -- HR: erase, merge, outbox --------------------------------------------------------------

def test_erase_removes_the_person_everywhere_including_backups(store, tmp_path):
    store.sign_in("e-2", "Bo Berg")
    for n in range(4):
        store.record_attempt(attempt(n=n))
        store.save_position("e-1", "c1", f"s{n}")
    store.erase_employee("e-1")
    assert store.employee("e-1") is None and store.progress("e-1") == {}
    assert store.attempts("e-1") == [] and store.employee("e-2").display_name == "Bo Berg"
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"Anna Svensson" not in path.read_bytes(), path


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


def test_attempt_and_its_statements_are_one_write(store, tmp_path):
    path = learner_path(tmp_path)
    store.record_attempt(attempt(n=1), [{"id": "s1", "timestamp": "1"}])
    inode = path.stat().st_ino
    one = attempt(n=2)
    store.record_attempt(one, [{"id": "s2", "timestamp": "2"}, {"id": "s3", "timestamp": "3"}])
    assert path.with_name(path.name + ".bak1").stat().st_ino == inode, "one replace, not two"
    assert [s["id"] for s in store.statements("e-1")] == ["s1", "s2", "s3"]
    store.record_attempt(one, [{"id": "s2", "timestamp": "2"}])  # a retry queues nothing new
    assert len(store.unsent_statements()) == 3
