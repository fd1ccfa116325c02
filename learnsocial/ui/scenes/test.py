"""The chapter test: an intro card, then the game; the attempt is stored when it ends."""
from __future__ import annotations

from datetime import UTC, datetime

import pygame

from learnsocial.content.model import Chapter
from learnsocial.games.registry import create_rules
from learnsocial.i18n import _, percent
from learnsocial.progress.records import AnswerRecord, Attempt
from learnsocial.ui import theme
from learnsocial.ui.games import VIEWS
from learnsocial.ui.scene import Scene
from learnsocial.ui.scenes.title import backdrop
from learnsocial.ui.widgets import Button, FocusGroup


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ChapterTestScene(Scene):
    def __init__(self, app, chapter: Chapter):
        super().__init__(app)
        self.chapter = chapter
        self.test = chapter.test
        self.seed = app.rng.randrange(2**31)  # a new shuffle for every try
        settings = app.session.game_settings()
        self.rules = create_rules(self.test.game, self.test.spec, self.seed, settings)
        self.view = VIEWS[self.test.game](self.rules, app.sounds,
                                          reduced_motion=settings.reduced_motion)
        self.started = False
        self.started_at = ""
        start = Button(lambda: _("Start the test"), pygame.Rect(theme.WIDTH - 32 - 280,
                       theme.HEIGHT - 32 - 64, 280, 64), self.start, primary=True)
        self.buttons = FocusGroup([start])

    @property
    def name(self) -> str:  # type: ignore[override]
        """Screenshot name: the intro card and the game are different screens."""
        return f"test-{self.test.game}" if self.started else "test-intro"

    def focus_label(self) -> str | None:
        return self.view.focus_label() if self.started else super().focus_label()

    def start(self) -> None:
        self.started = True
        self.started_at = now()

    def handle(self, event: pygame.event.Event) -> None:
        if self.started:
            self.view.handle(event)
        else:
            self.buttons.handle(event)

    def update(self, dt: float) -> None:
        if not self.started:
            return
        self.view.update(dt)
        if self.rules.finished:
            self._finish()

    def _finish(self) -> None:
        from learnsocial.ui.scenes.results import ResultsScene

        result = self.rules.result()
        passed = result.passed(self.chapter.pass_mark)
        session = self.app.session
        before = {b.id for b in session.badges()}
        record = session.record
        if record:
            attempt = Attempt(
                attempt_id=Attempt.new_id(), employee_id=session.employee.employee_id,
                chapter_id=self.chapter.id, game=result.game, started_at=self.started_at,
                finished_at=now(),
                answers=[AnswerRecord(i.item_id, i.response_id, i.correct, i.time_s, i.points)
                         for i in result.items],
                score=result.score, points=result.points, passed=passed,
                content_version=self.chapter.version)
            record.test_finished(self.chapter.title, attempt, dict(self.test.spec.items()),
                                 result.duration_s)
        new_badges = [b for b in session.badges() if b.id not in before]
        self.app.replace(ResultsScene(self.app, self.chapter, result, passed, new_badges))

    def draw(self, surface: pygame.Surface) -> None:
        if self.started:
            self.view.draw(surface)
            return
        backdrop(surface)
        theme.text(surface, _("Chapter test"), (theme.WIDTH // 2, 120), theme.HEADING,
                   theme.TEXT_DIM, anchor="center")
        theme.paragraph(surface, self.chapter.title, pygame.Rect(160, 160, 960, 120),
                        theme.TITLE, bold=True, align="center")
        theme.paragraph(surface, self.test.intro, pygame.Rect(240, 320, 800, 160), theme.BODY,
                        align="center")
        mark = _("You pass with {percent} right answers. Speed earns points, not a pass.").format(
            percent=percent(self.chapter.pass_mark))
        theme.paragraph(surface, mark, pygame.Rect(240, 470, 800, 80), theme.BODY,
                        theme.TEXT_DIM, align="center")
        self.buttons.draw(surface)

