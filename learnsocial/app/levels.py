"""Levels: what the points add up to, with a name the map and the profile show.

Points are the best of each chapter's tests, so a level is never lost. The floors are set from
the shipped course (benchmarks/points_per_level.py prints the figures): a learner who passes
every test with about four answers in five right climbs about one level per chapter and reaches
level 6 at the end; the last level asks for near-perfect, quick tests.
"""
from __future__ import annotations

from dataclasses import dataclass

from learnsocial.i18n import _

FLOORS = (0, 800, 1800, 2900, 3800, 5200, 7500)  # points at which each level starts


def _names() -> tuple[str, ...]:
    return (_("Newcomer"), _("Explorer"), _("Contributor"), _("Networker"),
            _("Community builder"), _("Ambassador"), _("Trailblazer"))


@dataclass(frozen=True)
class Level:
    number: int  # 1 for the first level
    points: int  # the learner's points

    @property
    def name(self) -> str:
        return _names()[self.number - 1]

    @property
    def title(self) -> str:
        """'Level 3 · Contributor'."""
        return _("Level {number} · {name}").format(number=self.number, name=self.name)

    @property
    def floor(self) -> int:
        return FLOORS[self.number - 1]

    @property
    def next_floor(self) -> int | None:
        """Points at which the next level starts; None at the top."""
        return FLOORS[self.number] if self.number < len(FLOORS) else None

    @property
    def share(self) -> float:
        """How far towards the next level, 0..1 (1 at the top)."""
        if self.next_floor is None:
            return 1.0
        return (self.points - self.floor) / (self.next_floor - self.floor)

    @property
    def to_next(self) -> int:
        return 0 if self.next_floor is None else self.next_floor - self.points


def level_for(points: int) -> Level:
    number = sum(1 for floor in FLOORS if points >= floor)
    return Level(max(1, number), max(0, points))
