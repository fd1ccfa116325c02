"""The shooting gallery: answers ride on targets along fairground rails; shoot the right one.

Rules only. The field is a fixed coordinate space (FIELD_WIDTH x FIELD_HEIGHT); a view scales it
to wherever it draws, so window size never changes what is hit. Each question ends at the first
answer hit (right or wrong) or when its time runs out; a miss costs only the cooldown, so spraying
does not pay, and a wrong hit costs points.

Every rail carries two or more targets, spaced evenly so they never overlap; a rail moves as one.
Now and then a bonus target rides along: hitting it adds points, never accuracy, and the question
goes on. After a wrong hit or a timeout the right target is revealed: its rail glides until it is
fully in view, and everything stops while the feedback is read.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from learnsocial.content.chaptertest.gallery import Answer, GallerySpec, Question
from learnsocial.games.base import (
    FEEDBACK_MAX_S,
    FeedbackClock,
    GameResult,
    GameSettings,
    ItemResult,
    Phase,
    answer_points,
    reading_seconds,
)

FIELD_WIDTH = 1200.0
FIELD_HEIGHT = 390.0
TARGET_WIDTH = 290.0
TARGET_HEIGHT = 104.0
LAP = FIELD_WIDTH + TARGET_WIDTH  # a target leaving one side comes back on the other
MAX_RAILS = 3
RAILS_Y = {1: (195.0,), 2: (110.0, 290.0), 3: (70.0, 195.0, 320.0)}  # rail centres per count
RAIL_SPEEDS = (70.0, -95.0, 55.0)  # field units per second; the sign gives the direction
MIN_GAP = 40.0  # between two targets on one rail
MAX_JITTER = 80.0  # keeps at least one target of every rail fully in view at any time
HOVER_SLOWDOWN = 0.25  # the rail under the crosshair moves slower
REDUCED_MOTION = 0.5
FEEDBACK_S = FEEDBACK_MAX_S  # the longest a feedback shows by itself (time limits on)
COOLDOWN_S = 0.6
WRONG_POINTS = -50
BONUS_POINTS = 50
BONUS_CHANCE = 0.35  # of a question having a bonus target
BONUS_ID = "*bonus"  # content ids never start with "*"
REVEAL_SPEED = 1500.0  # field units per second at which the right target glides into view
EDGE = 16.0  # a revealed target stops this far inside the field


@dataclass
class Target:
    answer: Answer | None  # None: the bonus target
    row: int
    x: float  # left edge in field units
    centre_y: float
    down: bool = False  # hit: flat on its rail, no longer shootable, until the next question

    @property
    def id(self) -> str:
        return self.answer.id if self.answer else BONUS_ID

    @property
    def bonus(self) -> bool:
        return self.answer is None

    @property
    def y(self) -> float:
        return self.centre_y - TARGET_HEIGHT / 2

    @property
    def fully_visible(self) -> bool:
        return 0.0 <= self.x and self.x + TARGET_WIDTH <= FIELD_WIDTH

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + TARGET_WIDTH and self.y <= y <= self.y + TARGET_HEIGHT


@dataclass(frozen=True)
class Shot:
    """Something the view may animate or play a sound for."""

    kind: str  # "hit", "wrong", "miss", "timeout", "bonus"
    x: float
    y: float
    answer_id: str = ""


def wrap(x: float) -> float:
    """A left edge brought back into [-TARGET_WIDTH, FIELD_WIDTH)."""
    return (x + TARGET_WIDTH) % LAP - TARGET_WIDTH


@dataclass
class ShootingGallery:
    """State of one play of a gallery test. Time only moves through advance(dt)."""

    spec: GallerySpec
    rng: random.Random
    settings: GameSettings = field(default_factory=GameSettings)
    phase: Phase = Phase.PLAYING
    index: int = 0
    clock: float = 0.0  # time spent on the current question
    total_time: float = 0.0
    cooldown: float = 0.0
    streak: int = 0
    bonus_points: int = 0
    targets: list[Target] = field(default_factory=list)
    rail_count: int = 1
    selected: int | None = None  # keyboard choice; its rail stands still
    hovered: int | None = None  # under the mouse; its rail slows down
    revealed: int | None = None  # the right target, shown after a wrong hit or a timeout
    items: list[ItemResult] = field(default_factory=list)
    shots: list[Shot] = field(default_factory=list)
    feedback: FeedbackClock = field(default_factory=FeedbackClock)
    _reveal_shift: float = 0.0  # how far the revealed target's rail still has to glide

    game = GallerySpec.game

    def __post_init__(self) -> None:
        self._order = list(self.spec.questions)
        self.rng.shuffle(self._order)
        self._lay_out()

    # -- state --------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.phase == Phase.FINISHED

    @property
    def answered_all(self) -> bool:
        """Every question is answered (the last feedback may still show): the result is final."""
        return len(self.items) == len(self._order)

    @property
    def question(self) -> Question | None:
        return self._order[self.index] if self.index < len(self._order) else None

    @property
    def questions(self) -> list[Question]:
        """The questions in the order they are asked."""
        return list(self._order)

    @property
    def question_count(self) -> int:
        return len(self._order)

    @property
    def revealing(self) -> bool:
        """The right target is still gliding into view."""
        return bool(self._reveal_shift)

    @property
    def rail_ys(self) -> tuple[float, ...]:
        return RAILS_Y[self.rail_count]

    @property
    def time_limit(self) -> float | None:
        question = self.question
        return question.time_limit if question and self.settings.time_limits else None

    @property
    def time_left(self) -> float | None:
        limit = self.time_limit
        return None if limit is None else max(0.0, limit - self.clock)

    @property
    def time_left_fraction(self) -> float:
        limit = self.time_limit
        return 1.0 if limit is None else max(0.0, 1.0 - self.clock / limit)

    @property
    def points(self) -> int:
        return max(0, sum(item.points for item in self.items) + self.bonus_points)

    def result(self) -> GameResult:
        return GameResult(self.game, tuple(self.items), self.total_time, bonus=self.bonus_points)

    def rail_speed(self, row: int) -> float:
        """Field units per second of a rail now: it stands while one of its targets is chosen by
        keyboard (so the label can be read), slows under the mouse, stops during feedback."""
        if self.phase != Phase.PLAYING:
            return 0.0
        speed = RAIL_SPEEDS[row] * (REDUCED_MOTION if self.settings.reduced_motion else 1)
        if self.selected is not None and self.targets[self.selected].row == row:
            return 0.0
        if self.hovered is not None and self.targets[self.hovered].row == row:
            speed *= HOVER_SLOWDOWN
        return speed

    def speed_of(self, target: Target) -> float:
        return self.rail_speed(target.row)

    # -- actions ------------------------------------------------------------------------
    def advance(self, dt: float) -> None:
        if self.finished or dt <= 0:
            return
        self.total_time += dt
        self.cooldown = max(0.0, self.cooldown - dt)
        if self.phase == Phase.FEEDBACK:
            self._glide(dt)
            if self.feedback.advance(dt):
                self._next_question()
            return
        for row in range(self.rail_count):
            self._move_rail(row, self.rail_speed(row) * dt)
        self.clock += dt
        limit = self.time_limit
        if limit is not None and self.clock >= limit:
            self.clock = limit
            self._answer(None, Shot("timeout", FIELD_WIDTH / 2, FIELD_HEIGHT / 2))

    def hover(self, x: float | None, y: float | None) -> None:
        """The crosshair moved to a field position (None when it left the field)."""
        self.hovered = None if x is None or y is None else self._target_at(x, y)

    def select_next(self, step: int = 1) -> None:
        """Keyboard choice: the next target that is fully in view and still up, in one order
        that holds all question long (rail by rail, as laid out), never re-sorted. After the
        last one comes "none" (all rails move again), so a target out of view comes round."""
        if self.phase != Phase.PLAYING or not self.targets:
            return
        count = len(self.targets)
        direction = 1 if step > 0 else -1
        start = self.selected if self.selected is not None else (-1 if step > 0 else count)
        index = start + direction
        while 0 <= index < count:
            target = self.targets[index]
            if target.fully_visible and not target.down:
                self.selected = index
                return
            index += direction
        self.selected = None

    def deselect(self) -> None:
        self.selected = None

    def shoot_selected(self) -> bool:
        """Fire at the chosen target itself, even where another one overlaps its centre."""
        if self.selected is None:
            return False
        target = self.targets[self.selected]
        return self._fire(target.x + TARGET_WIDTH / 2, target.y + TARGET_HEIGHT / 2,
                          self.selected)

    def shoot_at(self, x: float, y: float) -> bool:
        """Fire at a field position. Returns whether a shot was fired (not cooling down)."""
        return self._fire(x, y, self._target_at(x, y))

    def _fire(self, x: float, y: float, index: int | None) -> bool:
        if self.phase != Phase.PLAYING or self.cooldown > 0:
            return False
        self.cooldown = COOLDOWN_S
        if index is None:
            self.shots.append(Shot("miss", x, y))
            return True
        target = self.targets[index]
        target.down = True
        if self.selected == index:
            self.selected = None
        if target.answer is None:
            self.bonus_points += BONUS_POINTS
            self.shots.append(Shot("bonus", x, y, BONUS_ID))
            return True
        answer = target.answer
        self._answer(answer, Shot("hit" if answer.correct else "wrong", x, y, answer.id))
        return True

    def proceed(self) -> bool:
        """Go on from the feedback before it ends by itself (not within FEEDBACK_MIN_S)."""
        if self.phase != Phase.FEEDBACK or not self.feedback.may_skip:
            return False
        self._next_question()
        return True

    def take_shots(self) -> list[Shot]:
        """Shots since the last call, for the view's animations and sounds."""
        shots, self.shots = self.shots, []
        return shots

    # -- internals ----------------------------------------------------------------------
    def _target_at(self, x: float, y: float) -> int | None:
        # Later targets are drawn on top, so they take the hit where two overlap.
        for index in range(len(self.targets) - 1, -1, -1):
            target = self.targets[index]
            if not target.down and target.contains(x, y):
                return index
        return None

    def _move_rail(self, row: int, distance: float) -> None:
        if distance:
            for target in self.targets:
                if target.row == row:
                    target.x = wrap(target.x + distance)

    def _answer(self, answer: Answer | None, shot: Shot) -> None:
        question = self.question
        assert question is not None
        correct = bool(answer and answer.correct)
        self.streak = self.streak + 1 if correct else 0
        points = answer_points(correct, self.streak,
                               self.time_left_fraction if self.time_limit is not None else None,
                               WRONG_POINTS if answer else 0)
        item = ItemResult(
            question.id, question.prompt, answer.id if answer else "",
            answer.text if answer else "", correct, round(self.clock, 3), points,
            question.right_answer.text,
            answer.feedback if answer else "",
            "" if correct else question.right_answer.feedback)
        self.items.append(item)
        self.shots.append(shot)
        self.phase = Phase.FEEDBACK
        self.feedback = FeedbackClock(
            reading_seconds(f"{item.feedback} {item.right_feedback}".strip())
            if self.settings.time_limits else None)
        self.selected = None
        self.hovered = None
        if not correct:
            self._reveal(question.right_answer.id)

    def _reveal(self, answer_id: str) -> None:
        """Bring the right target fully into view (its whole rail glides there)."""
        index = next(i for i, t in enumerate(self.targets) if t.id == answer_id)
        self.revealed = index
        target = self.targets[index]
        target.down = False
        low, high = EDGE, FIELD_WIDTH - TARGET_WIDTH - EDGE
        if low <= target.x <= high:
            self._reveal_shift = 0.0
            return
        forward = (low - target.x) % LAP  # moving right until the left edge reaches low
        backward = (target.x - high) % LAP  # moving left until it reaches high
        self._reveal_shift = forward if forward <= backward else -backward
        if self.settings.reduced_motion:  # no glide: it is simply there
            self._glide(float("inf"))

    def _glide(self, dt: float) -> None:
        if not self._reveal_shift or self.revealed is None:
            return
        step = min(abs(self._reveal_shift), REVEAL_SPEED * dt)
        step = step if self._reveal_shift > 0 else -step
        self._reveal_shift -= step
        self._move_rail(self.targets[self.revealed].row, step)

    def _next_question(self) -> None:
        self.index += 1
        self.clock = 0.0
        self.cooldown = 0.0
        self.revealed = None
        self._reveal_shift = 0.0
        self.feedback = FeedbackClock()
        if self.index >= len(self._order):
            self.phase = Phase.FINISHED
            self.targets = []
            return
        self.phase = Phase.PLAYING
        self._lay_out()

    def _lay_out(self) -> None:
        """Targets for the current question: two or more per rail, evenly spaced round the
        lap with a little jitter, so no two on a rail ever overlap."""
        question = self.question
        if question is None:
            self.phase = Phase.FINISHED
            return
        riders: list[Answer | None] = list(question.answers)
        if self.rng.random() < BONUS_CHANCE:
            riders.append(None)
        self.rng.shuffle(riders)
        self.rail_count = max(1, min(MAX_RAILS, len(riders) // 2))
        ys = RAILS_Y[self.rail_count]
        self.targets = []
        for row in range(self.rail_count):
            on_rail = riders[row::self.rail_count]
            spacing = LAP / len(on_rail)
            jitter = max(0.0, min(MAX_JITTER, (spacing - TARGET_WIDTH - MIN_GAP) / 2))
            start = self.rng.uniform(0, LAP)
            rail = [Target(rider, row, wrap(start + n * spacing + self.rng.uniform(-jitter,
                                                                                    jitter)),
                           ys[row]) for n, rider in enumerate(on_rail)]
            self.targets += sorted(rail, key=lambda t: t.x)
        self.selected = None
        self.hovered = None
