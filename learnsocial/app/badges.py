"""Badges: earned from stored progress and attempts, so they never need storing themselves.

Each badge counts something towards a target ("3/5" on the profile). The targets are paced so
that a learner who plays the course in order and answers every question right, without
hurrying, earns them one or two at a time across the whole course and at most one in the first
chapter (tests/test_badge_pacing.py plays the shipped course to check it):

  chapter 1  first-chapter    chapter 4  quick        chapter 6  course, perfect-course
  chapter 2  top-marks        chapter 5  all-rounder  never at full marks: comeback
  chapter 3  halfway, on-a-roll
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from learnsocial.i18n import _, ngettext
from learnsocial.progress.records import Attempt, ChapterProgress
from learnsocial.progress.status import ChapterStatus

FAST_ANSWER_S = 6.0  # a right answer given within this time counts for "quick"
PERFECT_TESTS = 2  # chapters with a perfect test, for "top-marks"
STREAK = 20  # right answers in a row, across tests, for "on-a-roll"
QUICK_ANSWERS = 25  # right answers within FAST_ANSWER_S, for "quick"


@dataclass(frozen=True)
class Badge:
    id: str
    icon: str  # a shape name the UI knows how to draw (learnsocial/ui/badge_art.py)

    @property
    def title(self) -> str:
        return {
            "first-chapter": _("First steps"),
            "top-marks": _("Top marks"),
            "halfway": _("Halfway there"),
            "on-a-roll": _("On a roll"),
            "quick": _("Quick thinker"),
            "all-rounder": _("All-rounder"),
            "course": _("Course completed"),
            "perfect-course": _("Perfect course"),
            "comeback": _("Never give up"),
        }[self.id]

    def description(self, target: int) -> str:
        """How the badge is earned, for a target of so many."""
        texts = {
            "first-chapter": lambda: _("Complete your first chapter"),
            "top-marks": lambda: ngettext(
                "Answer every question of a test right, in {count} chapter",
                "Answer every question of a test right, in {count} chapters", target),
            "halfway": lambda: ngettext("Complete {count} chapter of the course",
                                        "Complete {count} chapters of the course", target),
            "on-a-roll": lambda: ngettext("Give {count} right answer in a row",
                                          "Give {count} right answers in a row", target),
            "quick": lambda: ngettext(
                "Give {count} right answer within {seconds} seconds",
                "Give {count} right answers, each within {seconds} seconds", target),
            "all-rounder": lambda: ngettext("Pass a test of every kind ({count} kind)",
                                            "Pass a test of every kind ({count} kinds)", target),
            "course": lambda: _("Complete every chapter of the course"),
            "perfect-course": lambda: _("Answer every question right in every chapter's test"),
            "comeback": lambda: _("Pass a test that you did not pass before"),
        }
        return texts[self.id]().format(count=target, seconds=round(FAST_ANSWER_S))


BADGES = (Badge("first-chapter", "flag"), Badge("top-marks", "star"), Badge("halfway", "path"),
          Badge("on-a-roll", "flame"), Badge("quick", "bolt"),
          Badge("all-rounder", "compass"), Badge("course", "crown"),
          Badge("perfect-course", "trophy"), Badge("comeback", "arrow"))


@dataclass(frozen=True)
class BadgeProgress:
    """How far a learner is towards one badge."""

    badge: Badge
    count: int
    target: int

    @property
    def earned(self) -> bool:
        return self.count >= self.target

    @property
    def label(self) -> str:
        """"3/5": never more than the target."""
        return f"{min(self.count, self.target)}/{self.target}"

    @property
    def description(self) -> str:
        return self.badge.description(self.target)


def standings(progress: Mapping[str, ChapterProgress], attempts: Iterable[Attempt],
              games: Mapping[str, str | None]) -> list[BadgeProgress]:
    """Every badge with its count and target, in the order of BADGES.

    progress: chapter id -> ChapterProgress; attempts: oldest first; games: the course's chapter
    ids in order, each with its test's game type (None for a chapter without a test)."""
    chapters = list(games)
    completed = {cid for cid, p in progress.items()
                 if p.status == ChapterStatus.COMPLETED and cid in games}
    kinds = {game for game in games.values() if game}
    perfect: set[str] = set()
    passed_kinds: set[str] = set()
    failed_before: set[str] = set()
    comeback = 0
    streak = best_streak = quick = 0
    for attempt in attempts:  # oldest first
        if attempt.score >= 1.0 and attempt.answers:
            perfect.add(attempt.chapter_id)
        if attempt.passed:
            passed_kinds.add(games.get(attempt.chapter_id) or attempt.game)
            if attempt.chapter_id in failed_before:
                comeback = 1
        else:
            failed_before.add(attempt.chapter_id)
        for answer in attempt.answers:
            streak = streak + 1 if answer.correct else 0
            best_streak = max(best_streak, streak)
            quick += int(answer.correct and answer.time_s <= FAST_ANSWER_S)
    half = max(1, math.ceil(len(chapters) / 2))
    counts = {
        "first-chapter": (min(1, len(completed)), 1),
        "top-marks": (len(perfect), PERFECT_TESTS),
        "halfway": (len(completed), half),
        "on-a-roll": (best_streak, STREAK),
        "quick": (quick, QUICK_ANSWERS),
        "all-rounder": (len(passed_kinds & kinds), max(1, len(kinds))),
        "course": (len(completed), max(1, len(chapters))),
        "perfect-course": (len(perfect & set(chapters)), max(1, len(chapters))),
        "comeback": (comeback, 1),
    }
    return [BadgeProgress(badge, *counts[badge.id]) for badge in BADGES]


def earned(progress: Mapping[str, ChapterProgress], attempts: Iterable[Attempt],
           games: Mapping[str, str | None]) -> list[Badge]:
    """Badges earned, in the order of BADGES (arguments as for standings)."""
    return [s.badge for s in standings(progress, attempts, games) if s.earned]
