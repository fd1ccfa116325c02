"""ProgressStore: the API on disk and in memory, the layout, ids, erasure, merge, roster,
read-only folders and damaged or foreign files."""
from __future__ import annotations

import gzip
import json
import logging
import math
import os
import stat
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnsocial.progress import migrations, storage
from learnsocial.progress.records import (
    AnswerRecord,
    Attempt,
    Carried,
    ChapterProgress,
    Employee,
    Position,
    RosterRow,
    canonical_id,
    chapter_summary,
    display_id,
    merged_employee,
    valid_employee_id,
)
from learnsocial.progress.status import ChapterStatus
from learnsocial.progress.store import (
    ErasedError,
    FutureVersionError,
    MergeResult,
    ProgressStore,
    RosterResult,
    StoreError,
    StoreIOError,
    bucket_of,
)

T0 = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
is_root = hasattr(os, "geteuid") and os.geteuid() == 0


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = T0):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float = 60) -> None:
        self.now += timedelta(seconds=seconds)


def attempt(employee="e-1", chapter="c1", score=1.0, passed=True, n=0, points=100,
            answers=1, duration=0.0) -> Attempt:
    finished = (T0 + timedelta(minutes=n)).isoformat()
    return Attempt(Attempt.new_id(), employee, chapter, "gallery", finished, finished,
                   [AnswerRecord(f"q{k}", f"a{k}", k % 2 == 0, 2.5 + k, 10 * k)
                    for k in range(answers)], score, points, passed, "v1", duration)


def statement(n: int) -> dict:
    return {"id": f"s{n}", "timestamp": f"2026-11-22T10:{n // 60:02d}:{n % 60:02d}+00:00"}


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture(params=["folder", "memory"])
def make(request, tmp_path, clock):
    """Opens the store of one folder again (a new session each time), on disk or in memory."""
    if request.param == "memory":
        files = storage.MemoryFiles()
        return lambda **kw: ProgressStore(None, files=files, clock=kw.pop("clock", clock), **kw)
    return lambda **kw: ProgressStore(tmp_path / "data", clock=kw.pop("clock", clock), **kw)


@pytest.fixture
def store(tmp_path, clock):
    store = ProgressStore(tmp_path, clock=clock)
    store.sign_in("e-1", "Anna Svensson", "sv")
    return store


def people_files(folder: Path, key: str = "e-1") -> list[str]:
    return sorted(p.name for p in (folder / "people" / bucket_of(key)).glob(f"{key}@*"))


def files_of(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != "store.lock"}


# -- ids and records -----------------------------------------------------------------------

@pytest.mark.parametrize("text, ok", [
    ("e-1", True), ("A.b_c-9", True), ("7x", True), ("a" * 32, True), (" e-1 ", True),
    ("ＥＭＰ－００６", True), ("x", False), ("-x", False), (".x", False), ("_x", False),
    ("a b", False), ("a" * 33, False), ("", False), ("ö1", False), ("straße", False),
    ("Ꭼmp1", False), ("a/b", False), ("../etc", False), ("e1\x00", False),
    ("a" * 10_000, False), (None, False), (7, False)])
def test_employee_ids(text, ok):
    assert valid_employee_id(text) is ok


def test_ids_compare_without_case_and_after_nfkc_and_show_as_typed():
    assert canonical_id("EMP-006") == canonical_id("emp-006") == canonical_id(" Emp-006\t") \
        == canonical_id("ＥＭＰ－００６") == "emp-006"
    assert display_id(" EMP-006 ") == "EMP-006" and display_id("ＥＭＰ－１") == "EMP-1"
    assert canonical_id("../etc") == "" and canonical_id("a" * 10_000) == ""


def test_records_round_trip_through_json():
    original = attempt(answers=3, duration=42.5)
    again = Attempt.from_dict(json.loads(json.dumps(original.to_dict())))
    assert again == original and isinstance(again.answers[0], AnswerRecord)
    progress = ChapterProgress("e-1", "c1", "completed", "s3", "a", "b", 0.5, 7, 2, 12.5)
    assert ChapterProgress.from_dict(json.loads(json.dumps(progress.to_dict()))) == progress
    person = Employee("e-1", "Anna", "HR", "sv", {"muted": True}, "a", "b", "Bo", "2026-01-05",
                      "2026-02-05", "roster", True)
    assert Employee.from_dict({**person.to_dict(), "unknown": 1}) == person
    old = {"employee_id": "e-1", "display_name": "Anna", "department": "", "language": None,
           "settings": {}, "created_at": "", "last_seen_at": ""}  # written before roster fields
    assert Employee.from_dict(old).enrolled_by == "sign-in" and not Employee.from_dict(old).demo
    assert len(Attempt.new_id()) == 32 and Attempt.new_id() != Attempt.new_id()


# -- the one summary rule ------------------------------------------------------------------

def test_the_summary_rule():
    place = Position("c1", "desk-a", "s2", 30.0, T0.isoformat(), T0.isoformat())
    failed = attempt(score=0.4, passed=False, n=1, points=40, duration=20.0)
    passed = attempt(score=0.9, passed=True, n=2, points=90, duration=25.0)
    worse = attempt(score=0.2, passed=False, n=3, points=20, duration=5.0)
    assert chapter_summary("e-1", "c1", [], []).status == ChapterStatus.NOT_STARTED
    assert chapter_summary("e-1", "c1", [], [place]).status == ChapterStatus.IN_PROGRESS
    one = chapter_summary("e-1", "c1", [failed], [place])
    assert one.status == ChapterStatus.FAILED and one.time_spent_s == 50.0
    assert one.completed_at is None and one.best_score == 0.4 and one.scene_id == "s2"
    done = chapter_summary("e-1", "c1", [failed, passed, worse], [place])
    assert done.status == ChapterStatus.COMPLETED and done.completed_at == passed.finished_at
    assert (done.best_score, done.points, done.attempts) == (0.9, 90, 3)
    assert done.time_spent_s == 30.0 + 20.0 + 25.0 + 5.0, "dialogue + test time"
    other = Position("c1", "desk-b", "s9", 12.0, T0.isoformat(),
                     (T0 + timedelta(hours=1)).isoformat())
    both = chapter_summary("e-1", "c1", [], [place, other])
    assert both.time_spent_s == 42.0 and both.scene_id == "s9", "summed; newest position"
    timed = attempt(n=5)
    timed.started_at = (T0 + timedelta(minutes=4)).isoformat()
    assert chapter_summary("e-1", "c1", [timed], []).time_spent_s == 60.0, \
        "no duration_s: from started_at to finished_at"
    floor = Carried("c1", "completed", None, "2026-01-01T00:00:00+00:00", 1.0, 500, 4)
    kept = chapter_summary("e-1", "c1", [failed], [], floor)
    assert kept.status == ChapterStatus.COMPLETED and kept.attempts == 4 and kept.points == 500
    assert kept.completed_at == "2026-01-01T00:00:00+00:00" and kept.best_score == 1.0


def test_merged_employee_rules():
    home = Employee("EMP-6", "Anna", "Sales", "sv", {"muted": True}, "2026-01-02T00:00:00+00:00",
                    "2026-03-01T00:00:00+00:00", manager="Bo", enrolled_by="roster")
    away = Employee("emp-6", "Anna Svensson", "", "de", {"volume": 0.5},
                    "2026-01-01T00:00:00+00:00", "2026-04-01T00:00:00+00:00", due_date="2026-05-01")
    merged = merged_employee(home, away)
    assert merged.display_name == "Anna Svensson" and merged.language == "de", "newest"
    assert merged.created_at == "2026-01-01T00:00:00+00:00" and merged.employee_id == "emp-6"
    assert merged.department == "Sales" and merged.manager == "Bo"
    assert merged.due_date == "2026-05-01" and merged.enrolled_by == "roster"
    assert merged.settings == {"muted": True, "volume": 0.5}
    assert merged_employee(None, away) is away


# -- employees -----------------------------------------------------------------------------

def test_sign_in_new_then_returning_in_any_case(make, clock):
    store = make()
    anna, returning = store.sign_in("EMP-006", "  Anna   Svensson ", "sv")
    assert not returning and anna.display_name == "Anna Svensson" and anna.language == "sv"
    assert anna.created_at == anna.last_seen_at == "2026-11-22T10:00:00+00:00"
    clock.tick(3600)
    again, returning = make().sign_in("emp-006", "", None)
    assert returning and again.employee_id == "EMP-006", "one person; the id as first typed"
    assert again.display_name == "Anna Svensson" and again.language == "sv"
    assert again.created_at == anna.created_at
    assert again.last_seen_at == "2026-11-22T11:00:00+00:00"
    renamed, _ = make().sign_in("Emp-006", "Anna S.", "de")
    assert renamed.display_name == "Anna S." and renamed.language == "de"
    assert make().employee("emp-006") == renamed == make().employee(" EMP-006 ")
    assert [e.employee_id for e in make().employees()] == ["EMP-006"]


@pytest.mark.parametrize("bad", ["x", "bad id", "../../etc", "-x", "", "a" * 40, "a" * 10_000])
def test_invalid_ids_are_refused_and_write_nothing(tmp_path, bad):
    store = ProgressStore(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    for call in (lambda: store.sign_in(bad, "Name"), lambda: store.save_position(bad, "c1", "s1"),
                 lambda: store.record_attempt(attempt(bad)),
                 lambda: store.queue_statements(bad, [statement(1)]),
                 lambda: store.erase_employee(bad)):
        with pytest.raises(ValueError):
            call()
    assert store.employee(bad) is None and store.progress(bad) == {} and store.attempts(bad) == []
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert not (tmp_path.parent / "etc").exists()


def test_a_new_employee_needs_a_name(make):
    store = make()
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


def test_settings_merge_and_persist(make):
    store = make()
    store.sign_in("e-1", "Anna")
    store.update_settings("e-1", muted=True, volume=0.5)
    assert store.update_settings("E-1", volume=0.3).settings == {"muted": True, "volume": 0.3}
    assert make().employee("e-1").settings == {"muted": True, "volume": 0.3}
    with pytest.raises(KeyError):
        store.update_settings("e-404", muted=True)
    with pytest.raises(ValueError):
        store.update_settings("e-1", volume=math.nan)
    with pytest.raises(ValueError):
        store.update_settings("e-1", when=datetime.now())
    store.employee("e-1").settings["muted"] = False  # a caller changing its copy
    assert store.employee("e-1").settings["muted"] is True


def test_demo_marking(make):
    store = make()
    person, _ = store.sign_in("demo-001", "Demo", demo=True)
    assert person.demo and make().employee("demo-001").demo
    assert not store.sign_in("e-1", "Anna")[0].demo


# -- progress ------------------------------------------------------------------------------

def test_resume_by_scene_id_and_time_spent(make, clock):
    store = make()
    store.sign_in("e-1", "Anna")
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
    reopened = make().progress("e-1")
    assert set(reopened) == {"c1", "c2"}, "only chapters with a record"
    assert reopened["c1"] == record and reopened["c2"].time_spent_s == 0.0


def test_failed_then_completed_and_completed_never_reverts(make, clock):
    store = make()
    store.sign_in("e-1", "Anna")
    store.save_position("e-1", "c1", "s1", 10.0)
    failed = store.record_attempt(attempt(score=0.4, passed=False, n=1, points=40, duration=20))
    assert failed.status == "failed" and failed.best_score == 0.4 and failed.attempts == 1
    assert failed.time_spent_s == 30.0
    passed = store.record_attempt(attempt(score=0.9, passed=True, n=2, points=90, duration=20))
    assert passed.status == "completed" and passed.completed_at == (
        T0 + timedelta(minutes=2)).isoformat()
    worse = store.record_attempt(attempt(score=0.2, passed=False, n=3, points=20, duration=20))
    assert worse.status == "completed" and worse.completed_at == passed.completed_at
    assert worse.best_score == 0.9 and worse.points == 90 and worse.attempts == 3
    again = store.save_position("e-1", "c1", "s2", 1.0)
    assert again.status == "completed" and again.scene_id == "s2", "resume, still completed"
    assert again.time_spent_s == 10.0 + 1.0 + 60.0
    assert make().progress("e-1")["c1"] == again


def test_attempts_are_stored_with_every_answer_oldest_first(make):
    store = make()
    late = attempt(n=9, answers=5, score=0.8)
    early = attempt(n=1, answers=3, score=0.6)
    other_chapter = attempt(chapter="c2", n=5)
    someone_else = attempt("e-2", n=4)
    for one in (late, early, other_chapter, someone_else):
        store.record_attempt(one)
    fresh = make()
    assert fresh.attempts("e-1") == [early, other_chapter, late]
    assert fresh.attempts("E-1", "c1") == [early, late]
    assert fresh.attempts(chapter_id="c1") == [early, someone_else, late]
    assert fresh.attempts() == [early, someone_else, other_chapter, late]
    assert fresh.attempts("e-1")[2].answers == late.answers and len(late.answers) == 5
    assert fresh.attempts("e-9") == []


def test_recording_the_same_attempt_twice_stores_it_once(make):
    store = make()
    one = attempt(score=0.5, passed=False)
    store.record_attempt(one, [statement(1)])
    record = make().record_attempt(one, [statement(2)])
    assert record.attempts == 1 and len(store.attempts("e-1")) == 1
    assert [s["id"] for s in make().statements("e-1")] == ["s1"], "a retry queues nothing"


@pytest.mark.parametrize("change", [{"score": math.nan}, {"score": math.inf},
                                    {"chapter_id": ""}, {"attempt_id": ""},
                                    {"duration_s": math.nan}, {"passed": "yes"}])
def test_malformed_attempts_are_refused_before_any_write(make, change):
    store = make()
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
    store = ProgressStore.in_memory(backups=1)
    for n, (score, passed, points) in enumerate(runs):
        record = store.record_attempt(attempt(score=score, passed=passed, n=n, points=points))
    assert record.attempts == len(runs)
    assert record.best_score == max(s for s, _p, _q in runs)
    assert record.points == max(q for _s, _p, q in runs)
    assert (record.status == "completed") == any(p for _s, p, _q in runs)
    assert (record.status == "failed") == (not any(p for _s, p, _q in runs))
    if record.completed_at:
        first = next(n for n, (_s, p, _q) in enumerate(runs) if p)
        assert record.completed_at == (T0 + timedelta(minutes=first)).isoformat()


# -- the outbox ----------------------------------------------------------------------------

def test_outbox_counts_and_marks(make):
    store = make()
    store.sign_in("e-1", "Anna")
    store.queue_statements("e-1", [statement(1), statement(2)])
    assert [s["id"] for _e, s in store.unsent_statements()] == ["s1", "s2"]
    store.mark_sent("e-1", ["s1"])
    store.mark_sent("E-1", ["s1"])  # twice, and in another case, is harmless
    assert [s["id"] for _e, s in store.unsent_statements()] == ["s2"]
    assert [s["id"] for s in store.statements("e-1")] == ["s1", "s2"]


def test_statements_of_earlier_sessions_are_archived_and_still_count(make, tmp_path):
    first = make()
    first.sign_in("e-1", "Anna")
    first.queue_statements("e-1", [statement(n) for n in range(1, 6)])
    first.mark_sent("e-1", ["s2"])
    second = make()  # a new session: its first write moves the queue to the archive
    second.record_attempt(attempt(), [statement(6)])
    second.queue_statements("e-1", [statement(7)])
    if isinstance(second.files, storage.FolderFiles):
        archive = tmp_path / "data" / "people" / bucket_of("e-1") / "e-1@statements.jsonl.gz"
        lines = gzip.decompress(archive.read_bytes()).decode().splitlines()
        assert [json.loads(line)["id"] for line in lines] == [f"s{n}" for n in range(1, 7)]
    third = make()
    assert [s["id"] for s in third.statements("e-1")] == [f"s{n}" for n in range(1, 8)]
    assert [s["id"] for e, s in third.unsent_statements()] == ["s1", "s3", "s4", "s5", "s6",
                                                                "s7"]
    third.mark_sent("e-1", ["s1", "s4", "s6", "s7"])
    assert [s["id"] for _e, s in make().unsent_statements()] == ["s3", "s5"]
    assert {e for e, _s in make().unsent_statements()} == {"e-1"}


def test_attempt_and_its_statements_are_one_write(store, tmp_path):
    store.record_attempt(attempt(n=1), [statement(1)])
    before = people_files(tmp_path)
    one = attempt(n=2)
    store.record_attempt(one, [statement(2), statement(3)])
    after = people_files(tmp_path)
    assert len(set(after) - set(before)) == 1, "one new file: the new version"
    assert [s["id"] for s in store.statements("e-1")] == ["s1", "s2", "s3"]
    store.record_attempt(one, [statement(2)])  # a retry queues nothing new
    assert len(store.unsent_statements()) == 3


# -- layout --------------------------------------------------------------------------------

def test_layout_a_save_writes_one_file(store, tmp_path):
    for n in range(200):
        store.sign_in(f"p{n:03d}", f"Person {n}")
    buckets = [p.name for p in (tmp_path / "people").iterdir()]
    assert 100 < len(buckets) <= 256, "ids spread over the buckets"
    before = {p: p.stat().st_ino for p in tmp_path.rglob("*") if p.is_file()}
    store.record_attempt(attempt("p007"))
    now = {p: p.stat().st_ino for p in tmp_path.rglob("*") if p.is_file()}
    added = set(now) - set(before)
    changed = {p for p in set(now) & set(before) if now[p] != before[p]}
    assert len(added) == 1 and not changed, "one new file, nothing else touched"
    (new,) = added
    assert new.parent == tmp_path / "people" / bucket_of("p007") and new.name == "p007@2.json.gz"
    assert set(before) - set(now) == {new.with_name("p007@1.json.gz")}, \
        "the session's own previous version is removed"
    tables = json.loads(gzip.decompress(new.read_bytes()))
    assert tables["_schema"] == migrations.SCHEMA_VERSION
    assert {"employee", "attempts", "progress", "file"} <= set(tables)
    meta = json.loads((tmp_path / "meta.json").read_text())
    assert meta["_schema"] == migrations.SCHEMA_VERSION and meta == json.loads(
        (tmp_path / "meta.json.bak").read_text())


class CountingFiles(storage.FolderFiles):
    def __init__(self, root):
        super().__init__(root)
        self.reads: list[str] = []

    def read(self, rel):
        self.reads.append(rel)
        return super().read(rel)


def test_opening_reads_no_learner_file_and_one_person_reads_one(tmp_path):
    store = ProgressStore(tmp_path)
    for n in range(60):
        store.record_attempt(attempt(f"p{n:03d}"))
    store.employees()  # the index is written
    files = CountingFiles(tmp_path)
    fresh = ProgressStore(tmp_path, files=files)
    assert set(files.reads) <= {"meta.json", "erasing.json"}, \
        "opening is O(1) in the number of people: no learner or index file is read"
    files.reads.clear()
    assert fresh.progress("p042")["c1"].status == "completed"
    assert files.reads == [f"people/{bucket_of('p042')}/p042@1.json.gz"]
    files.reads.clear()
    fresh.progress("p042")
    assert files.reads == [], "a file unchanged since it was read is not read again"


def test_backups_are_one_per_session_not_per_write(tmp_path):
    for session in range(4):
        store = ProgressStore(tmp_path, backups=2)
        store.sign_in("e-1", "Anna")
        for n in range(5):
            store.save_position("e-1", "c1", f"s{session}-{n}")
        assert len(people_files(tmp_path)) == min(session, 2) + 1
    names = people_files(tmp_path)
    assert names == ["e-1@12.json.gz", "e-1@18.json.gz", "e-1@24.json.gz"], \
        "the current version and the last version of each of the two sessions before"
    none = ProgressStore(tmp_path / "none", backups=0)
    none.sign_in("e-1", "Anna")
    ProgressStore(tmp_path / "none", backups=0).save_position("e-1", "c1", "s1")
    assert people_files(tmp_path / "none") == ["e-1@2.json.gz"]


def test_a_long_session_keeps_a_daily_backup(tmp_path, clock):
    store = ProgressStore(tmp_path, clock=clock)
    store.sign_in("e-1", "Anna")
    store.save_position("e-1", "c1", "s1")
    assert len(people_files(tmp_path)) == 1
    clock.tick(25 * 3600)
    store.save_position("e-1", "c1", "s2")
    assert len(people_files(tmp_path)) == 2, "a day later the old version is kept"


def test_the_index_heals_from_version_numbers(store, tmp_path):
    store.record_attempt(attempt(passed=False, score=0.3))
    assert store.all_progress()["e-1"]["c1"].status == "failed"
    index = tmp_path / "index" / f"{bucket_of('e-1')}.json"
    old = index.read_bytes()
    store.record_attempt(attempt(passed=True, n=2), [statement(1)])
    assert ProgressStore(tmp_path).all_progress()["e-1"]["c1"].status == "completed"
    index.write_bytes(old)  # an old copy of the index put back
    fresh = ProgressStore(tmp_path)
    assert fresh.all_progress()["e-1"]["c1"].status == "completed"
    assert [s["id"] for _e, s in fresh.unsent_statements()] == ["s1"]
    index.write_bytes(b"{garbage")
    healed = ProgressStore(tmp_path)
    assert healed.all_progress()["e-1"]["c1"].attempts == 2
    assert healed.recovery_notice is None, "the index is a cache: no notice"


# -- damaged files -------------------------------------------------------------------------

DAMAGE = {
    "empty": lambda good: b"",
    "truncated": lambda good: good[: len(good) // 2],
    "cut at the last byte": lambda good: good[:-1],
    "zero-filled": lambda good: b"\x00" * len(good),
    "garbage": lambda good: b"\xff\xfe garbage",
    "not an object": lambda good: gzip.compress(b"[1, 2]"),
    "tables of the wrong shape": lambda good: gzip.compress(b'{"attempts": [1, 2]}'),
    "a record of the wrong shape": lambda good: gzip.compress(
        b'{"attempts": {"1": {"attempt_id": "x"}}, "_schema": 2}'),
    "a record of another person": lambda good: gzip.compress(
        b'{"employee": {"1": {"employee_id": "e-2", "display_name": "Bo"}}, "_schema": 2}'),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_learner_file_is_moved_aside_and_its_backup_restored(tmp_path, damage, caplog):
    ProgressStore(tmp_path).save_position("e-1", "c1", "s1")  # session 1
    ProgressStore(tmp_path).save_position("e-1", "c1", "s2")  # session 2 keeps session 1's
    path = tmp_path / "people" / bucket_of("e-1") / "e-1@2.json.gz"
    broken = damage(path.read_bytes())
    path.write_bytes(broken)
    fresh = ProgressStore(tmp_path)
    assert fresh.all_progress()["e-1"]["c1"].scene_id == "s1", "index reconciled"
    notice = fresh.recovery_notice
    assert notice and str(path) in notice and ".corrupt-" in notice and "backup from" in notice
    assert any(str(path) in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    aside = list(path.parent.glob(path.name + ".corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == broken, "the original is kept"
    assert fresh.progress("e-1")["c1"].scene_id == "s1"
    again = ProgressStore(tmp_path)
    assert again.progress("e-1")["c1"].scene_id == "s1" and again.recovery_notice is None


def test_damage_with_no_good_backup_starts_again_and_says_so(tmp_path):
    store = ProgressStore(tmp_path, backups=0)
    store.sign_in("e-1", "Anna")
    path = store.learner_file("e-1")
    path.write_bytes(b"\x1f\x8b garbage")
    fresh = ProgressStore(tmp_path, backups=0)
    assert fresh.employee("e-1") is None
    assert "no good backup" in fresh.recovery_notice and str(path) in fresh.recovery_notice
    assert list(path.parent.glob(path.name + ".corrupt-*"))
    fresh.sign_in("e-1", "Anna")  # usable again
    assert ProgressStore(tmp_path).employee("e-1").display_name == "Anna"


def test_damaged_meta_file_is_restored_and_nothing_was_lost(store, tmp_path):
    meta = tmp_path / "meta.json"
    meta.write_bytes(b"\x00\x00")
    fresh = ProgressStore(tmp_path)
    assert json.loads(meta.read_text())["_schema"] == migrations.SCHEMA_VERSION
    notice = fresh.recovery_notice
    assert str(meta) in notice and "nothing was lost" in notice and "start again" not in notice
    assert fresh.employee("e-1")


def test_meta_file_and_its_copy_damaged_says_exactly_what_was_lost(store, tmp_path):
    store.sign_in("e-2", "Bo")
    store.erase_employee("e-2")
    for name in ("meta.json", "meta.json.bak"):
        (tmp_path / name).write_text('{"meta": {"1": {"layout": 2}}, "_schema": 2}')
    fresh = ProgressStore(tmp_path)
    assert "key of the erasure list" in fresh.recovery_notice
    assert "1 erased people" in fresh.recovery_notice
    assert fresh.employee("e-1").display_name == "Anna Svensson", "no data lost"
    assert ProgressStore(tmp_path).recovery_notice is None


@pytest.mark.parametrize("what", ["meta.json", "learner file"])
def test_a_folder_where_a_file_should_be_is_one_clear_line(store, tmp_path, what):
    path = tmp_path / "meta.json" if what == "meta.json" else store.learner_file("e-1")
    path.unlink()
    path.mkdir()
    with pytest.raises(StoreError) as raised:
        ProgressStore(tmp_path).employee("e-1")
    assert str(path) in str(raised.value) and "folder" in str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX file permissions")
def test_an_unreadable_file_is_one_clear_line(shared):
    folder = shared / "data"
    ProgressStore(folder).sign_in("e-1", "Anna")
    path = ProgressStore(folder).learner_file("e-1")

    def read() -> str:
        try:
            ProgressStore(folder, read_only=True).progress("e-1")
        except StoreIOError as error:
            return str(error)
        return "no error"

    for item in [folder, *folder.rglob("*")]:
        item.chmod(0o755 if item.is_dir() else 0o644)
    path.chmod(0o600 if is_root else 0)
    try:
        message = as_other_user(read) if is_root else read()
    finally:
        path.chmod(0o644)
    assert str(path) in message and "ermission" in message and "\n" not in message


def test_future_version_folder_is_refused_and_left_alone(tmp_path):
    ProgressStore(tmp_path).sign_in("e-1", "Anna")
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps({"_schema": 99, "meta": {"1": {"layout": 9}}}))
    before = files_of(tmp_path)
    with pytest.raises(FutureVersionError, match="newer version of LearnSocial") as raised:
        ProgressStore(tmp_path)
    assert "\n" not in str(raised.value) and "99" in str(raised.value)
    assert files_of(tmp_path) == before


def test_future_version_learner_file_is_refused_and_never_written(store, tmp_path):
    store.record_attempt(attempt())
    path = store.learner_file("e-1")
    data = json.loads(gzip.decompress(path.read_bytes()))
    data["_schema"] = migrations.SCHEMA_VERSION + 1
    future = gzip.compress(json.dumps(data).encode())
    path.write_bytes(future)
    fresh = ProgressStore(tmp_path)
    for call in (lambda: fresh.attempts("e-1"), lambda: fresh.record_attempt(attempt()),
                 lambda: fresh.attempts(), lambda: fresh.employees()):
        with pytest.raises(FutureVersionError, match="newer version") as raised:
            call()
        assert "\n" not in str(raised.value) and str(path) in str(raised.value)
    assert path.read_bytes() == future and fresh.recovery_notice is None
    assert not list(path.parent.glob("*.corrupt-*"))


def test_migrations_run_one_step_at_a_time():
    steps = {1: lambda kind, t: {**t, "seen": {"1": {"by": [kind, 2]}}},
             2: lambda kind, t: {**t, "seen": {"1": {"by": t["seen"]["1"]["by"] + [3]}}}}
    assert migrations.upgrade("learner", {}, 1, steps, target=3) == {
        "seen": {"1": {"by": ["learner", 2, 3]}}}
    assert migrations.upgrade("learner", {"a": {}}, 3, steps, target=3) == {"a": {}}
    with pytest.raises(LookupError):
        migrations.upgrade("learner", {}, 1, {}, target=2)


def test_an_older_file_is_upgraded_on_read_and_saved_in_the_new_version(store, tmp_path,
                                                                          monkeypatch):
    store.save_position("e-1", "c1", "s1")
    monkeypatch.setattr(storage, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(storage, "upgrade", lambda kind, tables, version: migrations.upgrade(
        kind, tables, version, {2: _add_cost_centre}, target=3))
    monkeypatch.setattr("learnsocial.progress.store.SCHEMA_VERSION", 3)
    upgraded = ProgressStore(tmp_path)
    assert upgraded.progress("e-1")["c1"].scene_id == "s1"
    assert upgraded.save_position("e-1", "c1", "s2").scene_id == "s2"
    path = upgraded.learner_file("e-1")
    data = json.loads(gzip.decompress(path.read_bytes()))
    assert data["_schema"] == 3 and data["employee"]["1"]["cost_centre"] == "none"
    monkeypatch.undo()
    with pytest.raises(FutureVersionError):
        ProgressStore(tmp_path).progress("e-1")


def _add_cost_centre(kind: str, tables: dict) -> dict:
    if kind == "learner":
        for doc in tables.get("employee", {}).values():
            doc["cost_centre"] = "none"
    return tables


# -- erasure -------------------------------------------------------------------------------

def test_erase_removes_the_person_everywhere(tmp_path):
    for session in range(3):
        store = ProgressStore(tmp_path)
        store.sign_in("e-1", "Anna Svensson")
        store.sign_in("e-2", "Bo Berg")
        store.record_attempt(attempt(n=session), [statement(session)])
        store.save_position("e-1", "c1", f"s{session}")
    store.employees()  # the index names both
    current = store.learner_file("e-1")
    (current.parent / f"{current.name}.corrupt-20260101T000000Z").write_bytes(b"Anna Svensson")
    (tmp_path / "v1-damaged").mkdir()
    (tmp_path / "v1-damaged" / "summary-07.json.bak2").write_bytes(
        b'{"employees": {"1": {"employee_id": "E-1", "display_name": "Anna Svensson"}}')
    (tmp_path / "v1-damaged" / "summary-08.json").write_bytes(b'{"e-10": 1}')
    ProgressStore(tmp_path).erase_employee("E-1")
    store = ProgressStore(tmp_path)
    assert store.employee("e-1") is None and store.progress("e-1") == {}
    assert store.attempts("e-1") == [] and store.statements("e-1") == []
    assert [e.employee_id for e in store.employees()] == ["e-2"]
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else \
                path.read_bytes()
            assert b"Anna Svensson" not in data, path
    assert (tmp_path / "v1-damaged" / "summary-08.json").exists(), "e-10 is someone else"
    assert store.is_erased("e-1") and store.is_erased(" E-1 ") and not store.is_erased("e-2")
    (tombstone,) = (tmp_path / "erased").iterdir()
    assert b"e-1" not in tombstone.name.encode() and tombstone.read_bytes() == b""


def test_every_write_path_refuses_an_erased_id_and_writes_nothing(make):
    store = make()
    store.sign_in("EMP-6", "Anna")
    store.erase("emp-6")
    fresh = make()
    for call in (lambda: fresh.sign_in("Emp-6", "Anna"),
                 lambda: fresh.save_position("emp-6", "c1", "s1", 1.0),
                 lambda: fresh.record_attempt(attempt("EMP-6")),
                 lambda: fresh.queue_statements("emp-6", [statement(1)]),
                 lambda: fresh.update_settings("emp-6", muted=True)):
        with pytest.raises(ErasedError, match="erased") as raised:
            call()
        assert isinstance(raised.value, StoreError) and "\n" not in str(raised.value)
    fresh.mark_sent("emp-6", ["s1"])  # an LRS answer for an erased person: nothing to do
    result = fresh.upsert_roster([RosterRow("emp-6", "Anna"), RosterRow("e-2", "Bo")])
    assert result.refused == ("emp-6",) and result.added == 1
    assert fresh.employee("emp-6") is None and fresh.progress("emp-6") == {}
    assert [e.employee_id for e in make().employees()] == ["e-2"]


# -- merge ---------------------------------------------------------------------------------

def test_merge_from_another_desktop_dedupes_and_sums_time(tmp_path, clock):
    home = ProgressStore(tmp_path / "home", clock=clock)
    away = ProgressStore(tmp_path / "away", clock=clock)
    home.sign_in("e-1", "Anna")
    home.upsert_roster([RosterRow("e-1", "Anna", department="Sales", manager="Bo")])
    home.save_position("e-1", "c1", "s1", 100.0)
    clock.tick(3600)
    away.sign_in("E-1", "Anna Svensson")
    away.save_position("e-1", "c1", "s5", 50.0, [statement(1)])
    away.sign_in("e-9", "Cem")
    home.record_attempt(attempt(score=0.4, passed=False, n=1, duration=10))
    away.record_attempt(attempt(score=1.0, passed=True, n=2, duration=20))
    away.record_attempt(attempt("e-9", n=3))
    assert home.merge_from(away) == MergeResult(2, 2, ())
    assert home.merge_from(ProgressStore(tmp_path / "away")) == (2, 0, ()), "twice adds nothing"
    record = home.progress("e-1")["c1"]
    assert record.status == "completed" and record.best_score == 1.0 and record.attempts == 2
    assert record.time_spent_s == 100.0 + 50.0 + 10.0 + 20.0, "summed over desktops"
    assert record.scene_id == "s5", "the newest position"
    person = home.employee("e-1")
    assert person.display_name == "Anna Svensson" and person.employee_id == "e-1"
    assert person.department == "Sales" and person.manager == "Bo", "roster fields kept"
    assert home.progress("e-9")["c1"].status == "completed"
    assert [s["id"] for _e, s in home.unsent_statements()] == ["s1"]
    away.save_position("e-1", "c1", "s6", 5.0)  # more time on the other desktop
    home.merge_from(away)
    assert home.progress("e-1")["c1"].time_spent_s == 185.0, "its own total, not added twice"


def test_merge_refuses_to_bring_back_an_erased_person(tmp_path):
    home, away = ProgressStore(tmp_path / "home"), ProgressStore(tmp_path / "away")
    home.sign_in("e-1", "Anna")
    away.sign_in("E-1", "Anna")
    away.sign_in("e-2", "Bo")
    away.record_attempt(attempt("e-1"))
    home.erase_employee("e-1")
    assert home.merge_from(away) == MergeResult(1, 0, ("E-1",))
    assert home.employee("e-1") is None and home.attempts("e-1") == []
    assert [e.employee_id for e in home.employees()] == ["e-2"]


@pytest.mark.parametrize("plant", ["garbled file", "bad record", "path-like id", "long id",
                                   "wrong bucket"])
def test_merge_is_all_or_nothing_and_names_the_bad_file(tmp_path, plant):
    home = ProgressStore(tmp_path / "home")
    home.sign_in("e-1", "Anna")
    away = ProgressStore(tmp_path / "away")
    for n in range(30):
        away.record_attempt(attempt(f"p{n:02d}"))
    victim = away.learner_file("p17")
    bucket = victim.parent
    if plant == "garbled file":
        victim.write_bytes(victim.read_bytes()[:40])
    elif plant == "bad record":
        data = json.loads(gzip.decompress(victim.read_bytes()))
        next(iter(data["attempts"].values()))["score"] = "high"
        victim.write_bytes(gzip.compress(json.dumps(data).encode()))
    elif plant == "path-like id":
        (bucket / "..%2Fetc@1.json.gz").write_bytes(victim.read_bytes())
    elif plant == "long id":
        (bucket / ("x" * 200 + "@1.json.gz")).write_bytes(victim.read_bytes())
    else:
        other = tmp_path / "away" / "people" / ("00" if bucket.name != "00" else "01")
        other.mkdir(exist_ok=True)
        (other / victim.name).write_bytes(victim.read_bytes())
    before = files_of(tmp_path / "home")
    with pytest.raises(StoreError) as raised:
        home.merge_from(ProgressStore(tmp_path / "away", read_only=True))
    message = str(raised.value)
    assert "\n" not in message and len(message) < 400 and str(tmp_path / "away") in message
    assert files_of(tmp_path / "home") == before, "nothing was written"
    assert not (tmp_path / "home" / "staging").exists() or not any(
        (tmp_path / "home" / "staging").iterdir())
    assert [e.employee_id for e in ProgressStore(tmp_path / "home").employees()] == ["e-1"]


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX file permissions")
def test_merge_from_a_read_only_folder(shared):
    away = ProgressStore(shared / "away")
    away.sign_in("e-7", "Cem")
    away.record_attempt(attempt("e-7"))
    (shared / "away" / "store.lock").unlink()
    before = files_of(shared / "away")
    home = Path(tempfile.mkdtemp(prefix="learnsocial-home-"))
    os.chown(home, NOBODY, NOBODY) if is_root else None

    def merge():
        source = ProgressStore(shared / "away")
        assert source.read_only and source.may_be_stale
        result = ProgressStore(home / "data").merge_from(source)
        return tuple(result), ProgressStore(home / "data").progress("e-7")["c1"].status

    try:
        assert without_write_permission(shared / "away", merge) == ((1, 1, ()), "completed")
    finally:
        import shutil

        shutil.rmtree(home, ignore_errors=True)
    assert files_of(shared / "away") == before
    assert not (shared / "away" / "store.lock").exists()


def _read_only_tree(folder: Path, undo: bool = False) -> None:
    for path in sorted(folder.rglob("*"), reverse=not undo) + [folder]:
        if path.is_dir():
            path.chmod(0o755 if undo else stat.S_IRUSR | stat.S_IXUSR)


NOBODY = 65534


@pytest.fixture
def shared(tmp_path):
    """A folder every user may read (pytest's own is private to its user)."""
    folder = Path(tempfile.mkdtemp(prefix="learnsocial-shared-"))
    folder.chmod(0o755)
    yield folder
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def without_write_permission(folder: Path, work):
    """Run work() where folder (made by this user) cannot be written: as another user in a
    child process when this one is root (root may write anywhere), else after taking the
    write permission away. Returns what work returns; an exception in it fails the test."""
    if not is_root:
        _read_only_tree(folder)
        try:
            return work()
        finally:
            _read_only_tree(folder, undo=True)
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return as_other_user(work)


def as_other_user(work):
    """(root only) work() in a child process running as the user nobody."""
    import pickle
    import traceback

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read)
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result = ("ok", work())
        except BaseException as error:  # reported to the parent
            result = ("error", f"{type(error).__name__}: {error}\n{traceback.format_exc()}")
        with os.fdopen(write, "wb") as out:
            pickle.dump(result, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as answer:
        kind, value = pickle.load(answer)
    os.waitpid(pid, 0)
    assert kind == "ok", value
    return value


# -- roster --------------------------------------------------------------------------------

def test_roster_upsert_is_idempotent_and_sign_in_keeps_it(make, clock):
    store = make()
    store.sign_in("e-2", "Bo Berg (signed in)")
    rows = [RosterRow("EMP-1", "Anna Svensson", "Sales", "Bo Berg", "2026-01-05", "2026-02-05"),
            RosterRow("e-2", "Bo Berg", "IT", "", "2025-06-01", "")]
    assert store.upsert_roster(rows) == RosterResult(1, 1, 0, ())
    anna = make().employee("emp-1")
    assert (anna.employee_id, anna.display_name, anna.department, anna.manager) == (
        "EMP-1", "Anna Svensson", "Sales", "Bo Berg")
    assert (anna.start_date, anna.due_date, anna.enrolled_by) == (
        "2026-01-05", "2026-02-05", "roster")
    assert anna.last_seen_at == "" and anna.created_at
    bo = make().employee("e-2")
    assert bo.display_name == "Bo Berg (signed in)", "a person who signed in keeps their name"
    assert bo.department == "IT" and bo.enrolled_by == "sign-in"
    snapshot = [make().employee(i) for i in ("emp-1", "e-2")]
    clock.tick(3600)
    assert make().upsert_roster(rows) == RosterResult(0, 0, 2, ()), "the same rows again"
    assert [make().employee(i) for i in ("emp-1", "e-2")] == snapshot
    person, returning = make().sign_in("emp-1", "", "sv")
    assert not returning, "a roster entry signing in for the first time"
    assert person.department == "Sales" and person.due_date == "2026-02-05"
    assert person.enrolled_by == "roster" and person.last_seen_at
    assert [e.employee_id for e in make().employees()] == ["e-2", "EMP-1"]


@pytest.mark.parametrize("row, problem", [
    (RosterRow("a/b", "X"), "row 2"), (RosterRow("e-3", ""), "no name"),
    (RosterRow("e-3", "X", start_date="15.01.2026"), "not a date"),
    (RosterRow("E-1", "Again"), "also in row 1")])
def test_a_bad_roster_row_is_refused_before_anything_is_written(tmp_path, row, problem):
    store = ProgressStore(tmp_path)
    store.sign_in("e-9", "Someone")
    before = files_of(tmp_path)
    with pytest.raises(ValueError, match=problem) as raised:
        store.upsert_roster([RosterRow("e-1", "Anna"), row])
    assert "\n" not in str(raised.value)
    assert files_of(tmp_path) == before


# -- read-only folders ---------------------------------------------------------------------

def test_read_only_takes_no_lock_and_writes_nothing(store, tmp_path):
    store.record_attempt(attempt(), [statement(1)])
    (tmp_path / "store.lock").unlink(missing_ok=True)
    before = files_of(tmp_path)
    reader = ProgressStore(tmp_path, read_only=True)
    assert reader.read_only and reader.may_be_stale
    assert reader.progress("e-1")["c1"].status == "completed"
    assert [e.employee_id for e in reader.employees()] == ["e-1"]
    assert len(reader.unsent_statements()) == 1 and len(reader.attempts()) == 1
    for call in (lambda: reader.sign_in("e-1", "X"), lambda: reader.erase_employee("e-1"),
                 lambda: reader.save_position("e-1", "c1", "s1"),
                 lambda: reader.upsert_roster([RosterRow("e-2", "Bo")])):
        with pytest.raises(StoreError, match="read-only"):
            call()
    assert files_of(tmp_path) == before and not (tmp_path / "store.lock").exists()


def test_read_only_works_around_damage_in_memory(tmp_path):
    ProgressStore(tmp_path).save_position("e-1", "c1", "s1")
    ProgressStore(tmp_path).save_position("e-1", "c1", "s2")
    path = tmp_path / "people" / bucket_of("e-1") / "e-1@2.json.gz"
    path.write_bytes(b"garbage")
    before = files_of(tmp_path)
    reader = ProgressStore(tmp_path, read_only=True)
    assert reader.progress("e-1")["c1"].scene_id == "s1"
    assert reader.all_progress()["e-1"]["c1"].scene_id == "s1"
    assert "read-only" in reader.recovery_notice and str(path) in reader.recovery_notice
    assert len(reader.notices) == 1, "told once"
    assert files_of(tmp_path) == before


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX file permissions")
def test_a_folder_that_is_not_writable_is_opened_read_only(shared):
    folder = shared / "data"
    store = ProgressStore(folder)
    store.sign_in("e-1", "Anna Svensson")
    store.record_attempt(attempt())
    (folder / "store.lock").unlink()
    before = files_of(folder)

    def read():
        reader = ProgressStore(folder)
        return (reader.read_only, reader.employee("e-1").display_name,
                reader.all_progress()["e-1"]["c1"].status)

    assert without_write_permission(folder, read) == (True, "Anna Svensson", "completed")
    assert files_of(folder) == before and not (folder / "store.lock").exists()


def test_a_missing_folder_read_only_is_empty_and_not_created(tmp_path):
    reader = ProgressStore(tmp_path / "nowhere", read_only=True)
    assert reader.employees() == [] and not (tmp_path / "nowhere").exists()


# -- memory --------------------------------------------------------------------------------

def test_in_memory_store_writes_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = ProgressStore.in_memory()
    store.sign_in("e-1", "Anna")
    store.record_attempt(attempt(), [statement(1)])
    store.erase_employee("e-1")
    assert store.is_erased("e-1") and store.employees() == []
    assert not list(tmp_path.rglob("*")) and not store.data_dir.exists()
