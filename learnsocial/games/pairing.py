"""Pairing: match each item on the left (a role) with its partner on the right (its duty).

The left items come in a shuffled order; for each one the learner picks a partner among those
not yet matched. After a wrong pick the right pair is linked. The last pair, with one partner
left, is linked by itself and not scored.
"""
from __future__ import annotations

from learnsocial.content.chaptertest.pairing import Pair, PairingSpec
from learnsocial.games.rounds import Option, Round, RoundGame


class PairingGame(RoundGame[PairingSpec]):
    game = PairingSpec.game

    def build_rounds(self) -> list[Round]:
        order = list(self.spec.pairs)
        self.rng.shuffle(order)
        self.order: list[Pair] = order
        rights = [Option(p.id, p.right) for p in self.spec.pairs]
        self.rng.shuffle(rights)
        self.rights = tuple(rights)  # the right column keeps one order all game
        rounds = []
        for position, pair in enumerate(order[:-1]):
            open_ids = {p.id for p in order[position:]}
            options = tuple(o for o in self.rights if o.id in open_ids)
            rounds.append(Round(pair.id, pair.left, options, pair.id, pair.feedback))
        return rounds

    def matched(self) -> list[str]:
        """Pair ids linked so far (rightly, whatever was picked); from the last pick on, the last
        pair too, which links itself."""
        if self.answered_all:
            return [p.id for p in self.order]
        return [p.id for p in self.order[:self.done]]
