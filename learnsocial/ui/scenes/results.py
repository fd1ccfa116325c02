"""Results: the score, pass or fail, and every question with the right answer explained."""
from __future__ import annotations

import pygame

from learnsocial.content.model import Chapter
from learnsocial.games.base import GameResult
from learnsocial.i18n import _, percent
from learnsocial.ui import theme
from learnsocial.ui.scene import Scene
from learnsocial.ui.scenes.title import backdrop
from learnsocial.ui.widgets import Button, FocusGroup, clamp_scroll, draw_scrolled

LIST_BOTTOM = 608
SCROLL_STEP = 60


class ResultsScene(Scene):
    name = "results"

    def __init__(self, app, chapter: Chapter, result: GameResult, passed: bool,
                 new_badges: list | None = None):
        super().__init__(app)
        self.chapter = chapter
        self.result = result
        self.passed = passed
        self.scroll = 0
        bottom = theme.HEIGHT - 32 - 64
        retry = Button(lambda: _("Try again"), pygame.Rect(theme.WIDTH - 32 - 240 - 16 - 220,
                       bottom, 220, 64), self.retry)
        proceed = Button(lambda: _("Continue"), pygame.Rect(theme.WIDTH - 32 - 240, bottom, 240,
                         64), self.proceed, primary=True)
        self.buttons = FocusGroup([retry, proceed], focus=1 if passed else 0)
        self._list_image: pygame.Surface | None = None
        self.new_badges = list(new_badges or [])
        app.sounds.play("success" if passed else "fail")

    def update(self, dt: float) -> None:
        if self.new_badges:  # shown once, over the results
            from learnsocial.ui.scenes.badge_unlock import BadgeUnlockScene

            badges, self.new_badges = self.new_badges, []
            self.app.push(BadgeUnlockScene(self.app, badges))

    def retry(self) -> None:
        from learnsocial.ui.scenes.test import ChapterTestScene

        self.app.replace(ChapterTestScene(self.app, self.chapter))

    def proceed(self) -> None:
        from learnsocial.ui.scenes.chapter_map import ChapterMapScene

        if self.app.session.store is None:  # preview: nothing to go back to but the player
            self.app.quit()
            return
        self.app.reset(ChapterMapScene(self.app))

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_PAGEDOWN):
            self.scroll_by(SCROLL_STEP * (5 if event.key == pygame.K_PAGEDOWN else 1))
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_PAGEUP):
            self.scroll_by(-SCROLL_STEP * (5 if event.key == pygame.K_PAGEUP else 1))
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll_by(-event.y * SCROLL_STEP)
        else:
            self.buttons.handle(event)

    @staticmethod
    def header_top() -> int:
        return 16 + theme.line_height(theme.BODY)

    def need_lines(self) -> list[str]:
        if self.passed:
            return []
        need = _("You need {percent} to pass. Try again: the answers are shuffled.").format(
            percent=percent(self.chapter.pass_mark))
        return theme.wrap(need, theme.BODY, theme.WIDTH - 2 * theme.MARGIN)

    def list_rect(self) -> pygame.Rect:
        """Below the score header, whose height follows the text size."""
        lines = max(1, len(self.need_lines()))
        top = self.header_top() + theme.line_height(64) + lines * theme.line_height(
            theme.BODY) + 16
        return pygame.Rect(theme.MARGIN, top, theme.WIDTH - 2 * theme.MARGIN, LIST_BOTTOM - top)

    def on_reload(self) -> None:
        self._list_image = None
        self.scroll = 0

    def scroll_by(self, amount: int) -> None:
        self.scroll = clamp_scroll(self.scroll + amount, self.list_image(), self.list_rect())

    def list_image(self) -> pygame.Surface:
        """Every answered item, laid out once into one tall surface that scrolls."""
        if self._list_image is not None:
            return self._list_image
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
            lines += [(line, theme.SMALL, False, theme.TEXT) for line in
                      theme.wrap(answer, theme.SMALL, width)]
            lines += [(line, theme.SMALL, False, theme.TEXT_DIM) for line in
                      theme.wrap(item.explanation, theme.SMALL, width)]
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
        backdrop(surface)
        theme.text(surface, self.chapter.title, (theme.MARGIN, 12), theme.BODY, theme.TEXT_DIM)
        colour = theme.SUCCESS if self.passed else theme.ERROR
        mark = theme.check_mark if self.passed else theme.cross_mark
        big = theme.text(surface, percent(self.result.score),
                         (theme.MARGIN + 90, self.header_top()), 64, theme.TEXT, True)
        mark(surface, (theme.MARGIN + 36, big.centery), 34, colour)
        verdict = _("Passed") if self.passed else _("Not passed yet")
        theme.text(surface, verdict, (big.right + 28, big.top + 6), theme.HEADING, theme.TEXT,
                   True)
        detail = _("{right} of {total} right · {points} points").format(
            right=sum(1 for i in self.result.items if i.correct), total=len(self.result.items),
            points=self.result.points)
        theme.text(surface, detail, (big.right + 28, big.top + 10 + theme.line_height(
            theme.HEADING)), theme.BODY, theme.TEXT)
        for n, line in enumerate(self.need_lines()):
            theme.text(surface, line, (theme.MARGIN, big.bottom + 4 + n * theme.line_height(
                theme.BODY)), theme.BODY, theme.TEXT_DIM)
        area = self.list_rect()
        theme.panel(surface, area.inflate(16, 16), theme.PANEL)
        draw_scrolled(surface, self.list_image(), area, self.scroll)
        self.buttons.draw(surface)
