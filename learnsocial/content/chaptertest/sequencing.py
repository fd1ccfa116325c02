"""Sequencing's format: steps, listed in the right order; the game shuffles them."""
from __future__ import annotations

from dataclasses import dataclass

from learnsocial.content.problems import Problems
from learnsocial.content.schema import ID, TEST_COMMON, listing, record, text
from learnsocial.content.yamlfile import Fields
from learnsocial.i18n import _

GAME = "sequencing"
STEP_SCHEMA = record({
    "id": ID,
    "text": text(60, "The step."),
    "explanation": text(140, "One line on the results screen."),
}, ("id", "text", "explanation"))
SCHEMA = record({"game": {"const": GAME}, **TEST_COMMON,
                 "prompt": text(110, "The task, shown above the steps."),
                 "steps": listing(STEP_SCHEMA, 3, 8)},
                ("game", "prompt", "steps"),
                "Sequencing: the steps, listed in the right order; the game shuffles them.")


@dataclass(frozen=True)
class Step:
    id: str
    text: str
    explanation: str


@dataclass(frozen=True)
class SequencingSpec:
    prompt: str
    steps: tuple[Step, ...]
    game = GAME

    def structure(self) -> list:
        return [s.id for s in self.steps]

    def items(self) -> list[tuple[str, str]]:
        return [(s.id, s.text) for s in self.steps[:-1]]

    def response_text(self, item_id: str, response_id: str) -> str:
        return next((s.text for s in self.steps if s.id == response_id), response_id)


def parse(fields: Fields, problems: Problems, path: str) -> SequencingSpec:
    steps: list[Step] = []
    seen: set[str] = set()
    for node in fields.entries("steps"):
        s = Fields(node, problems, path, STEP_SCHEMA, _("a step"))
        steps.append(Step(s.unique_id(seen), s.text("text"), s.text("explanation")))
    if fields.is_list("steps") and not 3 <= len(steps) <= 8:
        problems.at(path, fields.node_of("steps"), _("a sequencing test needs 3 to 8 steps, not "
                                                     "{count}").format(count=len(steps)))
    return SequencingSpec(fields.text("prompt"), tuple(steps))
