"""Pairing's format: items on the left, each with its partner on the right."""
from __future__ import annotations

from dataclasses import dataclass

from learnsocial.content.problems import Problems
from learnsocial.content.schema import FEEDBACK, ID, TEST_COMMON, listing, record, text
from learnsocial.content.yamlfile import Fields
from learnsocial.i18n import _

GAME = "pairing"
PAIR_SCHEMA = record({
    "id": ID,
    "left": text(30, "The item on the left, e.g. a role."),
    "right": text(70, "Its partner on the right, e.g. the duty."),
    "feedback": FEEDBACK,
}, ("id", "left", "right", "feedback"))
SCHEMA = record({"game": {"const": GAME}, **TEST_COMMON,
                 "prompt": text(110, "The task, shown above the items."),
                 "pairs": listing(PAIR_SCHEMA, 3, 8)},
                ("game", "prompt", "pairs"),
                "Pairing: match each left item with its right partner.")


@dataclass(frozen=True)
class Pair:
    id: str
    left: str
    right: str
    feedback: str


@dataclass(frozen=True)
class PairingSpec:
    prompt: str
    pairs: tuple[Pair, ...]
    game = GAME

    def structure(self) -> list:
        return sorted(p.id for p in self.pairs)

    def items(self) -> list[tuple[str, str]]:
        return [(p.id, p.left) for p in self.pairs]

    def response_text(self, item_id: str, response_id: str) -> str:
        return next((p.right for p in self.pairs if p.id == response_id), response_id)


def parse(fields: Fields, problems: Problems, path: str) -> PairingSpec:
    pairs: list[Pair] = []
    seen: set[str] = set()
    for node in fields.entries("pairs"):
        p = Fields(node, problems, path, PAIR_SCHEMA, _("a pair"))
        pairs.append(Pair(p.unique_id(seen), p.text("left"), p.text("right"),
                          p.text("feedback")))
    if fields.is_list("pairs") and not 3 <= len(pairs) <= 8:
        problems.at(path, fields.node_of("pairs"), _("a pairing test needs 3 to 8 pairs, not "
                                                     "{count}").format(count=len(pairs)))
    return PairingSpec(fields.text("prompt"), tuple(pairs))
