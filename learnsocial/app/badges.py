"""Badges: earned from stored progress and attempts, so they never need storing themselves."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from learnsocial.i18n import _
from learnsocial.progress.records import Attempt, ChapterProgress, ChapterStatus

FAST_ANSWER_S = 6.0  # "flawless and fast": every answer of a perfect test within this time


@dataclass(frozen=True)
class Badge:
    id: str
    icon: str  # a shape name the UI knows how to draw

    @property
    def title(self) -> str:
        return {
            "first-chapter": _("First steps"),
            "perfect": _("Perfect test"),
            "flawless-fast": _("Flawless and fast"),
            "comeback": _("Never give up"),
            "course": _("Course completed"),
        }[self.id]

    @property
    def description(self) -> str:
        return {
            "first-chapter": _("Completed your first chapter"),
            "perfect": _("Answered every question of a test right"),
            "flawless-fast": _("A perfect test with every answer in under {seconds} seconds")
            .format(seconds=round(FAST_ANSWER_S)),
            "comeback": _("Passed a test after not passing it"),
            "course": _("Completed every chapter of the course"),
        }[self.id]


BADGES = (Badge("first-chapter", "flag"), Badge("perfect", "star"),
          Badge("flawless-fast", "bolt"), Badge("comeback", "arrow"), Badge("course", "crown"))


def earned(progress: Mapping[str, ChapterProgress], attempts: Iterable[Attempt],
           chapter_ids: list[str]) -> list[Badge]:
    """Badges earned, in the order of BADGES. progress: chapter id -> ChapterProgress."""
    attempts = list(attempts)
    completed = {cid for cid, p in progress.items() if p.status == ChapterStatus.COMPLETED}
    got: set[str] = set()
    if completed:
        got.add("first-chapter")
    if chapter_ids and set(chapter_ids) <= completed:
        got.add("course")
    failed_before: set[str] = set()
    for attempt in attempts:  # oldest first
        if attempt.score >= 1.0 and attempt.answers:
            got.add("perfect")
            if all(a.time_s <= FAST_ANSWER_S for a in attempt.answers):
                got.add("flawless-fast")
        if attempt.passed and attempt.chapter_id in failed_before:
            got.add("comeback")
        if not attempt.passed:
            failed_before.add(attempt.chapter_id)
    return [badge for badge in BADGES if badge.id in got]
