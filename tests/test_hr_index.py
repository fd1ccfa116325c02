"""HR's index: compact entries, answer tallies in a file of their own per bucket with the
bucket's sums in the index, read once per report one bucket at a time, and rebuilt from the
learner files when it is old, damaged or behind (reads are counted, nothing is timed)."""
from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date

import pytest

from learnsocial.app.reports import Reports
from learnsocial.progress import storage
from learnsocial.progress.records import AnswerRecord, Attempt, canonical_id
from learnsocial.progress.report import ReportFilter
from learnsocial.progress.store import INDEX_FORMAT, ProgressStore, add_tallies, bucket_of
from tests.hr_data import build, course


class CountingFiles(storage.FolderFiles):
    def __init__(self, root, read_only=False):
        super().__init__(root, read_only=read_only)
        self.reads: list[str] = []

    def read(self, rel):
        self.reads.append(rel)
        return super().read(rel)

    def learner_reads(self) -> list[str]:
        return [r for r in self.reads if r.startswith("people/")]


def attempt(employee: str, chapter: str = "c1", right: bool = True, n: int = 0) -> Attempt:
    stamp = f"2026-11-22T10:{n:02d}:00+00:00"
    return Attempt(Attempt.new_id(), employee, chapter, "gallery", stamp, stamp,
                   [AnswerRecord("q1", f"a{n % 3}", right, 2.5 + n),
                    AnswerRecord("q2", "b", not right, 1.0)], 0.5, 50, right)


def view(stats):
    return [(s.chapter_id, s.item_id, s.answered, s.correct, round(s.time_s, 3),
             list(s.chosen.most_common()), list(s.wrong.most_common())) for s in stats]


@pytest.fixture
def hr(tmp_path):
    """The HR data set with one more person who has attempts but never signed in."""
    store = build(tmp_path / "data")
    store.record_attempt(attempt("x-9", course().chapters[0].id))
    return tmp_path / "data"


def test_the_index_gives_the_records_the_learner_files_hold(hr):
    store = ProgressStore(hr)
    snapshot = store.hr_snapshot()
    assert len(snapshot.employees) == 13 and "x-9" not in \
        {e.employee_id for e in snapshot.employees}
    assert [canonical_id(e.employee_id) for e in snapshot.employees] == \
        sorted(canonical_id(e.employee_id) for e in snapshot.employees)
    for employee in snapshot.employees:
        assert employee == store.employee(employee.employee_id)
    every = store.all_progress()
    assert set(every) == {"E-000", "E-001", "E-002", "demo-001", "x-9"}
    for shown, progress in every.items():
        assert progress == store.progress(shown) == snapshot.progress[canonical_id(shown)]
    assert [e.employee_id for e in store.employees()] == \
        [e.employee_id for e in snapshot.employees]


def test_the_index_is_compact_and_keeps_the_tallies_apart(hr):
    ProgressStore(hr).hr_snapshot()
    mains = sorted((hr / "index").glob("??.json"))
    assert mains and len(list((hr / "index").glob("??.answers.json"))) == len(mains)
    for path in mains:
        text = path.read_text()
        assert '"employee_id"' not in text and '"chapter_id"' not in text, "no id repeated"
        tables = json.loads(text)
        assert tables["format"]["index"]["version"] == INDEX_FORMAT
        assert all("answers" not in entry for entry in tables["people"].values())


def test_a_report_reads_each_index_file_once_and_no_learner_file(hr):
    Reports.for_course(ProgressStore(hr), course()).figures()  # the index is written
    files = CountingFiles(hr)
    reports = Reports.for_course(ProgressStore(hr, files=files), course())
    found = reports.figures()
    rows = reports.rows()
    assert len(rows) == 12 * 7 and found.questions and found.choices
    mains = sorted(f"index/{p.name}" for p in (hr / "index").glob("??.json"))
    assert sorted(r for r in files.reads if r.startswith("index/")) == mains, \
        "each bucket's index once, the answer files not at all"
    assert files.learner_reads() == []
    files.reads.clear()
    reports.question_stats(ReportFilter(department="Sales"))
    answers = sorted(f"index/{p.name}" for p in (hr / "index").glob("??.answers.json"))
    assert sorted(files.reads) == answers and files.learner_reads() == []


@pytest.mark.parametrize("include_demo", [False, True])
def test_question_figures_for_some_people_equal_those_read_from_the_attempts(hr, include_demo):
    reports = Reports.for_course(ProgressStore(hr), course(), include_demo=include_demo)
    chapters = course().chapters
    everyone = view(reports.question_stats())
    for keep in (ReportFilter(), ReportFilter(department="Sales"),
                 ReportFilter(department="ekonomi & lön"), ReportFilter(status="failed"),
                 ReportFilter(chapter=chapters[1].id),
                 ReportFilter(chapter=chapters[0].id, department="Support")):
        kept = view(reports.question_stats(keep))
        read = view(reports.question_stats(dataclasses.replace(keep, since=date(2000, 1, 1))))
        assert kept == read, keep
        if keep.narrows:
            assert kept != everyone, f"{keep} leaves someone out"
    assert view(reports.question_stats()) == everyone


def test_the_sums_follow_every_save_and_erasure(tmp_path):
    store = ProgressStore(tmp_path)
    for n, person in enumerate(("e-1", "e-2", "e-3")):
        store.sign_in(person, f"Person {n}", demo=person == "e-3")
        store.record_attempt(attempt(person, n=n))
    store.record_attempt(attempt("x-9"))  # attempts, no employee record: not in the sums

    def expected(store, demo: bool) -> dict:
        demo_ids = {canonical_id(e.employee_id) for e in store.employees() if e.demo}
        listed = {canonical_id(e.employee_id) for e in store.employees()}
        total: dict = {}
        for key, tallies in store.answer_tallies():
            if key in listed and (key in demo_ids) == demo:
                add_tallies(total, tallies)
        return total

    snapshot = store.hr_snapshot()
    assert snapshot.answers["c1/q1"][0] == 2 and snapshot.demo_answers["c1/q1"][0] == 1
    store.record_attempt(attempt("e-2", right=False, n=4))
    fresh = ProgressStore(tmp_path)
    snapshot = fresh.hr_snapshot()
    assert snapshot.answers == expected(fresh, False) and snapshot.answers["c1/q1"][0] == 3
    assert snapshot.demo_answers == expected(fresh, True)
    fresh.erase_employee("e-2")
    snapshot = ProgressStore(tmp_path).hr_snapshot()
    assert snapshot.answers["c1/q1"][:2] == [1, 1] and snapshot.answers == expected(fresh, False)
    for path in (tmp_path / "index").iterdir():
        assert b'"e-2"' not in path.read_bytes(), path


def _old_index(key: str, gen: int) -> bytes:
    """An index file as the first format wrote it (tallies inside, ids repeated), for a
    current version, with figures that are not the person's."""
    return json.dumps({"people": {key: {
        "gen": gen, "id": key, "employee": {"employee_id": key, "display_name": "Old Name"},
        "progress": {"c1": {"employee_id": key, "chapter_id": "c1", "status": "not_started"}},
        "unsent": 0, "answers": {}}}, "_schema": 2}).encode()


def test_an_index_of_the_old_format_is_rebuilt(tmp_path):
    store = ProgressStore(tmp_path)
    store.sign_in("e-1", "Anna")
    store.record_attempt(attempt("e-1"))
    gen = int(store.learner_file("e-1").name.split("@")[1].split(".")[0])
    shutil.rmtree(tmp_path / "index", ignore_errors=True)
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / f"{bucket_of('e-1')}.json").write_bytes(_old_index("e-1", gen))
    fresh = ProgressStore(tmp_path)
    snapshot = fresh.hr_snapshot()
    assert [e.display_name for e in snapshot.employees] == ["Anna"]
    assert snapshot.progress["e-1"]["c1"].status == "completed"
    assert snapshot.answers["c1/q1"][0] == 1 and fresh.recovery_notice is None
    written = json.loads((tmp_path / "index" / f"{bucket_of('e-1')}.json").read_bytes())
    assert written["format"]["index"]["version"] == INDEX_FORMAT


DAMAGE = {
    "garbled index": lambda index, answers: index.write_bytes(b'{"people": {"e-1": '),
    "garbled answers": lambda index, answers: answers.write_bytes(b"\x00" * 10),
    "answers missing": lambda index, answers: answers.unlink(),
    "an entry of the wrong shape": lambda index, answers: index.write_bytes(
        index.read_bytes().replace(b'"progress":{"c1":["completed",', b'"progress":{"c1":[')),
    "sums missing": lambda index, answers: index.write_bytes(
        index.read_bytes().replace(b'"totals"', b'"other"')),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_index_is_rebuilt_without_a_notice(tmp_path, damage):
    store = ProgressStore(tmp_path)
    store.sign_in("e-1", "Anna")
    store.record_attempt(attempt("e-1"))
    before = store.hr_snapshot()
    tallies = list(store.answer_tallies())
    index = tmp_path / "index" / f"{bucket_of('e-1')}.json"
    damage(index, tmp_path / "index" / f"{bucket_of('e-1')}.answers.json")
    fresh = ProgressStore(tmp_path)
    assert fresh.hr_snapshot() == before and list(fresh.answer_tallies()) == tallies
    assert fresh.recovery_notice is None, "the index is a cache: no notice"
    assert ProgressStore(tmp_path).hr_snapshot() == before, "and it was written again"


def test_a_cold_rebuild_reads_each_learner_file_once_and_keeps_none(tmp_path):
    store = ProgressStore(tmp_path)
    for n in range(60):
        store.sign_in(f"p{n:03d}", f"Person {n}")
        store.record_attempt(attempt(f"p{n:03d}", n=n % 50))
    store.hr_snapshot()
    shutil.rmtree(tmp_path / "index")
    files = CountingFiles(tmp_path)
    fresh = ProgressStore(tmp_path, files=files)
    assert len(fresh.hr_snapshot().employees) == 60
    assert len(files.learner_reads()) == 60
    assert len(fresh._cache) == 0, "a bulk read keeps no learner file in memory"
    files.reads.clear()
    assert len(list(fresh.answer_tallies())) == 60 and fresh.hr_snapshot().answers
    assert files.learner_reads() == [], "the tallies were made in the same pass"


def test_a_read_only_store_rebuilds_in_memory_once_and_writes_nothing(tmp_path):
    store = ProgressStore(tmp_path)
    for n in range(20):
        store.sign_in(f"p{n:03d}", f"Person {n}")
        store.record_attempt(attempt(f"p{n:03d}"))
    store.hr_snapshot()
    store.record_attempt(attempt("p007", right=False, n=3))  # the index is behind for p007
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    files = CountingFiles(tmp_path, read_only=True)
    reader = ProgressStore(tmp_path, files=files)
    first = reader.hr_snapshot()
    assert first.progress["p007"]["c1"].attempts == 2 and first.answers["c1/q1"][0] == 21
    assert len(files.learner_reads()) == 1
    files.reads.clear()
    assert reader.hr_snapshot() == first and dict(reader.answer_tallies())["p007"]
    assert files.learner_reads() == [], "what was made in memory is kept there"
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


class RefusingIndexFiles(storage.FolderFiles):
    """A disk that is full for the index: writing an index file fails as it would there."""

    def write(self, rel, data, durable=True):
        if rel.startswith("index/"):
            raise storage.StoreIOError(f"cannot save {self.where(rel)}: No space left on device",
                                       OSError(28, "No space left on device"))
        super().write(rel, data, durable)


def test_an_index_the_disk_refuses_is_no_failure_and_is_written_next_time(tmp_path):
    store = ProgressStore(tmp_path)
    for n in range(5):
        store.sign_in(f"p{n:03d}", f"Person {n}")
        store.record_attempt(attempt(f"p{n:03d}", n=n))
    expected = store.hr_snapshot()
    shutil.rmtree(tmp_path / "index")
    full = ProgressStore(tmp_path, files=RefusingIndexFiles(tmp_path))
    assert full.hr_snapshot() == expected and len(list(full.answer_tallies())) == 5
    full.record_attempt(attempt("p001", right=False, n=7))  # a save goes on as well
    assert not list((tmp_path / "index").glob("*.json"))
    files = CountingFiles(tmp_path)
    later = ProgressStore(tmp_path, files=files)
    snapshot = later.hr_snapshot()
    assert snapshot.progress["p001"]["c1"].attempts == 2 and len(files.learner_reads()) == 5
    assert sorted(p.name for p in (tmp_path / "index").glob("*.json")) == sorted(
        f"{bucket_of(f'p{n:03d}')}{kind}.json" for n in range(5) for kind in ("", ".answers"))


def test_a_bulk_read_leaves_the_cycle_collector_as_it_found_it(tmp_path):
    import gc

    store = ProgressStore(tmp_path)
    store.sign_in("e-1", "Anna")
    store.record_attempt(attempt("e-1"))
    assert gc.isenabled()
    ProgressStore(tmp_path).hr_snapshot()  # the index is built: every learner file read
    assert gc.isenabled()
    shutil.rmtree(tmp_path / "index")
    gc.disable()
    try:
        ProgressStore(tmp_path).hr_snapshot()
        assert not gc.isenabled()
    finally:
        gc.enable()


GOOD_ANSWER = {"item_id": "q1", "response": "a", "correct": True, "time_s": 2.5, "points": 10}
BAD_ANSWERS = {
    "not a record": (["q1"], "answer 2 is not a record"),
    "no item": ({k: v for k, v in GOOD_ANSWER.items() if k != "item_id"}, "has no item_id"),
    "no response": ({k: v for k, v in GOOD_ANSWER.items() if k != "response"},
                    "has no response"),
    "a number for correct": ({**GOOD_ANSWER, "correct": 1}, "correct of the wrong kind"),
    "text for a time": ({**GOOD_ANSWER, "time_s": "2.5"}, "time_s of the wrong kind"),
    "true for a time": ({**GOOD_ANSWER, "time_s": True}, "time_s of the wrong kind"),
    "an endless time": ({**GOOD_ANSWER, "time_s": float("inf")}, "time_s that is not a finite"),
    "no number for a time": ({**GOOD_ANSWER, "time_s": float("nan")}, "not a finite"),
    "text for points": ({**GOOD_ANSWER, "points": "10"}, "points of the wrong kind"),
    "endless points": ({**GOOD_ANSWER, "points": float("-inf")}, "points that is not a finite"),
}


def _tables(second_answer) -> dict:
    return {"attempts": {"3": {
        "attempt_id": "a1", "employee_id": "E-1", "chapter_id": "c1", "game": "gallery",
        "started_at": "2026-11-22T10:00:00+00:00", "finished_at": "2026-11-22T10:01:00+00:00",
        "answers": [GOOD_ANSWER, second_answer], "score": 0.5, "points": 10,
        "passed": False}}}


@pytest.mark.parametrize("answer, says", BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
def test_every_answer_of_a_learner_file_is_checked(answer, says):
    from learnsocial.progress.store import check_learner

    with pytest.raises(ValueError, match=f"^attempt 3,? answer 2 .*{says}|^attempt 3: {says}"):
        check_learner(_tables(answer), "e-1")


@pytest.mark.parametrize("answer", [
    {**GOOD_ANSWER, "time_s": 3}, {k: v for k, v in GOOD_ANSWER.items() if k != "points"},
    {**GOOD_ANSWER, "points": 2.5, "extra": [1]}], ids=["whole seconds", "no points", "extra"])
def test_answers_of_every_allowed_form_pass(answer):
    from learnsocial.progress.store import check_learner

    check_learner(_tables(answer), "e-1")
