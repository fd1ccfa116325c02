"""The game types a chapter's `test: game:` may name, each with its YAML parser and rules.

Adding a game type is one rules module (spec, parse, rules class) registered here, plus a view
registered in learnsocial.ui.games.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from learnsocial.games import gallery, pairing, sequencing, sorting
from learnsocial.games.base import GameSettings


@dataclass(frozen=True)
class GameType:
    name: str
    parse: Callable  # (Fields, Problems, path) -> spec with .structure()
    schema: dict  # JSON Schema of the chapter's `test:` mapping for this game
    create: Callable[[Any, random.Random, GameSettings], Any]


GAME_TYPES: dict[str, GameType] = {
    "gallery": GameType(
        "gallery", gallery.parse, gallery.SCHEMA,
        lambda spec, rng, settings: gallery.ShootingGallery(spec, rng, settings)),
    "sorting": GameType(
        "sorting", sorting.parse, sorting.SCHEMA,
        lambda spec, rng, settings: sorting.SortingGame(rng, settings, spec=spec)),
    "sequencing": GameType(
        "sequencing", sequencing.parse, sequencing.SCHEMA,
        lambda spec, rng, settings: sequencing.SequencingGame(rng, settings, spec=spec)),
    "pairing": GameType(
        "pairing", pairing.parse, pairing.SCHEMA,
        lambda spec, rng, settings: pairing.PairingGame(rng, settings, spec=spec)),
}


def create_rules(game: str, spec: Any, seed: int, settings: GameSettings | None = None):
    """A fresh, seeded rules object for one play of a test."""
    return GAME_TYPES[game].create(spec, random.Random(seed), settings or GameSettings())
