"""A new badge pops up over the results: grows in, then waits for Enter or a click."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from learnsocial.app.badges import Badge
from learnsocial.i18n import _
from learnsocial.ui.badge_art import draw_badge
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, SMALL, WIDTH

if TYPE_CHECKING:
    from learnsocial.ui.app import App

GROW_S = 0.45


class BadgeUnlockScene(Scene):
    name = "badge"
    opaque = False

    def __init__(self, app: App, badges: list[Badge]):
        super().__init__(app)
        self.badges = badges
        self.age = GROW_S if app.session.settings["reduced_motion"] else 0.0
        app.sounds.play("success")

    def wants_escape(self) -> bool:
        return True

    def handle(self, event: pygame.event.Event) -> None:
        if (event.type == pygame.KEYDOWN and event.key in (
                pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_ESCAPE)) or (
                event.type == pygame.MOUSEBUTTONDOWN and event.button == 1):
            self.dismiss()

    def update(self, dt: float) -> None:
        self.age += dt

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        shade = pygame.Surface((WIDTH, HEIGHT), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 160))
        surface.blit(shade, (0, 0))
        grow = min(1.0, self.age / GROW_S)
        ease = 1 - (1 - grow) ** 3
        box = pygame.Rect(0, 0, max(640, 210 * len(self.badges) + 60), 400)
        box.center = (WIDTH // 2, HEIGHT // 2)
        theme.panel(surface, box, theme.PANEL, border=theme.WARNING)
        title = _("New badge!") if len(self.badges) == 1 else _("New badges!")
        theme.text(surface, title, (box.centerx, box.top + 44), HEADING, theme.WARNING,
                   True, anchor="center")
        count = len(self.badges)
        for n, badge in enumerate(self.badges):
            x = box.centerx + round((n - (count - 1) / 2) * 200)
            radius = max(1, round(52 * ease))
            wobble = 0 if grow >= 1 else round(math.sin(grow * math.pi) * 8)
            draw_badge(surface, theme, badge, (x, box.top + 150 - wobble), radius)
            if grow >= 1:
                theme.paragraph(surface, badge.title, pygame.Rect(x - 95, box.top + 222, 190, 60),
                                BODY, bold=True, align="center")
                theme.paragraph(surface, badge.description, pygame.Rect(x - 95, box.top + 252,
                                190, 80), SMALL, theme.TEXT_DIM, align="center")
        theme.text(surface, _("Press Enter to continue"), (box.centerx, box.bottom - 30),
                   SMALL, theme.TEXT_DIM, anchor="center")
