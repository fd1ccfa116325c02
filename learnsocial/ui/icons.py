"""Small icons drawn from shapes: one per game type and one per choice rating.

Each icon is drawn four times larger and scaled down (smooth edges at any size), then cached by
its name, size and colours, so drawing one every frame costs a blit. The shape carries the
meaning on its own (target, bins, steps, link; tick, ring, cross); colour only supports it.

Pen is shared with learnsocial/ui/badge_art.py: it draws in unit coordinates, -1..1 across the
icon's box, so every glyph is written once for every size.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise

import pygame

from learnsocial.ui.theme import Theme

RGB = tuple[int, int, int]
Colour = RGB | tuple[int, int, int, int]
Point = tuple[float, float]
SUPERSAMPLE = 4

GAMES = ("gallery", "sorting", "sequencing", "pairing")
RATINGS = ("best", "ok", "poor")


def rating_colours(theme: Theme) -> dict[str, RGB]:
    """The one place the ratings take their colours from (the theme's palette of the moment)."""
    return {"best": theme.SUCCESS, "ok": theme.WARNING, "poor": theme.ERROR,
            "mark": theme.TEXT}


class Pen:
    """Draws on a supersampled square surface in unit coordinates (-1..1 each way)."""

    def __init__(self, radius: int, base: RGB, margin: float = 0.0):
        self.half = radius * SUPERSAMPLE  # pixels from the centre to the edge of the unit box
        self.pad = math.ceil((radius * margin + 2) * SUPERSAMPLE)
        side = 2 * (self.half + self.pad)
        self.surface = pygame.Surface((side, side), pygame.SRCALPHA)
        # Invisible pixels carry the outer colour, so scaling down leaves no dark fringe.
        self.clear: Colour = (*base[:3], 0)
        self.surface.fill(self.clear)
        self.scale = 1.0  # shrinks what follows about the centre (a glyph inside a medal)

    def pt(self, point: Point) -> tuple[float, float]:
        x, y = point
        return (self.pad + self.half * (1 + x * self.scale),
                self.pad + self.half * (1 + y * self.scale))

    def size(self, units: float) -> float:
        return units * self.half * self.scale

    def poly(self, colour: Colour, points: Sequence[Point]) -> None:
        pygame.draw.polygon(self.surface, colour, [self.pt(p) for p in points])

    def circle(self, colour: Colour, centre: Point, r: float, width: float = 0) -> None:
        thickness = max(1, round(self.size(width))) if width else 0
        pygame.draw.circle(self.surface, colour, self.pt(centre), self.size(r), thickness)

    def line(self, colour: Colour, points: Sequence[Point], width: float) -> None:
        """A polyline with round joins and ends."""
        half = self.size(width) / 2
        pixels = [self.pt(p) for p in points]
        for (ax, ay), (bx, by) in pairwise(pixels):
            length = math.hypot(bx - ax, by - ay) or 1.0
            nx, ny = -(by - ay) / length * half, (bx - ax) / length * half
            pygame.draw.polygon(self.surface, colour, [(ax + nx, ay + ny), (bx + nx, by + ny),
                                                       (bx - nx, by - ny), (ax - nx, ay - ny)])
        for p in pixels:
            pygame.draw.circle(self.surface, colour, p, half)

    def arc(self, colour: Colour, centre: Point, r: float, start: float, end: float,
            width: float, steps: int = 40) -> None:
        """An arc from start to end (radians, 0 = right, clockwise on screen)."""
        cx, cy = centre
        self.line(colour, [(cx + r * math.cos(start + (end - start) * i / steps),
                            cy + r * math.sin(start + (end - start) * i / steps))
                           for i in range(steps + 1)], width)

    def rect(self, colour: Colour, left: float, top: float, width: float, height: float,
             radius: float = 0.0) -> None:
        x, y = self.pt((left, top))
        pygame.draw.rect(self.surface, colour,
                         pygame.Rect(round(x), round(y), round(self.size(width)),
                                     round(self.size(height))),
                         border_radius=round(self.size(radius)))

    def ellipse(self, colour: Colour, centre: Point, rx: float, ry: float,
                angle: float = 0.0, steps: int = 40) -> None:
        """A filled ellipse turned by angle (radians, clockwise on screen)."""
        cx, cy = centre
        c, s = math.cos(angle), math.sin(angle)
        points = []
        for i in range(steps):
            t = 2 * math.pi * i / steps
            x, y = rx * math.cos(t), ry * math.sin(t)
            points.append((cx + x * c - y * s, cy + x * s + y * c))
        self.poly(colour, points)

    def finished(self) -> pygame.Surface:
        side = self.surface.get_width() // SUPERSAMPLE
        return pygame.transform.smoothscale(self.surface, (side, side))


def blit_centred(surface: pygame.Surface, image: pygame.Surface,
                 centre: tuple[int, int]) -> None:
    surface.blit(image, image.get_rect(center=(round(centre[0]), round(centre[1]))))


# --- game types -----------------------------------------------------------------------------

def _gallery(pen: Pen, ink: RGB) -> None:
    """A target with a crosshair."""
    pen.circle(ink, (0, 0), 0.72, width=0.16)
    pen.circle(ink, (0, 0), 0.36, width=0.14)
    pen.circle(ink, (0, 0), 0.12)
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        pen.line(ink, [(dx * 0.52, dy * 0.52), (dx * 0.98, dy * 0.98)], 0.14)


def _sorting(pen: Pen, ink: RGB) -> None:
    """A card dropping into one of two bins."""
    for left in (-0.95, 0.1):
        pen.line(ink, [(left, 0.25), (left + 0.1, 0.92), (left + 0.75, 0.92), (left + 0.85, 0.25)],
                 0.14)
    card = [(-0.55, -0.95), (-0.05, -0.85), (-0.18, -0.2), (-0.68, -0.3)]  # tilted, falling
    pen.poly(ink, card)
    pen.line(ink, [(0.2, -0.8), (0.42, -0.2)], 0.1)  # motion: towards the right bin
    pen.poly(ink, [(0.3, -0.26), (0.56, -0.08), (0.58, -0.36)])


def _digit(pen: Pen, colour: Colour, digit: int, centre: Point, h: float) -> None:
    x, y = centre
    w = h * 0.55
    strokes = {
        1: [[(x - w * 0.35, y - h * 0.3), (x, y - h / 2), (x, y + h / 2)]],
        2: [[(x - w / 2, y - h * 0.25), (x - w * 0.2, y - h / 2), (x + w * 0.3, y - h / 2),
             (x + w / 2, y - h * 0.2), (x - w / 2, y + h / 2), (x + w / 2, y + h / 2)]],
        3: [[(x - w / 2, y - h / 2), (x + w / 2, y - h / 2), (x, y - h * 0.05),
             (x + w / 2, y + h * 0.15), (x + w * 0.3, y + h / 2), (x - w / 2, y + h / 2)]],
    }[digit]
    for points in strokes:
        pen.line(colour, points, h * 0.2)


def _sequencing(pen: Pen, ink: RGB) -> None:
    """Numbered steps rising from left to right."""
    for k in range(3):
        left, top = -0.98 + k * 0.68, 0.2 - k * 0.5
        pen.rect(ink, left, top, 0.58, 0.95 - top, radius=0.1)
        _digit(pen, pen.clear, k + 1, (left + 0.29, top + 0.28), 0.34)


def _pairing(pen: Pen, ink: RGB) -> None:
    """Two dots linked by a line (and a second pair waiting)."""
    pen.line(ink, [(-0.62, -0.45), (0.62, 0.45)], 0.14)
    pen.circle(ink, (-0.62, -0.45), 0.3)
    pen.circle(ink, (0.62, 0.45), 0.3)
    pen.circle(ink, (-0.62, 0.55), 0.24, width=0.1)
    pen.circle(ink, (0.62, -0.55), 0.24, width=0.1)


GAME_GLYPHS: dict[str, Callable[[Pen, RGB], None]] = {
    "gallery": _gallery, "sorting": _sorting, "sequencing": _sequencing, "pairing": _pairing}


@lru_cache(maxsize=128)
def _game_icon(game: str, radius: int, colour: RGB) -> pygame.Surface:
    pen = Pen(radius, colour)
    GAME_GLYPHS[game](pen, colour)
    return pen.finished()


def draw_game_icon(surface: pygame.Surface, game: str, centre: tuple[int, int], radius: int,
                   colour: RGB) -> None:
    """The icon of a game type (one of GAMES) in one colour, fitting a circle of radius."""
    if game not in GAME_GLYPHS:
        raise ValueError(f"no icon for game {game!r}; known: {', '.join(GAMES)}")
    blit_centred(surface, _game_icon(game, max(4, radius), tuple(colour)[:3]), centre)


# --- choice ratings ---------------------------------------------------------------------------

def _best(pen: Pen, colours: dict[str, RGB]) -> None:
    pen.circle(colours["best"], (0, 0), 1.0)
    pen.line(colours["mark"], [(-0.48, 0.02), (-0.14, 0.38), (0.5, -0.34)], 0.22)


def _ok(pen: Pen, colours: dict[str, RGB]) -> None:
    pen.circle(colours["ok"], (0, 0), 0.92, width=0.26)


def _poor(pen: Pen, colours: dict[str, RGB]) -> None:
    pen.circle(colours["poor"], (0, 0), 1.0)
    for sign in (1, -1):
        pen.line(colours["mark"], [(-0.4, -0.4 * sign), (0.4, 0.4 * sign)], 0.22)


RATING_GLYPHS: dict[str, Callable[[Pen, dict[str, RGB]], None]] = {
    "best": _best, "ok": _ok, "poor": _poor}


@lru_cache(maxsize=64)
def _rating_icon(rating: str, radius: int, colours: tuple[tuple[str, RGB], ...]) -> pygame.Surface:
    palette = dict(colours)
    pen = Pen(radius, palette[rating])
    RATING_GLYPHS[rating](pen, palette)
    return pen.finished()


def draw_rating_icon(surface: pygame.Surface, theme: Theme, rating: str,
                     centre: tuple[int, int], radius: int) -> None:
    """A choice's rating: best (tick in a disc), ok (a ring), poor (cross in a disc)."""
    if rating not in RATING_GLYPHS:
        raise ValueError(f"no icon for rating {rating!r}; known: {', '.join(RATINGS)}")
    colours = tuple(sorted(rating_colours(theme).items()))
    blit_centred(surface, _rating_icon(rating, max(4, radius), colours), centre)
