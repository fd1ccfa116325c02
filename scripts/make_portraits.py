#!/usr/bin/env python3
"""Draw the LearnSocial cast as flat, friendly waist-up portraits, one PNG per mood and frame.

Usage:
    python scripts/make_portraits.py [--out assets/portraits]

Every character (the cast of chapters/course/en.yaml) gets <out>/<id>/<mood>.png and
<out>/<id>/<mood>-talk.png for the moods neutral, happy, thinking and surprised: 400x600 px,
transparent background, head, shoulders, arms and hands down to the waist in a modern flat style,
clothing in the character's accent colour. The talk frame is the same picture with the mouth
open (only MOUTH_BOX changes), so the player can alternate the two while a line is spoken. The
bottom FADE rows fade out to transparent, so the figure never ends in a hard edge.

Everything is drawn from shapes and gradients; nothing is downloaded, no font is needed and
nothing is random, so the same script always writes the same files. Each portrait is drawn four
times larger and scaled down, which gives smooth edges; colours are bled outwards first so the
edges carry no dark fringe.

The file reads top to bottom: the data (one Look per character, one Expression per mood), small
drawing helpers, one function per feature, and portrait(), which stacks them back to front.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame

RGB = tuple[int, int, int]
Point = tuple[float, float]

WIDTH, HEIGHT = 400, 600  # the picture, in pixels
# Drawn this many times larger, then scaled down for smooth edges. A power of two: smoothscale
# turns full opacity into 253 when shrinking by three.
SUPERSAMPLE = 4
ZOOM = 1.1  # design units are shown this much larger
SCALE = SUPERSAMPLE * ZOOM  # drawing pixels per design unit
MOODS = ("neutral", "happy", "thinking", "surprised")  # as in learnsocial.content.schema
FRAMES = ("", "-talk")  # <mood>.png and <mood>-talk.png
FADE = 80  # the bottom rows that fade out to transparent

HEAD_X, HEAD_Y = 150.0, 146.0  # centre of the head
HEAD_RX, HEAD_TOP, HEAD_BOTTOM = 54.0, 64.0, 76.0  # half width, crown and chin distance
EYE_Y, EYE_DX = 154.0, 23.0  # eye line and half the distance between the eyes
MOUTH_Y = 197.0
SHOULDER_Y = 250.0
WAIST_Y = 540.0
# The design point at the picture's top-left corner: the head centred, a little room above the
# highest hair (Tove's bun).
ORIGIN_X, ORIGIN_Y = HEAD_X - WIDTH / ZOOM / 2, 30.0


def to_picture(x: float, y: float) -> tuple[int, int]:
    """A design point in picture pixels (for anchors and tests)."""
    return round((x - ORIGIN_X) * ZOOM), round((y - ORIGIN_Y) * ZOOM)




def picture_box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
    """A design rectangle in picture pixels as (x, y, w, h)."""
    (left, top), (right, bottom) = to_picture(x0, y0), to_picture(x1, y1)
    return left, top, right - left, bottom - top


# Where things are in the picture, in pixels (for the UI and the tests).
MOUTH_BOX = picture_box(HEAD_X - 26, MOUTH_Y - 13, HEAD_X + 26, MOUTH_Y + 30)  # all talk changes
FACE_BOX = picture_box(HEAD_X - 62, EYE_Y - 46, HEAD_X + 62, MOUTH_Y + 32)  # eyes, brows, mouth
HEAD_TOP_Y = to_picture(HEAD_X, HEAD_Y - HEAD_TOP)[1]  # the crown; hair may rise above it
CHIN_Y = to_picture(HEAD_X, HEAD_Y + HEAD_BOTTOM)[1]
SHOULDERS_Y = to_picture(HEAD_X, SHOULDER_Y)[1]
WAIST = to_picture(HEAD_X, WAIST_Y)  # centre of the waist, inside the fade

INK = (40, 32, 38)
WHITE = (255, 255, 255)
MOUTH = (112, 38, 52)
TONGUE = (232, 118, 124)
BLUSH = (242, 112, 112)
BACKDROP = (30, 42, 58)  # #1E2A3A, where the portraits appear; fills invisible pixels only


def hex_rgb(text: str) -> RGB:
    value = text.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@dataclass(frozen=True)
class Look:
    """How one character is drawn: colours, hair style, outfit and accessories."""

    skin: RGB
    hair: RGB
    eyes: RGB
    clothes: RGB  # the character's accent colour
    hair_style: str  # long | curly | bob | short | bun
    outfit: str  # sweater | hoodie | blazer | shirt | turtleneck
    brows: RGB | None = None  # defaults to a darker shade of the hair
    brow_width: float = 4.0
    face_width: float = 1.0
    shoulders: float = 1.0
    glasses: bool = False
    beard: bool = False
    headset: bool = False
    freckles: bool = False
    pose: str = "clasped"  # tablet | mug | clasped | phone | crossed (what the arms do)


CAST: dict[str, Look] = {
    # Your guide: long dark-blond hair, glasses, teal sweater, a tablet to show things on.
    "maja": Look(skin=(245, 209, 184), hair=(160, 118, 64), eyes=(70, 116, 150),
                 clothes=hex_rgb("#1F7A8C"), hair_style="long", outfit="sweater",
                 brows=(122, 86, 50), brow_width=3.6, face_width=0.97, shoulders=0.96,
                 glasses=True, pose="tablet"),
    # Community manager: short curly brown hair, beard, burnt-orange hoodie, a coffee mug.
    "jonas": Look(skin=(214, 158, 116), hair=(88, 56, 36), eyes=(92, 60, 36),
                  clothes=hex_rgb("#C2571A"), hair_style="curly", outfit="hoodie",
                  brow_width=4.6, face_width=1.04, shoulders=1.06, beard=True, pose="mug"),
    # Managing director: short grey bob, purple blazer over a white blouse, hands clasped.
    "elena": Look(skin=(232, 192, 160), hair=(186, 188, 196), eyes=(92, 112, 72),
                  clothes=hex_rgb("#7B4BB7"), hair_style="bob", outfit="blazer",
                  brows=(118, 114, 120), brow_width=3.4, face_width=0.95, shoulders=1.0,
                  pose="clasped"),
    # Sales: black hair, headset, green shirt, phone in one hand, the other explaining.
    "omar": Look(skin=(132, 86, 58), hair=(30, 26, 28), eyes=(54, 34, 24),
                 clothes=hex_rgb("#2E7D4F"), hair_style="short", outfit="shirt",
                 brows=(34, 24, 22), brow_width=4.8, face_width=1.02, shoulders=1.04,
                 headset=True, pose="phone"),
    # Finance, the healthy sceptic: red hair in a bun, freckles, turtleneck, crossed arms.
    "tove": Look(skin=(250, 222, 204), hair=(194, 82, 42), eyes=(70, 124, 92),
                 clothes=hex_rgb("#B03A5B"), hair_style="bun", outfit="turtleneck",
                 brows=(160, 70, 40), brow_width=3.6, face_width=0.96, shoulders=0.94,
                 freckles=True, pose="crossed"),
}


@dataclass(frozen=True)
class Expression:
    """What one mood does to the face."""

    eye_open: float  # height of the eye white, as a share of its width
    eye_size: float  # scale of the whole eye
    iris: float  # iris radius
    look: Point  # how far the irises move (x, y)
    brow_lift: tuple[float, float]  # how far the left and right brow rise
    brow_arch: tuple[float, float]  # how much each brow curves
    brow_tilt: tuple[float, float]  # + lowers the inner end, - raises it
    mouth: str  # smile | grin | hmm | oh
    blush: int  # alpha of the cheeks
    squint: bool = False  # cheeks push the lower lids up
    hand_at_chin: bool = False


EXPRESSIONS: dict[str, Expression] = {
    "neutral": Expression(eye_open=0.74, eye_size=1.0, iris=6.4, look=(0, 0.5),
                          brow_lift=(0, 0), brow_arch=(3, 3), brow_tilt=(0, 0),
                          mouth="smile", blush=50),
    "happy": Expression(eye_open=0.78, eye_size=1.0, iris=6.6, look=(0, 0.5),
                        brow_lift=(4, 4), brow_arch=(4.5, 4.5), brow_tilt=(-0.5, -0.5),
                        mouth="grin", blush=110, squint=True),
    "thinking": Expression(eye_open=0.68, eye_size=0.97, iris=6.0, look=(4.2, -2.6),
                           brow_lift=(-1.5, 8), brow_arch=(1.5, 6), brow_tilt=(1.5, -1),
                           mouth="hmm", blush=40, hand_at_chin=True),
    "surprised": Expression(eye_open=0.96, eye_size=1.14, iris=5.6, look=(0, 0),
                            brow_lift=(10, 10), brow_arch=(6.5, 6.5), brow_tilt=(-1.5, -1.5),
                            mouth="oh", blush=60),
}


# --- colours and geometry ----------------------------------------------------------------------

def mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t)  # type: ignore[return-value]
                 for x, y in zip(a, b, strict=True))


def shade(colour: RGB, factor: float) -> RGB:
    """Darker below 1 (multiplied), lighter above 1 (mixed towards white)."""
    if factor >= 1:
        return mix(colour, WHITE, factor - 1)
    return tuple(round(c * factor) for c in colour)  # type: ignore[return-value]


def px(value: float) -> int:
    """A length in drawing pixels."""
    return round(value * SCALE)


def px_x(x: float) -> int:
    return round((x - ORIGIN_X) * SCALE)


def px_y(y: float) -> int:
    return round((y - ORIGIN_Y) * SCALE)


def to_px(point: Point) -> tuple[int, int]:
    return px_x(point[0]), px_y(point[1])


def mirror(points: Sequence[Point]) -> list[Point]:
    return [(2 * HEAD_X - x, y) for x, y in points]


def bezier(controls: Sequence[Point], steps: int = 28) -> list[Point]:
    """Points along the Bezier curve through the control points (any degree)."""
    out = []
    for i in range(steps + 1):
        t = i / steps
        pts = list(controls)
        while len(pts) > 1:
            pts = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
                   for a, b in pairwise(pts)]
        out.append(pts[0])
    return out


def superellipse(centre: Point, a: float, b: float, power: float = 3.0,
                 steps: int = 72) -> list[Point]:
    """A closed rounded-square outline (power 2 is an ellipse, higher is squarer)."""
    out = []
    for i in range(steps + 1):
        t = 2 * math.pi * i / steps
        c, s = math.cos(t), math.sin(t)
        out.append((centre[0] + a * math.copysign(abs(c) ** (2 / power), c),
                    centre[1] + b * math.copysign(abs(s) ** (2 / power), s)))
    return out


def head_point(look: Look, t: float, grow: float = 0.0) -> Point:
    """A point on the head outline; t in radians (0 right, pi/2 chin, -pi/2 crown)."""
    s, c = math.sin(t), math.cos(t)
    rx = HEAD_RX * look.face_width + grow
    if s < 0:
        return HEAD_X + rx * c, HEAD_Y + (HEAD_TOP + grow) * s
    taper = 1 - 0.24 * s ** 2  # narrower towards the chin
    return HEAD_X + rx * c * taper, HEAD_Y + (HEAD_BOTTOM + grow) * s


def head_arc(look: Look, t0: float, t1: float, grow: float = 0.0, steps: int = 48) -> list[Point]:
    return [head_point(look, t0 + (t1 - t0) * i / steps, grow) for i in range(steps + 1)]


# --- drawing helpers (design units in, SCALE times as many pixels out) -------------------------

def new_layer() -> pygame.Surface:
    return pygame.Surface((WIDTH * SUPERSAMPLE, HEIGHT * SUPERSAMPLE), pygame.SRCALPHA)


def polygon(surface: pygame.Surface, colour: RGB | tuple[int, int, int, int],
            points: Sequence[Point]) -> None:
    pygame.draw.polygon(surface, colour, [to_px(p) for p in points])


def ellipse(surface: pygame.Surface, colour: RGB | tuple[int, int, int, int], centre: Point,
            rx: float, ry: float) -> None:
    cx, cy = centre
    pygame.draw.ellipse(surface, colour, pygame.Rect(px_x(cx - rx), px_y(cy - ry), px(2 * rx),
                                                     px(2 * ry)))


def rounded_rect(surface: pygame.Surface, colour: RGB, x: float, y: float, w: float, h: float,
                 radius: float) -> None:
    pygame.draw.rect(surface, colour, pygame.Rect(px_x(x), px_y(y), px(w), px(h)),
                     border_radius=px(radius))


def stroke(surface: pygame.Surface, colour: RGB | tuple[int, int, int, int],
           points: Sequence[Point], width: float, taper: float = 0.0) -> None:
    """A smooth line with round ends along points; taper (0..1) thins both ends."""
    lengths = [math.dist(a, b) for a, b in pairwise(points)]
    total = sum(lengths) or 1.0
    step = max(0.3 / SCALE, width * 0.12)
    travelled = 0.0
    for (a, b), length in zip(pairwise(points), lengths, strict=True):
        n = max(1, math.ceil(length / step))
        for i in range(n + 1):
            f = i / n
            t = (travelled + length * f) / total
            radius = width / 2 * (1 - taper * (2 * t - 1) ** 2)
            centre = (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)
            pygame.draw.circle(surface, colour, to_px(centre), max(1, px(radius)))
        travelled += length


def clip_to(detail: pygame.Surface, shape: pygame.Surface) -> pygame.Surface:
    """Keep detail only where shape is opaque (shading, highlights, irises)."""
    mask = shape.copy()
    mask.fill((255, 255, 255, 0), special_flags=pygame.BLEND_RGBA_MAX)
    detail.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    return detail


def gradient(shape: pygame.Surface, top: RGB, bottom: RGB, y0: float, y1: float) -> None:
    """Colour a shape drawn in white with a vertical gradient from y0 to y1."""
    ramp = pygame.Surface(shape.get_size(), pygame.SRCALPHA)
    for y in range(ramp.get_height()):
        t = min(1.0, max(0.0, (y / SCALE + ORIGIN_Y - y0) / (y1 - y0)))
        pygame.draw.line(ramp, mix(top, bottom, t), (0, y), (ramp.get_width(), y))
    shape.blit(ramp, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)


def head_shape(look: Look, grow: float = 0.0) -> list[Point]:
    return head_arc(look, 0, 2 * math.pi, grow, steps=96)


def brow_colour(look: Look) -> RGB:
    return look.brows or shade(look.hair, 0.7)


# --- back to front: hair behind, body, head, face, hair in front, accessories, arms ------------

def draw_back_hair(canvas: pygame.Surface, look: Look) -> None:
    back = shade(look.hair, 0.8)
    right_x = HEAD_X + HEAD_RX * look.face_width
    if look.hair_style == "long":
        side = bezier([(right_x + 9, HEAD_Y), (right_x + 18, 230), (right_x + 8, 286)])
        bottom = bezier([(right_x + 8, 286), (HEAD_X, 300), (2 * HEAD_X - right_x - 8, 286)])
        polygon(canvas, back, head_arc(look, math.pi, 2 * math.pi, grow=9) + side + bottom
                + mirror(side)[::-1])
    elif look.hair_style == "bob":
        side = bezier([(right_x + 13, HEAD_Y), (right_x + 16, 196), (right_x + 8, 214)])
        polygon(canvas, back, head_arc(look, math.pi, 2 * math.pi, grow=13) + side
                + mirror(side)[::-1])
    elif look.hair_style == "bun":
        x, y = HEAD_X + 2, HEAD_Y - HEAD_TOP - 8  # centre of the bun
        ellipse(canvas, look.hair, (x, y), 25, 23)
        swirl = bezier([(x - 14, y - 2), (x - 4, y - 22), (x + 16, y - 6), (x + 2, y + 4)])
        stroke(canvas, shade(look.hair, 0.8), swirl, 2.6, taper=0.8)
        highlight = bezier([(x - 16, y - 10), (x - 8, y - 20), (x + 6, y - 20)])
        stroke(canvas, shade(look.hair, 1.3), highlight, 3, taper=0.9)


def draw_neck(canvas: pygame.Surface, look: Look) -> None:
    neck = new_layer()
    rounded_rect(neck, shade(look.skin, 0.94), HEAD_X - 20, 190, 40, 90, 6)
    shadow = new_layer()
    ellipse(shadow, shade(look.skin, 0.8), (HEAD_X, 206), 30, 18)
    neck.blit(clip_to(shadow, neck), (0, 0))
    canvas.blit(neck, (0, 0))


def half_width(look: Look) -> float:
    """Half the width of the shoulders."""
    return 112 * look.shoulders


def torso_outline(look: Look) -> list[Point]:
    """Rounded shoulders, sides narrowing a little to the waist and on past the frame."""
    half = half_width(look)
    radius = 48 if look.outfit == "blazer" else 62
    corner = [(HEAD_X - half + radius - radius * math.sin(a),
               SHOULDER_Y + radius - radius * math.cos(a))
              for a in (math.pi / 2 * i / 12 for i in range(13))]
    side = bezier([(HEAD_X - half, SHOULDER_Y + radius), (HEAD_X - half * 0.96, 430),
                   (HEAD_X - half * 0.86, WAIST_Y), (HEAD_X - half * 0.9, 640)], steps=20)
    left = corner + side
    return left + mirror(left)[::-1]


def torso_layer(look: Look) -> pygame.Surface:
    torso = new_layer()
    polygon(torso, WHITE, torso_outline(look))
    gradient(torso, shade(look.clothes, 1.12), shade(look.clothes, 0.8), SHOULDER_Y, WAIST_Y)
    return torso


def pocket_shape() -> list[Point]:
    """The hoodie's front pocket; its slanted sides are the openings."""
    return [(HEAD_X - 60, 452), (HEAD_X + 60, 452), (HEAD_X + 84, 548), (HEAD_X - 84, 548)]


def draw_pocket(canvas: pygame.Surface, look: Look) -> None:
    cloth = look.clothes
    polygon(canvas, shade(cloth, 0.88), pocket_shape())
    top_left, top_right, bottom_right, bottom_left = pocket_shape()
    stroke(canvas, shade(cloth, 0.66), [top_left, top_right], 2)
    for a, b in ((top_left, bottom_left), (top_right, bottom_right)):
        stroke(canvas, shade(cloth, 0.6), [a, b], 3.4)  # the openings


def draw_torso(canvas: pygame.Surface, look: Look) -> None:
    torso = torso_layer(look)
    detail = new_layer()
    cloth = look.clothes
    dark, light = shade(cloth, 0.72), shade(cloth, 1.25)
    if look.outfit == "sweater":
        ellipse(detail, dark, (HEAD_X, SHOULDER_Y - 2), 33, 22)
        ellipse(detail, shade(look.skin, 0.94), (HEAD_X, SHOULDER_Y - 4), 26, 16)
        for x in range(-96, 100, 8):  # ribbed hem
            stroke(detail, shade(cloth, 0.86), [(HEAD_X + x, 520), (HEAD_X + x, 600)], 2)
    elif look.outfit == "hoodie":
        hood = bezier([(HEAD_X - 56, SHOULDER_Y + 4), (HEAD_X, SHOULDER_Y + 52),
                       (HEAD_X + 56, SHOULDER_Y + 4)])
        polygon(detail, dark, [(HEAD_X - 54, SHOULDER_Y - 6)] + hood
                + [(HEAD_X + 54, SHOULDER_Y - 6)])
        ellipse(detail, shade(look.skin, 0.94), (HEAD_X, SHOULDER_Y - 2), 24, 15)
        for side in (-1, 1):
            string = bezier([(HEAD_X + side * 14, SHOULDER_Y + 14), (HEAD_X + side * 17, 300),
                             (HEAD_X + side * 15, 340)])
            stroke(detail, shade(cloth, 1.45), string, 3)
            rounded_rect(detail, (236, 236, 240), HEAD_X + side * 15 - 3, 338, 6, 11, 2)
    elif look.outfit == "blazer":
        blouse = [(HEAD_X - 30, SHOULDER_Y - 4), (HEAD_X + 30, SHOULDER_Y - 4), (HEAD_X, 400)]
        polygon(detail, (246, 244, 248), blouse)
        ellipse(detail, shade(look.skin, 0.94), (HEAD_X, SHOULDER_Y - 6), 20, 12)
        for side in (-1, 1):
            lapel = [(HEAD_X + side * 22, SHOULDER_Y - 6), (HEAD_X + side * 46, SHOULDER_Y + 10),
                     (HEAD_X + side * 32, 318), (HEAD_X + side * 42, 330), (HEAD_X, 416),
                     (HEAD_X + side * 4, 416)]
            polygon(detail, dark, lapel)
        stroke(detail, dark, [(HEAD_X + 2, 416), (HEAD_X + 8, 600)], 2)
        for y in (440, 500):
            ellipse(detail, shade(cloth, 0.6), (HEAD_X + 14, y), 3.4, 3.4)
    elif look.outfit == "shirt":
        polygon(detail, shade(look.skin, 0.94),
                [(HEAD_X - 18, SHOULDER_Y - 4), (HEAD_X + 18, SHOULDER_Y - 4), (HEAD_X, 286)])
        stroke(detail, dark, [(HEAD_X, 286), (HEAD_X, 600)], 2)
        for y in range(300, 580, 28):
            ellipse(detail, light, (HEAD_X + 5, y), 2.6, 2.6)
        rounded_rect(detail, shade(cloth, 0.9), HEAD_X + 34, 318, 36, 40, 4)  # breast pocket
        rounded_rect(detail, shade(cloth, 1.05), HEAD_X + 34, 318, 36, 8, 3)
        for side in (-1, 1):
            collar = [(HEAD_X + side * 20, SHOULDER_Y - 10), (HEAD_X + side * 40, SHOULDER_Y + 2),
                      (HEAD_X + side * 28, 292), (HEAD_X, 286)]
            polygon(detail, light, collar)
            stroke(detail, dark, [(HEAD_X + side * 40, SHOULDER_Y + 2), (HEAD_X + side * 28, 292),
                                  (HEAD_X, 286)], 1.6)
    elif look.outfit == "turtleneck":
        rounded_rect(detail, light, HEAD_X - 30, SHOULDER_Y - 4, 60, 14, 7)
    canvas.blit(torso, (0, 0))
    canvas.blit(clip_to(detail, torso), (0, 0))
    if look.outfit == "hoodie":
        draw_pocket(canvas, look)
    if look.outfit == "turtleneck":
        rounded_rect(canvas, shade(cloth, 1.08), HEAD_X - 24, 212, 48, SHOULDER_Y - 206, 10)
        for y in (224, 236):
            stroke(canvas, shade(cloth, 0.88), [(HEAD_X - 20, y), (HEAD_X + 20, y)], 2)


# --- arms and hands ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Arm:
    """One arm as three design points and what its hand does there."""

    shoulder: Point
    elbow: Point
    wrist: Point
    hand: str  # grip | clasp-back | clasp-front | mug | phone | palm | pocket | hold-arm


@dataclass(frozen=True)
class Pose:
    """The arms in drawing order; one_by_one draws each forearm with its hand before the next
    (arms that cross), otherwise all forearms, then the prop, then all hands."""

    arms: tuple[Arm, ...]
    prop: str | None = None  # tablet | tucked-tablet
    one_by_one: bool = False


def shoulder(look: Look, side: int) -> Point:
    return HEAD_X + side * (half_width(look) - 24), 292.0


def elbow(look: Look, side: int, out: float = 6.0, y: float = 424.0) -> Point:
    """The elbow out units inside (+) or outside (-) the edge of the shoulders."""
    return HEAD_X + side * (half_width(look) - out), y


def pose_for(look: Look, mood: Expression) -> Pose:
    left, right = -1, 1  # as seen: the character's right arm is on our left
    if mood.hand_at_chin:  # the left arm goes up to the chin (drawn later); the right one:
        if look.pose == "mug":
            return Pose((Arm(shoulder(look, right), elbow(look, right, -2, 432),
                             (222.0, 384.0), "mug"),))
        across = Arm(shoulder(look, right), elbow(look, right, 2, 438), (110.0, 452.0),
                     "hold-arm")
        return Pose((across,), prop="tucked-tablet" if look.pose == "tablet" else None)
    if look.pose == "tablet":
        return Pose((Arm(shoulder(look, left), elbow(look, left, 4), (98.0, 452.0), "grip"),
                     Arm(shoulder(look, right), elbow(look, right, 4), (202.0, 452.0), "grip")),
                    prop="tablet")
    if look.pose == "mug":
        return Pose((Arm(shoulder(look, left), elbow(look, left, 2, 426), (98.0, 484.0),
                         "pocket"),
                     Arm(shoulder(look, right), elbow(look, right, -2, 432), (222.0, 384.0),
                         "mug")), one_by_one=True)
    if look.pose == "phone":
        return Pose((Arm(shoulder(look, left), elbow(look, left, 2, 428), (108.0, 470.0),
                         "phone"),
                     Arm(shoulder(look, right), elbow(look, right, -4, 432), (236.0, 396.0),
                         "palm")))
    if look.pose == "crossed":
        return Pose((Arm(shoulder(look, right), elbow(look, right, 2, 440), (88.0, 404.0),
                         "hold-arm"),
                     Arm(shoulder(look, left), elbow(look, left, 2, 444), (212.0, 410.0),
                         "hold-arm")), one_by_one=True)
    return Pose((Arm(shoulder(look, left), elbow(look, left, 8, 428), (132.0, 474.0),
                     "clasp-back"),
                 Arm(shoulder(look, right), elbow(look, right, 8, 428), (168.0, 474.0),
                     "clasp-front")))


SLEEVE, SLEEVE_EDGE = 36.0, 4.0  # sleeve width and its darker outline


def cuff_colour(look: Look) -> RGB:
    return {"blazer": (246, 244, 248), "shirt": shade(look.clothes, 1.2)}.get(
        look.outfit, shade(look.clothes, 0.8))


def draw_upper_arm(canvas: pygame.Surface, look: Look, arm: Arm) -> None:
    path = [arm.shoulder, arm.elbow]
    stroke(canvas, shade(look.clothes, 0.62), path, SLEEVE + SLEEVE_EDGE + 2)
    stroke(canvas, shade(look.clothes, 0.96), path, SLEEVE + 2)


def draw_forearm(canvas: pygame.Surface, look: Look, arm: Arm) -> None:
    (ex, ey), (wx, wy) = arm.elbow, arm.wrist
    stroke(canvas, shade(look.clothes, 0.62), [arm.elbow, arm.wrist], SLEEVE + SLEEVE_EDGE)
    stroke(canvas, shade(look.clothes, 1.02), [arm.elbow, arm.wrist], SLEEVE)
    length = math.hypot(wx - ex, wy - ey) or 1.0
    dx, dy = (wx - ex) / length, (wy - ey) / length
    if arm.hand != "pocket":  # a flat band across the end of the sleeve
        nx, ny = -dy * (SLEEVE / 2 - 1), dx * (SLEEVE / 2 - 1)
        near, far = (wx - dx * 10, wy - dy * 10), (wx - dx * 2, wy - dy * 2)
        polygon(canvas, cuff_colour(look), [(near[0] + nx, near[1] + ny),
                                            (far[0] + nx, far[1] + ny),
                                            (far[0] - nx, far[1] - ny),
                                            (near[0] - nx, near[1] - ny)])


def finger_lines(canvas: pygame.Surface, look: Look, lines: Sequence[tuple[Point, Point]]) -> None:
    for a, b in lines:
        stroke(canvas, shade(look.skin, 0.78), [a, b], 1.6)


def draw_hand(canvas: pygame.Surface, look: Look, arm: Arm) -> None:
    x, y = arm.wrist
    toward = 1 if x < HEAD_X else -1  # which way is the middle of the body
    edge, skin = shade(look.skin, 0.76), look.skin

    def both(draw) -> None:  # a darker edge, then the skin over it
        draw(edge, 1.3)
        draw(skin, 0.0)

    if arm.hand == "grip":  # fingers round the edge of something held upright
        both(lambda c, g: rounded_rect(canvas, c, x - 13 - g, y - 22 - g, 30 + 2 * g,
                                       38 + 2 * g, 11 + g))
        edge_x = x + toward * 10
        finger_lines(canvas, look, [((edge_x - 6, y - 10 + 9 * i), (edge_x + 6, y - 10 + 9 * i))
                                    for i in range(3)])
    elif arm.hand == "hold-arm":  # a hand round the other arm, fingers curling
        hx = x + toward * 12
        both(lambda c, g: rounded_rect(canvas, c, hx - 14 - g, y - 15 - g, 28 + 2 * g,
                                       30 + 2 * g, 11 + g))
        finger_lines(canvas, look, [((hx + toward * (9 - i * 6), y + 1),
                                     (hx + toward * (9 - i * 6), y + 13)) for i in range(3)])
    elif arm.hand == "clasp-back":
        both(lambda c, g: rounded_rect(canvas, c, HEAD_X - 32 - g, y - 15 - g, 56 + 2 * g,
                                       32 + 2 * g, 15 + g))
    elif arm.hand == "clasp-front":  # lies over the other hand, fingers pointing across
        both(lambda c, g: rounded_rect(canvas, c, HEAD_X - 18 - g, y - 20 - g, 52 + 2 * g,
                                       30 + 2 * g, 14 + g))
        finger_lines(canvas, look, [((HEAD_X - 6 + 9 * i, y - 15), (HEAD_X - 6 + 9 * i, y + 3))
                                    for i in range(3)])
        thumb = bezier([(HEAD_X + 22, y - 17), (HEAD_X + 10, y - 27), (HEAD_X - 6, y - 22)])
        stroke(canvas, edge, thumb, 11.6)
        stroke(canvas, skin, thumb, 9)
    elif arm.hand == "mug":
        mug = mix(look.clothes, WHITE, 0.82)
        rounded_rect(canvas, shade(mug, 0.8), x - 44, y - 66, 48, 58, 8)
        rounded_rect(canvas, mug, x - 42, y - 64, 44, 54, 7)
        ellipse(canvas, shade(mug, 0.7), (x - 20, y - 63), 20, 4.5)
        ellipse(canvas, (92, 58, 40), (x - 20, y - 62.5), 17.5, 3.4)  # the coffee
        rounded_rect(canvas, look.clothes, x - 42, y - 44, 44, 10, 0)  # a stripe in his colour
        both(lambda c, g: rounded_rect(canvas, c, x - 12 - g, y - 46 - g, 28 + 2 * g,
                                       40 + 2 * g, 11 + g))
        finger_lines(canvas, look, [((x - 10, y - 36 + 9 * i), (x + 3, y - 36 + 9 * i))
                                    for i in range(3)])
    elif arm.hand == "phone":
        rounded_rect(canvas, (40, 44, 54), x - 14, y - 60, 36, 62, 6)
        rounded_rect(canvas, (84, 132, 176), x - 10, y - 56, 28, 50, 3)
        rounded_rect(canvas, (160, 196, 226), x - 6, y - 51, 20, 7, 2)
        rounded_rect(canvas, (130, 170, 206), x - 6, y - 39, 14, 5, 2)
        rounded_rect(canvas, (130, 170, 206), x - 6, y - 30, 18, 5, 2)
        both(lambda c, g: rounded_rect(canvas, c, x - 16 - g, y - 16 - g, 36 + 2 * g,
                                       28 + 2 * g, 11 + g))
        finger_lines(canvas, look, [((x + 4 + 7 * i, y - 14), (x + 4 + 7 * i, y - 4))
                                    for i in range(2)])
        thumb = bezier([(x - 14, y - 8), (x - 12, y - 20), (x - 4, y - 28)])
        stroke(canvas, edge, thumb, 11.6)
        stroke(canvas, skin, thumb, 9)
    elif arm.hand == "palm":  # an open hand raised while explaining, palm to us
        cx, cy = x + 2, y - 20
        fingers = [((cx - 9 + 6 * i, cy - 6), (cx - 14 + 9.5 * i, cy - 38 + abs(i - 1.6) * 5))
                   for i in range(4)]
        thumb = bezier([(cx - 8, cy + 8), (cx - 22, cy + 2), (cx - 28, cy - 12)])
        for colour, extra in ((edge, 2.6), (skin, 0.0)):
            for a, b in fingers:
                stroke(canvas, colour, [a, b], 9 + extra)
            stroke(canvas, colour, thumb, 10 + extra)
            ellipse(canvas, colour, (cx, cy), 16 + extra / 2, 18 + extra / 2)
        stroke(canvas, shade(look.skin, 0.84), bezier([(cx - 10, cy + 6), (cx - 2, cy - 2),
                                                        (cx + 10, cy - 6)]), 1.6, taper=0.6)


def draw_tablet(canvas: pygame.Surface, look: Look, tucked: bool = False) -> None:
    """Maja's tablet: held out to show us the screen, or tucked under the arm."""
    frame = (44, 48, 58)
    if tucked:
        polygon(canvas, frame, [(96, 404), (204, 396), (210, 476), (100, 486)])
        polygon(canvas, shade(look.clothes, 0.7), [(100, 408), (200, 400), (205, 472),
                                                   (104, 481)])
        return
    rounded_rect(canvas, frame, HEAD_X - 66, 394, 132, 100, 10)
    rounded_rect(canvas, (236, 240, 246), HEAD_X - 58, 402, 116, 84, 4)
    rounded_rect(canvas, look.clothes, HEAD_X - 58, 402, 116, 16, 3)  # our network, on screen
    for i in range(3):
        y = 426 + i * 20
        ellipse(canvas, mix(look.clothes, WHITE, 0.3 + 0.2 * i), (HEAD_X - 44, y + 5), 6, 6)
        rounded_rect(canvas, (196, 204, 216), HEAD_X - 32, y, 70 - i * 12, 4, 2)
        rounded_rect(canvas, (214, 220, 230), HEAD_X - 32, y + 7, 50, 3, 1.5)


def draw_arms(canvas: pygame.Surface, look: Look, pose: Pose, hands: bool = True) -> None:
    """Upper arms, then forearms, props and hands in the pose's order; hands=False leaves the
    hands for later (one that holds an arm drawn after it)."""
    for arm in pose.arms:
        draw_upper_arm(canvas, look, arm)
    if pose.prop == "tucked-tablet":
        draw_tablet(canvas, look, tucked=True)
    if pose.one_by_one:
        for arm in pose.arms:
            draw_forearm(canvas, look, arm)
            if arm.hand == "pocket":
                draw_pocket(canvas, look)
            else:
                draw_hand(canvas, look, arm)
        return
    for arm in pose.arms:
        draw_forearm(canvas, look, arm)
    if pose.prop == "tablet":
        draw_tablet(canvas, look)
    if hands:
        for arm in pose.arms:
            draw_hand(canvas, look, arm)


def draw_head(canvas: pygame.Surface, look: Look) -> pygame.Surface:
    """Ears and face; returns the face as a layer for clipping details to it."""
    rx = HEAD_RX * look.face_width
    for side in (-1, 1):
        centre = (HEAD_X + side * (rx - 1), 164)
        ellipse(canvas, shade(look.skin, 0.94), centre, 8.5, 12.5)
        ellipse(canvas, shade(look.skin, 0.8), (centre[0] + side * 1.5, centre[1]), 3.8, 7)
    face = new_layer()
    polygon(face, look.skin, head_shape(look))
    shadow = new_layer()  # a crescent of shadow on the side away from the light
    polygon(shadow, shade(look.skin, 0.95), head_shape(look))
    polygon(shadow, (0, 0, 0, 0), [(x - 7, y - 2) for x, y in head_shape(look)])
    face.blit(clip_to(shadow, face), (0, 0))
    canvas.blit(face, (0, 0))
    return face


def draw_cheeks(canvas: pygame.Surface, look: Look, face: pygame.Surface,
                mood: Expression) -> None:
    cheeks = new_layer()
    luminance = (0.3 * look.skin[0] + 0.59 * look.skin[1] + 0.11 * look.skin[2]) / 255
    alpha = round(mood.blush * min(1.0, max(0.55, luminance * 1.25)))  # subtler on darker skin
    for side in (-1, 1):
        ellipse(cheeks, (*mix(look.skin, BLUSH, 0.6), alpha),
                (HEAD_X + side * 33, 184), 12, 7.5)
    if look.freckles:
        for x, y in ((-40, 176), (-33, 180), (-26, 175), (-36, 186), (-29, 184), (-8, 170),
                     (-4, 176)):
            for side in (-1, 1):
                ellipse(cheeks, (*shade(look.skin, 0.72), 200), (HEAD_X + side * -x, y), 1.5, 1.5)
    canvas.blit(clip_to(cheeks, face), (0, 0))


def draw_eye(canvas: pygame.Surface, look: Look, mood: Expression, side: int) -> None:
    cx = HEAD_X + side * EYE_DX
    rx = 10.5 * mood.eye_size
    ry = rx * mood.eye_open
    eye = new_layer()
    ellipse(eye, WHITE, (cx, EYE_Y), rx, ry)
    iris = new_layer()
    ix, iy = cx + mood.look[0], EYE_Y + mood.look[1]
    ellipse(iris, look.eyes, (ix, iy), mood.iris, mood.iris)
    ellipse(iris, INK, (ix, iy), mood.iris * 0.55, mood.iris * 0.55)
    ellipse(iris, WHITE, (ix + mood.iris * 0.38, iy - mood.iris * 0.42), 1.9, 1.9)
    eye.blit(clip_to(iris, eye), (0, 0))
    if mood.squint:  # raised cheeks: the lower lid curves up
        ellipse(eye, (0, 0, 0, 0), (cx, EYE_Y + ry + 2.6), rx * 1.5, ry * 1.05)
    canvas.blit(eye, (0, 0))
    arc = (math.pi * (0.06 + 0.88 * i / 24) for i in range(25))  # the upper lid
    lid = [(cx - (rx + 1.5) * math.cos(a), EYE_Y - ry * math.sin(a) - 0.6) for a in arc]
    stroke(canvas, INK, lid, 2.8, taper=0.55)
    lash = (cx + side * (rx + 0.5), EYE_Y - ry * 0.35)  # a little flick at the outer corner
    stroke(canvas, INK, [lash, (lash[0] + side * 3, lash[1] - 2.4)], 2.2, taper=0.4)
    if mood.squint:
        lower = bezier([(cx - rx * 0.9, EYE_Y + 4.5), (cx, EYE_Y - 1.5),
                        (cx + rx * 0.9, EYE_Y + 4.5)])
        stroke(canvas, shade(look.skin, 0.72), lower, 1.6, taper=0.8)


def draw_brow(canvas: pygame.Surface, look: Look, mood: Expression, side: int) -> None:
    index = 0 if side < 0 else 1
    cx = HEAD_X + side * EYE_DX
    base = EYE_Y - 19 - mood.brow_lift[index]
    tilt = mood.brow_tilt[index]
    inner = (cx - side * 11, base + tilt)
    outer = (cx + side * 13, base + 2 - tilt * 0.5)
    top = (cx + side * 2, base - mood.brow_arch[index])
    stroke(canvas, brow_colour(look), bezier([inner, top, outer]), look.brow_width, taper=0.5)


def draw_nose(canvas: pygame.Surface, look: Look) -> None:
    tint = shade(look.skin, 0.8)
    ellipse(canvas, shade(look.skin, 0.9), (HEAD_X, 180), 7.5, 4.5)
    stroke(canvas, tint, bezier([(HEAD_X - 6, 180), (HEAD_X, 186), (HEAD_X + 6, 180)]), 2.2,
           taper=0.6)
    ellipse(canvas, shade(look.skin, 1.12), (HEAD_X - 2.5, 176.5), 2.2, 1.6)


def draw_mouth(canvas: pygame.Surface, look: Look, mood: Expression,
               talking: bool = False) -> None:
    """The mood's mouth; talking opens it mid-word (a frame to alternate with while speaking)."""
    line = mix(shade(look.skin, 0.5), (150, 46, 60), 0.45)
    y = MOUTH_Y
    if talking:
        open_mouth(canvas, *TALKING[mood.mouth])
    elif mood.mouth == "smile":
        stroke(canvas, line, bezier([(HEAD_X - 12, y), (HEAD_X, y + 6), (HEAD_X + 12, y)]), 3,
               taper=0.5)
    elif mood.mouth == "hmm":
        curve = bezier([(HEAD_X - 3, y + 2), (HEAD_X + 6, y + 3.5), (HEAD_X + 14, y - 1.5)])
        stroke(canvas, line, curve, 3, taper=0.5)
    elif mood.mouth == "grin":
        open_mouth(canvas, HEAD_X, 18, -3, 20, teeth=6)
    elif mood.mouth == "oh":
        mouth = new_layer()
        ellipse(mouth, MOUTH, (HEAD_X, y + 4), 8, 10)
        inside = new_layer()
        ellipse(inside, TONGUE, (HEAD_X, y + 14), 7, 5)
        mouth.blit(clip_to(inside, mouth), (0, 0))
        canvas.blit(mouth, (0, 0))


# The mouth while talking, per mood's mouth: (centre x, half width, corner lift, depth, teeth)
# where teeth is how far the upper teeth reach below the corners (0: none shown).
TALKING: dict[str, tuple[float, float, float, float, float]] = {
    "smile": (HEAD_X, 12, -1, 13, 3),
    "grin": (HEAD_X, 15, -2, 11, 3.5),
    "hmm": (HEAD_X + 6, 8, 0, 10, 0),
    "oh": (HEAD_X, 10, 2, 19, 0),
}


def open_mouth(canvas: pygame.Surface, cx: float, half: float, lift: float, depth: float,
               teeth: float = 6) -> None:
    """An open mouth: a gently curved top lip line, a round lower edge, teeth and tongue."""
    y = MOUTH_Y
    top = bezier([(cx - half, y + lift), (cx, y + lift + 4), (cx + half, y + lift)])
    bottom = bezier([(cx + half, y + lift), (cx + half * 0.55, y + depth),
                     (cx - half * 0.55, y + depth), (cx - half, y + lift)])
    mouth = new_layer()
    polygon(mouth, MOUTH, top + bottom)
    inside = new_layer()
    if teeth:
        rounded_rect(inside, WHITE, cx - half - 2, y + lift - 8, 2 * half + 4, 8 + teeth, 0)
    ellipse(inside, TONGUE, (cx, y + depth - 1), half * 0.58, depth * 0.32)
    mouth.blit(clip_to(inside, mouth), (0, 0))
    canvas.blit(mouth, (0, 0))


def draw_front_hair(canvas: pygame.Surface, look: Look) -> None:
    hair, dark, light = look.hair, shade(look.hair, 0.78), shade(look.hair, 1.25)
    rx = HEAD_RX * look.face_width
    left_x, right_x = HEAD_X - rx, HEAD_X + rx
    layer = new_layer()
    detail = new_layer()
    style = look.hair_style
    if style == "long":  # parted on her right, a soft fringe, long locks over the shoulders
        outer = bezier([(right_x + 8, HEAD_Y), (right_x + 12, 230), (right_x + 14, 296)])
        tip = bezier([(right_x + 14, 296), (right_x + 4, 312), (HEAD_X + 42, 300)])
        inner = bezier([(HEAD_X + 42, 300), (HEAD_X + 36, 236), (right_x - 4, 196),
                        (right_x - 3, 150)])
        fringe = (bezier([(right_x - 3, 150), (right_x - 2, 116), (HEAD_X + 20, 100),
                          (HEAD_X - 12, 98)])
                  + bezier([(HEAD_X - 12, 98), (HEAD_X - 30, 116), (left_x + 6, 128),
                            (left_x + 3, 150)]))
        polygon(layer, hair, head_arc(look, math.pi, 2 * math.pi, grow=8) + outer + tip + inner
                + fringe + mirror(inner)[::-1] + mirror(tip)[::-1] + mirror(outer)[::-1])
        stroke(detail, light, bezier([(HEAD_X - 18, 90), (HEAD_X + 12, 84), (right_x - 6, 104)]),
               4, taper=0.9)
        stroke(detail, dark, bezier([(HEAD_X - 12, 99), (HEAD_X - 16, 90), (HEAD_X - 14, 82)]),
               2, taper=0.7)
        for side in (-1, 1):
            x = HEAD_X + side * (rx + 6)
            stroke(detail, light, bezier([(x, 214), (x + side * 4, 250), (x + side * 3, 290)]),
                   2.4, taper=0.9)
            stroke(detail, dark, bezier([(x - side * 8, 236), (x - side * 6, 262),
                                         (x - side * 4, 296)]), 1.8, taper=0.9)
    elif style == "curly":
        hairline = (bezier([(right_x - 1, 146), (right_x - 4, 108), (HEAD_X, 108)])
                    + bezier([(HEAD_X, 108), (left_x + 4, 108), (left_x + 1, 146)]))
        polygon(layer, hair, head_arc(look, math.pi - 0.05, 2 * math.pi + 0.05, grow=3)
                + hairline)
        curls = [head_point(look, math.pi + 0.2 + i * (math.pi - 0.4) / 10, grow=3)
                 for i in range(11)]
        for i, (x, y) in enumerate(curls):
            radius = 12.5 if i % 2 else 14
            ellipse(layer, hair, (x, y), radius, radius)
            stroke(detail, light, bezier([(x - 6, y - 3), (x - 2, y - 8), (x + 5, y - 7)]), 2.2,
                   taper=0.9)
        for x in (HEAD_X - 26, HEAD_X - 9, HEAD_X + 9, HEAD_X + 26):  # fringe curls
            ellipse(layer, hair, (x, 108), 10.5, 9)
            stroke(detail, dark, bezier([(x - 5, 109), (x, 114), (x + 6, 109)]), 1.8, taper=0.8)
        for side in (-1, 1):  # sideburns into the beard
            x = HEAD_X + side * (rx - 3)
            polygon(layer, hair, [(x - 6, 130), (x + 6, 130), (x + 5, 172), (x - 4, 172)])
    elif style == "bob":  # a side-swept fringe, ends curling under at the jaw
        side_edge = bezier([(right_x + 13, HEAD_Y), (right_x + 17, 196), (right_x + 8, 216),
                            (right_x - 4, 206)])
        inner = (bezier([(right_x - 4, 206), (right_x - 2, 150), (right_x - 8, 114),
                         (HEAD_X + 22, 98)])
                 + bezier([(HEAD_X + 22, 98), (HEAD_X - 6, 112), (left_x + 2, 132),
                           (left_x + 4, 206)]))
        outer = head_arc(look, math.pi, 2 * math.pi, grow=13) + side_edge
        inner = inner + mirror(side_edge)[::-1]
        polygon(layer, hair, outer + inner)
        for offset in (0, 12):
            stroke(detail, dark, bezier([(HEAD_X + 22 - offset * 0.3, 100 + offset * 0.4),
                                         (HEAD_X - 8 - offset, 106 + offset),
                                         (left_x + 2 - offset * 0.2, 138 + offset * 2)]),
                   1.8, taper=0.8)
        stroke(detail, light, bezier([(HEAD_X + 6, 88), (HEAD_X + 30, 82), (right_x + 2, 104)]),
               5, taper=0.9)
        shine = bezier([(right_x + 8, 140), (right_x + 11, 172), (right_x + 6, 200)])
        stroke(detail, light, shine, 3, taper=0.9)
    elif style == "short":  # neat crop with a little volume on top
        outer = head_arc(look, math.pi + 0.2, 2 * math.pi - 0.2, grow=5)
        outer = [(x, y - 5 * max(0.0, 1 - abs(x - HEAD_X - 6) / 50) ** 2) for x, y in outer]
        hairline = [(right_x - 1, 128), (right_x - 6, 112), (HEAD_X + 20, 104), (HEAD_X + 4, 106),
                    (HEAD_X - 20, 103), (left_x + 6, 112), (left_x + 1, 128)]
        polygon(layer, hair, outer + hairline)
        for side in (-1, 1):
            x = HEAD_X + side * (rx - 2)
            polygon(layer, hair, [(x - 4, 118), (x + 4, 118), (x + 3, 150), (x - 2, 150)])
        stroke(detail, light, bezier([(HEAD_X - 26, 90), (HEAD_X, 80), (HEAD_X + 28, 88)]), 4,
               taper=0.9)
    elif style == "bun":  # pulled back, a few loose strands at the temples
        outer = head_arc(look, math.pi + 0.08, 2 * math.pi - 0.08, grow=4)
        hairline = (bezier([(right_x, 138), (right_x - 3, 108), (HEAD_X + 2, 104)])
                    + bezier([(HEAD_X + 2, 104), (left_x + 3, 108), (left_x, 138)]))
        polygon(layer, hair, outer + hairline)
        rounded_rect(layer, shade(look.clothes, 1.1), HEAD_X - 13, HEAD_Y - HEAD_TOP - 9, 28, 8, 4)
        for dx in (-30, -12, 8, 28):
            stroke(detail, dark, bezier([(HEAD_X + dx * 1.2, 108), (HEAD_X + dx, 96),
                                         (HEAD_X + dx * 0.35, HEAD_Y - HEAD_TOP - 2)]),
                   1.8, taper=0.8)
        stroke(detail, light, bezier([(HEAD_X - 34, 100), (HEAD_X - 20, 86), (HEAD_X + 2, 84)]),
               4, taper=0.9)
        for side in (-1, 1):
            wisp = bezier([(HEAD_X + side * (rx - 6), 112), (HEAD_X + side * (rx - 2), 136),
                           (HEAD_X + side * (rx - 9), 160)])
            stroke(layer, hair, wisp, 3, taper=0.8)
    canvas.blit(layer, (0, 0))
    canvas.blit(clip_to(detail, layer), (0, 0))


def draw_beard(canvas: pygame.Surface, look: Look) -> None:
    beard = new_layer()
    polygon(beard, look.hair, head_shape(look, grow=2))
    ellipse(beard, (0, 0, 0, 0), (HEAD_X, 148), 50, 41)  # the face above the jaw line
    ellipse(beard, (0, 0, 0, 0), (HEAD_X, MOUTH_Y + 5), 21, 11)  # around the mouth
    moustache = bezier([(HEAD_X - 19, MOUTH_Y - 2), (HEAD_X - 10, 182), (HEAD_X, 188),
                        (HEAD_X + 10, 182), (HEAD_X + 19, MOUTH_Y - 2)])
    polygon(beard, look.hair, moustache + [(HEAD_X + 6, MOUTH_Y - 5), (HEAD_X - 6, MOUTH_Y - 5)])
    texture = new_layer()
    for i, dx in enumerate(range(-36, 40, 12)):  # a few short strands
        x, y = HEAD_X + dx, 224 - abs(dx) * 0.5
        strand = bezier([(x - 3, y - 12), (x, y - 6), (x + 2 * (i % 2), y)])
        stroke(texture, shade(look.hair, 1.16), strand, 1.8, taper=0.9)
    beard.blit(clip_to(texture, beard), (0, 0))
    canvas.blit(beard, (0, 0))


def draw_glasses(canvas: pygame.Surface, look: Look) -> None:
    frame = (56, 44, 48)
    glint = new_layer()
    for side in (-1, 1):
        cx = HEAD_X + side * EYE_DX
        stroke(canvas, frame, superellipse((cx, EYE_Y + 0.5), 17, 13.5), 2.8)
        stroke(glint, (255, 255, 255, 70), [(cx + 5, EYE_Y - 9), (cx + 12, EYE_Y - 2)], 3)
        temple_x = HEAD_X + side * HEAD_RX * look.face_width
        stroke(canvas, frame, [(cx + side * 17, EYE_Y - 6), (temple_x, EYE_Y - 8)], 2.4)
    stroke(canvas, frame, bezier([(HEAD_X - 6, EYE_Y - 4), (HEAD_X, EYE_Y - 8),
                                  (HEAD_X + 6, EYE_Y - 4)]), 2.6)
    canvas.blit(glint, (0, 0))


def draw_headset(canvas: pygame.Surface, look: Look) -> None:
    metal, pad = (46, 50, 58), (78, 84, 94)
    rx = HEAD_RX * look.face_width
    band = head_arc(look, math.pi - 0.05, 2 * math.pi + 0.05, grow=10)
    stroke(canvas, metal, band, 6.5)
    stroke(canvas, pad, head_arc(look, math.pi + 0.7, 2 * math.pi - 0.7, grow=10), 2.4)
    left_x, right_x = HEAD_X - rx - 4, HEAD_X + rx + 4
    rounded_rect(canvas, metal, left_x - 10, 144, 20, 38, 9)
    rounded_rect(canvas, pad, left_x + 4, 148, 8, 30, 4)
    ellipse(canvas, shade(look.clothes, 1.5), (left_x - 3, 152), 2.2, 2.2)  # a little light
    rounded_rect(canvas, metal, right_x - 6, 150, 12, 26, 6)
    boom = bezier([(left_x - 2, 178), (left_x + 4, 204), (HEAD_X - 26, 206), (HEAD_X - 20, 204)])
    stroke(canvas, metal, boom, 3.4)
    rounded_rect(canvas, metal, HEAD_X - 26, 199.5, 12, 9, 4.5)


def chin_arm(look: Look) -> Arm:
    """Thinking: the left arm (as seen) comes up from the waist, the fist under the chin."""
    return Arm(shoulder(look, -1), (100.0, 446.0), (136.0, 258.0), "fist")


def draw_hand_at_chin(canvas: pygame.Surface, look: Look) -> None:
    """The chin resting on a loose fist (curled fingers to the front), the forearm from below."""
    arm = chin_arm(look)
    draw_upper_arm(canvas, look, arm)
    draw_forearm(canvas, look, arm)
    edge, skin = shade(look.skin, 0.76), look.skin
    ellipse(canvas, edge, (140, 244), 17, 17)
    ellipse(canvas, skin, (140, 244), 15.5, 15.5)
    for i in reversed(range(4)):  # index finger on top, just under the chin
        x, y, w = 121 + i * 1.5, 224 + i * 7.6, 31 - i * 3
        rounded_rect(canvas, edge, x - 1.2, y - 1.2, w + 2.4, 10.4, 5.2)
        rounded_rect(canvas, skin, x, y, w, 8, 4)
    thumb = bezier([(150, 252), (158, 244), (157, 234)])
    stroke(canvas, edge, thumb, 10.4)
    stroke(canvas, skin, thumb, 8)


def portrait(look: Look, mood_name: str, talking: bool = False) -> pygame.Surface:
    """One character in one mood, 400x600 with a transparent background; talking opens the
    mouth and changes nothing else."""
    mood = EXPRESSIONS[mood_name]
    pose = pose_for(look, mood)
    canvas = new_layer()
    draw_back_hair(canvas, look)
    draw_neck(canvas, look)
    draw_torso(canvas, look)
    draw_arms(canvas, look, pose, hands=not mood.hand_at_chin or look.pose == "mug")
    face = draw_head(canvas, look)
    draw_cheeks(canvas, look, face, mood)
    draw_nose(canvas, look)
    if look.beard:
        draw_beard(canvas, look)
    draw_mouth(canvas, look, mood, talking)
    for side in (-1, 1):
        draw_eye(canvas, look, mood, side)
    if look.glasses:
        draw_glasses(canvas, look)
    draw_front_hair(canvas, look)
    for side in (-1, 1):
        draw_brow(canvas, look, mood, side)
    if look.headset:
        draw_headset(canvas, look)
    if mood.hand_at_chin:
        draw_hand_at_chin(canvas, look)
        for arm in pose.arms:  # the other hand holds the raised elbow, in front of it
            if arm.hand == "hold-arm":
                draw_hand(canvas, look, arm)
    return fade_bottom(downscale(canvas))


def downscale(canvas: pygame.Surface) -> pygame.Surface:
    """Scale the drawing down to the picture.

    smoothscale averages colour and alpha separately, so transparent pixels would darken the
    edges; copying the colours a few pixels outwards first keeps the edges clean.
    """
    bled = pygame.Surface(canvas.get_size(), pygame.SRCALPHA)
    bled.fill((*BACKDROP, 255))
    for reach in (2 * SUPERSAMPLE, SUPERSAMPLE):
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)):
            bled.blit(canvas, (dx * reach, dy * reach))
    bled.blit(canvas, (0, 0))
    alpha = canvas.copy()
    alpha.fill((255, 255, 255, 0), special_flags=pygame.BLEND_RGBA_MAX)
    bled.blit(alpha, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    return pygame.transform.smoothscale(bled, (WIDTH, HEIGHT))


def fade_bottom(picture: pygame.Surface) -> pygame.Surface:
    """The last FADE rows fade out (smoothly, to nothing in the last row)."""
    ramp = pygame.Surface(picture.get_size(), pygame.SRCALPHA)
    ramp.fill((255, 255, 255, 255))
    for row in range(FADE):
        t = row / (FADE - 1)  # 0 at the top of the fade, 1 in the last row
        keep = 1 - t * t * (3 - 2 * t)
        y = HEIGHT - FADE + row
        pygame.draw.line(ramp, (255, 255, 255, round(255 * keep)), (0, y), (WIDTH, y))
    picture.blit(ramp, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    return picture


def make_all(out: Path, cast: dict[str, Look] | None = None) -> list[Path]:
    """Write <out>/<id>/<mood>.png and <mood>-talk.png for every character and mood; returns
    the paths."""
    written = []
    for name, look in (cast or CAST).items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        for mood in MOODS:
            for suffix in FRAMES:
                path = folder / f"{mood}{suffix}.png"
                pygame.image.save(portrait(look, mood, talking=bool(suffix)), str(path))
                written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Draw the cast's waist-up portraits (per character and mood a PNG and a "
                    "talking frame, 400x600, transparent) from shapes; deterministic, nothing "
                    "downloaded.")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "assets" / "portraits",
                        help="folder to write <id>/<mood>.png and <id>/<mood>-talk.png into "
                             "(default: assets/portraits)")
    args = parser.parse_args(argv)
    paths = make_all(args.out)
    print(f"{len(paths)} portraits written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
