"""The rules of each game type, created from a chapter test's spec.

Every rules object is made the same way, `Rules(spec, rng, settings)`, and answers to the
GameRules protocol that the test scene relies on.
"""
from __future__ import annotations

import random
from typing import Protocol

from learnsocial.content.chaptertest import TestSpec
from learnsocial.games.base import GameResult, GameSettings, Phase
from learnsocial.games.gallery import ShootingGallery
from learnsocial.games.pairing import PairingGame
from learnsocial.games.sequencing import SequencingGame
from learnsocial.games.sorting import SortingGame


class GameRules(Protocol):
    game: str
    phase: Phase

    @property
    def finished(self) -> bool: ...

    @property
    def answered_all(self) -> bool: ...

    def proceed(self) -> bool: ...

    def advance(self, dt: float) -> None: ...

    def result(self) -> GameResult: ...


RULES: dict[str, type] = {
    rules.game: rules for rules in (ShootingGallery, SortingGame, SequencingGame, PairingGame)
}


def create_rules(spec: TestSpec, seed: int, settings: GameSettings | None = None) -> GameRules:
    """A fresh, seeded rules object for one play of a test."""
    rules: GameRules = RULES[spec.game](spec, random.Random(seed), settings or GameSettings())
    return rules
