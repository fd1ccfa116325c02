#!/usr/bin/env python3
"""Draw the scene backdrops of the chapter player: calm, flat-shaded rooms of a modern workplace.

Usage:
    python scripts/make_backdrops.py [--out assets/backdrops]

Writes <out>/<name>.png, 1280x720, for every name in SCENES. Everything is drawn from shapes and
gradients; nothing is downloaded, no font is needed and nothing is random (the few scattered
things come from a seeded generator), so the same script always writes the same files.

Composition, because of what the player draws on top:
- y >= 456 is covered by the dialogue panel, and a waist-up portrait stands at the left or right
  edge: the interesting things sit in the upper two thirds, towards the middle;
- the top 70 px carry white text (the chapter title at the left, "Scene 3 / 12" at the right):
  that band stays dark (ceilings, a soft shade from the top), and a test checks its contrast.

Each picture is drawn twice as large and scaled down, for smooth edges.
"""
from __future__ import annotations

import argparse
import math
import os
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame

RGB = tuple[int, int, int]
Point = tuple[float, float]

WIDTH, HEIGHT = 1280, 720
SS = 2  # drawn this many times larger, then scaled down
PANEL_TOP = 456  # the dialogue panel covers everything below
TEXT_BAND = 70  # white text lies in the top band

# --- the palette: deep blue-grey, muted accents ------------------------------------------------
NIGHT = (20, 28, 40)
CEILING = (25, 34, 47)
WALL = (42, 56, 75)
WALL_SIDE = (34, 46, 62)
WALL_LIGHT = (52, 68, 90)
FLOOR = (44, 55, 70)
FLOOR_DARK = (36, 46, 60)
WOOD = (118, 90, 70)
WOOD_DARK = (88, 66, 52)
WOOD_LIGHT = (146, 114, 88)
TEAL = (40, 110, 122)
GREEN = (66, 122, 92)
GREEN_DARK = (44, 88, 68)
GREEN_LIGHT = (104, 156, 112)
SKY_TOP = (48, 70, 102)
SKY_LOW = (118, 128, 152)
DUSK = (176, 146, 138)
CITY = (44, 60, 82)
CITY_FAR = (66, 84, 110)
LIT = (216, 186, 124)
METAL = (86, 98, 114)
METAL_DARK = (58, 68, 82)
SCREEN = (30, 52, 78)
SCREEN_GLOW = (104, 154, 196)
WARM = (240, 200, 132)
WHITEISH = (214, 220, 228)

SKINS = ((245, 209, 184), (214, 158, 116), (232, 192, 160), (132, 86, 58), (250, 222, 204),
         (186, 130, 96), (160, 110, 80))
HAIRS = ((60, 44, 36), (160, 118, 64), (30, 26, 28), (186, 188, 196), (194, 82, 42),
         (96, 64, 40), (44, 36, 34))
CLOTHES = ((70, 104, 150), (150, 84, 70), (92, 132, 110), (120, 96, 150), (176, 140, 72),
           (88, 110, 130), (160, 90, 110), (60, 120, 130))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def shade(colour: RGB, factor: float) -> RGB:
    """Darker below 1, lighter above 1 (towards white)."""
    if factor >= 1:
        return mix(colour, (255, 255, 255), factor - 1)
    return tuple(round(c * factor) for c in colour)  # type: ignore[return-value]


# --- a canvas in design units -------------------------------------------------------------------

class Canvas:
    """Draws in 1280x720 design units on a surface SS times larger."""

    def __init__(self, surface: pygame.Surface | None = None):
        self.surface = surface or pygame.Surface((WIDTH * SS, HEIGHT * SS))

    def layer(self) -> Canvas:
        """A transparent canvas of the same size, to paste back with some opacity."""
        return Canvas(pygame.Surface(self.surface.get_size(), pygame.SRCALPHA))

    def paste(self, layer: Canvas, alpha: int = 255) -> None:
        layer.surface.set_alpha(alpha)
        self.surface.blit(layer.surface, (0, 0))

    @staticmethod
    def p(point: Point) -> tuple[float, float]:
        return point[0] * SS, point[1] * SS

    def rect(self, colour, x: float, y: float, w: float, h: float, radius: float = 0) -> None:
        pygame.draw.rect(self.surface, colour,
                         pygame.Rect(round(x * SS), round(y * SS), round(w * SS), round(h * SS)),
                         border_radius=round(radius * SS))

    def poly(self, colour, points: Sequence[Point]) -> None:
        pygame.draw.polygon(self.surface, colour, [self.p(q) for q in points])

    def circle(self, colour, centre: Point, r: float, width: float = 0) -> None:
        pygame.draw.circle(self.surface, colour, self.p(centre), r * SS,
                           round(width * SS) if width else 0)

    def ellipse(self, colour, x: float, y: float, w: float, h: float) -> None:
        pygame.draw.ellipse(self.surface, colour,
                            pygame.Rect(round(x * SS), round(y * SS), round(w * SS),
                                        round(h * SS)))

    def line(self, colour, a: Point, b: Point, width: float) -> None:
        """A straight line with round ends."""
        (ax, ay), (bx, by) = self.p(a), self.p(b)
        half = width * SS / 2
        length = math.hypot(bx - ax, by - ay) or 1.0
        nx, ny = -(by - ay) / length * half, (bx - ax) / length * half
        pygame.draw.polygon(self.surface, colour, [(ax + nx, ay + ny), (bx + nx, by + ny),
                                                   (bx - nx, by - ny), (ax - nx, ay - ny)])
        pygame.draw.circle(self.surface, colour, (ax, ay), half)
        pygame.draw.circle(self.surface, colour, (bx, by), half)

    def vgradient(self, top: RGB, bottom: RGB, x: float, y: float, w: float, h: float) -> None:
        strip = pygame.Surface((1, 2))
        strip.set_at((0, 0), top)
        strip.set_at((0, 1), bottom)
        size = (max(1, round(w * SS)), max(1, round(h * SS)))
        # smoothscale of a 2-pixel strip puts the pure colours a quarter in: stretch past the
        # edges so the ends are the given colours
        tall = pygame.transform.smoothscale(strip, (size[0], size[1] * 2))
        self.surface.blit(tall, (round(x * SS), round(y * SS)),
                          pygame.Rect(0, size[1] // 2, size[0], size[1]))

    def glow(self, centre: Point, radius: float, colour: RGB, strength: int) -> None:
        """A soft round light, brightest in the middle."""
        image = pygame.transform.smoothscale(_halo(colour), (round(2 * radius * SS),) * 2)
        image.set_alpha(strength)
        cx, cy = self.p(centre)
        self.surface.blit(image, (round(cx - radius * SS), round(cy - radius * SS)))


_HALOS: dict[RGB, pygame.Surface] = {}


def _halo(colour: RGB) -> pygame.Surface:
    if colour not in _HALOS:
        size = 96
        halo = pygame.Surface((size, size), pygame.SRCALPHA)
        for y in range(size):
            for x in range(size):
                d = math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2) / (size / 2)
                halo.set_at((x, y), (*colour, round(255 * max(0.0, 1 - d) ** 2)))
        _HALOS[colour] = halo
    return _HALOS[colour]


# --- props ----------------------------------------------------------------------------------------

def room(c: Canvas, back: tuple[float, float, float, float], wall: RGB = WALL,
         side: RGB = WALL_SIDE, floor: RGB = FLOOR, ceiling: RGB = CEILING) -> None:
    """A box seen from the front: ceiling, side walls and floor running to the back wall."""
    x0, y0, x1, y1 = back
    c.poly(ceiling, [(0, 0), (WIDTH, 0), (x1, y0), (x0, y0)])
    c.poly(side, [(0, 0), (x0, y0), (x0, y1), (0, HEIGHT)])
    c.poly(shade(side, 0.94), [(WIDTH, 0), (WIDTH, HEIGHT), (x1, y1), (x1, y0)])
    c.poly(floor, [(0, HEIGHT), (x0, y1), (x1, y1), (WIDTH, HEIGHT)])
    c.rect(wall, x0, y0, x1 - x0, y1 - y0)
    c.line(shade(wall, 0.8), (x0, y1), (x1, y1), 2)  # skirting


def city_window(c: Canvas, x: float, y: float, w: float, h: float, seed: int,
                mullions: int = 3, frame: RGB = METAL_DARK) -> None:
    """A window onto a city at dusk: sky, far and near towers, a few lit windows."""
    c.vgradient(SKY_TOP, mix(SKY_LOW, DUSK, 0.4), x, y, w, h)
    rng = random.Random(seed)
    layer = c.layer()
    for colour, low, high, step in ((CITY_FAR, 0.35, 0.7, 34), (CITY, 0.15, 0.5, 46)):
        bx = x - rng.uniform(0, step)
        while bx < x + w:
            bw = rng.uniform(step * 0.7, step * 1.4)
            top = y + h * (1 - rng.uniform(low, high))
            layer.rect(colour, bx, top, bw - 4, y + h - top)
            if colour == CITY:
                for wy in range(int(top + 8), int(y + h - 6), 12):
                    for wx in range(int(bx + 5), int(bx + bw - 10), 9):
                        if rng.random() < 0.16:
                            layer.rect(LIT, wx, wy, 4, 5)
            bx += bw
    clip = pygame.Surface(layer.surface.get_size(), pygame.SRCALPHA)
    clip.blit(layer.surface, (0, 0))
    c.surface.blit(clip, (round(x * SS), round(y * SS)),
                   pygame.Rect(round(x * SS), round(y * SS), round(w * SS), round(h * SS)))
    c.rect(frame, x - 5, y - 5, w + 10, 8)
    c.rect(frame, x - 5, y + h - 3, w + 10, 8)
    c.rect(frame, x - 5, y - 5, 8, h + 10)
    c.rect(frame, x + w - 3, y - 5, 8, h + 10)
    for k in range(1, mullions):
        c.rect(frame, x + w * k / mullions - 3, y, 6, h)


def plant(c: Canvas, x: float, base: float, size: float, pot: RGB = (196, 186, 170),
          kind: str = "leafy") -> None:
    """A pot plant standing on base, centred on x."""
    pot_w, pot_h = size * 0.5, size * 0.42
    if kind == "tall":  # a slim tree with oval leaves
        c.line(WOOD_DARK, (x, base - pot_h), (x + 4, base - size * 1.7), 5)
        for k in range(9):
            a = k * 2.4
            lx = x + 4 + math.cos(a) * size * 0.32
            ly = base - size * 1.3 - math.sin(a) * size * 0.35 - (k % 3) * size * 0.12
            c.ellipse(GREEN_DARK if k % 2 else GREEN, lx - size * 0.22, ly - size * 0.14,
                      size * 0.44, size * 0.28)
    else:
        leaves = 7
        for k in range(leaves):
            a = math.pi * (0.12 + 0.76 * k / (leaves - 1))
            tip = (x - math.cos(a) * size * 0.7, base - pot_h - math.sin(a) * size * 0.9)
            mid = ((x + tip[0]) / 2, (base - pot_h + tip[1]) / 2)
            nx, ny = -(tip[1] - (base - pot_h)), tip[0] - x
            n = math.hypot(nx, ny) or 1
            spread = size * 0.16
            colour = (GREEN, GREEN_DARK, GREEN_LIGHT)[k % 3]
            c.poly(colour, [(x, base - pot_h), (mid[0] + nx / n * spread,
                                                mid[1] + ny / n * spread), tip,
                            (mid[0] - nx / n * spread, mid[1] - ny / n * spread)])
    c.poly(pot, [(x - pot_w / 2, base - pot_h), (x + pot_w / 2, base - pot_h),
                 (x + pot_w * 0.38, base), (x - pot_w * 0.38, base)])
    c.rect(shade(pot, 0.85), x - pot_w / 2 - 2, base - pot_h, pot_w + 4, 6, 2)


def pendant(c: Canvas, x: float, top: float, drop: float, width: float = 44,
            colour: RGB = METAL_DARK, light: RGB = WARM) -> None:
    """A hanging lamp with a warm pool of light below its shade."""
    c.line(shade(colour, 0.8), (x, top), (x, top + drop), 2)
    y = top + drop
    c.glow((x, y + 18), width * 2.2, light, 70)
    c.poly(colour, [(x - width * 0.18, y), (x + width * 0.18, y), (x + width / 2, y + 22),
                    (x - width / 2, y + 22)])
    c.ellipse(light, x - width * 0.36, y + 18, width * 0.72, 8)


def person(c: Canvas, x: float, y: float, scale: float, seed: int, back: bool = False,
           torso: float = 70, mug: bool = False) -> None:
    """A colleague at a distance: head (y is the head's centre), shoulders and torso torso units
    long. Seen from behind (back=True) the hair covers the head."""
    rng = random.Random(seed)
    skin, hair, cloth = rng.choice(SKINS), rng.choice(HAIRS), rng.choice(CLOTHES)
    s = scale
    c.rect(cloth, x - 30 * s, y + 22 * s, 60 * s, torso * s, round(22 * s))
    if torso > 90:  # standing: arms down the sides
        for side in (-1, 1):
            c.rect(shade(cloth, 0.88), x + side * 30 * s - 9 * s, y + 30 * s, 18 * s,
                   torso * 0.62 * s, round(9 * s))
    if mug:
        c.rect(shade(cloth, 0.88), x - 34 * s, y + 40 * s, 34 * s, 16 * s, round(8 * s))
        c.circle(skin, (x - 4 * s, y + 48 * s), 8 * s)
        c.rect(WHITEISH, x - 6 * s, y + 30 * s, 14 * s, 18 * s, round(3 * s))
    c.rect(shade(skin, 0.9), x - 6 * s, y + 10 * s, 12 * s, 16 * s)
    long_hair = rng.random() < 0.4
    if long_hair:
        c.rect(shade(hair, 0.85), x - 19 * s, y - 6 * s, 38 * s, 40 * s, round(10 * s))
    c.ellipse(skin, x - 16 * s, y - 19 * s, 32 * s, 38 * s)
    if back:
        c.ellipse(hair, x - 17 * s, y - 21 * s, 34 * s, 40 * s)
    else:
        c.ellipse(hair, x - 17 * s, y - 22 * s, 34 * s, 22 * s)
        c.rect(hair, x - 17 * s, y - 12 * s, 6 * s, 14 * s, round(3 * s))
        c.rect(hair, x + 11 * s, y - 12 * s, 6 * s, 14 * s, round(3 * s))


def monitor_back(c: Canvas, x: float, y: float, w: float, h: float) -> None:
    """A screen seen from behind, on a stand; (x, y) is its top-left."""
    c.rect(METAL_DARK, x + w / 2 - 4, y + h - 4, 8, 18)
    c.rect(METAL_DARK, x + w / 2 - 18, y + h + 12, 36, 5, 2)
    c.rect(shade(METAL_DARK, 1.12), x, y, w, h, 4)
    c.rect(METAL_DARK, x + 4, y + 4, w - 8, h - 8, 3)


def screen_front(c: Canvas, x: float, y: float, w: float, h: float, seed: int) -> None:
    """A screen facing us with a calm app window on it."""
    rng = random.Random(seed)
    c.rect(METAL_DARK, x, y, w, h, 4)
    c.rect(SCREEN, x + 4, y + 4, w - 8, h - 8, 2)
    c.rect(shade(SCREEN_GLOW, 0.7), x + 4, y + 4, w - 8, 6)
    for k in range(3):
        c.rect(shade(SCREEN_GLOW, rng.uniform(0.55, 0.8)), x + 10, y + 16 + k * 9,
               rng.uniform(0.3, 0.7) * (w - 20), 4, 2)


def bookshelf(c: Canvas, x: float, y: float, w: float, shelves: int, seed: int,
              gap: float = 46) -> None:
    """Shelves of books, boxes and a small plant; (x, y) is the top of the top shelf."""
    rng = random.Random(seed)
    palette = (shade(CLOTHES[0], 0.8), shade(CLOTHES[1], 0.85), shade(CLOTHES[2], 0.8),
               shade(CLOTHES[4], 0.85), (180, 172, 160), shade(CLOTHES[3], 0.8), TEAL)
    for k in range(shelves):
        base = y + gap * (k + 1)
        bx = x + rng.uniform(4, 18)
        while bx < x + w - 20:
            if rng.random() < 0.12:  # a small plant or a box now and then
                if rng.random() < 0.5:
                    plant(c, bx + 12, base, 26)
                else:
                    c.rect(shade(WHITEISH, 0.75), bx, base - 18, 26, 18, 2)
                bx += 32
                continue
            bw, bh = rng.uniform(6, 11), rng.uniform(gap * 0.5, gap * 0.8)
            c.rect(rng.choice(palette), bx, base - bh, bw, bh, 1)
            bx += bw + 1
        c.rect(WOOD_DARK, x, base, w, 6)


def chair_back(c: Canvas, x: float, y: float, w: float, colour: RGB) -> None:
    """An office chair seen from behind; y is the top of its backrest."""
    c.rect(shade(colour, 0.8), x - w / 2, y, w, w * 1.05, round(w * 0.25))
    c.rect(colour, x - w / 2 + 4, y + 4, w - 8, w * 1.05 - 8, round(w * 0.22))


def top_shade(c: Canvas) -> None:
    """Darken the top so white text on it stays readable; fades out by y=170."""
    layer = pygame.Surface((WIDTH * SS, 170 * SS), pygame.SRCALPHA)
    for y in range(layer.get_height()):
        t = y / layer.get_height()
        pygame.draw.line(layer, (*NIGHT, round(200 * (1 - t) ** 1.6)), (0, y),
                         (layer.get_width(), y))
    c.surface.blit(layer, (0, 0))


def side_shade(c: Canvas) -> None:
    """A soft darkening at the left and right edges, where the portraits stand."""
    layer = pygame.Surface((WIDTH * SS, HEIGHT * SS), pygame.SRCALPHA)
    reach = 300 * SS
    for x in range(reach):
        alpha = round(90 * (1 - x / reach) ** 2)
        pygame.draw.line(layer, (*NIGHT, alpha), (x, 0), (x, HEIGHT * SS))
        pygame.draw.line(layer, (*NIGHT, alpha), (WIDTH * SS - 1 - x, 0),
                         (WIDTH * SS - 1 - x, HEIGHT * SS))
    c.surface.blit(layer, (0, 0))


# --- the scenes -----------------------------------------------------------------------------------

def open_plan(c: Canvas) -> None:
    """Desks in rows, colleagues at their screens, big windows onto the city."""
    room(c, (150, 60, 1130, 410))
    for k in range(3):
        city_window(c, 200 + k * 300, 100, 280, 230, seed=11 + k)
    c.rect(shade(WALL, 0.85), 150, 340, 980, 70)  # a low sideboard along the windows
    c.rect(shade(WALL, 1.1), 150, 340, 980, 6)
    plant(c, 180, 340, 70, kind="tall")
    plant(c, 1100, 340, 60)
    for k in range(4):
        pendant(c, 290 + k * 235, 0, 96, 50)
    # two rows of desks facing us, colleagues behind their screens
    for row, (y, scale) in enumerate(((378, 0.62), (430, 0.8))):
        desk_w = 250 * scale / 0.8
        for k in range(4 - row):
            x = 250 + row * 100 + k * (desk_w + 40 - row * 10)
            if row == 0:
                person(c, x + desk_w * 0.3, y - 70 * scale, scale, seed=30 + k)
                person(c, x + desk_w * 0.72, y - 66 * scale, scale, seed=40 + k)
            else:
                person(c, x + desk_w * 0.5, y - 78 * scale, scale, seed=50 + k)
            c.rect(WOOD_LIGHT, x, y, desk_w, 9 * scale + 2, 2)
            c.rect(WOOD_DARK, x, y + 9 * scale + 2, desk_w, 5)
            for mx in (0.18, 0.6):
                monitor_back(c, x + desk_w * mx, y - 56 * scale, 78 * scale, 50 * scale)


def kitchen(c: Canvas) -> None:
    """The coffee corner: cabinets, a counter with the coffee machine, a high table."""
    room(c, (120, 60, 1160, 420), wall=mix(WALL, TEAL, 0.12))
    # tiled splashback
    c.rect(shade(mix(WALL, TEAL, 0.25), 1.1), 200, 250, 700, 110)
    for ty in range(250, 360, 22):
        c.line(shade(mix(WALL, TEAL, 0.25), 0.92), (200, ty), (900, ty), 1.5)
    for tx in range(200, 900, 44):
        c.line(shade(mix(WALL, TEAL, 0.25), 0.92), (tx, 250), (tx, 360), 1.5)
    # upper cabinets and an open shelf
    for k in range(4):
        c.rect(shade(WOOD_LIGHT, 0.95), 200 + k * 122, 96, 116, 126, 4)
        c.rect(WOOD, 206 + k * 122, 102, 104, 114, 3)
        c.rect(METAL, 200 + k * 122 + (96 if k % 2 == 0 else 12), 200, 8, 3, 1)
    c.rect(WOOD_DARK, 700, 150, 200, 8)
    for k, colour in enumerate(((200, 196, 186), TEAL, (200, 196, 186), (176, 140, 72))):
        c.rect(colour, 712 + k * 44, 120, 30, 30, 6)  # jars
        c.rect(shade(colour, 0.8), 712 + k * 44, 120, 30, 7, 3)
    plant(c, 880, 150, 34)
    # counter
    c.rect(WOOD_LIGHT, 190, 360, 720, 14, 3)
    c.rect(shade(WALL_LIGHT, 1.05), 196, 374, 708, 80)
    for k in range(5):
        c.line(shade(WALL_LIGHT, 0.85), (196 + k * 141, 374), (196 + k * 141, 454), 2)
    # coffee machine with mugs
    c.rect(METAL_DARK, 560, 250, 130, 110, 10)
    c.rect(shade(METAL, 1.15), 568, 258, 114, 38, 6)
    c.rect(SCREEN_GLOW, 580, 266, 40, 14, 3)
    for k in range(3):
        c.circle(shade(WARM, 0.9) if k == 0 else METAL, (640 + k * 14, 273), 4)
    c.rect(NIGHT, 600, 310, 50, 8, 2)
    c.rect(WHITEISH, 612, 330, 26, 28, 4)  # a cup under the spout
    c.glow((625, 300), 34, WARM, 40)
    for k, colour in enumerate((TEAL, (176, 140, 72), WHITEISH)):
        c.rect(colour, 300 + k * 40, 330, 28, 30, 5)
        c.circle(colour, (330 + k * 40, 344), 8, 3)
    c.rect(shade(WHITEISH, 0.9), 420, 290, 60, 70, 6)  # a kettle
    c.rect(METAL_DARK, 416, 286, 68, 12, 6)
    # fridge on the right
    c.rect(shade(WHITEISH, 0.62), 950, 130, 150, 290, 10)
    c.line(shade(WHITEISH, 0.5), (950, 230), (1100, 230), 3)
    c.rect(METAL, 966, 170, 6, 40, 3)
    c.rect(METAL, 966, 250, 6, 60, 3)
    c.rect(shade(WARM, 0.8), 1000, 160, 40, 28, 2)  # a note on the fridge
    c.rect(WHITEISH, 1050, 180, 30, 30, 2)
    # steam from the fresh cup, two colleagues chatting by the counter
    for k in range(2):
        x0 = 620 + k * 10
        for i in range(6):
            c.line(shade(WHITEISH, 0.7), (x0 + 4 * math.sin(i), 322 - i * 6),
                   (x0 + 4 * math.sin(i + 1), 316 - i * 6), 2)
    for k in range(3):
        pendant(c, 420 + k * 200, 0, 100, 46)
    person(c, 790, 292, 0.95, seed=61, torso=170, mug=True)
    person(c, 880, 300, 0.95, seed=64, torso=170, back=True)


def meeting_room(c: Canvas) -> None:
    """A table with chairs, a wall screen with a chart, a glass wall onto the office."""
    room(c, (170, 60, 1110, 400), wall=shade(WALL, 1.04))
    # glass wall at the back left: the office beyond, dim
    c.rect(shade(WALL, 0.8), 190, 110, 300, 270)
    for k in range(3):
        person(c, 240 + k * 100, 230 + (k % 2) * 10, 0.5, seed=70 + k, back=k == 1)
        c.rect(WOOD_DARK, 210 + k * 100, 262, 80, 6)
    glass = c.layer()
    glass.rect((150, 180, 210), 190, 110, 300, 270)
    c.paste(glass, 40)
    c.rect(METAL_DARK, 186, 106, 308, 6)
    c.rect(METAL_DARK, 186, 376, 308, 6)
    for k in range(4):
        c.rect(METAL_DARK, 186 + k * 100, 106, 6, 276)
    glints = c.layer()
    for dx in (0, 14):
        glints.line((220, 230, 240), (220 + dx, 140), (280 + dx, 200), 3)
    c.paste(glints, 40)
    # wall screen with a chart
    c.rect(METAL_DARK, 560, 110, 320, 190, 6)
    c.rect(SCREEN, 568, 118, 304, 174, 3)
    for k, h in enumerate((50, 80, 70, 110, 130)):
        c.rect(mix(SCREEN_GLOW, TEAL, k / 5), 600 + k * 48, 272 - h, 30, h, 3)
    c.line(shade(WARM, 0.9), (612, 200), (660, 180), 3)
    c.line(shade(WARM, 0.9), (660, 180), (710, 186), 3)
    c.line(shade(WARM, 0.9), (710, 186), (760, 150), 3)
    c.line(shade(WARM, 0.9), (760, 150), (810, 132), 3)
    c.glow((720, 205), 190, SCREEN_GLOW, 26)
    # sticky notes on a board at the right
    c.rect(shade(WHITEISH, 0.75), 930, 120, 150, 180, 4)
    rng = random.Random(5)
    for row in range(3):
        for col in range(3):
            colour = rng.choice(((232, 200, 110), (150, 200, 170), (230, 150, 140),
                                 (150, 180, 220)))
            c.rect(shade(colour, 0.9), 944 + col * 44, 134 + row * 52, 34, 34, 2)
    plant(c, 1080, 400, 64, kind="tall")
    # table in perspective with chairs
    c.poly(WOOD_DARK, [(380, 400), (900, 400), (1010, 470), (270, 470)])
    c.poly(WOOD_LIGHT, [(390, 392), (890, 392), (1000, 460), (280, 460)])
    for k in range(4):
        x = 445 + k * 130
        chair_back(c, x, 318, 70, shade(TEAL, 0.9))
        if k != 2:
            person(c, x, 340, 0.8, seed=(81, 83, 0, 86)[k], torso=60)
    for x in (445, 835):
        c.rect(shade(METAL, 1.2), x - 36, 366, 72, 46, 4)  # laptop lids facing us
        c.circle(shade(METAL, 1.45), (x, 389), 6)
    c.rect(WHITEISH, 560, 400, 26, 22, 4)  # a cup and a notebook
    c.poly(shade(WHITEISH, 0.85), [(680, 404), (740, 404), (748, 416), (672, 416)])
    for k in range(2):
        pendant(c, 520 + k * 240, 0, 90, 120, light=WARM)


def video_call(c: Canvas) -> None:
    """Our desk from the chair: a big screen with a grid of faces in a video call."""
    c.vgradient(shade(WALL, 0.85), WALL, 0, 0, WIDTH, 420)
    c.rect(shade(WALL, 0.8), 0, 420, WIDTH, 300)
    bookshelf(c, 40, 120, 190, 4, seed=3)
    plant(c, 1130, 300, 80, kind="tall")
    c.rect(shade(WARM, 0.55), 1040, 120, 110, 80, 4)  # a framed picture
    c.rect(shade(mix(WALL, TEAL, 0.5), 1.1), 1048, 128, 94, 64, 2)
    c.poly(GREEN_DARK, [(1048, 192), (1090, 150), (1142, 192)])
    # the screen
    x, y, w, h = 300, 92, 680, 372
    c.glow((x + w / 2, y + h / 2), 520, SCREEN_GLOW, 34)
    c.rect(METAL_DARK, x + w / 2 - 30, y + h, 60, 40)
    c.rect(METAL_DARK, x + w / 2 - 90, y + h + 36, 180, 10, 4)
    c.rect(NIGHT, x, y, w, h, 10)
    c.rect(shade(SCREEN, 0.9), x + 10, y + 10, w - 20, h - 20, 4)
    cols, rows = 3, 2
    gap = 10
    tile_w = (w - 20 - gap * (cols + 1)) / cols
    tile_h = (h - 20 - 56 - gap * (rows + 1)) / rows
    backgrounds = ((64, 84, 108), (84, 76, 96), (70, 96, 90), (96, 86, 74), (66, 80, 104),
                   (88, 98, 82))
    for k in range(cols * rows):
        tx = x + 10 + gap + (k % cols) * (tile_w + gap)
        ty = y + 10 + gap + (k // cols) * (tile_h + gap)
        face_tile(c, tx, ty, tile_w, tile_h, seed=90 + k, background=backgrounds[k])
        if k == 1:  # whoever is speaking gets a ring
            pygame.draw.rect(c.surface, shade(GREEN_LIGHT, 1.1),
                             pygame.Rect(round(tx * SS), round(ty * SS), round(tile_w * SS),
                                         round(tile_h * SS)), 3 * SS, border_radius=6 * SS)
    bar_y = y + h - 10 - 48
    for k, colour in enumerate((METAL, METAL, (200, 80, 80), METAL)):
        c.circle(colour, (x + w / 2 - 96 + k * 64, bar_y + 22), 17)
    c.rect(WHITEISH, x + w / 2 - 101, bar_y + 15, 10, 14, 5)  # microphone
    c.rect(WHITEISH, x + w / 2 - 40, bar_y + 16, 16, 12, 2)  # camera
    c.poly(WHITEISH, [(x + w / 2 - 24, bar_y + 22), (x + w / 2 - 18, bar_y + 17),
                      (x + w / 2 - 18, bar_y + 27)])
    c.rect(WHITEISH, x + w / 2 + 24, bar_y + 19, 16, 6, 3)  # hang up
    c.rect(WHITEISH, x + w / 2 + 86, bar_y + 16, 20, 13, 3)  # chat
    # the desk edge, keyboard, mug
    c.rect(WOOD, 0, 470, WIDTH, 250)
    c.rect(WOOD_LIGHT, 0, 470, WIDTH, 8)
    c.rect(METAL, 480, 500, 320, 40, 6)
    c.rect(WHITEISH, 1000, 440, 46, 54, 8)
    c.circle(WHITEISH, (1050, 466), 13, 5)


def face_tile(c: Canvas, x: float, y: float, w: float, h: float, seed: int,
              background: RGB) -> None:
    """A colleague in a video tile: shoulders, head, hair, a friendly face."""
    rng = random.Random(seed)
    skin, hair, cloth = rng.choice(SKINS), rng.choice(HAIRS), rng.choice(CLOTHES)
    c.surface.set_clip(pygame.Rect(round(x * SS), round(y * SS), round(w * SS), round(h * SS)))
    c.vgradient(shade(background, 1.08), shade(background, 0.9), x, y, w, h)
    c.rect(shade(background, 0.8), x, y + h * 0.22, w, 4)  # a shelf in their room
    c.rect(shade(background, 1.25), x + w * (0.1 + 0.6 * rng.random()), y + h * 0.1, 14,
           h * 0.12, 2)
    cx, size = x + w / 2, h * 0.3
    head_y = y + h * 0.46
    c.rect(cloth, cx - size * 1.5, head_y + size * 0.8, size * 3, h, round(size))
    c.rect(shade(skin, 0.9), cx - size * 0.25, head_y + size * 0.5, size * 0.5, size * 0.6)
    style = rng.randrange(3)
    if style == 0:  # long
        c.rect(shade(hair, 0.9), cx - size * 0.72, head_y - size * 0.6, size * 1.44,
               size * 1.7, round(size * 0.5))
    c.ellipse(skin, cx - size * 0.6, head_y - size * 0.75, size * 1.2, size * 1.5)
    c.ellipse(hair, cx - size * 0.64, head_y - size * 0.86, size * 1.28, size * 0.8)
    if style == 2:  # a bun
        c.circle(hair, (cx, head_y - size * 0.9), size * 0.3)
    ink = (50, 40, 44)
    for side in (-1, 1):
        c.circle(ink, (cx + side * size * 0.24, head_y + size * 0.02), max(1.5, size * 0.07))
    smile = pygame.Rect(round((cx - size * 0.22) * SS), round((head_y + size * 0.12) * SS),
                        round(size * 0.44 * SS), round(size * 0.3 * SS))
    pygame.draw.arc(c.surface, ink, smile, math.pi * 1.1, math.pi * 1.9,
                    max(2, round(size * 0.06 * SS)))
    c.surface.set_clip(None)


def town_hall(c: Canvas) -> None:
    """The all-hands: a stage with a big screen and a speaker, the audience from behind."""
    c.vgradient(NIGHT, shade(WALL, 0.8), 0, 0, WIDTH, 360)
    c.rect(shade(WALL, 0.72), 0, 360, WIDTH, 360)
    # the big screen
    x, y, w, h = 400, 96, 480, 250
    c.glow((x + w / 2, y + h / 2), 420, SCREEN_GLOW, 40)
    c.rect(NIGHT, x - 8, y - 8, w + 16, h + 16, 6)
    c.vgradient(shade(TEAL, 1.2), shade(SCREEN, 1.2), x, y, w, h)
    c.circle(shade(WHITEISH, 0.95), (x + w / 2, y + 100), 44)  # a logo: linked dots
    c.circle(shade(TEAL, 1.2), (x + w / 2, y + 100), 30)
    for k in range(3):
        a = -math.pi / 2 + k * 2 * math.pi / 3
        px, py = x + w / 2 + math.cos(a) * 16, y + 100 + math.sin(a) * 16
        c.circle(WHITEISH, (px, py), 7)
    c.rect(shade(WHITEISH, 0.9), x + w / 2 - 120, y + 168, 240, 14, 7)
    c.rect(shade(WHITEISH, 0.7), x + w / 2 - 80, y + 194, 160, 10, 5)
    # side banners
    for bx in (200, 1000):
        c.rect(shade(TEAL, 0.8), bx, 110, 80, 210, 4)
        c.rect(shade(TEAL, 1.1), bx + 14, 130, 52, 10, 5)
        c.circle(shade(TEAL, 1.3), (bx + 40, 200), 18, 4)
    # spotlights from the dark ceiling
    beams = c.layer()
    for sx, tx in ((300, 560), (980, 700)):
        beams.poly((250, 226, 180, 255), [(sx - 10, 76), (sx + 10, 76), (tx + 70, 360),
                                           (tx - 70, 360)])
    c.paste(beams, 18)
    for sx in (300, 980):
        c.rect(METAL_DARK, sx - 14, 64, 28, 18, 4)
    # the stage and the speaker at a lectern
    c.rect(WOOD_DARK, 150, 350, 980, 40)
    c.rect(WOOD, 150, 346, 980, 8)
    person(c, 880, 282, 0.62, seed=7)
    c.poly(shade(WOOD, 1.1), [(858, 304), (902, 304), (896, 350), (864, 350)])
    c.rect(WOOD_LIGHT, 852, 298, 56, 8, 2)
    plant(c, 200, 350, 50)
    plant(c, 1080, 350, 50)
    # the audience from behind, rows getting larger towards us
    for row, (yy, scale, count) in enumerate(((392, 0.55, 16), (420, 0.7, 13), (452, 0.9, 10))):
        spacing = WIDTH / count
        for k in range(count + 1):
            person(c, k * spacing + (spacing / 2 if row % 2 else 0) - 10, yy, scale,
                   seed=200 + row * 40 + k, back=True)


def cafe(c: Canvas) -> None:
    """A café: a warm counter with the espresso machine, a menu board, a window, small tables."""
    warm_wall = mix(WALL, (110, 80, 66), 0.28)
    room(c, (110, 60, 1170, 410), wall=warm_wall, side=shade(warm_wall, 0.85))
    # brick pattern on the left part of the wall
    for row, by in enumerate(range(70, 300, 18)):
        offset = 0 if row % 2 else 22
        for bx in range(120 + offset, 520, 44):
            c.rect(shade(warm_wall, 1.05 if (bx + by) % 3 else 1.02), bx, by, 40, 14, 2)
    # menu board
    c.rect(WOOD_DARK, 560, 96, 260, 150, 6)
    c.rect((36, 46, 44), 568, 104, 244, 134, 4)
    for k in range(5):
        c.rect(shade(WHITEISH, 0.72), 588, 126 + k * 22, 120 - (k % 2) * 30, 6, 3)
        c.rect(shade(WARM, 0.8), 760, 126 + k * 22, 30, 6, 3)
    # big window on the right, a street with trees
    x, y, w, h = 880, 100, 250, 250
    c.vgradient(mix(SKY_TOP, (90, 110, 140), 0.5), mix(SKY_LOW, DUSK, 0.3), x, y, w, h)
    c.rect(CITY, x, y + 170, w, 80)
    for k in range(3):
        c.circle(GREEN_DARK, (x + 40 + k * 90, y + 160), 40)
        c.rect(WOOD_DARK, x + 36 + k * 90, y + 180, 8, 50)
    c.rect(WOOD_DARK, x - 6, y - 6, w + 12, 10)
    c.rect(WOOD_DARK, x - 6, y + h - 4, w + 12, 10)
    c.rect(WOOD_DARK, x - 6, y - 6, 10, h + 12)
    c.rect(WOOD_DARK, x + w - 4, y - 6, 10, h + 12)
    c.rect(WOOD_DARK, x + w / 2 - 4, y, 8, h)
    # the barista, then the counter with pastries and the espresso machine
    person(c, 385, 232, 0.9, seed=14, torso=110)
    c.rect(shade(WHITEISH, 0.8), 363, 262, 44, 60, 8)  # apron
    c.rect(WOOD_LIGHT, 130, 322, 640, 12, 3)
    c.rect(WOOD, 136, 334, 628, 110)
    for k in range(6):
        c.rect(WOOD_DARK, 150 + k * 104, 350, 86, 80, 4)
    c.rect(shade(WHITEISH, 0.55), 150, 262, 200, 60, 6)  # a glass case
    for k in range(4):
        c.ellipse(shade(WARM, 0.75 + 0.05 * k), 162 + k * 46, 290, 36, 22)
    glass = c.layer()
    glass.rect((200, 220, 240), 150, 262, 200, 60, 6)
    c.paste(glass, 50)
    c.rect(shade(METAL, 1.25), 420, 244, 190, 78, 12)  # espresso machine
    c.rect(shade(METAL, 1.45), 420, 244, 190, 16, 8)
    for k in range(2):
        gx = 466 + k * 90
        c.rect(METAL_DARK, gx - 16, 266, 32, 14, 4)  # group head
        c.line(NIGHT, (gx, 284), (gx + 34, 290), 7)  # portafilter handle
        c.rect(WHITEISH, gx - 10, 298, 20, 20, 4)  # cup
    c.line(METAL_DARK, (600, 270), (616, 316), 4)  # steam wand
    c.glow((515, 300), 60, WARM, 30)
    for k in range(3):
        c.rect((214, 204, 190), 450 + k * 40, 228, 26, 16, 4)  # cups on top
    c.poly(METAL_DARK, [(660, 262), (700, 262), (690, 300), (670, 300)])  # grinder
    c.poly(shade(WOOD_DARK, 0.9), [(664, 230), (696, 230), (690, 262), (670, 262)])
    c.rect(METAL, 656, 300, 48, 22, 4)
    # warm pendant lamps
    for k in range(4):
        pendant(c, 260 + k * 190, 0, 110 + (k % 2) * 20, 52)
    # small round tables in front
    for tx in (300, 640, 980):
        c.ellipse(WOOD_LIGHT, tx - 80, 430, 160, 26)
        c.rect(WOOD_DARK, tx - 6, 452, 12, 40)
        c.rect(WHITEISH, tx - 30, 418, 22, 20, 4)
        c.circle(WHITEISH, (tx - 6, 428), 6, 2)
    plant(c, 1130, 410, 70, kind="tall")


def home_desk(c: Canvas) -> None:
    """A home-office desk: a window, a laptop, a lamp, shelves and a plant."""
    c.vgradient(shade(mix(WALL, (96, 84, 100), 0.25), 0.8), mix(WALL, (96, 84, 100), 0.25),
                0, 0, WIDTH, 460)
    c.rect(shade(WALL, 0.7), 0, 460, WIDTH, HEIGHT - 460)
    # window with trees and sky
    x, y, w, h = 460, 90, 360, 260
    c.vgradient(mix(SKY_TOP, (96, 128, 160), 0.6), mix(SKY_LOW, DUSK, 0.5), x, y, w, h)
    for k, (tx, r) in enumerate(((500, 60), (600, 80), (730, 66), (800, 50))):
        c.circle(GREEN_DARK if k % 2 else shade(GREEN_DARK, 0.85), (tx, y + h - 40), r)
    c.rect(shade(GREEN_DARK, 0.7), x, y + h - 40, w, 40)
    c.rect(WHITEISH, x - 10, y - 10, w + 20, 12, 2)
    c.rect(WHITEISH, x - 10, y + h - 2, w + 20, 14, 2)
    c.rect(WHITEISH, x - 10, y - 10, 12, h + 20, 2)
    c.rect(WHITEISH, x + w - 2, y - 10, 12, h + 20, 2)
    c.rect(WHITEISH, x + w / 2 - 5, y, 10, h)
    for side in (-1, 1):  # curtains
        cx = x - 40 if side < 0 else x + w + 10
        c.rect(shade(TEAL, 0.85), cx, y - 24, 30, h + 60, 8)
    c.rect(METAL_DARK, x - 60, y - 30, w + 120, 6, 3)
    # shelves and a cork board
    bookshelf(c, 110, 100, 240, 2, seed=9, gap=54)
    c.rect(WOOD_LIGHT, 920, 120, 200, 140, 4)
    c.rect((186, 150, 110), 928, 128, 184, 124, 3)
    rng = random.Random(12)
    for k in range(6):
        colour = rng.choice(((232, 200, 110), (150, 200, 170), (230, 150, 140), WHITEISH))
        nx, ny = 940 + (k % 3) * 58, 140 + (k // 3) * 56
        c.rect(shade(colour, 0.9), nx, ny, 44, 40, 2)
        c.circle((200, 70, 70), (nx + 22, ny + 4), 3)
    # the desk
    c.rect(WOOD_LIGHT, 60, 400, 1160, 16, 4)
    c.rect(WOOD, 70, 416, 1140, 304)
    # laptop
    c.poly(METAL_DARK, [(520, 396), (760, 396), (780, 408), (500, 408)])
    c.rect(METAL_DARK, 530, 250, 220, 146, 8)
    c.rect(SCREEN, 538, 258, 204, 130, 4)
    c.glow((640, 322), 170, SCREEN_GLOW, 38)
    for k in range(4):
        c.rect(shade(SCREEN_GLOW, 0.7), 554, 276 + k * 22, 150 - (k % 2) * 50, 8, 4)
    # desk lamp with a warm light
    c.glow((330, 300), 190, WARM, 60)
    c.rect(METAL_DARK, 300, 390, 70, 10, 5)
    c.line(METAL_DARK, (335, 392), (300, 300), 6)
    c.line(METAL_DARK, (300, 300), (350, 240), 6)
    c.poly(shade(TEAL, 0.9), [(330, 226), (380, 250), (360, 282), (318, 256)])
    c.ellipse(WARM, 328, 258, 40, 16)
    # plant, mug, notebook
    plant(c, 900, 400, 80)
    c.rect(shade(CLOTHES[1], 1.1), 1000, 356, 40, 44, 7)
    c.circle(shade(CLOTHES[1], 1.1), (1044, 376), 11, 4)
    c.poly(shade(WHITEISH, 0.85), [(180, 396), (280, 396), (290, 404), (170, 404)])
    c.poly(TEAL, [(190, 388), (270, 388), (280, 396), (180, 396)])


def lobby(c: Canvas) -> None:
    """The entrance hall: tall windows, a reception desk before a logo wall, sofas, plants."""
    room(c, (100, 40, 1180, 400), wall=shade(WALL, 1.02), floor=mix(FLOOR, WALL_LIGHT, 0.3))
    # tall windows at the left
    for k in range(2):
        city_window(c, 140 + k * 150, 90, 130, 290, seed=21 + k, mullions=1)
    # logo wall and reception desk in the middle
    c.rect(WOOD, 480, 90, 360, 230, 6)
    for k in range(9):
        c.rect(shade(WOOD, 1.08 if k % 2 else 0.94), 480 + k * 40, 90, 40, 230)
    c.circle(shade(WHITEISH, 0.92), (660, 170), 40)
    c.circle(TEAL, (660, 170), 28)
    for k in range(3):
        a = -math.pi / 2 + k * 2 * math.pi / 3
        c.circle(WHITEISH, (660 + math.cos(a) * 15, 170 + math.sin(a) * 15), 6)
    c.rect(shade(WHITEISH, 0.85), 580, 226, 160, 12, 6)
    c.glow((660, 180), 200, WARM, 30)
    person(c, 700, 274, 0.78, seed=8)  # at the reception
    c.rect(shade(WHITEISH, 0.7), 470, 320, 380, 80, 8)
    c.rect(WHITEISH, 466, 314, 388, 12, 6)
    c.rect(TEAL, 470, 356, 380, 6)
    # lifts on the right
    for k in range(2):
        lx = 900 + k * 130
        c.rect(METAL_DARK, lx, 150, 110, 250, 4)
        c.rect(METAL, lx + 6, 156, 47, 244)
        c.rect(shade(METAL, 1.1), lx + 57, 156, 47, 244)
        c.rect(shade(WARM, 0.7), lx + 45, 124, 20, 14, 4)
    # ring lights hanging from the ceiling
    for x in (360, 660, 960):
        c.line(METAL_DARK, (x, 0), (x, 84), 2)
        c.glow((x, 90), 110, WARM, 40)
        c.ellipse(shade(WARM, 0.9), x - 60, 82, 120, 16)
        c.ellipse(shade(WALL, 0.9), x - 52, 85, 104, 10)
    # sofas and plants in front
    for sx in (180, 1000):
        c.rect(shade(TEAL, 0.75), sx, 380, 200, 60, 14)
        c.rect(shade(TEAL, 0.9), sx + 10, 404, 180, 44, 10)
        c.rect(shade(TEAL, 0.7), sx - 6, 396, 24, 56, 10)
        c.rect(shade(TEAL, 0.7), sx + 182, 396, 24, 56, 10)
    plant(c, 440, 430, 90, kind="tall")
    plant(c, 880, 430, 80, kind="tall")
    # a soft reflection of the desk on the polished floor
    shine = c.layer()
    shine.rect((220, 228, 236), 480, 404, 360, 40, 10)
    c.paste(shine, 16)


SCENES: dict[str, Callable[[Canvas], None]] = {
    "open-plan": open_plan, "kitchen": kitchen, "meeting-room": meeting_room,
    "video-call": video_call, "town-hall": town_hall, "cafe": cafe, "desk": home_desk,
    "lobby": lobby,
}


def backdrop(name: str) -> pygame.Surface:
    """One backdrop, 1280x720, opaque."""
    canvas = Canvas()
    SCENES[name](canvas)
    side_shade(canvas)
    top_shade(canvas)
    return pygame.transform.smoothscale(canvas.surface, (WIDTH, HEIGHT))


def make_all(out: Path) -> list[Path]:
    """Write <out>/<name>.png for every scene; returns the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCENES:
        path = out / f"{name}.png"
        pygame.image.save(backdrop(name), str(path))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Draw the scene backdrops (1280x720 PNG, one per scene name) from shapes; "
                    "deterministic, nothing downloaded.")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "assets" / "backdrops",
                        help="folder to write <name>.png into (default: assets/backdrops)")
    args = parser.parse_args(argv)
    paths = make_all(args.out)
    print(f"{len(paths)} backdrops written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
