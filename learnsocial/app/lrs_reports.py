"""HR's reports from a Learning Record Store: statements read back into the records the local
reports already take (employees, attempts with every answer, chapter summaries, first
choices), so every exporter and filter works on them unchanged: one way to build rows.

What each record comes from (see learnsocial.progress.xapi for the extensions):
- the employee: "launched the course" statements, one per sign-in, stamped with the store's
  sign-in time: the first is created_at, the newest last_seen_at, its actor.name the display
  name and its context.language the language; the employee extension carries the HR fields of
  the desktop's record (department, manager, start and due date, enrolled by the roster, demo).
  The id is written as in the earliest statement. The local data folder's employees (the
  roster HR imported) join in as a merge of folders joins them (records.merged_employee), and
  nobody erased in the local folder is shown.
- the chapter's dialogue position: "launched" the chapter (its first: started_at), "experienced"
  its scenes and "suspended" it, whose durations add up to the dialogue time;
- an attempt: "passed" or "failed" the test (registration = the attempt's id; score raw / max;
  duration; finished = its timestamp; the points and started-at extensions) with the "answered"
  statements of the same registration (a sequencing test's answers in its steps extension);
- the first choice in a "what would you do?" scene: the earliest "responded" statement (a merge
  of folders keeps the newest desktop's first choice instead: the only figure that can differ,
  and only for someone who chose in one scene on two desktops).
The chapter summaries then come from records.chapter_summary, as in the store.
"""
from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from learnsocial.app.learning_record import FIRST_CHOICE
from learnsocial.app.statements import TARGET
from learnsocial.content.model import Course
from learnsocial.progress.lrs import LRSClient, LRSError
from learnsocial.progress.lrs_cache import StatementCache
from learnsocial.progress.lrs_read import query, read_pages
from learnsocial.progress.records import (
    ROSTER_FIELDS,
    AnswerRecord,
    Attempt,
    ChapterProgress,
    Employee,
    Position,
    canonical_id,
    chapter_summary,
    display_id,
    merged_employee,
    parse_stamp,
    stamp_order,
)
from learnsocial.progress.store import HrSnapshot, ProgressStore, add_tallies, answer_tallies
from learnsocial.progress.xapi import (
    EMPLOYEE,
    POINTS,
    STARTED_AT,
    STEPS,
    VERBS,
    StatementFactory,
    XapiConfig,
    extension_iri,
    parse_duration,
)

ORIGIN = "lrs"  # the origin of the one dialogue position per chapter rebuilt from statements


class LRSRecords:
    """The records of a report, as the store gives them to Reports (app.reports)."""

    def __init__(self, data_dir: Path, employees: list[Employee],
                 attempts: dict[str, list[Attempt]],
                 progress: dict[str, dict[str, ChapterProgress]]):
        self.data_dir = data_dir
        self._employees = sorted(employees, key=lambda e: canonical_id(e.employee_id))
        self._attempts = attempts  # canonical id -> attempts, oldest first
        self._progress = progress  # id as shown -> chapter id -> summary

    def employees(self) -> list[Employee]:
        return list(self._employees)

    def all_progress(self) -> dict[str, dict[str, ChapterProgress]]:
        return self._progress

    def hr_snapshot(self) -> HrSnapshot:
        """What Reports reads, as the store's one pass gives it: progress by canonical id and
        the answer tallies summed (the demo's apart)."""
        demo = {canonical_id(e.employee_id) for e in self._employees if e.demo}
        answers: dict[str, list] = {}
        demo_answers: dict[str, list] = {}
        for key, tallies in self.answer_tallies():
            add_tallies(demo_answers if key in demo else answers, tallies)
        return HrSnapshot(self.employees(),
                          {canonical_id(shown): p for shown, p in self._progress.items()},
                          answers, demo_answers)

    def answer_tallies(self) -> Iterator[tuple[str, dict[str, list]]]:
        for key in sorted(self._attempts):
            yield key, answer_tallies(a.to_dict() for a in self._attempts[key])

    def attempts(self, employee_id: str | None = None, chapter_id: str | None = None
                 ) -> list[Attempt]:
        if employee_id is not None:
            people = [self._attempts.get(canonical_id(employee_id), [])]
        else:
            people = list(self._attempts.values())
        found = [a for tries in people for a in tries
                 if chapter_id is None or a.chapter_id == chapter_id]
        return sorted(found, key=lambda a: stamp_order(a.finished_at))


@dataclass
class _Place:
    started: datetime
    updated: datetime
    scene_id: str | None = None
    seconds: list[float] = field(default_factory=list)


@dataclass
class _Person:
    """What the statements say about one person, gathered before records are made."""

    first: tuple[datetime, str]  # the earliest statement: (when, the id as written there)
    last: datetime
    name: tuple[datetime, str] | None = None  # the newest actor.name
    launches: list[tuple[datetime, dict]] = field(default_factory=list)
    places: dict[str, _Place] = field(default_factory=dict)
    finished: dict[str, dict] = field(default_factory=dict)  # registration -> passed/failed
    answered: dict[str, list[dict]] = field(default_factory=dict)  # registration -> answers
    choices: dict[str, tuple[datetime, str]] = field(default_factory=dict)


def stamp(moment: datetime) -> str:
    """A time as the store writes it (UTC, seconds)."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class _Reader:
    """Turns statements about one course into records."""

    def __init__(self, config: XapiConfig, course_id: str, games: Mapping[str, str]):
        ids = StatementFactory(config, "", "", course_id, {})
        self.course_iri = ids.course_iri()
        self.chapter_prefix = ids.activity_id("chapter") + "/"
        self.extension = {name: extension_iri(config.activity_base, name)
                          for name in (EMPLOYEE, POINTS, STARTED_AT, STEPS)}
        self.games = games
        self.people: dict[str, _Person] = {}
        self.unused = 0  # statements about the course that could not be used

    def parts(self, activity_id: str) -> list[str]:
        """[chapter, kind, id, ...] of an activity of the course's chapters ([] if none)."""
        if not activity_id.startswith(self.chapter_prefix):
            return []
        return [unquote(part) for part in activity_id[len(self.chapter_prefix):].split("/")]

    def take(self, statement: dict) -> None:
        key = canonical_id(statement["actor"]["account"]["name"])
        moment = parse_stamp(statement["timestamp"])
        verb = statement["verb"]["id"]
        if not key or moment is None:
            self.unused += 1
            return
        if verb == VERBS["voided"]:
            return
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = _Person((moment, statement["actor"]["account"]["name"]),
                                                moment)
        elif moment < person.first[0]:
            person.first = (moment, statement["actor"]["account"]["name"])
        person.last = max(person.last, moment)
        name = statement["actor"].get("name")
        if name and (person.name is None or moment >= person.name[0]):
            person.name = (moment, name)
        if not self._use(person, verb, moment, statement):
            self.unused += 1

    def _use(self, person: _Person, verb: str, moment: datetime, statement: dict) -> bool:
        """Files the statement with the person; False when it says nothing usable."""
        activity = statement["object"]["id"]
        parts = self.parts(activity)
        result = statement.get("result", {})
        registration = statement.get("context", {}).get("registration")
        if verb == VERBS["launched"] and activity == self.course_iri:
            person.launches.append((moment, statement))
        elif verb == VERBS["completed"] and activity == self.course_iri:
            pass  # follows from the chapters
        elif not parts:
            return False
        elif verb in (VERBS["launched"], VERBS["experienced"], VERBS["suspended"]):
            place = person.places.get(parts[0])
            if place is None:
                place = person.places[parts[0]] = _Place(moment, moment)
            place.started = min(place.started, moment)
            if verb == VERBS["experienced"] and len(parts) == 3 and parts[1] == "scene" and \
                    moment >= place.updated:
                place.scene_id = parts[2]
            place.updated = max(place.updated, moment)
            seconds = parse_duration(result.get("duration"))
            if seconds is not None and verb != VERBS["launched"]:
                place.seconds.append(seconds)
        elif verb == VERBS["responded"] and len(parts) == 4 and parts[1] == "scene":
            key = FIRST_CHOICE.format(chapter=parts[0], scene=parts[2])
            option = result.get("response")
            if not option:
                return False
            if key not in person.choices or moment < person.choices[key][0]:
                person.choices[key] = (moment, option)
        elif verb in (VERBS["passed"], VERBS["failed"]) and parts[1:] == ["test"] \
                and registration:
            person.finished.setdefault(registration.lower(), statement)
        elif verb == VERBS["answered"] and len(parts) == 3 and parts[1] == "test" \
                and registration:
            person.answered.setdefault(registration.lower(), []).append(statement)
        elif verb != VERBS["completed"]:
            return False
        return True

    # -- records --------------------------------------------------------------------------
    def employee(self, person: _Person) -> Employee:
        launches = sorted(person.launches, key=lambda item: item[0])
        shown = display_id(person.first[1])
        name = person.name[1] if person.name else shown
        employee = Employee(shown, name, created_at=stamp(person.first[0]),
                            last_seen_at=stamp(person.last))
        if launches:
            newest = launches[-1][1]
            employee.created_at = stamp(launches[0][0])
            employee.last_seen_at = stamp(launches[-1][0])
            employee.display_name = newest["actor"].get("name") or name
            employee.language = newest.get("context", {}).get("language")
            records = [self._employee_fields(s) for _moment, s in launches]
            for roster_field in ROSTER_FIELDS:  # the newest sign-in's roster wins
                found = [r[roster_field] for r in records
                         if isinstance(r.get(roster_field), str) and r[roster_field]]
                setattr(employee, roster_field, found[-1] if found else "")
            if any(r.get("enrolled_by") == "roster" for r in records):
                employee.enrolled_by = "roster"
            employee.demo = all(r.get("demo") is True for r in records)
        employee.settings = {key: option for key, (_moment, option)
                             in sorted(person.choices.items())}
        return employee

    def _employee_fields(self, statement: dict) -> dict:
        fields = statement.get("context", {}).get("extensions", {}).get(
            self.extension[EMPLOYEE])
        return fields if isinstance(fields, dict) else {}

    def attempts(self, person: _Person, shown: str) -> list[Attempt]:
        found = []
        for registration, statement in person.finished.items():
            attempt = self._attempt(statement, person.answered.get(registration, []), shown)
            if attempt is None:
                self.unused += 1
            else:
                found.append(attempt)
        return sorted(found, key=lambda a: stamp_order(a.finished_at))

    def _attempt(self, finished: dict, answered: list[dict], shown: str) -> Attempt | None:
        chapter_id = self.parts(finished["object"]["id"])[0]
        result = finished.get("result", {})
        score = result.get("score", {})
        raw, most = score.get("raw"), score.get("max")
        if isinstance(raw, (int, float)) and isinstance(most, (int, float)) and most > 0:
            value = raw / most  # as the game computes it: right answers / answers
        elif isinstance(score.get("scaled"), (int, float)):
            value = float(score["scaled"])
        else:
            return None
        if not math.isfinite(value):
            return None
        points = result.get("extensions", {}).get(self.extension[POINTS], 0)
        if not isinstance(points, (int, float)) or isinstance(points, bool) or \
                not math.isfinite(points):
            points = 0
        finished_at = stamp(parse_stamp(finished["timestamp"]) or datetime.now(UTC))
        started = parse_stamp(finished.get("context", {}).get("extensions", {}).get(
            self.extension[STARTED_AT]))
        registration = finished["context"]["registration"]
        try:
            attempt_id = uuid.UUID(registration).hex
        except ValueError:
            attempt_id = registration
        game = self.games.get(chapter_id, "")
        return Attempt(attempt_id, shown, chapter_id, game,
                       stamp(started) if started else finished_at, finished_at,
                       self._answers(answered, game), value, int(points),
                       finished["verb"]["id"] == VERBS["passed"], "",
                       parse_duration(result.get("duration")) or 0.0)

    def _answers(self, answered: list[dict], game: str) -> list[AnswerRecord]:
        found = []
        for statement in answered:
            result = statement.get("result", {})
            kind = statement["object"].get("definition", {}).get("interactionType") or game
            if kind == "sequencing" or game == "sequencing":
                steps = result.get("extensions", {}).get(self.extension[STEPS])
                for step in steps if isinstance(steps, list) else ():
                    if isinstance(step, dict) and isinstance(step.get("item"), str) and \
                            isinstance(step.get("response", ""), str):
                        found.append(AnswerRecord(step["item"], step.get("response", ""),
                                                  step.get("success") is True,
                                                  parse_duration(step.get("duration")) or 0.0))
                continue
            response = result.get("response", "")
            if kind == "matching" and response:  # "card[.]bin": the bin (or paired item)
                response = response.split("[,]", 1)[0].rpartition("[.]")[2]
                if game == "pairing" or (not game and response.startswith(TARGET)):
                    response = response.removeprefix(TARGET)
            found.append(AnswerRecord(self.parts(statement["object"]["id"])[2], response,
                                      result.get("success") is True,
                                      parse_duration(result.get("duration")) or 0.0))
        return found

    @staticmethod
    def position(chapter_id: str, place: _Place) -> Position:
        return Position(chapter_id, ORIGIN, place.scene_id,
                        round(math.fsum(max(0.0, s) for s in place.seconds), 3),
                        stamp(place.started), stamp(place.updated))


def rebuild(statements: Iterable[dict], course: Course, config: XapiConfig,
            local: ProgressStore) -> tuple[LRSRecords, int]:
    """The records of the course's statements (compact, see progress.lrs_read), joined with
    the local folder's employees; and how many statements about the course were not usable."""
    games = {c.id: c.test.game for c in course.chapters if c.test}
    reader = _Reader(config, course.id, games)
    for statement in statements:
        reader.take(statement)
    people = {canonical_id(e.employee_id): e for e in local.employees()}
    attempts: dict[str, list[Attempt]] = {}
    progress: dict[str, dict[str, ChapterProgress]] = {}
    for key, person in reader.people.items():
        if local.is_erased(key):
            continue
        employee = merged_employee(people.get(key), reader.employee(person))
        assert employee is not None
        people[key] = employee
        shown = employee.employee_id
        tries = attempts[key] = reader.attempts(person, shown)
        chapters = set(person.places) | {a.chapter_id for a in tries}
        progress[shown] = {
            chapter_id: chapter_summary(
                shown, chapter_id, [a for a in tries if a.chapter_id == chapter_id],
                [reader.position(chapter_id, person.places[chapter_id])]
                if chapter_id in person.places else [])
            for chapter_id in sorted(chapters)}
    return LRSRecords(local.data_dir, list(people.values()), attempts, progress), reader.unused


@dataclass(frozen=True)
class LRSReading:
    """A report's records from the LRS, and what the read did."""

    records: LRSRecords
    read: int  # statements the LRS sent this time
    new: int  # of them, not read before (the rest came again in the overlap)
    skipped: int  # sent, but with fields of the wrong kind: left out
    unused: int  # about the course, but not usable for the report
    cached: int  # statements kept in the cache now
    cache_problem: str = ""  # why the cache could not be saved ("" if it was)


def read_from_lrs(local: ProgressStore, url: str, user: str, password: str, course: Course,
                  config: XapiConfig, *, refresh: bool = False,
                  on_progress: Callable[[int, int], None] | None = None,
                  client: LRSClient | None = None) -> LRSReading:
    """Read what is new in the LRS about the course (everything with refresh, or the first
    time), keep it in the cache in the local data folder and rebuild the records. Raises
    LRSError (one line) when the LRS cannot be read; what was read until then is kept."""
    client = client or LRSClient(url, user, password)
    activity = StatementFactory(config, "", "", course.id, {}).course_iri()
    cache = StatementCache.load(local.data_dir, url, user, activity)
    if refresh:
        cache.clear()
    read = new = skipped = pages = 0
    try:
        for page in read_pages(client, query(activity, cache.since())):
            pages += 1
            read += len(page.statements) + page.skipped
            skipped += page.skipped
            new += cache.add(page.statements, page.consistent_through)
            if on_progress:
                on_progress(read, pages)
    except LRSError:
        if new and not local.read_only:  # pages come oldest first: the next read goes on
            try:
                cache.save()
            except OSError:
                pass
        raise
    erased: dict[str, bool] = {}  # nothing of a person erased here is kept, nor shown

    def gone(employee_id: str) -> bool:
        if employee_id not in erased:
            erased[employee_id] = local.is_erased(employee_id)
        return erased[employee_id]
    cache.forget(gone)
    problem = ""
    if local.read_only:
        problem = "read-only"
    else:
        try:
            cache.save()
        except OSError as error:
            problem = error.strerror or str(error)
    records, unused = rebuild(cache.statements.values(), course, config, local)
    return LRSReading(records, read, new, skipped, unused, len(cache.statements), problem)
