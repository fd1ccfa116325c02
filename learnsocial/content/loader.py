"""Read the course from a content directory into the model, collecting problems on the way.

Layout: ``course/<lang>.yaml`` (title, welcome, cast) and ``<NN>-<slug>/<lang>.yaml`` per chapter.
A chapter missing or broken in the learner's language falls back to the source language.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path

from yaml.nodes import Node

from learnsocial.content.chaptertest import FORMATS
from learnsocial.content.model import (
    TO_TEST,
    Chapter,
    ChapterTest,
    Character,
    Choice,
    Course,
    Line,
    Notice,
    Rating,
    Scene,
)
from learnsocial.content.problems import WARNING, Problems, position
from learnsocial.content.schema import (
    CHAPTER_FIELDS,
    CHARACTER,
    COURSE,
    LINE,
    MOODS,
    NOTICE,
    OPTION,
    RATINGS,
    SCENE,
    record,
)
from learnsocial.content.story import check_story
from learnsocial.content.yamlfile import Fields, file_exists, read_yaml
from learnsocial.i18n import _
from learnsocial.voices import voice_is_valid

COURSE_FOLDER = "course"
CHAPTER_FOLDER = re.compile(r"^\d{2}-[a-z0-9][a-z0-9-]*$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_BACKDROP = "open-plan"
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
    node = read_yaml(path, problems, name, course=path.parent.parent)  # <course>/<dir>/<lang>
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
        if character.voice and not voice_is_valid(character.voice):
            problems.at(name, c.node_of("voice"), _(
                "'{voice}' is not a voice: write female, male or the name of a system voice")
                .format(voice=character.voice))
        cast[character.id] = character
    return Course(fields.text("id"), fields.text("title"), fields.text("welcome"),
                  fields.text("source_language"), path.stem, cast,
                  notice=_read_notice(fields, problems, name))


def _read_notice(fields: Fields, problems: Problems, name: str) -> Notice | None:
    if not fields.has("notice"):
        return None
    n = Fields(fields.node_of("notice"), problems, name, NOTICE, _("the notice"))
    version = n.number("version", 1, 1, 1_000_000)
    if version != int(version):
        problems.at(name, n.node_of("version"), _("'version' must be a whole number"))
    return Notice(int(version), n.text("title"), n.text("text"))


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


def backdrop_names(assets: Path) -> set[str]:
    """The backdrops a course may name: one picture each under assets/backdrops/."""
    return {p.stem for p in (assets / "backdrops").glob("*.png")}


def read_chapter_file(path: Path, problems: Problems, cast: dict[str, Character],
                      backdrops: set[str] | None = None) -> Chapter | None:
    """One chapter file; backdrops: the names to check scenes against (None: not checked)."""
    name = label(path)
    node = read_yaml(path, problems, name, course=path.parent.parent)  # <course>/<dir>/<lang>
    if node is None:
        return None
    fields = Fields(node, problems, name, CHAPTER_SCHEMA, _("the chapter"))
    colour = fields.text("colour", required=False, default="#24476B")
    if not COLOUR.match(colour):
        problems.at(name, fields.node_of("colour"), _("'colour' must look like \"#1F7A8C\""))
        colour = "#24476B"
    backdrop = fields.text("backdrop", required=False, default=DEFAULT_BACKDROP)
    if backdrops is not None and fields.has("backdrop"):
        _check_backdrop(backdrop, backdrops, fields, problems, name)
    scenes = _read_scenes(fields, problems, name, cast, backdrop, backdrops)
    test = _read_test(fields, problems, name)
    return Chapter(
        id=fields.text("id"), folder=path.parent.name, language=path.stem,
        title=fields.text("title"), summary=fields.text("summary", required=False),
        colour=colour, pass_mark=fields.number("pass_mark", 0.8, 0.0, 1.0),
        scenes=scenes, test=test,
        version=hashlib.sha256(path.read_bytes()).hexdigest()[:12])


def _check_backdrop(backdrop: str, known: set[str], fields: Fields, problems: Problems,
                    name: str) -> None:
    if backdrop in known:
        return
    close = difflib.get_close_matches(backdrop, known, n=1)
    hint = (_(" (did you mean '{key}'?)").format(key=close[0]) if close
            else _(" (known: {names})").format(names=", ".join(sorted(known)) or "-"))
    problems.at(name, fields.node_of("backdrop"), _("unknown backdrop '{name}'").format(
        name=backdrop) + hint)


def _speaker_and_mood(f: Fields, problems: Problems, name: str, cast: dict[str, Character]
                      ) -> tuple[str, str]:
    speaker = f.text("speaker")
    mood = f.text("mood", required=False, default="neutral")
    if cast and speaker and speaker not in cast:
        problems.at(name, f.node_of("speaker"), _(
            "the speaker '{speaker}' is not in the cast (known: {known})").format(
                speaker=speaker, known=", ".join(sorted(cast))))
    if mood not in MOODS:
        problems.at(name, f.node_of("mood"), _("unknown mood '{mood}' (use one of: {moods})")
                    .format(mood=mood, moods=", ".join(MOODS)))
        mood = "neutral"
    return speaker, mood


def _read_scenes(fields: Fields, problems: Problems, name: str, cast: dict[str, Character],
                 backdrop: str, backdrops: set[str] | None) -> list[Scene]:
    scenes: list[Scene] = []
    seen: set[str] = set()
    nodes: dict[str, Fields] = {}
    option_nodes: dict[tuple[str, str], Fields] = {}
    for entry in fields.entries("scenes"):
        s = Fields(entry, problems, name, SCENE, _("a scene"))
        scene_id = s.unique_id(seen)
        if scene_id == TO_TEST:
            problems.at(name, s.node_of("id"), _("'{id}' is reserved for the chapter test; "
                                                 "choose another scene id").format(id=TO_TEST))
        speaker, mood = _speaker_and_mood(s, problems, name, cast)
        if s.has("backdrop"):
            backdrop = s.text("backdrop")
            if backdrops is not None:
                _check_backdrop(backdrop, backdrops, s, problems, name)
        option_ids: set[str] = set()
        options = []
        for node in s.entries("options", required=False):
            option, option_fields = _read_option(node, problems, name, cast, option_ids)
            options.append(option)
            option_nodes[(scene_id, option.id)] = option_fields
        if s.is_list("options") and not 2 <= len(options) <= 4:
            problems.at(name, s.node_of("options"), _("a choice scene needs 2 to 4 options, "
                                                      "not {count}").format(count=len(options)))
        scene = Scene(scene_id, speaker, s.text("text"), mood, position(entry)[0], backdrop,
                      s.text("next", required=False) or None, tuple(options))
        nodes[scene.id] = s
        scenes.append(scene)
    if fields.is_list("scenes") and not scenes:
        problems.at(name, fields.node_of("scenes"), _("the chapter has no scenes"))
    check_story(scenes, nodes, option_nodes, problems, name)
    return scenes


def _read_option(node: Node, problems: Problems, name: str, cast: dict[str, Character],
                 seen: set[str]) -> tuple[Choice, Fields]:
    o = Fields(node, problems, name, OPTION, _("an option"))
    rating = o.text("rating")
    if rating and rating not in RATINGS:
        problems.at(name, o.node_of("rating"), _("unknown rating '{rating}' (use one of: "
                                                 "{ratings})").format(
            rating=rating, ratings=", ".join(RATINGS)))
    reaction = []
    for entry in o.entries("reaction"):
        line = Fields(entry, problems, name, LINE, _("a reaction line"))
        speaker, mood = _speaker_and_mood(line, problems, name, cast)
        reaction.append(Line(speaker, line.text("text"), mood))
    if o.is_list("reaction") and not 1 <= len(reaction) <= 3:
        problems.at(name, o.node_of("reaction"), _("an option needs 1 to 3 reaction lines, not "
                                                   "{count}").format(count=len(reaction)))
    return Choice(o.unique_id(seen), o.text("text"),
                  Rating(rating) if rating in RATINGS else Rating.OK, tuple(reaction),
                  o.text("reflection"), o.text("next", required=False) or None,
                  position(node)[0]), o


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
    return [folder / f"{name}.yaml" for name in names if file_exists(folder / f"{name}.yaml")]
