"""The one way screens write progress: the store, plus the xAPI statements each event implies.

Each event is saved together with its statements in one locked write, so the outbox never
misses an event that the progress shows, or the other way round. Activity names are language
maps of every course language, so an LRS shows them in the reader's language.

Writes go through a SaveQueue (app/saving.py): a write the disk refuses is kept and made again
later, and once HR erased the learner nothing is written. So a write method returns the
store's answer when it was saved now, and None when it waits (or was dropped).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from learnsocial.app.saving import SaveQueue
from learnsocial.app.statements import answer_statements, names, specs_of
from learnsocial.content.model import Chapter, Course, Scene
from learnsocial.games.base import GameResult
from learnsocial.i18n import _, percent
from learnsocial.progress.records import AnswerRecord, Attempt, ChapterProgress
from learnsocial.progress.status import ChapterStatus
from learnsocial.progress.store import ProgressStore, StoreError
from learnsocial.progress.xapi import (
    EMPLOYEE_FIELDS,
    LanguageMap,
    StatementFactory,
    XapiConfig,
    now_stamp,
    registration_for,
)

Clock = Callable[[], datetime]
# The employee setting that keeps the first option a person took in a choice scene: HR's
# figures on how situations were judged read it from the index instead of every statement.
FIRST_CHOICE = "first-choice:{chapter}/{scene}"


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass
class LearningRecord:
    store: ProgressStore
    employee_id: str
    language: str
    course: Course
    # language -> the course in it: read only when a statement needs every language's names
    translations: Callable[[], Mapping[str, Course]]
    config: XapiConfig = field(default_factory=XapiConfig)
    clock: Clock = utc_now
    saves: SaveQueue = field(default_factory=SaveQueue)
    display_name: str = ""  # sent as actor.name, so a report from the LRS can name people

    def _save(self, write: Callable[[], ChapterProgress | None], what: str = ""
              ) -> ChapterProgress | None:
        """Make one store call through the save queue; its answer if it was saved now."""
        answer: list[ChapterProgress | None] = []
        self.saves.write(self.employee_id, lambda: answer.append(write()), what)
        return answer[0] if answer else None

    def factory(self, at: str | None = None) -> StatementFactory:
        """The statement factory; `at`: the moment its statements are stamped with (the one
        the store records for the same event, so a report from the LRS shows the same times)."""
        return StatementFactory(self.config, self.employee_id, self.language, self.course.id,
                                names({lang: c.title for lang, c in self.translations().items()})
                                or {self.language: self.course.title},
                                clock=(lambda: at) if at else now_stamp, name=self.display_name)

    def now(self) -> str:
        return stamp(self.clock())

    def chapter_names(self, chapter_id: str) -> LanguageMap:
        found = names({lang: chapter.title for lang, course in self.translations().items()
                       if (chapter := course.chapter(chapter_id)) is not None})
        own = self.course.chapter(chapter_id)
        return found or ({self.language: own.title} if own else {self.language: chapter_id})

    @property
    def chapter_ids(self) -> list[str]:
        return [c.id for c in self.course.chapters]

    def signed_in(self) -> None:
        """Queue "launched the course", stamped with the sign-in the store just recorded and
        carrying the HR fields of the employee record."""
        try:
            employee = self.store.employee(self.employee_id)
        except StoreError:  # unreadable for now: the statement goes without the HR fields
            employee = None
        at = employee.last_seen_at if employee and employee.last_seen_at else None
        fields = {name: getattr(employee, name) for name in EMPLOYEE_FIELDS} if employee else {}
        if fields.get("enrolled_by") != "roster":
            fields.pop("enrolled_by", None)  # signing in is the default
        statement = self.factory(at).course_launched(fields)
        self._save(lambda: self.store.queue_statements(self.employee_id, [statement]))

    # Dialogue time is kept to the 0.01 s an xAPI duration holds, the same in the store and
    # in the statements, so the LRS's sum is the store's.
    def chapter_opened(self, chapter_id: str, scene_id: str, number: int, total: int
                       ) -> ChapterProgress | None:
        at = self.now()
        factory = self.factory(at)
        title = self.chapter_names(chapter_id)
        statements = [factory.chapter_launched(chapter_id, title),
                      factory.scene_experienced(chapter_id, title, scene_id, number, total, 0.0)]
        return self._save(lambda: self.store.save_position(
            self.employee_id, chapter_id, scene_id, 0.0, statements, at=at))

    def scene_reached(self, chapter_id: str, scene_id: str, number: int, total: int,
                      seconds: float) -> ChapterProgress | None:
        at, seconds = self.now(), round(max(0.0, seconds), 2)
        statement = self.factory(at).scene_experienced(
            chapter_id, self.chapter_names(chapter_id), scene_id, number, total, seconds)
        return self._save(lambda: self.store.save_position(
            self.employee_id, chapter_id, scene_id, seconds, [statement], at=at))

    def time_spent(self, chapter_id: str, scene_id: str, seconds: float
                   ) -> ChapterProgress | None:
        """The learner leaves the story: its dialogue time since the last statement goes in
        a "suspended" statement (none when no time passed)."""
        at, seconds = self.now(), round(max(0.0, seconds), 2)
        statements = [self.factory(at).chapter_suspended(
            chapter_id, self.chapter_names(chapter_id), seconds)] if seconds else []
        return self._save(lambda: self.store.save_position(
            self.employee_id, chapter_id, scene_id, seconds, statements, at=at))

    def choice_made(self, chapter: Chapter, scene: Scene, option_id: str) -> None:
        """A "what would you do?" choice: recorded, never graded."""
        translated = {lang: s for lang, course in self.translations().items()
                      if (c := course.chapter(chapter.id)) and (s := c.scene(scene.id))}
        translated.setdefault(self.language, scene)
        choices = [(o.id, names({lang: opt.text for lang, s in translated.items()
                                 if (opt := s.option(o.id)) is not None}))
                   for o in scene.options]
        best = [o.id for o in scene.options if o.rating == "best"]
        statement = self.factory(self.now()).choice_scene_responded(
            chapter.id, scene.id, name=names({lang: s.text for lang, s in translated.items()}),
            choices=choices, best=best, response=option_id)
        first = FIRST_CHOICE.format(chapter=chapter.id, scene=scene.id)

        def write() -> None:
            with self.store.transaction():  # one write: the statement and HR's summary
                self.store.queue_statements(self.employee_id, [statement])
                known = self.store.employee(self.employee_id)
                if known is not None and first not in known.settings:
                    self.store.update_settings(self.employee_id, **{first: option_id})

        self._save(write, _("your answer to a question in {chapter}").format(
            chapter=chapter.title))

    def choices(self, chapter: Chapter) -> dict[str, str]:
        """The option last taken in each choice scene of a chapter: scene id -> option id.

        Read back from the learner's "responded" statements (the store keeps them in the
        learner's file), matched by the part of the activity id after the configured base,
        so a changed base still finds them."""
        factory = self.factory()
        base = len(self.config.activity_base.rstrip("/"))
        wanted = {factory.activity_id("chapter", chapter.id, "scene", scene.id, "choice")[base:]:
                  scene.id for scene in chapter.choice_scenes}
        taken: dict[str, str] = {}
        try:
            saved = self.store.statements(self.employee_id)
        except StoreError:  # unreadable for now: the choices show as not taken
            saved = []
        for statement in saved:
            if not statement.get("verb", {}).get("id", "").endswith("/responded"):
                continue
            activity = statement.get("object", {}).get("id", "")
            scene_id = next((sid for tail, sid in wanted.items() if activity.endswith(tail)),
                            None)
            response = statement.get("result", {}).get("response")
            if scene_id is not None and isinstance(response, str):
                taken[scene_id] = response  # oldest first: the last one wins
        return taken

    def test_finished(self, chapter: Chapter, result: GameResult, started_at: datetime
                      ) -> tuple[Attempt, ChapterProgress | None]:
        """Store a played test as an attempt, with its statements; returns the attempt and the
        chapter's progress (None while the attempt waits to be saved)."""
        assert chapter.test is not None
        passed = result.passed(chapter.pass_mark)
        attempt = Attempt(
            attempt_id=Attempt.new_id(), employee_id=self.employee_id, chapter_id=chapter.id,
            game=result.game, started_at=stamp(started_at), finished_at=stamp(self.clock()),
            # times to the 0.01 s their statements hold (see chapter_opened)
            answers=[AnswerRecord(i.item_id, i.response_id, i.correct, round(i.time_s, 2),
                                  i.points) for i in result.items],
            score=result.score, points=result.points, passed=passed,
            content_version=chapter.version, duration_s=round(result.duration_s, 2))
        factory = self.factory(attempt.finished_at)
        registration = registration_for(attempt.attempt_id)
        title = self.chapter_names(chapter.id)
        specs = specs_of(self.translations(), chapter.id) or {self.language: chapter.test.spec}
        statements = answer_statements(factory, chapter.id, specs, result, registration)
        statements.append(factory.test_finished(
            chapter.id, title, score=attempt.score, right=result.right,
            total=len(attempt.answers), passed=passed, seconds=attempt.duration_s,
            registration=registration, points=attempt.points, started_at=attempt.started_at))
        try:
            before = self.store.progress(self.employee_id)
        except StoreError:  # unreadable for now: the statements say what this attempt did
            before = {}
        was_completed = chapter.id in before and \
            before[chapter.id].status == ChapterStatus.COMPLETED
        if passed and not was_completed:
            statements.append(factory.chapter_completed(chapter.id, title))
            done = {cid for cid, p in before.items() if p.status == ChapterStatus.COMPLETED}
            if set(self.chapter_ids) <= done | {chapter.id}:
                statements.append(factory.course_completed())
        what = _("your test result in {chapter} ({score})").format(
            chapter=chapter.title, score=percent(result.score))
        return attempt, self._save(lambda: self.store.record_attempt(attempt, statements), what)
