"""Translation status per chapter and language, including which texts are outdated.

A translation is *outdated* when a source-language text (a scene, a question, an answer, ...)
changed after the translation was last confirmed. The lock file ``translations.lock.json`` in the
course directory keeps, per chapter and language, a short hash of every source text as it was
when a translator ran ``learnsocial content confirm``.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from learnsocial.atomicfile import write_atomic
from learnsocial.content.loader import chapter_folders, course_languages, label
from learnsocial.content.problems import Problems
from learnsocial.content.validation import validate_course
from learnsocial.i18n import _, ngettext

LOCK_FILE = "translations.lock.json"
STRUCTURAL_KEYS = {"id", "speaker", "mood", "game", "correct", "colour", "bin", "pass_mark",
                   "time_limit"}

OK, MISSING, INVALID, DIFFERS, OUTDATED = "ok", "missing", "invalid", "structure differs", \
    "outdated"


def source_texts(path: Path) -> dict[str, str]:
    """Every translatable text of a chapter file, keyed by a path of stable ids."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    found: dict[str, str] = {}

    def walk(node, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in STRUCTURAL_KEYS:
                    walk(value, f"{where}/{key}" if where else str(key))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                name = item.get("id", index) if isinstance(item, dict) else index
                walk(item, f"{where}/{name}")
        elif isinstance(node, str):
            found[where] = hashlib.sha256(node.strip().encode()).hexdigest()[:10]

    walk(data, "")
    return found


@dataclass
class Cell:
    state: str
    details: list[str] = field(default_factory=list)  # e.g. the outdated text paths


@dataclass
class StatusTable:
    languages: tuple[str, ...]
    rows: dict[str, dict[str, Cell]]  # chapter folder -> language -> cell


def course_source(root: Path) -> str:
    """The course's source language, as its course files say (English when they do not)."""
    for path in sorted((root / "course").glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and data.get("source_language") in course_languages(root):
            return data["source_language"]
    return "en"


def read_lock(root: Path) -> dict:
    try:
        return json.loads((root / LOCK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_lock(root: Path, lock: dict) -> None:
    """Atomically: a half-written lock file would mark every translation outdated."""
    text = json.dumps(lock, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomic(root / LOCK_FILE, text)


def course_status(root: Path, assets: Path, source: str = "en") -> StatusTable:
    problems = validate_course(root, assets)
    lock = read_lock(root)
    rows: dict[str, dict[str, Cell]] = {}
    languages = course_languages(root)
    for folder in chapter_folders(root):
        texts = source_texts(folder / f"{source}.yaml")
        row: dict[str, Cell] = {}
        for language in languages:
            path = folder / f"{language}.yaml"
            row[language] = _cell(path, language, source, problems, texts,
                                  lock.get(folder.name, {}).get(language, {}))
        rows[folder.name] = row
    return StatusTable(languages, rows)


def _cell(path: Path, language: str, source: str, problems: Problems, texts: dict[str, str],
          confirmed: dict[str, str]) -> Cell:
    if not path.is_file():
        return Cell(MISSING)
    name = label(path)
    errors = [p for p in problems.errors if p.path == name]
    if any("structure differs" in p.message for p in errors):
        return Cell(DIFFERS, [p.message for p in errors])
    if errors:
        return Cell(INVALID, [str(p) for p in errors])
    if language == source:
        return Cell(OK)
    stale = sorted(key for key, digest in texts.items() if confirmed.get(key) != digest)
    return Cell(OUTDATED, stale) if stale else Cell(OK)


def confirm(root: Path, languages: list[str], chapter_folder: str | None = None,
            source: str = "en") -> int:
    """Record the current source texts as translated; returns how many files were confirmed."""
    lock = read_lock(root)
    count = 0
    for folder in chapter_folders(root):
        if chapter_folder and folder.name != chapter_folder:
            continue
        texts = source_texts(folder / f"{source}.yaml")
        for language in languages:
            if language != source and (folder / f"{language}.yaml").is_file():
                lock.setdefault(folder.name, {})[language] = texts
                count += 1
    write_lock(root, lock)
    return count


def render(table: StatusTable) -> str:
    """The table as aligned text, then the outdated texts per file."""
    names = {OK: _("ok"), MISSING: _("missing"), INVALID: _("invalid"),
             DIFFERS: _("structure differs"), OUTDATED: _("outdated")}
    width = max([len(_("chapter"))] + [len(name) for name in table.rows]) + 2
    column = max(len(n) for n in names.values()) + 2
    lines = [_("chapter").ljust(width) + "".join(l.ljust(column) for l in table.languages)]
    for chapter, row in table.rows.items():
        lines.append(chapter.ljust(width) + "".join(
            names[row[l].state].ljust(column) for l in table.languages))
    for chapter, row in table.rows.items():
        for language, cell in row.items():
            if cell.state == OUTDATED:
                lines.append("")
                lines.append(ngettext("{chapter}/{language}.yaml: revisit {count} text:",
                                      "{chapter}/{language}.yaml: revisit {count} texts:",
                                      len(cell.details)).format(
                    chapter=chapter, language=language, count=len(cell.details)))
                lines.extend(f"  {detail}" for detail in cell.details)
    return "\n".join(line.rstrip() for line in lines)
