"""Character portraits: the generated waist-up PNGs under assets/, scaled once and cached.

Each mood has a still frame (`<mood>.png`) and a talking one (`<mood>-talk.png`, only the mouth
differs); the player alternates them while a line appears. The pictures are 400x600 with the
figure fading out over its bottom rows, drawn at SCALE so that fade runs over the dialogue
panel's top edge. A missing file is drawn as a plain stand-in in the character's colour, so a
course with a typo still plays.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pygame

from learnsocial.content.model import Character
from learnsocial.ui.theme import shade

SOURCE_SIZE = (400, 600)
SCALE = 0.75
SIZE = (round(SOURCE_SIZE[0] * SCALE), round(SOURCE_SIZE[1] * SCALE))  # as drawn: 300x450
VISIBLE_ALPHA = 128  # where the fade is more than half see-through, the figure has ended


@dataclass(frozen=True)
class Portrait:
    image: pygame.Surface  # SIZE, transparent around the figure
    visible: pygame.Rect  # the figure's bounds inside image (what no text may lie under)


def _stand_in(colour: str) -> pygame.Surface:
    try:
        accent = pygame.Color(colour)
        rgb = (accent.r, accent.g, accent.b)
    except (ValueError, TypeError):
        rgb = (96, 108, 124)
    surface = pygame.Surface(SOURCE_SIZE, pygame.SRCALPHA)
    pygame.draw.ellipse(surface, rgb, (60, 250, 280, 420))
    pygame.draw.circle(surface, shade(rgb, 1.4), (200, 128), 82)
    return surface


@lru_cache(maxsize=128)
def _load(path: Path, fallback: Path | None, colour: str) -> Portrait:
    image = None
    for candidate in (path, fallback):
        if candidate is None:
            continue
        try:
            image = pygame.image.load(str(candidate))
            break
        except (pygame.error, FileNotFoundError, OSError):
            continue
    if image is None:
        image = _stand_in(colour)
    if pygame.display.get_surface() is not None:
        image = image.convert_alpha()
    scaled = pygame.transform.smoothscale(image, SIZE)
    return Portrait(scaled, scaled.get_bounding_rect(min_alpha=VISIBLE_ALPHA))


def portrait(character: Character, mood: str, assets: Path, talking: bool = False
             ) -> Portrait:
    """The character in a mood, still or mid-word (the talk frame falls back to the still)."""
    folder = assets / character.portrait
    still = folder / f"{mood}.png"
    if talking:
        return _load(folder / f"{mood}-talk.png", still, character.colour)
    return _load(still, None, character.colour)
