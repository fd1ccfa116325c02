"""scripts/make_portraits.py draws every character waist-up in every mood, plus a talking frame:
right size, transparent around the figure, a face that changes with the mood, a talk frame that
changes only the mouth, a bottom that fades out, and the same pictures as the shipped ones."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import importlib.util
import itertools
import sys
from pathlib import Path

import pygame
import pytest
import yaml

from learnsocial.content.schema import MOODS

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_portraits.py"
SHIPPED = ROOT / "assets" / "portraits"
SIZE = (400, 600)
BACKDROP = (30, 42, 58)  # where the portraits appear
FRAMES = ("", "-talk")
FADE = 80  # rows at the bottom that fade out


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


@pytest.fixture(scope="module")
def face(drawn):
    """Eyes, brows and mouth lie in here (the script says where)."""
    return pygame.Rect(drawn[0].FACE_BOX)


@pytest.fixture(scope="module")
def mouth(drawn):
    """All a talking frame may change."""
    return pygame.Rect(drawn[0].MOUTH_BOX)


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
    """How many pixels differ by tolerance or more in some colour channel (1: any change)."""
    same = pygame.mask.from_threshold(a, (0, 0, 0, 0), (tolerance,) * 4, othersurface=b)
    return a.get_width() * a.get_height() - same.count()


def test_every_character_of_the_cast_in_every_mood_and_frame(drawn, face):
    script, out = drawn
    assert list(script.MOODS) == list(MOODS)
    assert set(cast_ids()) <= set(script.CAST)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png")) == sorted(
        f"{name}/{mood}{frame}.png" for name in script.CAST for mood in MOODS for frame in FRAMES)
    for name, mood, frame in itertools.product(cast_ids(), MOODS, FRAMES):
        path = out / name / f"{mood}{frame}.png"
        image = pygame.image.load(str(path))
        assert image.get_size() == SIZE, path
        for corner in ((0, 0), (SIZE[0] - 1, 0), (0, SIZE[1] - 1), (SIZE[0] - 1, SIZE[1] - 1)):
            assert image.get_at(corner).a == 0, f"{path}: corner {corner} is not transparent"
        assert image.get_at(face.center).a == 255, f"{path}: no face in the middle"
        above_fade = SIZE[1] - FADE - 1
        assert image.get_at((SIZE[0] // 2, above_fade)).a == 255, f"{path}: no body down there"
        body = [image.get_at((x, above_fade)).a == 255 for x in range(SIZE[0])]
        assert sum(body) >= SIZE[0] // 2, f"{path}: no torso at the waist"


def column_alpha(image: pygame.Surface, x: int) -> list[int]:
    return [image.get_at((x, y)).a for y in range(SIZE[1] - FADE - 1, SIZE[1])]


@pytest.mark.parametrize("name", ["maja", "jonas", "elena", "omar", "tove"])
def test_the_bottom_fades_out_softly(drawn, name):
    """No hard edge over the dialogue panel: over the last rows the figure fades to nothing."""
    _, out = drawn
    for mood, frame in itertools.product(MOODS, FRAMES):
        image = pygame.image.load(str(out / name / f"{mood}{frame}.png"))
        assert all(image.get_at((x, SIZE[1] - 1)).a == 0 for x in range(SIZE[0])), \
            f"{name}/{mood}{frame}: the last row is not transparent"
        alphas = column_alpha(image, SIZE[0] // 2)
        assert alphas[0] == 255
        assert all(a >= b for a, b in itertools.pairwise(alphas)), f"{name}/{mood}: not a fade"
        steps = [a - b for a, b in itertools.pairwise(alphas)]
        assert max(steps) <= 12, f"{name}/{mood}{frame}: a hard step of {max(steps)} in the fade"
        assert sum(1 for a in alphas if 0 < a < 255) >= FADE * 3 // 4


def test_the_fade_check_can_fail():
    """A figure cut off flat at the bottom fails the soft-fade checks."""
    image = pygame.Surface(SIZE, pygame.SRCALPHA)
    image.fill((200, 100, 50, 255))
    alphas = column_alpha(image, SIZE[0] // 2)
    assert sum(1 for a in alphas if 0 < a < 255) < FADE * 3 // 4
    pygame.draw.rect(image, (0, 0, 0, 0), (0, SIZE[1] - 10, SIZE[0], 10))
    steps = [a - b for a, b in itertools.pairwise(column_alpha(image, SIZE[0] // 2))]
    assert max(steps) > 12


@pytest.mark.parametrize("name", ["maja", "jonas", "elena", "omar", "tove"])
def test_the_talk_frame_opens_the_mouth_and_changes_nothing_else(drawn, name, mouth):
    _, out = drawn
    for mood in MOODS:
        still = seen(out / name / f"{mood}.png")
        talking = seen(out / name / f"{mood}-talk.png")
        changed_in_mouth = changed_pixels(still.subsurface(mouth), talking.subsurface(mouth))
        assert changed_in_mouth >= 40, f"{name}/{mood}: the mouth hardly moves"
        outside_still, outside_talking = still.copy(), talking.copy()
        for picture in (outside_still, outside_talking):
            picture.fill((0, 0, 0), mouth)
        changed = changed_pixels(outside_still, outside_talking, tolerance=1)
        assert changed == 0, f"{name}/{mood}: the talk frame changes {changed} pixels outside " \
                             f"the mouth"


def test_the_mouth_check_can_fail(drawn, mouth):
    _, out = drawn
    still = seen(out / "maja" / "neutral.png")
    other = seen(out / "maja" / "happy-talk.png")  # a different mood changes the eyes too
    for picture in (still, other):
        picture.fill((0, 0, 0), mouth)
    assert changed_pixels(still, other, tolerance=1) > 0


def test_the_difference_check_can_fail(drawn, face):
    _, out = drawn
    neutral = seen(out / "maja" / "neutral.png", face)
    assert changed_pixels(neutral, neutral.copy()) == 0
    assert changed_pixels(neutral, seen(out / "maja" / "happy.png", face)) > 0


@pytest.mark.parametrize("name", ["maja", "jonas", "elena", "omar", "tove"])
def test_every_mood_changes_the_face(drawn, name, face):
    _, out = drawn
    faces = {mood: seen(out / name / f"{mood}.png", face) for mood in MOODS}
    for first, second in itertools.combinations(MOODS, 2):
        changed = changed_pixels(faces[first], faces[second])
        assert changed >= 300, f"{name}: {first} and {second} differ in only {changed} pixels"


def test_characters_look_different(drawn):
    _, out = drawn
    views = {name: seen(out / name / "neutral.png") for name in cast_ids()}
    for first, second in itertools.combinations(views, 2):
        changed = changed_pixels(views[first], views[second])
        assert changed >= 20_000, f"{first} and {second} differ in only {changed} pixels"


def test_help_describes_the_options(capsys):
    with pytest.raises(SystemExit) as done:
        load_script().main(["--help"])
    assert done.value.code == 0
    assert "--out" in capsys.readouterr().out


def test_shipped_portraits_are_what_the_script_draws(drawn):
    """The PNGs under assets/ are current: redraw them with the script after changing it."""
    _, out = drawn
    made = sorted(p.relative_to(out) for p in out.rglob("*.png"))
    assert made == sorted(p.relative_to(SHIPPED) for p in SHIPPED.rglob("*.png"))
    for path in sorted(out.rglob("*.png")):
        shipped = SHIPPED / path.relative_to(out)
        assert shipped.is_file(), f"{shipped} is missing"
        changed = changed_pixels(seen(path), seen(shipped), tolerance=3)
        assert changed == 0, f"{shipped} differs from the script's drawing in {changed} pixels"
