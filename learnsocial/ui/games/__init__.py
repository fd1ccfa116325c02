"""Views of the test games, one per game type in learnsocial.games.registry."""
from __future__ import annotations

from typing import Protocol

import pygame

from learnsocial.games.gallery import ShootingGallery
from learnsocial.games.pairing import PairingGame
from learnsocial.games.registry import GameRules
from learnsocial.games.sequencing import SequencingGame
from learnsocial.games.sorting import SortingGame
from learnsocial.ui.games.feel import HyphenationWarmUp
from learnsocial.ui.games.gallery_view import GalleryView
from learnsocial.ui.games.pairing_view import PairingView
from learnsocial.ui.games.sequencing_view import SequencingView
from learnsocial.ui.games.sorting_view import SortingView
from learnsocial.ui.sound import Sounds
from learnsocial.ui.theme import Theme


class GameView(Protocol):
    def handle(self, event: pygame.event.Event) -> None: ...

    def update(self, dt: float) -> None: ...

    def draw(self, surface: pygame.Surface) -> None: ...

    def focus_label(self) -> str | None: ...

    def prepare(self, until: float, limit: float) -> None:
        """Lay out what comes, in a frame with time to spare before the game starts (see
        Scene.work_ahead)."""

    def relayout(self) -> None:
        """The text size or palette changed: measure again."""


def view_for(rules: GameRules, sounds: Sounds, theme: Theme, reduced_motion: bool = False,
             warm_up: HyphenationWarmUp | None = None) -> GameView:
    """The view that draws these rules and turns input into their actions."""
    if isinstance(rules, ShootingGallery):
        return GalleryView(rules, sounds, theme, reduced_motion, warm_up)
    if isinstance(rules, SortingGame):
        return SortingView(rules, sounds, theme, reduced_motion, warm_up)
    if isinstance(rules, SequencingGame):
        return SequencingView(rules, sounds, theme, reduced_motion, warm_up)
    if isinstance(rules, PairingGame):
        return PairingView(rules, sounds, theme, reduced_motion, warm_up)
    raise TypeError(f"no view for {type(rules).__name__}")
