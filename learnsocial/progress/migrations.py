"""Schema versions of the progress data and the steps that upgrade them.

Every data file carries the version it was written in (storage.STAMP_KEY); a file without one
is version 1. Changes inside files are upgraded in memory when a file is read, one step at a
time (n -> n + 1), and written back in the current version on its next save, so such an upgrade
never needs a pass over 10,000 files. To change a file format: raise SCHEMA_VERSION and add the
step from the old version to MIGRATIONS, e.g.

    def _v2_to_v3(kind: str, tables: dict) -> dict:
        if kind == "learner":
            for doc in tables.get("employee", {}).values():
                doc.setdefault("cost_centre", "")
        return tables

    MIGRATIONS[2] = _v2_to_v3

A change of layout (files moved, split or merged) is a step over the whole folder instead. The
one so far is version 1 -> 2 (read_v1 below, written by ProgressStore._migrate_v1): schema 1 kept
64 summary shards (summary/NN.json) and one learner file per typed id (learners/ID-CRC.json)
with rotating .bakN copies; schema 2 keeps one file per person (see store.py). Ids that differ
only in case become one person there, with all their attempts and statements.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from learnsocial.progress.records import (
    Attempt,
    Carried,
    Employee,
    Position,
    canonical_id,
    chapter_summary,
    display_id,
    merged_employee,
    stamp_order,
)
from learnsocial.progress.status import STATUS_ORDER, ChapterStatus

SCHEMA_VERSION = 2

# kind of file ("learner", "index", "meta") and its tables -> the tables one version later
Migration = Callable[[str, dict], dict]
MIGRATIONS: dict[int, Migration] = {}


def upgrade(kind: str, tables: dict, version: int,
            migrations: dict[int, Migration] | None = None,
            target: int = SCHEMA_VERSION) -> dict:
    """The tables of a file of the given version, brought up to the target version.

    Files of version 1 belong to the old layout and are only read by read_v1: reading one as a
    current file is a LookupError (the caller reports it as a damaged file)."""
    steps = MIGRATIONS if migrations is None else migrations
    while version < target:
        if version not in steps:
            raise LookupError(f"no migration from schema version {version} to {version + 1}")
        tables = steps[version](kind, tables)
        version += 1
    return tables


# -- layout 1 (64 summary shards + learners/ID-CRC.json) -> layout 2 -----------------------

V1_BACKUPS = 9  # .bak1 ... .bak9 were looked for by the old store


@dataclass
class V1Person:
    """Everything the old layout held about one person (all case variants of the id)."""

    key: str  # canonical id
    employees: list[dict] = field(default_factory=list)
    progress: list[dict] = field(default_factory=list)
    attempts: dict[str, dict] = field(default_factory=dict)  # by attempt id
    statements: dict[str, dict] = field(default_factory=dict)  # by statement id


def is_v1_folder(files) -> bool:
    return files.is_dir("summary") or files.is_dir("learners")


def _load_v1(files, rel: str, decode, problems: list[str], damaged: list[str]
             ) -> tuple[dict | None, str | None]:
    """(tables, backup used) of an old file; a damaged one is read from its newest good backup.
    Problems (one line each) are added for damage; (None, None) if nothing could be read."""
    raw = files.read(rel)
    if raw is None:
        return None, None
    try:
        return decode(raw, files.where(rel), "v1"), None
    except ValueError as damage:
        reason = str(damage)
        damaged.append(rel)
    for number in range(1, V1_BACKUPS + 1):
        backup = f"{rel}.bak{number}"
        raw = files.read(backup)
        if raw is None:
            continue
        try:
            tables = decode(raw, files.where(backup), "v1")
        except ValueError:
            continue
        problems.append(f"{files.where(rel)} was damaged ({reason}); its backup "
                        f"{backup.rsplit('/', 1)[-1]} was used, so its last changes are missing")
        return tables, backup
    problems.append(f"{files.where(rel)} was damaged ({reason}) and has no good backup; "
                    "its records are not in the upgraded data (the file is kept)")
    return None, None


def read_v1(files, decode, problems: list[str], damaged: list[str]) -> dict[str, V1Person]:
    """Every person of an old-layout folder, by canonical id. Damaged files are read from their
    backups; what could not be read, and records with ids the id rules refuse, are named in
    problems (one line each) and left out; damaged lists the files that could not be read."""
    people: dict[str, V1Person] = {}

    def person(raw_id: object, where: str) -> V1Person | None:
        key = canonical_id(raw_id) if isinstance(raw_id, str) else ""
        if not key:
            shown = repr(raw_id)[:40] + ("..." if len(repr(raw_id)) > 40 else "")
            problems.append(f"{where}: the employee id {shown} is not valid "
                            "(2-32 letters, digits, '.', '_' or '-'); its records were left out")
            return None
        return people.setdefault(key, V1Person(key))

    for name in sorted(files.listdir("summary")):
        if not (name.endswith(".json") and name[:-5].isdigit()):
            continue
        rel = f"summary/{name}"
        tables, _backup = _load_v1(files, rel, decode, problems, damaged)
        for doc in (tables or {}).get("employees", {}).values():
            found = person(doc.get("employee_id"), files.where(rel))
            if found is not None:
                found.employees.append(doc)
        for doc in (tables or {}).get("progress", {}).values():
            found = person(doc.get("employee_id"), files.where(rel))
            if found is not None and isinstance(doc.get("chapter_id"), str):
                found.progress.append(doc)
    for name in sorted(files.listdir("learners")):
        if not name.endswith(".json") or name.startswith("."):
            continue
        raw_id, _sep, _crc = name[: -len(".json")].rpartition("-")
        rel = f"learners/{name}"
        found = person(raw_id, files.where(rel))
        if found is None:
            continue
        tables, _backup = _load_v1(files, rel, decode, problems, damaged)
        for doc in (tables or {}).get("attempts", {}).values():
            if isinstance(doc.get("attempt_id"), str):
                found.attempts.setdefault(doc["attempt_id"], doc)
        for doc in (tables or {}).get("statements", {}).values():
            statement = doc.get("statement")
            if isinstance(statement, dict) and isinstance(statement.get("id"), str):
                kept = found.statements.setdefault(statement["id"], dict(doc))
                kept["sent"] = bool(kept.get("sent")) or bool(doc.get("sent"))
    return people


def _number(value: object, default: float = 0.0) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return default


def v1_person_records(person: V1Person, origin: str, problems: list[str], where: str
                      ) -> tuple[Employee | None, list[Attempt], list[Position], list[Carried],
                                 list[dict]]:
    """A person of the old layout in the new records: (employee, attempts, positions, carried
    figures, statement docs). Case variants are merged: the employee record by the merge
    rules, dialogue time summed, and any figure of the old summaries that the attempts no
    longer show is carried as a floor."""
    employee = None
    for doc in person.employees:
        try:
            one = Employee.from_dict(doc)
        except TypeError:
            problems.append(f"{where}: an employee record of {person.key} is incomplete; "
                            "it was left out")
            continue
        one.employee_id = display_id(one.employee_id)
        employee = merged_employee(employee, one)
    shown = employee.employee_id if employee else person.key
    attempts = []
    for doc in person.attempts.values():
        try:
            attempt = Attempt.from_dict(doc)
        except (TypeError, AttributeError):
            problems.append(f"{where}: attempt {doc.get('attempt_id')} of {person.key} is "
                            "incomplete; it was left out")
            continue
        attempt.employee_id = shown
        attempts.append(attempt)
    seen_at = {d.get("employee_id"): d.get("last_seen_at", "") for d in person.employees}
    positions: dict[str, Position] = {}
    carried: list[Carried] = []
    by_chapter: dict[str, list[dict]] = {}
    for doc in person.progress:
        by_chapter.setdefault(doc["chapter_id"], []).append(doc)
    for chapter_id, docs in by_chapter.items():
        newest = max(docs, key=lambda d: stamp_order(seen_at.get(d.get("employee_id"), "")))
        starts = [d.get("started_at") for d in docs if isinstance(d.get("started_at"), str)]
        positions[chapter_id] = Position(
            chapter_id, origin,
            scene_id=newest.get("scene_id") if isinstance(newest.get("scene_id"), str)
            else None,
            dialogue_s=round(sum(max(0.0, _number(d.get("time_spent_s"))) for d in docs), 3),
            started_at=min(starts, key=stamp_order) if starts else None,
            updated_at=seen_at.get(newest.get("employee_id")) or None)
        mine = [a for a in attempts if a.chapter_id == chapter_id]
        now = chapter_summary(shown, chapter_id, mine, [positions[chapter_id]])
        old = Carried(chapter_id)
        for d in docs:
            raw = d.get("status")
            status = raw if isinstance(raw, str) and raw in STATUS_ORDER else "not_started"
            if STATUS_ORDER[status] > STATUS_ORDER[old.status]:
                old.status = status
            if isinstance(d.get("completed_at"), str) and status == ChapterStatus.COMPLETED:
                old.completed_at = min(filter(None, (old.completed_at, d["completed_at"])),
                                       key=stamp_order)
            if d.get("best_score") is not None:
                old.best_score = max(old.best_score or 0.0, _number(d.get("best_score")))
            old.points = max(old.points, int(_number(d.get("points"))))
            old.attempts = max(old.attempts, int(_number(d.get("attempts"))))
        more = (STATUS_ORDER[old.status] > STATUS_ORDER[now.status]
                or (old.best_score or 0.0) > (now.best_score or 0.0)
                or old.points > now.points or old.attempts > now.attempts
                or (old.completed_at and now.completed_at
                    and stamp_order(old.completed_at) < stamp_order(now.completed_at)))
        if more:
            old.started_at = now.started_at
            carried.append(old)
    statements = sorted(person.statements.values(),
                        key=lambda d: str(d["statement"].get("timestamp", "")))
    return employee, attempts, list(positions.values()), carried, statements
