"""What every game's rules share: the result of a played test and how it is scored."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GameSettings:
    """Player settings that change the rules (not the content)."""

    time_limits: bool = True
    reduced_motion: bool = False


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
    explanation: str


@dataclass(frozen=True)
class GameResult:
    game: str
    items: tuple[ItemResult, ...] = field(default_factory=tuple)
    duration_s: float = 0.0

    @property
    def score(self) -> float:
        """Accuracy in 0..1: the only thing pass or fail depends on."""
        if not self.items:
            return 0.0
        return sum(1 for item in self.items if item.correct) / len(self.items)

    @property
    def points(self) -> int:
        """Points for speed and streaks; never below zero."""
        return max(0, sum(item.points for item in self.items))

    def passed(self, pass_mark: float) -> bool:
        return self.score >= pass_mark - 1e-9
