"""xAPI 1.0.3 statements for every meaningful learner event, ready for a Learning Record Store.

Statements are built here and kept in the progress store's outbox until an LRS accepted them.
Each statement gets its UUID when it is created, so sending it twice never makes a duplicate.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

VERSION = "1.0.3"
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "launched": ADL + "launched",
    "experienced": ADL + "experienced",
    "answered": ADL + "answered",
    "passed": ADL + "passed",
    "failed": ADL + "failed",
    "completed": ADL + "completed",
}
ACTIVITY_TYPES = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "chapter": "http://adlnet.gov/expapi/activities/module",
    "scene": "http://adlnet.gov/expapi/activities/media",
    "test": "http://adlnet.gov/expapi/activities/assessment",
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
}
DEFAULT_BASE = "https://learnsocial.example/xapi"
DEFAULT_HOME_PAGE = "https://learnsocial.example"


@dataclass(frozen=True)
class XapiConfig:
    """Where activity ids live and who the learners are (settable per organisation)."""

    activity_base: str = DEFAULT_BASE
    home_page: str = DEFAULT_HOME_PAGE
    platform: str = "LearnSocial"


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration, e.g. PT1M2.5S."""
    seconds = max(0.0, round(seconds, 2))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    out = "PT"
    if hours:
        out += f"{int(hours)}H"
    if minutes:
        out += f"{int(minutes)}M"
    if secs or out == "PT":
        out += f"{secs:g}S"
    return out


def now_stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class StatementFactory:
    """Builds the statements of one learner in one language."""

    def __init__(self, config: XapiConfig, employee_id: str, language: str, course_id: str,
                 course_title: str, clock=now_stamp):
        self.config = config
        self.employee_id = employee_id
        self.language = language
        self.course_id = course_id
        self.course_title = course_title
        self.clock = clock

    # -- parts ----------------------------------------------------------------------------
    def actor(self) -> dict:
        return {"objectType": "Agent",
                "account": {"homePage": self.config.home_page, "name": self.employee_id}}

    def activity_id(self, kind: str, *parts: str) -> str:
        base = self.config.activity_base.rstrip("/")
        path = "/".join(uuid_safe(p) for p in (self.course_id, *parts))
        return f"{base}/{kind}/{path}"

    def activity(self, kind: str, identifier: str, name: str, extra: dict | None = None) -> dict:
        definition = {"type": ACTIVITY_TYPES[kind], "name": {self.language: name}}
        definition.update(extra or {})
        return {"objectType": "Activity", "id": identifier, "definition": definition}

    def course_activity(self) -> dict:
        return self.activity("course", self.activity_id("course"), self.course_title)

    def chapter_activity(self, chapter_id: str, title: str) -> dict:
        return self.activity("chapter", self.activity_id("chapter", chapter_id), title)

    def statement(self, verb: str, obj: dict, parents: list[dict], result: dict | None = None
                  ) -> dict:
        statement = {
            "id": str(uuid.uuid4()),
            "actor": self.actor(),
            "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
            "object": obj,
            "context": {"language": self.language, "platform": self.config.platform},
            "timestamp": self.clock(),
            "version": VERSION,
        }
        if parents:
            statement["context"]["contextActivities"] = {
                "parent": [{"objectType": "Activity", "id": p["id"]} for p in parents]}
        if result is not None:
            statement["result"] = result
        return statement

    # -- events ---------------------------------------------------------------------------
    def course_launched(self) -> dict:
        return self.statement("launched", self.course_activity(), [])

    def chapter_launched(self, chapter_id: str, title: str) -> dict:
        return self.statement("launched", self.chapter_activity(chapter_id, title),
                              [self.course_activity()])

    def scene_experienced(self, chapter_id: str, title: str, scene_id: str, number: int,
                          total: int) -> dict:
        scene = self.activity("scene", self.activity_id("chapter", chapter_id, "scene",
                                                        scene_id), f"{title} {number}/{total}")
        return self.statement("experienced", scene, [self.chapter_activity(chapter_id, title),
                                                     self.course_activity()],
                              {"extensions": {f"{self.config.activity_base}/extensions/"
                                              "progress": round(number / total, 3)}})

    def question_answered(self, chapter_id: str, title: str, item_id: str, prompt: str,
                          response: str, correct: bool, seconds: float) -> dict:
        question = self.activity(
            "question", self.activity_id("chapter", chapter_id, "test", item_id), prompt,
            {"interactionType": "choice"})
        test = self.activity("test", self.activity_id("chapter", chapter_id, "test"), title)
        result = {"success": correct, "duration": iso_duration(seconds)}
        if response:  # no answer (time ran out) is no response, not an empty one
            result["response"] = response
        return self.statement("answered", question, [test, self.chapter_activity(chapter_id,
                                                                                 title)], result)

    def test_finished(self, chapter_id: str, title: str, score: float, right: int, total: int,
                      passed: bool, seconds: float) -> dict:
        test = self.activity("test", self.activity_id("chapter", chapter_id, "test"), title)
        return self.statement("passed" if passed else "failed", test,
                              [self.chapter_activity(chapter_id, title),
                               self.course_activity()],
                              {"success": passed, "completion": True,
                               "score": {"scaled": round(score, 4), "raw": right, "min": 0,
                                         "max": total},
                               "duration": iso_duration(seconds)})

    def chapter_completed(self, chapter_id: str, title: str) -> dict:
        return self.statement("completed", self.chapter_activity(chapter_id, title),
                              [self.course_activity()], {"completion": True})

    def course_completed(self) -> dict:
        return self.statement("completed", self.course_activity(), [], {"completion": True})


def uuid_safe(part: str) -> str:
    """An id fragment safe inside an IRI path."""
    from urllib.parse import quote

    return quote(part, safe="-._~")


def write_statements(statements: list[dict], path: Path) -> None:
    path.write_text(json.dumps(statements, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")


def chapter_of(activity_id: str) -> str | None:
    """The chapter an activity id belongs to (ids look like BASE/chapter/COURSE/CHAPTER/...)."""
    _base, marker, rest = activity_id.partition("/chapter/")
    parts = rest.split("/")
    return parts[1] if marker and len(parts) > 1 else None


def select(statements: list[dict], since=None, until=None, chapter: str | None = None
           ) -> list[dict]:
    """Statements in a date range (by timestamp) and about one chapter, if asked."""
    chosen = []
    for statement in statements:
        day = datetime.fromisoformat(statement["timestamp"]).date()
        if (since and day < since) or (until and day > until):
            continue
        if chapter:
            parents = statement.get("context", {}).get("contextActivities", {}).get("parent", [])
            ids = [statement["object"]["id"]] + [p["id"] for p in parents]
            if uuid_safe(chapter) not in {chapter_of(i) for i in ids}:
                continue
        chosen.append(statement)
    return chosen
