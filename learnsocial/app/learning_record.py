"""The one way screens write progress: the store, plus the xAPI statements each event implies.

Each event is saved together with its statements in one locked write, so the outbox never
misses an event that the progress shows, or the other way round.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from learnsocial.content.model import Chapter
from learnsocial.games.base import GameResult
from learnsocial.progress.records import AnswerRecord, Attempt, ChapterProgress, ChapterStatus
from learnsocial.progress.store import ProgressStore
from learnsocial.progress.xapi import StatementFactory, XapiConfig

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass
class LearningRecord:
    store: ProgressStore
    employee_id: str
    language: str
    course_id: str
    course_title: str
    chapter_ids: list[str]
    config: XapiConfig = field(default_factory=XapiConfig)
    clock: Clock = utc_now

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

    def test_finished(self, chapter: Chapter, result: GameResult, started_at: datetime
                      ) -> tuple[Attempt, ChapterProgress]:
        """Store a played test as an attempt, with its statements; returns both."""
        assert chapter.test is not None
        passed = result.passed(chapter.pass_mark)
        attempt = Attempt(
            attempt_id=Attempt.new_id(), employee_id=self.employee_id, chapter_id=chapter.id,
            game=result.game, started_at=stamp(started_at), finished_at=stamp(self.clock()),
            answers=[AnswerRecord(i.item_id, i.response_id, i.correct, i.time_s, i.points)
                     for i in result.items],
            score=result.score, points=result.points, passed=passed,
            content_version=chapter.version)
        prompts = dict(chapter.test.spec.items())
        factory = self._factory()
        title = chapter.title
        before = self.store.progress(self.employee_id)
        statements = [factory.question_answered(chapter.id, title, a.item_id,
                                                prompts.get(a.item_id, a.item_id), a.response,
                                                a.correct, a.time_s) for a in attempt.answers]
        statements.append(factory.test_finished(chapter.id, title, attempt.score, result.right,
                                                len(attempt.answers), passed, result.duration_s))
        was_completed = chapter.id in before and \
            before[chapter.id].status == ChapterStatus.COMPLETED
        if passed and not was_completed:
            statements.append(factory.chapter_completed(chapter.id, title))
            done = {cid for cid, p in before.items() if p.status == ChapterStatus.COMPLETED}
            if set(self.chapter_ids) <= done | {chapter.id}:
                statements.append(factory.course_completed())
        return attempt, self.store.record_attempt(attempt, statements)
