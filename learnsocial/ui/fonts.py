"""Fonts for any name: Noto Sans first, then fonts for other scripts, then a visible placeholder.

Names and ids may be written in any script (Arabic, Chinese, Hebrew, emoji ...). Noto Sans covers
the course's languages; for anything else the first font of a fallback chain that draws every
character is used: the Noto fonts pygame_gui ships for other scripts, then fonts the system
has (found through pygame's font matching, which asks fontconfig where there is one). A
character no font can draw becomes U+FFFD "�", never an empty box.
"""
from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import pygame

PLACEHOLDER = "\ufffd"
_MISSING = "\ue000"  # a private-use character: every font draws its "missing" box for it
SHIPPED = ("NotoSansArabic", "NotoSansHebrew", "NotoSansGeorgian", "NotoSansSC", "NotoSansJP",
           "NotoSansKR")
SYSTEM = ("notocoloremoji", "notoemoji", "notosanssymbols", "notosanssymbols2", "dejavusans",
          "freesans", "arialunicodems", "segoeuiemoji", "applecoloremoji")


@cache
def fallback_paths(bold: bool) -> tuple[Path, ...]:
    """The fallback chain, in order: shipped Noto fonts for other scripts, then system fonts."""
    found: list[Path] = []
    spec = importlib.util.find_spec("pygame_gui")
    if spec is not None and spec.submodule_search_locations:
        data = Path(spec.submodule_search_locations[0]) / "data"
        for name in SHIPPED:
            for suffix in (".ttf", ".otf"):
                path = data / f"{name}-{'Bold' if bold else 'Regular'}{suffix}"
                if path.is_file():
                    found.append(path)
                    break
    for name in SYSTEM:
        match = pygame.font.match_font(name, bold=bold)
        if match and Path(match) not in found:
            found.append(Path(match))
    return tuple(found)


class Glyphs:
    """Which font draws which character, learnt once per character."""

    def __init__(self) -> None:
        self._covers: dict[tuple[str, str], bool] = {}
        self._boxes: dict[str, bytes] = {}

    def covers(self, face: pygame.font.Font, key: str, character: str) -> bool:
        if character.isspace() or ord(character) < 0x250:  # Latin: every font we use has it
            return True
        found = self._covers.get((key, character))
        if found is None:
            if key not in self._boxes:
                self._boxes[key] = self._image(face, _MISSING)
            found = self._image(face, character) != self._boxes[key]
            self._covers[(key, character)] = found
        return found

    @staticmethod
    def _image(face: pygame.font.Font, character: str) -> bytes:
        return pygame.image.tobytes(face.render(character, True, (255, 255, 255)), "RGBA")
