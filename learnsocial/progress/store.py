"""ProgressStore: employees, chapter progress, attempts and the xAPI outbox, on TinyDB.

Layout of the data directory, and why:

    meta.json                    schema version (with a migration table)
    summary/NN.json              64 shards: employees and their per-chapter progress
    learners/<id>-<hash>.json    one file per employee: every attempt and xAPI statement
    store.lock                   one file lock around every read-modify-write

One TinyDB file for everyone costs 18 s per save at 10,000 employees, because TinyDB rewrites
the whole file. Splitting keeps every save small: a save rewrites one summary shard (about 1/64
of the employees' summaries) and at most that employee's own file. A cross-employee read (the
HR export) opens only the 64 summary shards, never 10,000 files; attempts, which are large, are
kept apart from the summary and read only when someone asks for them.

Every write is atomic (storage.write_atomic: temporary file, fsync, os.replace, fsync of the
folder) and keeps rotating backups; every read-modify-write holds the lock and opens TinyDB
inside it (a long-lived TinyDB caches state and loses another process's writes).
"""
from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout
from tinydb import Query, TinyDB

from learnsocial.progress.records import (STATUS_ORDER, Attempt, ChapterProgress, Employee,
                                          valid_employee_id)
from learnsocial.progress.storage import AtomicStorage, backup_path, read_json, write_atomic

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1
SHARDS = 64
LOCK_TIMEOUT_S = 30


class StoreError(Exception):
    """The store cannot be used; the message is one line fit for a user."""


# version n -> function that upgrades a data directory from n to n + 1
MIGRATIONS: dict[int, Callable[[Path], None]] = {}


def _now() -> datetime:
    return datetime.now(UTC)


def shard_of(employee_id: str) -> int:
    return zlib.crc32(employee_id.encode("utf-8")) % SHARDS


def learner_file_name(employee_id: str) -> str:
    # The hash keeps ids that differ only in case apart on case-insensitive file systems.
    return f"{employee_id}-{zlib.crc32(employee_id.encode('utf-8')):08x}.json"


class ProgressStore:
    def __init__(self, data_dir: Path, *, clock: Callable[[], datetime] | None = None,
                 backups: int = 3):
        self.data_dir = Path(data_dir)
        self.clock = clock or _now
        self.backups = backups
        self.notices: list[str] = []
        try:
            (self.data_dir / "summary").mkdir(parents=True, exist_ok=True)
            (self.data_dir / "learners").mkdir(exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create {self.data_dir}: {error.strerror}") from error
        self.lock = FileLock(str(self.data_dir / "store.lock"), timeout=LOCK_TIMEOUT_S)
        self._check_version()

    # -- infrastructure -------------------------------------------------------------------
    @property
    def recovery_notice(self) -> str | None:
        return " ".join(self.notices) if self.notices else None

    def _stamp(self) -> str:
        return self.clock().astimezone(UTC).isoformat(timespec="seconds")

    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            with self.lock:
                yield
        except Timeout as error:
            raise StoreError(f"the progress data in {self.data_dir} is locked by another "
                             f"program") from error

    def _check_version(self) -> None:
        meta_path = self.data_dir / "meta.json"
        with self._locked():
            try:
                meta = read_json(meta_path)
            except (ValueError, UnicodeDecodeError):
                meta = None  # damaged: the data files say nothing else about the version
            if meta is None:
                write_atomic(meta_path, json.dumps({"schema": SCHEMA_VERSION}), backups=0)
                return
            version = int(meta.get("schema", 0))
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the progress data in {self.data_dir} was written by a newer version of "
                    f"LearnSocial (schema {version}; this one reads up to {SCHEMA_VERSION}); "
                    "update LearnSocial")
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](self.data_dir)
                version += 1
                write_atomic(meta_path, json.dumps({"schema": version}), backups=0)

    def _db(self, path: Path) -> TinyDB:
        return TinyDB(path, storage=AtomicStorage, notices=self.notices, backups=self.backups)

    def _summary(self, employee_id: str) -> TinyDB:
        return self._db(self.data_dir / "summary" / f"{shard_of(employee_id):02d}.json")

    def _learner(self, employee_id: str) -> TinyDB:
        return self._db(self.data_dir / "learners" / learner_file_name(employee_id))

    def _summary_paths(self) -> list[Path]:
        return sorted((self.data_dir / "summary").glob("[0-9][0-9].json"))

    # -- employees ------------------------------------------------------------------------
    def employee(self, employee_id: str) -> Employee | None:
        if not valid_employee_id(employee_id):
            return None
        with self._summary(employee_id) as db:
            doc = db.table("employees").get(Query().employee_id == employee_id)
        return Employee.from_dict(doc) if doc else None

    def employees(self) -> list[Employee]:
        found = []
        for path in self._summary_paths():
            with self._db(path) as db:
                found += [Employee.from_dict(d) for d in db.table("employees").all()]
        return sorted(found, key=lambda e: e.employee_id)

    def sign_in(self, employee_id: str, display_name: str, language: str | None = None
                ) -> tuple[Employee, bool]:
        """Create or update an employee; returns it and whether it was known before."""
        if not valid_employee_id(employee_id):
            raise ValueError(f"invalid employee id: {employee_id!r}")
        name = " ".join(display_name.split())
        with self._locked(), self._summary(employee_id) as db:
            table = db.table("employees")
            doc = table.get(Query().employee_id == employee_id)
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
            table.upsert(employee.to_dict(), Query().employee_id == employee_id)
        return employee, doc is not None

    def update_settings(self, employee_id: str, **settings) -> Employee:
        with self._locked(), self._summary(employee_id) as db:
            table = db.table("employees")
            doc = table.get(Query().employee_id == employee_id)
            if doc is None:
                raise KeyError(employee_id)
            employee = Employee.from_dict(doc)
            employee.settings = {**employee.settings, **settings}
            table.upsert(employee.to_dict(), Query().employee_id == employee_id)
        return employee

    # -- progress -------------------------------------------------------------------------
    def progress(self, employee_id: str) -> dict[str, ChapterProgress]:
        with self._summary(employee_id) as db:
            docs = db.table("progress").search(Query().employee_id == employee_id)
        return {d["chapter_id"]: ChapterProgress.from_dict(d) for d in docs}

    def all_progress(self) -> dict[str, dict[str, ChapterProgress]]:
        """Every employee's progress, reading each summary shard once (for exports)."""
        found: dict[str, dict[str, ChapterProgress]] = {}
        for path in self._summary_paths():
            with self._db(path) as db:
                for doc in db.table("progress").all():
                    found.setdefault(doc["employee_id"], {})[doc["chapter_id"]] = \
                        ChapterProgress.from_dict(doc)
        return found

    def _update_progress(self, db: TinyDB, employee_id: str, chapter_id: str,
                         change: Callable[[ChapterProgress], None]) -> ChapterProgress:
        table = db.table("progress")
        where = (Query().employee_id == employee_id) & (Query().chapter_id == chapter_id)
        doc = table.get(where)
        record = ChapterProgress.from_dict(doc) if doc else ChapterProgress(employee_id,
                                                                            chapter_id)
        change(record)
        table.upsert(record.to_dict(), where)
        return record

    def save_position(self, employee_id: str, chapter_id: str, scene_id: str,
                      seconds: float = 0.0, statements: Iterable[dict] = ()) -> ChapterProgress:
        """Remember the scene to resume at (by id) and the time spent."""
        statements = list(statements)

        def change(record: ChapterProgress) -> None:
            record.scene_id = scene_id
            record.time_spent_s = round(record.time_spent_s + max(0.0, seconds), 3)
            record.started_at = record.started_at or self._stamp()
            if record.status == "not_started":
                record.status = "in_progress"

        with self._locked():
            if statements:
                self._queue(employee_id, statements)
            with self._summary(employee_id) as db:
                record = self._update_progress(db, employee_id, chapter_id, change)
                if statements:
                    self._count_unsent(db, employee_id, len(statements))
        return record

    def record_attempt(self, attempt: Attempt, statements: Iterable[dict] = ()
                       ) -> ChapterProgress:
        """Store an attempt with every answer; keep the best score; completed never reverts."""
        statements = list(statements)

        def change(record: ChapterProgress) -> None:
            record.attempts += 1
            record.best_score = attempt.score if record.best_score is None else max(
                record.best_score, attempt.score)
            record.points = max(record.points, attempt.points)
            record.started_at = record.started_at or attempt.started_at or self._stamp()
            if attempt.passed and record.status != "completed":
                record.status = "completed"
                record.completed_at = attempt.finished_at or self._stamp()
            elif record.status == "not_started":
                record.status = "in_progress"

        with self._locked():
            # The attempt goes first: if the summary write then fails, a later merge or
            # rebuild still finds it; the reverse could report progress with no attempt.
            with self._learner(attempt.employee_id) as db:
                db.table("attempts").insert(attempt.to_dict())
                db.table("statements").insert_multiple(
                    {"id": s["id"], "statement": s, "sent": False} for s in statements)
            with self._summary(attempt.employee_id) as db:
                record = self._update_progress(db, attempt.employee_id, attempt.chapter_id,
                                               change)
                if statements:
                    self._count_unsent(db, attempt.employee_id, len(statements))
        return record

    def attempts(self, employee_id: str | None = None, chapter_id: str | None = None
                 ) -> list[Attempt]:
        """Attempts, oldest first (all employees when no id is given)."""
        if employee_id is not None:
            paths = [self.data_dir / "learners" / learner_file_name(employee_id)]
        else:
            paths = sorted((self.data_dir / "learners").glob("*.json"))
        found = []
        for path in paths:
            if not path.exists():
                continue
            with self._db(path) as db:
                found += [Attempt.from_dict(d) for d in db.table("attempts").all()
                          if chapter_id is None or d["chapter_id"] == chapter_id]
        return sorted(found, key=lambda a: (a.finished_at, a.attempt_id))

    # -- xAPI outbox ----------------------------------------------------------------------
    def _queue(self, employee_id: str, statements: list[dict]) -> None:
        with self._learner(employee_id) as db:
            db.table("statements").insert_multiple(
                {"id": s["id"], "statement": s, "sent": False} for s in statements)

    def _count_unsent(self, db: TinyDB, employee_id: str, change: int) -> None:
        table = db.table("employees")
        doc = table.get(Query().employee_id == employee_id)
        if doc is not None:
            table.update({"unsent": max(0, int(doc.get("unsent", 0)) + change)},
                         Query().employee_id == employee_id)

    def queue_statements(self, employee_id: str, statements: Iterable[dict]) -> None:
        statements = list(statements)
        if not statements:
            return
        with self._locked():
            self._queue(employee_id, statements)
            with self._summary(employee_id) as db:
                self._count_unsent(db, employee_id, len(statements))

    def statements(self, employee_id: str | None = None) -> list[dict]:
        """Every statement, sent or not, oldest first."""
        ids = [employee_id] if employee_id else [e.employee_id for e in self.employees()]
        found = []
        for eid in ids:
            path = self.data_dir / "learners" / learner_file_name(eid)
            if path.exists():
                with self._db(path) as db:
                    found += [d["statement"] for d in db.table("statements").all()]
        return sorted(found, key=lambda s: s.get("timestamp", ""))

    def unsent_statements(self) -> list[tuple[str, dict]]:
        """(employee id, statement) for every statement no LRS has accepted yet."""
        found = []
        for path in self._summary_paths():
            with self._db(path) as db:
                waiting = [d["employee_id"] for d in db.table("employees").all()
                           if d.get("unsent", 0) > 0]
            for employee_id in waiting:
                with self._learner(employee_id) as db:
                    found += [(employee_id, d["statement"])
                              for d in db.table("statements").search(Query().sent == False)]  # noqa: E712
        return found

    def mark_sent(self, employee_id: str, statement_ids: Iterable[str]) -> None:
        ids = set(statement_ids)
        with self._locked():
            with self._learner(employee_id) as db:
                marked = db.table("statements").update(
                    {"sent": True}, (Query().id.one_of(list(ids))) & (Query().sent == False))  # noqa: E712
            with self._summary(employee_id) as db:
                self._count_unsent(db, employee_id, -len(marked))

    # -- HR: erase and merge --------------------------------------------------------------
    def erase_employee(self, employee_id: str) -> None:
        """Remove a person everywhere: summary, attempts, statements, and every backup."""
        with self._locked():
            learner = self.data_dir / "learners" / learner_file_name(employee_id)
            for path in [learner] + [backup_path(learner, n) for n in range(1, 10)]:
                path.unlink(missing_ok=True)
            shard = self.data_dir / "summary" / f"{shard_of(employee_id):02d}.json"
            for path in [shard] + [backup_path(shard, n) for n in range(1, 10)]:
                self._scrub(path, employee_id)

    def _scrub(self, path: Path, employee_id: str) -> None:
        try:
            data = read_json(path)
        except (ValueError, UnicodeDecodeError):
            path.unlink()  # a damaged copy may hold the person too; it cannot be cleaned
            return
        if data is None:
            return
        for table in data.values():
            for key in [k for k, doc in table.items() if doc.get("employee_id") == employee_id]:
                del table[key]
        write_atomic(path, json.dumps(data, ensure_ascii=False), backups=0)

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
                with self._summary(person.employee_id) as db:
                    table = db.table("employees")
                    doc = table.get(Query().employee_id == person.employee_id)
                    if doc is None or doc.get("last_seen_at", "") < person.last_seen_at:
                        merged = person.to_dict()
                        merged["unsent"] = doc.get("unsent", 0) if doc else 0
                        table.upsert(merged, Query().employee_id == person.employee_id)
                with self._learner(person.employee_id) as db:
                    known = {d["attempt_id"] for d in db.table("attempts").all()}
                    new = [a for a in theirs if a.attempt_id not in known]
                    db.table("attempts").insert_multiple(a.to_dict() for a in new)
                    have = {d["id"] for d in db.table("statements").all()}
                    fresh = [s for s in their_statements if s["id"] not in have]
                    db.table("statements").insert_multiple(
                        {"id": s["id"], "statement": s, "sent": False} for s in fresh)
                    every = [Attempt.from_dict(d) for d in db.table("attempts").all()]
                added += len(new)
                with self._summary(person.employee_id) as db:
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
        if attempts:
            ours.attempts = len(attempts)
            ours.best_score = max(a.score for a in attempts)
            ours.points = max(ours.points, max(a.points for a in attempts))
            passed = [a for a in attempts if a.passed]
            if passed:
                ours.status = "completed"
                first = min(a.finished_at for a in passed)
                ours.completed_at = min(filter(None, (ours.completed_at, first)))
    return change
