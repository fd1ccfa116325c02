"""Sequencing: build the sequence by choosing, each time, a step that may come next.

A pick is right when every step it must follow is already placed, so every order the sources
allow counts. A right pick is placed; after a wrong one the first step that could come next is
placed instead, so the sequence on screen always works. The last step is placed by itself and not
scored: with one step left there is nothing to choose.
"""
from __future__ import annotations

from dataclasses import replace

from learnsocial.content.chaptertest.sequencing import SequencingSpec, position_id
from learnsocial.games.base import GameResult
from learnsocial.games.rounds import Option, Pick, Round, RoundGame
from learnsocial.i18n import _


class SequencingGame(RoundGame[SequencingSpec]):
    game = SequencingSpec.game

    def build_rounds(self) -> list[Round]:
        self.sequence: list[str] = []
        return [self._round_for(0)] if len(self.spec.steps) > 1 else []

    def _round_for(self, position: int) -> Round:
        remaining = [Option(s.id, s.text) for s in self.spec.steps if s.id not in self.sequence]
        self.rng.shuffle(remaining)
        ready = self.spec.ready(self.sequence)
        first = ready[0]
        feedback = " ".join(s.feedback for s in ready) if len(ready) > 1 else first.feedback
        return Round(position_id(position), _("Step {number}").format(number=position + 1),
                     tuple(remaining), first.id, feedback, frozenset(s.id for s in ready))

    def feedback_for(self, round_: Round, option_id: str, correct: bool) -> str:
        step = self.spec.step(option_id)
        if correct:
            return step.feedback
        missing = [quoted(self.spec.step(s).text) for s in step.after if s not in self.sequence]
        right = self.spec.step(round_.answer_id)
        reason = _("{step} has to wait for {before}.").format(
            step=quoted(step.text), before=", ".join(missing)) if missing else ""
        return " ".join(part for part in (reason, right.feedback) if part)

    def picked(self, pick: Pick) -> None:
        current = self.rounds[-1]
        placed = pick.option_id if pick.correct else current.answer_id
        self.sequence.append(placed)
        if len(self.sequence) < len(self.spec.steps) - 1:
            self.rounds.append(self._round_for(len(self.sequence)))
        else:  # one step left: it places itself
            self.sequence += [s.id for s in self.spec.steps if s.id not in self.sequence]

    def result(self) -> GameResult:
        return replace(super().result(), order=tuple(self.placed()))

    @property
    def round_count(self) -> int:
        return max(0, len(self.spec.steps) - 1)

    def placed(self) -> list[str]:
        """Step ids in the sequence so far (picked when right, the next valid one when not); from
        the last pick on, the last step too, which places itself."""
        if self.finished or self.answered_all:
            return list(self.sequence)
        return self.sequence[:self.done]


def quoted(text: str) -> str:
    """A step's text in the language's quotation marks."""
    return _("“{text}”").format(text=text)
