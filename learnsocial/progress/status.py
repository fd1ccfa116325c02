"""Where an employee stands in a chapter: a module of its own, so a command line that only offers
the statuses as choices does not load the records."""
from __future__ import annotations

from enum import StrEnum


class ChapterStatus(StrEnum):
    """Where an employee stands in a chapter (or the course)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FAILED = "failed"  # the latest test attempt failed and none passed
    COMPLETED = "completed"


STATUS_ORDER: dict[str, int] = {ChapterStatus.NOT_STARTED: 0, ChapterStatus.IN_PROGRESS: 1,
                                ChapterStatus.FAILED: 2, ChapterStatus.COMPLETED: 3}
