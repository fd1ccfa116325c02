"""ProgressStore: employees, chapter progress, attempts and the xAPI outbox, on TinyDB.

Layout of a data folder (schema 2), and why:

    meta.json, meta.json.bak   the folder's schema version and layout, its origin id (which
                               desktop a position was counted on) and the key of the erasure
                               list; written together, only when a folder is made or upgraded
    people/BB/ID@G.json.gz     one person, version G: TinyDB tables (gzip'd JSON) with the
                               employee record, the chapter summaries, positions per desktop,
                               every attempt with every answer, the statements queued since
                               the session began and the outbox bookkeeping.
                               BB = crc32(ID) % 256 (hex), ID = the canonical (casefolded)
                               id. The highest G is current; up to `backups` older versions
                               are kept, one per earlier session (or day).
    people/BB/ID@statements.jsonl.gz   older statements, one gzip member appended by the
                               first write of each session (and every 64 statements in a long
                               one); only the length the learner file records counts (a member
                               appended by an interrupted save is cut off by the next append)
    index/BB.json              HR's index of bucket BB (a cache, format INDEX_FORMAT): per
                               person the version it was read from, the id as shown, the
                               employee record without its id and fields at their default, the
                               chapter summaries as lists of figures (no ids), the unsent count;
                               and the bucket's answer tallies summed (the demo's apart)
    index/BB.answers.json      each person's answer tallies per question and the version they
                               were read from: read only for the question figures of a report
                               that leaves people out, and to sum a bucket again
    erased/HASH                one empty file per erased person: HMAC-SHA256 of the canonical
                               id with the folder's key (no name; whoever holds the folder can
                               still test a guessed id)
    staging/BATCH/             a change to many people (merge, roster) while it is committed
    v1-damaged/                damaged files of an upgraded old folder, for a person to look at
    store.lock                 the lock around every change (and every read in a writable folder)

A save writes one file: the person's new version, next to the old one (temporary file, fsync,
os.replace, fsync of the folder); then the old version is deleted unless it is the session's
backup. That single write is the commit: the summary, the attempt and its statements are in it
together, so no crash can leave them apart, and nothing else has to be written (the first save
of a session also appends the queued statements to the archive, before its commit). The file
stays small: at 6 chapters x 3 attempts ~35 KB of JSON, ~4 KB gzip'd; statements (~1 KB each,
~230 a course) go to the archive, compressed there about tenfold. store.transaction() makes
several calls one commit: the bulk path (benchmarks/store_scale.py builds 10,000 employees
with one transaction per learner session, through the same code).

Opening reads meta.json and looks for leftovers of an interrupted merge or erase: O(1) in the
number of people. Reading one person lists one bucket folder (~40 people at 10,000) and reads one
file; the parsed file is kept and reused while its version number is unchanged. HR's figures
come from the index: each of its entries names the version it was built from, and a listing of
the bucket folders (names only, no file is opened) shows which people have a newer version
since; only those are read again and their bucket's index rewritten (without fsync: it is a
cache; a disk that refuses the write fails neither the read nor a save, the files are written
next time). So the index is never on the save path, what HR reads is never behind the learner
files, and it heals by itself: after a crash, after a learner file was restored from a backup
(that is a new version), after an old or damaged index file was put back, or when the index
format changed (an index of another INDEX_FORMAT is rebuilt). No version number is ever reused:
a restore takes the next one. A report reads the index once, one bucket at a time, and keeps
only the records it makes (ProgressStore.hr_snapshot); nothing of a bucket is cached after a
bulk read, nor any learner file read for it. Rebuilt from nothing (after a bulk build or a
format change), the index costs one read of every learner file, bucket by bucket, each bucket
written and dropped before the next.

Backups are per session (a ProgressStore instance) and per day, not per write: the first write
of a session keeps the version it replaces, later writes of the session replace their own
versions. Erasing leaves a tombstone first and then deletes every file of the person (versions,
backups, damaged copies, archive, index entry); an erase cut short is finished on the next open,
and every write path refuses a tombstoned id (ErasedError). A merge or roster import is staged in
staging/BATCH/ and committed by one marker file: cut short before the marker, it never happened;
after it, the next open finishes it.

Measured with benchmarks/store_scale.py at 10,000 employees x 6 chapters x 3 attempts (built
through the API, sqlite3 with WAL and synchronous=FULL doing the same work in the same run, on
a shared 2-core machine): save an attempt p50 1.7 ms, p95 2.1 ms (sqlite3 1.3 ms: 1.7x); a
fresh process opens the store and reads one employee in 1.9 ms (68 ms with Python's start);
31 KB on disk per employee, the index's 6.5 KB included (sqlite3 356 KB); its CSV of everyone
(wall) 1.3 s with an index up to date, 3.7 s after 1,000 saves (the touched buckets' index
files are read, summed and written again whole), 8.0 s right after a bulk build (every
learner file read once). `learnsocial export` at that size: benchmarks/export_scale.py.

What can be lost, in which failure:
  - process killed, power cut or crash at any moment: nothing a call reported saved; the call in
    progress is saved entirely or not at all (every commit is fsynced before it returns)
  - disk full or an I/O error during a save: that call raises StoreIOError and saves nothing;
    the previous state stays
  - a learner file damaged on disk (never by these writes): it is moved aside and its newest
    good backup restored; what was saved after that backup (at most that session or that day)
    is missing, and the notice says from when
  - the statement archive damaged: the statements after the damage (the notice says how many)
  - meta.json damaged: restored from meta.json.bak, nothing lost; if both are damaged only the
    erasure key can be lost (the notice says how many erased people it concerns)
  - the index damaged or out of date: nothing; it is rebuilt from the learner files

Every operation, reads included, holds the lock in a writable folder: a reader must not see a
repair half-done. A read-only store (read_only=True, or a folder that is not writable: a USB
stick, a read-only share) takes no lock and writes nothing; damage is worked around in memory and
told; its figures may be stale if another process writes (read_only says so). Old folders
(schema 1: 64 summary shards and learners/ID-CRC.json) are upgraded on open (migrations.py).
"""
from __future__ import annotations

import gc
import gzip
import hashlib
import hmac
import json
import logging
import math
import os
import secrets
import tempfile
import threading
import uuid
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import MISSING, dataclass, field, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

from tinydb import TinyDB

from learnsocial.atomicfile import fault
from learnsocial.progress.migrations import SCHEMA_VERSION, is_v1_folder, read_v1, v1_person_records
from learnsocial.progress.records import (
    ID_RULE,
    ROSTER_FIELDS,
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
    parse_stamp,
    stamp_order,
    valid_employee_id,
)
from learnsocial.progress.status import STATUS_ORDER
from learnsocial.progress.storage import (
    STAMP_KEY,
    ErasedError,
    Files,
    FolderFiles,
    FutureVersionError,
    MemoryFiles,
    StoreError,
    StoreIOError,
    TablesStorage,
    decode,
    encode,
    gunzip_members,
    is_leftover,
    parse_json,
)

__all__ = ["ProgressStore", "StoreError", "FutureVersionError", "StoreIOError", "ErasedError",
           "MergeResult", "RosterResult", "bucket_of", "BUCKETS", "BACKUPS"]

log = logging.getLogger(__name__)
LAYOUT = 2
BUCKETS = 256
BACKUPS = 2  # older versions kept per person, one per earlier session (or day)
SESSION_DAY_S = 24 * 3600
HOT_STATEMENTS = 64  # a session queuing more than this archives on its next write as well
CACHED_LEARNERS = 256
ARCHIVE = "statements.jsonl.gz"


def _now() -> datetime:
    return datetime.now(UTC)


@contextmanager
def _cycles_left_alone() -> Iterator[None]:
    """Pause Python's cycle collector while learner files are read in bulk: decoding them
    makes millions of small containers (and no cycles), and every collection that triggers
    walks all the process holds, the report's records included (a cold rebuild of the index
    at 10,000 people spent 1.3 of 10 s CPU in them). Memory is still freed by reference
    counting as each file is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def bucket_of(key: str, buckets: int = BUCKETS) -> str:
    return f"{zlib.crc32(key.encode('utf-8')) % buckets:02x}"


class MergeResult(NamedTuple):
    employees: int  # people brought in (or already known) from the other folder
    attempts: int  # attempts that were new here
    refused: tuple[str, ...] = ()  # ids erased here, not brought back


class RosterResult(NamedTuple):
    added: int
    updated: int
    unchanged: int
    refused: tuple[str, ...] = ()  # ids erased here, not imported


# -- what a learner file may hold ------------------------------------------------------------

# The types a field may have, exactly: the tables are decoded JSON, which has no subclasses, and
# a bool (true/false) is no number here.
_BOOL, _INT = frozenset({bool}), frozenset({int})
_LIST, _DICT = frozenset({list}), frozenset({dict})
_TEXT, _OPT_TEXT = frozenset({str}), frozenset({str, type(None)})
_NUMBER, _OPT_NUMBER = frozenset({int, float}), frozenset({int, float, type(None)})
_SHAPES: dict[str, dict[str, tuple[frozenset, bool]]] = {
    "employee": {"employee_id": (_TEXT, True), "display_name": (_TEXT, True),
                 "department": (_TEXT, False), "language": (_OPT_TEXT, False),
                 "settings": (_DICT, False), "created_at": (_TEXT, False),
                 "last_seen_at": (_TEXT, False), "manager": (_TEXT, False),
                 "start_date": (_TEXT, False), "due_date": (_TEXT, False),
                 "enrolled_by": (_TEXT, False), "demo": (_BOOL, False)},
    "attempts": {"attempt_id": (_TEXT, True), "employee_id": (_TEXT, True),
                 "chapter_id": (_TEXT, True), "game": (_TEXT, True),
                 "started_at": (_TEXT, True), "finished_at": (_TEXT, True),
                 "answers": (_LIST, True), "score": (_NUMBER, True),
                 "points": (_NUMBER, True), "passed": (_BOOL, True),
                 "content_version": (_TEXT, False), "duration_s": (_NUMBER, False)},
    "positions": {"chapter_id": (_TEXT, True), "origin": (_TEXT, True),
                  "scene_id": (_OPT_TEXT, False), "dialogue_s": (_NUMBER, False),
                  "started_at": (_OPT_TEXT, False), "updated_at": (_OPT_TEXT, False)},
    "carried": {"chapter_id": (_TEXT, True), "status": (_TEXT, False),
                "started_at": (_OPT_TEXT, False), "completed_at": (_OPT_TEXT, False),
                "best_score": (_OPT_NUMBER, False), "points": (_NUMBER, False),
                "attempts": (_NUMBER, False)},
    "progress": {"employee_id": (_TEXT, True), "chapter_id": (_TEXT, True),
                 "status": (_TEXT, True)},
    "statements": {"id": (_TEXT, True), "statement": (_DICT, True),
                   "sent": (_BOOL, False)},
    "outbox": {"bytes": (_INT, True), "count": (_INT, True), "unsent": (_LIST, True)},
    "file": {"session": (_TEXT, False), "written_at": (_TEXT, False)},
}
_ANSWER = {"item_id": (_TEXT, True), "response": (_TEXT, True), "correct": (_BOOL, True),
           "time_s": (_NUMBER, True), "points": (_NUMBER, False)}
_NAMES = {"employee": "the employee record", "attempts": "attempt", "positions": "position",
          "carried": "carried figures", "progress": "chapter summary",
          "statements": "statement", "outbox": "the outbox", "file": "the file record"}


_ABSENT = object()


def _doc_problem(doc: dict, shape: dict) -> str | None:
    """What is wrong with a record ("has no score"), or None. Every answer of every attempt
    comes through here when a learner file is read (a bulk index rebuild reads a million), so
    the message naming the record is only made when something is wrong."""
    for name, (types, required) in shape.items():
        value = doc.get(name, _ABSENT)
        if value is _ABSENT:
            if required:
                return f"has no {name}"
            continue
        kind = type(value)
        if kind not in types:
            return f"has a {name} of the wrong kind ({kind.__name__})"
        if kind is float and not math.isfinite(value):
            return f"has a {name} that is not a finite number"
    return None


def _answers_look_right(answers: list) -> bool:
    """_ANSWER's check of every answer, written out: answers are nine in ten of the records a
    learner file holds, and this takes half the time of _doc_problem. False: look again with
    _doc_problem, for the message."""
    isfinite = math.isfinite
    for answer in answers:
        if type(answer) is not dict or type(answer.get("item_id")) is not str or \
                type(answer.get("response")) is not str or \
                type(answer.get("correct")) is not bool:
            return False
        for value in (answer.get("time_s"), answer.get("points", 0)):
            kind = type(value)
            if kind is float:
                if not isfinite(value):  # type: ignore[arg-type]
                    return False
            elif kind is not int:
                return False
    return True


def check_learner(tables: dict, key: str) -> None:
    """ValueError naming the first record that is not what a learner file holds."""
    for table, shape in _SHAPES.items():
        for doc_id, doc in tables.get(table, {}).items():
            problem = _doc_problem(doc, shape)
            if problem is not None:
                what = _NAMES[table] if table in ("employee", "outbox", "file") else \
                    f"{_NAMES[table]} {doc_id}"
                raise ValueError(f"{what} {problem}")
            if table == "employee" and canonical_id(doc["employee_id"]) != key:
                raise ValueError(f"the employee record is for {doc['employee_id'][:40]!r}, "
                                 f"not {key!r}")
            if table == "attempts":
                if canonical_id(doc["employee_id"]) != key:
                    raise ValueError(f"attempt {doc_id} is for {doc['employee_id'][:40]!r}, "
                                     f"not {key!r}")
                if _answers_look_right(doc["answers"]):
                    continue
                for number, answer in enumerate(doc["answers"], start=1):
                    if not isinstance(answer, dict):
                        raise ValueError(f"attempt {doc_id}: answer {number} is not a record")
                    problem = _doc_problem(answer, _ANSWER)
                    if problem is not None:
                        raise ValueError(f"attempt {doc_id}, answer {number} {problem}")
            if table == "outbox" and not all(isinstance(n, int) for n in doc["unsent"]):
                raise ValueError("the outbox lists something that is not a statement number")


# -- a person's tables -----------------------------------------------------------------------

def _one(tables: dict, table: str) -> dict | None:
    docs = tables.get(table) or {}
    return next(iter(docs.values()), None)


def _set_one(tables: dict, table: str, doc: dict) -> None:
    tables[table] = {"1": doc}


def _next_id(table: dict) -> str:
    return str(max((int(k) for k in table), default=0) + 1)


def _db(tables: dict) -> TinyDB:
    """TinyDB on a person's tables in memory; the store writes them in one commit."""
    return TinyDB(storage=TablesStorage, tables=tables)


@dataclass
class _Learner:
    """One person's tables as read from version `gen` (0: no file yet)."""

    key: str
    gen: int = 0
    tables: dict = field(default_factory=dict)
    top: int = 0  # the highest version number in use (damaged copies included)
    versions: list[int] = field(default_factory=list)  # versions on disk, newest first
    dirty: bool = False
    seen: int = -1  # the newest version on disk when read (gen, unless damage was skipped)

    def __post_init__(self) -> None:
        if self.seen < 0:
            self.seen = self.gen

    def employee(self) -> Employee | None:
        doc = _one(self.tables, "employee")
        return Employee.from_dict(doc) if doc else None

    def shown_id(self) -> str:
        """The id as shown: the employee record's, else the first attempt's, else the key."""
        doc = _one(self.tables, "employee")
        if doc:
            return doc["employee_id"]
        for attempt in self.tables.get("attempts", {}).values():
            return display_id(attempt["employee_id"]) or self.key
        return self.key

    def outbox(self) -> dict:
        return dict(_one(self.tables, "outbox") or {"bytes": 0, "count": 0, "unsent": []})

    def unsent(self) -> int:
        hot = sum(1 for d in self.tables.get("statements", {}).values() if not d.get("sent"))
        return hot + len(self.outbox()["unsent"])

    def written(self) -> dict:
        return _one(self.tables, "file") or {}


def _summarise(learner: _Learner, chapters: Iterable[str] | None = None) -> None:
    """Recompute the stored chapter summaries (all chapters, or the ones given) from the
    attempts, positions and carried figures, by records.chapter_summary."""
    tables = learner.tables
    wanted = set(chapters) if chapters is not None else None

    def mine(table: str) -> dict[str, list[dict]]:
        found: dict[str, list[dict]] = {}
        for _doc_id, doc in sorted(tables.get(table, {}).items(), key=lambda kv: int(kv[0])):
            if wanted is None or doc["chapter_id"] in wanted:
                found.setdefault(doc["chapter_id"], []).append(doc)
        return found

    attempts, positions, carried = mine("attempts"), mine("positions"), mine("carried")
    if wanted is None:
        wanted = set(attempts) | set(positions) | set(carried)
    shown = learner.shown_id()
    progress = tables.setdefault("progress", {})
    by_chapter = {doc["chapter_id"]: doc_id for doc_id, doc in progress.items()}
    if chapters is None:  # everything is recomputed: drop summaries of nothing
        for chapter_id in set(by_chapter) - wanted:
            del progress[by_chapter.pop(chapter_id)]
    for chapter_id in sorted(wanted):
        tries = sorted((Attempt.from_dict(d) for d in attempts.get(chapter_id, [])),
                       key=lambda a: stamp_order(a.finished_at))
        places = [Position.from_dict(d) for d in positions.get(chapter_id, [])]
        kept = carried.get(chapter_id)
        summary = chapter_summary(shown, chapter_id, tries, places,
                                  Carried.from_dict(kept[0]) if kept else None)
        doc_id = by_chapter.get(chapter_id) or _next_id(progress)
        progress[doc_id] = summary.to_dict()
        by_chapter[chapter_id] = doc_id


# -- HR's index: entries, answer tallies and bucket totals ------------------------------------

INDEX_FORMAT = 2  # the shape of the index files; another number: old indexes are rebuilt
_PROGRESS_FIELDS = tuple(f.name for f in fields(ChapterProgress))[2:]  # after both ids
_PROGRESS_DEFAULTS = {f.name: f.default for f in fields(ChapterProgress)}
_EMPLOYEE_DEFAULTS = {f.name: f.default if f.default is not MISSING
                      else f.default_factory()  # type: ignore[operator]
                      for f in fields(Employee)
                      if f.default is not MISSING or f.default_factory is not MISSING}
_NO_DEFAULT = object()


class Listed(NamedTuple):
    """A person as HR's index lists them."""

    key: str  # the canonical id
    shown_id: str
    employee: Employee | None  # None: attempts or positions but never signed in
    progress: dict[str, ChapterProgress]  # by chapter id


class HrSnapshot(NamedTuple):
    """What HR's reports read, from one pass over the index (see ProgressStore.hr_snapshot)."""

    employees: list[Employee]  # everyone with an employee record, by canonical id
    progress: dict[str, dict[str, ChapterProgress]]  # canonical id -> chapter id -> progress
    answers: dict[str, list]  # answer tallies summed over the employees who are not demo
    demo_answers: dict[str, list]  # and over those who are


@dataclass
class _IndexBucket:
    """The index of one bucket as read (or rebuilt): the entries, the tallies summed over the
    bucket's employees, and (when asked for) each person's tallies."""

    people: dict[str, dict] = field(default_factory=dict)  # key -> compact entry
    totals: dict[str, dict] = field(default_factory=dict)  # "employees" / "demo" -> tallies
    answers: dict[str, dict] | None = None  # key -> {"gen": g, "answers": tallies}


def _learner_entry(learner: _Learner) -> tuple[dict, dict]:
    """(index entry, answer tallies) of a person: what HR reads without opening the learner
    file. The entry is compact: the employee record without its id and without fields at
    their default, each chapter summary as a list of _PROGRESS_FIELDS (no ids), the number of
    unsent statements if any. The tallies go to the bucket's answers file."""
    tables = learner.tables
    entry: dict = {"gen": learner.gen, "id": learner.shown_id()}
    employee = _one(tables, "employee")
    if employee:
        entry["employee"] = {k: v for k, v in employee.items() if k != "employee_id"
                             and _EMPLOYEE_DEFAULTS.get(k, _NO_DEFAULT) != v}
    progress = {d["chapter_id"]: [d.get(name, _PROGRESS_DEFAULTS[name])
                                  for name in _PROGRESS_FIELDS]
                for d in tables.get("progress", {}).values()}
    if progress:
        entry["progress"] = progress
    unsent = learner.unsent()
    if unsent:
        entry["unsent"] = unsent
    return entry, answer_tallies(tables.get("attempts", {}).values())


def _listed(key: str, entry: dict) -> Listed:
    """A person from their index entry (TypeError, ValueError or KeyError if it is damaged)."""
    shown = entry["id"]
    doc = entry.get("employee")
    employee = None if doc is None else \
        Employee.from_dict({**doc, "employee_id": shown}, fresh=True)
    progress = {}
    for chapter_id, values in entry.get("progress", {}).items():
        if len(values) != len(_PROGRESS_FIELDS):
            raise ValueError(f"the summary of {chapter_id} has {len(values)} figures")
        progress[chapter_id] = ChapterProgress(shown, chapter_id, *values)
    return Listed(key, shown, employee, progress)


def _bucket_totals(people: dict[str, dict], answers: dict[str, dict]) -> dict[str, dict]:
    """The answer tallies of a bucket's employees summed, the demo's apart."""
    totals: dict[str, dict] = {"employees": {}, "demo": {}}
    for key, entry in people.items():
        doc = entry.get("employee")
        if doc is not None:
            add_tallies(totals["demo" if doc.get("demo") else "employees"],
                        answers.get(key, {}).get("answers", {}))
    return totals


def add_tallies(total: dict[str, list], tallies: dict[str, list]) -> None:
    """Add answer tallies (see answer_tallies) into a total of the same shape."""
    for question, (answered, right, seconds, chosen) in tallies.items():
        into = total.get(question)
        if into is None:
            into = total[question] = [0, 0, 0.0, {}]
        into[0] += answered
        into[1] += right
        into[2] += seconds
        responses = into[3]
        for response, (times, times_right) in chosen.items():
            counts = responses.get(response)
            if counts is None:
                responses[response] = [times, times_right]
            else:
                counts[0] += times
                counts[1] += times_right


def answer_tallies(attempts: Iterable[dict]) -> dict[str, list]:
    """Per question ("chapter/item"): [answers, right, seconds, {response: [times chosen,
    times it was right]}]."""
    found: dict[str, list] = {}
    for attempt in attempts:
        prefix = f"{attempt.get('chapter_id', '')}/"
        for answer in attempt.get("answers", ()):
            key = prefix + answer.get("item_id", "")
            tally = found.get(key)
            if tally is None:
                tally = found[key] = [0, 0, 0.0, {}]
            right = 1 if answer.get("correct") else 0
            tally[0] += 1
            tally[1] += right
            seconds = answer.get("time_s", 0.0)
            if isinstance(seconds, (int, float)) and math.isfinite(seconds):
                tally[2] += seconds
            response = answer.get("response")
            if response:
                chosen = tally[3].get(response)
                if chosen is None:
                    tally[3][response] = [1, right]
                else:
                    chosen[0] += 1
                    chosen[1] += right
    for tally in found.values():
        tally[2] = round(tally[2], 3)
    return found


def _position_order(doc: dict) -> tuple:
    """Which of two copies of one desktop's position is newer: its time only grows."""
    return doc.get("dialogue_s", 0), stamp_order(doc.get("updated_at"))


def _check_statements(statements: Iterable[dict]) -> list[dict]:
    found = list(statements)
    for statement in found:
        if not isinstance(statement, dict) or not isinstance(statement.get("id"), str) \
                or not statement["id"]:
            raise ValueError("a statement must be a JSON object with a string id")
    return found


def _check_attempt(attempt: Attempt) -> None:
    if not isinstance(attempt, Attempt):
        raise ValueError(f"not an Attempt: {type(attempt).__name__}")
    if not valid_employee_id(attempt.employee_id):
        raise ValueError(f"invalid employee id: {attempt.employee_id!r:.60} ({ID_RULE})")
    for name in ("attempt_id", "chapter_id", "game", "started_at", "finished_at"):
        value = getattr(attempt, name)
        if not isinstance(value, str) or (name in ("attempt_id", "chapter_id") and not value):
            raise ValueError(f"{name} must be a non-empty string, not {value!r:.60}")
    for name in ("score", "duration_s"):
        value = getattr(attempt, name)
        if not isinstance(value, (int, float)) or isinstance(value, bool) \
                or not math.isfinite(value):
            raise ValueError(f"attempt {name} must be a finite number, not {value!r}")
    if not isinstance(attempt.points, int) or not isinstance(attempt.passed, bool):
        raise ValueError("attempt points must be a whole number and passed true or false")
    for answer in attempt.answers:
        if not isinstance(answer.time_s, (int, float)) or not math.isfinite(answer.time_s):
            raise ValueError(f"answer time must be a finite number, not {answer.time_s!r}")


def _require_text(name: str, value: object) -> None:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string, not {value!r:.60}")


class _Batch:
    """Changes to many people, staged one file each in staging/ID/ and committed by writing
    staging/ID/COMMIT: all or nothing, and memory stays small (each is written as it comes)."""

    def __init__(self, store: ProgressStore):
        self.store = store
        self.folder = f"staging/{uuid.uuid4().hex}"
        self.count = 0

    def stage(self, learner: _Learner) -> None:
        tables = {**learner.tables, "staged": {"1": {"key": learner.key, "base": learner.gen}}}
        self.store.files.write(f"{self.folder}/{learner.key}.json.gz",
                               encode(tables, compress=True), durable=True)
        self.store._forget(learner.key)
        self.count += 1

    def commit(self) -> None:
        if not self.count:
            self.abort()
            return
        fault("batch:staged", self.folder)
        self.store.files.write(f"{self.folder}/COMMIT", b"{}", durable=True)
        fault("batch:committed", self.folder)
        self.store._apply_batch(self.folder)

    def abort(self) -> None:
        self.store.files.remove_tree(self.folder)


class ProgressStore:
    def __init__(self, data_dir: Path | str | None, *,
                 clock: Callable[[], datetime] | None = None, backups: int = BACKUPS,
                 read_only: bool | None = None, files: Files | None = None):
        """Open (or make) the progress data in data_dir.

        read_only: True never writes and takes no lock; None (the default) decides by whether
        the folder can be written. files: where the bytes live (default: the folder; see
        in_memory())."""
        self.data_dir = Path(data_dir) if data_dir is not None else \
            Path(tempfile.gettempdir()) / f"learnsocial-memory-{uuid.uuid4().hex}"
        self.clock = clock or _now
        self.backups = max(0, backups)
        self.notices: list[str] = []
        self.session = uuid.uuid4().hex
        self._cache: OrderedDict[str, _Learner] = OrderedDict()
        self._unwritten: dict[str, _IndexBucket] = {}  # read-only: index made in memory
        self._hashes: dict[str, str] = {}
        self._local = threading.local()
        self._swept_index = False
        if files is None:
            files = FolderFiles(self.data_dir, read_only=self._read_only(read_only))
        self.files = files
        self.read_only = files.read_only
        self.buckets = BUCKETS
        self.origin = ""
        self._key_bytes: bytes | None = None
        with self._locked():
            self._open_meta()
            if not self.read_only:
                for name in self.files.listdir(""):
                    if is_leftover(name):
                        self.files.remove(name)
                self._finish_erasing()
                self._finish_batches()

    @classmethod
    def in_memory(cls, *, clock: Callable[[], datetime] | None = None,
                  backups: int = BACKUPS) -> ProgressStore:
        """The real store on memory (no files, no fsync): for tests and previews."""
        return cls(None, clock=clock, backups=backups, files=MemoryFiles())

    # -- infrastructure -------------------------------------------------------------------
    def _read_only(self, asked: bool | None) -> bool:
        folder = self.data_dir
        if asked:
            return True
        if folder.exists() and not folder.is_dir():
            raise StoreError(f"{folder} is a file, not a progress folder")
        if asked is None and folder.is_dir():
            return not os.access(folder, os.W_OK)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the progress folder {folder}: "
                             f"{error.strerror or error}") from error
        return False

    @property
    def recovery_notice(self) -> str | None:
        """What was repaired since the store was opened, in sentences naming the files.

        Repairs found later in the session are added (notices holds one sentence each)."""
        return " ".join(self.notices) if self.notices else None

    @recovery_notice.setter
    def recovery_notice(self, value: str | None) -> None:
        self.notices[:] = [value] if value else []

    @property
    def may_be_stale(self) -> bool:
        """True when opened read-only: another process may be writing meanwhile."""
        return self.read_only

    def _notice(self, text: str) -> None:
        if text not in self.notices:
            log.warning(text)
            self.notices.append(text)

    def _stamp(self) -> str:
        return self.clock().astimezone(UTC).isoformat(timespec="seconds")

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self.files.lock():
            yield

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the progress data in {self.data_dir} is opened read-only")

    def _key(self, employee_id: str) -> str:
        key = canonical_id(employee_id)
        if not key:
            raise ValueError(f"invalid employee id: {employee_id!r:.60} ({ID_RULE})")
        return key

    # -- meta.json ------------------------------------------------------------------------
    def _open_meta(self) -> None:
        raw = self.files.read("meta.json")
        if raw is None:
            if is_v1_folder(self.files):
                return self._migrate_v1(None)
            if self.files.is_dir("people"):
                return self._meta_damaged("the file is missing")
            return self._new_meta()
        try:
            data = parse_json(raw)
        except ValueError as damage:
            return self._meta_damaged(str(damage))
        version = data.get(STAMP_KEY, data.get("schema", 1))
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise FutureVersionError(
                f"{self.files.where('meta.json')} was written by a newer version of "
                f"LearnSocial (data schema {version}; this version reads up to "
                f"{SCHEMA_VERSION}); update LearnSocial to open it")
        if version == 1:
            return self._migrate_v1(data)
        meta = self._meta_of(raw)
        if meta is None:
            return self._meta_damaged("its settings are not a layout this version knows")
        self._use_meta(meta)
        if not self.read_only and is_v1_folder(self.files):
            self._finish_v1_cleanup(None)  # an upgrade cut short after its commit

    def _meta_of(self, raw: bytes | None) -> dict | None:
        """The settings in meta.json bytes if they are whole and known; else None."""
        if raw is None:
            return None
        try:
            meta = _one(decode(raw, "meta.json", "meta"), "meta") or {}
        except ValueError:
            return None
        ok = (meta.get("layout") == LAYOUT and isinstance(meta.get("buckets"), int)
              and 1 <= meta["buckets"] <= 4096 and isinstance(meta.get("origin"), str)
              and meta["origin"] and isinstance(meta.get("erasure_key"), str)
              and len(meta["erasure_key"]) >= 32)
        if ok:
            try:
                bytes.fromhex(meta["erasure_key"])
            except ValueError:
                ok = False
        return meta if ok else None

    def _use_meta(self, meta: dict) -> None:
        self.buckets = meta["buckets"]
        self.origin = meta["origin"]
        self._key_bytes = bytes.fromhex(meta["erasure_key"]) if meta.get("erasure_key") \
            else None

    def _fresh_meta(self, created_at: str | None = None) -> dict:
        return {"layout": LAYOUT, "buckets": BUCKETS, "created_at": created_at or self._stamp(),
                "origin": uuid.uuid4().hex, "erasure_key": secrets.token_hex(32)}

    def _write_meta(self, meta: dict, files: Files | None = None) -> None:
        data = encode({"meta": {"1": meta}})
        target = files or self.files
        target.write("meta.json.bak", data, durable=True)
        target.write("meta.json", data, durable=True)

    def _new_meta(self) -> None:
        meta = self._fresh_meta()
        if not self.read_only:
            self._write_meta(meta)
        self._use_meta(meta)

    def _meta_damaged(self, reason: str) -> None:
        if is_v1_folder(self.files):  # the old meta.json held nothing the upgrade needs
            return self._migrate_v1(None)
        where = self.files.where("meta.json")
        copy = self._meta_of(self.files.read("meta.json.bak"))
        if copy is not None:
            if self.read_only:
                self._notice(f"The settings file {where} is damaged ({reason}); its copy "
                             "meta.json.bak holds the same settings and was used, so nothing "
                             "is missing (the folder is read-only, so it was not repaired).")
            else:
                self._set_aside("meta.json")
                self.files.write("meta.json", encode({"meta": {"1": copy}}), durable=True)
                self._notice(f"The settings file {where} was damaged ({reason}); it was "
                             "restored from its copy meta.json.bak, which holds the same "
                             "settings, so nothing was lost.")
            return self._use_meta(copy)
        meta = self._fresh_meta()
        erased = len(self.files.listdir("erased"))
        lost = (f"only the key of the erasure list, so the {erased} erased people can no "
                "longer be recognised (a sign-in or a merge would not be refused for them)"
                if erased else "nothing (it holds only the folder's settings)")
        if self.read_only:
            self._notice(f"The settings file {where} and its copy are damaged ({reason}); "
                         f"the data is read without them; lost: {lost}.")
        else:
            if self.files.read("meta.json") is not None:
                self._set_aside("meta.json")
            self._write_meta(meta)
            self._notice(f"The settings file {where} was damaged ({reason}) and its copy "
                         f"could not be read; it was written again; lost: {lost}.")
        self._use_meta(meta)

    def _set_aside(self, rel: str) -> str:
        """Move a damaged file aside (kept for a person to look at); returns the new name."""
        stamp = _now().strftime("%Y%m%dT%H%M%SZ")
        aside, number = f"{rel}.corrupt-{stamp}", 1
        while self.files.exists(aside):
            number += 1
            aside = f"{rel}.corrupt-{stamp}-{number}"
        self.files.rename(rel, aside)
        return aside.rsplit("/", 1)[-1]

    # -- upgrading an old folder ------------------------------------------------------------
    def _migrate_v1(self, old_meta: dict | None) -> None:
        """Schema 1 -> 2 (see migrations.py). Written in place and committed by meta.json, so an
        upgrade cut short starts again; a read-only folder is upgraded into memory."""
        problems: list[str] = []
        damaged: list[str] = []
        people = read_v1(self.files, self._decode_v1, problems, damaged)
        created = None
        if old_meta:
            first = _one({k: v for k, v in old_meta.items() if isinstance(v, dict)}, "meta")
            created = (first or {}).get("created_at")
        meta = self._fresh_meta(created if isinstance(created, str) else None)
        self._use_meta(meta)
        target: Files = MemoryFiles() if self.read_only else self.files
        for partial in ("people", "index", "staging"):
            target.remove_tree(partial)  # an upgrade cut short
        entries: dict[str, dict[str, dict]] = {}
        tallies: dict[str, dict[str, dict]] = {}
        for key, person in people.items():
            employee, attempts, positions, carried, statements = v1_person_records(
                person, self.origin, problems, self.files.where("learners"))
            learner = _Learner(key)
            tables = learner.tables
            if employee:
                _set_one(tables, "employee", employee.to_dict())
            for table, records in (("attempts", attempts), ("positions", positions),
                                   ("carried", carried)):
                if records:
                    tables[table] = {str(n): r.to_dict() for n, r in enumerate(records, 1)}
            if statements:
                tables["statements"] = {str(n): {"id": d["statement"]["id"],
                                                 "statement": d["statement"],
                                                 "sent": bool(d.get("sent"))}
                                        for n, d in enumerate(statements, 1)}
                self._archive(learner, target)
            _summarise(learner)
            # not this session's: the first real write keeps the upgraded version as a backup
            _set_one(tables, "file", {"session": "upgrade", "written_at": self._stamp()})
            learner.gen = 1
            target.write(self._rel(key, 1), encode(tables, compress=True),
                         durable=not self.read_only)
            bucket = bucket_of(key, self.buckets)
            entry, counts = _learner_entry(learner)
            entries.setdefault(bucket, {})[key] = entry
            tallies.setdefault(bucket, {})[key] = {"gen": 1, "answers": counts}
        for bucket, found in entries.items():
            main_rel, answers_rel = self._index_files(bucket)
            self._write_index(answers_rel, "answers", {"people": tallies[bucket]}, False, target)
            self._write_index(main_rel, "index", {"people": found, "totals": _bucket_totals(
                found, tallies[bucket])}, False, target)
        fault("migrate:written", self.files.where())
        self._write_meta(meta, target)
        fault("migrate:committed", self.files.where())
        if self.read_only:
            self.files = target
        else:
            self._finish_v1_cleanup(damaged)
        log.info("upgraded the progress data in %s to schema %s (%d people)", self.data_dir,
                 SCHEMA_VERSION, len(people))
        for problem in problems:
            self._notice(f"Upgrading the progress data: {problem}.")

    def _finish_v1_cleanup(self, damaged: list[str] | None) -> None:
        """After an upgrade: damaged old files go to v1-damaged/ (for a person to look at),
        the rest of the old layout is removed. damaged None: find them again."""
        for folder in ("summary", "learners"):
            for name in self.files.listdir(folder):
                rel = f"{folder}/{name}"
                if damaged is None and ".bak" not in name and ".corrupt-" not in name:
                    try:
                        self._decode_v1(self.files.read(rel) or b"", rel, "v1")
                    except ValueError:
                        damaged = [*(damaged or []), rel]
                if ".corrupt-" in name or rel in (damaged or []):
                    self.files.rename(rel, f"v1-damaged/{folder}-{name}")
            self.files.remove_tree(folder)

    @staticmethod
    def _decode_v1(raw: bytes, where: str, _kind: str) -> dict:
        data = parse_json(raw)
        tables = dict(data)
        version = tables.pop(STAMP_KEY, 1)
        if version != 1:
            raise ValueError(f"it is stamped schema {version!r} in a schema 1 folder")
        for name, table in tables.items():
            if not isinstance(table, dict) or not all(isinstance(d, dict)
                                                      for d in table.values()):
                raise ValueError(f"its table {name!r} is not a set of records")
        return tables

    # -- names of files -------------------------------------------------------------------
    def _rel(self, key: str, gen: int) -> str:
        return f"people/{bucket_of(key, self.buckets)}/{key}@{gen}.json.gz"

    def _archive_rel(self, key: str) -> str:
        return f"people/{bucket_of(key, self.buckets)}/{key}@{ARCHIVE}"

    def learner_file(self, employee_id: str) -> Path | None:
        """The current file of a person (None if there is none, or the store is in memory)."""
        key = canonical_id(employee_id)
        if not key or not isinstance(self.files, FolderFiles):
            return None
        with self._locked():
            learner = self._load(key)
        return self.files.path(self._rel(key, learner.gen)) if learner.gen else None

    def _scan(self, key: str, names: list[str]) -> tuple[list[int], int]:
        """(versions of a person newest first, the highest version number in use)."""
        prefix, versions, top = key + "@", [], 0
        for name in names:
            if not name.startswith(prefix):
                continue
            rest = name[len(prefix):]
            number = rest.split(".", 1)[0]
            if number.isdigit():
                top = max(top, int(number))
                if rest == f"{number}.json.gz":
                    versions.append(int(number))
        versions.sort(reverse=True)
        return versions, top

    def _listing(self, bucket: str) -> list[str]:
        names = self.files.listdir(f"people/{bucket}")
        if not self.read_only:  # under the lock: a temporary file is a killed writer's
            for name in [n for n in names if is_leftover(n)]:
                self.files.remove(f"people/{bucket}/{name}")
                names.remove(name)
        return names

    # -- reading and writing one person ---------------------------------------------------
    def _tx(self) -> dict[str, _Learner] | None:
        return getattr(self._local, "tx", None)

    def _forget(self, key: str) -> None:
        self._cache.pop(key, None)

    def _load(self, key: str, names: list[str] | None = None, strict: bool = False
              ) -> _Learner:
        """A person's tables (call under the lock): from the transaction, the cache while the
        version is unchanged, else the newest good version (repairing damage)."""
        pending = self._tx()
        if pending is not None and key in pending:
            return pending[key]
        for _try in range(8):
            listing = names if names is not None else \
                self._listing(bucket_of(key, self.buckets))
            names = None
            versions, top = self._scan(key, listing)
            if not versions:
                learner = _Learner(key, top=top)
                return self._keep(learner, pending)
            cached = self._cache.get(key)
            if cached is not None and cached.seen == versions[0]:
                cached.top, cached.versions = max(top, cached.gen), versions
                self._cache.move_to_end(key)
                return self._keep(cached, pending)
            damaged: list[tuple[int, str]] = []
            vanished = False
            for gen in versions:
                rel = self._rel(key, gen)
                raw = self.files.read(rel)
                if raw is None:
                    vanished = True  # replaced by a writer meanwhile (read-only mode)
                    break
                try:
                    tables = decode(raw, self.files.where(rel), "learner")
                    check_learner(tables, key)
                except ValueError as damage:
                    if strict:
                        raise StoreError(f"{self.files.where(rel)}: {damage}") from None
                    damaged.append((gen, str(damage)))
                    continue
                learner = _Learner(key, gen, tables, top, versions)
                if damaged:
                    learner = self._repair(learner, damaged)
                self._remember(learner)
                return self._keep(learner, pending)
            if not vanished:
                learner = self._repair(_Learner(key, top=top, versions=versions), damaged)
                self._remember(learner)
                return self._keep(learner, pending)
        raise StoreError(f"{self.files.where(f'people/{bucket_of(key, self.buckets)}')}: "
                         f"the files of {key} kept changing while being read")

    def _remember(self, learner: _Learner) -> None:
        self._cache[learner.key] = learner
        self._cache.move_to_end(learner.key)
        while len(self._cache) > CACHED_LEARNERS:
            self._cache.popitem(last=False)

    @staticmethod
    def _keep(learner: _Learner, pending: dict | None) -> _Learner:
        if pending is not None:
            pending[learner.key] = learner
        return learner

    def _repair(self, good: _Learner, damaged: list[tuple[int, str]]) -> _Learner:
        """Newer versions were damaged: move them aside and restore the newest good one (or
        start empty) as a new version, with summaries and the index reconciled."""
        key = good.key
        first, reason = damaged[0]
        where = self.files.where(self._rel(key, first))
        when = good.written().get("written_at") or "an earlier session"
        if self.read_only:
            good.seen = max(good.versions, default=good.gen)
            if good.gen:
                self._notice(f"The progress file {where} is damaged ({reason}); its backup from "
                             f"{when} is shown instead, so what was saved after that is "
                             "missing (the folder is read-only, so nothing was repaired).")
            else:
                self._notice(f"The progress file {where} is damaged ({reason}) and has no good "
                             "backup; this person's records are not shown (the folder is "
                             "read-only, so nothing was repaired).")
            return good
        aside = [self._set_aside(self._rel(key, gen)) for gen, _reason in damaged]
        good.versions = [g for g in good.versions if g not in {g for g, _r in damaged}]
        if good.gen:
            self._notice(f"The progress file {where} was damaged ({reason}); it was moved "
                         f"aside to {aside[0]} and its backup from {when} was restored, so "
                         "what was saved to it after that is missing.")
        else:
            self._salvage_archive(good)
            self._notice(f"The progress file {where} was damaged ({reason}) and no good backup "
                         f"of it was found; it was moved aside to {aside[0]} (kept for a "
                         "person to look at) and this person's progress starts again empty"
                         + (", keeping the statements of earlier sessions."
                            if good.outbox()["count"] else "."))
        _summarise(good)
        return self._commit(good)  # the index sees the new version and reads it again

    def _salvage_archive(self, learner: _Learner) -> None:
        """With no good learner file, keep what the statement archive holds (all unsent:
        sending twice is harmless, an LRS keeps statements by id)."""
        raw = self.files.read(self._archive_rel(learner.key)) or b""
        data, used = gunzip_members(raw)
        lines = [line for line in data.splitlines() if line.strip()]
        if lines:
            _set_one(learner.tables, "outbox", {"bytes": used, "count": len(lines),
                                                "unsent": list(range(len(lines)))})

    def _commit(self, learner: _Learner) -> _Learner:
        """Write a person's tables as a new version: one atomic, fsynced write. The first
        write of a session (or day) keeps the version it replaces as a backup and moves the
        queued statements to the archive; later ones replace their own versions."""
        key, tables = learner.key, learner.tables
        base = learner.written()
        written = parse_stamp(base.get("written_at"))
        first = (not learner.gen or base.get("session") != self.session or written is None
                 or (self.clock() - written).total_seconds() > SESSION_DAY_S)
        hot = tables.get("statements")
        if hot and (first or len(hot) > HOT_STATEMENTS):
            self._archive(learner, self.files)
        _set_one(tables, "file", {"session": self.session, "written_at": self._stamp()})
        gen = max(learner.top, learner.gen) + 1
        self.files.write(self._rel(key, gen), encode(tables, compress=True), durable=True)
        fault("learner:committed", self._rel(key, gen))
        older = [g for g in learner.versions if g != gen]
        doomed = older[self.backups:]
        if not first and learner.gen in older:
            older.remove(learner.gen)  # this session's own previous version
            doomed = [learner.gen] + older[self.backups:]
        for old in doomed:
            try:
                self.files.remove(self._rel(key, old))
            except StoreError as error:  # saved already; an old version goes next time
                log.info("could not remove an old version: %s", error)
        saved = _Learner(key, gen, tables, gen, [gen] + older[:self.backups])
        self._remember(saved)
        return saved

    def _archive(self, learner: _Learner, files: Files) -> None:
        """Move the queued statements to the person's archive (one gzip member)."""
        tables = learner.tables
        hot = sorted(tables.get("statements", {}).items(), key=lambda kv: int(kv[0]))
        if not hot:
            return
        out = learner.outbox()
        lines = "".join(json.dumps(doc["statement"], ensure_ascii=False, separators=(",", ":"))
                        + "\n" for _id, doc in hot)
        member = gzip.compress(lines.encode("utf-8"), compresslevel=6, mtime=0)
        size = files.append(self._archive_rel(learner.key), member, at=out["bytes"])
        unsent = out["unsent"] + [out["count"] + n for n, (_id, doc) in enumerate(hot)
                                  if not doc.get("sent")]
        _set_one(tables, "outbox", {"bytes": size, "count": out["count"] + len(hot),
                                    "unsent": unsent})
        tables["statements"] = {}

    def _archived(self, learner: _Learner, strict: bool = False) -> list[dict]:
        """The statements in a person's archive, in the order archived."""
        out = learner.outbox()
        if not out["bytes"]:
            return []
        rel = self._archive_rel(learner.key)
        raw = (self.files.read(rel) or b"")[:out["bytes"]]
        data, used = gunzip_members(raw)
        found = []
        problem = "" if used == out["bytes"] else f"it is damaged after byte {used}"
        for line in data.splitlines():
            try:
                statement = json.loads(line)
            except ValueError:
                problem = problem or "a statement in it is garbled"
                continue
            if isinstance(statement, dict) and isinstance(statement.get("id"), str):
                found.append(statement)
            else:
                problem = problem or "a statement in it has no id"
        if not problem and len(found) != out["count"]:
            problem = f"it holds {len(found)} statements where {out['count']} were saved"
        if problem:
            message = f"{self.files.where(rel)}: {problem}"
            if strict:
                raise StoreError(message)
            lost = max(0, out["count"] - len(found))
            self._notice(f"The statement archive {self.files.where(rel)} is damaged "
                         f"({problem}); {lost} of its {out['count']} statements cannot be "
                         "read.")
        return found

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Writes inside the block are saved together when it ends, or not at all if it
        raises; reads inside see them. Holds the lock for the whole block. A block that
        changes one person is one atomic write; several people are staged and committed by one
        marker file (all or nothing). This is also the fast path for bulk loads: everything a
        learner does in a session can be one write."""
        if self._tx() is not None:
            yield
            return
        self._require_writable()
        with self._locked():
            pending: dict[str, _Learner] = {}
            self._local.tx = pending
            try:
                yield
                self._local.tx = None
                dirty = [learner for learner in pending.values() if learner.dirty]
                if len(dirty) == 1:
                    self._commit(dirty[0])
                elif dirty:
                    batch = _Batch(self)
                    try:
                        for learner in dirty:
                            batch.stage(learner)
                    except BaseException:
                        batch.abort()
                        raise
                    batch.commit()
            except BaseException:
                for key in pending:
                    self._forget(key)
                raise
            finally:
                self._local.tx = None

    def _apply_batch(self, folder: str) -> None:
        """Finish a committed batch: each staged person not yet written becomes a new version
        (written ones have moved past the version they were staged from)."""
        for name in sorted(self.files.listdir(folder)):
            if not name.endswith(".json.gz"):
                continue
            rel = f"{folder}/{name}"
            try:
                tables = decode(self.files.read(rel) or b"", self.files.where(rel), "staged")
                staged = tables.pop("staged")["1"]
                key, base = staged["key"], staged["base"]
                check_learner(tables, key)
            except (ValueError, KeyError, TypeError) as damage:
                raise StoreError(f"{self.files.where(rel)}: a committed change cannot be read "
                                 f"({damage}); it is left in place for a person to look at"
                                 ) from None
            current = self._load(key)
            if current.gen != base:
                continue
            self._commit(_Learner(key, current.gen, tables, current.top, current.versions))
            fault("batch:applied", rel)
        self.files.remove_tree(folder)

    def _finish_batches(self) -> None:
        for name in self.files.listdir("staging"):
            folder = f"staging/{name}"
            if self.files.exists(f"{folder}/COMMIT"):
                self._apply_batch(folder)
                log.info("finished the interrupted change %s", folder)
            else:
                self.files.remove_tree(folder)

    # -- employees ------------------------------------------------------------------------
    def employee(self, employee_id: str) -> Employee | None:
        key = canonical_id(employee_id)
        if not key:
            return None
        with self._locked():
            return self._load(key).employee()

    def hr_snapshot(self) -> HrSnapshot:
        """Everyone HR lists, their chapter progress and the answer tallies summed, in one pass
        over the index: one bucket at a time (each brought up to date under the lock, then
        dropped), so only the records themselves are held, never the index files."""
        employees: list[Employee] = []
        progress: dict[str, dict[str, ChapterProgress]] = {}
        answers: dict[str, list] = {}
        demo_answers: dict[str, list] = {}
        with _cycles_left_alone():  # the whole pass: the records it keeps make no cycles
            for listed, totals in self._index_pass():
                for person in listed:
                    if person.employee is not None:
                        employees.append(person.employee)
                    if person.progress:
                        progress[person.key] = person.progress
                add_tallies(answers, totals.get("employees", {}))
                add_tallies(demo_answers, totals.get("demo", {}))
        employees.sort(key=lambda e: canonical_id(e.employee_id))
        return HrSnapshot(employees, progress, answers, demo_answers)

    def _index_pass(self) -> Iterator[tuple[list[Listed], dict[str, dict]]]:
        self._sweep_index()
        for bucket in self._bucket_names():
            with self._locked():
                found = self._listed_bucket(bucket)
            yield found

    def answer_tallies(self) -> Iterator[tuple[str, dict[str, list]]]:
        """Per person (canonical id): per question "chapter/item" [answers, right, seconds,
        {response: [times, right]}], kept up to date at every save; read from the index one
        bucket at a time (never everyone's at once). HrSnapshot has them summed."""
        self._sweep_index()
        for bucket in self._bucket_names():
            with self._locked():
                tallies = self._answers_bucket(bucket)
                found = [(key, tallies[key].get("answers", {})) for key in sorted(tallies)]
            yield from found

    def _answers_bucket(self, bucket: str) -> dict[str, dict]:
        """The per-person tallies of one bucket (call under the lock): the answers file alone
        when it names the current version of everyone, else the bucket's index reconciled."""
        index = self._unwritten.get(bucket) if self.read_only else None
        tallies: dict[str, dict] | None
        if index is not None and index.answers is not None:
            tallies = index.answers
        else:
            tables = self._read_index(bucket, self._index_files(bucket)[1], "answers")
            tallies = tables.get("people", {}) if tables is not None else None
        current = self._versions(self._listing(bucket))
        if tallies is not None and len(tallies) == len(current) and \
                all(tallies.get(k, {}).get("gen") == gen for k, gen in current.items()):
            return tallies
        return self._index_bucket(bucket, answers=True).answers or {}

    def employees(self) -> list[Employee]:
        """Everyone who signed in or was imported from a roster, by id."""
        return sorted((p.employee for listed, _totals in self._index_pass() for p in listed
                       if p.employee is not None), key=lambda e: canonical_id(e.employee_id))

    def sign_in(self, employee_id: str, display_name: str, language: str | None = None, *,
                demo: bool = False) -> tuple[Employee, bool]:
        """Create or update an employee; returns it and whether they had signed in before.

        The id is kept as first typed (or imported); a roster entry keeps its roster fields."""
        key = self._key(employee_id)
        name = " ".join((display_name or "").split())
        with self.transaction():
            self._refuse_erased(key, employee_id)
            learner = self._load(key)
            employee = learner.employee()
            stamp = self._stamp()
            returning = bool(employee and employee.last_seen_at)
            if employee is None:
                if not name:
                    raise ValueError("a new employee needs a display name")
                employee = Employee(display_id(employee_id), name, language=language,
                                    created_at=stamp, last_seen_at=stamp, demo=demo)
            else:
                employee.last_seen_at = stamp
                employee.display_name = name or employee.display_name
                employee.language = language or employee.language
            _set_one(learner.tables, "employee", employee.to_dict())
            learner.dirty = True
            if not returning:
                _summarise(learner)  # the summaries carry the id as shown
        return employee, returning

    def update_settings(self, employee_id: str, **settings: object) -> Employee:
        """Merge settings into the employee's; KeyError if there is no such employee."""
        try:
            json.dumps(settings, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise ValueError(f"settings must be plain JSON values: {error}") from error
        key = canonical_id(employee_id)
        if not key:
            raise KeyError(employee_id)
        with self.transaction():
            self._refuse_erased(key, employee_id)
            learner = self._load(key)
            employee = learner.employee()
            if employee is None:
                raise KeyError(employee_id)
            employee.settings = {**employee.settings, **settings}
            _set_one(learner.tables, "employee", employee.to_dict())
            learner.dirty = True
        return employee

    # -- progress -------------------------------------------------------------------------
    def progress(self, employee_id: str) -> dict[str, ChapterProgress]:
        """chapter id -> progress, for the chapters the employee has a record of."""
        key = canonical_id(employee_id)
        if not key:
            return {}
        with self._locked():
            docs = self._load(key).tables.get("progress", {}).values()
            return {d["chapter_id"]: ChapterProgress.from_dict(d) for d in docs}

    def all_progress(self) -> dict[str, dict[str, ChapterProgress]]:
        """Every employee's progress from the index (by the id as shown), for exports."""
        return {p.shown_id: p.progress for listed, _totals in self._index_pass() for p in listed
                if p.progress}

    def save_position(self, employee_id: str, chapter_id: str, scene_id: str,
                      seconds: float = 0.0, statements: Iterable[dict] = (),
                      at: str | None = None) -> ChapterProgress:
        """Remember the scene to resume at (by id) and add the dialogue time spent.

        Statements (xAPI) are queued in the same write. `at`: when it happened (a UTC ISO
        8601 stamp; default: the store's clock), the moment the statements carry too."""
        key = self._key(employee_id)
        _require_text("chapter_id", chapter_id)
        _require_text("scene_id", scene_id)
        if not isinstance(seconds, (int, float)) or not math.isfinite(seconds):
            raise ValueError(f"seconds must be a finite number, not {seconds!r}")
        if at is not None and parse_stamp(at) is None:
            raise ValueError(f"at must be an ISO 8601 time stamp, not {at!r:.60}")
        statements = _check_statements(statements)
        with self.transaction():
            self._refuse_erased(key, employee_id)
            learner = self._load(key)
            tables, stamp = learner.tables, at or self._stamp()
            positions = tables.setdefault("positions", {})
            doc_id = next((i for i, d in positions.items() if d["chapter_id"] == chapter_id
                           and d["origin"] == self.origin), None)
            place = Position.from_dict(positions[doc_id]) if doc_id else \
                Position(chapter_id, self.origin, started_at=stamp)
            place.scene_id = scene_id
            place.dialogue_s = round(place.dialogue_s + max(0.0, float(seconds)), 3)
            place.started_at = place.started_at or stamp
            place.updated_at = stamp
            positions[doc_id or _next_id(positions)] = place.to_dict()
            self._queue(learner, statements)
            _summarise(learner, [chapter_id])
            learner.dirty = True
            return self._summary(learner, chapter_id)

    def record_attempt(self, attempt: Attempt, statements: Iterable[dict] = ()
                       ) -> ChapterProgress:
        """Store an attempt with every answer and update the chapter's summary (one write).

        Recording the same attempt (same attempt_id) again stores it once, so a failed call
        can simply be retried. Statements (xAPI) are saved in the same write as the attempt.
        An attempt without duration_s counts the time from started_at to finished_at."""
        _check_attempt(attempt)
        statements = _check_statements(statements)
        key = self._key(attempt.employee_id)
        with self.transaction():
            self._refuse_erased(key, attempt.employee_id)
            learner = self._load(key)
            known = learner.tables.get("attempts", {})
            if not any(d["attempt_id"] == attempt.attempt_id for d in known.values()):
                stored = Attempt.from_dict(attempt.to_dict())
                stored.employee_id = learner.shown_id() if _one(learner.tables, "employee") \
                    or known else display_id(attempt.employee_id)
                _db(learner.tables).table("attempts").insert(stored.to_dict())
                self._queue(learner, statements)
                _summarise(learner, [attempt.chapter_id])
                learner.dirty = True
            return self._summary(learner, attempt.chapter_id)

    @staticmethod
    def _summary(learner: _Learner, chapter_id: str) -> ChapterProgress:
        for doc in learner.tables.get("progress", {}).values():
            if doc["chapter_id"] == chapter_id:
                return ChapterProgress.from_dict(doc)
        return ChapterProgress(learner.shown_id(), chapter_id)

    def attempts(self, employee_id: str | None = None, chapter_id: str | None = None
                 ) -> list[Attempt]:
        """Attempts, oldest first (by finished_at; ties in the order recorded); everyone's
        when no employee is given (that reads every learner file, taking the lock per file so
        that a learner saving meanwhile is not kept waiting)."""
        found = []
        for learner in self._people(employee_id):
            found += [Attempt.from_dict(d) for d in learner.tables.get("attempts", {}).values()
                      if chapter_id is None or d["chapter_id"] == chapter_id]
        return sorted(found, key=lambda a: stamp_order(a.finished_at))

    def _people(self, employee_id: str | None) -> Iterator[_Learner]:
        """One person (if valid) or everyone, each read under the lock."""
        if employee_id is not None:
            key = canonical_id(employee_id)
            if key:
                with self._locked():
                    yield self._load(key)
            return
        for bucket in self._bucket_names():
            with self._locked():
                names = self._listing(bucket)
                keys = sorted({n.split("@", 1)[0] for n in names if "@" in n})
                people = [self._load(k, names) for k in keys]
            yield from (p for p in people if p.gen)

    # -- xAPI outbox ----------------------------------------------------------------------
    def _queue(self, learner: _Learner, statements: list[dict]) -> None:
        if statements:
            _db(learner.tables).table("statements").insert_multiple(
                {"id": s["id"], "statement": s, "sent": False} for s in statements)

    def queue_statements(self, employee_id: str, statements: Iterable[dict]) -> None:
        key = self._key(employee_id)
        statements = _check_statements(statements)
        if not statements:
            return
        with self.transaction():
            self._refuse_erased(key, employee_id)
            learner = self._load(key)
            self._queue(learner, statements)
            learner.dirty = True

    def statements(self, employee_id: str | None = None) -> list[dict]:
        """Every statement, sent or not, oldest first."""
        found = []
        for learner in self._people(employee_id):
            with self._locked():
                found += self._archived(learner)
            found += [d["statement"] for d in learner.tables.get("statements", {}).values()]
        return json.loads(json.dumps(sorted(found, key=lambda s: str(s.get("timestamp", "")))))

    def unsent_statements(self) -> list[tuple[str, dict]]:
        """(employee id, statement) for every statement no LRS has accepted yet."""
        found = []
        self._sweep_index()
        for bucket in self._bucket_names():
            with self._locked():
                entries = self._index_bucket(bucket).people
                for key in sorted(k for k, e in entries.items() if e.get("unsent")):
                    learner = self._load(key)
                    shown = learner.shown_id()
                    waiting = set(learner.outbox()["unsent"])
                    if waiting:
                        found += [(shown, s) for n, s in enumerate(self._archived(learner))
                                  if n in waiting]
                    found += [(shown, d["statement"]) for d in
                              learner.tables.get("statements", {}).values() if not d.get("sent")]
        return json.loads(json.dumps(found))

    def mark_sent(self, employee_id: str, statement_ids: Iterable[str]) -> None:
        """Mark statements as accepted by an LRS (an erased person's: nothing to do)."""
        key = self._key(employee_id)
        ids = set(statement_ids)
        if not ids:
            return
        with self.transaction():
            if self._is_erased_key(key):
                return
            learner = self._load(key)
            for doc in learner.tables.get("statements", {}).values():
                if doc["id"] in ids and not doc.get("sent"):
                    doc["sent"] = True
                    learner.dirty = True
            out = learner.outbox()
            if out["unsent"]:
                hot = {d["id"] for d in learner.tables.get("statements", {}).values()}
                if ids - hot:
                    done = {n for n, s in enumerate(self._archived(learner)) if s["id"] in ids}
                    if done & set(out["unsent"]):
                        out["unsent"] = [n for n in out["unsent"] if n not in done]
                        _set_one(learner.tables, "outbox", out)
                        learner.dirty = True

    # -- HR's index -----------------------------------------------------------------------
    def _bucket_names(self) -> list[str]:
        return sorted(n for n in self.files.listdir("people")
                      if len(n) == 2 and all(c in "0123456789abcdef" for c in n))

    def _sweep_index(self) -> None:
        if not self.read_only and not self._swept_index:
            with self._locked():  # leftovers of a killed writer, once per session
                for name in self.files.listdir("index"):
                    if is_leftover(name):
                        self.files.remove(f"index/{name}")
            self._swept_index = True

    def _listed_bucket(self, bucket: str) -> tuple[list[Listed], dict[str, dict]]:
        """The people of one bucket and its answer totals, from the index brought up to date
        (call under the lock); an entry that cannot be read has the bucket rebuilt."""
        index = self._index_bucket(bucket)
        try:
            return [_listed(k, e) for k, e in index.people.items()], index.totals
        except (TypeError, ValueError, KeyError, AttributeError) as damage:
            log.info("rebuilding the index of bucket %s (%s)", bucket, damage)
            index = self._index_bucket(bucket, rebuild=True)
            return [_listed(k, e) for k, e in index.people.items()], index.totals

    @staticmethod
    def _versions(names: list[str]) -> dict[str, int]:
        """The current version of each person in a bucket folder's listing."""
        current: dict[str, int] = {}
        for name in names:
            key, _sep, rest = name.partition("@")
            number = rest.split(".", 1)[0]
            if number.isdigit() and rest == f"{number}.json.gz":
                current[key] = max(current.get(key, 0), int(number))
        return current

    def _index_files(self, bucket: str) -> tuple[str, str]:
        return f"index/{bucket}.json", f"index/{bucket}.answers.json"

    def _read_index(self, bucket: str, rel: str, kind: str) -> dict[str, dict] | None:
        """The tables of an index file of this format; None if it is missing, damaged or of
        another format (a cache: it is rebuilt from the learner files)."""
        raw = self.files.read(rel)
        if raw is None:
            return None
        try:
            tables = decode(raw, self.files.where(rel), "index")
            if tables.get("format", {}).get(kind, {}).get("version") != INDEX_FORMAT:
                raise ValueError("it is of another format")
            people = tables.get("people", {})
            if not all(isinstance(e.get("gen"), int) for e in people.values()):
                raise ValueError("an entry has no version")
            if kind == "index" and not all(isinstance(e.get("id"), str)
                                           for e in people.values()):
                raise ValueError("an entry has no id")
            return tables
        except ValueError as damage:
            log.info("rebuilding the index %s (%s)", self.files.where(rel), damage)
            return None

    def _index_bucket(self, bucket: str, *, answers: bool = False, rebuild: bool = False,
                      durable: bool = False) -> _IndexBucket:
        """HR's index of one bucket, reconciled with its learner files (call under the lock).

        A person whose entry (or tallies) names another version than the current one is read
        again, and both files and the bucket's totals are written (a read-only store keeps
        them in memory). answers: the per-person tallies too; rebuild: ignore the index file
        (its entries could not be read); durable: write both files even if nothing changed,
        and fsync them (erasure: the old files named the person)."""
        names = self._listing(bucket)
        current = self._versions(names)
        main_rel, answers_rel = self._index_files(bucket)
        index = self._unwritten.get(bucket) if self.read_only else None
        if index is None:
            index = _IndexBucket()
            tables = None if rebuild else self._read_index(bucket, main_rel, "index")
            if tables is not None:
                totals = tables.get("totals", {})
                index.people = tables.get("people", {})
                index.totals = totals if set(totals) == {"employees", "demo"} else {}
        people = index.people
        main_stale = [k for k, gen in current.items() if people.get(k, {}).get("gen") != gen]
        main_gone = [k for k in people if k not in current]
        if not (main_stale or main_gone or answers or durable or not index.totals):
            return index
        if index.answers is None:
            tables = self._read_index(bucket, answers_rel, "answers")
            index.answers = tables.get("people", {}) if tables is not None else {}
        tallies = index.answers
        stale = set(main_stale)
        stale.update(k for k, gen in current.items() if tallies.get(k, {}).get("gen") != gen)
        changed = bool(main_gone) or not index.totals
        changed_answers = any(k not in current for k in tallies)
        with _cycles_left_alone():
            for key in sorted(stale):
                was_cached = key in self._cache
                learner = self._load(key, names)
                if not was_cached:
                    self._forget(key)  # a bulk read keeps no learner in memory
                if learner.gen:
                    entry, counts = _learner_entry(learner)
                    changed = changed or people.get(key) != entry
                    people[key] = entry
                    tallies[key] = {"gen": learner.gen, "answers": counts} if counts else \
                        {"gen": learner.gen}
                else:
                    changed = changed or key in people
                    people.pop(key, None)
                    tallies.pop(key, None)
                changed_answers = True
        for key in main_gone:
            del people[key]
        for key in [k for k in tallies if k not in people]:
            del tallies[key]
        if changed:
            index.totals = _bucket_totals(people, tallies)
        if self.read_only:
            if changed or changed_answers:
                self._unwritten[bucket] = index
            return index
        if durable:  # erasure: the old files named the person, a failure is told
            self._write_index(answers_rel, "answers", {"people": tallies}, True)
            self._write_index(main_rel, "index", {"people": people, "totals": index.totals},
                              True)
            return index
        if changed_answers:
            self._cache_index(answers_rel, "answers", {"people": tallies})
        if changed:
            self._cache_index(main_rel, "index", {"people": people, "totals": index.totals})
        return index

    def _cache_index(self, rel: str, kind: str, tables: dict) -> None:
        """Write an index file as a cache: if the disk refuses (full), reading goes on; the
        index is brought up to date from the learner files next time."""
        try:
            self._write_index(rel, kind, tables, durable=False)
        except StoreIOError as error:
            log.info("the index file %s was not written: %s", rel, error)

    def _write_index(self, rel: str, kind: str, tables: dict, durable: bool,
                     files: Files | None = None) -> None:
        (files or self.files).write(rel, encode({"format": {kind: {"version": INDEX_FORMAT}},
                                                 **tables}), durable=durable)

    # -- erasure --------------------------------------------------------------------------
    def _hash(self, key: str) -> str:
        if key not in self._hashes:
            self._hashes[key] = hmac.new(self._key_bytes or b"", key.encode("utf-8"),
                                         hashlib.sha256).hexdigest()
        return self._hashes[key]

    def _is_erased_key(self, key: str) -> bool:
        return self._key_bytes is not None and self.files.exists(f"erased/{self._hash(key)}")

    def is_erased(self, employee_id: str) -> bool:
        """Whether this id (in any case or form) was erased here."""
        key = canonical_id(employee_id)
        return bool(key) and self._is_erased_key(key)

    def _refuse_erased(self, key: str, employee_id: str) -> None:
        if self._is_erased_key(key):
            raise ErasedError(f"{display_id(employee_id)} was erased from {self.data_dir}; "
                              "nothing is saved for this id again")

    def erase_employee(self, employee_id: str) -> None:
        """Remove a person everywhere: every version and backup of their file, damaged
        copies, statements, their index entry, and old-layout leftovers that name them; a
        tombstone (a keyed hash of the id, no name) makes every later write for the id fail."""
        key = self._key(employee_id)
        self._require_writable()
        with self._locked():
            self.files.write(f"erased/{self._hash(key)}", b"", durable=True)
            self.files.write("erasing.json", json.dumps({"key": key}).encode("utf-8"),
                             durable=True)
            fault("erase:tombstoned", key)
            self._erase_files(key)
            self.files.remove("erasing.json")

    erase = erase_employee

    def _erase_files(self, key: str) -> None:
        bucket = bucket_of(key, self.buckets)
        for name in self.files.listdir(f"people/{bucket}"):
            if name.startswith(key + "@") or name.startswith(f".{key}@"):
                self.files.remove(f"people/{bucket}/{name}")
        self._forget(key)
        self._index_bucket(bucket, durable=True)  # the old index files named the person
        for name in self.files.listdir("index"):
            if name.startswith((f"{bucket}.json.", f"{bucket}.answers.json.")) \
                    or is_leftover(name):
                self.files.remove(f"index/{name}")
        needle = f'"{key}"'.encode()
        for name in self.files.listdir("v1-damaged"):
            raw = self.files.read(f"v1-damaged/{name}") or b""
            if needle in raw.lower() or name.split("-", 1)[-1].lower().startswith(key + "-"):
                self.files.remove(f"v1-damaged/{name}")

    def _finish_erasing(self) -> None:
        raw = self.files.read("erasing.json")
        if raw is None:
            return
        try:
            key = json.loads(raw)["key"]
        except (ValueError, KeyError, TypeError):
            key = ""
        if canonical_id(key) == key and key:
            self._erase_files(key)
            log.info("finished erasing an employee")
        self.files.remove("erasing.json")

    # -- merge and roster -----------------------------------------------------------------
    def merge_from(self, other: ProgressStore) -> MergeResult:
        """Bring another desktop's records in, all or nothing: every id and record of the
        other folder is checked and staged before anything is written here (a bad one is a
        StoreError naming the folder, file and problem). Attempts and statements dedupe by
        id; time spent sums each desktop's dialogue time; the newest name, the earliest
        created_at and the roster fields are kept. People erased here are not brought back;
        they are listed in the result."""
        self._require_writable()
        if other is self or other.data_dir.resolve() == self.data_dir.resolve():
            raise StoreError(f"{other.data_dir} is this store itself")
        people = added = 0
        refused: list[str] = []
        batch = _Batch(self)
        try:
            with self._locked():
                for theirs in other._everyone_strict():
                    shown = theirs.shown_id()
                    if self._is_erased_key(theirs.key):
                        refused.append(shown)
                        continue
                    ours = self._load(theirs.key)
                    new = self._merge_learner(ours, theirs, other._archived(theirs, True))
                    people += 1
                    added += new
                    if ours.dirty:
                        batch.stage(ours)
                    else:
                        self._forget(theirs.key)
                batch.commit()
        except BaseException:
            self._cache.clear()  # working copies were changed in memory
            batch.abort()
            raise
        return MergeResult(people, added, tuple(refused))

    def _everyone_strict(self) -> Iterator[_Learner]:
        """Every person of this (source) store, read strictly: damage is a StoreError."""
        erasing = self.files.read("erasing.json")
        skip = ""
        if erasing:
            try:
                skip = json.loads(erasing).get("key", "")
            except (ValueError, AttributeError):
                skip = ""
        for bucket in self._bucket_names():
            with self._locked():
                names = self._listing(bucket)
                for key in sorted({n.split("@", 1)[0] for n in names if "@" in n}):
                    if canonical_id(key) != key or bucket_of(key, self.buckets) != bucket:
                        raise StoreError(f"{self.files.where(f'people/{bucket}')}: a file is "
                                         f"named for {key[:40]!r}, which is not a valid "
                                         f"employee id of this folder ({ID_RULE})")
                    if key == skip or self._is_erased_key(key):
                        continue
                    learner = self._load(key, names, strict=True)
                    self._forget(key)
                    if learner.gen:
                        yield learner

    def _merge_learner(self, ours: _Learner, theirs: _Learner, their_archive: list[dict]
                       ) -> int:
        """Merge a person's records from another desktop into ours; returns the number of new
        attempts and marks ours dirty if anything changed."""
        mine, other = ours.tables, theirs.tables
        employee = merged_employee(ours.employee(), theirs.employee())
        if employee is not None and _one(mine, "employee") != employee.to_dict():
            _set_one(mine, "employee", employee.to_dict())
            ours.dirty = True
        shown = ours.shown_id()
        known = {d["attempt_id"] for d in mine.get("attempts", {}).values()}
        new = [dict(d, employee_id=shown) for d in other.get("attempts", {}).values()
               if d["attempt_id"] not in known]
        if new:
            _db(mine).table("attempts").insert_multiple(new)
            ours.dirty = True
        places = mine.setdefault("positions", {})
        where = {(d["chapter_id"], d["origin"]): i for i, d in places.items()}
        for doc in other.get("positions", {}).values():
            spot = where.get((doc["chapter_id"], doc["origin"]))
            if spot is None:
                spot = where[(doc["chapter_id"], doc["origin"])] = _next_id(places)
                places[spot] = dict(doc)
                ours.dirty = True
            elif _position_order(doc) > _position_order(places[spot]):
                places[spot] = dict(doc)
                ours.dirty = True
        if not places:
            del mine["positions"]
        for doc in other.get("carried", {}).values():
            if self._merge_carried(mine, Carried.from_dict(doc)):
                ours.dirty = True
        have = {d["id"] for d in mine.get("statements", {}).values()}
        have |= {s["id"] for s in self._archived(ours)}
        waiting = set(theirs.outbox()["unsent"])
        incoming = [(s, n not in waiting) for n, s in enumerate(their_archive)]
        incoming += [(d["statement"], bool(d.get("sent")))
                     for d in other.get("statements", {}).values()]
        fresh = []
        for statement, sent in incoming:
            if statement["id"] not in have:
                have.add(statement["id"])
                fresh.append({"id": statement["id"], "statement": statement, "sent": sent})
        if fresh:
            _db(mine).table("statements").insert_multiple(fresh)
            ours.dirty = True
        if ours.dirty:
            _summarise(ours)
        return len(new)

    @staticmethod
    def _merge_carried(tables: dict, theirs: Carried) -> bool:
        docs = tables.setdefault("carried", {})
        spot = next((i for i, d in docs.items() if d["chapter_id"] == theirs.chapter_id), None)
        if spot is None:
            docs[_next_id(docs)] = theirs.to_dict()
            return True
        ours = Carried.from_dict(docs[spot])
        merged = Carried(
            ours.chapter_id,
            max(ours.status, theirs.status, key=lambda s: STATUS_ORDER.get(s, 0)),
            min(filter(None, (ours.started_at, theirs.started_at)), key=stamp_order,
                default=None),
            min(filter(None, (ours.completed_at, theirs.completed_at)), key=stamp_order,
                default=None),
            max(filter(lambda v: v is not None, (ours.best_score, theirs.best_score)),
                default=None),
            max(ours.points, theirs.points), max(ours.attempts, theirs.attempts))
        docs[spot] = merged.to_dict()
        return merged != ours

    def upsert_roster(self, rows: Iterable[RosterRow]) -> RosterResult:
        """Add or update employees from an HR roster, all or nothing.

        Every row is checked first (ValueError naming the row); a new person is enrolled_by
        "roster" and has no last_seen_at until they sign in; an existing one gets the row's
        roster fields (department, manager, start_date, due_date), and its name if they never
        signed in. Importing the same rows again changes nothing. Ids erased here are refused
        and listed in the result."""
        self._require_writable()
        rows = list(rows)
        seen: dict[str, int] = {}
        for number, row in enumerate(rows, start=1):
            _check_roster_row(row, number)
            key = canonical_id(row.employee_id)
            if key in seen:
                raise ValueError(f"roster row {number}: {display_id(row.employee_id)} is also "
                                 f"in row {seen[key]}")
            seen[key] = number
        added = updated = unchanged = 0
        refused: list[str] = []
        batch = _Batch(self)
        try:
            with self._locked():
                stamp = self._stamp()
                for row in rows:
                    key = canonical_id(row.employee_id)
                    if self._is_erased_key(key):
                        refused.append(display_id(row.employee_id))
                        continue
                    learner = self._load(key)
                    before = learner.employee()
                    name = " ".join(row.display_name.split())
                    if before is None:
                        after = Employee(display_id(row.employee_id), name, created_at=stamp,
                                         enrolled_by="roster")
                    else:
                        after = Employee.from_dict(before.to_dict())
                        if not before.last_seen_at:
                            after.display_name = name
                    for name_ in ROSTER_FIELDS:
                        setattr(after, name_, getattr(row, name_).strip())
                    if after == before:
                        unchanged += 1
                        self._forget(key)
                        continue
                    added += before is None
                    updated += before is not None
                    _set_one(learner.tables, "employee", after.to_dict())
                    _summarise(learner)
                    batch.stage(learner)
                batch.commit()
        except BaseException:
            self._cache.clear()  # working copies were changed in memory
            batch.abort()
            raise
        return RosterResult(added, updated, unchanged, tuple(refused))


def _check_roster_row(row: RosterRow, number: int) -> None:
    if not isinstance(row, RosterRow):
        raise ValueError(f"roster row {number}: not a RosterRow")
    if not valid_employee_id(row.employee_id):
        raise ValueError(f"roster row {number}: {str(row.employee_id)[:40]!r} is not a valid "
                         f"employee id ({ID_RULE})")
    for name in ("display_name", *ROSTER_FIELDS):
        value = getattr(row, name)
        if not isinstance(value, str) or len(value) > 200 or "\n" in value:
            raise ValueError(f"roster row {number}: {name} must be one line of text "
                             "(at most 200 characters)")
    if not row.display_name.strip():
        raise ValueError(f"roster row {number}: {row.employee_id} has no name")
    for name in ("start_date", "due_date"):
        value = getattr(row, name).strip()
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"roster row {number}: {name} {value!r} is not a date like "
                                 "2026-01-15") from None
