"""Games played in rounds: each round shows a prompt and options, the learner picks one.

Sorting (a card -> its bin), sequencing (which step comes next?) and pairing (an item -> its
partner) share this shape; each module only says what its rounds are. Feedback is immediate:
after a pick the round shows right or wrong for FEEDBACK_S, then the next round starts.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from learnsocial.games.base import GameResult, GameSettings, ItemResult

FEEDBACK_S = 1.4
CORRECT_POINTS = 100
STREAK_POINTS = 25
STREAK_CAP = 100
SPEED_POINTS = 50
SPEED_WINDOW_S = 15.0  # picking within this time earns speed points (when time limits are on)

PLAYING, FEEDBACK, FINISHED = "playing", "feedback", "finished"


@dataclass(frozen=True)
class Option:
    id: str
    text: str


@dataclass(frozen=True)
class Round:
    item_id: str
    prompt: str  # the card, the left item, or "step 3"
    options: tuple[Option, ...]
    answer_id: str
    explanation: str


@dataclass
class RoundGame:
    """State of one play. Subclasses build the rounds; time moves only through advance(dt)."""

    rng: random.Random
    settings: GameSettings = field(default_factory=GameSettings)
    phase: str = PLAYING
    index: int = 0
    clock: float = 0.0
    total_time: float = 0.0
    feedback_left: float = 0.0
    streak: int = 0
    selected: int | None = None  # keyboard focus among the current options
    items: list[ItemResult] = field(default_factory=list)
    picks: list[tuple[str, str, bool]] = field(default_factory=list)  # (item, option, correct)
    events: list[str] = field(default_factory=list)

    game = "rounds"

    def __post_init__(self) -> None:
        self.rounds: list[Round] = []
        self.start()

    def start(self) -> None:
        raise NotImplementedError

    # -- state --------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.phase == FINISHED

    @property
    def current(self) -> Round | None:
        return self.rounds[self.index] if self.index < len(self.rounds) else None

    @property
    def round_count(self) -> int:
        return len(self.rounds)

    @property
    def points(self) -> int:
        return max(0, sum(item.points for item in self.items))

    @property
    def last_correct(self) -> bool | None:
        return self.items[-1].correct if self.phase == FEEDBACK and self.items else None

    def result(self) -> GameResult:
        return GameResult(self.game, tuple(self.items), self.total_time)

    def option_text(self, round_: Round, option_id: str) -> str:
        return next((o.text for o in round_.options if o.id == option_id), "")

    # -- actions ------------------------------------------------------------------------
    def select_next(self, step: int = 1) -> None:
        current = self.current
        if self.phase != PLAYING or current is None:
            return
        count = len(current.options)
        if self.selected is None:
            self.selected = 0 if step > 0 else count - 1
        else:
            self.selected = (self.selected + step) % count

    def pick_selected(self) -> bool:
        current = self.current
        if self.selected is None or current is None:
            return False
        return self.pick(current.options[self.selected].id)

    def pick(self, option_id: str) -> bool:
        """Choose an option for the current round. Returns whether the pick was taken."""
        current = self.current
        if self.phase != PLAYING or current is None or \
                option_id not in {o.id for o in current.options}:
            return False
        correct = option_id == current.answer_id
        points = 0
        if correct:
            self.streak += 1
            points = CORRECT_POINTS + min(STREAK_CAP, STREAK_POINTS * (self.streak - 1))
            if self.settings.time_limits:
                points += round(SPEED_POINTS * max(0.0, 1 - self.clock / SPEED_WINDOW_S))
        else:
            self.streak = 0
        self.items.append(ItemResult(
            current.item_id, current.prompt, option_id, self.option_text(current, option_id),
            correct, round(self.clock, 3), points,
            self.option_text(current, current.answer_id), current.explanation))
        self.picks.append((current.item_id, option_id, correct))
        self.events.append("right" if correct else "wrong")
        self.phase = FEEDBACK
        self.feedback_left = FEEDBACK_S
        return True

    def advance(self, dt: float) -> None:
        if self.finished or dt <= 0:
            return
        self.total_time += dt
        if self.phase == FEEDBACK:
            self.feedback_left -= dt
            if self.feedback_left <= 0:
                self.index += 1
                self.clock = 0.0
                self.selected = None
                self.phase = PLAYING if self.index < len(self.rounds) else FINISHED
            return
        self.clock += dt

    def take_events(self) -> list[str]:
        events, self.events = self.events, []
        return events
