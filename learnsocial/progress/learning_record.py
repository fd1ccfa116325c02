"""The one way screens write progress: the store, plus the xAPI statements each event implies.

Each event is saved together with its statements in one locked write, so the outbox never
misses an event that the progress shows, or the other way round.
"""
from __future__ import annotations

from dataclasses import dataclass

from learnsocial.progress.records import Attempt, ChapterProgress
from learnsocial.progress.store import ProgressStore
from learnsocial.progress.xapi import StatementFactory, XapiConfig


@dataclass
class LearningRecord:
    store: ProgressStore
    employee_id: str
    language: str
    course_id: str
    course_title: str
    chapter_ids: list[str]
    config: XapiConfig = XapiConfig()

    def _factory(self) -> StatementFactory:
        return StatementFactory(self.config, self.employee_id, self.language, self.course_id,
                                self.course_title)

    def signed_in(self) -> None:
        self.store.queue_statements(self.employee_id, [self._factory().course_launched()])

    def chapter_opened(self, chapter_id: str, title: str, scene_id: str, number: int,
                       total: int) -> ChapterProgress:
        factory = self._factory()
        return self.store.save_position(
            self.employee_id, chapter_id, scene_id, 0.0,
            [factory.chapter_launched(chapter_id, title),
             factory.scene_experienced(chapter_id, title, scene_id, number, total)])

    def scene_reached(self, chapter_id: str, title: str, scene_id: str, number: int,
                      total: int, seconds: float) -> ChapterProgress:
        statement = self._factory().scene_experienced(chapter_id, title, scene_id, number, total)
        return self.store.save_position(self.employee_id, chapter_id, scene_id, seconds,
                                        [statement])

    def time_spent(self, chapter_id: str, scene_id: str, seconds: float) -> ChapterProgress:
        return self.store.save_position(self.employee_id, chapter_id, scene_id, seconds)

    def test_finished(self, title: str, attempt: Attempt, prompts: dict[str, str],
                      seconds: float) -> ChapterProgress:
        factory = self._factory()
        chapter_id = attempt.chapter_id
        before = self.store.progress(self.employee_id)
        statements = [factory.question_answered(chapter_id, title, a.item_id,
                                                prompts.get(a.item_id, a.item_id), a.response,
                                                a.correct, a.time_s) for a in attempt.answers]
        right = sum(1 for a in attempt.answers if a.correct)
        statements.append(factory.test_finished(chapter_id, title, attempt.score, right,
                                                len(attempt.answers), attempt.passed, seconds))
        was_completed = before.get(chapter_id) and before[chapter_id].status == "completed"
        if attempt.passed and not was_completed:
            statements.append(factory.chapter_completed(chapter_id, title))
            done = {cid for cid, p in before.items() if p.status == "completed"} | {chapter_id}
            if set(self.chapter_ids) <= done:
                statements.append(factory.course_completed())
        return self.store.record_attempt(attempt, statements)
