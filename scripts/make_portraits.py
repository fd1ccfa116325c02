#!/usr/bin/env python3
"""Draw the cast's portraits from simple shapes and save one PNG per mood.

Usage: python scripts/make_portraits.py [--out assets/portraits]
Each character gets neutral.png, happy.png, thinking.png and surprised.png (300x360, transparent).
Drawn at twice the size and scaled down for smooth edges; deterministic, nothing downloaded.
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402

WIDTH, HEIGHT = 300, 360
SCALE = 2
MOODS = ("neutral", "happy", "thinking", "surprised")
INK = (40, 30, 30)


@dataclass(frozen=True)
class Style:
    skin: tuple[int, int, int]
    hair: tuple[int, int, int]
    clothes: tuple[int, int, int]
    hair_style: str  # long, curly, bob, short, bun
    glasses: bool = False
    beard: bool = False
    headset: bool = False
    collar: tuple[int, int, int] = (240, 240, 240)


CAST = {
    "maja": Style((241, 200, 170), (196, 160, 96), (31, 122, 140), "long", glasses=True),
    "jonas": Style((224, 176, 140), (110, 70, 40), (194, 87, 26), "curly", beard=True),
    "elena": Style((236, 196, 176), (190, 190, 196), (123, 75, 183), "bob",
                   collar=(250, 250, 250)),
    "omar": Style((168, 116, 82), (30, 26, 26), (46, 125, 79), "short", headset=True),
    "tove": Style((246, 214, 192), (200, 80, 40), (176, 58, 91), "bun"),
}


def s(value: float) -> int:
    return round(value * SCALE)


def rect(x: float, y: float, w: float, h: float) -> pygame.Rect:
    return pygame.Rect(s(x), s(y), s(w), s(h))


def darker(colour, factor=0.8):
    return tuple(round(c * factor) for c in colour)


def draw_back_hair(canvas: pygame.Surface, style: Style) -> None:
    hair = style.hair
    if style.hair_style == "long":
        pygame.draw.ellipse(canvas, hair, rect(72, 70, 156, 200))
        pygame.draw.rect(canvas, hair, rect(76, 150, 148, 120), border_radius=s(30))
    elif style.hair_style == "bob":
        pygame.draw.ellipse(canvas, hair, rect(78, 68, 144, 170))
    elif style.hair_style == "bun":
        pygame.draw.circle(canvas, hair, (s(150), s(58)), s(34))


def draw_body(canvas: pygame.Surface, style: Style) -> None:
    pygame.draw.rect(canvas, darker(style.skin, 0.92), rect(130, 200, 40, 50))  # neck
    pygame.draw.ellipse(canvas, style.clothes, rect(40, 236, 220, 200))
    pygame.draw.polygon(canvas, style.collar, [(s(126), s(238)), (s(150), s(272)),
                                               (s(174), s(238))])
    if style.hair_style == "bob":  # blazer lapels
        pygame.draw.polygon(canvas, darker(style.clothes, 0.75),
                            [(s(118), s(240)), (s(150), s(300)), (s(132), s(240))])
        pygame.draw.polygon(canvas, darker(style.clothes, 0.75),
                            [(s(182), s(240)), (s(150), s(300)), (s(168), s(240))])


def draw_head(canvas: pygame.Surface, style: Style) -> None:
    pygame.draw.ellipse(canvas, style.skin, rect(92, 84, 116, 140))
    for x in (86, 198):  # ears
        pygame.draw.ellipse(canvas, darker(style.skin, 0.95), rect(x, 146, 18, 30))


def draw_front_hair(canvas: pygame.Surface, style: Style) -> None:
    hair = style.hair
    kind = style.hair_style
    if kind == "long":
        pygame.draw.ellipse(canvas, hair, rect(88, 72, 124, 70))
        pygame.draw.rect(canvas, hair, rect(88, 104, 22, 90), border_radius=s(10))
        pygame.draw.rect(canvas, hair, rect(190, 104, 22, 90), border_radius=s(10))
    elif kind == "curly":
        for x, y in ((104, 96), (124, 82), (150, 78), (176, 82), (196, 96), (96, 116),
                     (204, 116)):
            pygame.draw.circle(canvas, hair, (s(x), s(y)), s(20))
    elif kind == "bob":
        pygame.draw.ellipse(canvas, hair, rect(86, 72, 128, 64))
        pygame.draw.rect(canvas, hair, rect(84, 100, 26, 100), border_radius=s(12))
        pygame.draw.rect(canvas, hair, rect(190, 100, 26, 100), border_radius=s(12))
    elif kind == "short":
        pygame.draw.ellipse(canvas, hair, rect(90, 74, 120, 58))
        pygame.draw.rect(canvas, hair, rect(92, 100, 14, 40), border_radius=s(6))
        pygame.draw.rect(canvas, hair, rect(194, 100, 14, 40), border_radius=s(6))
    elif kind == "bun":
        pygame.draw.ellipse(canvas, hair, rect(90, 76, 120, 56))
    if style.beard:
        pygame.draw.ellipse(canvas, hair, rect(104, 168, 92, 60))
        pygame.draw.ellipse(canvas, style.skin, rect(122, 172, 56, 26))
    if style.headset:
        pygame.draw.arc(canvas, (50, 50, 56), rect(84, 70, 132, 140), 0.2, 2.95, s(6))
        pygame.draw.ellipse(canvas, (50, 50, 56), rect(80, 140, 24, 40))
        pygame.draw.line(canvas, (50, 50, 56), (s(94), s(176)), (s(128), s(204)), s(4))
        pygame.draw.circle(canvas, (50, 50, 56), (s(130), s(204)), s(6))


def draw_face(canvas: pygame.Surface, style: Style, mood: str) -> None:
    eye_y = 152
    look = 5 if mood == "thinking" else 0
    size = 9 if mood == "surprised" else 7
    for x in (128, 172):
        pygame.draw.ellipse(canvas, (255, 255, 255), rect(x - 11, eye_y - size, 22, 2 * size))
        pygame.draw.circle(canvas, INK, (s(x + look), s(eye_y)), s(5))
        pygame.draw.circle(canvas, (255, 255, 255), (s(x + look + 2), s(eye_y - 2)), s(1.5))
    brow_lift = {"surprised": 10, "happy": 3}.get(mood, 0)
    for n, x in enumerate((128, 172)):
        lift = brow_lift + (8 if mood == "thinking" and n == 1 else 0)
        tilt = 3 if mood == "thinking" and n == 0 else 0
        pygame.draw.line(canvas, darker(style.hair, 0.7),
                         (s(x - 12), s(eye_y - 16 - lift + tilt)),
                         (s(x + 12), s(eye_y - 18 - lift)), s(3.5))
    if style.glasses:
        for x in (128, 172):
            pygame.draw.circle(canvas, (60, 60, 70), (s(x), s(eye_y)), s(16), s(3))
        pygame.draw.line(canvas, (60, 60, 70), (s(144), s(eye_y)), (s(156), s(eye_y)), s(3))
    pygame.draw.arc(canvas, darker(style.skin, 0.8), rect(143, 158, 14, 22), 3.6, 5.8, s(2.5))
    mouth_y = 192
    if mood == "happy":
        pygame.draw.ellipse(canvas, (150, 50, 60), rect(130, mouth_y - 8, 40, 22))
        pygame.draw.rect(canvas, style.skin, rect(128, mouth_y - 10, 44, 11))
        pygame.draw.ellipse(canvas, (240, 150, 150), rect(104, 170, 20, 10))
        pygame.draw.ellipse(canvas, (240, 150, 150), rect(176, 170, 20, 10))
    elif mood == "surprised":
        pygame.draw.ellipse(canvas, (120, 40, 50), rect(140, mouth_y - 8, 20, 24))
    elif mood == "thinking":
        pygame.draw.line(canvas, (150, 70, 70), (s(140), s(mouth_y + 2)),
                         (s(164), s(mouth_y - 3)), s(3.5))
    else:
        pygame.draw.arc(canvas, (150, 70, 70), rect(134, mouth_y - 12, 32, 18), 3.5, 5.9, s(3))


def portrait(style: Style, mood: str) -> pygame.Surface:
    canvas = pygame.Surface((s(WIDTH), s(HEIGHT)), pygame.SRCALPHA)
    draw_back_hair(canvas, style)
    draw_body(canvas, style)
    draw_head(canvas, style)
    draw_front_hair(canvas, style)
    draw_face(canvas, style, mood)
    if mood == "thinking":  # a hand at the chin
        pygame.draw.ellipse(canvas, style.skin, rect(168, 206, 40, 34))
        pygame.draw.rect(canvas, style.clothes, rect(176, 232, 26, 60), border_radius=s(10))
    return pygame.transform.smoothscale(canvas, (WIDTH, HEIGHT))


def make_all(out: Path) -> list[Path]:
    pygame.init()
    written = []
    for name, style in CAST.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        for mood in MOODS:
            path = folder / f"{mood}.png"
            pygame.image.save(portrait(style, mood), str(path))
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent
                        / "assets" / "portraits", help="folder to write into")
    args = parser.parse_args(argv)
    paths = make_all(args.out)
    print(f"{len(paths)} portraits written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
