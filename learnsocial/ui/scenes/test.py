"""The chapter test: an intro card, then the game; dismisses with the TestOutcome when it ends.

The attempt is saved as soon as the last answer is given, on a worker thread (the save waits for
fsync and works out badges): the game keeps drawing its last feedback meanwhile, and the results
follow as soon as both are done. Quitting waits for the save.
"""
from __future__ import annotations

import gc
from concurrent.futures import Future
from datetime import datetime
from typing import TYPE_CHECKING

import pygame

from learnsocial.app.session import TestOutcome
from learnsocial.content.model import Chapter, ChapterTest
from learnsocial.games.registry import create_rules
from learnsocial.i18n import _, percent
from learnsocial.ui.games import GameView, view_for
from learnsocial.ui.games.feel import HyphenationWarmUp, TextImage, TextImages
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, SMALL, TITLE, WIDTH
from learnsocial.ui.widgets import Button, FocusGroup

if TYPE_CHECKING:
    from learnsocial.ui.app import App

INTRO_OWN_FRAMES = 3
INTRO_COLUMN = pygame.Rect(160, 0, WIDTH - 320, 0)


class ChapterTestScene(Scene):
    def __init__(self, app: App, chapter: Chapter):
        super().__init__(app)
        self.frozen = False
        assert chapter.test is not None
        self.chapter = chapter
        self.test: ChapterTest = chapter.test
        self.seed = app.rng.randrange(2**31)  # a new shuffle for every try
        settings = app.session.game_settings()
        self.rules = create_rules(self.test.spec, self.seed, settings)
        self.warm_up = HyphenationWarmUp(app.session.language)
        self.reduced_motion = settings.reduced_motion
        self._view: GameView | None = None  # made once the hyphenation dictionary is read
        self.started = False
        self.started_at: datetime | None = None
        self.finished = False
        self.saving: Future[TestOutcome] | None = None
        self.intro_frames = 0
        self.intro_texts = TextImages(app.theme)
        start = Button(lambda: _("Start the test"), pygame.Rect(WIDTH - 32 - 280,
                       HEIGHT - 32 - 64, 280, 64), self.start, primary=True)
        self.buttons = FocusGroup([start])

    @property
    def name(self) -> str:  # type: ignore[override]
        """Screenshot name: the intro card and the game are different screens."""
        return f"test-{self.test.game}" if self.started else "test-intro"

    @property
    def view(self) -> GameView:
        """The game's view, made (and measured) when first needed."""
        if self._view is None:
            self.warm_up.wait()  # normally read long before: the intro is shown meanwhile
            self._view = view_for(self.rules, self.app.sounds, self.theme, self.reduced_motion,
                                  self.warm_up)
        return self._view

    def focus_label(self) -> str | None:
        return self.view.focus_label() if self.started else self.buttons.focus_label()

    def on_show(self) -> None:
        # A full garbage collection scans every object of the app (some 12 ms in one frame);
        # while the test runs, what exists now is left out of it (gc.freeze): the test's own
        # garbage is still collected, in a fraction of a millisecond. Thawed when it ends.
        if not self.frozen and not self.finished:
            gc.freeze()
            self.frozen = True

    def _thaw(self) -> None:
        if self.frozen:
            if not self.app.memory_steady:  # else they stay frozen until the app ends
                gc.unfreeze()
            self.frozen = False

    def start(self) -> None:
        self.started = True
        self.started_at = self.session.clock()

    def handle(self, event: pygame.event.Event) -> None:
        if self.started:
            self.view.handle(event)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_BACKSPACE:
            self.dismiss(None)  # back to the story (learnsocial.ui.flow decides where)
        else:
            self.buttons.handle(event)

    def update(self, dt: float) -> None:
        if self.finished:
            return
        if not self.started:
            self.intro_frames += 1
            return
        self.view.update(dt)
        if self.rules.answered_all and self.saving is None:
            assert self.started_at is not None
            self.saving = self.session.finish_test_later(self.chapter, self.rules.result(),
                                                         self.started_at)
        if self.rules.finished and self.saving is not None and self.saving.done():
            self.finished = True
            self._thaw()
            self.dismiss(self.saving.result())

    def work_ahead(self, until: float, limit: float) -> None:
        """While the intro is read, measure and draw ahead what the game shows first (not in
        the intro's own first frames: they lay out the intro)."""
        if not self.started and self.warm_up.ready and self.intro_frames > INTRO_OWN_FRAMES:
            self.view.prepare(until, limit)

    def save(self) -> None:
        """Quitting (or leaving for the map) waits until the attempt is written."""
        self._thaw()
        if self.saving is not None:
            self.saving.result()

    def on_reload(self) -> None:
        if self._view is not None:
            self._view.relayout()

    def draw(self, surface: pygame.Surface) -> None:
        if self.started:
            self.view.draw(surface)
            return
        theme = self.theme
        theme.backdrop(surface)
        gap = 24
        images = self._intro_images()
        height = sum(image.size[1] for image in images) + gap * (len(images) - 1)
        y = max(48, (HEIGHT - 32 - 64 - 16 - height) // 2)
        for image in images:
            image.draw(theme, surface, (INTRO_COLUMN.left, y))
            y += image.size[1] + gap
        self.buttons.draw(surface, theme)

    def _intro_images(self) -> list[TextImage]:
        """The intro's texts, laid out and rendered once (each frame only blits them: the
        game measures itself meanwhile)."""
        theme = self.theme
        self.intro_texts.fresh()  # made again when the text size or palette changed
        mark = _("You pass with {percent} right answers. Speed earns points, not a pass.").format(
            percent=percent(self.chapter.pass_mark))
        parts = [(_("Chapter test"), HEADING, False, theme.TEXT_DIM, 1),
                 (self.chapter.title, TITLE, True, theme.TEXT, 2),
                 (self.test.intro, BODY, False, theme.TEXT, 5),
                 (mark, BODY, False, theme.TEXT_DIM, 3)]
        return [self.intro_texts.get(text, INTRO_COLUMN.width, size, colour, bold=bold,
                                     max_lines=lines, min_size=SMALL, align="center")
                for text, size, bold, colour, lines in parts]
