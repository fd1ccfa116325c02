"""The learner's profile: level and points, each chapter's status and best, and every badge with
how far the learner is towards it ("3/5").

Laid out as rows of measured height that scroll by whole rows, so it fits at every text size and
language.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from learnsocial.app.badges import BadgeProgress
from learnsocial.app.journey import game_name
from learnsocial.content.model import Chapter
from learnsocial.i18n import _, duration, ngettext, number, percent
from learnsocial.progress.records import ChapterProgress
from learnsocial.progress.status import ChapterStatus
from learnsocial.ui.badge_art import draw_badge
from learnsocial.ui.scene import Scene
from learnsocial.ui.text import TextBlock
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, MARGIN, SMALL, TITLE, WIDTH
from learnsocial.ui.widgets import Button, FocusGroup, ScrollList, button_row

if TYPE_CHECKING:
    from learnsocial.ui.app import App

CARD_GAP = 16
LEVEL_W = 380  # the level column in the header
Row = tuple[int, Callable[[pygame.Surface, int], None]]


class ProfileScene(Scene):
    name = "profile"

    def __init__(self, app: App):
        super().__init__(app)
        back = Button(lambda: _("Back to the map"), pygame.Rect(0, 0, 280, 64), self.dismiss,
                      primary=True)
        notice = Button(lambda: _("What we record (N)"), pygame.Rect(0, 0, 300, 64),
                        lambda: self.dismiss("notice"))
        self.buttons = FocusGroup([back, notice])
        session = app.session
        self.progress = session.progress()
        self.standings = session.badge_standings(self.progress)
        self.earned = {s.badge.id for s in self.standings if s.earned}
        self.level = session.level(self.progress)
        self.scroller = ScrollList()
        self._rows: list[Row] | None = None
        self.view = pygame.Rect(0, 0, 0, 0)
        self._place()

    def _place(self) -> None:
        button_row(self.theme, [b for b in self.buttons.widgets if isinstance(b, Button)],
                   WIDTH - MARGIN, HEIGHT - MARGIN)
        indicator = self.theme.line_height(SMALL) + 8
        self.view = pygame.Rect(MARGIN, 16, WIDTH - 2 * MARGIN,
                                HEIGHT - MARGIN - 64 - 16 - indicator - 16)

    def on_reload(self) -> None:
        self._rows = None
        self._place()

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

    # -- rows -------------------------------------------------------------------------------
    def rows(self) -> list[Row]:
        """The page as rows of measured height, each with how to draw it at a top (cached)."""
        if self._rows is None:
            session = self.app.session
            rows = [self._header()] if session.employee else []
            rows.append(self._heading(_("Chapters")))
            rows += [self._chapter_row(n, chapter, self.progress.get(chapter.id))
                     for n, chapter in enumerate(session.course.chapters)]
            rows.append(self._heading(_("Badges: {earned} of {count}").format(
                earned=len(self.earned), count=len(self.standings))))
            rows += self._badge_rows()
            self._rows = rows
        return self._rows

    def _header(self) -> Row:
        theme = self.theme
        view = self.view
        employee = self.app.session.employee
        assert employee is not None
        name_w = view.width - LEVEL_W - 32
        name = theme.lay_out(employee.display_name, name_w, TITLE, bold=True, max_lines=2,
                             min_size=HEADING)
        ident = _("Employee ID: {id}").format(id=employee.employee_id)
        level = self.level
        points = _("{points} points").format(points=number(level.points))
        if level.next_floor is not None:
            points = _("{points} · {left} to the next level").format(
                points=points, left=number(level.to_next))
        level_h = theme.line_height(BODY) + 18 + theme.line_height(SMALL)
        height = max(name.height + theme.line_height(BODY), level_h) + 8

        def draw(surface: pygame.Surface, top: int) -> None:
            theme.block(surface, name, pygame.Rect(view.left, top, name_w, name.height))
            theme.text(surface, ident, (view.left, top + name.height), BODY, theme.TEXT_DIM,
                       max_width=name_w)
            x = view.right - LEVEL_W
            theme.text(surface, level.title, (x, top + 4), BODY, theme.WARNING, True,
                       max_width=LEVEL_W)
            bar = pygame.Rect(x, top + 4 + theme.line_height(BODY) + 4, LEVEL_W, 10)
            pygame.draw.rect(surface, theme.BACKGROUND_LOW, bar, border_radius=5)
            filled = bar.copy()
            filled.width = round(bar.width * max(0.0, min(1.0, level.share)))
            if filled.width:
                pygame.draw.rect(surface, theme.WARNING, filled, border_radius=5)
            theme.text(surface, points, (x, bar.bottom + 4), SMALL, theme.TEXT,
                       max_width=LEVEL_W)
        return height, draw

    def _heading(self, label: str) -> Row:
        theme = self.theme
        view = self.view

        def draw(surface: pygame.Surface, top: int) -> None:
            theme.text(surface, label, (view.left, top + 8), HEADING, bold=True,
                       max_width=view.width)
        return theme.line_height(HEADING) + 12, draw

    def _chapter_row(self, number_: int, chapter: Chapter, record: ChapterProgress | None
                     ) -> Row:
        theme = self.theme
        view = self.view
        status = self.app.session.chapter_status(chapter.id, self.progress)
        width = view.width - 40
        heading = theme.lay_out(f"{number_ + 1}. {chapter.title}", width, BODY, bold=True)
        facts = [_status(status)]
        if chapter.test is not None:
            facts.append(game_name(chapter.test.game))
        if record and record.best_score is not None:
            facts.append(ngettext("best {score} · {count} try", "best {score} · {count} tries",
                                  record.attempts).format(score=percent(record.best_score),
                                                          count=record.attempts))
        if record and record.time_spent_s >= 1:
            facts.append(duration(record.time_spent_s))
        more = theme.lay_out(" · ".join(facts), width, SMALL)

        def draw(surface: pygame.Surface, top: int) -> None:
            centre = (view.left + 13, top + heading.line_height // 2)
            if status == ChapterStatus.COMPLETED:
                theme.check_mark(surface, centre, 12)
            elif status == ChapterStatus.FAILED:
                theme.cross_mark(surface, centre, 12)
            elif status == ChapterStatus.IN_PROGRESS:
                pygame.draw.circle(surface, theme.WARNING, centre, 12)
                pygame.draw.circle(surface, theme.BACKGROUND, centre, 5)
            else:
                pygame.draw.circle(surface, theme.TEXT_DIM, centre, 12, 2)
            theme.block(surface, heading, pygame.Rect(view.left + 40, top, width,
                                                      heading.height))
            theme.block(surface, more, pygame.Rect(view.left + 40, top + heading.height, width,
                                                   more.height), colour=theme.TEXT_DIM)
        return heading.height + more.height + 8, draw

    def _badge_rows(self) -> list[Row]:
        """Badge cards, two or three to a row; a row is as tall as its tallest card."""
        theme = self.theme
        per_row = 3 if theme.text_scale < 1.5 else 2
        card_w = (self.view.width - CARD_GAP * (per_row - 1)) // per_row
        text_w = card_w - 16 - 56 - 16 - 16
        rows = []
        for start in range(0, len(self.standings), per_row):
            cards = []
            for standing in self.standings[start:start + per_row]:
                title = theme.lay_out(standing.badge.title, text_w, BODY, bold=True,
                                      max_lines=2, min_size=SMALL)
                text = theme.lay_out(standing.description, text_w, SMALL, max_lines=4)
                cards.append((standing, title, text))
            height = max(12 + t.height + d.height + 8 + 8 + theme.line_height(SMALL) + 12
                         for _s, t, d in cards)
            rows.append((max(height, 92) + CARD_GAP, self._badge_row(cards, card_w,
                                                                      max(height, 92))))
        return rows

    def _badge_row(self, cards: list[tuple[BadgeProgress, TextBlock, TextBlock]], card_w: int,
                   height: int) -> Callable[[pygame.Surface, int], None]:
        theme = self.theme
        view = self.view

        def draw(surface: pygame.Surface, top: int) -> None:
            for n, (standing, title, text) in enumerate(cards):
                box = pygame.Rect(view.left + n * (card_w + CARD_GAP), top, card_w, height)
                got = standing.earned
                theme.panel(surface, box, theme.PANEL_HIGH if got else theme.PANEL)
                medal = (box.left + 16 + 28, box.top + 12 + 28)
                theme.sprite(surface, pygame.Rect(medal[0] - 28, medal[1] - 28, 56, 56),
                             "badge", box)
                draw_badge(surface, theme, standing.badge, medal, 28, got)
                left = box.left + 16 + 56 + 16
                y = box.top + 12
                theme.block(surface, title, pygame.Rect(left, y, title.width, title.height),
                            colour=theme.TEXT, container=box)
                y += title.height
                theme.block(surface, text, pygame.Rect(left, y, text.width, text.height),
                            colour=theme.TEXT_DIM if not got else theme.TEXT, container=box)
                y = box.bottom - 12 - theme.line_height(SMALL)
                label = standing.label if not got else _("Earned")
                shown = theme.text(surface, label, (box.right - 16, y), SMALL,
                                   theme.TEXT, bold=True, anchor="topright",
                                   container=box)
                bar = pygame.Rect(left, y + theme.line_height(SMALL) // 2 - 4,
                                  max(8, shown.left - 12 - left), 8)
                pygame.draw.rect(surface, theme.BACKGROUND_LOW, bar, border_radius=4)
                filled = bar.copy()
                filled.width = round(bar.width * min(1.0, standing.count / standing.target))
                if filled.width:
                    pygame.draw.rect(surface, theme.SUCCESS if got else theme.WARNING, filled,
                                     border_radius=4)
        return draw

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        rows = self.rows()
        shown = self.scroller.rows_in_view([h for h, _d in rows], self.view.height)
        top = self.view.top
        for index in shown:
            height, draw = rows[index]
            draw(surface, top)
            top += height
        self.scroller.draw_indicator(surface, theme, self.view, shown, len(rows))
        self.buttons.draw(surface, theme)


def _status(status: ChapterStatus) -> str:
    return {ChapterStatus.COMPLETED: _("Completed"), ChapterStatus.IN_PROGRESS: _("In progress"),
            ChapterStatus.FAILED: _("Not passed yet")}.get(status, _("Not started"))
