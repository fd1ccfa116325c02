"""Sequencing's format: steps listed in an order that works, with the orders the sources allow.

By default each step comes after the one listed before it. `after: [ids]` names exactly the
steps that must already be done, so several orders can be right; `after: []` lets a step come at
any point. Every order that respects `after` is right.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from learnsocial.content.problems import Problems
from learnsocial.content.schema import FEEDBACK, ID, TEST_COMMON, listing, record, text
from learnsocial.content.yamlfile import Fields
from learnsocial.i18n import _

GAME = "sequencing"
STEP_SCHEMA = record({
    "id": ID,
    "text": text(60, "The step."),
    "after": {"type": "array", "items": ID, "uniqueItems": True,
              "description": "The steps that must be done before this one (default: the step "
                             "listed before it; [] for any time)."},
    "feedback": FEEDBACK,
}, ("id", "text", "feedback"))
SCHEMA = record({"game": {"const": GAME}, **TEST_COMMON,
                 "prompt": text(110, "The task, shown above the steps."),
                 "steps": listing(STEP_SCHEMA, 3, 8)},
                ("game", "prompt", "steps"),
                "Sequencing: the steps in an order that works; the game shuffles them.")


@dataclass(frozen=True)
class Step:
    id: str
    text: str
    feedback: str
    after: tuple[str, ...] = ()  # the steps that must be placed before this one


@dataclass(frozen=True)
class SequencingSpec:
    prompt: str
    steps: tuple[Step, ...]
    game = GAME

    def structure(self) -> list:
        return [(s.id, sorted(s.after)) for s in self.steps]

    def items(self) -> list[tuple[str, str]]:
        """One item per place in the sequence, but the last (it is placed by itself)."""
        return [(position_id(n), _("Step {number}").format(number=n + 1))
                for n in range(len(self.steps) - 1)]

    def response_text(self, item_id: str, response_id: str) -> str:
        return next((s.text for s in self.steps if s.id == response_id), response_id)

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

    def ready(self, placed: list[str]) -> list[Step]:
        """The steps that may come next after those placed, in listed order."""
        done = set(placed)
        return [s for s in self.steps if s.id not in done and set(s.after) <= done]

    def is_valid_order(self, order: list[str]) -> bool:
        if sorted(order) != sorted(s.id for s in self.steps):
            return False
        return all(self.step(step_id) in self.ready(order[:n]) for n, step_id in enumerate(order))

    def orders(self) -> Iterator[list[str]]:
        """Every right order, one at a time (there may be many: read what you need)."""
        def extend(placed: list[str]) -> Iterator[list[str]]:
            ready = self.ready(placed)
            if not ready and len(placed) == len(self.steps):
                yield placed
            for step in ready:
                yield from extend(placed + [step.id])
        return extend([])

    def count_orders(self, limit: int = 10_000) -> int:
        """How many orders are right (counted up to limit)."""
        def count(placed: list[str]) -> int:
            ready = self.ready(placed)
            if not ready:
                return 1 if len(placed) == len(self.steps) else 0
            total = 0
            for step in ready:
                total += count(placed + [step.id])
                if total >= limit:
                    return limit
            return total
        return count([])


def position_id(number: int) -> str:
    """The item id of a place in the sequence (0-based number): what HR's figures count."""
    return f"place-{number + 1}"


def parse(fields: Fields, problems: Problems, path: str) -> SequencingSpec:
    steps: list[Step] = []
    seen: set[str] = set()
    nodes = {}
    for node in fields.entries("steps"):
        s = Fields(node, problems, path, STEP_SCHEMA, _("a step"))
        step_id = s.unique_id(seen)
        after = s.words("after")
        if after is None:
            after = [steps[-1].id] if steps else []
        steps.append(Step(step_id, s.text("text"), s.text("feedback"), tuple(after)))
        nodes[step_id] = s
    if fields.is_list("steps") and not 3 <= len(steps) <= 8:
        problems.at(path, fields.node_of("steps"), _("a sequencing test needs 3 to 8 steps, not "
                                                     "{count}").format(count=len(steps)))
    known = {s.id for s in steps}
    for step in steps:
        where = nodes[step.id].node_of("after")
        for other in step.after:
            if other == step.id:
                problems.at(path, where, _("step {id} cannot come after itself").format(
                    id=step.id))
            elif other not in known:
                problems.at(path, where, _("step {id} names the step '{other}' in 'after', which "
                                           "does not exist (steps: {steps})").format(
                    id=step.id, other=other, steps=", ".join(sorted(known))))
    spec = SequencingSpec(fields.text("prompt"), tuple(steps))
    stuck = _in_cycle(spec)
    if stuck:
        problems.at(path, nodes[stuck[0]].node_of("after"), _(
            "the steps {steps} wait for each other in 'after', so no order can place them")
            .format(steps=", ".join(stuck)))
    return spec


def _in_cycle(spec: SequencingSpec) -> list[str]:
    """Steps that can never be placed because their 'after' lists wait on each other."""
    known = {s.id for s in spec.steps}
    placed: list[str] = []
    while True:
        ready = [s for s in spec.steps if s.id not in placed
                 and set(a for a in s.after if a in known) <= set(placed)]
        if not ready:
            break
        placed += [s.id for s in ready]
    return [s.id for s in spec.steps if s.id not in placed and s.id not in s.after]
