"""Which translated texts are outdated: their source text changed after they were confirmed.

The lock file ``translations.lock.json`` in the course directory keeps, per chapter folder and
language, every source-language text as it was when a translator ran ``learnsocial content
confirm``, keyed by a path of stable ids (``scenes/hello/text``). A translation is outdated where
today's source text differs; the validator then warns at the translation's own line, with the old
and the new source text. (Older lock files kept only a short hash; they still work, without the
old text.)
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from learnsocial.content.problems import Problems
from learnsocial.content.style import STRUCTURAL
from learnsocial.content.yamlfile import file_exists, read_yaml

LOCK_FILE = "translations.lock.json"
Lock = dict[str, dict[str, dict[str, str]]]  # folder -> language -> key path -> source text


@dataclass(frozen=True)
class TextAt:
    text: str
    line: int
    column: int


@dataclass(frozen=True)
class Outdated:
    key: str  # e.g. scenes/hello/text
    old: str | None  # the source text when confirmed (None: an old lock kept only a hash)
    new: str  # the source text now
    line: int  # where the translation of it stands
    column: int


def texts_of(path: Path, problems: Problems | None = None) -> dict[str, TextAt]:
    """Every translatable text of a course file, keyed by a path of stable ids; why the file
    cannot be read goes to problems, when given."""
    from learnsocial.content.loader import label  # the loader builds on this module's peers

    node = read_yaml(path, Problems() if problems is None else problems, label(path),
                     course=path.parent.parent) if file_exists(path) else None
    found: dict[str, TextAt] = {}
    if node is None:
        return found

    def walk(current: Node, where: str) -> None:
        if isinstance(current, MappingNode):
            for key, value in current.value:
                if str(key.value) not in STRUCTURAL:
                    walk(value, f"{where}/{key.value}" if where else str(key.value))
        elif isinstance(current, SequenceNode):
            for index, item in enumerate(current.value):
                name = _id_of(item) or str(index)
                walk(item, f"{where}/{name}")
        elif isinstance(current, ScalarNode) and current.tag == "tag:yaml.org,2002:str":
            found[where] = TextAt(str(current.value).strip(), current.start_mark.line + 1,
                                  current.start_mark.column + 1)

    walk(node, "")
    return found


def _id_of(node: Node) -> str | None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if key.value == "id" and isinstance(value, ScalarNode):
                return str(value.value)
    return None


class SourceUnreadable(Exception):
    """A source file cannot be read, so nothing is confirmed; the message names the place."""


def digest(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()[:10]


def read_lock(root: Path) -> Lock:
    try:
        data = json.loads((root / LOCK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_lock(root: Path, lock: Lock) -> None:
    """Atomically: a half-written lock file would mark every translation outdated."""
    from learnsocial.atomicfile import write_atomic  # only commands that write load it

    write_atomic(root / LOCK_FILE,
                 json.dumps(lock, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def _changed(confirmed: str | None, now: str) -> tuple[bool, str | None]:
    """(changed?, the old text if the lock kept it)."""
    if confirmed is None:
        return True, None
    is_hash = len(confirmed) == 10 and all(c in "0123456789abcdef" for c in confirmed)
    if is_hash:
        return confirmed != digest(now), None
    return confirmed.strip() != now, confirmed


def outdated(root: Path, folder: str, languages: list[str], source: str,
             lock: Lock | None = None) -> dict[str, list[Outdated]]:
    """Per translation, the texts whose source changed since they were confirmed (the source is
    walked once for all of them; lock: the lock file as read already, else it is read)."""
    chapter = root / folder
    source_texts = texts_of(chapter / f"{source}.yaml")
    chapter_lock = (read_lock(root) if lock is None else lock).get(folder, {})
    found: dict[str, list[Outdated]] = {}
    for language in languages:
        translated = texts_of(chapter / f"{language}.yaml")
        confirmed = chapter_lock.get(language, {})
        found[language] = []
        for key, now in source_texts.items():
            changed, old = _changed(confirmed.get(key), now.text)
            if changed:
                where = translated.get(key, TextAt("", 1, 1))
                found[language].append(Outdated(key, old, now.text, where.line, where.column))
    return found


def confirm(root: Path, folders: list[str], languages: list[str], source: str,
            key: str | None = None) -> int:
    """Record today's source texts as translated; returns how many texts were confirmed."""
    lock = read_lock(root)
    count = 0
    for folder in folders:
        unreadable = Problems()
        texts = texts_of(root / folder / f"{source}.yaml", unreadable)
        if unreadable.errors:  # confirming nothing would forget what was confirmed before
            raise SourceUnreadable(str(unreadable.errors[0]))
        for language in languages:
            if language == source or not file_exists(root / folder / f"{language}.yaml"):
                continue
            entry = lock.setdefault(folder, {}).setdefault(language, {})
            if key is None:
                entry.clear()
            for path, text in texts.items():
                if key is None or path == key:
                    entry[path] = text.text
                    count += 1
    write_lock(root, lock)
    return count
