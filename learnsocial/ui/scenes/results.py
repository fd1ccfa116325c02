"""Results: the score, pass or fail, and every question with the right answer explained."""
from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import pygame

from learnsocial.app.session import TestOutcome
from learnsocial.content.model import Chapter
from learnsocial.i18n import _, percent
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, MARGIN, SMALL, WIDTH
from learnsocial.ui.widgets import Button, FocusGroup, clamp_scroll, draw_scrolled

if TYPE_CHECKING:
    from learnsocial.ui.app import App

LIST_BOTTOM = 608
SCROLL_STEP = 60


class ResultsChoice(StrEnum):
    RETRY = "retry"
    CONTINUE = "continue"


class ResultsScene(Scene):
    name = "results"

    def __init__(self, app: App, chapter: Chapter, outcome: TestOutcome):
        super().__init__(app)
        self.chapter = chapter
        self.result = outcome.result
        self.passed = outcome.passed
        self.scroll = 0
        bottom = HEIGHT - 32 - 64
        retry = Button(lambda: _("Try again"), pygame.Rect(WIDTH - 32 - 240 - 16 - 220,
                       bottom, 220, 64), lambda: self.dismiss(ResultsChoice.RETRY))
        proceed = Button(lambda: _("Continue"), pygame.Rect(WIDTH - 32 - 240, bottom, 240,
                         64), lambda: self.dismiss(ResultsChoice.CONTINUE), primary=True)
        self.buttons = FocusGroup([retry, proceed], focus=1 if self.passed else 0)
        self._list_image: pygame.Surface | None = None
        app.sounds.play("success" if self.passed else "fail")

    def focus_label(self) -> str | None:
        return self.buttons.focus_label()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_PAGEDOWN):
            self.scroll_by(SCROLL_STEP * (5 if event.key == pygame.K_PAGEDOWN else 1))
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_PAGEUP):
            self.scroll_by(-SCROLL_STEP * (5 if event.key == pygame.K_PAGEUP else 1))
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll_by(-event.y * SCROLL_STEP)
        else:
            self.buttons.handle(event)

    def header_top(self) -> int:
        return 16 + self.theme.line_height(BODY)

    def need_lines(self) -> list[str]:
        if self.passed:
            return []
        need = _("You need {percent} to pass. Try again: the answers are shuffled.").format(
            percent=percent(self.chapter.pass_mark))
        return self.theme.wrap(need, BODY, WIDTH - 2 * MARGIN)

    def list_rect(self) -> pygame.Rect:
        """Below the score header, whose height follows the text size."""
        lines = max(1, len(self.need_lines()))
        top = self.header_top() + self.theme.line_height(64) + lines * self.theme.line_height(
            BODY) + 16
        return pygame.Rect(MARGIN, top, WIDTH - 2 * MARGIN, LIST_BOTTOM - top)

    def on_reload(self) -> None:
        self._list_image = None
        self.scroll = 0

    def scroll_by(self, amount: int) -> None:
        self.scroll = clamp_scroll(self.scroll + amount, self.list_image(), self.list_rect())

    def list_image(self) -> pygame.Surface:
        """Every answered item, laid out once into one tall surface that scrolls."""
        if self._list_image is not None:
            return self._list_image
        theme = self.theme
        width = self.list_rect().width - 80
        blocks = []
        for item in self.result.items:
            lines = [(line, 20, True, theme.TEXT) for line in theme.wrap(item.prompt, 20, width,
                                                                          True)]
            if item.correct:
                answer = _("Your answer: {answer}").format(answer=item.response)
            elif item.response:
                answer = _("Your answer: {answer} · Right: {right}").format(
                    answer=item.response, right=item.right_answer)
            else:
                answer = _("No answer in time · Right: {right}").format(right=item.right_answer)
            lines += [(line, SMALL, False, theme.TEXT) for line in
                      theme.wrap(answer, SMALL, width)]
            for feedback in (item.feedback, item.right_feedback):
                if feedback:
                    lines += [(line, SMALL, False, theme.TEXT_DIM) for line in
                              theme.wrap(feedback, SMALL, width)]
            blocks.append((item.correct, lines))
        height = sum(sum(theme.line_height(size) for _l, size, _b, _c in lines) + 20
                     for _ok, lines in blocks)
        image = pygame.Surface((self.list_rect().width, max(height, 1)), pygame.SRCALPHA)
        y = 0
        for correct, lines in blocks:
            mark = theme.check_mark if correct else theme.cross_mark
            mark(image, (26, y + theme.line_height(20) // 2), 13)
            for line, size, bold, colour in lines:
                image.blit(theme.font(size, bold).render(line, True, colour), (60, y))
                y += theme.line_height(size)
            y += 20
        self._list_image = image
        return image

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        theme.text(surface, self.chapter.title, (MARGIN, 12), BODY, theme.TEXT_DIM)
        colour = theme.SUCCESS if self.passed else theme.ERROR
        mark = theme.check_mark if self.passed else theme.cross_mark
        big = theme.text(surface, percent(self.result.score),
                         (MARGIN + 90, self.header_top()), 64, theme.TEXT, True)
        mark(surface, (MARGIN + 36, big.centery), 34, colour)
        verdict = _("Passed") if self.passed else _("Not passed yet")
        theme.text(surface, verdict, (big.right + 28, big.top + 6), HEADING, theme.TEXT,
                   True)
        detail = _("{right} of {total} right · {points} points").format(
            right=sum(1 for i in self.result.items if i.correct), total=len(self.result.items),
            points=self.result.points)
        theme.text(surface, detail, (big.right + 28, big.top + 10 + theme.line_height(
            HEADING)), BODY, theme.TEXT)
        for n, line in enumerate(self.need_lines()):
            theme.text(surface, line, (MARGIN, big.bottom + 4 + n * theme.line_height(
                BODY)), BODY, theme.TEXT_DIM)
        area = self.list_rect()
        theme.panel(surface, area.inflate(16, 16), theme.PANEL)
        draw_scrolled(surface, theme, self.list_image(), area, self.scroll)
        self.buttons.draw(surface, theme)
