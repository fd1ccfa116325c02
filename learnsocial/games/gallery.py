"""The shooting gallery: answers ride on targets along fairground rails; shoot the right one.

Rules only. The field is a fixed coordinate space (FIELD_WIDTH x FIELD_HEIGHT); a view scales it
to wherever it draws, so window size never changes what is hit. Each question ends at the first
target hit (right or wrong) or when its time runs out; a miss costs only the cooldown, so spraying
does not pay, and a wrong hit costs points.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from learnsocial.content.chaptertest.gallery import Answer, GallerySpec, Question
from learnsocial.games.base import GameResult, GameSettings, ItemResult, Phase, answer_points

FIELD_WIDTH = 1200.0
FIELD_HEIGHT = 390.0
TARGET_WIDTH = 270.0
TARGET_HEIGHT = 96.0
ROW_Y = (70.0, 195.0, 320.0)  # centre of each rail
ROW_SPEEDS = (70.0, -95.0, 55.0)  # field units per second; the sign gives the direction
FOCUS_SLOWDOWN = 0.25  # the rail of a target under the crosshair or selected moves slower
REDUCED_MOTION = 0.5
COOLDOWN_S = 0.6
FEEDBACK_S = 1.3
WRONG_POINTS = -50


@dataclass
class Target:
    answer: Answer
    row: int
    x: float  # left edge in field units

    @property
    def y(self) -> float:
        return ROW_Y[self.row] - TARGET_HEIGHT / 2

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + TARGET_WIDTH and self.y <= y <= self.y + TARGET_HEIGHT


@dataclass(frozen=True)
class Shot:
    """Something the view may animate or play a sound for."""

    kind: str  # "hit", "wrong", "miss", "timeout"
    x: float
    y: float
    answer_id: str = ""


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
    feedback_left: float = 0.0
    streak: int = 0
    targets: list[Target] = field(default_factory=list)
    selected: int | None = None
    hovered: int | None = None
    items: list[ItemResult] = field(default_factory=list)
    shots: list[Shot] = field(default_factory=list)
    last_correct: bool | None = None

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
    def question(self) -> Question | None:
        return self._order[self.index] if self.index < len(self._order) else None

    @property
    def question_count(self) -> int:
        return len(self._order)

    @property
    def time_limit(self) -> float | None:
        question = self.question
        return question.time_limit if question and self.settings.time_limits else None

    @property
    def time_left_fraction(self) -> float:
        limit = self.time_limit
        return 1.0 if limit is None else max(0.0, 1.0 - self.clock / limit)

    @property
    def points(self) -> int:
        return max(0, sum(item.points for item in self.items))

    def result(self) -> GameResult:
        return GameResult(self.game, tuple(self.items), self.total_time)

    def speed_of(self, target: Target) -> float:
        speed = ROW_SPEEDS[target.row] * (REDUCED_MOTION if self.settings.reduced_motion else 1)
        # The whole rail slows while one of its targets has focus, so targets never bunch up.
        focused = {self.targets[i].row for i in (self.selected, self.hovered) if i is not None}
        if target.row in focused:
            speed *= FOCUS_SLOWDOWN
        return speed

    # -- actions ------------------------------------------------------------------------
    def advance(self, dt: float) -> None:
        if self.finished or dt <= 0:
            return
        self.total_time += dt
        self.cooldown = max(0.0, self.cooldown - dt)
        for target in self.targets:
            target.x += self.speed_of(target) * dt
            span = FIELD_WIDTH + TARGET_WIDTH
            target.x = (target.x + TARGET_WIDTH) % span - TARGET_WIDTH
        if self.phase == Phase.FEEDBACK:
            self.feedback_left -= dt
            if self.feedback_left <= 0:
                self._next_question()
            return
        self.clock += dt
        limit = self.time_limit
        if limit is not None and self.clock >= limit:
            self.clock = limit
            self._answer(None, Shot("timeout", FIELD_WIDTH / 2, FIELD_HEIGHT / 2))

    def hover(self, x: float | None, y: float | None) -> None:
        """The crosshair moved to a field position (None when it left the field)."""
        self.hovered = None if x is None or y is None else self._target_at(x, y)

    def select_next(self, step: int = 1) -> None:
        """Keyboard selection: step through targets top row first, left to right."""
        if self.phase != Phase.PLAYING or not self.targets:
            return
        order = sorted(range(len(self.targets)),
                       key=lambda i: (self.targets[i].row, self.targets[i].x))
        if self.selected not in order:
            self.selected = order[0] if step > 0 else order[-1]
        else:
            self.selected = order[(order.index(self.selected) + step) % len(order)]

    def shoot_selected(self) -> bool:
        if self.selected is None:
            return False
        target = self.targets[self.selected]
        return self.shoot_at(target.x + TARGET_WIDTH / 2, target.y + TARGET_HEIGHT / 2)

    def shoot_at(self, x: float, y: float) -> bool:
        """Fire at a field position. Returns whether a shot was fired (not cooling down)."""
        if self.phase != Phase.PLAYING or self.cooldown > 0:
            return False
        self.cooldown = COOLDOWN_S
        index = self._target_at(x, y)
        if index is None:
            self.shots.append(Shot("miss", x, y))
            return True
        answer = self.targets[index].answer
        self._answer(answer, Shot("hit" if answer.correct else "wrong", x, y, answer.id))
        return True

    def take_shots(self) -> list[Shot]:
        """Shots since the last call, for the view's animations and sounds."""
        shots, self.shots = self.shots, []
        return shots

    # -- internals ----------------------------------------------------------------------
    def _target_at(self, x: float, y: float) -> int | None:
        # Later targets are drawn on top, so they take the hit where two overlap.
        for index in range(len(self.targets) - 1, -1, -1):
            if self.targets[index].contains(x, y):
                return index
        return None

    def _answer(self, answer: Answer | None, shot: Shot) -> None:
        question = self.question
        assert question is not None
        correct = bool(answer and answer.correct)
        self.streak = self.streak + 1 if correct else 0
        points = answer_points(correct, self.streak,
                               self.time_left_fraction if self.time_limit is not None else None,
                               WRONG_POINTS if answer else 0)
        self.items.append(ItemResult(
            question.id, question.prompt, answer.id if answer else "",
            answer.text if answer else "", correct, round(self.clock, 3), points,
            question.right_answer.text,
            answer.feedback if answer else "",
            "" if correct else question.right_answer.feedback))
        self.shots.append(shot)
        self.last_correct = correct
        self.phase = Phase.FEEDBACK
        self.feedback_left = FEEDBACK_S
        self.selected = None

    def _next_question(self) -> None:
        self.index += 1
        self.clock = 0.0
        self.cooldown = 0.0
        self.last_correct = None
        if self.index >= len(self._order):
            self.phase = Phase.FINISHED
            self.targets = []
            return
        self.phase = Phase.PLAYING
        self._lay_out()

    def _lay_out(self) -> None:
        question = self.question
        if question is None:
            self.phase = Phase.FINISHED
            return
        answers = list(question.answers)
        self.rng.shuffle(answers)
        rows = len(ROW_Y)
        self.targets = []
        for index, answer in enumerate(answers):
            row = index % rows
            slot = index // rows  # second target on a rail sits half a lap behind the first
            x = self.rng.uniform(0, FIELD_WIDTH / 2 - TARGET_WIDTH) + slot * (FIELD_WIDTH / 2)
            self.targets.append(Target(answer, row, x))
        self.selected = None
        self.hovered = None
