"""What is stored about learners: plain dataclasses that turn into JSON and back, the rules for
employee ids, and the one rule that turns attempts and positions into a chapter summary."""
from __future__ import annotations

import copy
import math
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import cache
from typing import Any

from learnsocial.progress.status import STATUS_ORDER, ChapterStatus

# Employee ids, after NFKC and trimming: 2-32 ASCII letters, digits, '.', '_' or '-', the first a
# letter or digit. They are compared without case (casefold), so EMP-006 and emp-006 are one
# person; the form typed first is the one shown. Letters outside ASCII (å, ö, ß, or a Cyrillic
# 'а' that looks like a Latin 'a') are refused: ids are typed from badges and HR lists, and two
# ids that look alike must not be two people. NFKC still helps: full-width digits or letters
# typed with an East Asian input method become the ASCII ones.
EMPLOYEE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$")
ID_RULE = ("2-32 letters (A-Z), digits, '.', '_' or '-', starting with a letter or digit; "
           "case does not matter")
MAX_RAW_ID = 200  # longer input is refused before it is normalised


def display_id(text: str) -> str:
    """An id as it is shown: NFKC-normalised and trimmed, case kept ("" if not a string)."""
    if not isinstance(text, str) or len(text) > MAX_RAW_ID:
        return ""
    return unicodedata.normalize("NFKC", text).strip()


def canonical_id(text: str) -> str:
    """The form ids are compared in: display_id, then casefolded ("" when the id is invalid)."""
    shown = display_id(text)
    return shown.casefold() if EMPLOYEE_ID.match(shown) else ""


def valid_employee_id(text: str) -> bool:
    """See EMPLOYEE_ID: 2-32 ASCII letters, digits, '.', '_' or '-', first a letter or digit."""
    return bool(canonical_id(text))


def parse_stamp(stamp: object) -> datetime | None:
    """A stored ISO 8601 timestamp as an aware datetime; None if it is not one."""
    if not isinstance(stamp, str) or not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_EARLIEST = datetime.min.replace(tzinfo=UTC)


def stamp_order(stamp: object) -> datetime:
    """A timestamp for sorting; missing or unreadable ones sort first."""
    return parse_stamp(stamp) or _EARLIEST


@cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def _from_dict(cls, data: dict):
    """An instance from stored data; keys this version does not know are left out."""
    try:
        return cls(**data)  # the usual case, and fast: an export reads 10^6 answers
    except TypeError:  # a field this version does not know (or one missing: raises again)
        names = _field_names(cls)
        return cls(**{k: v for k, v in data.items() if k in names})


_FIELD_ORDER: dict[type, tuple[str, ...]] = {}


def _field_order(cls: type) -> tuple[str, ...]:
    found = _FIELD_ORDER.get(cls)
    if found is None:
        found = _FIELD_ORDER[cls] = tuple(f.name for f in fields(cls))
    return found


class Record:
    """A stored dataclass: to JSON-ready dict and back. The records have slots (an HR report
    holds one ChapterProgress per employee and chapter: 60,000 at 10,000 employees)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        # dataclasses.asdict deep-copies every value; these records hold plain values (their
        # nested parts are copied by the subclasses that have them), and a save makes several
        return {name: getattr(self, name) for name in _field_order(type(self))}

    @classmethod
    def from_dict(cls, data: dict):
        return _from_dict(cls, data)


@dataclass(slots=True)
class Employee(Record):
    employee_id: str  # as first typed (or imported); compared by canonical_id
    display_name: str
    department: str = ""
    language: str | None = None
    settings: dict = field(default_factory=dict)
    created_at: str = ""
    last_seen_at: str = ""  # "" until the person signs in (a roster entry only)
    manager: str = ""
    start_date: str = ""  # ISO date or ""
    due_date: str = ""  # ISO date or ""
    enrolled_by: str = "sign-in"  # "roster" or "sign-in": how the person first came in
    demo: bool = False  # made by `learnsocial demo`, not a real employee

    @classmethod
    def from_dict(cls, data: dict, *, fresh: bool = False) -> Employee:
        """fresh: data was just decoded and is kept nowhere else (HR's index), so its
        settings are not copied; otherwise they are, so no cached dict is ever shared."""
        person = _from_dict(cls, data)
        if not fresh:
            person.settings = copy.deepcopy(person.settings or {})
        return person

    def to_dict(self) -> dict:
        return {**Record.to_dict(self), "settings": copy.deepcopy(self.settings)}


ROSTER_FIELDS = ("department", "manager", "start_date", "due_date")


@dataclass(frozen=True)
class RosterRow:
    """One employee of an HR roster (a CSV or HR-system export parsed by the caller)."""

    employee_id: str
    display_name: str
    department: str = ""
    manager: str = ""
    start_date: str = ""  # ISO date (2026-01-15) or ""
    due_date: str = ""  # ISO date or ""


def merged_employee(ours: Employee | None, theirs: Employee | None) -> Employee | None:
    """One person's record from two desktops: the newest name, language and settings (by
    last_seen_at), the earliest created_at and id form, roster fields kept (ours first)."""
    if ours is None or theirs is None:
        return ours or theirs
    newer, older = ((theirs, ours) if stamp_order(theirs.last_seen_at)
                    > stamp_order(ours.last_seen_at) else (ours, theirs))
    first = min((ours, theirs), key=lambda e: (stamp_order(e.created_at) if e.created_at
                                               else datetime.max.replace(tzinfo=UTC)))
    merged = Employee(
        employee_id=first.employee_id, display_name=newer.display_name or older.display_name,
        language=newer.language or older.language,
        settings={**older.settings, **newer.settings},
        created_at=min(filter(None, (ours.created_at, theirs.created_at)), key=stamp_order,
                       default=""),
        last_seen_at=max(ours.last_seen_at, theirs.last_seen_at, key=stamp_order),
        enrolled_by="roster" if "roster" in (ours.enrolled_by, theirs.enrolled_by)
        else "sign-in",
        demo=ours.demo and theirs.demo)
    for name in ROSTER_FIELDS:
        setattr(merged, name, getattr(ours, name) or getattr(theirs, name))
    return merged


@dataclass(slots=True)
class ChapterProgress(Record):
    employee_id: str
    chapter_id: str
    status: str = ChapterStatus.NOT_STARTED
    scene_id: str | None = None  # where to resume, by stable scene id
    started_at: str | None = None
    completed_at: str | None = None
    best_score: float | None = None
    points: int = 0  # the best points of any attempt
    attempts: int = 0
    time_spent_s: float = 0.0  # dialogue time (every desktop) + time in tests


@dataclass(slots=True)
class Position(Record):
    """Where one desktop (origin) is in a chapter's dialogue and how long it spent there.

    Each desktop adds only to its own position, so merged desktops sum without counting
    anything twice."""

    chapter_id: str
    origin: str
    scene_id: str | None = None
    dialogue_s: float = 0.0
    started_at: str | None = None
    updated_at: str | None = None


@dataclass(slots=True)
class Carried(Record):
    """Figures kept from an older layout that the stored attempts no longer show (e.g. a
    completion whose attempt was lost to a damaged file before the upgrade): floors only."""

    chapter_id: str
    status: str = ChapterStatus.NOT_STARTED
    started_at: str | None = None
    completed_at: str | None = None
    best_score: float | None = None
    points: int = 0
    attempts: int = 0


@dataclass(slots=True)
class AnswerRecord:
    item_id: str
    response: str
    correct: bool
    time_s: float
    points: int = 0


@dataclass(slots=True)
class Attempt(Record):
    attempt_id: str
    employee_id: str
    chapter_id: str
    game: str
    started_at: str
    finished_at: str
    answers: list[AnswerRecord]
    score: float
    points: int
    passed: bool
    content_version: str = ""
    duration_s: float = 0.0  # time in the test; 0 = not measured (then finished - started)

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    @classmethod
    def from_dict(cls, data: dict) -> Attempt:
        attempt = _from_dict(cls, data)
        attempt.answers = [a if isinstance(a, AnswerRecord) else _from_dict(AnswerRecord, a)
                           for a in attempt.answers]
        return attempt

    def to_dict(self) -> dict:
        return {**Record.to_dict(self), "answers": [
            {"item_id": a.item_id, "response": a.response, "correct": a.correct,
             "time_s": a.time_s, "points": a.points} if isinstance(a, AnswerRecord) else dict(a)
            for a in self.answers]}


def measured_duration(attempt: Attempt) -> float:
    """The attempt's duration_s, or the time between its start and finish if none was given."""
    if attempt.duration_s > 0:
        return float(attempt.duration_s)
    start, end = parse_stamp(attempt.started_at), parse_stamp(attempt.finished_at)
    if start is None or end is None:
        return 0.0
    return max(0.0, (end - start).total_seconds())


def chapter_summary(employee_id: str, chapter_id: str, attempts: Iterable[Attempt],
                    positions: Iterable[Position], carried: Carried | None = None
                    ) -> ChapterProgress:
    """The one rule for a chapter's summary, used by every write, merge, upgrade and repair.

    completed: an attempt passed (never reverts); failed: attempts, none passed (so the latest
    failed); in_progress: a position but no attempt; not_started: nothing. Best score and points
    are the best of any attempt; time spent = dialogue time of every desktop + test time;
    started_at the earliest start, completed_at the first pass; scene_id the newest position's.
    """
    tries = list(attempts)
    places = list(positions)
    passed = [a for a in tries if a.passed]
    if passed:
        status = ChapterStatus.COMPLETED
    elif tries:
        status = ChapterStatus.FAILED
    elif places:
        status = ChapterStatus.IN_PROGRESS
    else:
        status = ChapterStatus.NOT_STARTED
    starts = [a.started_at for a in tries] + [p.started_at for p in places]
    completions = [a.finished_at for a in passed]
    scores = [float(a.score) for a in tries]
    points = [int(a.points) for a in tries]
    count = len(tries)
    if carried is not None:
        if STATUS_ORDER.get(carried.status, 0) > STATUS_ORDER[status]:
            status = ChapterStatus(carried.status)
        if carried.started_at:
            starts.append(carried.started_at)
        if carried.completed_at:
            completions.append(carried.completed_at)
        if carried.best_score is not None:
            scores.append(float(carried.best_score))
        points.append(int(carried.points))
        count = max(count, int(carried.attempts))
    newest = max(places, key=lambda p: (stamp_order(p.updated_at), p.dialogue_s, p.origin),
                 default=None)
    time_spent = sum(max(0.0, p.dialogue_s) for p in places) + sum(
        measured_duration(a) for a in tries)
    return ChapterProgress(
        employee_id, chapter_id, str(status),
        scene_id=newest.scene_id if newest else None,
        started_at=min(filter(None, starts), key=stamp_order, default=None),
        completed_at=(min(filter(None, completions), key=stamp_order, default=None)
                      if status == ChapterStatus.COMPLETED else None),
        best_score=max(scores) if scores else None,
        points=max(points, default=0), attempts=count,
        time_spent_s=round(time_spent, 3) if math.isfinite(time_spent) else 0.0)
