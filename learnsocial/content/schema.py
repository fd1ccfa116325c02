"""The chapter and course formats as JSON Schema: one source for editors and the validator.

The validator reads its allowed keys and length limits from here, so the schema an editor
uses (`learnsocial content schema`) and the checks `learnsocial validate` makes cannot drift.
"""
from __future__ import annotations

from typing import Any

MOODS = ("neutral", "happy", "thinking", "surprised")
ID = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_-]*$",
      "description": "A stable id: letters, digits, - and _. Never translate or change it."}
COLOUR = {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$", "description": "Like \"#1F7A8C\"."}


def text(max_length: int, description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": max_length}
    if description:
        schema["description"] = description
    return schema


def record(properties: dict[str, Any], required: tuple[str, ...], description: str = ""
           ) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties,
                              "required": list(required), "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def listing(items: dict[str, Any], min_items: int = 1, max_items: int | None = None
            ) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": items, "minItems": min_items}
    if max_items is not None:
        schema["maxItems"] = max_items
    return schema


CHARACTER = record({
    "id": ID,
    "name": text(40, "The character's name, shown on the name plate."),
    "role": text(40, "Shown under the name, e.g. Community manager."),
    "colour": COLOUR,
    "portrait": {"type": "string", "description": "Folder under assets/ with neutral.png, "
                 "happy.png, thinking.png and surprised.png."},
    "pitch": {"type": "integer", "minimum": 0, "maximum": 99,
              "description": "Voice pitch for narration (0-99); optional."},
    "rate": {"type": "integer", "minimum": 80, "maximum": 300,
             "description": "Speaking rate in words per minute; optional."},
    "voice": {"type": "string", "maxLength": 60,
              "description": "female or male (a voice variant), or the name of a system voice; "
                             "optional."},
}, ("id", "name", "role", "colour", "portrait"), "One character of the cast.")

COURSE = record({
    "id": ID,
    "title": text(60),
    "welcome": text(400, "One to three sentences on the title screen."),
    "source_language": {"type": "string", "pattern": "^[a-z]{2,3}$",
                        "description": "The language translations are checked against (one "
                                       "of the course's language files)."},
    "cast": listing(CHARACTER),
}, ("id", "title", "welcome", "source_language", "cast"))

SCENE = record({
    "id": ID,
    "speaker": {"type": "string", "description": "A cast id."},
    "mood": {"enum": list(MOODS), "description": "The portrait's expression."},
    "text": text(320, "What the character says; wrapped and paginated on screen."),
}, ("id", "speaker", "text"), "One line of dialogue.")

TEST_COMMON = {
    "intro": text(240, "One or two sentences that explain the game."),
}

CHAPTER_FIELDS = {
    "id": ID,
    "title": text(60),
    "summary": text(140, "One sentence for the chapter map."),
    "colour": COLOUR,
    "pass_mark": {"type": "number", "minimum": 0, "maximum": 1,
                  "description": "Share of right answers needed to pass (default 0.8)."},
    "scenes": listing(SCENE),
}


def chapter_schema() -> dict[str, Any]:
    """The whole chapter format, with one test variant per registered game type."""
    from learnsocial.content.chaptertest import FORMATS  # the formats build on this module

    tests = [test_format.schema for test_format in FORMATS.values()]
    schema = record({**CHAPTER_FIELDS, "test": {"oneOf": tests}},
                    ("id", "title", "scenes", "test"))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "LearnSocial chapter"
    return schema


def course_schema() -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "LearnSocial course", **COURSE}
