"""Draws a ShootingGallery as a fairground stall and turns mouse and keys into its actions.

Game feel lives here, never in the rules: a cork gun on the counter that recoils with a muzzle
flash and a shot sound; boards that show a tick or a cross, fall flat with a wobble and pop back
up for the next question; confetti; the points flying to the score; a bar that pulses and ticks
in the last seconds; after a wrong hit or a timeout the right board is ringed in view with the
content's feedback on a card beside it, the question still on its banner. With reduced motion
every cue stays, as a still frame: boards are up or flat, nothing flies or shakes.

Layout is measured: the banner is as tall as the longest question of the test needs at the
learner's text size, the field sits under it, the counter takes what is left.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from functools import partial

import pygame

from learnsocial.content.chaptertest.gallery import Question
from learnsocial.games import gallery
from learnsocial.games.base import Phase
from learnsocial.i18n import _
from learnsocial.ui.games.feel import (
    Feedback,
    FeedbackCard,
    Flyer,
    HyphenationWarmUp,
    MeasuredView,
    Particles,
    Prefetch,
    TextImage,
    TextImages,
    ease_out_back,
    fall_with_wobble,
    fit_block,
    fit_steps,
    overlay,
    star,
)
from learnsocial.ui.sound import Sounds
from learnsocial.ui.theme import BODY, HEIGHT, SMALL, WIDTH, Theme, shade
from learnsocial.ui.widgets import ACTIVATE_KEYS, selection_step

TARGET_W, TARGET_H = round(gallery.TARGET_WIDTH), round(gallery.TARGET_HEIGHT)
FIELD_W, FIELD_H = round(gallery.FIELD_WIDTH), round(gallery.FIELD_HEIGHT)
FIELD_LEFT = (WIDTH - FIELD_W) // 2
AWNING_H = 44
BANNER_X = 64
QUESTION_SIZE, QUESTION_MIN = 22, 17
LABEL_SIZE, LABEL_MIN = 20, 13
EMBLEM_W = 40  # the bullseye (or the tick or cross) at a board's left end; the label beside it
LABEL_PAD = 8
LABEL_WIDTH = TARGET_W - EMBLEM_W - 2 * LABEL_PAD
LABEL_HEIGHT = TARGET_H - 2 * LABEL_PAD
WARN_S = 5  # the last seconds tick and the bar pulses
POP_S = 0.34
HOLD_S = 0.3  # a board that was hit shows its mark this long, then falls
FALL_S = 0.55
STAGGER_S = 0.05
FLY_S = 0.7
SHAKE_S = 0.28
FLASH_S = 0.09
RECOIL_S = 0.16
PULSE_S = 0.3
CARD_IN_S = 0.22
GUN_LENGTH = 150
PREPARE_BUDGET_S = 0.0005  # of a frame's time, for measuring and drawing ahead


class Look:
    """How one board stands: popping up, up, holding its mark, falling, or flat."""

    def __init__(self, state: str = "up", delay: float = 0.0):
        self.state = state
        self.t = 0.0
        self.delay = delay
        self.mark: str | None = None  # "tick" or "cross"
        self.flash = 0.0

    def fall(self, delay: float = 0.0) -> None:
        if self.state not in ("falling", "down", "holding"):
            self.state, self.t, self.delay = "falling", 0.0, delay

    def hold(self, mark: str) -> None:
        self.state, self.t, self.mark, self.flash = "holding", 0.0, mark, FLASH_S * 2

    def update(self, dt: float) -> None:
        self.t += dt
        self.flash = max(0.0, self.flash - dt)
        if self.state == "popping" and self.t >= self.delay + POP_S:
            self.state = "up"
        elif self.state == "holding" and self.t >= HOLD_S:
            self.state, self.t, self.delay = "falling", 0.0, 0.0
        elif self.state == "falling" and self.t >= self.delay + FALL_S:
            self.state = "down"

    def upright(self, reduced_motion: bool) -> float:
        """1 standing, 0 flat (above 1 while popping up past upright)."""
        if self.state in ("up", "holding"):
            return 1.0
        if self.state == "down":
            return 0.0
        if reduced_motion:  # still frames: up, or flat
            return 1.0 if self.state == "popping" else 0.0
        share = (self.t - self.delay) / (POP_S if self.state == "popping" else FALL_S)
        if self.state == "popping":
            return 0.0 if share < 0 else ease_out_back(share)
        return 1.0 if share < 0 else fall_with_wobble(share)


def board_face(theme: Theme, bonus: bool) -> pygame.Surface:
    """A board without its words: the paper (gold for the bonus) and its emblem."""
    face = pygame.Surface((TARGET_W, TARGET_H), pygame.SRCALPHA)
    colour = theme.GOLD if bonus else theme.BOARD
    theme.panel(face, face.get_rect(), colour, radius=10, border=theme.BOARD_EDGE, width=3)
    emblem = (EMBLEM_W // 2 + 4, TARGET_H // 2)
    if bonus:
        star(face, theme.AWNING_A, emblem, 15, 7, 5, -math.pi / 2)
    else:
        for radius, ring in ((13, theme.AWNING_A), (9, theme.AWNING_B), (4, theme.AWNING_A)):
            pygame.draw.circle(face, ring, emblem, radius)
    return face


class BoardArt:
    """A target's board drawn once: face, emblem, label (at the size its question's labels
    share)."""

    def __init__(self, theme: Theme, text: str, face: pygame.Surface, size: int):
        self.face = face
        block = fit_block(theme, text, LABEL_WIDTH, LABEL_HEIGHT, size, LABEL_MIN, bold=True)
        self.label = TextImage(theme, block, theme.BOARD_TEXT, LABEL_WIDTH, align="center")
        self.label_pos = (EMBLEM_W + LABEL_PAD, (TARGET_H - block.height) // 2)
        self.surface = self.face.copy()  # the whole board, for flips
        self.surface.blit(self.label.surface, self.label_pos)


class GalleryView(MeasuredView):
    """Attributes down (the rules state), actions up (hover, select, shoot, go on)."""

    def __init__(self, rules: gallery.ShootingGallery, sounds: Sounds, theme: Theme,
                 reduced_motion: bool = False, warm_up: HyphenationWarmUp | None = None):
        self.rules = rules
        self.sounds = sounds
        self.theme = theme
        self.reduced_motion = reduced_motion
        self.warm_up = warm_up
        self.images = TextImages(theme)
        self.card = FeedbackCard(theme, self.images)
        self.prefetch = Prefetch()
        self.crosshair: tuple[int, int] | None = None
        self.particles = Particles()
        self.flyers: list[tuple[Flyer, int]] = []  # with the points each one carries
        self.still_points: tuple[str, float] | None = None  # reduced motion: "+150" for a moment
        self.shake = 0.0
        self.shake_power = 0.0
        self.frame_flash: tuple[bool, float] | None = None  # reduced motion: instead of a shake
        self.muzzle = 0.0
        self.recoil = 0.0
        self.chip_pulse = 0.0
        self.burst_still: tuple[tuple[int, int], float] | None = None
        self.looks: list[Look] = []
        self.question_seen = -1
        self.phase_seen = Phase.PLAYING
        self.last_tick: int | None = None
        self.feedback_age = 0.0
        self.card_areas: list[pygame.Rect] | None = None
        self.time = 0.0  # for pulses
        self._boards: dict[tuple[str, str], BoardArt] = {}
        self._faces: dict[bool, pygame.Surface] = {}
        self._label_sizes: dict[str, int] = {}
        self.question_width = WIDTH - 2 * BANNER_X - 40
        self.prefetch.add(self.layout_step)  # measured a piece per frame, before it shows

    # -- layout ---------------------------------------------------------------------------
    def layout_steps(self) -> Iterator[None]:
        """Measure the banner for the longest question at the current text size; place the
        field and the counter under it (yielding after each question, so the work can be
        spread over frames)."""
        theme = self.theme
        self.laid_out = False
        self.images.fresh()
        self._boards.clear()
        self._faces.clear()
        self._label_sizes.clear()
        self.chip_h = theme.line_height(BODY) + 10
        banner_top = 6 + self.chip_h + 6
        width = WIDTH - 2 * BANNER_X
        tallest = theme.line_height(QUESTION_SIZE)
        for question in self.rules.questions:
            tallest = max(tallest, theme.lay_out(question.prompt, self.question_width,
                                                 QUESTION_SIZE, True, max_lines=3,
                                                 min_size=QUESTION_MIN).height)
            yield
        self.bar_row = theme.line_height(SMALL)
        self.banner = pygame.Rect(BANNER_X, banner_top, width, 12 + tallest + 8 + self.bar_row
                                  + 10)
        counter_min = 2 * theme.line_height(SMALL) + 16
        room = HEIGHT - self.banner.bottom - 4 - counter_min - FIELD_H
        self.field = pygame.Rect(FIELD_LEFT, self.banner.bottom + 4 + max(0, room) // 3,
                                 FIELD_W, FIELD_H)
        counter_top = min(self.field.top + FIELD_H - 6, HEIGHT - counter_min)
        self.counter = pygame.Rect(0, counter_top, WIDTH, HEIGHT - counter_top)
        self.card_areas = None
        self.laid_out = True
        self._queue_prefetch()

    def _question_image(self, prompt: str) -> TextImage:
        return self.images.get(prompt, self.question_width, QUESTION_SIZE, self.theme.TEXT,
                               bold=True, max_lines=3, min_size=QUESTION_MIN)

    def _queue_prefetch(self) -> None:
        """What the questions to come will show, made one piece per frame ahead of time: the
        fonts of the effects, each question's banner and boards, the feedback it may get."""
        theme = self.theme
        for size, bold in ((BODY, True), (BODY + 8, True), (SMALL, True), (SMALL, False)):
            self.prefetch.add(partial(theme.font, size, bold))
        self.prefetch.add(partial(self._board, "", None))
        for question in self.rules.questions[self.rules.index:]:
            self.prefetch.add(partial(self._question_image, question.prompt))
            self.prefetch.add_steps(self._label_size_steps(question))
            for answer in question.answers:
                self.prefetch.add(partial(self._board, question.id, answer))
            right = question.right_answer
            for answer in question.answers:
                feedback = Feedback(False, _("Not quite. The answer: {answer}").format(
                    answer=right.text), "\n".join(p for p in (answer.feedback, right.feedback)
                                                  if p))
                if answer.correct:
                    feedback = Feedback(True, "", answer.feedback)
                self.prefetch.add_steps(self.card.prepare(feedback))
            self.prefetch.add_steps(self.card.prepare(Feedback(
                False, _("Time is up. The answer: {answer}").format(answer=right.text),
                right.feedback)))

    def _label_size_steps(self, question: Question) -> Iterator[None]:
        """The one size at which every label of a question fits its board (the boards of a
        question match), a layout per step; each label starts where the ones before left off."""
        if self.warm_up is not None:
            self.warm_up.wait()  # never load the dictionary twice, on this thread
        size = LABEL_SIZE
        for answer in question.answers:
            block = yield from fit_steps(self.theme, answer.text, LABEL_WIDTH, LABEL_HEIGHT,
                                         size, LABEL_MIN, bold=True)
            size = block.size
            yield
        self._label_sizes[question.id] = size

    def _label_size(self, question_id: str) -> int:
        if question_id not in self._label_sizes:  # wanted before it was measured ahead
            question = next(q for q in self.rules.questions if q.id == question_id)
            for _step in self._label_size_steps(question):
                pass
        return self._label_sizes[question_id]

    def _board(self, question_id: str, answer: gallery.Answer | None) -> BoardArt:
        key = (question_id, answer.id) if answer else ("", gallery.BONUS_ID)
        art = self._boards.get(key)
        if art is None:
            if self.warm_up is not None:
                self.warm_up.wait()  # never load the dictionary twice, on this thread
            if answer is None:
                text, size = _("Bonus +{points}").format(points=gallery.BONUS_POINTS), LABEL_SIZE
            else:
                text, size = answer.text, self._label_size(question_id)
            bonus = answer is None
            if bonus not in self._faces:
                self._faces[bonus] = board_face(self.theme, bonus)
            art = BoardArt(self.theme, text, self._faces[bonus], size)
            self._boards[key] = art
        return art

    def board_art(self, target: gallery.Target) -> BoardArt:
        question = self.rules.question
        return self._board(question.id if question and target.answer else "", target.answer)

    def to_field(self, pos: tuple[int, int]) -> tuple[float, float]:
        return float(pos[0] - self.field.left), float(pos[1] - self.field.top)

    def to_screen(self, x: float, y: float) -> tuple[int, int]:
        return round(self.field.left + x), round(self.field.top + y)

    def board_rect(self, target: gallery.Target) -> pygame.Rect:
        left, top = self.to_screen(target.x, target.y)
        return pygame.Rect(left, top, TARGET_W, TARGET_H)

    def target_centre(self, answer_id: str) -> tuple[int, int] | None:
        """Where a target is on screen now (used by the demo driver to aim like a mouse)."""
        self.ensure_layout()
        for target in self.rules.targets:
            if target.id == answer_id:
                return self.board_rect(target).center
        return None

    def prepare(self, until: float, limit: float) -> None:
        if self.warm_up is None or self.warm_up.ready:
            self.prefetch.run_until(until, limit)

    def _prepare_in_play(self) -> None:
        if self.warm_up is None or self.warm_up.ready:
            self.prefetch.run_for(PREPARE_BUDGET_S)

    # -- input ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        self.ensure_layout()
        rules = self.rules
        if event.type == pygame.MOUSEMOTION:
            self.crosshair = event.pos
            if rules.selected is not None:
                rules.deselect()  # the mouse takes over from the keyboard
            if self.field.collidepoint(event.pos):
                rules.hover(*self.to_field(event.pos))
            else:
                rules.hover(None, None)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.crosshair = event.pos
            if rules.phase == Phase.FEEDBACK:
                rules.proceed()
            elif self.field.collidepoint(event.pos):
                rules.shoot_at(*self.to_field(event.pos))
        elif event.type == pygame.KEYDOWN:
            step = selection_step(event)
            if step:
                rules.select_next(step)
                if rules.selected is not None:
                    self.crosshair = None
            elif event.key in ACTIVATE_KEYS:
                if rules.phase == Phase.FEEDBACK:
                    rules.proceed()
                else:
                    rules.shoot_selected()

    def focus_label(self) -> str | None:
        self.ensure_layout()
        rules = self.rules
        feedback = self.feedback()
        if feedback is not None:
            return f"{feedback.title} {feedback.body}".strip()
        if rules.selected is None or rules.selected >= len(rules.targets):
            return rules.question.prompt if rules.question else None
        target = rules.targets[rules.selected]
        return target.answer.text if target.answer else _("Bonus +{points}").format(
            points=gallery.BONUS_POINTS)

    def feedback(self) -> Feedback | None:
        """What the card says while the last answer's feedback shows."""
        rules = self.rules
        if rules.phase != Phase.FEEDBACK or not rules.items:
            return None
        last = rules.items[-1]
        if last.correct:
            return Feedback(True, _("Right! {points} points").format(points=last.points),
                            last.feedback)
        if not last.response_id:
            return Feedback(False, _("Time is up. The answer: {answer}").format(
                answer=last.right_answer), last.right_feedback)
        return Feedback(False, _("Not quite. The answer: {answer}").format(
            answer=last.right_answer), "\n".join(p for p in (last.feedback, last.right_feedback)
                                                 if p))

    # -- time -----------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        self.ensure_layout()
        rules = self.rules
        rules.advance(dt)
        self.time += dt
        if not self.images.fresh():
            self.relayout()
        if rules.index != self.question_seen:
            self._new_question()
        if self.crosshair is not None and rules.phase == Phase.PLAYING:
            # the boards move under a mouse standing still: what it aims at changes
            if self.field.collidepoint(self.crosshair):
                rules.hover(*self.to_field(self.crosshair))
            else:
                rules.hover(None, None)
        for shot in rules.take_shots():
            self._react(shot)
        if rules.phase == Phase.FEEDBACK and self.phase_seen != Phase.FEEDBACK:
            self._feedback_began()
        self.phase_seen = rules.phase
        self.feedback_age = self.feedback_age + dt if rules.phase == Phase.FEEDBACK else 0.0
        if rules.phase == Phase.FEEDBACK and self.card_areas is None and not rules.revealing:
            self._plan_card()
        self._tick_clock()
        for look in self.looks:
            look.update(dt)
        self.particles.update(dt)
        for flyer, _points in self.flyers:
            flyer.update(dt)
        if any(flyer.done for flyer, _p in self.flyers):
            self.chip_pulse = PULSE_S
            self.flyers = [(f, p) for f, p in self.flyers if not f.done]
        self.shake = max(0.0, self.shake - dt)
        self.muzzle = max(0.0, self.muzzle - dt)
        self.recoil = max(0.0, self.recoil - dt)
        self.chip_pulse = max(0.0, self.chip_pulse - dt)
        if self.still_points and self.time > self.still_points[1]:
            self.still_points = None
        if self.frame_flash and self.time > self.frame_flash[1]:
            self.frame_flash = None
        if self.burst_still and self.time > self.burst_still[1]:
            self.burst_still = None
        self._prepare_in_play()

    def _new_question(self) -> None:
        self.question_seen = self.rules.index
        self.card_areas = None
        self.last_tick = None
        state = "up" if self.reduced_motion else "popping"
        self.looks = [Look(state, delay=STAGGER_S * n) for n in range(len(self.rules.targets))]

    def _feedback_began(self) -> None:
        rules = self.rules
        feedback = self.feedback()
        if feedback is not None:  # laid out over the next frames, before the card shows
            self.prefetch.add_steps(self.card.prepare(feedback), first=True)
        for index, look in enumerate(self.looks):
            if index == rules.revealed:
                look.mark = "tick"
                look.state = "up"
            else:
                look.fall(HOLD_S + STAGGER_S * index)

    def _tick_clock(self) -> None:
        left = self.rules.time_left
        if self.rules.phase != Phase.PLAYING or left is None or left > WARN_S:
            return
        second = math.ceil(left)
        if second != self.last_tick and 0 < second <= WARN_S:
            self.last_tick = second
            self.sounds.play("tick")

    def _react(self, shot: gallery.Shot) -> None:
        theme = self.theme
        x, y = self.to_screen(shot.x, shot.y)
        if shot.kind != "timeout":
            self.sounds.play("shot")
            self.muzzle = FLASH_S
            self.recoil = RECOIL_S
        self.sounds.play({"hit": "hit", "wrong": "wrong", "bonus": "bonus",
                          "timeout": "fail"}.get(shot.kind, "miss"))
        index = next((i for i, t in enumerate(self.rules.targets) if t.id == shot.answer_id),
                     None)
        if index is not None and index < len(self.looks):
            self.looks[index].hold("cross" if shot.kind == "wrong" else "tick")
        if shot.kind == "hit":
            self._burst((x, y), [theme.SUCCESS, theme.GOLD, theme.AWNING_A, theme.AWNING_B], 40)
            self._jolt(3, 0.14, True)
            self._fly(self.rules.items[-1].points, (x, y))
        elif shot.kind == "bonus":
            self._burst((x, y), [theme.GOLD, theme.AWNING_B, theme.AWNING_A], 32)
            self._fly(gallery.BONUS_POINTS, (x, y))
        elif shot.kind == "wrong":
            self._burst((x, y), [theme.ERROR, theme.WOOD, theme.BOARD], 22)
            self._jolt(8, SHAKE_S, False)
            self._fly(self.rules.items[-1].points, (x, y))
        elif shot.kind == "miss":
            self._burst((x, y), [theme.DUST, theme.WOOD], 8, speed=160, size=5)
        else:
            self._jolt(5, SHAKE_S, False)

    def _burst(self, at: tuple[int, int], colours: list, count: int, speed: float = 340,
               size: float = 9) -> None:
        if self.reduced_motion:
            self.burst_still = (at, self.time + 0.3)
        else:
            self.particles.burst(at[0], at[1], colours, count, speed, size)

    def _jolt(self, power: float, seconds: float, right: bool) -> None:
        if self.reduced_motion:
            self.frame_flash = (right, self.time + 0.3)
        else:
            self.shake, self.shake_power = seconds, power

    def _fly(self, points: int, start: tuple[int, int]) -> None:
        text = f"+{points}" if points >= 0 else f"−{-points}"
        if self.reduced_motion:
            self.still_points = (text, self.time + 1.0)
            self.chip_pulse = PULSE_S
            return
        theme = self.theme
        colour = theme.GOLD if points >= 0 else theme.ERROR
        face = theme.font(BODY + 8, True)
        shadow = face.render(text, True, theme.SHADOW)
        image = pygame.Surface((shadow.get_width() + 3, shadow.get_height() + 3), pygame.SRCALPHA)
        image.blit(shadow, (3, 3))
        image.blit(face.render(text, True, colour), (0, 0))
        self.flyers.append((Flyer(image, start, self.points_chip().center, FLY_S, lift=90),
                            points))

    # -- drawing --------------------------------------------------------------------------
    def shown_points(self) -> int:
        """The score as the chip shows it: the rules' points less those still in flight."""
        return max(0, self.rules.points - sum(points for _f, points in self.flyers))

    def points_chip(self) -> pygame.Rect:
        theme = self.theme
        text = _("{points} points").format(points=self.shown_points())
        width = theme.font(BODY, True).size(text)[0] + 36
        return pygame.Rect(WIDTH - 16 - width, 6, width, self.chip_h)

    def draw(self, surface: pygame.Surface) -> None:
        self.ensure_layout()
        theme = self.theme
        offset = 0
        if self.shake > 0:
            offset = round(math.sin(self.shake * 70) * self.shake_power * self.shake / SHAKE_S)
        theme.gradient(surface, theme.STALL_TOP, theme.STALL_BOTTOM)
        self._draw_awning(surface)
        self._draw_banner(surface)
        self._draw_rails(surface, offset)
        self._draw_targets(surface, offset)
        self._draw_posts(surface)
        self._draw_counter(surface)
        self._draw_gun(surface)
        self.particles.draw(surface)
        if self.burst_still:
            star(surface, theme.GOLD, self.burst_still[0], 26, 10, 8)
        if self.frame_flash:
            pygame.draw.rect(surface, theme.SUCCESS if self.frame_flash[0] else theme.ERROR,
                             self.field.inflate(8, 8), 4, border_radius=6)
        self._draw_card(surface)
        self._draw_hud(surface)
        for flyer, _points in self.flyers:
            # an effect in passing, like the confetti (not audited text); it shrinks as it lands
            flyer.draw(surface, 1.0 - 0.5 * flyer.progress ** 2)
        self._draw_crosshair(surface)

    def _draw_awning(self, surface: pygame.Surface) -> None:
        theme = self.theme
        stripe = 80
        for i in range(WIDTH // stripe + 1):
            colour = theme.AWNING_A if i % 2 == 0 else theme.AWNING_B
            pygame.draw.rect(surface, colour, (i * stripe, 0, stripe, AWNING_H))
            pygame.draw.circle(surface, colour, (i * stripe + stripe // 2, AWNING_H),
                               stripe // 2 - 2, draw_top_left=False, draw_top_right=False,
                               draw_bottom_left=True, draw_bottom_right=True)

    def _draw_banner(self, surface: pygame.Surface) -> None:
        theme = self.theme
        rules = self.rules
        banner = self.banner
        theme.panel(surface, banner, theme.PANEL, border=theme.WOOD)
        question = rules.question
        if question is None:
            return
        image = self._question_image(question.prompt)
        room = banner.height - 12 - 8 - self.bar_row - 10  # the tallest question's height
        top = banner.top + 12 + (room - image.size[1]) // 2
        image.draw(theme, surface, (banner.left + 20, top), banner)
        if rules.time_limit is None:
            return
        row = pygame.Rect(banner.left + 20, banner.bottom - 10 - self.bar_row,
                          banner.width - 40, self.bar_row)
        seconds_w = theme.font(SMALL, True).size(_("{seconds} s").format(seconds=88))[0] + 12
        fraction = rules.time_left_fraction
        left = rules.time_left or 0.0
        warning = self.hurry()
        thickness = self.bar_thickness()
        bar = pygame.Rect(row.left, row.centery - thickness // 2, row.width - seconds_w,
                          thickness)
        colour = theme.SUCCESS if fraction > 0.5 else theme.WARNING if fraction > 0.2 \
            else theme.ERROR
        if warning and not self.reduced_motion and math.sin(self.time * 12) > 0:
            colour = shade(theme.ERROR, 1.35)
        pygame.draw.rect(surface, theme.BACKGROUND_LOW, bar, border_radius=4)
        pygame.draw.rect(surface, colour, (bar.left, bar.top, round(bar.width * fraction),
                                           bar.height), border_radius=4)
        if warning:
            pygame.draw.rect(surface, theme.ERROR, bar.inflate(4, 4), 2, border_radius=5)
            theme.text(surface, _("{seconds} s").format(seconds=math.ceil(left)),
                       (row.right, row.centery), SMALL, theme.TEXT, True, anchor="midright",
                       container=banner)

    def hurry(self) -> bool:
        """The last seconds: the bar pulses (a still, thick bar in reduced motion) and ticks."""
        left = self.rules.time_left
        return self.rules.phase == Phase.PLAYING and left is not None and left <= WARN_S

    def bar_thickness(self) -> int:
        if not self.hurry():
            return 8
        return 12 if self.reduced_motion else round(10 + 3 * math.sin(self.time * 12))

    def _draw_rails(self, surface: pygame.Surface, offset: int) -> None:
        theme = self.theme
        for rail_y in self.rules.rail_ys:
            _x, y = self.to_screen(0, rail_y + gallery.TARGET_HEIGHT / 2 + 6)
            rail = pygame.Rect(0, y, WIDTH, 10).move(offset, 0)
            pygame.draw.rect(surface, theme.WOOD_DARK, rail, border_radius=4)
            pygame.draw.line(surface, theme.WOOD, rail.topleft, rail.topright, 2)

    def _draw_targets(self, surface: pygame.Surface, offset: int) -> None:
        theme = self.theme
        rules = self.rules
        clip = surface.get_clip()
        view = pygame.Rect(self.field.left, self.banner.bottom, self.field.width,
                           self.counter.top - self.banner.bottom)
        surface.set_clip(view)
        for index, target in enumerate(rules.targets):
            board = self.board_rect(target).move(offset, 0)
            look = self.looks[index] if index < len(self.looks) else Look()
            upright = look.upright(self.reduced_motion)
            pygame.draw.rect(surface, theme.WOOD_DARK, (board.centerx - 5, board.bottom, 10, 8))
            art = self.board_art(target)
            if upright <= 0.02:
                plank = pygame.Rect(board.left + 6, board.bottom - 8, board.width - 12, 8)
                pygame.draw.rect(surface, shade(theme.BOARD_EDGE, 0.8), plank, border_radius=3)
                continue
            if abs(upright - 1.0) > 0.01:
                height = max(2, round(TARGET_H * upright))
                scaled = pygame.transform.scale(art.surface, (TARGET_W, height))
                surface.blit(scaled, (board.left, board.bottom - height))
                continue
            theme.control(surface, board)
            inside = self.field.contains(board)
            label_at = (board.left + art.label_pos[0], board.top + art.label_pos[1])
            surface.blit(art.face, board)
            art.label.draw(theme, surface, label_at, board, moving=not inside,
                           visible=None if inside else self.field)
            emblem = (board.left + EMBLEM_W // 2 + 4, board.centery)
            if look.mark:
                (theme.check_mark if look.mark == "tick" else theme.cross_mark)(
                    surface, emblem, 14, container=board)
            if look.flash > 0:
                pygame.draw.rect(surface, theme.TEXT, board.inflate(6, 6), 3, border_radius=12)
            if index == rules.revealed:
                grow = 6 if self.reduced_motion else round(6 + 3 * math.sin(self.time * 7))
                pygame.draw.rect(surface, theme.SUCCESS, board.inflate(2 * grow, 2 * grow),
                                 5, border_radius=14)
            if index == rules.selected:
                theme.focus_ring(surface, board, 12)
        surface.set_clip(clip)

    def _draw_posts(self, surface: pygame.Surface) -> None:
        """The stall's side posts, in front of the boards sliding in and out."""
        theme = self.theme
        top = self.banner.bottom
        for left in (0, self.field.right):
            post = pygame.Rect(left, top, FIELD_LEFT, self.counter.top - top)
            theme.gradient(surface, theme.WOOD, theme.WOOD_DARK, post)

    def gun_pivot(self) -> tuple[int, int]:
        return WIDTH - 40, HEIGHT - 12

    def aim(self) -> tuple[float, float] | None:
        rules = self.rules
        if self.crosshair is not None:
            return self.crosshair
        if rules.selected is not None and rules.selected < len(rules.targets):
            return self.board_rect(rules.targets[rules.selected]).center
        return None

    def gun_angle(self) -> float:
        """Elevation of the gun (radians above pointing left), kept within the counter."""
        px, py = self.gun_pivot()
        room = max(0.0, (py - self.counter.top - 12) / GUN_LENGTH)
        highest = math.asin(min(0.95, room))
        aim = self.aim()
        if aim is None:
            return highest / 2
        angle = math.atan2(py - aim[1], px - aim[0])
        return max(0.05, min(highest, angle))

    def _draw_counter(self, surface: pygame.Surface) -> None:
        theme = self.theme
        counter = self.counter
        theme.gradient(surface, theme.WOOD, theme.WOOD_DARK, counter)
        pygame.draw.line(surface, shade(theme.WOOD, 1.3), counter.topleft, counter.topright, 4)
        if self.rules.phase == Phase.FEEDBACK:
            return  # the card says how to go on; it may lie over the counter
        width = self.gun_pivot()[0] - GUN_LENGTH - 24 - 32
        hint = self.images.get(_("Aim with the mouse and click, or Tab to choose and Space to "
                                 "shoot"), width, SMALL, theme.TEXT,
                               height=counter.height - 12, min_size=SMALL - 3)
        hint.draw(theme, surface, (32, counter.centery - hint.size[1] // 2 + 2), counter)

    def _draw_gun(self, surface: pygame.Surface) -> None:
        """A cork gun on the counter: turns towards the aim, kicks back with a flash."""
        theme = self.theme
        angle = self.gun_angle()
        direction = (-math.cos(angle), -math.sin(angle))
        normal = (-direction[1], direction[0])
        kick = 0.0 if self.reduced_motion else 12 * self.recoil / RECOIL_S
        pivot = self.gun_pivot()
        px = pivot[0] - direction[0] * kick
        py = pivot[1] - direction[1] * kick

        def at(along: float, across: float) -> tuple[float, float]:
            return (px + direction[0] * along + normal[0] * across,
                    py + direction[1] * along + normal[1] * across)

        stock = [at(-30, -13), at(34, -9), at(40, 8), at(-14, 12), at(-30, 22)]
        barrel = [at(34, -6), at(GUN_LENGTH, -5), at(GUN_LENGTH, 5), at(34, 6)]
        points = stock + barrel
        box = pygame.Rect(min(p[0] for p in points) - 2, min(p[1] for p in points) - 2, 0, 0)
        box.width = round(max(p[0] for p in points) - box.left) + 3
        box.height = round(max(p[1] for p in points) - box.top) + 3
        # held from beyond the screen's bottom right corner: its box is the counter and what
        # lies past that corner (the gun is cut by the edge of the screen, on purpose)
        held = pygame.Rect(self.counter.left, self.counter.top - 40, self.counter.width + 80,
                           self.counter.height + 120)
        theme.sprite(surface, box, "gun", held)
        pygame.draw.polygon(surface, theme.WOOD_DARK, stock)
        pygame.draw.polygon(surface, theme.SHADOW, stock, 2)
        pygame.draw.polygon(surface, theme.LOCKED, barrel)
        pygame.draw.polygon(surface, theme.SHADOW, barrel, 2)
        for along in (70, GUN_LENGTH - 8):  # bands round the barrel
            pygame.draw.line(surface, theme.SHADOW, at(along, -6), at(along, 6), 3)
        pygame.draw.circle(surface, theme.AWNING_A, at(GUN_LENGTH + 3, 0), 5)  # the cork
        if self.muzzle > 0:
            tip = at(GUN_LENGTH + 10, 0)
            size = 1.0 if self.reduced_motion else 0.6 + 0.4 * self.muzzle / FLASH_S
            star(surface, theme.GOLD, tip, 20 * size, 8 * size, 7, angle)
            star(surface, theme.AWNING_B, tip, 10 * size, 4 * size, 7, angle + 0.3)

    def _card_areas(self, subject: pygame.Rect) -> list[pygame.Rect]:
        top = self.banner.bottom + 8
        bottom = HEIGHT - 8
        inner = self.field.inflate(-16, 0)
        below = pygame.Rect(inner.left, subject.bottom + 16, inner.width,
                            bottom - subject.bottom - 16)
        above = pygame.Rect(inner.left, top, inner.width, subject.top - 16 - top)
        right = pygame.Rect(subject.right + 16, top, inner.right - subject.right - 16,
                            bottom - top)
        left = pygame.Rect(inner.left, top, subject.left - 16 - inner.left, bottom - top)
        return [area for area in (below, above, right, left)
                if area.width > 0 and area.height > 0]

    def _plan_card(self) -> None:
        """Where the card may go, beside the board it is about (the one hit, or the right one
        once it has glided into view), and its layout worked out over the next frames."""
        rules = self.rules
        feedback = self.feedback()
        if feedback is None:
            return
        last = rules.items[-1]
        subject_id = last.response_id if last.correct else \
            next((t.id for t in rules.targets if t.answer and t.answer.correct), "")
        target = next((t for t in rules.targets if t.id == subject_id), None)
        subject = self.board_rect(target).inflate(24, 24) if target else \
            pygame.Rect(self.field.centerx, self.field.top, 0, 0)
        self.card_areas = self._card_areas(subject.clip(self.field.inflate(0, 40)) or subject)
        self.prefetch.add_steps(self.card.place_steps(feedback, self.card_areas), first=True)

    def _draw_card(self, surface: pygame.Surface) -> None:
        rules = self.rules
        feedback = self.feedback()
        if feedback is None:
            return
        delay = HOLD_S + 0.6 * FALL_S  # the board that was hit has fallen
        if self.reduced_motion:
            delay = 0.0
        if self.feedback_age < delay:
            return
        if self.card_areas is None:
            self._plan_card()
        assert self.card_areas is not None
        appear = 1.0 if self.reduced_motion else (self.feedback_age - delay) / CARD_IN_S
        overlay(self.theme, surface)
        self.card.draw(surface, feedback, self.card_areas, appear, rules.feedback.share_left)

    def _draw_hud(self, surface: pygame.Surface) -> None:
        theme = self.theme
        rules = self.rules
        count = _("Question {current} / {total}").format(
            current=min(rules.index + 1, rules.question_count), total=rules.question_count)
        face = theme.font(BODY, True)
        left = pygame.Rect(16, 6, face.size(count)[0] + 36, self.chip_h)
        theme.panel(surface, left, theme.BACKGROUND_LOW, radius=self.chip_h // 2)
        theme.text(surface, count, left.center, BODY, theme.TEXT, True, anchor="center",
                   container=left)
        chip = self.points_chip()
        border = theme.GOLD if self.chip_pulse > 0 else None
        theme.panel(surface, chip, theme.BACKGROUND_LOW, radius=self.chip_h // 2,
                    border=border, width=3)
        theme.text(surface, _("{points} points").format(points=self.shown_points()),
                   chip.center, BODY, theme.TEXT, True, anchor="center", container=chip)
        right_edge = chip.left - 12
        if self.still_points:  # reduced motion: the points stand by the score for a moment
            text = self.still_points[0]
            box = pygame.Rect(0, 6, face.size(text)[0] + 36, self.chip_h)
            box.right = right_edge
            theme.panel(surface, box, theme.BACKGROUND_LOW, radius=self.chip_h // 2,
                        border=theme.GOLD, width=3)
            theme.text(surface, text, box.center, BODY, theme.TEXT, True, anchor="center",
                       container=box)
            right_edge = box.left - 12
        if rules.streak > 1:
            streak = _("Streak ×{count}").format(count=rules.streak)
            width = face.size(streak)[0] + 36
            box = pygame.Rect(right_edge - width, 6, width, self.chip_h)
            theme.panel(surface, box, theme.BACKGROUND_LOW, radius=self.chip_h // 2,
                        border=theme.WARNING)
            theme.text(surface, streak, box.center, BODY, theme.TEXT, True, anchor="center",
                       container=box)

    def _draw_crosshair(self, surface: pygame.Surface) -> None:
        """An open reticle: lock-on corners around the board it aims at (never over its
        label), four ticks round an empty centre elsewhere."""
        theme = self.theme
        rules = self.rules
        if rules.phase != Phase.PLAYING:
            return
        colour = theme.FOCUS if rules.cooldown <= 0 else theme.TEXT_DIM
        aimed = rules.selected if rules.selected is not None else rules.hovered
        if aimed is None and self.crosshair is not None:
            # near a board it cannot shoot (just hit, or not yet wholly in view): dim corners
            # round that board, so the reticle never covers its label
            reticle = pygame.Rect(0, 0, 45, 45)
            reticle.center = self.crosshair
            aimed = next((i for i, t in enumerate(rules.targets)
                          if self.board_rect(t).colliderect(reticle)
                          and i < len(self.looks)
                          and self.looks[i].upright(self.reduced_motion) > 0.02), None)
            colour = theme.TEXT_DIM
        kick = 0 if self.reduced_motion else round(10 * self.recoil / RECOIL_S)
        if aimed is not None and aimed < len(rules.targets):
            box = self.board_rect(rules.targets[aimed]).inflate(22, 22).move(0, -kick)
            arm = 18
            for corner, dx, dy in ((box.topleft, 1, 1), (box.topright, -1, 1),
                                   (box.bottomleft, 1, -1), (box.bottomright, -1, -1)):
                x, y = corner
                for width, shade_colour in ((7, theme.SHADOW), (3, colour)):
                    pygame.draw.lines(surface, shade_colour, False,
                                      [(x + dx * arm, y), (x, y), (x, y + dy * arm)], width)
            return
        pos = self.crosshair
        if pos is None or not self.field.collidepoint(pos):
            return
        x, y = pos[0], pos[1] - kick
        theme.sprite(surface, pygame.Rect(x - 22, y - 22, 45, 45), "crosshair")
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            start, end = (x + dx * 9, y + dy * 9), (x + dx * 22, y + dy * 22)
            pygame.draw.line(surface, theme.SHADOW, start, end, 7)
            pygame.draw.line(surface, colour, start, end, 3)
