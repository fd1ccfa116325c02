"""The look (see shared VISUAL.md): a Theme object the app owns, holding the active palette,
the learner's text size, loaded fonts and cached gradients, with the drawing helpers every screen
shares. Layout constants that never change stay module constants.
"""
from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from pathlib import Path

import pygame

from learnsocial.i18n import active_language
from learnsocial.paths import font_path
from learnsocial.ui.audit import MIN_CONTRAST, LayoutAudit, Mark, contrast
from learnsocial.ui.fonts import PLACEHOLDER, Glyphs, fallback_paths
from learnsocial.ui.pace import Pace
from learnsocial.ui.text import TextBlock, TextLayout

Colour = tuple[int, int, int]

WIDTH, HEIGHT = 1280, 720
MARGIN = 32
GAP = 16
TITLE, HEADING, DIALOGUE, BODY, SMALL = 44, 30, 24, 20, 16
TEXT_SCALES = (1.0, 1.25, 1.5)
# The (design size, bold) pairs the screens use most (a text that must shrink to fit asks for
# sizes in between). A font's first use costs about 2 ms and each new letter some more, so
# these are made and their common letters drawn ahead, a little in each idle frame
# (Theme.warm_a_little).
TYPE_IN_USE = ((14, False), (16, False), (16, True), (18, False), (20, False), (20, True),
               (22, True), (24, False), (28, True), (30, False), (30, True), (44, True),
               (64, True),
               # the sizes texts shrink to most (labels, map lines, game cards and prompts)
               (12, False), (13, False), (15, False), (13, True), (14, True), (15, True),
               (17, True), (18, True), (19, True))
PRIMER = ("etaoinsrhldcumfpgwybvkjxqzäöüåßéETAOINSRHLDCUMFPGWYBVKJXQZÄÖÜÅ0123456789"
          " .,:;!?'\"()%/+-–—„“”‘’…")

PALETTES: dict[str, dict[str, Colour]] = {
    "default": {
        "BACKGROUND": (30, 42, 58), "BACKGROUND_LOW": (20, 29, 41), "PANEL": (42, 58, 78),
        "PANEL_HIGH": (54, 73, 97), "TEXT": (242, 244, 247), "TEXT_DIM": (184, 194, 207),
        "ACCENT": (40, 100, 180), "SUCCESS": (46, 158, 91), "ERROR": (214, 69, 69),
        "WARNING": (224, 165, 38), "FOCUS": (255, 210, 63), "LOCKED": (96, 108, 124),
        "SHADOW": (0, 0, 0),
        # the games: a fairground stall, wooden boards and paper cards
        "GAME_TOP": (36, 52, 74), "GAME_BOTTOM": (18, 26, 38),
        "STALL_TOP": (44, 36, 58), "STALL_BOTTOM": (22, 18, 32),
        "AWNING_A": (196, 52, 62), "AWNING_B": (242, 238, 230),
        "WOOD": (122, 78, 44), "WOOD_DARK": (86, 54, 30),
        "BOARD": (244, 235, 208), "BOARD_EDGE": (150, 110, 60), "BOARD_TEXT": (40, 34, 28),
        "DUST": (200, 190, 170),
        # accents for the logo and the badges
        "TEAL": (31, 122, 140), "ORANGE": (194, 87, 26), "PURPLE": (123, 75, 183),
        "GREEN": (46, 158, 91), "GOLD": (224, 165, 38), "BLUE": (64, 132, 214),
        "RED": (206, 84, 44), "ROSE": (176, 58, 91), "INDIGO": (84, 98, 168),
        "AMBER": (196, 138, 24), "MOSS": (74, 134, 92),
    },
    # Black, white and yellow: for learners who need the strongest contrast.
    "high_contrast": {
        "BACKGROUND": (0, 0, 0), "BACKGROUND_LOW": (0, 0, 0), "PANEL": (0, 0, 0),
        "PANEL_HIGH": (38, 38, 38), "TEXT": (255, 255, 255), "TEXT_DIM": (235, 235, 235),
        "ACCENT": (0, 70, 170), "SUCCESS": (0, 150, 60), "ERROR": (220, 0, 0),
        "WARNING": (255, 230, 0), "FOCUS": (255, 255, 0), "LOCKED": (100, 100, 100),
        "SHADOW": (0, 0, 0),
        "GAME_TOP": (0, 0, 0), "GAME_BOTTOM": (0, 0, 0),
        "STALL_TOP": (0, 0, 0), "STALL_BOTTOM": (0, 0, 0),
        "AWNING_A": (255, 255, 0), "AWNING_B": (0, 0, 0),
        "WOOD": (60, 60, 60), "WOOD_DARK": (30, 30, 30),
        "BOARD": (255, 255, 255), "BOARD_EDGE": (255, 255, 0), "BOARD_TEXT": (0, 0, 0),
        "DUST": (255, 255, 255),
        "TEAL": (0, 110, 130), "ORANGE": (180, 70, 0), "PURPLE": (110, 50, 180),
        "GREEN": (0, 130, 60), "GOLD": (170, 120, 0), "BLUE": (0, 90, 200),
        "RED": (200, 40, 0), "ROSE": (170, 30, 80), "INDIGO": (60, 60, 170),
        "AMBER": (160, 100, 0), "MOSS": (40, 110, 60),
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
    SHADOW: Colour
    GAME_TOP: Colour
    GAME_BOTTOM: Colour
    STALL_TOP: Colour
    STALL_BOTTOM: Colour
    AWNING_A: Colour
    AWNING_B: Colour
    WOOD: Colour
    WOOD_DARK: Colour
    BOARD: Colour
    BOARD_EDGE: Colour
    BOARD_TEXT: Colour
    DUST: Colour
    TEAL: Colour
    ORANGE: Colour
    PURPLE: Colour
    GREEN: Colour
    GOLD: Colour
    BLUE: Colour
    RED: Colour
    ROSE: Colour
    INDIGO: Colour
    AMBER: Colour
    MOSS: Colour

    def __init__(self, palette: str = "default", text_scale: float = 1.0):
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._fallbacks: dict[tuple[Path, int], pygame.font.Font] = {}
        self._faces: dict[tuple[int, bool, str], tuple[pygame.font.Font, str]] = {}
        # lines of text drawn before, by (text, pixel size, bold, colour), the oldest first
        self._images: OrderedDict[tuple[str, int, bool, tuple[int, ...]], pygame.Surface] = \
            OrderedDict()
        self._image_pixels = 0  # their width times height, together
        self.glyphs = Glyphs()
        self._gradients: dict[tuple[Colour, Colour, tuple[int, int]], pygame.Surface] = {}
        self.layout = TextLayout(self.font_for, self.line_height)
        self.palette = ""
        self.text_scale = 1.0
        self.audit: LayoutAudit | None = None  # set while the layout audit runs
        self.audit_surface: pygame.Surface | None = None  # the canvas the audit looks at
        self._spare_pictures: list[pygame.Surface] = []
        self._warming: Iterator[str] = iter(())
        self._next_warm_step = "words"  # font, glyphs (steps of _warming) or words (ahead)
        # how long the next warming step of a kind will likely take, from the last ones
        self._pace = {"font": Pace(0.002), "glyphs": Pace(0.0005), "words": Pace(0.0005)}
        self._ahead: deque[Iterator[None]] = deque()
        self._asked: dict[str, list[tuple[str, int, bool]]] = {}
        self.configure(palette, text_scale)

    # -- pictures the screens keep ---------------------------------------------------------
    SPARE_PICTURES = 4  # screen-sized pictures kept for the next screen, about 3.7 MB each

    def lend_picture(self, size: tuple[int, int]) -> pygame.Surface:
        """A picture for a screen to keep while it shows (a frame it blits again, the dimmed
        screen below an overlay): one given back before, else a new one. Drawing on a new one
        first costs 2 to 4 ms while the system hands out its memory; on one lent before, a
        fraction of a millisecond."""
        for n, picture in enumerate(self._spare_pictures):
            if picture.get_size() == size:
                return self._spare_pictures.pop(n)
        return pygame.Surface(size)

    def give_back_picture(self, picture: pygame.Surface) -> None:
        if len(self._spare_pictures) < self.SPARE_PICTURES:
            self._spare_pictures.append(picture)

    def configure(self, palette: str, text_scale: float) -> None:
        self.palette = palette if palette in PALETTES else "default"
        for name, colour in PALETTES[self.palette].items():
            setattr(self, name, colour)
        scale = text_scale if text_scale in TEXT_SCALES else 1.0
        if scale != self.text_scale or not self._fonts:
            self.layout.clear()  # what was measured ahead is measured again for the new size
            self._warming = self._warm_steps()
            self._next_warm_step = "font"
            self._ahead = deque(self._learn_steps(texts) for texts in self._asked.values())
        self.text_scale = scale

    def learn_ahead(self, key: str, texts: Iterable[tuple[str, int, bool]]) -> None:
        """Texts soon shown, as (text, design size, bold), in place of those asked for before
        under the same key: their words are measured in idle frames (warm_a_little), so the
        screen that shows them lays them out at once. A new text size measures them again."""
        self._asked[key] = list(texts)
        self._ahead.append(self._learn_steps(self._asked[key]))

    def _learn_steps(self, texts: list[tuple[str, int, bool]]) -> Iterator[None]:
        for text, size, bold in texts:
            yield from self.layout.learn(text, size, bold)

    def warm_a_little(self, until: float, limit: float | None = None) -> bool:
        """Small steps of making the fonts in use ready (opening a font, about 1.7 ms, done at
        start-up for the text size then; a few of its letters, well under one), then of
        measuring the words asked for ahead, until the thread's CPU clock reaches `until`;
        with a limit, no step starts that would likely end past it (judged by the steps of its
        kind before, see learnsocial.ui.pace). False once nothing is left."""
        first = True
        while (now := time.thread_time()) < until:
            kind = self._next_warm_step
            if limit is not None and not self._pace[kind].allows(now, limit, first):
                return True
            first = False
            if kind != "words":
                self._next_warm_step = next(self._warming, "words")
            elif not self._ahead:
                return False
            elif next(self._ahead[0], False) is not None:
                self._ahead.popleft()
            self._pace[kind].took(time.thread_time() - now)
        return True

    def make_fonts_ready(self) -> None:
        """Open the fonts in use at the current text size at once (about 1.7 ms each, most
        of it the font's first letter): at start-up, before the first frame, as no frame has
        room for such a step beside its drawing. Their letters are drawn ahead later."""
        for size, bold in TYPE_IN_USE:
            self.font(size, bold).size("a")

    def _warm_steps(self) -> Iterator[str]:
        """Make the fonts in use ready; each step yields what the next one does ("font": load
        a font, "glyphs": draw a few of its letters once)."""
        for size, bold in TYPE_IN_USE:
            face = self.font(size, bold)
            face.size("a")
            # a large letter takes longer to draw: fewer per step, so every step is as short
            step = max(2, min(8, 8 * 28 // round(size * self.text_scale)))
            for start in range(0, len(PRIMER), step):
                yield "glyphs"
                face.render(PRIMER[start:start + step], True, self.TEXT)
            yield "font"

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

    def font_for(self, size: int, bold: bool = False, text: str = "") -> pygame.font.Font:
        """The font that draws every character of text (see learnsocial.ui.fonts)."""
        return self._face(size, bold, text)[0]

    def _face(self, size: int, bold: bool, text: str) -> tuple[pygame.font.Font, str]:
        """(font, its key for the glyph cache): Noto Sans, or the first fallback that draws
        every character of the text; Noto Sans again when none does."""
        if not text or text.isascii():
            return self.font(size, bold), ""
        known = self._faces.get((round(size * self.text_scale), bold, text))
        if known is None:
            if len(self._faces) > 4096:
                self._faces.clear()
            known = self._faces[(round(size * self.text_scale), bold, text)] = \
                self._find_face(size, bold, text)
        return known

    def _find_face(self, size: int, bold: bool, text: str) -> tuple[pygame.font.Font, str]:
        face = self.font(size, bold)
        if max(text) < "\u0250" or self._draws(face, "", text):
            return face, ""
        for path in fallback_paths(bold):
            key = (path, round(size * self.text_scale))
            if key not in self._fallbacks:
                try:
                    self._fallbacks[key] = pygame.font.Font(str(path), key[1])
                except (OSError, pygame.error):
                    continue
            if self._draws(self._fallbacks[key], str(path), text):
                return self._fallbacks[key], str(path)
        return face, ""

    def _draws(self, face: pygame.font.Font, key: str, text: str) -> bool:
        return all(self.glyphs.covers(face, key, c) for c in set(text) if c >= "\u0250")

    # pixels of lines of text kept drawn, about 16 MB: some ten screens' worth (a screen shows
    # a few dozen lines); the line drawn longest ago goes first
    TEXT_PIXELS = 4_000_000

    def _render(self, value: str, size: int, bold: bool, colour: Colour,
                keep: bool = True) -> pygame.Surface:
        """The text drawn; a character no font draws shows as the placeholder, never a box.
        A line drawn before is blitted from the picture kept then (keep=False: a line shown
        only for a moment, such as dialogue half revealed, is not kept)."""
        kept = (value, round(size * self.text_scale), bold, tuple(colour))
        image = self._images.get(kept)
        if image is not None:
            self._images.move_to_end(kept)
            return image
        image = self._draw_text(value, size, bold, colour)
        if keep:
            self._images[kept] = image
            self._image_pixels += image.get_width() * image.get_height()
            while self._image_pixels > self.TEXT_PIXELS:
                _old, gone = self._images.popitem(last=False)
                self._image_pixels -= gone.get_width() * gone.get_height()
        return image

    def _draw_text(self, value: str, size: int, bold: bool, colour: Colour) -> pygame.Surface:
        face, key = self._face(size, bold, value)
        if not value.isascii() and max(value) >= "\u0250":
            missing = {c for c in set(value) if c >= "\u0250"
                       and not self.glyphs.covers(face, key, c)}
            if missing:
                value = "".join(PLACEHOLDER if c in missing else c for c in value)
        return face.render(value, True, colour)

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
        self._note(surface, Mark("panel", pygame.Rect(rect)))

    def control(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Tell the layout audit that something can be clicked here (a button, a card)."""
        self._note(surface, Mark("control", pygame.Rect(rect)))

    def sprite(self, surface: pygame.Surface, rect: pygame.Rect, name: str,
               container: pygame.Rect | None = None) -> None:
        """Tell the layout audit a picture lies here (no text may sit under it)."""
        self._note(surface, Mark("sprite", pygame.Rect(rect), container=container, name=name))

    def focus_ring(self, surface: pygame.Surface, rect: pygame.Rect, radius: int = 14) -> None:
        pygame.draw.rect(surface, self.FOCUS, rect.inflate(10, 10), 3, border_radius=radius)
        self._note(surface, Mark("focus", rect.inflate(10, 10)))

    def _note(self, surface: pygame.Surface, mark: Mark) -> None:
        if self.audit is not None and surface is self.audit_surface:
            clip = surface.get_clip()
            if clip != surface.get_rect():
                mark.clip = clip
            self.audit.record(mark)

    def _backgrounds(self, surface: pygame.Surface, rect: pygame.Rect) -> list[Colour]:
        """What lies behind a text about to be drawn (sampled only while auditing)."""
        if self.audit is None or surface is not self.audit_surface:
            return []
        area = surface.get_rect()
        points = [(rect.left + 1, rect.top + 1), (rect.right - 2, rect.top + 1),
                  (rect.left + 1, rect.bottom - 2), (rect.right - 2, rect.bottom - 2),
                  (rect.left - 2, rect.centery), (rect.right + 1, rect.centery)]
        found = []
        for point in points:
            if area.collidepoint(point):
                colour = surface.get_at(point)
                found.append((colour.r, colour.g, colour.b))
        return found

    # -- text -----------------------------------------------------------------------------
    def text(self, surface: pygame.Surface, value: str, pos: tuple[int, int],
             size: int = BODY, colour: Colour | None = None, bold: bool = False,
             anchor: str = "topleft", max_width: int | None = None,
             container: pygame.Rect | None = None) -> pygame.Rect:
        """One line of text. With max_width it shrinks (to three quarters of its size at most),
        then ends in an ellipsis, rather than run over."""
        colour = self.TEXT if colour is None else colour
        if max_width is not None:
            block = self.layout.layout(value, max_width, size, language=active_language(),
                                       bold=bold, max_lines=1, min_size=round(size * 0.75))
            value, size = block.lines[0] if block.lines else "", block.size
        image = self._render(value, size, bold, colour)
        rect = image.get_rect(**{anchor: pos})
        backgrounds = self._backgrounds(surface, rect)
        surface.blit(image, rect)
        self._note(surface, Mark("text", rect, value, container, colour, backgrounds))
        return rect

    def lay_out(self, text: str, width: int, size: int = BODY, bold: bool = False,
                max_lines: int | None = None, min_size: int | None = None,
                language: str | None = None) -> TextBlock:
        """Text in lines that fit the width (see learnsocial.ui.text); cached."""
        return self.layout.layout(text, width, size, language=language or active_language(),
                                  bold=bold, max_lines=max_lines, min_size=min_size)

    def block(self, surface: pygame.Surface, value: str | TextBlock, rect: pygame.Rect,
              size: int = BODY, colour: Colour | None = None, bold: bool = False,
              align: str = "left", max_lines: int | None = None, min_size: int | None = None,
              language: str | None = None, container: pygame.Rect | None = None,
              reveal: int | None = None) -> TextBlock:
        """Text that can wrap, laid out in rect's width and drawn from rect's top; returns the
        block (its height says how much room it took). reveal: show only so many characters
        (the dialogue appears letter by letter)."""
        block = value if isinstance(value, TextBlock) else self.lay_out(
            value, rect.width, size, bold, max_lines, min_size, language)
        colour = self.TEXT if colour is None else colour
        face = self.font_for(block.size, block.bold, block.text)
        y = rect.top
        budget = reveal
        drawn = pygame.Rect(rect.left, rect.top, 0, 0)
        shown_lines = []
        for line in block.lines:
            shown = line if budget is None else line[:max(0, budget)]
            if budget is not None:
                budget -= len(line) + 1
            width = face.size(line)[0]
            x = rect.left if align == "left" else rect.centerx - width // 2 if align == "center" \
                else rect.right - width
            line_rect = pygame.Rect(x, y, width, block.line_height)
            if shown:
                shown_lines.append(line)
                if shown.strip():
                    backgrounds = self._backgrounds(surface, line_rect)
                    surface.blit(self._render(shown, block.size, block.bold, colour,
                                              keep=len(shown) == len(line)), (x, y))
                    self._note(surface, Mark("text", line_rect, line, container, colour,
                                             backgrounds))
            drawn.union_ip(line_rect)
            y += block.line_height
        if len(shown_lines) > 1 and self.audit is not None and surface is self.audit_surface:
            self._note(surface, Mark("block", drawn, block.text, container,
                                     lines=tuple(shown_lines)))
        return block

    def note_text(self, surface: pygame.Surface, rect: pygame.Rect, value: str,
                  colour: Colour, container: pygame.Rect | None = None,
                  moving: bool = False) -> None:
        """Tell the layout audit about a text about to be blitted from a ready-made image
        (call it before the blit: what lies behind is sampled now)."""
        self._note(surface, Mark("text", pygame.Rect(rect), value, container, colour,
                                 self._backgrounds(surface, rect), moving=moving))

    def readable(self, colour: Colour) -> Colour:
        """The colour, darkened until the theme's text on it reads at 4.5:1 or better (an
        author's accent colour may be too light for white text)."""
        factor = 1.0
        while factor > 0.2 and contrast(self.TEXT, shade(colour, factor)) < MIN_CONTRAST:
            factor -= 0.05
        return shade(colour, factor)

    # -- marks ----------------------------------------------------------------------------
    def check_mark(self, surface: pygame.Surface, centre: tuple[int, int], radius: int,
                   colour: Colour | None = None, container: pygame.Rect | None = None) -> None:
        """A filled circle with a tick: 'right' is never shown by colour alone."""
        self.sprite(surface, pygame.Rect(centre[0] - radius, centre[1] - radius, 2 * radius,
                                         2 * radius), "tick", container)
        colour = self.SUCCESS if colour is None else colour
        x, y = centre
        pygame.draw.circle(surface, colour, centre, radius)
        r = radius
        pygame.draw.lines(surface, self.TEXT, False, [(x - r * 0.5, y), (x - r * 0.12, y + r * 0.4),
                                                      (x + r * 0.5, y - r * 0.38)], max(2, r // 4))

    def cross_mark(self, surface: pygame.Surface, centre: tuple[int, int], radius: int,
                   colour: Colour | None = None, container: pygame.Rect | None = None) -> None:
        """A filled circle with a cross: 'wrong' is never shown by colour alone."""
        self.sprite(surface, pygame.Rect(centre[0] - radius, centre[1] - radius, 2 * radius,
                                         2 * radius), "cross", container)
        colour = self.ERROR if colour is None else colour
        x, y = centre
        pygame.draw.circle(surface, colour, centre, radius)
        d = radius * 0.42
        w = max(2, radius // 4)
        pygame.draw.line(surface, self.TEXT, (x - d, y - d), (x + d, y + d), w)
        pygame.draw.line(surface, self.TEXT, (x - d, y + d), (x + d, y - d), w)
