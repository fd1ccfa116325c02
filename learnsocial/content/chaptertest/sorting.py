"""Sorting's format: cards, each belonging in one of a few labelled bins."""
from __future__ import annotations

from dataclasses import dataclass

from learnsocial.content.problems import Problems
from learnsocial.content.schema import FEEDBACK, ID, TEST_COMMON, listing, record, text
from learnsocial.content.yamlfile import Fields
from learnsocial.i18n import _

GAME = "sorting"
BIN_SCHEMA = record({"id": ID, "label": text(28, "The bin's label.")}, ("id", "label"))
CARD_SCHEMA = record({
    "id": ID,
    "text": text(70, "The example on the card."),
    "bin": {"type": "string", "description": "The id of the right bin."},
    "feedback": FEEDBACK,
}, ("id", "text", "bin", "feedback"))
SCHEMA = record({"game": {"const": GAME}, **TEST_COMMON,
                 "prompt": text(110, "The task, shown above the cards."),
                 "bins": listing(BIN_SCHEMA, 2, 4), "cards": listing(CARD_SCHEMA, 2)},
                ("game", "prompt", "bins", "cards"),
                "Sorting: put each card into the right bin.")


@dataclass(frozen=True)
class Bin:
    id: str
    label: str


@dataclass(frozen=True)
class Card:
    id: str
    text: str
    bin: str
    feedback: str


@dataclass(frozen=True)
class SortingSpec:
    prompt: str
    bins: tuple[Bin, ...]
    cards: tuple[Card, ...]
    game = GAME

    def structure(self) -> list:
        return [[b.id for b in self.bins], [(c.id, c.bin) for c in self.cards]]

    def items(self) -> list[tuple[str, str]]:
        return [(c.id, c.text) for c in self.cards]

    def response_text(self, item_id: str, response_id: str) -> str:
        return next((b.label for b in self.bins if b.id == response_id), response_id)


def parse(fields: Fields, problems: Problems, path: str) -> SortingSpec:
    bins: list[Bin] = []
    seen: set[str] = set()
    for node in fields.entries("bins"):
        b = Fields(node, problems, path, BIN_SCHEMA, _("a bin"))
        bins.append(Bin(b.unique_id(seen), b.text("label")))
    if fields.is_list("bins") and not 2 <= len(bins) <= 4:
        problems.at(path, fields.node_of("bins"), _("a sorting test needs 2 to 4 bins, not "
                                                    "{count}").format(count=len(bins)))
    bin_ids = {b.id for b in bins}
    cards: list[Card] = []
    seen = set()
    for node in fields.entries("cards"):
        c = Fields(node, problems, path, CARD_SCHEMA, _("a card"))
        card = Card(c.unique_id(seen), c.text("text"), c.text("bin"), c.text("feedback"))
        if card.bin and bin_ids and card.bin not in bin_ids:
            problems.at(path, c.node_of("bin"), _("card {id} names the bin '{bin}', which does "
                                                  "not exist (bins: {bins})").format(
                id=card.id, bin=card.bin, bins=", ".join(sorted(bin_ids))))
        cards.append(card)
    return SortingSpec(fields.text("prompt"), tuple(bins), tuple(cards))
