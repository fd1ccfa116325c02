"""Draws a ShootingGallery as a fairground stall and turns mouse and keys into its actions."""
from __future__ import annotations

import math
import random

import pygame

from learnsocial.games import gallery
from learnsocial.games.base import Phase
from learnsocial.i18n import _
from learnsocial.ui.sound import Sounds
from learnsocial.ui.theme import BODY, HEIGHT, SMALL, WIDTH, Colour, Theme, shade
from learnsocial.ui.widgets import ACTIVATE_KEYS, selection_step

FIELD = pygame.Rect(40, 196, int(gallery.FIELD_WIDTH), int(gallery.FIELD_HEIGHT))
BANNER = pygame.Rect(120, 70, WIDTH - 240, 112)
SHAKE_S = 0.25


def to_field(pos: tuple[int, int]) -> tuple[float, float]:
    return (pos[0] - FIELD.left) * gallery.FIELD_WIDTH / FIELD.width, \
        (pos[1] - FIELD.top) * gallery.FIELD_HEIGHT / FIELD.height


def to_screen(x: float, y: float) -> tuple[int, int]:
    return round(FIELD.left + x * FIELD.width / gallery.FIELD_WIDTH), \
        round(FIELD.top + y * FIELD.height / gallery.FIELD_HEIGHT)


class GalleryView:
    """Attributes down (the rules state), actions up (hover, select, shoot)."""

    def __init__(self, rules: gallery.ShootingGallery, sounds: Sounds, theme: Theme,
                 reduced_motion: bool = False):
        self.rules = rules
        self.sounds = sounds
        self.theme = theme
        self.reduced_motion = reduced_motion
        self.crosshair: tuple[int, int] | None = None
        self.particles: list[list[float]] = []  # x, y, vx, vy, life, r, g, b
        self.shake = 0.0
        self.flash: tuple[str, str] | None = None  # (kind, answer id) of the last decisive shot
        self._labels: dict[str, pygame.Surface] = {}
        self._fx = random.Random(7)  # cosmetic only; never affects the rules

    # -- input --------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        rules = self.rules
        if event.type == pygame.MOUSEMOTION:
            self.crosshair = event.pos
            rules.hover(*to_field(event.pos)) if FIELD.collidepoint(event.pos) \
                else rules.hover(None, None)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.crosshair = event.pos
            if FIELD.collidepoint(event.pos):
                rules.shoot_at(*to_field(event.pos))
        elif event.type == pygame.KEYDOWN:
            step = selection_step(event)
            if step:
                rules.select_next(step)
            elif event.key in ACTIVATE_KEYS:
                rules.shoot_selected()
            if rules.selected is not None:
                self.crosshair = None

    def focus_label(self) -> str | None:
        rules = self.rules
        if rules.selected is None or rules.selected >= len(rules.targets):
            return rules.question.prompt if rules.question else None
        return rules.targets[rules.selected].answer.text

    def target_centre(self, answer_id: str) -> tuple[int, int] | None:
        """Where a target is on screen now (used by the demo driver to aim like a mouse)."""
        for target in self.rules.targets:
            if target.answer.id == answer_id:
                return to_screen(target.x + gallery.TARGET_WIDTH / 2,
                                 target.y + gallery.TARGET_HEIGHT / 2)
        return None

    # -- time ---------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        self.rules.advance(dt)
        for shot in self.rules.take_shots():
            self._react(shot)
        self.shake = max(0.0, self.shake - dt)
        for p in self.particles:
            p[0] += p[2] * dt
            p[1] += p[3] * dt
            p[3] += 600 * dt
            p[4] -= dt
        self.particles = [p for p in self.particles if p[4] > 0]
        if self.rules.phase == Phase.PLAYING:
            self.flash = None

    def _react(self, shot: gallery.Shot) -> None:
        if shot.kind in ("hit", "wrong", "timeout"):
            self.flash = (shot.kind, shot.answer_id)
        x, y = to_screen(shot.x, shot.y)
        self.sounds.play({"hit": "hit", "wrong": "wrong", "timeout": "fail"}.get(shot.kind, "miss"))
        if shot.kind == "hit":
            self._burst(x, y, self.theme.SUCCESS, 26)
        elif shot.kind == "wrong":
            self._burst(x, y, self.theme.ERROR, 14)
            if not self.reduced_motion:
                self.shake = SHAKE_S
        elif shot.kind == "miss":
            self._burst(x, y, self.theme.DUST, 6)

    def _burst(self, x: int, y: int, colour: Colour, count: int) -> None:
        for _i in range(count):
            angle = self._fx.uniform(0, 2 * math.pi)
            speed = self._fx.uniform(80, 260)
            self.particles.append([x, y, math.cos(angle) * speed, math.sin(angle) * speed - 120,
                                   self._fx.uniform(0.35, 0.7), *colour])

    # -- drawing ------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        offset = (0, 0)
        if self.shake > 0:
            offset = (round(math.sin(self.shake * 90) * 6), 0)
        self.theme.gradient(surface, self.theme.STALL_TOP, self.theme.STALL_BOTTOM)
        self._draw_awning(surface)
        self._draw_banner(surface)
        self._draw_rails(surface, offset)
        self._draw_targets(surface, offset)
        self._draw_counter(surface)
        for p in self.particles:
            pygame.draw.circle(surface, (int(p[5]), int(p[6]), int(p[7])), (p[0], p[1]),
                               max(1, round(5 * p[4] / 0.7)))
        self._draw_crosshair(surface)
        self._draw_hud(surface)

    def _draw_awning(self, surface: pygame.Surface) -> None:
        theme = self.theme
        stripe = 80
        for i in range(WIDTH // stripe + 1):
            colour = theme.AWNING_A if i % 2 == 0 else theme.AWNING_B
            pygame.draw.rect(surface, colour, (i * stripe, 0, stripe, 44))
            pygame.draw.circle(surface, colour, (i * stripe + stripe // 2, 44), stripe // 2 - 2,
                               draw_top_left=False, draw_top_right=False,
                               draw_bottom_left=True, draw_bottom_right=True)

    def _draw_banner(self, surface: pygame.Surface) -> None:
        theme = self.theme
        rules = self.rules
        theme.panel(surface, BANNER, theme.PANEL, border=theme.WOOD)
        question = rules.question
        count = _("Question {current} / {total}").format(
            current=min(rules.index + 1, rules.question_count), total=rules.question_count)
        theme.text(surface, count, (BANNER.left + 20, BANNER.top + 10), SMALL,
                   theme.TEXT_DIM)
        if question is None:
            return
        message = self._feedback_text()
        if message:
            kind, text = message
            mark = theme.check_mark if kind == "hit" else theme.cross_mark
            mark(surface, (BANNER.left + 40, BANNER.centery + 8), 18)
            theme.block(surface, text, pygame.Rect(BANNER.left + 72, BANNER.top + 30,
                                                   BANNER.width - 100, 64), 22, bold=True,
                        max_lines=2, min_size=SMALL, container=BANNER)
        else:
            theme.block(surface, question.prompt, pygame.Rect(BANNER.left + 20, BANNER.top + 30,
                                                              BANNER.width - 40, 64), 22,
                        bold=True, max_lines=2, min_size=SMALL, container=BANNER)
        bar = pygame.Rect(BANNER.left + 12, BANNER.bottom - 12, BANNER.width - 24, 6)
        if rules.time_limit is not None:
            fraction = rules.time_left_fraction
            colour = theme.SUCCESS if fraction > 0.5 else theme.WARNING if fraction > 0.2 \
                else theme.ERROR
            pygame.draw.rect(surface, theme.BACKGROUND_LOW, bar, border_radius=3)
            pygame.draw.rect(surface, colour, (bar.left, bar.top, round(bar.width * fraction),
                                               bar.height), border_radius=3)

    def _feedback_text(self) -> tuple[str, str] | None:
        rules = self.rules
        if rules.phase != Phase.FEEDBACK or not rules.items:
            return None
        last = rules.items[-1]
        if last.correct:
            return "hit", _("Right! {points} points").format(points=last.points)
        if not last.response_id:
            return "timeout", _("Time is up. The answer: {answer}").format(
                answer=last.right_answer)
        return "wrong", _("Not quite. The answer: {answer}").format(answer=last.right_answer)

    def _draw_rails(self, surface: pygame.Surface, offset: tuple[int, int]) -> None:
        theme = self.theme
        for row_y in gallery.ROW_Y:
            _x, y = to_screen(0, row_y + gallery.TARGET_HEIGHT / 2 + 6)
            rail = pygame.Rect(FIELD.left - 20 + offset[0], y, FIELD.width + 40, 10)
            pygame.draw.rect(surface, theme.WOOD_DARK, rail, border_radius=4)
            pygame.draw.line(surface, theme.WOOD, rail.topleft, rail.topright, 2)

    def _label(self, answer: gallery.Answer) -> pygame.Surface:
        """The answer text rendered once per question, so moving targets stay cheap and crisp."""
        theme = self.theme
        key = answer.id + "\0" + answer.text
        if key not in self._labels:
            width = round(gallery.TARGET_WIDTH * FIELD.width / gallery.FIELD_WIDTH) - 28
            block = theme.lay_out(answer.text, width, 20, bold=True, max_lines=3, min_size=14)
            image = pygame.Surface((width, block.height), pygame.SRCALPHA)
            theme.block(image, block, pygame.Rect(0, 0, width, block.height),
                        colour=theme.BOARD_TEXT, align="center")
            self._labels[key] = image
        return self._labels[key]

    def _draw_targets(self, surface: pygame.Surface, offset: tuple[int, int]) -> None:
        theme = self.theme
        rules = self.rules
        clip = surface.get_clip()
        surface.set_clip(FIELD.inflate(0, 40))
        for index, target in enumerate(rules.targets):
            left, top = to_screen(target.x, target.y)
            right, bottom = to_screen(target.x + gallery.TARGET_WIDTH,
                                      target.y + gallery.TARGET_HEIGHT)
            board = pygame.Rect(left + offset[0], top, right - left, bottom - top)
            pygame.draw.rect(surface, theme.WOOD_DARK, (board.centerx - 5, board.bottom, 10, 8))
            face = theme.BOARD if index != rules.hovered else shade(theme.BOARD, 1.05)
            theme.panel(surface, board, face, radius=10, border=theme.BOARD_EDGE, width=3)
            pygame.draw.circle(surface, theme.AWNING_A, (board.centerx, board.top), 13)
            pygame.draw.circle(surface, theme.AWNING_B, (board.centerx, board.top), 8)
            pygame.draw.circle(surface, theme.AWNING_A, (board.centerx, board.top), 3)
            theme.control(surface, board)
            label = self._label(target.answer)
            where = label.get_rect(center=(board.centerx, board.centery + 5))
            theme.note_text(surface, where, target.answer.text, theme.BOARD_TEXT, container=board,
                            moving=True)
            surface.blit(label, where)
            if self.flash and self.flash[1] == target.answer.id:
                mark = theme.check_mark if self.flash[0] == "hit" else theme.cross_mark
                mark(surface, (board.right - 6, board.top + 6), 16)
            if index == rules.selected:
                theme.focus_ring(surface, board, 12)
        surface.set_clip(clip)

    def _draw_counter(self, surface: pygame.Surface) -> None:
        theme = self.theme
        counter = pygame.Rect(0, FIELD.bottom + 30, WIDTH, HEIGHT - FIELD.bottom - 30)
        theme.gradient(surface, theme.WOOD, theme.WOOD_DARK, counter)
        pygame.draw.line(surface, shade(theme.WOOD, 1.3), counter.topleft, counter.topright, 4)
        hint = _("Aim with the mouse and click, or Tab to choose and Space to shoot")
        theme.text(surface, hint, (WIDTH // 2, counter.centery + 4), SMALL,
                   theme.TEXT, anchor="center")

    def _draw_crosshair(self, surface: pygame.Surface) -> None:
        theme = self.theme
        pos = self.crosshair
        if pos is None and self.rules.selected is not None:
            target = self.rules.targets[self.rules.selected]
            pos = to_screen(target.x + gallery.TARGET_WIDTH / 2, target.y + gallery.TARGET_HEIGHT
                            / 2)
        if pos is None or not FIELD.inflate(40, 40).collidepoint(pos):
            return
        colour = theme.FOCUS if self.rules.cooldown <= 0 else theme.TEXT_DIM
        x, y = pos
        pygame.draw.circle(surface, theme.SHADOW, pos, 19, 5)
        pygame.draw.circle(surface, colour, pos, 18, 3)
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            pygame.draw.line(surface, colour, (x + dx * 8, y + dy * 8), (x + dx * 26, y + dy * 26),
                             3)

    def _draw_hud(self, surface: pygame.Surface) -> None:
        theme = self.theme
        rules = self.rules
        points = _("{points} points").format(points=rules.points)
        streak = _("Streak ×{count}").format(count=rules.streak) if rules.streak > 1 else ""
        width = theme.font(BODY, True).size(points)[0] + 36
        if streak:
            width += theme.font(SMALL, True).size(streak)[0] + 20
        chip = pygame.Rect(0, 4, width, theme.line_height(BODY) + 8)
        chip.right = WIDTH - 16
        theme.panel(surface, chip, theme.BACKGROUND_LOW, radius=chip.height // 2)
        theme.text(surface, points, (chip.left + 18, chip.centery), BODY, theme.TEXT, True,
                   anchor="midleft")
        if streak:
            theme.text(surface, streak, (chip.right - 16, chip.centery), SMALL, theme.WARNING,
                       True, anchor="midright")
