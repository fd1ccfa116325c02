"""What learners are told about their data: the course's notice (chapters/course/<lang>.yaml).

Shown after sign-in when the employee has not yet seen this version of it, and from the profile
whenever they like. Each paragraph is laid out for the page's width and scrolled by whole lines
(arrow and page keys, the mouse wheel), so no line is ever cut; with voice on, it is read aloud.
Dismisses when the learner has read it (Enter or the button).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from learnsocial.i18n import _
from learnsocial.ui.overlay import FrameCache
from learnsocial.ui.scene import Scene
from learnsocial.ui.text import TextBlock
from learnsocial.ui.theme import BODY, HEIGHT, MARGIN, SMALL, TITLE, WIDTH
from learnsocial.ui.widgets import Button, FocusGroup, ScrollList

if TYPE_CHECKING:
    from learnsocial.ui.app import App

PAGE = pygame.Rect(MARGIN * 4, 24, WIDTH - MARGIN * 8, HEIGHT - 48)  # ~70 characters a line
BUTTON_H = 64
PARAGRAPH_GAP = 12


class NoticeScene(Scene):
    name = "notice"

    def __init__(self, app: App, again: bool = False):
        """again: opened from the profile (already seen once); Esc then closes it too."""
        super().__init__(app)
        self.again = again
        label = (lambda: _("Back")) if again else (lambda: _("I have read this"))
        done = Button(label, pygame.Rect(WIDTH - MARGIN - 300, HEIGHT - MARGIN - BUTTON_H, 300,
                                         BUTTON_H), self.dismiss, primary=True)
        self.done = done
        self.buttons = FocusGroup([done])
        self.scroller = ScrollList()
        self.frames = FrameCache()
        self._read = False
        self._layout: tuple[float, TextBlock, list[tuple[str, int]]] | None = None

    @property
    def title(self) -> str:
        notice = self.app.session.notice
        return notice.title if notice else _("What we record")

    @property
    def text(self) -> str:
        notice = self.app.session.notice
        return notice.text if notice else ""

    def wants_escape(self) -> bool:
        return self.again

    def focus_label(self) -> str | None:
        return self.buttons.focus_label()

    # -- layout ---------------------------------------------------------------------------
    def layout(self) -> tuple[TextBlock, list[tuple[str, int]]]:
        """The title, and the text as (line, height) rows: a paragraph's last line carries
        the gap to the next paragraph."""
        theme = self.theme
        if self._layout is not None and self._layout[0] == theme.text_scale:
            return self._layout[1], self._layout[2]
        title = theme.lay_out(self.title, PAGE.width, TITLE, bold=True, max_lines=2,
                              min_size=BODY)
        rows: list[tuple[str, int]] = []
        for paragraph in (p.strip() for p in self.text.split("\n")):
            if not paragraph:
                continue
            block = theme.lay_out(paragraph, PAGE.width, BODY)
            rows += [(line, block.line_height) for line in block.lines]
            rows[-1] = (rows[-1][0], rows[-1][1] + PARAGRAPH_GAP)
        self._layout = (theme.text_scale, title, rows)
        return title, rows

    def view(self) -> pygame.Rect:
        title, _rows = self.layout()
        top = PAGE.top + title.height + 16
        bottom = HEIGHT - MARGIN - BUTTON_H - 16 - self.theme.line_height(SMALL) - 8
        return pygame.Rect(PAGE.left, top, PAGE.width, bottom - top)

    # -- scene protocol -------------------------------------------------------------------
    def on_show(self) -> None:
        if not self._read:  # once: not again when the pause menu closes
            self._read = True
            self.app.narrator.say(f"{self.title}. {self.text}", self.app.session.language)

    def on_hide(self) -> None:
        self.app.narrator.stop()
        self.frames.give_back(self.theme)

    def on_reload(self) -> None:
        self._layout = None
        self.frames.clear()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE) \
                and self.again:
            self.dismiss()
        elif not self.scroller.handle(event, len(self.layout()[1])):
            self.buttons.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        self.frames.draw(surface, theme, (theme.palette, theme.text_scale, self.scroller.first,
                                          self.done.hovered), self._draw_page)

    def _draw_page(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        title, rows = self.layout()
        theme.block(surface, title, pygame.Rect(PAGE.left, PAGE.top, PAGE.width, title.height))
        view = self.view()
        shown = self.scroller.rows_in_view([h for _line, h in rows], view.height)
        y = view.top
        for index in shown:
            line, height = rows[index]
            theme.text(surface, line, (view.left, y), BODY, theme.TEXT)
            y += height
        self.scroller.draw_indicator(surface, theme, view, shown, len(rows))
        self.buttons.draw(surface, theme)
