"""Sorting: each card goes into its labelled bin (e.g. examples into benefit areas)."""
from __future__ import annotations

from learnsocial.content.chaptertest.sorting import SortingSpec
from learnsocial.games.rounds import Option, Round, RoundGame


class SortingGame(RoundGame[SortingSpec]):
    game = SortingSpec.game

    def build_rounds(self) -> list[Round]:
        cards = list(self.spec.cards)
        self.rng.shuffle(cards)
        bins = tuple(Option(b.id, b.label) for b in self.spec.bins)
        return [Round(c.id, c.text, bins, c.bin, c.feedback) for c in cards]

    def sorted_into(self) -> dict[str, int]:
        """Bin id -> how many cards lie in it (each card lands in its right bin)."""
        return {bin_id: len(cards) for bin_id, cards in self.piles().items() if cards}

    def piles(self) -> dict[str, list[str]]:
        """Bin id -> the card ids in it, in the order they landed: a card picked for the wrong
        bin is moved on to its right one, so the piles always show the right sorting."""
        right = {c.id: c.bin for c in self.spec.cards}
        piles: dict[str, list[str]] = {b.id: [] for b in self.spec.bins}
        for pick in self.picks:
            piles[right[pick.item_id]].append(pick.item_id)
        return piles
