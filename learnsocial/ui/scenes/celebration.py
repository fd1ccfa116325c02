"""A finished chapter, or the whole course, is celebrated over the results: confetti, a fanfare,
the points and the level. With reduced motion the confetti is a still frame."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from learnsocial.app.badges import BADGES
from learnsocial.app.levels import level_for
from learnsocial.app.session import TestOutcome
from learnsocial.content.model import Chapter
from learnsocial.i18n import _, number
from learnsocial.ui.badge_art import draw_badge
from learnsocial.ui.overlay import Overlay
from learnsocial.ui.text import TextBlock
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, SMALL, TITLE, WIDTH, Colour

if TYPE_CHECKING:
    from learnsocial.ui.app import App

BOX_W = 800
PIECES = 90
GRAVITY = 220.0  # px/s²
GROW_S = 0.25
DISMISS_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_ESCAPE,
                pygame.K_BACKSPACE)
CONFETTI = ("TEAL", "ORANGE", "PURPLE", "GOLD", "BLUE", "ROSE", "GREEN")  # palette names


@dataclass
class Piece:
    x: float
    y: float
    vx: float
    vy: float
    size: int
    colour: str  # a palette name, so high contrast recolours it
    spin: float


def confetti(rng: random.Random, moving: bool) -> list[Piece]:
    """Pieces thrown up from the bottom corners, or (still) scattered over the screen."""
    pieces = []
    for n in range(PIECES):
        colour = CONFETTI[n % len(CONFETTI)]
        if moving:
            left = n % 2 == 0
            pieces.append(Piece(
                x=rng.uniform(0, 120) if left else WIDTH - rng.uniform(0, 120),
                y=HEIGHT + rng.uniform(0, 40),
                vx=rng.uniform(120, 420) * (1 if left else -1), vy=-rng.uniform(420, 640),
                size=rng.randint(6, 11), colour=colour, spin=rng.uniform(3, 9)))
        else:
            pieces.append(Piece(x=rng.uniform(0, WIDTH), y=rng.uniform(0, HEIGHT), vx=0, vy=0,
                                size=rng.randint(6, 11), colour=colour, spin=0))
    return pieces


class CelebrationScene(Overlay):
    name = "celebration"
    dim_alpha = 170
    moving = True  # the confetti

    def __init__(self, app: App, chapter: Chapter, outcome: TestOutcome):
        super().__init__(app)
        self.chapter = chapter
        self.outcome = outcome
        self.course = outcome.course_completed
        self.still = bool(app.session.settings["reduced_motion"])
        self.pieces = confetti(random.Random(app.rng.random()), moving=not self.still)
        self.age = GROW_S if self.still else 0.0
        self.played = False
        chapters = app.session.course.chapters
        index = chapters.index(chapter) if chapter in chapters else -1
        self.next_chapter = chapters[index + 1] if 0 <= index < len(chapters) - 1 else None
        self.lines(BOX_W - 80)  # laid out in the frame that makes it, not the first drawn

    def on_show(self) -> None:
        if not self.played:  # once, when it is first seen (not when pushed under another)
            self.played = True
            self.app.sounds.play("celebration" if self.course else "fanfare")

    def wants_escape(self) -> bool:
        return True

    def focus_label(self) -> str | None:
        return self.heading()

    def heading(self) -> str:
        return _("Course completed!") if self.course else _("Chapter completed!")

    def handle(self, event: pygame.event.Event) -> None:
        if (event.type == pygame.KEYDOWN and event.key in DISMISS_KEYS) or (
                event.type == pygame.MOUSEBUTTONDOWN and event.button == 1):
            self.dismiss()

    def update(self, dt: float) -> None:
        self.age += dt
        if self.still:
            return
        for piece in self.pieces:
            piece.vy += GRAVITY * dt
            piece.x += piece.vx * dt
            piece.y += piece.vy * dt
            piece.vx *= 0.995

    # -- drawing ----------------------------------------------------------------------------
    def lines(self, width: int) -> list[tuple[TextBlock, Colour]]:
        """What the panel says, laid out for its width (cached by the layout)."""
        theme = self.theme
        session = self.app.session
        title = session.course.title if self.course else self.chapter.title
        parts: list[tuple[str, int, bool, Colour, int]] = [
            (self.heading(), TITLE, True, theme.WARNING, 1),  # shrinks to HEADING at most
            (title, BODY, True, theme.TEXT, 2),
            (_("{points} points in this test").format(
                points=number(self.outcome.result.points)), BODY, False, theme.TEXT, 1)]
        level = self.outcome.new_level
        if level is not None:
            parts.append((_("New level: {level}").format(level=level.title), BODY, True,
                          theme.TEXT, 2))
        else:
            parts.append((self._level_line(), BODY, False, theme.TEXT_DIM, 2))
        if self.course:
            parts.append((_("You have finished every chapter. Thank you for taking the "
                            "course!"), BODY, False, theme.TEXT, 3))
        elif self.next_chapter is not None:
            parts.append((_("Next: {title}").format(title=self.next_chapter.title), BODY,
                          False, theme.TEXT, 2))
        return [(theme.lay_out(text, width, size, bold, max_lines=lines,
                               min_size=HEADING if size == TITLE else SMALL), colour)
                for text, size, bold, colour, lines in parts]

    def _level_line(self) -> str:
        level = level_for(self.app.session.points())
        if level.next_floor is None:
            return level.title
        return _("{level} · {points} points to the next level").format(
            level=level.title, points=number(level.to_next))

    def draw_content(self, surface: pygame.Surface) -> None:
        theme = self.theme
        for piece in self.pieces:
            wobble = abs(math.cos(self.age * piece.spin)) if piece.spin else 1.0
            rect = pygame.Rect(0, 0, piece.size, max(2, round(piece.size * 0.6 * wobble)))
            rect.center = (round(piece.x), round(piece.y))
            pygame.draw.rect(surface, getattr(theme, piece.colour), rect)
        width = BOX_W - 80
        lines = self.lines(width)
        hint = theme.lay_out(_("Press Enter to continue"), width, SMALL, max_lines=2)
        emblem = 112
        gap = 12
        height = 32 + emblem + 16 + sum(b.height for b, _c in lines) + gap * (len(lines) - 1) \
            + 24 + hint.height + 28
        box = pygame.Rect(0, 0, BOX_W, min(HEIGHT - 16, height))
        box.center = (WIDTH // 2, HEIGHT // 2)
        theme.panel(surface, box, theme.PANEL, border=theme.WARNING, width=3)
        grow = min(1.0, self.age / GROW_S)
        radius = max(8, round(52 * (1 - (1 - grow) ** 3)))
        centre = (box.centerx, box.top + 32 + emblem // 2)
        if self.course:
            crown = next(b for b in BADGES if b.id == "course")
            theme.sprite(surface, pygame.Rect(centre[0] - 52, centre[1] - 52, 104, 104),
                         "emblem", box)
            draw_badge(surface, theme, crown, centre, radius)
        else:
            theme.check_mark(surface, centre, radius, container=box)
        y = box.top + 32 + emblem + 16
        for block, colour in lines:
            theme.block(surface, block, pygame.Rect(box.left + 40, y, width, block.height),
                        colour=colour, align="center", container=box)
            y += block.height + gap
        theme.block(surface, hint, pygame.Rect(box.left + 40, box.bottom - 28 - hint.height,
                                               width, hint.height),
                    colour=theme.TEXT_DIM, align="center", container=box)
