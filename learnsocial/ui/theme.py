"""The look (see shared VISUAL.md): a Theme object the app owns, holding the active palette,
the learner's text size, loaded fonts and cached gradients, with the drawing helpers every screen
shares. Layout constants that never change stay module constants.
"""
from __future__ import annotations

import pygame

from learnsocial.paths import font_path

Colour = tuple[int, int, int]

WIDTH, HEIGHT = 1280, 720
MARGIN = 32
GAP = 16
TITLE, HEADING, DIALOGUE, BODY, SMALL = 44, 30, 24, 20, 16
TEXT_SCALES = (1.0, 1.25, 1.5)

PALETTES: dict[str, dict[str, Colour]] = {
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


def shade(colour: Colour, factor: float) -> Colour:
    """Darker below 1, lighter above 1 (towards white)."""
    if factor <= 1:
        return (round(colour[0] * factor), round(colour[1] * factor), round(colour[2] * factor))
    return (round(colour[0] + (255 - colour[0]) * (factor - 1)),
            round(colour[1] + (255 - colour[1]) * (factor - 1)),
            round(colour[2] + (255 - colour[2]) * (factor - 1)))


class Theme:
    """Palette, text size, fonts and cached surfaces; configure() switches them at once."""

    BACKGROUND: Colour
    BACKGROUND_LOW: Colour
    PANEL: Colour
    PANEL_HIGH: Colour
    TEXT: Colour
    TEXT_DIM: Colour
    ACCENT: Colour
    SUCCESS: Colour
    ERROR: Colour
    WARNING: Colour
    FOCUS: Colour
    LOCKED: Colour

    def __init__(self, palette: str = "default", text_scale: float = 1.0):
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._gradients: dict[tuple[Colour, Colour, tuple[int, int]], pygame.Surface] = {}
        self.palette = ""
        self.text_scale = 1.0
        self.configure(palette, text_scale)

    def configure(self, palette: str, text_scale: float) -> None:
        self.palette = palette if palette in PALETTES else "default"
        for name, colour in PALETTES[self.palette].items():
            setattr(self, name, colour)
        self.text_scale = text_scale if text_scale in TEXT_SCALES else 1.0

    @property
    def high_contrast(self) -> bool:
        return self.palette == "high_contrast"

    # -- type -----------------------------------------------------------------------------
    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        """The font for a design size (16, 20, 24 ...), enlarged by the learner's text size."""
        key = (round(size * self.text_scale), bold)
        if key not in self._fonts:
            self._fonts[key] = pygame.font.Font(str(font_path(bold)), key[0])
        return self._fonts[key]

    def line_height(self, size: int) -> int:
        return round(size * self.text_scale * 1.35)

    def hex_colour(self, value: str) -> Colour:
        """An author's "#RRGGBB"; the accent colour when it cannot be read."""
        try:
            colour = pygame.Color(value)
        except (ValueError, TypeError):
            return self.ACCENT
        return (colour.r, colour.g, colour.b)

    # -- surfaces -------------------------------------------------------------------------
    def gradient(self, surface: pygame.Surface, top: Colour, bottom: Colour,
                 rect: pygame.Rect | None = None) -> None:
        """A vertical gradient, scaled once per size and colours and then only blitted."""
        area = rect or surface.get_rect()
        key = (top, bottom, area.size)
        image = self._gradients.get(key)
        if image is None:
            strip = pygame.Surface((1, 2))
            strip.set_at((0, 0), top)
            strip.set_at((0, 1), bottom)
            image = pygame.transform.smoothscale(strip, area.size)
            if len(self._gradients) > 64:
                self._gradients.clear()
            self._gradients[key] = image
        surface.blit(image, area)

    def backdrop(self, surface: pygame.Surface) -> None:
        """The calm background of the menu screens."""
        self.gradient(surface, shade(self.BACKGROUND, 1.12), self.BACKGROUND_LOW)

    def panel(self, surface: pygame.Surface, rect: pygame.Rect, colour: Colour | None = None,
              radius: int = 12, border: Colour | None = None, width: int = 2) -> None:
        colour = self.PANEL if colour is None else colour
        if self.high_contrast and border is None:
            border = self.TEXT_DIM  # panels on black need an outline to be seen
        pygame.draw.rect(surface, colour, rect, border_radius=radius)
        if border:
            pygame.draw.rect(surface, border, rect, width, border_radius=radius)

    def focus_ring(self, surface: pygame.Surface, rect: pygame.Rect, radius: int = 14) -> None:
        pygame.draw.rect(surface, self.FOCUS, rect.inflate(10, 10), 3, border_radius=radius)

    # -- text -----------------------------------------------------------------------------
    def wrap(self, text: str, size: int, width: int, bold: bool = False) -> list[str]:
        """Break text into lines that fit the width, by words; a word too long is split."""
        face = self.font(size, bold)
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

    def text(self, surface: pygame.Surface, value: str, pos: tuple[int, int],
             size: int = BODY, colour: Colour | None = None, bold: bool = False,
             anchor: str = "topleft") -> pygame.Rect:
        image = self.font(size, bold).render(value, True, self.TEXT if colour is None else colour)
        rect = image.get_rect(**{anchor: pos})
        surface.blit(image, rect)
        return rect

    def paragraph(self, surface: pygame.Surface, value: str, rect: pygame.Rect,
                  size: int = BODY, colour: Colour | None = None, bold: bool = False,
                  align: str = "left") -> int:
        """Draw wrapped text inside rect; returns the height used."""
        colour = self.TEXT if colour is None else colour
        y = rect.top
        for line in self.wrap(value, size, rect.width, bold):
            image = self.font(size, bold).render(line, True, colour)
            x = rect.left if align == "left" else rect.centerx - image.get_width() // 2
            surface.blit(image, (x, y))
            y += self.line_height(size)
        return y - rect.top

    # -- marks ----------------------------------------------------------------------------
    def check_mark(self, surface: pygame.Surface, centre: tuple[int, int], radius: int,
                   colour: Colour | None = None) -> None:
        """A filled circle with a tick: 'right' is never shown by colour alone."""
        colour = self.SUCCESS if colour is None else colour
        x, y = centre
        pygame.draw.circle(surface, colour, centre, radius)
        r = radius
        pygame.draw.lines(surface, self.TEXT, False, [(x - r * 0.5, y), (x - r * 0.12, y + r * 0.4),
                                                      (x + r * 0.5, y - r * 0.38)], max(2, r // 4))

    def cross_mark(self, surface: pygame.Surface, centre: tuple[int, int], radius: int,
                   colour: Colour | None = None) -> None:
        """A filled circle with a cross: 'wrong' is never shown by colour alone."""
        colour = self.ERROR if colour is None else colour
        x, y = centre
        pygame.draw.circle(surface, colour, centre, radius)
        d = radius * 0.42
        w = max(2, radius // 4)
        pygame.draw.line(surface, self.TEXT, (x - d, y - d), (x + d, y + d), w)
        pygame.draw.line(surface, self.TEXT, (x - d, y + d), (x + d, y - d), w)
