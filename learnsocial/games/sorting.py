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
        right = {c.id: c.bin for c in self.spec.cards}
        counts: dict[str, int] = {}
        for pick in self.picks:
            counts[right[pick.item_id]] = counts.get(right[pick.item_id], 0) + 1
        return counts
