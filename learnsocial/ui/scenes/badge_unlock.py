"""A new badge pops up over the results: grows in, then waits for Enter or a click."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from learnsocial.app.badges import Badge
from learnsocial.i18n import _
from learnsocial.ui.badge_art import draw_badge
from learnsocial.ui.overlay import Overlay
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, SMALL, WIDTH

if TYPE_CHECKING:
    from learnsocial.ui.app import App

GROW_S = 0.45


class BadgeUnlockScene(Overlay):
    name = "badge"
    dim_alpha = 160

    def __init__(self, app: App, badges: list[Badge]):
        super().__init__(app)
        self.badges = badges
        targets = {s.badge.id: s.description for s in app.session.badge_standings()}
        self.descriptions = [targets.get(b.id, "") for b in badges]
        self.age = GROW_S if app.session.settings["reduced_motion"] else 0.0
        self.played = False

    def on_show(self) -> None:
        if not self.played:  # when it is first seen: a celebration may be shown over it first
            self.played = True
            self.app.sounds.play("success")
            if not self.app.session.settings["reduced_motion"]:
                self.age = 0.0  # grow in now, not while hidden

    def focus_label(self) -> str | None:
        return "; ".join(f"{b.title}: {d}"
                         for b, d in zip(self.badges, self.descriptions, strict=True))

    def wants_escape(self) -> bool:
        return True

    def handle(self, event: pygame.event.Event) -> None:
        if (event.type == pygame.KEYDOWN and event.key in (
                pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_ESCAPE,
                pygame.K_BACKSPACE)) or (
                event.type == pygame.MOUSEBUTTONDOWN and event.button == 1):
            self.dismiss()

    def update(self, dt: float) -> None:
        self.age += dt

    def state(self) -> float:
        """Growing in, it changes every frame; grown, it is drawn once and blitted."""
        return min(1.0, self.age / GROW_S)

    def draw_content(self, surface: pygame.Surface) -> None:
        theme = self.theme
        grow = min(1.0, self.age / GROW_S)
        ease = 1 - (1 - grow) ** 3
        count = len(self.badges)
        column = min(260, (WIDTH - 160) // max(1, count))
        texts = [(theme.lay_out(b.title, column - 20, BODY, bold=True, max_lines=3,
                                min_size=SMALL),
                  theme.lay_out(d, column - 20, SMALL, max_lines=5))
                 for b, d in zip(self.badges, self.descriptions, strict=True)]
        heading = theme.lay_out(_("New badge!") if count == 1 else _("New badges!"),
                                WIDTH - 200, HEADING, bold=True, max_lines=1, min_size=BODY)
        hint = theme.lay_out(_("Press Enter to continue"), WIDTH - 200, SMALL, max_lines=2)
        words = max((t.height + d.height for t, d in texts), default=0)
        height = 32 + heading.height + 24 + 120 + 16 + words + 24 + hint.height + 28
        box = pygame.Rect(0, 0, max(640, column * count + 80), min(HEIGHT - 32, height))
        box.center = (WIDTH // 2, HEIGHT // 2)
        theme.panel(surface, box, theme.PANEL, border=theme.WARNING)
        y = box.top + 32
        theme.block(surface, heading, pygame.Rect(box.left, y, box.width, heading.height),
                    colour=theme.WARNING, align="center", container=box)
        y += heading.height + 24
        for n, (badge, (title, description)) in enumerate(zip(self.badges, texts, strict=True)):
            x = box.centerx + round((n - (count - 1) / 2) * column)
            radius = max(1, round(52 * ease))
            wobble = 0 if grow >= 1 else round(math.sin(grow * math.pi) * 8)
            draw_badge(surface, theme, badge, (x, y + 60 - wobble), radius)
            if grow >= 1:
                top = y + 120 + 16
                theme.block(surface, title, pygame.Rect(x - column // 2 + 10, top,
                                                        column - 20, title.height),
                            align="center", container=box)
                theme.block(surface, description, pygame.Rect(
                    x - column // 2 + 10, top + title.height, column - 20, description.height),
                    colour=theme.TEXT_DIM, align="center", container=box)
        theme.block(surface, hint, pygame.Rect(box.left, box.bottom - 28 - hint.height,
                                               box.width, hint.height),
                    colour=theme.TEXT_DIM, align="center", container=box)
