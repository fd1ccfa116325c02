"""Badge medals, game icons and rating icons: each draws something of its own, inside its circle,
at every size, and the ratings differ by shape, not by colour alone."""
import itertools

import pygame
import pytest

from learnsocial.app.badges import BADGES, Badge
from learnsocial.ui import badge_art, icons
from learnsocial.ui.badge_art import draw_badge
from learnsocial.ui.icons import GAMES, RATINGS, draw_game_icon, draw_rating_icon
from learnsocial.ui.theme import Theme

THEME = Theme()

RADII = (12, 20, 32, 48)
INK = (242, 244, 247)
GROUND = (42, 58, 78)  # a panel


def canvas(radius: int) -> tuple[pygame.Surface, tuple[int, int]]:
    side = 2 * radius + 24
    surface = pygame.Surface((side, side))
    surface.fill(GROUND)
    return surface, (side // 2, side // 2)


def differing(a: pygame.Surface, b: pygame.Surface, tolerance: int = 24) -> int:
    same = pygame.mask.from_threshold(a, (0, 0, 0, 0), (tolerance,) * 4, othersurface=b)
    return a.get_width() * a.get_height() - same.count()


def drawn_area(surface: pygame.Surface) -> pygame.Rect:
    """The bounding box of everything that is not the ground."""
    ground = pygame.mask.from_threshold(surface, GROUND, (12, 12, 12, 255))
    ground.invert()
    rects = ground.get_bounding_rects()
    return rects[0].unionall(rects[1:]) if rects else pygame.Rect(0, 0, 0, 0)


def check_distinct(images: dict[str, pygame.Surface], radius: int, share: float) -> None:
    """Every pair differs in at least share of the icon's circle."""
    least = share * 3.14 * radius * radius
    for first, second in itertools.combinations(images, 2):
        changed = differing(images[first], images[second])
        assert changed >= least, \
            f"r={radius}: {first} and {second} differ in only {changed} pixels"


def check_inside(surface: pygame.Surface, centre, radius: int, name: str) -> None:
    area = drawn_area(surface)
    assert area.width >= radius and area.height >= radius, f"{name}: almost nothing drawn"
    box = pygame.Rect(0, 0, 2 * radius + 8, 2 * radius + 8)
    box.center = centre
    assert box.contains(area), f"{name} r={radius}: drawn over {area}, outside {box}"


def test_at_least_ten_badge_icons_including_the_new_ones():
    wanted = {"flag", "star", "bolt", "arrow", "crown", "compass", "flame", "target", "scales",
              "trophy", "path"}
    assert wanted <= set(badge_art.ICONS)
    assert {badge.icon for badge in BADGES} <= set(badge_art.ICONS)


@pytest.mark.parametrize("radius", RADII)
def test_badges_differ_by_their_glyph(radius):
    """Greyed out all medals share one colour, so what differs is the glyph itself."""
    images = {}
    for icon in badge_art.ICONS:
        surface, centre = canvas(radius)
        draw_badge(surface, THEME, Badge("some-badge", icon), centre, radius, earned=False)
        check_inside(surface, centre, radius, icon)
        images[icon] = surface
    check_distinct(images, radius, 0.04)


def test_earned_and_locked_look_different():
    earned, centre = canvas(32)
    locked, _ = canvas(32)
    draw_badge(earned, THEME, Badge("perfect", "star"), centre, 32)
    draw_badge(locked, THEME, Badge("perfect", "star"), centre, 32, earned=False)
    assert differing(earned, locked) > 0.5 * 3.14 * 32 * 32


def test_the_distinct_check_can_fail():
    first, centre = canvas(20)
    second, _ = canvas(20)
    draw_badge(first, THEME, Badge("x", "star"), centre, 20, earned=False)
    draw_badge(second, THEME, Badge("x", "star"), centre, 20, earned=False)
    with pytest.raises(AssertionError):
        check_distinct({"a": first, "b": second}, 20, 0.04)


@pytest.mark.parametrize("radius", RADII)
def test_game_icons_are_distinct(radius):
    images = {}
    for game in GAMES:
        surface, centre = canvas(radius)
        draw_game_icon(surface, game, centre, radius, INK)
        check_inside(surface, centre, radius, game)
        images[game] = surface
    check_distinct(images, radius, 0.3)


def test_game_icon_takes_its_colour():
    white, centre = canvas(32)
    teal, _ = canvas(32)
    draw_game_icon(white, "pairing", centre, 32, INK)
    draw_game_icon(teal, "pairing", centre, 32, (31, 122, 140))
    assert differing(white, teal) > 200
    assert teal.get_at(centre)[:3] != INK  # the link runs through the middle


@pytest.mark.parametrize("radius", (8, 12, 24, 40))
def test_rating_icons_differ_by_shape_alone(radius, monkeypatch):
    """With every rating in one colour, the tick, the ring and the cross still tell them
    apart."""
    monkeypatch.setattr(icons, "rating_colours",
                        lambda _theme: {"best": INK, "ok": INK, "poor": INK, "mark": GROUND})
    images = {}
    for rating in RATINGS:
        surface, centre = canvas(radius)
        draw_rating_icon(surface, THEME, rating, centre, radius)
        check_inside(surface, centre, radius, rating)
        images[rating] = surface
    check_distinct(images, radius, 0.12)


def test_rating_colours_come_from_the_theme():
    surface, centre = canvas(24)
    draw_rating_icon(surface, THEME, "poor", centre, 24)
    edge = (centre[0] - 20, centre[1])
    assert differing_colour(surface.get_at(edge)[:3], THEME.ERROR) <= 6


def differing_colour(a, b) -> int:
    return max(abs(x - y) for x, y in zip(a, b, strict=True))


def test_unknown_names_are_refused_clearly():
    surface, centre = canvas(20)
    with pytest.raises(ValueError, match="gallery"):
        draw_game_icon(surface, "quiz", centre, 20, INK)
    with pytest.raises(ValueError, match="best"):
        draw_rating_icon(surface, THEME, "great", centre, 20)
    draw_badge(surface, THEME, Badge("x", "no-such-icon"), centre, 20)  # falls back to a crown


def test_icons_are_cached(monkeypatch):
    """Drawn once per name, size and colour; every frame after that is a blit."""
    made = []
    real = icons.Pen

    def counting(*args, **kwargs):
        made.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(icons, "Pen", counting)
    monkeypatch.setattr(badge_art, "Pen", counting)
    surface, centre = canvas(30)
    for _ in range(3):
        draw_game_icon(surface, "sorting", centre, 29, INK)
        draw_rating_icon(surface, THEME, "ok", centre, 29)
        draw_badge(surface, THEME, Badge("x", "trophy"), centre, 29)
    assert len(made) == 3
