"""Badge medals drawn from shapes: a coloured disc with an icon; greyed out until earned."""
from __future__ import annotations

import math

import pygame

from learnsocial.app.badges import Badge
from learnsocial.ui.theme import Theme, shade

COLOURS = {"flag": (46, 158, 91), "star": (224, 165, 38), "bolt": (64, 132, 214),
           "arrow": (194, 87, 26), "crown": (123, 75, 183)}


def draw_badge(surface: pygame.Surface, theme: Theme, badge: Badge, centre: tuple[int, int],
               radius: int, earned: bool = True) -> None:
    colour = COLOURS.get(badge.icon, theme.ACCENT) if earned else theme.LOCKED
    x, y = centre
    pygame.draw.circle(surface, shade(colour, 0.7), (x, y + 2), radius)
    pygame.draw.circle(surface, colour, centre, radius)
    pygame.draw.circle(surface, shade(colour, 1.35), centre, radius, max(2, radius // 8))
    ink = theme.TEXT if earned else shade(theme.LOCKED, 1.4)
    r = radius * 0.55
    if badge.icon == "star":
        points = []
        for k in range(10):
            reach = r if k % 2 == 0 else r * 0.45
            angle = -math.pi / 2 + k * math.pi / 5
            points.append((x + reach * math.cos(angle), y + reach * math.sin(angle)))
        pygame.draw.polygon(surface, ink, points)
    elif badge.icon == "flag":
        pygame.draw.line(surface, ink, (x - r * 0.6, y - r), (x - r * 0.6, y + r), 3)
        pygame.draw.polygon(surface, ink, [(x - r * 0.6, y - r), (x + r * 0.8, y - r * 0.5),
                                           (x - r * 0.6, y)])
    elif badge.icon == "bolt":
        pygame.draw.polygon(surface, ink, [(x + r * 0.2, y - r), (x - r * 0.6, y + r * 0.1),
                                           (x, y + r * 0.1), (x - r * 0.2, y + r),
                                           (x + r * 0.6, y - r * 0.1), (x, y - r * 0.1)])
    elif badge.icon == "arrow":
        pygame.draw.arc(surface, ink, (x - r, y - r, 2 * r, 2 * r), 0.3, 5.2, 4)
        pygame.draw.polygon(surface, ink, [(x + r * 1.05, y - r * 0.1), (x + r * 0.45, y - r * 0.55),
                                           (x + r * 1.25, y - r * 0.75)])
    else:  # crown
        pygame.draw.polygon(surface, ink, [(x - r, y + r * 0.6), (x - r, y - r * 0.5),
                                           (x - r * 0.45, y), (x, y - r * 0.8), (x + r * 0.45, y),
                                           (x + r, y - r * 0.5), (x + r, y + r * 0.6)])
