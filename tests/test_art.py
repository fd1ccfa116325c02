"""Scene backdrops (scripts/make_backdrops.py): the shipped PNGs are what the script draws, every
name authors may use exists, and white text in the top band stays readable on every one."""
import importlib.util
import itertools
import sys
from pathlib import Path

import pygame
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_backdrops.py"
SHIPPED = ROOT / "assets" / "backdrops"
NAMES = ("open-plan", "kitchen", "meeting-room", "video-call", "town-hall", "cafe", "desk",
         "lobby")  # as chapters/README.md promises authors
SIZE = (1280, 720)
TEXT = (242, 244, 247)  # #F2F4F7, the title and "Scene 3 / 12"
TEXT_BAND = pygame.Rect(0, 0, 1280, 70)
STAGE = pygame.Rect(320, 70, 640, 386)  # between the portraits, above the dialogue panel


def load_script():
    spec = importlib.util.spec_from_file_location("make_backdrops", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    out = tmp_path_factory.mktemp("backdrops")
    assert load_script().main(["--out", str(out)]) == 0
    return out


def channel(value: int) -> float:
    value /= 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(rgb) -> float:
    """WCAG relative luminance."""
    r, g, b = rgb[:3]
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colours(image: pygame.Surface, area: pygame.Rect) -> set[tuple[int, int, int]]:
    data = pygame.image.tobytes(image.subsurface(area), "RGB")
    return set(zip(data[0::3], data[1::3], data[2::3], strict=True))


def worst_text_contrast(image: pygame.Surface) -> float:
    """The contrast of white text on the brightest pixel of the top band."""
    brightest = max(colours(image, TEXT_BAND), key=luminance)
    return contrast(TEXT, brightest)


def test_every_name_is_drawn(drawn):
    script = load_script()
    assert set(NAMES) <= set(script.SCENES)
    for name in NAMES:
        image = pygame.image.load(str(drawn / f"{name}.png"))
        assert image.get_size() == SIZE, name
        assert image.get_at((0, 0)).a == 255 and image.get_at((640, 360)).a == 255


@pytest.mark.parametrize("name", NAMES)
def test_white_text_is_readable_in_the_top_band(drawn, name):
    image = pygame.image.load(str(drawn / f"{name}.png"))
    assert worst_text_contrast(image) >= 4.5, name


def test_the_contrast_check_can_fail(drawn):
    image = pygame.image.load(str(drawn / "lobby.png"))
    assert worst_text_contrast(image) >= 4.5
    pygame.draw.rect(image, (150, 160, 170), (600, 20, 40, 10))  # a light in the band
    assert worst_text_contrast(image) < 4.5


@pytest.mark.parametrize("name", NAMES)
def test_something_to_look_at_between_the_portraits(drawn, name):
    """The middle of the stage is a scene, not a flat wall: many colours, some light."""
    image = pygame.image.load(str(drawn / f"{name}.png"))
    seen = colours(image, STAGE)
    assert len(seen) >= 400, f"{name}: only {len(seen)} colours on the stage"
    assert max(luminance(c) for c in seen) > 0.3, f"{name}: nothing bright on the stage"


def test_backdrops_differ_from_each_other(drawn):
    images = {name: pygame.image.load(str(drawn / f"{name}.png")) for name in NAMES}
    for first, second in itertools.combinations(NAMES, 2):
        same = pygame.mask.from_threshold(images[first].subsurface(STAGE), (0, 0, 0, 0),
                                          (24, 24, 24, 255),
                                          othersurface=images[second].subsurface(STAGE))
        assert same.count() < 0.6 * STAGE.width * STAGE.height, f"{first} ~ {second}"


def test_help_describes_the_options(capsys):
    with pytest.raises(SystemExit) as done:
        load_script().main(["--help"])
    assert done.value.code == 0
    assert "--out" in capsys.readouterr().out


def test_shipped_backdrops_are_what_the_script_draws(drawn):
    """Redraw them with scripts/make_backdrops.py after changing it."""
    made = sorted(p.name for p in drawn.glob("*.png"))
    assert made == sorted(p.name for p in SHIPPED.glob("*.png"))
    for name in made:
        fresh = pygame.image.load(str(drawn / name))
        shipped = pygame.image.load(str(SHIPPED / name))
        assert shipped.get_size() == fresh.get_size(), name
        same = pygame.mask.from_threshold(fresh, (0, 0, 0, 0), (3, 3, 3, 255),
                                          othersurface=shipped)
        changed = SIZE[0] * SIZE[1] - same.count()
        assert changed == 0, f"assets/backdrops/{name} differs in {changed} pixels"
