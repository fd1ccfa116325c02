"""Badge medals drawn from shapes: a coloured disc with an icon; greyed out until earned.

Drawn four times larger and scaled down (see learnsocial/ui/icons.py), cached per icon, size
and colours, so a medal in a header strip costs one blit a frame.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

import pygame

from learnsocial.app.badges import Badge
from learnsocial.ui.icons import RGB, Pen, blit_centred
from learnsocial.ui.theme import Theme, shade

COLOURS = {"flag": "GREEN", "star": "GOLD", "bolt": "BLUE", "arrow": "ORANGE",
           "crown": "PURPLE", "compass": "TEAL", "flame": "RED", "target": "ROSE",
           "scales": "INDIGO", "trophy": "AMBER", "path": "MOSS"}  # the theme's accent names
GLYPH_SCALE = 0.55  # the icon's reach as a share of the medal's radius


def badge_colours(theme: Theme, icon: str, earned: bool) -> tuple[RGB, RGB]:
    """The one place a medal takes its colours from: (disc, ink)."""
    if not earned:
        return theme.LOCKED, shade(theme.LOCKED, 1.4)
    return getattr(theme, COLOURS.get(icon, "ACCENT")), theme.TEXT


def draw_badge(surface: pygame.Surface, theme: Theme, badge: Badge, centre: tuple[int, int],
               radius: int, earned: bool = True) -> None:
    disc, ink = badge_colours(theme, badge.icon, earned)
    blit_centred(surface, _medal(badge.icon, max(6, radius), disc, ink), centre)


@lru_cache(maxsize=128)
def _medal(icon: str, radius: int, disc: RGB, ink: RGB) -> pygame.Surface:
    pen = Pen(radius, shade(disc, 0.7))
    drop = 2 / radius  # the shadow sits two pixels lower
    pen.circle(shade(disc, 0.7), (0, drop), 1.0)
    pen.circle(disc, (0, 0), 1.0)
    pen.circle(shade(disc, 1.35), (0, 0), 1.0, width=max(2 / radius, 0.125))
    pen.scale = GLYPH_SCALE
    GLYPHS.get(icon, _crown)(pen, ink, disc)
    return pen.finished()


# --- glyphs, in units of -1..1 ---------------------------------------------------------------

def _star(pen: Pen, ink: RGB, _disc: RGB) -> None:
    points = []
    for k in range(10):
        reach = 1.0 if k % 2 == 0 else 0.45
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((reach * math.cos(angle), reach * math.sin(angle) + 0.05))
    pen.poly(ink, points)


def _flag(pen: Pen, ink: RGB, _disc: RGB) -> None:
    pen.line(ink, [(-0.6, -0.95), (-0.6, 1.0)], 0.2)
    pen.poly(ink, [(-0.6, -1.0), (0.2, -0.85), (0.85, -0.6), (0.3, -0.35), (-0.6, -0.05)])


def _bolt(pen: Pen, ink: RGB, _disc: RGB) -> None:
    pen.poly(ink, [(0.2, -1.0), (-0.6, 0.1), (0.0, 0.1), (-0.2, 1.0), (0.6, -0.1),
                   (0.0, -0.1)])


def _arrow(pen: Pen, ink: RGB, _disc: RGB) -> None:
    """Round and back again: a circular arrow about to close."""
    start, end = 0.5, 2 * math.pi - 0.6
    pen.arc(ink, (0, 0), 0.82, start, end, 0.24)
    ex, ey = 0.82 * math.cos(end), 0.82 * math.sin(end)
    tx, ty = -math.sin(end), math.cos(end)  # direction of travel
    nx, ny = math.cos(end), math.sin(end)
    pen.poly(ink, [(ex + tx * 0.5, ey + ty * 0.5), (ex + nx * 0.38, ey + ny * 0.38),
                   (ex - nx * 0.38, ey - ny * 0.38)])


def _crown(pen: Pen, ink: RGB, _disc: RGB) -> None:
    pen.poly(ink, [(-1.0, 0.65), (-1.0, -0.45), (-0.5, 0.05), (0.0, -0.8), (0.5, 0.05),
                   (1.0, -0.45), (1.0, 0.65)])
    for x, y in ((-1.0, -0.55), (0.0, -0.9), (1.0, -0.55)):
        pen.circle(ink, (x, y), 0.16)


def _compass(pen: Pen, ink: RGB, disc: RGB) -> None:
    pen.circle(ink, (0, 0), 1.0, width=0.16)
    angle = math.radians(-55)  # the needle points north-east
    dx, dy = math.cos(angle), math.sin(angle)
    side = (-dy * 0.24, dx * 0.24)
    north = (dx * 0.78, dy * 0.78)
    south = (-dx * 0.78, -dy * 0.78)
    pen.poly(ink, [north, side, (-side[0], -side[1])])
    pen.poly(shade(disc, 1.45), [south, side, (-side[0], -side[1])])
    pen.circle(disc, (0, 0), 0.09)


def _flame(pen: Pen, ink: RGB, disc: RGB) -> None:
    def flame(cx: float, cy: float, r: float, tip: tuple[float, float]) -> list[tuple]:
        arc = [(cx + r * math.cos(t), cy + r * math.sin(t))
               for t in (math.radians(a) for a in range(-20, 201, 10))]
        return arc + [tip]

    pen.poly(ink, flame(0.0, 0.4, 0.58, (0.12, -1.05)))
    pen.poly(ink, [(-0.5, 0.1), (-0.62, -0.35), (-0.25, -0.05)])  # a small side tongue
    pen.poly(disc, flame(0.0, 0.55, 0.28, (-0.06, -0.15)))


def _target(pen: Pen, ink: RGB, disc: RGB) -> None:
    pen.circle(ink, (0, 0), 1.0, width=0.2)
    pen.circle(ink, (0, 0), 0.55, width=0.2)
    pen.circle(ink, (0, 0), 0.18)
    pen.line(disc, [(0.05, -0.05), (0.85, -0.85)], 0.26)  # a dart stuck in the middle
    pen.line(ink, [(0.05, -0.05), (0.85, -0.85)], 0.12)
    pen.poly(ink, [(0.7, -0.95), (1.08, -1.08), (0.95, -0.7), (0.82, -0.82)])


def _scales(pen: Pen, ink: RGB, _disc: RGB) -> None:
    pen.line(ink, [(0, -0.8), (0, 0.85)], 0.16)
    pen.line(ink, [(-0.45, 0.92), (0.45, 0.92)], 0.2)
    pen.line(ink, [(-0.82, -0.6), (0.82, -0.6)], 0.13)
    pen.circle(ink, (0, -0.84), 0.14)
    for side in (-1, 1):
        x = side * 0.7
        pen.line(ink, [(x, -0.6), (x - 0.28, 0.1)], 0.07)
        pen.line(ink, [(x, -0.6), (x + 0.28, 0.1)], 0.07)
        pen.poly(ink, [(x - 0.38, 0.08)] + [(x + 0.38 * math.cos(t), 0.08 + 0.3 * math.sin(t))
                                            for t in (math.pi * i / 12 for i in range(13))])


def _trophy(pen: Pen, ink: RGB, _disc: RGB) -> None:
    bowl = [(0.62 * math.cos(t), -0.85 + 1.0 * math.sin(t))
            for t in (math.pi * i / 16 for i in range(17))]
    pen.poly(ink, bowl)
    for side in (-1, 1):
        pen.arc(ink, (side * 0.62, -0.5), 0.3, -math.pi / 2 if side > 0 else math.pi * 1.5,
                math.pi / 2, 0.13)
    pen.rect(ink, -0.12, 0.05, 0.24, 0.55)
    pen.rect(ink, -0.52, 0.55, 1.04, 0.32, radius=0.08)


def _path(pen: Pen, ink: RGB, _disc: RGB) -> None:
    """Footsteps: two prints, one ahead of the other."""
    _footprint(pen, ink, -0.46, 0.3, -0.2)
    _footprint(pen, ink, 0.46, -0.42, 0.2)


def _footprint(pen: Pen, ink: RGB, x: float, y: float, turn: float) -> None:
    c, s = math.cos(turn), math.sin(turn)

    def at(dx: float, dy: float) -> tuple[float, float]:
        return x + dx * c - dy * s, y + dx * s + dy * c

    pen.ellipse(ink, at(0, -0.2), 0.25, 0.34, turn)  # the ball of the foot
    pen.ellipse(ink, at(0, 0.4), 0.17, 0.18, turn)  # the heel


GLYPHS: dict[str, Callable[[Pen, RGB, RGB], None]] = {
    "flag": _flag, "star": _star, "bolt": _bolt, "arrow": _arrow, "crown": _crown,
    "compass": _compass, "flame": _flame, "target": _target, "scales": _scales,
    "trophy": _trophy, "path": _path,
}
ICONS = tuple(GLYPHS)
