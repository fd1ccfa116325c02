"""Translation status per chapter and language: ok, missing, invalid, structure differs, and
outdated (with the texts to revisit, line by line)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, SequenceNode

from learnsocial.content.loader import COURSE_FOLDER, chapter_folders, course_languages, label
from learnsocial.content.problems import Problems
from learnsocial.content.translations import outdated
from learnsocial.content.validation import validate_course
from learnsocial.content.yamlfile import file_exists, read_yaml
from learnsocial.i18n import _, ngettext

OK, MISSING, INVALID, DIFFERS, OUTDATED = "ok", "missing", "invalid", "structure differs", \
    "outdated"


@dataclass
class Cell:
    state: str
    details: list[str] = field(default_factory=list)  # e.g. the outdated texts, by line


@dataclass
class StatusTable:
    languages: tuple[str, ...]
    rows: dict[str, dict[str, Cell]]  # folder -> language -> cell
    choice_scenes: dict[str, int]  # folder -> choice scenes in the source file


def course_source(root: Path) -> str:
    """The course's source language, as its course files say (English when they do not)."""
    languages = course_languages(root)
    for language in languages:
        node = read_yaml(root / COURSE_FOLDER / f"{language}.yaml", Problems(), course=root)
        if node is None:
            continue
        value = dict((str(k.value), v) for k, v in node.value).get("source_language")
        if value is not None and str(value.value) in languages:
            return str(value.value)
    return "en"


def translated_folders(root: Path) -> list[Path]:
    """The course folder and every chapter folder: each holds one file per language."""
    course = root / COURSE_FOLDER
    return ([course] if course.is_dir() else []) + chapter_folders(root)


def course_status(root: Path, assets: Path, source: str = "en",
                  chapter: str | None = None) -> StatusTable:
    problems = validate_course(root, assets)
    rows: dict[str, dict[str, Cell]] = {}
    choices: dict[str, int] = {}
    languages = course_languages(root)
    for folder in translated_folders(root):
        if chapter and folder.name != chapter:
            continue
        choices[folder.name] = _choice_scenes(folder / f"{source}.yaml")
        rows[folder.name] = {language: _cell(root, folder, language, source, problems)
                             for language in languages}
    return StatusTable(languages, rows, choices)


def _choice_scenes(path: Path) -> int:
    """How many choice scenes the file has (scenes with options)."""
    node = read_yaml(path, Problems(), course=path.parent.parent) if file_exists(path) else None
    scenes = dict((str(k.value), v) for k, v in node.value).get("scenes") if node else None
    if not isinstance(scenes, SequenceNode):
        return 0
    return sum(1 for scene in scenes.value if isinstance(scene, MappingNode)
               and any(str(k.value) == "options" for k, _v in scene.value))


def _cell(root: Path, folder: Path, language: str, source: str, problems: Problems) -> Cell:
    path = folder / f"{language}.yaml"
    if not file_exists(path):
        return Cell(MISSING)
    name = label(path)
    errors = [p for p in problems.errors if p.path == name]
    if any("structure differs" in p.message for p in errors):
        return Cell(DIFFERS, [str(p) for p in errors])
    if errors:
        return Cell(INVALID, [str(p) for p in errors])
    if language == source:
        return Cell(OK)
    stale = outdated(root, folder.name, [language], source)[language]
    return Cell(OUTDATED, [f"{name}:{s.line}:{s.column}: {s.key}" for s in stale]) if stale \
        else Cell(OK)


def render(table: StatusTable) -> str:
    """The table as aligned text, then the outdated texts per file, line by line."""
    names = {OK: _("ok"), MISSING: _("missing"), INVALID: _("invalid"),
             DIFFERS: _("structure differs"), OUTDATED: _("outdated")}
    choices = _("choices")
    width = max([len(_("chapter"))] + [len(name) for name in table.rows]) + 2
    column = max(len(n) for n in names.values()) + 2
    lines = [_("chapter").ljust(width) + "".join(lang.ljust(column) for lang in table.languages)
             + choices]
    for chapter, row in table.rows.items():
        lines.append(chapter.ljust(width) + "".join(
            names[row[lang].state].ljust(column) for lang in table.languages)
            + str(table.choice_scenes.get(chapter, 0)))
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
