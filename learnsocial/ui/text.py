"""The one way text that can wrap is laid out: measured, hyphenated, shrunk, then shortened.

Words wrap at spaces. A word wider than the line is split at a hyphen it already has, else where
the language's hyphenation dictionary allows (pyphen: sv, de, en), with a hyphen added; only a
word with no such point at all is cut by letters, and then too with a hyphen. If the text still
needs more lines than the container allows, the size shrinks step by step down to a floor; only
then is the last line shortened with an ellipsis (the full text is still read aloud and shown on
focus). The result says how tall it is, so containers are sized from their content, and it is
cached per (text, width, size, language, ...): the frame loop never re-wraps unchanged text.
"""
from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pygame
import pyphen

ELLIPSIS = "…"
HYPHEN = "-"
SPACES = re.compile(r"[ \t]+")  # no-break spaces (U+00A0, U+202F) stay inside words
DICTIONARIES = {"sv": "sv", "de": "de_DE", "en": "en_GB"}
CACHE_SIZE = 4096
WIDTHS_PER_FONT = 20_000  # words remembered per font before starting afresh


@dataclass(frozen=True)
class TextBlock:
    """Text laid out in lines for one width: what draw_block draws and containers measure."""

    text: str  # the whole text, also when the lines are shortened
    lines: tuple[str, ...]
    size: int  # the design size used (shrunk from the one asked for when needed)
    bold: bool
    line_height: int
    width: int  # of the widest line, in pixels
    truncated: bool  # the last line ends in an ellipsis

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)


@cache
def _hyphenator(language: str) -> pyphen.Pyphen | None:
    name = DICTIONARIES.get(language, language)
    try:
        return pyphen.Pyphen(lang=name)
    except KeyError:
        return None


def break_points(word: str, language: str) -> list[tuple[str, str]]:
    """Where a word may be split: (head with its hyphen, rest). The word's own hyphens come
    first (German "Pop-up-|Benachrichtigungen" reads better than a split inside a part), then
    the dictionary's points; each group longest head first."""
    own = [(word[:index], word[index:]) for index in range(len(word) - 1, 0, -1)
           if word[index - 1] == HYPHEN and word[index] != HYPHEN]
    hyphenator = _hyphenator(language)
    found = [] if hyphenator is None else [
        (head + HYPHEN, tail) for head, tail in hyphenator.iterate(word)
        if not head.endswith(HYPHEN) and not tail.startswith(HYPHEN)]
    found.sort(key=lambda point: len(point[0]), reverse=True)
    return own + found


class TextLayout:
    """Lays out text with the fonts of a theme; remembers what it laid out."""

    def __init__(self, font: Callable[[int, bool, str], pygame.font.Font],
                 line_height: Callable[[int], int]):
        self._font = font
        self._line_height = line_height
        self._cache: OrderedDict[tuple, TextBlock] = OrderedDict()
        # word widths per font, kept across texts: a screen's words recur on the next
        self._widths: dict[pygame.font.Font, dict[str, int]] = {}

    def clear(self) -> None:
        self._cache.clear()
        self._widths.clear()

    def layout(self, text: str, width: int, size: int, *, language: str, bold: bool = False,
               max_lines: int | None = None, min_size: int | None = None) -> TextBlock:
        key = (text, width, size, language, bold, max_lines, min_size)
        block = self._cache.get(key)
        if block is not None:
            self._cache.move_to_end(key)
            return block
        block = self._layout(text, max(1, width), size, language, bold, max_lines,
                             min_size or size)
        self._cache[key] = block
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return block

    def _layout(self, text: str, width: int, size: int, language: str, bold: bool,
                max_lines: int | None, min_size: int) -> TextBlock:
        current = size
        while True:
            lines = self.wrap(text, width, current, language, bold)
            if max_lines is None or len(lines) <= max_lines or current <= min_size:
                break
            current -= 1
        truncated = False
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines - 1] + [self._shorten(" ".join(lines[max_lines - 1:]),
                                                           width, current, bold)]
            truncated = True
        face = self._font(current, bold, text)
        widest = max((face.size(line)[0] for line in lines), default=0)
        return TextBlock(text, tuple(lines), current, bold, self._line_height(current), widest,
                         truncated)

    def wrap(self, text: str, width: int, size: int, language: str, bold: bool = False
             ) -> list[str]:
        face = self._font(size, bold, text)
        widths = self._widths.get(face)
        if widths is None or len(widths) > WIDTHS_PER_FONT:
            widths = self._widths[face] = {}

        def measure(value: str) -> int:  # each word is measured once per font
            known = widths.get(value)
            if known is None:
                known = widths[value] = face.size(value)[0]
            return known

        def fits(value: str) -> bool:
            return measure(value) <= width

        space = measure(" ")
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current, used = "", 0
            for word in SPACES.split(paragraph.strip()):
                if not word:
                    continue
                grown = used + space + measure(word) if current else measure(word)
                if grown <= width:
                    current, used = (f"{current} {word}" if current else word), grown
                    continue
                if current:
                    lines.append(current)
                    current, used = "", 0
                while not fits(word) and len(word) > 1:  # one letter wider than the line stays
                    head, word = self._split(word, fits, language)
                    lines.append(head)
                current, used = word, measure(word)
            lines.append(current)
        return lines

    @staticmethod
    def _split(word: str, fits: Callable[[str], bool], language: str) -> tuple[str, str]:
        """The longest head of a too-long word that fits, with its hyphen, and the rest."""
        for head, rest in break_points(word, language):
            if fits(head):
                return head, rest
        cut = len(word) - 1  # no hyphenation point fits: cut by letters, still with a hyphen
        while cut > 1 and not fits(word[:cut] + HYPHEN):
            cut -= 1
        return word[:max(1, cut)] + HYPHEN, word[max(1, cut):]

    def _shorten(self, line: str, width: int, size: int, bold: bool) -> str:
        """A line cut to fit the width with an ellipsis, at a word end where possible."""
        face = self._font(size, bold, line)
        words = line.split(" ")
        while len(words) > 1 and face.size(" ".join(words) + ELLIPSIS)[0] > width:
            words.pop()
        shortened = " ".join(words)
        while shortened and face.size(shortened + ELLIPSIS)[0] > width:
            shortened = shortened[:-1]
        return shortened.rstrip(" ,.;:-") + ELLIPSIS
