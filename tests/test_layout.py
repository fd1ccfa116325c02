"""Nothing clipped or overlapping, at every text size and in every language; readable contrast.

The demo plays a chapter of each game type while every text drawn through the theme is recorded
per frame: each must lie inside the canvas and must not overlap another text of the same frame.
The contrast of each text against the background actually rendered around it is measured too.
"""
import pygame
import pytest

from learnsocial.cli import main
from learnsocial.ui import app as app_module
from learnsocial.ui.theme import BODY, HEIGHT, WIDTH, Theme

CHAPTERS = ["social-digital-workplace", "social-business", "launching-with-a-plan",
            "community-manager"]


def luminance(colour) -> float:
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = colour[:3]
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def frames(monkeypatch):
    """Per rendered frame: (rect, text, colour, background sampled before the text was drawn)."""
    recorded: list[list] = [[]]
    original_text = Theme.text
    original_render = app_module.App.render

    def text(self, surface, value, pos, size=BODY, colour=None, bold=False, anchor="topleft"):
        image = self.font(size, bold).render(value, True, (0, 0, 0))
        rect = image.get_rect(**{anchor: pos})
        corners = [(rect.left - 1, rect.top), (rect.right, rect.top), (rect.left - 1,
                   rect.bottom - 1), (rect.right, rect.bottom - 1)]
        behind = [surface.get_at(c) for c in corners if surface.get_rect().collidepoint(c)]
        drawn = original_text(self, surface, value, pos, size, colour, bold, anchor)
        if value.strip() and surface.get_size() == (WIDTH, HEIGHT):
            recorded[-1].append((drawn, value, colour or self.TEXT, behind))
        return drawn

    def render(self):
        recorded.append([])
        return original_render(self)

    monkeypatch.setattr(Theme, "text", text)
    monkeypatch.setattr(app_module.App, "render", render)
    return recorded


def problems_in(recorded) -> list[str]:
    found = set()
    canvas = pygame.Rect(0, 0, WIDTH, HEIGHT)
    for frame in recorded:
        for n, (rect, value, _colour, _behind) in enumerate(frame):
            if not canvas.contains(rect):
                found.add(f"cut off at the screen edge: {value!r} {rect}")
            for other_rect, other, _c, _b in frame[n + 1:]:
                overlap = rect.clip(other_rect)
                if overlap.width > 3 and overlap.height > 3 and value != other:
                    found.add(f"overlap: {value!r} and {other!r}")
    return sorted(found)


@pytest.mark.parametrize("language", ["sv", "de", "en"])
@pytest.mark.parametrize("size", [100, 150])
def test_no_text_is_cut_off_or_overlapping(frames, tmp_path, language, size):
    for chapter in CHAPTERS:
        assert main(["demo", "--screenshots", str(tmp_path / chapter), "--data-dir",
                     str(tmp_path / "data"), "--lang", language, "--chapter", chapter,
                     "--text-size", str(size), "--accuracy", "0.5"]) == 0
    found = problems_in(frames)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("high_contrast", [False, True])
def test_text_contrast_is_at_least_4_5_to_1(frames, tmp_path, high_contrast):
    extra = ["--high-contrast"] if high_contrast else []
    for chapter in CHAPTERS[:2]:
        assert main(["demo", "--screenshots", str(tmp_path / chapter), "--data-dir",
                     str(tmp_path / "data"), "--chapter", chapter, *extra]) == 0
    weak = set()
    for frame in frames:
        for _rect, value, colour, behind in frame:
            for background in behind:
                ratio = contrast(colour, background)
                if ratio < 4.5:
                    weak.add(f"{value!r}: {ratio:.1f}:1 ({colour} on {tuple(background)[:3]})")
    assert sorted(weak) == [], "\n".join(sorted(weak))
