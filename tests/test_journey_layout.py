"""The layout audit over every journey screen in the states the demo does not reach (see
tests/journey_screens.py): a sample by default; with LEARNSOCIAL_FULL_AUDIT=1 every language,
text size and theme."""
import os

import pygame
import pytest

from learnsocial.ui.scenes import chapter_map
from tests.journey_screens import make_app, visit, write_site_config

FULL = os.environ.get("LEARNSOCIAL_FULL_AUDIT") == "1"
SAMPLE = [("de", 150, False), ("sv", 150, True), ("en", 100, False), ("de", 125, True)]
MATRIX = [(language, size, contrast) for language in ("sv", "de", "en")
          for size in (100, 125, 150) for contrast in (False, True)]


def audit_journey(tmp_path, monkeypatch, language, size, contrast) -> tuple[list[str], list[str]]:
    monkeypatch.setenv("LEARNSOCIAL_SITE_CONFIG", str(write_site_config(tmp_path)))
    app, pilot = make_app(tmp_path / "data", language, size / 100, contrast)
    audit = app.start_layout_audit()
    seen: list[str] = []

    def look(name: str) -> None:
        seen.append(name)
        pilot.render()

    try:
        visit(app, pilot, look)
    finally:
        pygame.quit()
    return audit.report(), seen


@pytest.mark.parametrize("language, size, contrast", MATRIX if FULL else SAMPLE)
def test_every_journey_screen_passes_the_layout_audit(tmp_path, monkeypatch, language, size,
                                                      contrast):
    problems, seen = audit_journey(tmp_path, monkeypatch, language, size, contrast)
    assert {"map-choice", "results-failed", "celebration-course", "badge-three", "settings-16",
            "admin-2", "admin-login-none", "admin-login-damaged", "saving-full", "saving-chip",
            "unsaved-quit", "erased", "signin-erased"} <= set(seen)
    assert problems == [], "\n".join(problems)


def test_the_journey_audit_sees_a_planted_overlap(tmp_path, monkeypatch):
    monkeypatch.setattr(chapter_map, "GAP", -400)  # labels on one side run into each other
    problems, _seen = audit_journey(tmp_path, monkeypatch, "de", 150, False)
    assert any(p.startswith("map: ") and "overlaps" in p for p in problems), problems
