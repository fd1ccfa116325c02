"""The chapter and course formats as JSON Schema: one source for editors and the validator.

The validator reads its allowed keys and length limits from here, so the schema an editor
uses (`learnsocial content schema`) and the checks `learnsocial validate` makes cannot drift.
"""
from __future__ import annotations

from typing import Any

MOODS = ("neutral", "happy", "thinking", "surprised")
RATINGS = ("best", "ok", "poor")
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

NOTICE = record({
    "version": {"type": "integer", "minimum": 1,
                "description": "Raise it when the meaning changes: learners then see it again."},
    "title": text(60),
    "text": text(1200, "What is recorded, where, who sees it, how to ask for a copy or "
                       "erasure; a blank line starts a paragraph."),
}, ("version", "title", "text"), "What learners are told about their data, before chapter 1.")

COURSE = record({
    "id": ID,
    "title": text(60),
    "welcome": text(400, "One to three sentences on the title screen."),
    "notice": NOTICE,
    "source_language": {"type": "string", "pattern": "^[a-z]{2,3}$",
                        "description": "The language translations are checked against (one "
                                       "of the course's language files)."},
    "cast": listing(CHARACTER),
}, ("id", "title", "welcome", "source_language", "cast"))

NEXT = {"type": "string", "description": "Where the story goes on: a scene id, or 'test'."}
BACKDROP = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$",
            "description": "A picture under assets/backdrops/, e.g. open-plan or kitchen."}
LINE = record({
    "speaker": {"type": "string", "description": "A cast id."},
    "mood": {"enum": list(MOODS), "description": "The portrait's expression."},
    "text": text(320, "What the character says."),
}, ("speaker", "text"), "One line of a reaction.")
OPTION = record({
    "id": ID,
    "text": text(90, "What the learner does; shown on a large button."),
    "rating": {"enum": list(RATINGS), "description": "How good the choice is: best, ok or poor."},
    "reaction": listing(LINE, 1, 3),
    "reflection": text(160, "One line shown after the reaction."),
    "next": NEXT,
}, ("id", "text", "rating", "reaction", "reflection"), "One option of a choice scene.")
SCENE = record({
    "id": ID,
    "speaker": {"type": "string", "description": "A cast id."},
    "mood": {"enum": list(MOODS), "description": "The portrait's expression."},
    "backdrop": BACKDROP,
    "text": text(320, "What the character says; wrapped and paginated on screen."),
    "options": listing(OPTION, 2, 4),
    "next": NEXT,
}, ("id", "speaker", "text"), "One scene: a line of dialogue, or a choice when it has options.")

TEST_COMMON = {
    "intro": text(240, "One or two sentences that explain the game."),
}
FEEDBACK = text(200, "Why this answer is right, or why this tempting answer is wrong; shown "
                     "after the answer and on the results screen.")

CHAPTER_FIELDS = {
    "id": ID,
    "title": text(60),
    "summary": text(140, "One sentence for the chapter map."),
    "colour": COLOUR,
    "backdrop": BACKDROP,
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
