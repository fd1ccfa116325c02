"""ProgressStore: employees, chapter progress, attempts and the xAPI outbox, on TinyDB.

Layout of the data directory, and why:

    meta.json                  the folder's schema version and layout (shard count)
    summary/NN.json            64 shards by crc32(employee id) % 64: employees and their
                               per-chapter progress (status, resume scene, time, best score)
    learners/<id>-<crc>.json   one file per employee: every attempt (with every answer) and
                               the xAPI statements waiting for, or sent to, an LRS
    *.bakN                     the last N good versions of each file (rotating, newest = 1)
    *.corrupt-<time>           a damaged file, moved aside when its backup was restored
    store.lock                 one file lock around every operation

TinyDB rewrites a whole file on every change, so the cost of a save grows with the file: one file
for everyone is 18 s per save at 10,000 employees. Here a save rewrites one summary shard (1/64
of the summaries, ~160 employees and ~270 KB at 10,000) and the employee's own file (~20 KB), so
it stays in milliseconds. A cross-employee read (the HR export) opens the 64 shards, never 10,000
files; attempts, the bulk of the data (~200 MB at 10,000 x 6 chapters x 3 attempts), are kept
apart and read only when asked for. Per-employee attempt files also make erasing a person one
file delete. The crc in a learner file name keeps ids that differ only in case apart on
case-insensitive file systems. The shard count is stored in meta.json, so it can change later.
Measured with benchmarks/store_scale.py at 10,000 employees on a busy 2-core machine: save p50
~9-14 ms, p95 ~15-17 ms; cold first query (open + one employee) ~0.25 s; CSV export ~1.4 s. The
price: backups multiply the disk used by up to N + 1 (5 by default).

Every write is atomic (storage.write_atomic: temporary file, fsync, os.replace, fsync of the
folder). Every operation, reads included, holds the lock and opens TinyDB inside it: a
long-lived TinyDB caches state and loses another process's writes, a reader must not see a
recovery half-done, and Windows cannot replace a file another process has open. One operation
is at most two atomic writes, learner file first: the attempts are the source of truth and
record_attempt recomputes the chapter summary from them, so a crash between the two writes
heals on the next attempt, and retrying a failed record_attempt stores the attempt only once.

Opening the store takes the lock, removes temporary files of killed processes, checks the
folder's schema version and reads every summary shard, so damage there is repaired (and told in
recovery_notice) before the first screen; a learner file is checked when it is first read.
"""
from __future__ import annotations

import json
import logging
import math
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout
from tinydb import TinyDB

from learnsocial.progress.migrations import SCHEMA_VERSION
from learnsocial.progress.records import (STATUS_ORDER, Attempt, ChapterProgress, Employee,
                                          valid_employee_id)
from learnsocial.progress.storage import (BACKUPS, STAMP_KEY, AtomicStorage,
                                          FutureVersionError, StoreError, StoreIOError,
                                          dump_tables, existing_backups, load_tables, read_json,
                                          split_stamp, sweep_temporary, write_atomic)

__all__ = ["ProgressStore", "StoreError", "FutureVersionError", "StoreIOError", "shard_of",
           "learner_file_name", "SHARDS"]

log = logging.getLogger(__name__)
SHARDS = 64
LOCK_TIMEOUT_S = 30.0


def _now() -> datetime:
    return datetime.now(UTC)


def shard_of(employee_id: str, shards: int = SHARDS) -> int:
    return zlib.crc32(employee_id.encode("utf-8")) % shards


def learner_file_name(employee_id: str) -> str:
    return f"{employee_id}-{zlib.crc32(employee_id.encode('utf-8')):08x}.json"


def _when(stamp: str) -> datetime:
    """A stored timestamp as an aware datetime, for ordering; unreadable ones sort first."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _require_id(employee_id: str) -> None:
    if not isinstance(employee_id, str) or not valid_employee_id(employee_id):
        raise ValueError(f"invalid employee id: {employee_id!r} (2-32 letters, digits, '.', "
                         "'_' or '-', starting with a letter or digit)")


def _require_text(name: str, value: object) -> None:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string, not {value!r}")


def _check_attempt(attempt: Attempt) -> None:
    _require_id(attempt.employee_id)
    _require_text("attempt_id", attempt.attempt_id)
    _require_text("chapter_id", attempt.chapter_id)
    if not isinstance(attempt.score, (int, float)) or not math.isfinite(attempt.score):
        raise ValueError(f"attempt score must be a finite number, not {attempt.score!r}")
    for answer in attempt.answers:
        if not math.isfinite(answer.time_s):
            raise ValueError(f"answer time must be a finite number, not {answer.time_s!r}")


def _find(db: TinyDB, table: str, **match: str) -> tuple[int | None, dict | None]:
    """(doc id, document) of the first record with these fields, without TinyDB's query cost
    (a save looks up one of ~1,000 records in a shard)."""
    for doc_id, doc in ((db.storage.read() or {}).get(table) or {}).items():
        if all(doc.get(key) == value for key, value in match.items()):
            return int(doc_id), doc
    return None, None


def _put(db: TinyDB, table: str, doc_id: int | None, doc: dict) -> None:
    if doc_id is None:
        db.table(table).insert(doc)
    else:
        db.table(table).update(doc, doc_ids=[doc_id])


class ProgressStore:
    def __init__(self, data_dir: Path, *, clock: Callable[[], datetime] | None = None,
                 backups: int = BACKUPS):
        self.data_dir = Path(data_dir)
        self.clock = clock or _now
        self.backups = max(0, backups)
        self.notices: list[str] = []
        self.shards = SHARDS
        try:
            (self.data_dir / "summary").mkdir(parents=True, exist_ok=True)
            (self.data_dir / "learners").mkdir(exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the progress folder {self.data_dir}: "
                             f"{error.strerror}") from error
        self.lock = FileLock(str(self.data_dir / "store.lock"), timeout=LOCK_TIMEOUT_S)
        with self._locked():
            self._check_version()
            for folder in (self.data_dir, self.data_dir / "summary", self.data_dir / "learners"):
                for path in sweep_temporary(folder):
                    log.info("removed %s, left by an interrupted save", path)
            for path in self._summary_paths():
                self._tables(path)

    # -- infrastructure -------------------------------------------------------------------
    @property
    def recovery_notice(self) -> str | None:
        """What was repaired since the store was opened, in sentences naming the files.

        Repairs found later in the session are added (notices holds one sentence each)."""
        return " ".join(self.notices) if self.notices else None

    @recovery_notice.setter
    def recovery_notice(self, value: str | None) -> None:
        self.notices[:] = [value] if value else []

    def _stamp(self) -> str:
        return self.clock().astimezone(UTC).isoformat(timespec="seconds")

    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            with self.lock:
                yield
        except Timeout as error:
            raise StoreError(f"the progress data in {self.data_dir} is locked by another "
                             f"LearnSocial for more than {LOCK_TIMEOUT_S:.0f} s") from error
        except PermissionError as error:
            raise StoreIOError(f"cannot lock the progress data in {self.data_dir}: "
                               f"{error.strerror}", error) from error

    def _check_version(self) -> None:
        """Refuse a folder from a newer version; stamp it with this version (so that older
        versions refuse it from now on) and read its layout."""
        path = self.data_dir / "meta.json"
        try:
            raw = read_json(path)
        except ValueError:
            raw = None  # damaged: the storage below moves it aside and restores a backup
        if raw is not None and STAMP_KEY not in raw and isinstance(raw.get("schema"), int):
            raw = {STAMP_KEY: raw["schema"], "meta": {"1": {"shards": 64}}}  # the first layout
            split_stamp(raw, path)  # FutureVersionError for a newer one, before any write
            write_atomic(path, json.dumps(raw), backups=self.backups)
        with self._open(path) as db:  # a newer file raises FutureVersionError here, unwritten
            doc_id, meta = _find(db, "meta")
            if meta is None:
                _put(db, "meta", None, {"shards": SHARDS, "created_at": self._stamp()})
            else:
                shards = meta.get("shards", SHARDS)
                if not isinstance(shards, int) or not 1 <= shards <= 100:
                    raise StoreError(f"{path} names an unknown layout ({shards!r} shards)")
                self.shards = shards
            if raw is None or raw.get(STAMP_KEY, 1) != SCHEMA_VERSION:
                db.storage.write(db.storage.read() or {})

    @contextmanager
    def _open(self, path: Path) -> Iterator[TinyDB]:
        """TinyDB on one file for one operation: all its changes are saved at the end, in one
        atomic write, or not at all if the operation raises."""
        db = TinyDB(path, storage=AtomicStorage, notices=self.notices, backups=self.backups)
        yield db
        storage = db.storage
        assert isinstance(storage, AtomicStorage)
        storage.flush()

    def _tables(self, path: Path) -> dict:
        """A file's tables for reading (a damaged file is recovered first)."""
        return AtomicStorage(path, self.notices, self.backups).read() or {}

    def _summary_path(self, employee_id: str) -> Path:
        return self.data_dir / "summary" / f"{shard_of(employee_id, self.shards):02d}.json"

    def _learner_path(self, employee_id: str) -> Path:
        return self.data_dir / "learners" / learner_file_name(employee_id)

    def _summary_paths(self) -> list[Path]:
        return sorted((self.data_dir / "summary").glob("[0-9][0-9].json"))

    def _learner_paths(self) -> list[Path]:
        with os.scandir(self.data_dir / "learners") as entries:
            return sorted(Path(e.path) for e in entries
                          if e.name.endswith(".json") and not e.name.startswith("."))

    # -- employees ------------------------------------------------------------------------
    def employee(self, employee_id: str) -> Employee | None:
        if not valid_employee_id(employee_id):
            return None
        with self._locked():
            for doc in self._tables(self._summary_path(employee_id)).get("employees", {}) \
                    .values():
                if doc.get("employee_id") == employee_id:
                    return Employee.from_dict(doc)
        return None

    def employees(self) -> list[Employee]:
        """Everyone who ever signed in, by id."""
        found = []
        with self._locked():
            for path in self._summary_paths():
                found += [Employee.from_dict(d)
                          for d in self._tables(path).get("employees", {}).values()]
        return sorted(found, key=lambda e: e.employee_id)

    def sign_in(self, employee_id: str, display_name: str, language: str | None = None
                ) -> tuple[Employee, bool]:
        """Create or update an employee; returns it and whether it was known before."""
        _require_id(employee_id)
        name = " ".join((display_name or "").split())
        with self._locked(), self._open(self._summary_path(employee_id)) as db:
            doc_id, doc = _find(db, "employees", employee_id=employee_id)
            stamp = self._stamp()
            if doc is None:
                if not name:
                    raise ValueError("a new employee needs a display name")
                employee = Employee(employee_id, name, language=language, created_at=stamp,
                                    last_seen_at=stamp)
            else:
                employee = Employee.from_dict(doc)
                employee.last_seen_at = stamp
                employee.display_name = name or employee.display_name
                employee.language = language or employee.language
            _put(db, "employees", doc_id, employee.to_dict())
        return employee, doc is not None

    def update_settings(self, employee_id: str, **settings: object) -> Employee:
        """Merge settings into the employee's; KeyError if there is no such employee."""
        try:
            json.dumps(settings, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise ValueError(f"settings must be plain JSON values: {error}") from error
        with self._locked(), self._open(self._summary_path(employee_id)) as db:
            doc_id, doc = _find(db, "employees", employee_id=employee_id)
            if doc is None:
                raise KeyError(employee_id)
            employee = Employee.from_dict(doc)
            employee.settings = {**employee.settings, **settings}
            _put(db, "employees", doc_id, employee.to_dict())
        return employee

    # -- progress -------------------------------------------------------------------------
    def progress(self, employee_id: str) -> dict[str, ChapterProgress]:
        """chapter id -> progress, for the chapters the employee has a record of."""
        if not valid_employee_id(employee_id):
            return {}
        with self._locked():
            docs = self._tables(self._summary_path(employee_id)).get("progress", {}).values()
            return {d["chapter_id"]: ChapterProgress.from_dict(d) for d in docs
                    if d.get("employee_id") == employee_id}

    def all_progress(self) -> dict[str, dict[str, ChapterProgress]]:
        """Every employee's progress, reading each summary shard once (for exports)."""
        found: dict[str, dict[str, ChapterProgress]] = {}
        with self._locked():
            for path in self._summary_paths():
                for doc in self._tables(path).get("progress", {}).values():
                    found.setdefault(doc["employee_id"], {})[doc["chapter_id"]] = \
                        ChapterProgress.from_dict(doc)
        return found

    def _update_progress(self, db: TinyDB, employee_id: str, chapter_id: str,
                         change: Callable[[ChapterProgress], None]) -> ChapterProgress:
        doc_id, doc = _find(db, "progress", employee_id=employee_id, chapter_id=chapter_id)
        record = (ChapterProgress.from_dict(doc) if doc
                  else ChapterProgress(employee_id, chapter_id))
        change(record)
        _put(db, "progress", doc_id, record.to_dict())
        return record

    def save_position(self, employee_id: str, chapter_id: str, scene_id: str,
                      seconds: float = 0.0, statements: Iterable[dict] = ()) -> ChapterProgress:
        """Remember the scene to resume at (by id) and add the time spent.

        Statements (xAPI) are queued in the same locked operation."""
        _require_id(employee_id)
        _require_text("chapter_id", chapter_id)
        _require_text("scene_id", scene_id)
        if not math.isfinite(seconds):
            raise ValueError(f"seconds must be a finite number, not {seconds!r}")
        statements = list(statements)

        def change(record: ChapterProgress) -> None:
            record.scene_id = scene_id
            record.time_spent_s = round(record.time_spent_s + max(0.0, seconds), 3)
            record.started_at = record.started_at or self._stamp()
            if record.status == "not_started":
                record.status = "in_progress"

        with self._locked():
            if statements:
                with self._open(self._learner_path(employee_id)) as db:
                    self._insert_statements(db, statements)
            with self._open(self._summary_path(employee_id)) as db:
                record = self._update_progress(db, employee_id, chapter_id, change)
                self._count_unsent(db, employee_id, len(statements))
        return record

    def record_attempt(self, attempt: Attempt, statements: Iterable[dict] = ()
                       ) -> ChapterProgress:
        """Store an attempt with every answer; keep the best score and points; a passed
        attempt completes the chapter, and completed never reverts.

        Recording the same attempt (same attempt_id) again stores it once, so a failed call
        can simply be retried. Statements (xAPI) are saved in the same write as the attempt."""
        _check_attempt(attempt)
        statements = list(statements)
        employee_id, chapter_id = attempt.employee_id, attempt.chapter_id
        with self._locked():
            with self._open(self._learner_path(employee_id)) as db:
                known, _doc = _find(db, "attempts", attempt_id=attempt.attempt_id)
                new = known is None
                if new:
                    db.table("attempts").insert(attempt.to_dict())
                    self._insert_statements(db, statements)
                done = [d for d in db.table("attempts").all() if d.get("chapter_id") == chapter_id]

            def change(record: ChapterProgress) -> None:
                # The learner file is the source of truth: a summary behind it (a crash between
                # the two writes) catches up here.
                record.attempts = max(record.attempts + int(new), len(done))
                scores = [float(d.get("score", 0.0)) for d in done]
                if record.best_score is not None:
                    scores.append(record.best_score)
                record.best_score = max(scores)
                record.points = max([record.points] + [int(d.get("points", 0)) for d in done])
                record.started_at = (record.started_at or attempt.started_at
                                     or self._stamp())
                passed = [d.get("finished_at") or self._stamp() for d in done if d.get("passed")]
                if passed and record.status != "completed":
                    record.status = "completed"
                    record.completed_at = min(passed, key=_when)
                elif record.status == "not_started":
                    record.status = "in_progress"

            with self._open(self._summary_path(employee_id)) as db:
                record = self._update_progress(db, employee_id, chapter_id, change)
                self._count_unsent(db, employee_id, len(statements) if new else 0)
        return record

    def attempts(self, employee_id: str | None = None, chapter_id: str | None = None
                 ) -> list[Attempt]:
        """Attempts, oldest first (by finished_at; ties in the order recorded); everyone's
        when no employee is given.

        Everyone's reads every learner file (about 10 s for 10,000 employees x 18 attempts):
        the lock is taken per file, so that a learner saving meanwhile is not kept waiting."""
        if employee_id is None:
            with self._locked():
                paths = self._learner_paths()
        elif valid_employee_id(employee_id):
            paths = [self._learner_path(employee_id)]
        else:
            paths = []
        found = []
        for path in paths:
            with self._locked():
                docs = self._tables(path).get("attempts", {}).values()
            found += [Attempt.from_dict(d) for d in docs
                      if chapter_id is None or d.get("chapter_id") == chapter_id]
        return sorted(found, key=lambda a: _when(a.finished_at))

    # -- xAPI outbox ----------------------------------------------------------------------
    @staticmethod
    def _insert_statements(db: TinyDB, statements: list[dict]) -> None:
        if statements:
            db.table("statements").insert_multiple(
                {"id": s["id"], "statement": s, "sent": False} for s in statements)

    def _count_unsent(self, db: TinyDB, employee_id: str, change: int) -> None:
        if not change:
            return
        doc_id, doc = _find(db, "employees", employee_id=employee_id)
        if doc is not None and doc_id is not None:
            db.table("employees").update(
                {"unsent": max(0, int(doc.get("unsent", 0)) + change)}, doc_ids=[doc_id])

    def queue_statements(self, employee_id: str, statements: Iterable[dict]) -> None:
        _require_id(employee_id)
        statements = list(statements)
        if not statements:
            return
        with self._locked():
            with self._open(self._learner_path(employee_id)) as db:
                self._insert_statements(db, statements)
            with self._open(self._summary_path(employee_id)) as db:
                self._count_unsent(db, employee_id, len(statements))

    def statements(self, employee_id: str | None = None) -> list[dict]:
        """Every statement, sent or not, oldest first."""
        ids = [employee_id] if employee_id else [e.employee_id for e in self.employees()]
        found = []
        with self._locked():
            for eid in ids:
                if valid_employee_id(eid):
                    found += [d["statement"] for d in
                              self._tables(self._learner_path(eid)).get("statements", {})
                              .values()]
        return sorted(found, key=lambda s: s.get("timestamp", ""))

    def unsent_statements(self) -> list[tuple[str, dict]]:
        """(employee id, statement) for every statement no LRS has accepted yet."""
        found = []
        with self._locked():
            for path in self._summary_paths():
                waiting = [d["employee_id"] for d in self._tables(path).get("employees", {})
                           .values() if d.get("unsent", 0) > 0]
                for employee_id in waiting:
                    found += [(employee_id, d["statement"]) for d in
                              self._tables(self._learner_path(employee_id))
                              .get("statements", {}).values() if not d.get("sent")]
        return found

    def mark_sent(self, employee_id: str, statement_ids: Iterable[str]) -> None:
        _require_id(employee_id)
        ids = set(statement_ids)
        with self._locked():
            with self._open(self._learner_path(employee_id)) as db:
                table = db.table("statements")
                marked = [doc.doc_id for doc in table.all()
                          if doc.get("id") in ids and not doc.get("sent")]
                if marked:
                    table.update({"sent": True}, doc_ids=marked)
            with self._open(self._summary_path(employee_id)) as db:
                self._count_unsent(db, employee_id, -len(marked))

    # -- HR: erase and merge --------------------------------------------------------------
    def erase_employee(self, employee_id: str) -> None:
        """Remove a person everywhere: summary, attempts, statements, and every backup.

        A damaged copy that cannot be read is deleted if it is the person's own file; a
        damaged summary shard (shared with others) is left for a person to look at."""
        _require_id(employee_id)
        with self._locked():
            learner = self._learner_path(employee_id)
            for path in [learner, *existing_backups(learner, self.backups),
                         *learner.parent.glob(f"{learner.name}.corrupt-*")]:
                path.unlink(missing_ok=True)
            shard = self._summary_path(employee_id)
            with self._open(shard) as db:
                for table in ("employees", "progress"):
                    db.table(table).remove(doc_ids=[
                        doc.doc_id for doc in db.table(table).all()
                        if doc.get("employee_id") == employee_id])
            for path in [*existing_backups(shard, self.backups),
                         *shard.parent.glob(f"{shard.name}.corrupt-*")]:
                self._scrub(path, employee_id)

    @staticmethod
    def _scrub(path: Path, employee_id: str) -> None:
        try:
            tables = load_tables(path)
        except (ValueError, FutureVersionError):
            if ".bak" in path.name:
                path.unlink()  # a damaged backup may hold the person; it is of no use anyway
            return
        if tables is None:
            return
        for table in tables.values():
            for key in [k for k, doc in table.items() if doc.get("employee_id") == employee_id]:
                del table[key]
        dump_tables(path, tables, backups=0)

    def merge_from(self, other: ProgressStore) -> tuple[int, int]:
        """Bring another desktop's records in; attempts and statements dedupe by id.

        Returns (employees merged, attempts added)."""
        people = other.employees()
        added = 0
        for person in people:
            theirs = other.attempts(person.employee_id)
            their_statements = other.statements(person.employee_id)
            their_progress = other.progress(person.employee_id)
            with self._locked():
                with self._open(self._learner_path(person.employee_id)) as db:
                    known = {d["attempt_id"] for d in db.table("attempts").all()}
                    new = [a for a in theirs if a.attempt_id not in known]
                    if new:
                        db.table("attempts").insert_multiple(a.to_dict() for a in new)
                    have = {d["id"] for d in db.table("statements").all()}
                    fresh = [s for s in their_statements if s["id"] not in have]
                    self._insert_statements(db, fresh)
                    every = [Attempt.from_dict(d) for d in db.table("attempts").all()]
                added += len(new)
                with self._open(self._summary_path(person.employee_id)) as db:
                    doc_id, doc = _find(db, "employees", employee_id=person.employee_id)
                    if doc is None or doc.get("last_seen_at", "") < person.last_seen_at:
                        merged = person.to_dict()
                        merged["unsent"] = doc.get("unsent", 0) if doc else 0
                        _put(db, "employees", doc_id, merged)
                    for chapter_id in set(their_progress) | {a.chapter_id for a in new}:
                        self._update_progress(db, person.employee_id, chapter_id, _merged(
                            their_progress.get(chapter_id),
                            [a for a in every if a.chapter_id == chapter_id]))
                    self._count_unsent(db, person.employee_id, len(fresh))
        return len(people), added


def _merged(theirs: ChapterProgress | None, attempts: list[Attempt]
            ) -> Callable[[ChapterProgress], None]:
    """Combine our record with theirs and with all attempts now known for the chapter."""
    def change(ours: ChapterProgress) -> None:
        if theirs is not None:
            if STATUS_ORDER[theirs.status] > STATUS_ORDER[ours.status]:
                ours.status = theirs.status
                ours.scene_id = theirs.scene_id or ours.scene_id
            ours.scene_id = ours.scene_id or theirs.scene_id
            ours.time_spent_s = max(ours.time_spent_s, theirs.time_spent_s)
            ours.started_at = min(filter(None, (ours.started_at, theirs.started_at)),
                                  default=None)
            ours.completed_at = min(filter(None, (ours.completed_at, theirs.completed_at)),
                                    default=None)
            ours.points = max(ours.points, theirs.points)
            if theirs.best_score is not None:
                ours.best_score = max(ours.best_score or 0.0, theirs.best_score)
        if attempts:
            ours.attempts = max(ours.attempts, len(attempts))
            ours.best_score = max([a.score for a in attempts] + (
                [ours.best_score] if ours.best_score is not None else []))
            ours.points = max(ours.points, max(a.points for a in attempts))
            passed = [a for a in attempts if a.passed]
            if passed:
                ours.status = "completed"
                first = min(a.finished_at for a in passed)
                ours.completed_at = min(filter(None, (ours.completed_at, first)))
    return change
