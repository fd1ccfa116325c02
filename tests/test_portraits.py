"""The portrait script draws every character in every mood, distinct and transparent."""
import importlib.util
import sys
from pathlib import Path

import pygame

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_portraits.py"


def load_script():
    spec = importlib.util.spec_from_file_location("make_portraits", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_every_character_in_every_mood(tmp_path):
    script = load_script()
    paths = script.make_all(tmp_path)
    assert len(paths) == len(script.CAST) * len(script.MOODS) >= 16
    for path in paths:
        image = pygame.image.load(str(path))
        assert image.get_size() == (300, 360)
        assert image.get_at((0, 0)).a == 0 and image.get_at((299, 0)).a == 0


def test_moods_and_characters_differ(tmp_path):
    script = load_script()
    script.make_all(tmp_path)

    def pixels(name, mood):
        return pygame.image.tobytes(pygame.image.load(str(tmp_path / name / f"{mood}.png")),
                                    "RGBA")

    moods = {pixels("maja", mood) for mood in script.MOODS}
    assert len(moods) == len(script.MOODS)
    people = {pixels(name, "neutral") for name in script.CAST}
    assert len(people) == len(script.CAST)


def test_shipped_portraits_match_the_script(tmp_path):
    """The committed PNGs are what the script draws (no hand-edited or stale art)."""
    script = load_script()
    script.make_all(tmp_path)
    shipped = SCRIPT.parent.parent / "assets" / "portraits"
    for path in tmp_path.rglob("*.png"):
        ours = pygame.image.load(str(path))
        theirs = pygame.image.load(str(shipped / path.relative_to(tmp_path)))
        assert pygame.image.tobytes(ours, "RGBA") == pygame.image.tobytes(theirs, "RGBA")
