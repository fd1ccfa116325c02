"""Character portraits: the generated PNGs under assets/, with a drawn stand-in if one is missing."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pygame

from learnsocial.content.model import Character
from learnsocial.ui.theme import shade

SIZE = (300, 360)


@lru_cache(maxsize=64)
def _load(path: Path, colour: str) -> pygame.Surface:
    try:
        image = pygame.image.load(str(path))
        return image.convert_alpha() if pygame.display.get_surface() else image
    except (pygame.error, FileNotFoundError, OSError):
        try:
            accent = pygame.Color(colour)
        except (ValueError, TypeError):
            accent = pygame.Color(96, 108, 124)
        return _stand_in((accent.r, accent.g, accent.b))


def portrait(character: Character, mood: str, assets: Path) -> pygame.Surface:
    return _load(assets / character.portrait / f"{mood}.png", character.colour)


def _stand_in(colour: tuple[int, int, int]) -> pygame.Surface:
    surface = pygame.Surface(SIZE, pygame.SRCALPHA)
    pygame.draw.ellipse(surface, colour, (30, 230, 240, 200))
    pygame.draw.circle(surface, shade(colour, 1.4), (150, 150), 80)
    return surface
