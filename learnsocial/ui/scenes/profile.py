"""The learner's profile: points, badges (earned and still to earn) and each chapter's best.

Laid out once into a tall surface that scrolls, so it fits at every text size and language.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from learnsocial.app.badges import BADGES
from learnsocial.i18n import _, duration, ngettext, percent
from learnsocial.ui.badge_art import draw_badge
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, MARGIN, SMALL, TITLE, WIDTH
from learnsocial.ui.widgets import Button, FocusGroup, clamp_scroll, draw_scrolled

if TYPE_CHECKING:
    from learnsocial.ui.app import App

VIEW = pygame.Rect(MARGIN, 16, WIDTH - 2 * MARGIN, 592)
SCROLL_STEP = 60
BADGE_W, BADGE_GAP = 228, 16


class ProfileScene(Scene):
    name = "profile"

    def __init__(self, app: App):
        super().__init__(app)
        back = Button(lambda: _("Back to the map"), pygame.Rect(WIDTH - 32 - 280,
                      HEIGHT - 32 - 64, 280, 64), self.dismiss, primary=True)
        self.buttons = FocusGroup([back])
        self.earned = {b.id for b in app.session.badges()}
        self.progress = app.session.progress()
        self.scroll = 0
        self._page: pygame.Surface | None = None

    def on_reload(self) -> None:
        self._page = None

    def focus_label(self) -> str | None:
        return self.buttons.focus_label()

    def wants_escape(self) -> bool:
        return True

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.dismiss()
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_UP):
            self.scroll_by(SCROLL_STEP if event.key == pygame.K_DOWN else -SCROLL_STEP)
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll_by(-event.y * SCROLL_STEP)
        else:
            self.buttons.handle(event)

    def scroll_by(self, amount: int) -> None:
        self.scroll = clamp_scroll(self.scroll + amount, self.page(), VIEW)

    def page(self) -> pygame.Surface:
        if self._page is None:
            self._page = self._lay_out()
        return self._page

    def _lay_out(self) -> pygame.Surface:
        theme = self.theme
        session = self.app.session
        page = pygame.Surface((VIEW.width, 3000), pygame.SRCALPHA)
        employee = session.employee
        y = 0
        if employee:
            y += theme.paragraph(page, employee.display_name, pygame.Rect(0, y, 760, 400),
                                 TITLE, bold=True)
            theme.text(page, _("Employee ID: {id}").format(id=employee.employee_id), (0, y),
                       BODY, theme.TEXT_DIM)
            y += theme.line_height(BODY)
        theme.text(page, _("{points} points").format(points=session.points()),
                   (VIEW.width, 8), HEADING, theme.WARNING, True, anchor="topright")
        y += 24
        theme.text(page, _("Badges"), (0, y), HEADING, bold=True)
        y += theme.line_height(HEADING) + 8
        y = self._badges(page, y) + 24
        theme.text(page, _("Chapters"), (0, y), HEADING, bold=True)
        y += theme.line_height(HEADING) + 4
        for n, chapter in enumerate(session.course.chapters):
            y += theme.paragraph(page, f"{n + 1}. {chapter.title}", pygame.Rect(0, y, VIEW.width,
                                 400), BODY, bold=True)
            record = self.progress.get(chapter.id)
            if record and record.best_score is not None:
                detail = ngettext("best {score} · {count} try", "best {score} · {count} tries",
                                  record.attempts).format(score=percent(record.best_score),
                                                          count=record.attempts)
                if record.time_spent_s >= 1:
                    detail += " · " + duration(record.time_spent_s)
                theme.text(page, detail, (24, y), SMALL, theme.TEXT_DIM)
                y += theme.line_height(SMALL)
            y += 6
        return page.subsurface((0, 0, VIEW.width, max(1, y))).copy()

    def _badges(self, page: pygame.Surface, top: int) -> int:
        """A row of badge cards as tall as the tallest one; returns the bottom."""
        theme = self.theme
        cards = []
        for badge in BADGES:
            card = pygame.Surface((BADGE_W, 800), pygame.SRCALPHA)
            got = badge.id in self.earned
            y = 92
            y += theme.paragraph(card, badge.title, pygame.Rect(12, y, BADGE_W - 24, 400),
                                 BODY, theme.TEXT if got else theme.TEXT_DIM, bold=True,
                                 align="center")
            y += theme.paragraph(card, badge.description, pygame.Rect(12, y, BADGE_W - 24, 400),
                                 SMALL, theme.TEXT_DIM, align="center")
            cards.append((badge, got, card, y + 12))
        height = max(bottom for *_rest, bottom in cards)
        for n, (badge, got, card, _bottom) in enumerate(cards):
            box = pygame.Rect(n * (BADGE_W + BADGE_GAP), top, BADGE_W, height)
            theme.panel(page, box, theme.PANEL)
            draw_badge(page, theme, badge, (box.centerx, box.top + 48), 32, got)
            page.blit(card, box.topleft, pygame.Rect(0, 0, BADGE_W, height))
        return top + height

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        draw_scrolled(surface, theme, self.page(), VIEW, self.scroll)
        self.buttons.draw(surface, theme)
