"""Check a whole course directory: every file in every language, and translation parity."""
from __future__ import annotations

import os
from pathlib import Path

from learnsocial.content.loader import (
    COURSE_FOLDER,
    backdrop_names,
    chapter_folders,
    course_languages,
    label,
    read_chapter_file,
    read_course_file,
)
from learnsocial.content.model import Chapter, Course, Scene
from learnsocial.content.problems import WARNING, Problems
from learnsocial.content.style import check_file, read_terms
from learnsocial.content.translations import Lock, outdated, read_lock
from learnsocial.content.yamlfile import file_exists
from learnsocial.i18n import _, ngettext


def validate_course(root: Path, assets: Path) -> Problems:
    problems = Problems()
    if not root.is_dir():
        problems.add(label(root), 1, 1, _("no such course directory"))
        return problems
    courses: dict[str, Course] = {}
    course_dir = root / COURSE_FOLDER
    terms = read_terms(root, problems)
    course_files = _yaml_files(course_dir, problems)
    if course_files is None:
        return problems
    for path in course_files:
        course = read_course_file(path, problems, assets)
        if course is not None:
            courses[path.stem] = course
            check_file(path, label(path), path.stem, terms, problems)
    if not courses:
        problems.add(label(course_dir / "en.yaml"), 1, 1,
                     _("no course file (course/<language>.yaml) could be read"))
        return problems
    languages = course_languages(root)
    backdrops = backdrop_names(assets)
    source = _source_language(courses)
    cast = courses.get(source, next(iter(courses.values()))).cast
    _course_parity(courses, source, problems, course_dir)
    lock = read_lock(root)
    _report_outdated_in(root, course_dir, languages, source, lock, problems)
    folders = chapter_folders(root)
    if not folders:
        problems.add(label(root), 1, 1, _("no chapter folders (like 01-welcome/) found"))
    chapter_ids: dict[str, Path] = {}
    for folder in folders:
        chapters: dict[str, Chapter] = {}
        files = _yaml_files(folder, problems)
        if files is None:
            continue
        for path in files:
            if path.stem not in languages:
                problems.add(label(path), 1, 1, _(
                    "'{name}' is not a language of the course (its course folder has {langs})")
                    .format(name=path.name, langs=", ".join(f"{lang}.yaml"
                                                            for lang in languages)))
                continue
            chapter = read_chapter_file(path, problems, cast, backdrops)
            if chapter is not None:
                chapters[path.stem] = chapter
                check_file(path, label(path), path.stem, terms, problems)
        for language in languages:
            if not (folder / f"{language}.yaml").is_file():
                problems.add(label(folder / f"{language}.yaml"), 1, 1,
                             _("translation missing; the {source} text will be shown instead")
                             .format(source=source), WARNING)
        _report_outdated_in(root, folder, languages, source, lock, problems)
        reference = chapters.get(source)
        if reference is None:
            continue
        if reference.id in chapter_ids:
            problems.add(label(folder / f"{source}.yaml"), 1, 1, _(
                "the chapter id '{id}' is also used in {other}").format(
                    id=reference.id, other=label(chapter_ids[reference.id])))
        chapter_ids[reference.id] = folder
        for language, chapter in chapters.items():
            if language != source:
                _chapter_parity(reference, chapter, folder / f"{language}.yaml", problems)
    return problems


def _report_outdated_in(root: Path, folder: Path, languages: tuple[str, ...], source: str,
                        lock: Lock, problems: Problems) -> None:
    """Outdated translations in one folder, checked right after its files were read, while
    their parsed nodes are still in yamlfile's cache (a large course would not fit in it)."""
    present = [language for language in languages
               if language != source and file_exists(folder / f"{language}.yaml")]
    for language, stale in outdated(root, folder.name, present, source, lock).items():
        name = label(folder / f"{language}.yaml")
        for text in stale:
            if text.old is None:
                message = _("outdated: the {source} text changed since this was confirmed "
                            "({key}); now: “{new}”").format(source=source, key=text.key,
                                                           new=_excerpt(text.new))
            else:
                message = _("outdated: the {source} text changed since this was confirmed "
                            "({key}); was: “{old}”; now: “{new}”").format(
                    source=source, key=text.key, old=_excerpt(text.old),
                    new=_excerpt(text.new))
            problems.add(name, text.line, text.column, message, WARNING)


def _yaml_files(folder: Path, problems: Problems) -> list[Path] | None:
    """The YAML files of a course or chapter folder, by name; None, reported, when the folder
    cannot be read (a folder without permission would otherwise look empty)."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries
                           if e.name.endswith(".yaml") and not e.name.startswith("."))
    except FileNotFoundError:
        return []
    except OSError as error:
        problems.add(label(folder), 1, 1, _("cannot read the folder: {reason}").format(
            reason=error.strerror or error))
        return None
    return [folder / name for name in names]


def _source_language(courses: dict[str, Course]) -> str:
    for course in courses.values():
        if course.source_language in courses:
            return course.source_language
    return "en" if "en" in courses else next(iter(courses))


def _course_parity(courses: dict[str, Course], source: str, problems: Problems,
                   course_dir: Path) -> None:
    reference = courses[source]
    for language, course in courses.items():
        if language == source:
            continue
        path = label(course_dir / f"{language}.yaml")
        if course.id != reference.id:
            problems.add(path, 1, 1, _("the course id differs from {source}.yaml").format(
                source=source))
        if list(course.cast) != list(reference.cast):
            problems.add(path, 1, 1, _("the cast differs from {source}.yaml (same ids in the "
                                       "same order)").format(source=source))
        for cid, character in course.cast.items():
            other = reference.cast.get(cid)
            if other and (other.colour, other.portrait, other.voice) != (
                    character.colour, character.portrait, character.voice):
                problems.add(path, 1, 1, _("character '{id}' has another colour, portrait or "
                                           "voice than in {source}.yaml").format(
                    id=cid, source=source))
        ours, theirs = course.notice, reference.notice
        if (ours is None) != (theirs is None) or (ours and theirs and
                                                  ours.version != theirs.version):
            problems.add(path, 1, 1, _("the notice differs from {source}.yaml: every language "
                                       "needs it, with the same version").format(source=source))


def _chapter_parity(reference: Chapter, chapter: Chapter, path: Path, problems: Problems) -> None:
    name = label(path)
    source = reference.language

    def differs(what: str, line: int = 1) -> None:
        problems.add(name, line, 1, _("structure differs from {source}.yaml: {what}").format(
            source=source, what=what))

    if chapter.id != reference.id:
        differs(_("chapter id '{id}' instead of '{expected}'").format(id=chapter.id,
                                                                      expected=reference.id))
    # pairwise up to the shorter list: a different count is reported below, once
    for ours, theirs in zip(chapter.scenes, reference.scenes, strict=False):
        if ours.id != theirs.id:
            differs(_("scene '{id}' stands where {source}.yaml has '{expected}'").format(
                id=ours.id, source=source, expected=theirs.id), ours.line)
            break
        if ours.speaker != theirs.speaker:
            differs(_("scene '{id}' is spoken by '{speaker}', not '{expected}'").format(
                id=ours.id, speaker=ours.speaker, expected=theirs.speaker), ours.line)
        what = _scene_difference(ours, theirs)
        if what:
            differs(_("scene '{id}': {what}").format(id=ours.id, what=what), ours.line)
    if len(chapter.scenes) != len(reference.scenes):
        differs(ngettext("{count} scene instead of {expected}", "{count} scenes instead of "
                         "{expected}", len(chapter.scenes)).format(
            count=len(chapter.scenes), expected=len(reference.scenes)))
    if chapter.colour.lower() != reference.colour.lower():
        differs(_("colour"))
    if abs(chapter.pass_mark - reference.pass_mark) > 1e-9:
        differs(_("pass_mark"))
    if (chapter.test is None) != (reference.test is None):
        differs(_("test"))
    elif chapter.test and reference.test:
        line = chapter.test.line
        if chapter.test.game != reference.test.game:
            differs(_("game '{game}' instead of '{expected}'").format(
                game=chapter.test.game, expected=reference.test.game), line)
        elif chapter.test.spec.structure() != reference.test.spec.structure():
            differs(_("test items, their ids, order or right answers"), line)


def _scene_difference(ours: Scene, theirs: Scene) -> str:
    """What differs in a scene's structure (everything but the words), or ""."""
    if ours.mood != theirs.mood:
        return _("mood '{mood}' instead of '{expected}'").format(mood=ours.mood,
                                                                expected=theirs.mood)
    if ours.backdrop != theirs.backdrop:
        return _("backdrop '{name}' instead of '{expected}'").format(name=ours.backdrop,
                                                                    expected=theirs.backdrop)
    if ours.next != theirs.next:
        return _("next '{next}' instead of '{expected}'").format(next=ours.next or "-",
                                                                expected=theirs.next or "-")

    def shape(scene: Scene) -> list:
        return [(o.id, o.rating, o.next, [(line.speaker, line.mood) for line in o.reaction])
                for o in scene.options]

    if shape(ours) != shape(theirs):
        return _("its options (ids, ratings, next, or who reacts) differ")
    return ""


def _excerpt(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"
