"""Check a whole course directory: every file in every language, and translation parity."""
from __future__ import annotations

from pathlib import Path

from learnsocial.content.loader import (COURSE_FOLDER, chapter_folders, course_languages, label,
                                        read_chapter_file, read_course_file)
from learnsocial.content.model import Chapter, Course
from learnsocial.content.problems import WARNING, Problems
from learnsocial.i18n import _, ngettext


def validate_course(root: Path, assets: Path) -> Problems:
    problems = Problems()
    if not root.is_dir():
        problems.add(label(root), 1, 1, _("no such course directory"))
        return problems
    courses: dict[str, Course] = {}
    course_dir = root / COURSE_FOLDER
    for path in sorted(course_dir.glob("*.yaml")):
        course = read_course_file(path, problems, assets)
        if course is not None:
            courses[path.stem] = course
    if not courses:
        problems.add(label(course_dir / "en.yaml"), 1, 1,
                     _("no course file (course/<language>.yaml) could be read"))
        return problems
    languages = course_languages(root)
    source = _source_language(courses)
    cast = courses.get(source, next(iter(courses.values()))).cast
    _course_parity(courses, source, problems, course_dir)
    folders = chapter_folders(root)
    if not folders:
        problems.add(label(root), 1, 1, _("no chapter folders (like 01-welcome/) found"))
    chapter_ids: dict[str, Path] = {}
    for folder in folders:
        chapters: dict[str, Chapter] = {}
        for path in sorted(folder.glob("*.yaml")):
            if path.stem not in languages:
                problems.add(label(path), 1, 1, _(
                    "'{name}' is not a language of the course (its course folder has {langs})")
                    .format(name=path.name, langs=", ".join(f"{lang}.yaml"
                                                            for lang in languages)))
                continue
            chapter = read_chapter_file(path, problems, cast)
            if chapter is not None:
                chapters[path.stem] = chapter
        for language in languages:
            if not (folder / f"{language}.yaml").is_file():
                problems.add(label(folder / f"{language}.yaml"), 1, 1,
                             _("translation missing; the {source} text will be shown instead")
                             .format(source=source), WARNING)
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
            if other and (other.colour, other.portrait) != (character.colour, character.portrait):
                problems.add(path, 1, 1, _("character '{id}' has another colour or portrait than "
                                           "in {source}.yaml").format(id=cid, source=source))


def _chapter_parity(reference: Chapter, chapter: Chapter, path: Path, problems: Problems) -> None:
    name = label(path)
    source = reference.language

    def differs(what: str, line: int = 1) -> None:
        problems.add(name, line, 1, _("structure differs from {source}.yaml: {what}").format(
            source=source, what=what))

    if chapter.id != reference.id:
        differs(_("chapter id '{id}' instead of '{expected}'").format(id=chapter.id,
                                                                      expected=reference.id))
    for ours, theirs in zip(chapter.scenes, reference.scenes):
        if ours.id != theirs.id:
            differs(_("scene '{id}' stands where {source}.yaml has '{expected}'").format(
                id=ours.id, source=source, expected=theirs.id), ours.line)
            break
        if ours.speaker != theirs.speaker:
            differs(_("scene '{id}' is spoken by '{speaker}', not '{expected}'").format(
                id=ours.id, speaker=ours.speaker, expected=theirs.speaker), ours.line)
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
