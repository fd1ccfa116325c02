"""Sequencing: put steps in order by choosing, each time, the step that comes next.

Authors list the steps in the right order. After a wrong choice the right step is placed, so the
sequence on screen is always correct so far. The last step is placed by itself and not scored:
with one step left there is nothing to choose.
"""
from __future__ import annotations

from learnsocial.content.chaptertest.sequencing import SequencingSpec
from learnsocial.games.rounds import Option, Round, RoundGame
from learnsocial.i18n import _


class SequencingGame(RoundGame[SequencingSpec]):
    game = SequencingSpec.game

    def build_rounds(self) -> list[Round]:
        steps = self.spec.steps
        rounds = []
        for position in range(len(steps) - 1):
            remaining = [Option(s.id, s.text) for s in steps[position:]]
            self.rng.shuffle(remaining)
            step = steps[position]
            prompt = _("Step {number}").format(number=position + 1)
            rounds.append(Round(step.id, prompt, tuple(remaining), step.id, step.explanation))
        return rounds

    def placed(self) -> list[str]:
        """Step ids in the sequence so far (the right ones, whatever was picked)."""
        if self.finished:
            return [s.id for s in self.spec.steps]
        return [s.id for s in self.spec.steps[:self.done]]
