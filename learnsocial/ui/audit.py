"""The layout audit: every text and control a frame draws is recorded with its box, and the
frame is checked for what a person would see as broken.

Problems found: a text outside its container or the canvas; two texts, or a text and a control,
overlapping; a line cut off by the view it scrolls in; a word split without a hyphen; a label
under the crosshair or another sprite; two focus rings at once; a colour pair under 4.5:1. Each
is reported once as ``screen: "text…": problem``. `learnsocial demo --audit-layout` runs it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import pygame

from learnsocial.i18n import _

Colour = tuple[int, int, int]
MIN_CONTRAST = 4.5
SLACK = 1  # pixels a text may touch its container's edge by (anti-aliasing)
OVERLAP = 3  # an overlap must be wider and taller than this to count


@dataclass
class Mark:
    kind: str  # "text" (a line), "block" (lines laid out together), "panel", "control",
    # "sprite" or "focus"
    rect: pygame.Rect
    text: str = ""
    container: pygame.Rect | None = None
    colour: Colour | None = None
    backgrounds: list[Colour] = field(default_factory=list)
    lines: tuple[str, ...] = ()  # a laid-out block's lines
    clip: pygame.Rect | None = None  # the view a text was drawn through
    layer: int = 0
    name: str = ""  # for sprites: what it is ("crosshair", "tick", ...)
    moving: bool = False  # rides in and out of view by design (a gallery target's label)
    screen: str = ""


def luminance(colour: Colour) -> float:
    def channel(value: int) -> float:
        share = value / 255
        return share / 12.92 if share <= 0.03928 else ((share + 0.055) / 1.055) ** 2.4
    r, g, b = colour[:3]
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Colour, b: Colour) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def split_without_hyphen(lines: tuple[str, ...], text: str) -> str | None:
    """The first line that ends in the middle of a word without a hyphen, if any."""
    words = set(text.split())
    for line, following in pairwise(lines):
        if not line.strip() or not following.strip() or line.endswith(("-", "…")):
            continue
        last, first = line.split()[-1], following.split()[0]
        if last not in words and any(word.startswith(last + first) for word in words):
            return line
    return None


class LayoutAudit:
    """Collects the marks of one frame at a time and keeps every distinct problem found."""

    def __init__(self, canvas: pygame.Rect):
        self.canvas = canvas
        self.problems: dict[str, None] = {}  # insertion-ordered set
        self.marks: list[Mark] = []
        self.screen = ""
        self.layer = 0
        self.frames = 0

    # -- recording ------------------------------------------------------------------------
    def begin_frame(self, screen: str) -> None:
        self.marks = []
        self.screen = screen
        self.layer = 0

    def new_layer(self, screen: str) -> None:
        """An overlay is drawn over the scene below: what lies under it is not compared."""
        self.layer += 1
        self.screen = screen

    def record(self, mark: Mark) -> None:
        mark.layer = self.layer
        mark.screen = self.screen
        self.marks.append(mark)

    def end_frame(self) -> None:
        self.frames += 1
        for screen, problem in self.check(self.marks):
            self.problems.setdefault(f"{screen}: {problem}", None)

    # -- checking -------------------------------------------------------------------------
    def check(self, marks: list[Mark]) -> list[tuple[str, str]]:
        """(screen, problem) for everything wrong in one frame's marks."""
        found: list[tuple[str, str]] = []

        def report(mark: Mark, problem: str) -> None:
            found.append((mark.screen, problem))

        top = max((m.layer for m in marks), default=0)
        texts = [m for m in marks if m.kind == "text" and m.text.strip()]
        boxes = [m for m in marks if m.kind in ("panel", "control")]
        for index, mark in enumerate(texts):
            quoted = _quote(mark.text)
            container = mark.container or self._container_of(mark, boxes)
            if mark.moving:
                pass  # slides in and out of view by design
            elif not self.canvas.contains(mark.rect):
                report(mark, _("{text}: runs off the screen").format(text=quoted))
            elif not container.inflate(2 * SLACK, 2 * SLACK).contains(mark.rect):
                report(mark, _("{text}: runs out of its box").format(text=quoted))
            if not mark.moving and mark.clip is not None and \
                    not mark.clip.contains(mark.rect) and mark.clip.colliderect(mark.rect):
                report(mark, _("{text}: a line is cut off by its view").format(text=quoted))
            if mark.layer != top:
                continue  # dimmed under an overlay: compared with nothing
            for other in texts[index + 1:]:
                if other.layer == mark.layer and other.text != mark.text and \
                        _overlap(mark.rect, other.rect):
                    report(mark, _("{text}: overlaps {other}").format(
                        text=quoted, other=_quote(other.text)))
            for box in boxes:
                if box.kind == "control" and box.layer == mark.layer and \
                        box.rect != container and not box.rect.contains(container) and \
                        _overlap(mark.rect, box.rect):
                    report(mark, _("{text}: overlaps a control").format(text=quoted))
                    break
            for sprite in (m for m in marks if m.kind == "sprite" and m.layer == mark.layer):
                if _overlap(mark.rect, sprite.rect):
                    report(mark, _("{text}: lies under the {sprite}").format(
                        text=quoted, sprite=sprite.name or _("a picture")))
                    break
            weak = [b for b in mark.backgrounds if mark.colour is not None
                    and contrast(mark.colour, b) < MIN_CONTRAST]
            if mark.backgrounds and len(weak) * 2 > len(mark.backgrounds):
                assert mark.colour is not None
                report(mark, _("{text}: contrast {ratio}:1 is under 4.5:1").format(
                    text=quoted, ratio=f"{contrast(mark.colour, weak[0]):.1f}"))
        for block in (m for m in marks if m.kind == "block"):
            if split_without_hyphen(block.lines, block.text):
                report(block, _("{text}: a word is split without a hyphen").format(
                    text=_quote(block.text)))
        for sprite in (m for m in marks if m.kind == "sprite" and m.container is not None):
            assert sprite.container is not None
            if not sprite.container.inflate(2 * SLACK, 2 * SLACK).contains(sprite.rect):
                report(sprite, _("the {sprite} sticks out of its box").format(
                    sprite=sprite.name or _("a picture")))
        rings = [m for m in marks if m.kind == "focus" and m.layer == top]
        if len(rings) > 1:
            report(rings[-1], _("{count} focus rings at once").format(count=len(rings)))
        return found

    def _container_of(self, mark: Mark, boxes: list[Mark]) -> pygame.Rect:
        """The smallest panel or control drawn before the text (in its layer) that holds the
        text's first letter; the canvas when none does."""
        corner = (mark.rect.left + 2, mark.rect.top + 2)
        holding = [b.rect for b in boxes if b.layer == mark.layer and b.rect.collidepoint(corner)
                   and self.marks.index(b) < self.marks.index(mark)]
        return min(holding, key=lambda r: r.width * r.height, default=self.canvas)

    def report(self) -> list[str]:
        return list(self.problems)


def _overlap(a: pygame.Rect, b: pygame.Rect) -> bool:
    both = a.clip(b)
    return both.width > OVERLAP and both.height > OVERLAP


def _quote(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= limit else flat[:limit - 1] + '…'}”"
