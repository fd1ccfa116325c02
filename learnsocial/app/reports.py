"""HR's figures, the same for the HR area on screen and for the export commands."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from learnsocial.content.model import Course
from learnsocial.progress.records import Employee
from learnsocial.progress.report import (ChapterStats, QuestionStats, ReportFilter,
                                         chapter_stats, completion_rows, question_stats)
from learnsocial.progress.store import ProgressStore


@dataclass
class Reports:
    store: ProgressStore
    chapters: list[tuple[str, str]]  # (chapter id, title) in course order

    @classmethod
    def for_course(cls, store: ProgressStore, course: Course | None) -> Reports:
        return cls(store, [(c.id, c.title) for c in course.chapters] if course else [])

    def employees(self) -> list[Employee]:
        return self.store.employees()

    def rows(self, keep: ReportFilter = ReportFilter(),
             on_progress: Callable[[int], None] | None = None) -> list[dict]:
        """One row per employee and chapter, chapters not started included."""
        every = self.store.all_progress()  # one pass over the summaries, not one per person
        return completion_rows(self.employees(), lambda eid: every.get(eid, {}), self.chapters,
                               keep, on_progress)

    def chapter_stats(self, rows: list[dict]) -> list[ChapterStats]:
        return chapter_stats(rows, self.store.attempts(), self.chapters)

    def question_stats(self) -> list[QuestionStats]:
        return question_stats(self.store.attempts())
