"""Scene backdrops: `assets/backdrops/<name>.png`, toned once for the text drawn over them.

A backdrop is dimmed and slightly tinted with the chapter's colour (so each chapter keeps its
own light), and darkened further at the top where the chapter title and the progress sit; in
high contrast it is darkened much more, so white text and outlined panels stand out. The result
is cached per picture, colour and palette: a frame only blits it (the player tones a chapter's
pictures when the chapter opens, so no later frame waits for a file). A missing or unreadable
file falls back to the theme's gradient in the chapter's colour.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pygame

from learnsocial.ui.theme import HEIGHT, WIDTH, Colour, Theme, shade

DIM = 0.82  # share of the picture's own light kept (default theme)
DIM_HIGH_CONTRAST = 0.38
TINT = 40  # alpha of the chapter colour laid over the picture (of 255)
TOP_BAND = 120  # the title and the progress read on a darker band this tall


@lru_cache(maxsize=1)
def _top_band() -> pygame.Surface:
    """Multiplies the top rows darker, most at the very top (one fill per row, made once)."""
    band = pygame.Surface((1, TOP_BAND))
    for y in range(TOP_BAND):
        keep = 255 - round(150 * (1 - y / TOP_BAND))
        band.set_at((0, y), (keep, keep, keep))
    return pygame.transform.scale(band, (WIDTH, TOP_BAND))


@lru_cache(maxsize=16)
def _toned(path: Path, tint: Colour, high_contrast: bool) -> pygame.Surface | None:
    try:
        image = pygame.image.load(str(path))
    except (pygame.error, FileNotFoundError, OSError):
        return None
    if image.get_size() != (WIDTH, HEIGHT):
        image = pygame.transform.smoothscale(image, (WIDTH, HEIGHT))
    image = image.convert() if pygame.display.get_surface() is not None else image.copy()
    # picture x keep x (1 - tint share) + tint x tint share: dimmed and tinted in two fills
    share = 0.0 if high_contrast else TINT / 255
    keep = round(255 * (DIM_HIGH_CONTRAST if high_contrast else DIM) * (1 - share))
    image.fill((keep, keep, keep), special_flags=pygame.BLEND_RGB_MULT)
    if share:
        image.fill(tuple(round(c * share) for c in tint), special_flags=pygame.BLEND_RGB_ADD)
    image.blit(_top_band(), (0, 0), special_flags=pygame.BLEND_RGB_MULT)
    return image


def toned(theme: Theme, assets: Path, name: str, colour: Colour) -> pygame.Surface | None:
    """The named backdrop toned for the chapter colour and the theme (None: no such picture)."""
    if not name:
        return None
    return _toned(assets / "backdrops" / f"{name}.png", colour, theme.high_contrast)


def draw_backdrop(surface: pygame.Surface, theme: Theme, assets: Path, name: str,
                  colour: Colour) -> bool:
    """Draw the named backdrop toned for the chapter colour; False when it fell back to the
    gradient (no name, or no such picture)."""
    image = toned(theme, assets, name, colour)
    if image is None:
        factor = 0.35 if theme.high_contrast else 1.0
        theme.gradient(surface, shade(colour, 1.1 * factor), shade(colour, 0.45 * factor))
        return False
    surface.blit(image, (0, 0))
    return True
