"""A scripted learner for the app layer: plays a chapter's test through the real game rules,
answering a chosen share right after a chosen thinking time (no UI, no real clock)."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from learnsocial.content.model import Chapter
from learnsocial.games.base import GameResult, GameSettings, Phase
from learnsocial.games.gallery import ShootingGallery
from learnsocial.games.registry import create_rules


def play_test(chapter: Chapter, accuracy: float = 1.0, think_s: float = 3.0, seed: int = 1
              ) -> GameResult:
    """The result of one play: round(accuracy x items) answered right, the rest wrong."""
    assert chapter.test is not None
    rules = create_rules(chapter.test.spec, seed, GameSettings())
    count = len(chapter.test.spec.items())
    rng = random.Random(seed)
    right = set(rng.sample(range(count), round(accuracy * count)))
    number = 0
    while not rules.finished:
        if rules.phase != Phase.PLAYING:
            rules.advance(0.1)
            continue
        rules.advance(think_s)
        if rules.phase != Phase.PLAYING:
            continue  # the time ran out
        want = number in right
        if isinstance(rules, ShootingGallery):
            shoot_a_board(rules, want)
        else:
            current = rules.current
            options = [o.id for o in current.options if current.is_right(o.id) == want]
            rules.pick(options[0])
        number += 1
    return rules.result()


def shoot_a_board(rules: ShootingGallery, right: bool) -> None:
    """Choose a right (or wrong) answer's board with the keyboard once it is in view, and fire."""
    for _tick in range(2000):
        if rules.phase != Phase.PLAYING:
            return  # the time ran out while the boards went round
        rules.deselect()
        rules.select_next()
        while rules.selected is not None:
            answer = rules.targets[rules.selected].answer
            if answer is not None and answer.correct == right:
                assert rules.shoot_selected()
                return
            rules.select_next()
        rules.advance(0.05)
    raise AssertionError("no board with the wanted answer came into view")


class StepClock:
    """A clock that moves a minute on every reading, so attempts keep their order."""

    def __init__(self) -> None:
        self.now = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now
