"""The house style the validator enforces: the termbase and the mechanical rules of STYLE.md.

Every text of a course file is checked for variants that chapters/terms.yaml says to avoid in
its language, straight double quotes, three dots instead of the ellipsis, and numbers whose digit
groups are separated by a plain space. Each finding is a warning (an error under --strict) at
the exact line and column where it stands.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from learnsocial.content.problems import WARNING, Problems
from learnsocial.content.yamlfile import read_yaml
from learnsocial.i18n import _

TERMS_FILE = "terms.yaml"
# Keys whose values are structure, not words: never checked.
STRUCTURAL = {"id", "speaker", "mood", "game", "correct", "colour", "bin", "pass_mark",
              "time_limit", "rating", "next", "after", "backdrop", "portrait", "voice",
              "source_language", "version", "pitch", "rate"}
QUOTES = {"sv": "”…”", "de": "„…“", "en": "“…”"}
GROUPED_WITH_SPACE = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])")
# Held by every such number; starting with a plain character, it is found thirty times faster.
SPACE_THREE_DIGITS = re.compile(r" \d{3}")
THREE_DOTS = re.compile(r"\.\.\.")


@dataclass(frozen=True)
class Term:
    concept: str
    use: str
    avoid: str
    folded: str = ""  # avoid.casefold(): found in every text the variant stands in

    def search(self, text: str) -> re.Match[str] | None:
        """The variant as a word start in text: written with capitals (a German noun) exactly
        so, else in any case. Compiled on first use (re keeps it): most terms never are."""
        flags = 0 if self.avoid != self.avoid.lower() else re.IGNORECASE
        return re.search(r"(?<!\w)" + re.escape(self.avoid), text, flags)


def read_terms(root: Path, problems: Problems) -> dict[str, list[Term]]:
    """language -> the variants to avoid in it, from the course's terms.yaml (if any)."""
    path = root / TERMS_FILE
    if not path.is_file():
        return {}
    from learnsocial.content.loader import label  # the loader builds on this module's peers

    name = label(path)
    node = read_yaml(path, problems, name, course=root)
    if node is None:
        return {}
    found: dict[str, list[Term]] = {}
    for concept_node, languages in node.value:
        concept = str(concept_node.value)
        if not isinstance(languages, MappingNode):
            problems.at(name, languages, _("'{concept}' must map languages to use/avoid")
                        .format(concept=concept))
            continue
        for language_node, entry in languages.value:
            use, avoid = _entry(entry)
            if avoid is None:
                problems.at(name, entry, _("'{concept}' in {language} needs 'use' and an "
                                           "'avoid' list").format(concept=concept,
                                                                  language=language_node.value))
                continue
            for variant in avoid:
                found.setdefault(str(language_node.value), []).append(
                    Term(concept, use, variant, variant.casefold()))
    return found


def _entry(node: Node) -> tuple[str, list[str] | None]:
    if not isinstance(node, MappingNode):
        return "", None
    values = {str(k.value): v for k, v in node.value}
    use = values.get("use")
    avoid = values.get("avoid")
    if not isinstance(use, ScalarNode) or not isinstance(avoid, SequenceNode):
        return "", None
    return str(use.value), [str(item.value) for item in avoid.value
                            if isinstance(item, ScalarNode) and str(item.value).strip()]


def check_file(path: Path, name: str, language: str, terms: dict[str, list[Term]],
               problems: Problems) -> None:
    """Warn at every place in one course file where the house style is not kept."""
    # syntax problems are reported by the loader; the file was parsed for it already
    node = read_yaml(path, Problems(), name, course=path.parent.parent)
    if node is None:
        return
    scalars = _texts(node)
    values = [str(scalar.value) for scalar in scalars]
    # Each check runs once over the whole file's texts first (joined by a character no check
    # matches across); only what is found there is looked for text by text.
    joined = "\n\x00\n".join(values)
    folded_all = joined.casefold()
    present = [term for term in terms.get(language, []) if term.folded in folded_all]
    quotes, dots = '"' in joined, "..." in joined
    numbers = SPACE_THREE_DIGITS.search(joined) is not None
    if not (present or quotes or dots or numbers):
        return
    raw = path.read_text(encoding="utf-8-sig")
    for scalar, value in zip(scalars, values, strict=True):
        folded = value.casefold() if present else ""
        for term in present:
            match = term.search(value) if term.folded in folded else None
            if match:
                use = _(" (use '{use}')").format(use=term.use) if term.use else ""
                _warn(problems, name, raw, scalar, match.group(0), _(
                    "'{found}' is a variant to avoid in this language{use}; see terms.yaml: "
                    "{concept}").format(found=match.group(0), use=use, concept=term.concept))
        if quotes and '"' in value:
            _warn(problems, name, raw, scalar, '"', _(
                "straight quotes: write {quotes}").format(quotes=QUOTES.get(language, "“…”")))
        if dots and THREE_DOTS.search(value):
            _warn(problems, name, raw, scalar, "...", _("three dots: write the ellipsis …"))
        number = (GROUPED_WITH_SPACE.search(value)
                  if numbers and SPACE_THREE_DIGITS.search(value) else None)
        if number:
            _warn(problems, name, raw, scalar, number.group(0), _(
                "the number {number} is grouped with a plain space: use a no-break space "
                "(U+00A0) or the grouping STYLE.md gives").format(number=number.group(0)))


def _texts(node: Node) -> list[ScalarNode]:
    found: list[ScalarNode] = []
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, MappingNode):
            for key, value in current.value:
                if str(key.value) not in STRUCTURAL:
                    stack.append(value)
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, ScalarNode) and current.tag == "tag:yaml.org,2002:str":
            found.append(current)
    return sorted(found, key=lambda n: n.start_mark.index)


def _warn(problems: Problems, name: str, raw: str, scalar: ScalarNode, needle: str,
          message: str) -> None:
    """At the needle's own line and column when it stands on one line of the file, else at the
    start of the text."""
    start, end = scalar.start_mark.index, scalar.end_mark.index
    index = raw.find(needle, start, end)
    if index < 0:
        lowered = raw[start:end].lower().find(needle.lower())
        index = start + lowered if lowered >= 0 else start
    line = raw.count("\n", 0, index) + 1
    column = index - (raw.rfind("\n", 0, index) + 1) + 1
    problems.add(name, line, column, message, WARNING)
