"""The learner's profile: points, badges (earned and still to earn) and each chapter's best.

Laid out once into a tall surface that scrolls, so it fits at every text size and language.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from learnsocial.app.badges import BADGES, Badge
from learnsocial.i18n import _, duration, ngettext, percent
from learnsocial.progress.records import ChapterProgress
from learnsocial.ui.badge_art import draw_badge
from learnsocial.ui.scene import Scene
from learnsocial.ui.text import TextBlock
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, MARGIN, SMALL, TITLE, WIDTH
from learnsocial.ui.widgets import Button, FocusGroup, ScrollList

if TYPE_CHECKING:
    from learnsocial.ui.app import App

VIEW = pygame.Rect(MARGIN, 16, WIDTH - 2 * MARGIN, HEIGHT - 32 - 64 - 16 - 40 - 16)
BADGE_W, BADGE_GAP = 228, 16


class ProfileScene(Scene):
    name = "profile"

    def __init__(self, app: App):
        super().__init__(app)
        back = Button(lambda: _("Back to the map"), pygame.Rect(WIDTH - 32 - 280,
                      HEIGHT - 32 - 64, 280, 64), self.dismiss, primary=True)
        notice = Button(lambda: _("What we record (N)"), pygame.Rect(WIDTH - 32 - 280 - 16 - 300,
                        HEIGHT - 32 - 64, 300, 64), lambda: self.dismiss("notice"))
        self.buttons = FocusGroup([back, notice])
        self.earned = {b.id for b in app.session.badges()}
        self.progress = app.session.progress()
        self.scroller = ScrollList()

    def focus_label(self) -> str | None:
        return self.buttons.focus_label()

    def wants_escape(self) -> bool:
        return True

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.dismiss()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_n:
            self.dismiss("notice")  # the notice on what is recorded (learnsocial.ui.flow)
        elif not self.scroller.handle(event, len(self.rows())):
            self.buttons.handle(event)

    def rows(self) -> list[tuple[int, Callable[[pygame.Surface, int], None]]]:
        """The page as rows of measured height, each with how to draw it at a top."""
        theme = self.theme
        session = self.app.session
        rows: list[tuple[int, Callable[[pygame.Surface, int], None]]] = []
        employee = session.employee
        points = _("{points} points").format(points=session.points())
        points_width = theme.font(HEADING, True).size(points)[0] + 24
        if employee:
            name = theme.lay_out(employee.display_name, VIEW.width - points_width, TITLE,
                                 bold=True, max_lines=2, min_size=HEADING)
            ident = _("Employee ID: {id}").format(id=employee.employee_id)

            def header(surface: pygame.Surface, top: int) -> None:
                theme.block(surface, name, pygame.Rect(VIEW.left, top, name.width, name.height))
                theme.text(surface, ident, (VIEW.left, top + name.height), BODY, theme.TEXT_DIM,
                           max_width=VIEW.width)
                theme.text(surface, points, (VIEW.right, top + 8), HEADING, theme.WARNING,
                           True, anchor="topright")
            rows.append((name.height + theme.line_height(BODY), header))
        rows.append(self._heading(_("Badges")))
        rows += self._badge_rows()
        rows.append(self._heading(_("Chapters")))
        for n, chapter in enumerate(session.course.chapters):
            rows.append(self._chapter_row(n, chapter.title, self.progress.get(chapter.id)))
        return rows

    def _heading(self, label: str) -> tuple[int, Callable[[pygame.Surface, int], None]]:
        theme = self.theme

        def draw(surface: pygame.Surface, top: int) -> None:
            theme.text(surface, label, (VIEW.left, top + 8), HEADING, bold=True,
                       max_width=VIEW.width)
        return theme.line_height(HEADING) + 12, draw

    def _chapter_row(self, number: int, title: str, record: ChapterProgress | None
                     ) -> tuple[int, Callable[[pygame.Surface, int], None]]:
        theme = self.theme
        heading = theme.lay_out(f"{number + 1}. {title}", VIEW.width, BODY, bold=True)
        detail = ""
        if record and record.best_score is not None:
            detail = ngettext("best {score} · {count} try", "best {score} · {count} tries",
                              record.attempts).format(score=percent(record.best_score),
                                                      count=record.attempts)
            if record.time_spent_s >= 1:
                detail += " · " + duration(record.time_spent_s)
        more = theme.lay_out(detail, VIEW.width - 24, SMALL) if detail else None

        def draw(surface: pygame.Surface, top: int) -> None:
            theme.block(surface, heading, pygame.Rect(VIEW.left, top, VIEW.width, heading.height))
            if more is not None:
                theme.block(surface, more, pygame.Rect(VIEW.left + 24, top + heading.height,
                                                       VIEW.width - 24, more.height),
                            colour=theme.TEXT_DIM)
        return heading.height + (more.height if more else 0) + 6, draw

    def _badge_rows(self) -> list[tuple[int, Callable[[pygame.Surface, int], None]]]:
        """Badge cards, as many to a row as fit; a row is as tall as its tallest card."""
        theme = self.theme
        per_row = max(1, (VIEW.width + BADGE_GAP) // (BADGE_W + BADGE_GAP))
        rows = []
        for start in range(0, len(BADGES), per_row):
            cards = []
            for badge in BADGES[start:start + per_row]:
                title = theme.lay_out(badge.title, BADGE_W - 24, BODY, bold=True, max_lines=3,
                                      min_size=SMALL)
                text = theme.lay_out(badge.description, BADGE_W - 24, SMALL)
                cards.append((badge, title, text))
            height = max(92 + t.height + d.height + 12 for _b, t, d in cards)
            rows.append((height + 8, self._badge_row(cards, height)))
        return rows

    def _badge_row(self, cards: list[tuple[Badge, TextBlock, TextBlock]], height: int
                   ) -> Callable[[pygame.Surface, int], None]:
        theme = self.theme

        def draw(surface: pygame.Surface, top: int) -> None:
            for n, (badge, title, text) in enumerate(cards):
                box = pygame.Rect(VIEW.left + n * (BADGE_W + BADGE_GAP), top, BADGE_W, height)
                got = badge.id in self.earned
                theme.panel(surface, box, theme.PANEL)
                draw_badge(surface, theme, badge, (box.centerx, box.top + 48), 32, got)
                theme.block(surface, title, pygame.Rect(box.left + 12, box.top + 92,
                                                        BADGE_W - 24, title.height),
                            colour=theme.TEXT if got else theme.TEXT_DIM, align="center")
                theme.block(surface, text, pygame.Rect(box.left + 12, box.top + 92 + title.height,
                                                       BADGE_W - 24, text.height),
                            colour=theme.TEXT_DIM, align="center")
        return draw

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        rows = self.rows()
        shown = self.scroller.rows_in_view([h for h, _d in rows], VIEW.height)
        top = VIEW.top
        for index in shown:
            height, draw = rows[index]
            draw(surface, top)
            top += height
        self.scroller.draw_indicator(surface, theme, VIEW, shown, len(rows))
        self.buttons.draw(surface, theme)
