"""What is stored about learners: plain dataclasses that turn into JSON and back."""
from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from functools import cache
from typing import Any, cast

EMPLOYEE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$")


class ChapterStatus(StrEnum):
    """Where an employee stands in a chapter (or the course)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FAILED = "failed"  # the latest test attempt failed and none passed
    COMPLETED = "completed"


STATUS_ORDER: dict[str, int] = {ChapterStatus.NOT_STARTED: 0, ChapterStatus.IN_PROGRESS: 1,
                ChapterStatus.FAILED: 2, ChapterStatus.COMPLETED: 3}


def valid_employee_id(text: str) -> bool:
    """2-32 characters: a letter or digit first, then letters, digits, '.', '_' or '-'."""
    return bool(EMPLOYEE_ID.match(text or ""))


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


class Record:
    """A stored dataclass: to JSON-ready dict and back."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(cast(Any, self))

    @classmethod
    def from_dict(cls, data: dict):
        return _from_dict(cls, data)


@dataclass
class Employee(Record):
    employee_id: str
    display_name: str
    department: str = ""
    language: str | None = None
    settings: dict = field(default_factory=dict)
    created_at: str = ""
    last_seen_at: str = ""


@dataclass
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
    time_spent_s: float = 0.0


@dataclass
class AnswerRecord:
    item_id: str
    response: str
    correct: bool
    time_s: float
    points: int = 0


@dataclass
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

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    @classmethod
    def from_dict(cls, data: dict) -> Attempt:
        attempt = _from_dict(cls, data)
        attempt.answers = [a if isinstance(a, AnswerRecord) else _from_dict(AnswerRecord, a)
                           for a in attempt.answers]
        return attempt
