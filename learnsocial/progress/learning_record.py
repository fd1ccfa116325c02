"""The one way screens write progress: the store, plus the xAPI statements each event implies.

Each event is saved together with its statements in one locked write, so the outbox never
misses an event that the progress shows, or the other way round.
"""
from __future__ import annotations

from dataclasses import dataclass

from learnsocial.progress.records import Attempt, ChapterProgress
from learnsocial.progress.store import ProgressStore
from learnsocial.progress.xapi import (LanguageMap, StatementFactory, XapiConfig,
                                       registration_for)


@dataclass
class LearningRecord:
    """Titles may be plain text (in the learner's language) or language maps of every language."""

    store: ProgressStore
    employee_id: str
    language: str
    course_id: str
    course_title: str | LanguageMap
    chapter_ids: list[str]
    config: XapiConfig = XapiConfig()

    def factory(self) -> StatementFactory:
        return StatementFactory(self.config, self.employee_id, self.language, self.course_id,
                                self.names(self.course_title))

    def names(self, title: str | LanguageMap) -> LanguageMap:
        return dict(title) if isinstance(title, dict) else {self.language: title}

    def signed_in(self) -> None:
        self.store.queue_statements(self.employee_id, [self.factory().course_launched()])

    def chapter_opened(self, chapter_id: str, title: str | LanguageMap, scene_id: str,
                       number: int, total: int) -> ChapterProgress:
        factory = self.factory()
        return self.store.save_position(
            self.employee_id, chapter_id, scene_id, 0.0,
            [factory.chapter_launched(chapter_id, self.names(title)),
             factory.scene_experienced(chapter_id, self.names(title), scene_id, number, total)])

    def scene_reached(self, chapter_id: str, title: str | LanguageMap, scene_id: str,
                      number: int, total: int, seconds: float) -> ChapterProgress:
        statement = self.factory().scene_experienced(chapter_id, self.names(title), scene_id,
                                                      number, total)
        return self.store.save_position(self.employee_id, chapter_id, scene_id, seconds,
                                        [statement])

    def time_spent(self, chapter_id: str, scene_id: str, seconds: float) -> ChapterProgress:
        return self.store.save_position(self.employee_id, chapter_id, scene_id, seconds)

    def test_finished(self, title: str | LanguageMap, attempt: Attempt, prompts: dict[str, str],
                      seconds: float, answers: list[dict] | None = None) -> ChapterProgress:
        """Record an attempt with its statements. `answers` are the answer statements, built by
        a caller that knows the test's choices (with factory() and registration_for(attempt
        id)); without them each answer becomes a bare choice interaction."""
        factory = self.factory()
        chapter_id = attempt.chapter_id
        registration = registration_for(attempt.attempt_id)
        before = self.store.progress(self.employee_id)
        if answers is None:
            answers = [factory.choice_answered(
                chapter_id, a.item_id, name={self.language: prompts.get(a.item_id, a.item_id)},
                choices=None, correct=None, response=a.response or None, success=a.correct,
                seconds=a.time_s, registration=registration) for a in attempt.answers]
        statements = list(answers)
        right = sum(1 for a in attempt.answers if a.correct)
        statements.append(factory.test_finished(
            chapter_id, self.names(title), score=attempt.score, right=right,
            total=len(attempt.answers), passed=attempt.passed, seconds=seconds,
            registration=registration))
        was_completed = before.get(chapter_id) and before[chapter_id].status == "completed"
        if attempt.passed and not was_completed:
            statements.append(factory.chapter_completed(chapter_id, self.names(title)))
            done = {cid for cid, p in before.items() if p.status == "completed"} | {chapter_id}
            if set(self.chapter_ids) <= done:
                statements.append(factory.course_completed())
        return self.store.record_attempt(attempt, statements)
