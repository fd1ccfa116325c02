"""What every game's rules share: phases, the result of a played test, and how it is scored."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

CORRECT_POINTS = 100
STREAK_POINTS = 25  # for each right answer in a row after the first...
STREAK_CAP = 100  # ...up to this bonus
SPEED_POINTS = 50  # at most, for an instant answer (only while time limits are on)

# After an answer its feedback stays on screen long enough to be read, then the game goes on by
# itself; Space, Enter or a click go on sooner, but never within FEEDBACK_MIN_S (a double click
# must not skip it unread). Without time limits the feedback waits for the learner.
FEEDBACK_MIN_S = 0.8
FEEDBACK_BASE_S = 2.5
FEEDBACK_MAX_S = 12.0
READING_CHARS_PER_S = 16.0


class Phase(StrEnum):
    PLAYING = "playing"  # waiting for the learner's answer
    FEEDBACK = "feedback"  # the answer is shown as right or wrong for a moment
    FINISHED = "finished"


@dataclass(frozen=True)
class GameSettings:
    """Player settings that change the rules (not the content)."""

    time_limits: bool = True
    reduced_motion: bool = False


def answer_points(correct: bool, streak: int, speed_share: float | None,
                  wrong_points: int = 0) -> int:
    """Points for one answer: the one scoring rule of every game.

    streak counts the right answers in a row including this one; speed_share is the share of
    the time still left (1.0: instant), or None when speed does not count."""
    if not correct:
        return wrong_points
    points = CORRECT_POINTS + min(STREAK_CAP, STREAK_POINTS * max(0, streak - 1))
    if speed_share is not None:
        points += round(SPEED_POINTS * max(0.0, min(1.0, speed_share)))
    return points


def reading_seconds(text: str) -> float:
    """How long a feedback stays by itself: a moment plus the time to read it, within bounds."""
    return min(FEEDBACK_MAX_S, max(FEEDBACK_BASE_S, 1.5 + len(text) / READING_CHARS_PER_S))


@dataclass
class FeedbackClock:
    """The pause after an answer: how long it has shown, and when it ends by itself."""

    length: float | None = None  # seconds until it ends by itself; None: waits for the learner
    elapsed: float = 0.0

    def advance(self, dt: float) -> bool:
        """Let time pass; True when the feedback is over."""
        self.elapsed += dt
        return self.length is not None and self.elapsed >= self.length

    @property
    def may_skip(self) -> bool:
        return self.elapsed >= FEEDBACK_MIN_S

    @property
    def share_left(self) -> float | None:
        """0..1 of the time left before it ends by itself (None when it waits)."""
        if self.length is None:
            return None
        return max(0.0, 1.0 - self.elapsed / self.length)


@dataclass(frozen=True)
class ItemResult:
    """One answered question or placed item, with everything the results screen shows."""

    item_id: str
    prompt: str
    response_id: str  # what the learner chose ("" when time ran out)
    response: str  # its text
    correct: bool
    time_s: float
    points: int
    right_answer: str
    feedback: str  # why the response is right, or why this tempting answer is wrong
    right_feedback: str = ""  # why the right answer is right, when the response was not


@dataclass(frozen=True)
class GameResult:
    game: str
    items: tuple[ItemResult, ...] = field(default_factory=tuple)
    duration_s: float = 0.0
    order: tuple[str, ...] = ()  # sequencing: the order built, step ids
    bonus: int = 0  # points from bonus targets: they add points, never accuracy

    @property
    def score(self) -> float:
        """Accuracy in 0..1: the only thing pass or fail depends on."""
        if not self.items:
            return 0.0
        return sum(1 for item in self.items if item.correct) / len(self.items)

    @property
    def right(self) -> int:
        return sum(1 for item in self.items if item.correct)

    @property
    def points(self) -> int:
        """Points for answers, speed, streaks and bonus targets; never below zero."""
        return max(0, sum(item.points for item in self.items) + self.bonus)

    def passed(self, pass_mark: float) -> bool:
        return self.score >= pass_mark - 1e-9
