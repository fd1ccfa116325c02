"""Colours, fonts and the few drawing helpers every screen shares (see shared VISUAL.md)."""
from __future__ import annotations

from functools import lru_cache

import pygame

from learnsocial.paths import font_path

WIDTH, HEIGHT = 1280, 720
MARGIN = 32
GAP = 16

PALETTES = {
    "default": {
        "BACKGROUND": (30, 42, 58), "BACKGROUND_LOW": (20, 29, 41), "PANEL": (42, 58, 78),
        "PANEL_HIGH": (54, 73, 97), "TEXT": (242, 244, 247), "TEXT_DIM": (184, 194, 207),
        "ACCENT": (40, 100, 180), "SUCCESS": (46, 158, 91), "ERROR": (214, 69, 69),
        "WARNING": (224, 165, 38), "FOCUS": (255, 210, 63), "LOCKED": (96, 108, 124),
    },
    # Black, white and yellow: for learners who need the strongest contrast.
    "high_contrast": {
        "BACKGROUND": (0, 0, 0), "BACKGROUND_LOW": (0, 0, 0), "PANEL": (0, 0, 0),
        "PANEL_HIGH": (38, 38, 38), "TEXT": (255, 255, 255), "TEXT_DIM": (235, 235, 235),
        "ACCENT": (0, 70, 170), "SUCCESS": (0, 150, 60), "ERROR": (220, 0, 0),
        "WARNING": (255, 230, 0), "FOCUS": (255, 255, 0), "LOCKED": (100, 100, 100),
    },
}
BACKGROUND = BACKGROUND_LOW = PANEL = PANEL_HIGH = TEXT = TEXT_DIM = (0, 0, 0)
ACCENT = SUCCESS = ERROR = WARNING = FOCUS = LOCKED = (0, 0, 0)
high_contrast = False


def use_palette(name: str) -> None:
    """Switch every colour at once; screens read theme colours at draw time."""
    global high_contrast
    globals().update(PALETTES[name])
    high_contrast = name == "high_contrast"


use_palette("default")

TITLE, HEADING, DIALOGUE, BODY, SMALL = 44, 30, 24, 20, 16


TEXT_SCALES = (1.0, 1.25, 1.5)
text_scale = 1.0


def set_text_scale(scale: float) -> None:
    global text_scale
    text_scale = scale if scale in TEXT_SCALES else 1.0


def font(size: int, bold: bool = False) -> pygame.font.Font:
    """The font for a design size (16, 20, 24 ...), enlarged by the learner's text size."""
    return _font(round(size * text_scale), bold)


def reset_fonts() -> None:
    """Forget loaded fonts (they die with pygame.quit())."""
    _font.cache_clear()


@lru_cache(maxsize=64)
def _font(pixels: int, bold: bool) -> pygame.font.Font:
    return pygame.font.Font(str(font_path(bold)), pixels)


def line_height(size: int) -> int:
    return round(size * text_scale * 1.35)


def hex_colour(value: str, fallback: tuple[int, int, int] | None = None
               ) -> tuple[int, int, int]:
    try:
        return tuple(pygame.Color(value))[:3]  # type: ignore[return-value]
    except (ValueError, TypeError):
        return ACCENT if fallback is None else fallback


def shade(colour: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    """Darker below 1, lighter above 1 (towards white)."""
    if factor <= 1:
        return tuple(round(c * factor) for c in colour)  # type: ignore[return-value]
    return tuple(round(c + (255 - c) * (factor - 1)) for c in colour)  # type: ignore[return-value]


def gradient(surface: pygame.Surface, top: tuple[int, int, int], bottom: tuple[int, int, int],
             rect: pygame.Rect | None = None) -> None:
    area = rect or surface.get_rect()
    strip = pygame.Surface((1, 2))
    strip.set_at((0, 0), top)
    strip.set_at((0, 1), bottom)
    surface.blit(pygame.transform.smoothscale(strip, area.size), area)


def panel(surface: pygame.Surface, rect: pygame.Rect, colour=None, radius: int = 12,
          border: tuple[int, int, int] | None = None, width: int = 2) -> None:
    colour = PANEL if colour is None else colour
    if high_contrast and border is None:
        border = TEXT_DIM  # panels on black need an outline to be seen
    pygame.draw.rect(surface, colour, rect, border_radius=radius)
    if border:
        pygame.draw.rect(surface, border, rect, width, border_radius=radius)


def focus_ring(surface: pygame.Surface, rect: pygame.Rect, radius: int = 14) -> None:
    pygame.draw.rect(surface, FOCUS, rect.inflate(10, 10), 3, border_radius=radius)


def wrap(text: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Break text into lines that fit the width, by words; a word too long is split by letters."""
    face = font(size, bold)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if face.size(candidate)[0] <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while face.size(word)[0] > width:
                cut = len(word)
                while cut > 1 and face.size(word[:cut])[0] > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def text(surface: pygame.Surface, value: str, pos: tuple[int, int], size: int = BODY,
         colour=None, bold: bool = False, anchor: str = "topleft") -> pygame.Rect:
    image = font(size, bold).render(value, True, TEXT if colour is None else colour)
    rect = image.get_rect(**{anchor: pos})
    surface.blit(image, rect)
    return rect


def paragraph(surface: pygame.Surface, value: str, rect: pygame.Rect, size: int = BODY,
              colour=None, bold: bool = False, align: str = "left") -> int:
    """Draw wrapped text inside rect; returns the height used."""
    colour = TEXT if colour is None else colour
    y = rect.top
    for line in wrap(value, size, rect.width, bold):
        image = font(size, bold).render(line, True, colour)
        x = rect.left if align == "left" else rect.centerx - image.get_width() // 2
        surface.blit(image, (x, y))
        y += line_height(size)
    return y - rect.top


def check_mark(surface: pygame.Surface, centre: tuple[int, int], radius: int,
               colour=None) -> None:
    """A filled circle with a tick: 'right' is never shown by colour alone."""
    colour = SUCCESS if colour is None else colour
    x, y = centre
    pygame.draw.circle(surface, colour, centre, radius)
    r = radius
    pygame.draw.lines(surface, TEXT, False, [(x - r * 0.5, y), (x - r * 0.12, y + r * 0.4),
                                             (x + r * 0.5, y - r * 0.38)], max(2, r // 4))


def cross_mark(surface: pygame.Surface, centre: tuple[int, int], radius: int,
               colour=None) -> None:
    """A filled circle with a cross: 'wrong' is never shown by colour alone."""
    colour = ERROR if colour is None else colour
    x, y = centre
    pygame.draw.circle(surface, colour, centre, radius)
    d = radius * 0.42
    w = max(2, radius // 4)
    pygame.draw.line(surface, TEXT, (x - d, y - d), (x + d, y + d), w)
    pygame.draw.line(surface, TEXT, (x - d, y + d), (x + d, y - d), w)
