"""scripts/make_portraits.py draws every character in every mood: right size, transparent
around the figure, a face that changes with the mood, and the same pictures as the shipped ones."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import importlib.util  # noqa: E402
import itertools  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from learnsocial.content.schema import MOODS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_portraits.py"
SHIPPED = ROOT / "assets" / "portraits"
SIZE = (300, 360)
BACKDROP = (30, 42, 58)  # where the portraits appear
FACE = pygame.Rect(90, 100, 120, 120)  # eyes, brows and mouth lie in here


def load_script():
    spec = importlib.util.spec_from_file_location("make_portraits", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """The script's main() run once into a temporary folder: (module, folder)."""
    script = load_script()
    out = tmp_path_factory.mktemp("portraits")
    assert script.main(["--out", str(out)]) == 0
    return script, out


def cast_ids() -> list[str]:
    course = yaml.safe_load((ROOT / "chapters" / "course" / "en.yaml").read_text("utf-8"))
    return [character["id"] for character in course["cast"]]


def seen(path: Path, area: pygame.Rect | None = None) -> pygame.Surface:
    """The portrait as the learner sees it: on the backdrop colour, optionally cropped."""
    image = pygame.image.load(str(path))
    view = pygame.Surface(image.get_size())
    view.fill(BACKDROP)
    view.blit(image, (0, 0))
    return view.subsurface(area).copy() if area else view


def changed_pixels(a: pygame.Surface, b: pygame.Surface, tolerance: int = 8) -> int:
    """How many pixels differ by more than tolerance in some colour channel."""
    same = pygame.mask.from_threshold(a, (0, 0, 0, 0), (tolerance,) * 4, othersurface=b)
    return a.get_width() * a.get_height() - same.count()


def test_every_character_of_the_cast_in_every_mood(drawn):
    script, out = drawn
    assert list(script.MOODS) == list(MOODS)
    assert set(cast_ids()) <= set(script.CAST)
    for name, mood in itertools.product(cast_ids(), MOODS):
        path = out / name / f"{mood}.png"
        assert path.is_file(), f"{path} was not written"
        image = pygame.image.load(str(path))
        assert image.get_size() == SIZE, path
        for corner in ((0, 0), (SIZE[0] - 1, 0), (0, SIZE[1] - 1), (SIZE[0] - 1, SIZE[1] - 1)):
            assert image.get_at(corner).a == 0, f"{path}: corner {corner} is not transparent"
        assert image.get_at((150, 170)).a == 255, f"{path}: no face in the middle"
        assert image.get_at((150, SIZE[1] - 1)).a == 255, f"{path}: no shoulders at the bottom"


def test_the_difference_check_can_fail(drawn):
    _, out = drawn
    face = seen(out / "maja" / "neutral.png", FACE)
    assert changed_pixels(face, face.copy()) == 0
    assert changed_pixels(face, seen(out / "maja" / "happy.png", FACE)) > 0


@pytest.mark.parametrize("name", ["maja", "jonas", "elena", "omar", "tove"])
def test_every_mood_changes_the_face(drawn, name):
    _, out = drawn
    faces = {mood: seen(out / name / f"{mood}.png", FACE) for mood in MOODS}
    for first, second in itertools.combinations(MOODS, 2):
        changed = changed_pixels(faces[first], faces[second])
        assert changed >= 300, f"{name}: {first} and {second} differ in only {changed} pixels"


def test_characters_look_different(drawn):
    _, out = drawn
    views = {name: seen(out / name / "neutral.png") for name in cast_ids()}
    for first, second in itertools.combinations(views, 2):
        changed = changed_pixels(views[first], views[second])
        assert changed >= 10_000, f"{first} and {second} differ in only {changed} pixels"


def test_help_describes_the_options(capsys):
    with pytest.raises(SystemExit) as done:
        load_script().main(["--help"])
    assert done.value.code == 0
    assert "--out" in capsys.readouterr().out


def test_shipped_portraits_are_what_the_script_draws(drawn):
    """The PNGs under assets/ are current: redraw them with the script after changing it."""
    _, out = drawn
    for path in sorted(out.rglob("*.png")):
        shipped = SHIPPED / path.relative_to(out)
        assert shipped.is_file(), f"{shipped} is missing"
        changed = changed_pixels(seen(path), seen(shipped), tolerance=3)
        assert changed == 0, f"{shipped} differs from the script's drawing in {changed} pixels"
