"""xAPI 1.0.3 statements for every meaningful learner event, ready for a Learning Record Store.

Statements are built here and kept in the progress store's outbox until an LRS accepted them.
Each statement gets its UUID when it is created, so sending it twice never makes a duplicate.

The factory is data-only: it takes ids, language maps and lists of ``(id, language map)``, never
content or game objects, so whoever knows the course (the application layer) builds the values.

Choices made here, with the spec's reasons:
- Language maps use plain ISO 639 codes (``sv``, ``de``, ``en``): xAPI 1.0.3 section 4.2 prefers
  "the shortest valid language code" and says not to guess a country. The course is written in
  Swedish, German and English, not for one country, so ``sv-SE`` would be a guess.
- ``context.registration`` is the test attempt's id, so an LRS groups one attempt's answers and
  its passed/failed statement.
- ``contextActivities``: ``parent`` is the direct container (the course for a chapter, the
  chapter for a scene or a test, the test for a question), ``grouping`` the indirect ones (the
  course, and the chapter for a question), as the spec's "Context Activities" defines them.
- ``account.homePage`` must be an IRL (section 2.4.2.4), so an un-configured installation cannot
  name one. Statements then carry the documented placeholder ``urn:learnsocial:employee-id`` and
  get the configured home page when they are sent (sync refuses to send without one).
- ``correctResponsesPattern`` "is intended to be an exhaustive list" (its section says so): a
  sequencing test with more than MAX_ORDERS accepted orders leaves it out rather than list some.
"""
from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from urllib.parse import urlsplit

VERSION = "1.0.3"
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "launched": ADL + "launched",
    "experienced": ADL + "experienced",
    "answered": ADL + "answered",
    "responded": ADL + "responded",
    "passed": ADL + "passed",
    "failed": ADL + "failed",
    "completed": ADL + "completed",
    "suspended": ADL + "suspended",
    "voided": ADL + "voided",
}
ACTIVITY_TYPES = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "chapter": "http://adlnet.gov/expapi/activities/module",
    "scene": "http://adlnet.gov/expapi/activities/media",
    "test": "http://adlnet.gov/expapi/activities/assessment",
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
}
DEFAULT_BASE = "https://learnsocial.example/xapi"
# Not an IRL, so never sent: sync puts the configured home page in its place (see module doc).
DEFAULT_HOME_PAGE = "urn:learnsocial:employee-id"
MAX_ORDERS = 24  # accepted orders listed in a sequencing pattern (4! = 24); more: none listed
_REGISTRATIONS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:learnsocial:attempt")

LanguageMap = dict[str, str]
Component = tuple[str, LanguageMap]  # an interaction component: its id and its text per language


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


_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?"
                       r"(?:(\d+(?:\.\d+)?)S)?)?$")


def parse_duration(text: object) -> float | None:
    """Seconds of an ISO 8601 duration as xAPI uses them (days, hours, minutes, seconds), to
    the 0.01 s an LRS keeps; None if it is none (or uses years, months or weeks)."""
    if not isinstance(text, str) or text in ("P", "PT") or text.endswith("T"):
        return None
    found = _DURATION.match(text)
    if found is None:
        return None
    days, hours, minutes, seconds = (float(part) if part else 0.0 for part in found.groups())
    return round(((days * 24 + hours) * 60 + minutes) * 60 + seconds, 2)


def extension_iri(activity_base: str, name: str) -> str:
    """The IRI of one of LearnSocial's extensions, under the organisation's activity base."""
    return f"{activity_base}/extensions/{name}"


# Extensions LearnSocial adds where xAPI has no place of its own for what HR's report needs
# (all under the activity base, so an LRS shows whose they are):
PROGRESS = "progress"  # result: the share of a chapter's scenes reached
EMPLOYEE = "employee"  # context of "launched the course": the employee record's HR fields
STARTED_AT = "started-at"  # context of passed / failed: when the test attempt began
POINTS = "points"  # result of passed / failed: the attempt's game points
STEPS = "steps"  # result of a sequencing answer: each placed step (item, response, success,
#                  duration), the per-answer data the one response of a sequence cannot hold
EMPLOYEE_FIELDS = ("department", "manager", "start_date", "due_date", "enrolled_by", "demo")


def registration_for(attempt_id: str) -> str:
    """The context.registration of a test attempt: its id as a UUID (derived if it is none)."""
    try:
        return str(uuid.UUID(attempt_id))
    except ValueError:
        return str(uuid.uuid5(_REGISTRATIONS, attempt_id))


def is_irl(address: str) -> bool:
    """An http(s) address with a host, as account.homePage needs."""
    parts = urlsplit(address or "")
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def with_home_page(statement: dict, home_page: str) -> dict:
    """The statement with the placeholder home page replaced (the statement itself if none)."""
    account = statement.get("actor", {}).get("account", {})
    if account.get("homePage") != DEFAULT_HOME_PAGE:
        return statement
    actor = dict(statement["actor"], account=dict(account, homePage=home_page))
    return dict(statement, actor=actor)


def _components(components: Sequence[Component]) -> list[dict]:
    ids = [component_id for component_id, _text in components]
    if len(set(ids)) != len(ids):
        raise ValueError(f"interaction component ids must be distinct: {ids}")
    return [{"id": _plain_id(component_id), "description": dict(text)}
            for component_id, text in components]


def _plain_id(component_id: str) -> str:
    """Ids go into response patterns, where '[' and whitespace are delimiters."""
    if not component_id or "[" in component_id or any(c.isspace() for c in component_id):
        raise ValueError(f"not usable as an interaction component id: {component_id!r}")
    return component_id


def _pairs(pairs: Iterable[tuple[str, str]]) -> str:
    return "[,]".join(f"{_plain_id(s)}[.]{_plain_id(t)}" for s, t in pairs)


def _order(ids: Iterable[str]) -> str:
    return "[,]".join(_plain_id(i) for i in ids)


class StatementFactory:
    """Builds the statements of one learner, who takes the course in one language."""

    def __init__(self, config: XapiConfig, employee_id: str, language: str, course_id: str,
                 course_name: LanguageMap, clock=now_stamp, name: str = ""):
        self.config = config
        self.employee_id = employee_id
        self.language = language
        self.course_id = course_id
        self.course_name = dict(course_name)
        self.clock = clock
        self.name = name  # the learner's display name (actor.name), for HR's reports

    # -- parts ----------------------------------------------------------------------------
    def actor(self) -> dict:
        actor: dict = {"objectType": "Agent"}
        if self.name:
            actor["name"] = self.name
        actor["account"] = {"homePage": self.config.home_page, "name": self.employee_id}
        return actor

    def extension(self, name: str) -> str:
        return extension_iri(self.config.activity_base, name)

    def activity_id(self, kind: str, *parts: str) -> str:
        base = self.config.activity_base.rstrip("/")
        path = "/".join(uuid_safe(p) for p in (self.course_id, *parts))
        return f"{base}/{kind}/{path}"

    def course_iri(self) -> str:
        return self.activity_id("course")

    def chapter_iri(self, chapter_id: str) -> str:
        return self.activity_id("chapter", chapter_id)

    def test_iri(self, chapter_id: str) -> str:
        return self.activity_id("chapter", chapter_id, "test")

    @staticmethod
    def activity(kind: str, identifier: str, name: LanguageMap,
                 description: LanguageMap | None = None, extra: dict | None = None) -> dict:
        definition = {"type": ACTIVITY_TYPES[kind], "name": dict(name)}
        if description:
            definition["description"] = dict(description)
        definition.update(extra or {})
        return {"objectType": "Activity", "id": identifier, "definition": definition}

    def statement(self, verb: str, obj: dict, *, parent: Sequence[str] = (),
                  grouping: Sequence[str] = (), result: dict | None = None,
                  registration: str | None = None, extensions: dict | None = None) -> dict:
        context: dict = {}
        if registration:
            context["registration"] = registration
        activities = {}
        if parent:
            activities["parent"] = [{"objectType": "Activity", "id": i} for i in parent]
        if grouping:
            activities["grouping"] = [{"objectType": "Activity", "id": i} for i in grouping]
        if activities:
            context["contextActivities"] = activities
        context.update({"language": self.language, "platform": self.config.platform})
        if extensions:
            context["extensions"] = extensions
        statement = {
            "id": str(uuid.uuid4()),
            "actor": self.actor(),
            "verb": {"id": VERBS[verb], "display": {"en": verb}},
            "object": obj,
            "context": context,
            "timestamp": self.clock(),
            "version": VERSION,
        }
        if result is not None:
            statement["result"] = result
        return statement

    def _interaction(self, chapter_id: str, item_id: str, interaction_type: str,
                     name: LanguageMap, description: LanguageMap | None, parts: dict) -> dict:
        return self.activity("question", self.activity_id("chapter", chapter_id, "test", item_id),
                             name, description, {"interactionType": interaction_type, **parts})

    def _answered(self, chapter_id: str, interaction: dict, response: str, success: bool,
                  seconds: float, registration: str) -> dict:
        result = {"success": success, "duration": iso_duration(seconds)}
        if response:  # no answer (time ran out) is no response, not an empty one
            result["response"] = response
        return self.statement("answered", interaction, parent=[self.test_iri(chapter_id)],
                              grouping=[self.chapter_iri(chapter_id), self.course_iri()],
                              result=result, registration=registration)

    # -- course and chapters --------------------------------------------------------------
    def course_launched(self, employee: dict | None = None) -> dict:
        """The learner signed in. `employee`: the HR fields of their record (EMPLOYEE_FIELDS
        that are set), so a report from the LRS knows what the desktop's roster says."""
        fields = {k: v for k, v in (employee or {}).items() if k in EMPLOYEE_FIELDS and v}
        return self.statement("launched", self.activity("course", self.course_iri(),
                                                        self.course_name),
                              extensions={self.extension(EMPLOYEE): fields} if fields else None)

    def chapter_launched(self, chapter_id: str, chapter_name: LanguageMap) -> dict:
        chapter = self.activity("chapter", self.chapter_iri(chapter_id), chapter_name)
        return self.statement("launched", chapter, parent=[self.course_iri()])

    def scene_experienced(self, chapter_id: str, chapter_name: LanguageMap, scene_id: str,
                          number: int, total: int, seconds: float | None = None) -> dict:
        """A scene reached; `seconds`: the chapter's dialogue time since its last statement
        that carried time (result.duration), so their sum is the time spent in the story."""
        name = {lang: f"{text} {number}/{total}" for lang, text in chapter_name.items()}
        scene = self.activity("scene", self.activity_id("chapter", chapter_id, "scene", scene_id),
                              name)
        result: dict = {"extensions": {self.extension(PROGRESS): round(number / total, 3)}}
        if seconds is not None:
            result["duration"] = iso_duration(seconds)
        return self.statement("experienced", scene, parent=[self.chapter_iri(chapter_id)],
                              grouping=[self.course_iri()], result=result)

    def chapter_suspended(self, chapter_id: str, chapter_name: LanguageMap,
                          seconds: float) -> dict:
        """The learner left the chapter's story (for its test, the map, or the end of the
        session) after `seconds` of dialogue not yet counted in another statement."""
        chapter = self.activity("chapter", self.chapter_iri(chapter_id), chapter_name)
        return self.statement("suspended", chapter, parent=[self.course_iri()],
                              result={"duration": iso_duration(seconds)})

    def choice_scene_responded(self, chapter_id: str, scene_id: str, *, name: LanguageMap,
                               choices: Sequence[Component], best: Sequence[str],
                               response: str, description: LanguageMap | None = None,
                               registration: str | None = None) -> dict:
        """A "what would you do?" choice inside a chapter; never part of a test's score.

        `best` holds the ids of the best options (the correct response pattern; none given:
        no pattern, any answer is fine). `success` says whether a best option was chosen.
        """
        parts: dict = {"choices": _components(choices)}
        if best:
            parts["correctResponsesPattern"] = [_plain_id(i) for i in best]
        interaction = self.activity(
            "question", self.activity_id("chapter", chapter_id, "scene", scene_id, "choice"),
            name, description, {"interactionType": "choice", **parts})
        result: dict = {"response": _plain_id(response)}
        if best:
            result["success"] = response in best
        return self.statement("responded", interaction, parent=[self.chapter_iri(chapter_id)],
                              grouping=[self.course_iri()], result=result,
                              registration=registration)

    # -- tests ----------------------------------------------------------------------------
    def choice_answered(self, chapter_id: str, item_id: str, *, name: LanguageMap,
                        choices: Sequence[Component] | None, correct: Sequence[str] | None,
                        response: str | None, success: bool, seconds: float, registration: str,
                        description: LanguageMap | None = None) -> dict:
        """A gallery question. `correct`: the right answer ids, each one alone a right answer
        (None: no pattern); `response`: the chosen id (None: time ran out)."""
        parts: dict = {}
        if choices:
            parts["choices"] = _components(choices)
        if correct is not None:
            parts["correctResponsesPattern"] = [_plain_id(i) for i in correct]
        interaction = self._interaction(chapter_id, item_id, "choice", name, description, parts)
        return self._answered(chapter_id, interaction, _plain_id(response) if response else "",
                              success, seconds, registration)

    def matching_answered(self, chapter_id: str, item_id: str, *, name: LanguageMap,
                          source: Sequence[Component], target: Sequence[Component],
                          correct: Sequence[tuple[str, str]],
                          response: Sequence[tuple[str, str]], success: bool, seconds: float,
                          registration: str, description: LanguageMap | None = None) -> dict:
        """Sorting (cards to bins) or pairing (left to right): pairs of (source id, target id),
        written `a[.]x[,]b[.]y`. One call per card or one per test, as the caller records it."""
        parts = {"source": _components(source), "target": _components(target),
                 "correctResponsesPattern": [_pairs(correct)]}
        interaction = self._interaction(chapter_id, item_id, "matching", name, description, parts)
        return self._answered(chapter_id, interaction, _pairs(response), success, seconds,
                              registration)

    def sequencing_answered(self, chapter_id: str, item_id: str, *, name: LanguageMap,
                            choices: Sequence[Component], correct_orders: Iterable[Sequence[str]],
                            response: Sequence[str], success: bool, seconds: float,
                            registration: str, description: LanguageMap | None = None,
                            steps: Sequence[tuple[str, str, bool, float]] = ()) -> dict:
        """A sequencing test: the steps as `choices`, every accepted order (an iterable, read
        up to MAX_ORDERS + 1; with more, no pattern is given), the learner's order. `steps`:
        each pick as (place id, step picked, right, seconds), kept in a result extension."""
        orders = list(islice(correct_orders, MAX_ORDERS + 1))
        parts: dict = {"choices": _components(choices)}
        if len(orders) <= MAX_ORDERS:
            parts["correctResponsesPattern"] = [_order(order) for order in orders]
        interaction = self._interaction(chapter_id, item_id, "sequencing", name, description,
                                        parts)
        statement = self._answered(chapter_id, interaction, _order(response), success, seconds,
                                   registration)
        if steps:
            statement["result"]["extensions"] = {self.extension(STEPS): [
                {"item": item, "response": picked, "success": right,
                 "duration": iso_duration(time_s)} for item, picked, right, time_s in steps]}
        return statement

    def test_finished(self, chapter_id: str, test_name: LanguageMap, *, score: float, right: int,
                      total: int, passed: bool, seconds: float, registration: str,
                      points: int | None = None, started_at: str | None = None) -> dict:
        """A test attempt ended; `points` (the game's) and `started_at` go in extensions."""
        test = self.activity("test", self.test_iri(chapter_id), test_name)
        result: dict = {"success": passed, "completion": True,
                        "score": {"scaled": round(score, 4), "raw": right, "min": 0,
                                  "max": total},
                        "duration": iso_duration(seconds)}
        if points is not None:
            result["extensions"] = {self.extension(POINTS): points}
        return self.statement("passed" if passed else "failed", test,
                              parent=[self.chapter_iri(chapter_id)], grouping=[self.course_iri()],
                              result=result, registration=registration,
                              extensions={self.extension(STARTED_AT): started_at}
                              if started_at else None)

    def chapter_completed(self, chapter_id: str, chapter_name: LanguageMap) -> dict:
        chapter = self.activity("chapter", self.chapter_iri(chapter_id), chapter_name)
        return self.statement("completed", chapter, parent=[self.course_iri()],
                              result={"completion": True})

    def course_completed(self) -> dict:
        return self.statement("completed", self.activity("course", self.course_iri(),
                                                         self.course_name),
                              result={"completion": True})


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
            activities = statement.get("context", {}).get("contextActivities", {})
            ids = [statement["object"]["id"]] + [a["id"] for key in ("parent", "grouping")
                                                 for a in activities.get(key, [])]
            if uuid_safe(chapter) not in {chapter_of(i) for i in ids}:
                continue
        chosen.append(statement)
    return chosen
