"""The learner's profile: points, badges (earned and still to earn) and each chapter's best."""
from __future__ import annotations

import pygame

from learnsocial.games.badges import BADGES
from learnsocial.i18n import _, duration, ngettext, percent
from learnsocial.ui import theme
from learnsocial.ui.badge_art import draw_badge
from learnsocial.ui.scene import Scene
from learnsocial.ui.scenes.title import backdrop
from learnsocial.ui.widgets import Button, FocusGroup


class ProfileScene(Scene):
    name = "profile"

    def __init__(self, app):
        super().__init__(app)
        back = Button(lambda: _("Back to the map"), pygame.Rect(theme.WIDTH - 32 - 280,
                      theme.HEIGHT - 32 - 64, 280, 64), self.app.pop, primary=True)
        self.buttons = FocusGroup([back])
        self.earned = {b.id for b in app.session.badges()}
        self.progress = app.session.progress()

    def handle(self, event: pygame.event.Event) -> None:
        self.buttons.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        backdrop(surface)
        session = self.app.session
        employee = session.employee
        name = employee.display_name if employee else ""
        theme.text(surface, name, (theme.MARGIN, 32), theme.TITLE, bold=True)
        if employee:
            theme.text(surface, _("Employee ID: {id}").format(id=employee.employee_id),
                       (theme.MARGIN, 92), theme.BODY, theme.TEXT_DIM)
        theme.text(surface, _("{points} points").format(points=session.points()),
                   (theme.WIDTH - theme.MARGIN, 40), theme.HEADING, theme.WARNING, True,
                   anchor="topright")
        theme.text(surface, _("Badges"), (theme.MARGIN, 150), theme.HEADING, bold=True)
        for n, badge in enumerate(BADGES):
            box = pygame.Rect(theme.MARGIN + n * 244, 196, 228, 190)
            got = badge.id in self.earned
            theme.panel(surface, box, theme.PANEL)
            draw_badge(surface, badge, (box.centerx, box.top + 52), 34, got)
            theme.paragraph(surface, badge.title, pygame.Rect(box.left + 12, box.top + 96,
                            box.width - 24, 30), theme.BODY, theme.TEXT if got else theme.TEXT_DIM,
                            bold=True, align="center")
            theme.paragraph(surface, badge.description, pygame.Rect(box.left + 12, box.top + 124,
                            box.width - 24, 60), theme.SMALL, theme.TEXT_DIM, align="center")
        theme.text(surface, _("Chapters"), (theme.MARGIN, 410), theme.HEADING, bold=True)
        y = 456
        for n, chapter in enumerate(session.course.chapters):
            record = self.progress.get(chapter.id)
            theme.text(surface, f"{n + 1}. {chapter.title}", (theme.MARGIN, y), theme.BODY)
            if record and record.best_score is not None:
                detail = ngettext("best {score} · {count} try", "best {score} · {count} tries",
                                  record.attempts).format(score=percent(record.best_score),
                                                          count=record.attempts)
                theme.text(surface, detail, (760, y), theme.BODY, theme.TEXT_DIM)
            if record and record.time_spent_s >= 1:
                theme.text(surface, duration(record.time_spent_s), (theme.WIDTH - theme.MARGIN,
                           y), theme.BODY, theme.TEXT_DIM, anchor="topright")
            y += 30
        self.buttons.draw(surface)
