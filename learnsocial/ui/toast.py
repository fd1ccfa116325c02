"""A toast: a short message at the top of any screen for a moment ("Sound off"), so a toggle
by key (M, F11) is never silent. It drops in a little unless motion is reduced, and never
leaves the screen while it moves."""
from __future__ import annotations

import pygame

from learnsocial.ui.theme import BODY, SMALL, WIDTH, Theme

SHOW_S = 2.2  # on screen, in full
SLIDE_S = 0.2  # sliding in (skipped with reduced motion)
TOP = 20
DROP = 12  # pixels it drops while sliding in


class Toast:
    def __init__(self, message: str, reduced_motion: bool = False):
        self.message = message
        self.age = SLIDE_S if reduced_motion else 0.0

    @property
    def done(self) -> bool:
        return self.age >= SLIDE_S + SHOW_S

    def update(self, dt: float) -> None:
        self.age += dt

    def rect(self, theme: Theme) -> pygame.Rect:
        block = theme.lay_out(self.message, WIDTH // 2, BODY, bold=True, max_lines=2,
                              min_size=SMALL)
        box = pygame.Rect(0, 0, block.width + 48, block.height + 20)
        slide = min(1.0, self.age / SLIDE_S) if SLIDE_S else 1.0
        eased = 1 - (1 - slide) ** 3
        box.midtop = (WIDTH // 2, round(TOP - DROP * (1 - eased)))
        return box

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        box = self.rect(theme)
        block = theme.lay_out(self.message, WIDTH // 2, BODY, bold=True, max_lines=2,
                              min_size=SMALL)
        theme.panel(surface, box, theme.PANEL_HIGH, radius=box.height // 2,
                    border=theme.FOCUS if theme.high_contrast else theme.TEXT_DIM)
        theme.block(surface, block, box.inflate(-48, -20), colour=theme.TEXT, align="center",
                    container=box)
