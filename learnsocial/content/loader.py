"""Read the course from a content directory into the model, collecting problems on the way.

Layout: ``course/<lang>.yaml`` (title, welcome, cast) and ``<NN>-<slug>/<lang>.yaml`` per chapter.
A chapter missing or broken in the learner's language falls back to the source language.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path

from learnsocial.content.chaptertest import FORMATS
from learnsocial.content.model import Chapter, ChapterTest, Character, Course, Scene
from learnsocial.content.problems import WARNING, Problems, position
from learnsocial.content.schema import CHAPTER_FIELDS, CHARACTER, COURSE, MOODS, SCENE, record
from learnsocial.content.yamlfile import Fields, read_yaml
from learnsocial.i18n import _

COURSE_FOLDER = "course"
CHAPTER_FOLDER = re.compile(r"^\d{2}-[a-z0-9][a-z0-9-]*$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# The chapter's own keys; the test's keys come from its game type's schema.
CHAPTER_SCHEMA = record({**CHAPTER_FIELDS, "test": {}}, ())


class ContentError(Exception):
    """The course cannot be shown at all; the message names the file."""


def label(path: Path) -> str:
    """How a file is named in messages: relative to the working directory when inside it."""
    absolute = Path(path).absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


LANGUAGE_FILE = re.compile(r"^[a-z]{2,3}$")


def course_languages(root: Path) -> tuple[str, ...]:
    """The course's languages: one course file per language (adding a language is adding
    files)."""
    folder = root / COURSE_FOLDER
    if not folder.is_dir():
        return ()
    return tuple(sorted(p.stem for p in folder.glob("*.yaml") if LANGUAGE_FILE.match(p.stem)))


def chapter_folders(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and CHAPTER_FOLDER.match(p.name))


def read_course_file(path: Path, problems: Problems, assets: Path) -> Course | None:
    name = label(path)
    node = read_yaml(path, problems, name)
    if node is None:
        return None
    fields = Fields(node, problems, name, COURSE, _("the course file"))
    cast: dict[str, Character] = {}
    for entry in fields.entries("cast"):
        c = Fields(entry, problems, name, CHARACTER, _("a character"))
        character = Character(c.unique_id(set(cast)), c.text("name"), c.text("role"),
                              c.text("colour"), c.text("portrait"),
                              _whole(c.number("pitch", -1, 0, 99)),
                              _whole(c.number("rate", -1, 80, 300)),
                              c.text("voice", required=False) or None)
        if character.colour and not COLOUR.match(character.colour):
            problems.at(name, c.node_of("colour"), _("'colour' must look like \"#1F7A8C\""))
        if character.portrait:
            _check_portrait(character.portrait, assets, c, problems, name)
        cast[character.id] = character
    return Course(fields.text("id"), fields.text("title"), fields.text("welcome"),
                  fields.text("source_language"), path.stem, cast)


def _whole(value: float) -> int | None:
    return None if value < 0 else int(value)


def _check_portrait(portrait: str, assets: Path, fields: Fields, problems: Problems,
                    name: str) -> None:
    folder = (assets / portrait).resolve()
    if not folder.is_relative_to(assets.resolve()):
        problems.at(name, fields.node_of("portrait"),
                    _("the portrait '{path}' is outside the assets folder").format(path=portrait))
        return
    missing = [mood for mood in MOODS if not (folder / f"{mood}.png").is_file()]
    if missing:
        problems.at(name, fields.node_of("portrait"),
                    _("the portrait folder '{path}' has no {files}").format(
                        path=portrait, files=", ".join(f"{m}.png" for m in missing)))


def read_chapter_file(path: Path, problems: Problems, cast: dict[str, Character]
                      ) -> Chapter | None:
    name = label(path)
    node = read_yaml(path, problems, name)
    if node is None:
        return None
    fields = Fields(node, problems, name, CHAPTER_SCHEMA, _("the chapter"))
    colour = fields.text("colour", required=False, default="#24476B")
    if not COLOUR.match(colour):
        problems.at(name, fields.node_of("colour"), _("'colour' must look like \"#1F7A8C\""))
        colour = "#24476B"
    scenes = _read_scenes(fields, problems, name, cast)
    test = _read_test(fields, problems, name)
    return Chapter(
        id=fields.text("id"), folder=path.parent.name, language=path.stem,
        title=fields.text("title"), summary=fields.text("summary", required=False),
        colour=colour, pass_mark=fields.number("pass_mark", 0.8, 0.0, 1.0),
        scenes=scenes, test=test,
        version=hashlib.sha256(path.read_bytes()).hexdigest()[:12])


def _read_scenes(fields: Fields, problems: Problems, name: str,
                 cast: dict[str, Character]) -> list[Scene]:
    scenes: list[Scene] = []
    seen: set[str] = set()
    for entry in fields.entries("scenes"):
        s = Fields(entry, problems, name, SCENE, _("a scene"))
        scene = Scene(s.unique_id(seen), s.text("speaker"), s.text("text"),
                      s.text("mood", required=False, default="neutral"), position(entry)[0])
        if cast and scene.speaker and scene.speaker not in cast:
            problems.at(name, s.node_of("speaker"), _(
                "the speaker '{speaker}' is not in the cast (known: {known})").format(
                    speaker=scene.speaker, known=", ".join(sorted(cast))))
        if scene.mood not in MOODS:
            problems.at(name, s.node_of("mood"), _("unknown mood '{mood}' (use one of: {moods})")
                        .format(mood=scene.mood, moods=", ".join(MOODS)))
            scene = Scene(scene.id, scene.speaker, scene.text, line=scene.line)
        scenes.append(scene)
    if fields.is_list("scenes") and not scenes:
        problems.at(name, fields.node_of("scenes"), _("the chapter has no scenes"))
    return scenes


def _read_test(fields: Fields, problems: Problems, name: str) -> ChapterTest | None:
    node = fields.mapping("test")
    if node is None:
        return None
    game_node = None
    game_name = ""
    if hasattr(node, "value") and isinstance(node.value, list):
        for key, value in node.value:
            if key.value == "game":
                game_node, game_name = value, str(value.value)
    test_format = FORMATS.get(game_name)
    if test_format is None:
        where = game_node if game_node is not None else node
        close = difflib.get_close_matches(game_name, FORMATS, n=1)
        hint = (_(" (did you mean '{key}'?)").format(key=close[0]) if close
                else _(" (use one of: {games})").format(games=", ".join(FORMATS)))
        problems.at(name, where, _("unknown game '{game}'").format(game=game_name) + hint)
        return None
    test = Fields(node, problems, name, test_format.schema, _("the test"))
    intro = test.text("intro", required=False)
    return ChapterTest(intro, test_format.parse(test, problems, name), position(node)[0])


def load_course(root: Path, language: str, assets: Path,
                problems: Problems | None = None) -> Course:
    """The course in one language, chapters falling back to the source language when needed."""
    problems = problems if problems is not None else Problems()
    course_dir = root / COURSE_FOLDER
    if not course_dir.is_dir():
        raise ContentError(_("{path}: no course folder here (expected {path}/course/en.yaml)")
                           .format(path=label(root)))
    course = None
    for candidate in _preferred_files(course_dir, language, "en"):
        local = Problems()
        course = read_course_file(candidate, local, assets)
        problems.items.extend(local.items)
        if course is not None:  # a missing portrait is drawn as a stand-in, not fatal
            break
        course = None
    if course is None:
        raise ContentError(_("{path}: the course file cannot be read").format(
            path=label(course_dir)))
    source = course.source_language or "en"
    for folder in chapter_folders(root):
        chapter = None
        for candidate in _preferred_files(folder, language, source):
            local = Problems()
            chapter = read_chapter_file(candidate, local, course.cast)
            problems.items.extend(local.items)
            if chapter is not None and not local.errors:
                chapter.fallback = candidate.stem != language
                break
            chapter = None
        if chapter is None:
            problems.add(label(folder), 1, 1, _("chapter left out: no readable file"), WARNING)
            continue
        course.chapters.append(chapter)
    return course


def _preferred_files(folder: Path, language: str, source: str) -> list[Path]:
    names = [language] + ([source] if source != language else [])
    return [folder / f"{name}.yaml" for name in names if (folder / f"{name}.yaml").is_file()]
