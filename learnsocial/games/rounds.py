"""Games played in rounds: each round shows a prompt and options, the learner picks one.

Sorting (a card -> its bin), sequencing (which step comes next?) and pairing (an item -> its
partner) share this shape; each module only says what its rounds are. After a pick the round
shows right or wrong with the content's feedback long enough to read it (games.base
reading_seconds; without time limits until the learner goes on), then the next round starts.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Generic, TypeVar

from learnsocial.content.chaptertest import TestSpec
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

FEEDBACK_S = FEEDBACK_MAX_S  # the longest a feedback shows by itself (time limits on)
SPEED_WINDOW_S = 15.0  # picking within this time earns speed points (when time limits are on)

SpecT = TypeVar("SpecT", bound=TestSpec)


@dataclass(frozen=True)
class Option:
    id: str
    text: str


@dataclass(frozen=True)
class Round:
    item_id: str
    prompt: str  # the card, the left item, or "step 3"
    options: tuple[Option, ...]
    answer_id: str  # the right option shown after a wrong pick
    feedback: str
    accepted: frozenset[str] = frozenset()  # every right option (default: answer_id alone)

    def is_right(self, option_id: str) -> bool:
        return option_id in (self.accepted or {self.answer_id})


@dataclass(frozen=True)
class Pick:
    item_id: str
    option_id: str
    correct: bool


class RoundGame(Generic[SpecT]):
    """State of one play. Subclasses build the rounds; time moves only through advance(dt)."""

    game = "rounds"

    def __init__(self, spec: SpecT, rng: random.Random, settings: GameSettings | None = None):
        self.spec = spec
        self.rng = rng
        self.settings = settings or GameSettings()
        self.phase = Phase.PLAYING
        self.index = 0
        self.clock = 0.0
        self.total_time = 0.0
        self.feedback = FeedbackClock()
        self.streak = 0
        self.selected: int | None = None  # keyboard focus among the current options
        self.items: list[ItemResult] = []
        self.picks: list[Pick] = []
        self.events: list[str] = []
        self.rounds: list[Round] = self.build_rounds()

    def build_rounds(self) -> list[Round]:
        raise NotImplementedError

    # -- state --------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.phase == Phase.FINISHED

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
        return self.items[-1].correct if self.phase == Phase.FEEDBACK and self.items else None

    @property
    def answered_all(self) -> bool:
        """Every round is answered (the last feedback may still show): the result is final."""
        return len(self.items) >= self.round_count

    @property
    def done(self) -> int:
        """Rounds answered so far (the one showing its feedback included)."""
        if self.finished:
            return len(self.rounds)
        return self.index + (1 if self.phase == Phase.FEEDBACK else 0)

    def result(self) -> GameResult:
        return GameResult(self.game, tuple(self.items), self.total_time)

    def option_text(self, round_: Round, option_id: str) -> str:
        return next((o.text for o in round_.options if o.id == option_id), "")

    # -- actions ------------------------------------------------------------------------
    def select_next(self, step: int = 1) -> None:
        current = self.current
        if self.phase != Phase.PLAYING or current is None:
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
        if self.phase != Phase.PLAYING or current is None or \
                option_id not in {o.id for o in current.options}:
            return False
        correct = current.is_right(option_id)
        self.streak = self.streak + 1 if correct else 0
        speed = 1 - self.clock / SPEED_WINDOW_S if self.settings.time_limits else None
        points = answer_points(correct, self.streak, speed)
        self.items.append(ItemResult(
            current.item_id, current.prompt, option_id, self.option_text(current, option_id),
            correct, round(self.clock, 3), points,
            self.option_text(current, current.answer_id),
            self.feedback_for(current, option_id, correct)))
        self.picks.append(Pick(current.item_id, option_id, correct))
        self.events.append("right" if correct else "wrong")
        self.phase = Phase.FEEDBACK
        self.feedback = FeedbackClock(reading_seconds(self.items[-1].feedback)
                                      if self.settings.time_limits else None)
        self.picked(self.picks[-1])
        return True

    def proceed(self) -> bool:
        """Go on from the feedback before it ends by itself (not within FEEDBACK_MIN_S)."""
        if self.phase != Phase.FEEDBACK or not self.feedback.may_skip:
            return False
        self._next_round()
        return True

    def _next_round(self) -> None:
        self.index += 1
        self.clock = 0.0
        self.selected = None
        self.feedback = FeedbackClock()
        self.phase = Phase.PLAYING if self.index < len(self.rounds) else Phase.FINISHED

    def feedback_for(self, round_: Round, option_id: str, correct: bool) -> str:
        """What is said after a pick (the item's feedback unless a game knows better)."""
        return round_.feedback

    def picked(self, pick: Pick) -> None:
        """Called after each pick; a game whose rounds depend on earlier picks adds them here."""

    def advance(self, dt: float) -> None:
        if self.finished or dt <= 0:
            return
        self.total_time += dt
        if self.phase == Phase.FEEDBACK:
            if self.feedback.advance(dt):
                self._next_round()
            return
        self.clock += dt

    def take_events(self) -> list[str]:
        events, self.events = self.events, []
        return events
