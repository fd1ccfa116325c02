"""HR reports: one row per employee and chapter (and one for the course), the figures HR asks
for first, and the export file formats.

One time rule everywhere: timestamps are stored in UTC and shown in one time zone (the
machine's, or --tz) with its offset; --since/--until are days in that zone.

Rows hold typed values (aware datetimes, dates, floats, bools); each format decides how to
write them. CSV and JSON keep fixed column names and machine values (tools read them; scores
0..1, seconds, ISO 8601 with offset). CSV for Excel (`excel=` sv/de/en) writes what that
locale's Excel and LibreOffice read as numbers and dates. XLSX and HTML are for people:
translated headings and statuses, percentages, local dates, durations.
"""
from __future__ import annotations

import csv
import html
import json
import math
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from pathlib import Path
from typing import Any

from learnsocial.i18n import _, active_language, ngettext
from learnsocial.progress import xlsx
from learnsocial.progress.records import Attempt, ChapterProgress, Employee, parse_stamp
from learnsocial.progress.status import ChapterStatus
from learnsocial.progress.xlsx import Column, Style

COLUMNS = ("employee_id", "display_name", "department", "chapter_id", "chapter_title", "status",
           "started_at", "completed_at", "best_score", "points", "attempts", "time_spent_s",
           "overdue", "due_date", "manager")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
STATUSES = tuple(str(s) for s in ChapterStatus)
MAX_NAME = 200  # longer names and departments are cut with "…" (the store allows 200)


def column_titles() -> dict[str, str]:
    return {
        "employee_id": _("Employee ID"), "display_name": _("Name"),
        "department": _("Department"), "chapter_id": _("Chapter ID"),
        "chapter_title": _("Chapter"), "status": _("Status"), "started_at": _("Started"),
        "completed_at": _("Completed"), "best_score": _("Best score"), "points": _("Points"),
        "attempts": _("Attempts"), "time_spent_s": _("Time spent (s)"),
        "overdue": _("Overdue"), "due_date": _("Due date"), "manager": _("Manager"),
    }


def status_label(status: str) -> str:
    """A status as people read it, in the active language."""
    labels: dict[str, str] = {ChapterStatus.NOT_STARTED: _("Not started"),
                              ChapterStatus.IN_PROGRESS: _("In progress"),
                              ChapterStatus.FAILED: _("Failed"),
                              ChapterStatus.COMPLETED: _("Completed")}
    return labels.get(status, status)


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


# -- time -------------------------------------------------------------------------------------

def local(stamp: str | None, tz: tzinfo | None) -> datetime | None:
    """A stored UTC stamp in the report's zone (None: the machine's), or None."""
    moment = parse_stamp(stamp)
    return moment.astimezone(tz) if moment else None


def local_day(stamp: str | None, tz: tzinfo | None) -> date | None:
    moment = local(stamp, tz)
    return moment.date() if moment else None


def zone_name(tz: tzinfo | None, when: datetime | None = None) -> str:
    """'Europe/Berlin, UTC+01:00', or 'UTC+01:00' for the machine's zone."""
    moment = (when or datetime.now(UTC)).astimezone(tz)
    offset = moment.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    key = getattr(tz, "key", None)
    return f"{key}, {offset}" if key else offset


# -- rows -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportFilter:
    since: date | None = None  # days in the report's zone
    until: date | None = None
    chapter: str | None = None  # a chapter id, or the course id for the course rows
    status: str | None = None
    department: str | None = None  # compared without case
    overdue: bool = False  # only rows that are overdue

    def keeps_person(self, employee: Employee) -> bool:
        return not self.department or \
            (employee.department or "").casefold() == self.department.strip().casefold()

    def keeps(self, row: dict) -> bool:
        if self.chapter and row["chapter_id"] != self.chapter:
            return False
        if self.status and row["status"] != self.status:
            return False
        if self.department and row["department"].casefold() != \
                self.department.strip().casefold():
            return False
        if self.overdue and not row["overdue"]:
            return False
        if self.since or self.until:
            moment = row["completed_at"] or row["started_at"]
            if moment is None:
                return False
            day = moment.date()
            if (self.since and day < self.since) or (self.until and day > self.until):
                return False
        return True

    @property
    def narrows(self) -> bool:
        return any((self.since, self.until, self.chapter, self.status, self.department,
                    self.overdue))


def course_status(statuses: list[str]) -> str:
    """The course's status from its chapters': completed when all are; failed when a chapter
    is failed (the person is stuck at a test); in progress when anything was started."""
    if statuses and all(s == ChapterStatus.COMPLETED for s in statuses):
        return ChapterStatus.COMPLETED
    if any(s == ChapterStatus.FAILED for s in statuses):
        return ChapterStatus.FAILED
    if any(s != ChapterStatus.NOT_STARTED for s in statuses):
        return ChapterStatus.IN_PROGRESS
    return ChapterStatus.NOT_STARTED


def person_rows(employee: Employee, progress: Mapping[str, ChapterProgress],
                chapters: list[tuple[str, str]], *, course: tuple[str, str] | None = None,
                due: date | None = None, today: date | None = None,
                tz: tzinfo | None = None) -> list[dict]:
    """One row per chapter of the course (not started included), then one for the course
    (chapter_id = the course id) when `course` is given."""
    base: dict[str, Any] = {"employee_id": employee.employee_id,
            "display_name": _cut(employee.display_name),
            "department": _cut(employee.department or ""), "manager": _cut(employee.manager or ""),
            "due_date": due}
    late = due is not None and today is not None and today > due
    rows: list[dict[str, Any]] = []
    for chapter_id, title in chapters:
        record = progress.get(chapter_id)
        status = record.status if record else ChapterStatus.NOT_STARTED
        rows.append({
            **base, "chapter_id": chapter_id, "chapter_title": title, "status": status,
            "started_at": local(record.started_at, tz) if record else None,
            "completed_at": local(record.completed_at, tz) if record else None,
            "best_score": record.best_score if record else None,
            "points": record.points if record else 0,
            "attempts": record.attempts if record else 0,
            "time_spent_s": round(record.time_spent_s, 1) if record else 0.0,
            "overdue": late and status != ChapterStatus.COMPLETED})
    if course is not None:
        status = course_status([r["status"] for r in rows])
        starts = [r["started_at"] for r in rows if r["started_at"]]
        scores = [r["best_score"] for r in rows if r["best_score"] is not None]
        done = status == ChapterStatus.COMPLETED
        rows.append({
            **base, "chapter_id": course[0], "chapter_title": course[1], "status": status,
            "started_at": min(starts, default=None),
            "completed_at": max((r["completed_at"] for r in rows), default=None) if done
            else None,
            "best_score": sum(scores) / len(scores) if scores else None,
            "points": sum(r["points"] for r in rows),
            "attempts": sum(r["attempts"] for r in rows),
            "time_spent_s": round(sum(r["time_spent_s"] for r in rows), 1),
            "overdue": late and not done, "course": True})
    return rows


def completion_rows(employees: Iterable[Employee], progress_of: Callable[[str], Mapping],
                    chapters: list[tuple[str, str]], keep: ReportFilter = ReportFilter(),
                    on_progress: Callable[[int], None] | None = None, *,
                    course: tuple[str, str] | None = None,
                    due_of: Callable[[Employee, Mapping], date | None] | None = None,
                    today: date | None = None, tz: tzinfo | None = None) -> list[dict]:
    """Every employee x every chapter of the course, chapters not started included."""
    return list(iter_rows(employees, progress_of, chapters, keep, on_progress, course=course,
                          due_of=due_of, today=today, tz=tz))


def iter_rows(employees: Iterable[Employee], progress_of: Callable[[str], Mapping],
              chapters: list[tuple[str, str]], keep: ReportFilter = ReportFilter(),
              on_progress: Callable[[int], None] | None = None, *,
              course: tuple[str, str] | None = None,
              due_of: Callable[[Employee, Mapping], date | None] | None = None,
              today: date | None = None, tz: tzinfo | None = None) -> Iterator[dict]:
    for count, employee in enumerate(employees, start=1):
        if keep.keeps_person(employee):
            progress = progress_of(employee.employee_id)
            due = due_of(employee, progress) if due_of else None
            for row in person_rows(employee, progress, chapters, course=course, due=due,
                                   today=today, tz=tz):
                if keep.keeps(row):
                    yield row
        if on_progress:
            on_progress(count)


def _cut(text: str) -> str:
    return text if len(text) <= MAX_NAME else text[:MAX_NAME - 1] + "…"


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# -- CSV and JSON -----------------------------------------------------------------------------

def machine_value(column: str, value: Any) -> Any:
    """A value as tools read it: ISO 8601 with offset, scores 0..1, seconds, true/false.

    The rule for any value; the writers use one converter per column (machine_columns), which
    a test holds equal to this."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if column == "best_score":
        return round(value, 4)
    return value


# What a locale's Excel (and LibreOffice) reads as numbers and dates from a CSV file.
EXCEL_LOCALES = {
    "sv": {"delimiter": ";", "decimal": ",", "datetime": "%Y-%m-%d %H:%M", "date": "%Y-%m-%d"},
    "de": {"delimiter": ";", "decimal": ",", "datetime": "%d.%m.%Y %H:%M", "date": "%d.%m.%Y"},
    "en": {"delimiter": ",", "decimal": ".", "datetime": "%Y-%m-%d %H:%M", "date": "%Y-%m-%d"},
}


def excel_value(column: str, value: Any, form: dict) -> Any:
    """A value as that locale's spreadsheet reads it (the rule; see excel_columns)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(form["datetime"])
    if isinstance(value, date):
        return value.strftime(form["date"])
    if isinstance(value, bool):
        return yes_no(value)
    if column == "status":
        return status_label(value)
    if isinstance(value, float):
        text = repr(round(value, 4)) if column == "best_score" else repr(value)
        return text.replace(".", form["decimal"])
    return value


# One converter per column, so a cell is at most one call instead of a cascade of type checks
# (an export at 10,000 employees writes a million cells). The kinds of value in a column are
# fixed by person_rows: text, datetime or None, date or None, a score or None, numbers, bool.
# None as a converter: the value as it is; a CSV writer writes None as an empty field.

Converter = Callable[[Any], Any]


def _blank_or(convert: Converter) -> Converter:
    return lambda value: "" if value is None else convert(value)


def machine_columns() -> list[Converter | None]:
    """Per column of COLUMNS: neutralise(machine_value(column, value)) for its kind of value
    (None: the value as it is)."""
    moment = _blank_or(lambda v: v.isoformat(timespec="seconds"))
    kinds: dict[str, Converter | None] = {
        "started_at": moment, "completed_at": moment,
        "due_date": _blank_or(lambda v: v.isoformat()),
        "best_score": _blank_or(lambda v: round(v, 4)),
        "points": None, "attempts": None, "time_spent_s": None,
        "overdue": _blank_or(lambda v: "true" if v else "false")}
    return [kinds.get(c, neutralise) for c in COLUMNS]


def excel_columns(form: dict) -> list[Converter | None]:
    """Per column of COLUMNS: neutralise(excel_value(column, value, form)) for its kind."""
    decimal = form["decimal"]
    answers = {True: yes_no(True), False: yes_no(False)}
    labels: dict[str, str] = {}

    def status(value: str) -> str:
        label = labels.get(value)
        if label is None:
            label = labels[value] = neutralise(status_label(value))
        return label

    def number(value: Any) -> Any:
        return neutralise(repr(value).replace(".", decimal)) if isinstance(value, float) \
            else value

    def score(value: Any) -> Any:
        return number(round(value, 4)) if isinstance(value, float) else value

    moment = _blank_or(lambda v: v.strftime(form["datetime"]))
    kinds: dict[str, Converter] = {
        "started_at": moment, "completed_at": moment,
        "due_date": _blank_or(lambda v: v.strftime(form["date"])),
        "status": _blank_or(status), "best_score": _blank_or(score),
        "points": _blank_or(number), "attempts": _blank_or(number),
        "time_spent_s": _blank_or(number),
        "overdue": _blank_or(lambda v: answers[bool(v)])}
    return [kinds.get(c, neutralise) for c in COLUMNS]


_ROW_VALUES = operator.itemgetter(*COLUMNS)


def write_csv(rows: Iterable[dict], path: Path, delimiter: str = ",",
              excel: str | None = None, tz: tzinfo | None = None) -> int:
    """UTF-8 with a byte-order mark; returns the number of rows written.

    excel=None: machine-clean (fixed column names, ISO 8601, 0..1, seconds, true/false).
    excel="sv"|"de"|"en": that locale's list separator, decimal comma or point, local date
    and time, translated headings and statuses; the time zone is named in the headings."""
    count = 0
    form = EXCEL_LOCALES[excel] if excel else None
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=form["delimiter"] if form else delimiter,
                            quoting=csv.QUOTE_MINIMAL)
        if form:
            titles = column_titles()
            zone = zone_name(tz)
            writer.writerow([f"{titles[c]} ({zone})" if c in ("started_at", "completed_at")
                             else titles[c] for c in COLUMNS])
            converters = excel_columns(form)
        else:
            writer.writerow(COLUMNS)
            converters = machine_columns()
        for row in rows:
            writer.writerow([value if convert is None else convert(value)
                             for convert, value in zip(converters, _ROW_VALUES(row), strict=True)])
            count += 1
    return count


def write_json(rows: Iterable[dict], path: Path) -> int:
    """A JSON array of row objects, written as it goes (never the whole text in memory):
    null for no value, true/false, ISO 8601 with offset, scores 0..1, seconds."""
    count = 0
    # per column: the JSON value of machine_value (None stays null, true/false stay bools)
    kinds: dict[str, Converter] = {"started_at": lambda v: v.isoformat(timespec="seconds"),
                                   "completed_at": lambda v: v.isoformat(timespec="seconds"),
                                   "due_date": lambda v: v.isoformat(),
                                   "best_score": lambda v: round(v, 4)}
    converted = [(c, kinds[c]) for c in COLUMNS if c in kinds]
    encoder = json.JSONEncoder(ensure_ascii=False)
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for row in rows:
            value = dict(zip(COLUMNS, _ROW_VALUES(row), strict=True))
            for column, convert in converted:
                if value[column] is not None:
                    value[column] = convert(value[column])
            out.write(("\n" if not count else ",\n") + encoder.encode(value))
            count += 1
        out.write("\n]\n")
    return count


# -- figures ------------------------------------------------------------------------------------

@dataclass
class ChapterStats:
    chapter_id: str
    title: str
    employees: int = 0
    started: int = 0
    completed: int = 0
    failed: int = 0
    attempts: int = 0
    score_sum: float = 0.0
    scored: int = 0

    @property
    def completion(self) -> float:
        return self.completed / self.employees if self.employees else 0.0

    @property
    def pass_rate(self) -> float | None:
        """Of those who took the test, the share who passed it."""
        tested = self.completed + self.failed
        return self.completed / tested if tested else None

    @property
    def average_score(self) -> float | None:
        return self.score_sum / self.scored if self.scored else None

    def add(self, row: dict) -> None:
        self.employees += 1
        status = row["status"]
        self.started += status != ChapterStatus.NOT_STARTED
        self.completed += status == ChapterStatus.COMPLETED
        self.failed += status == ChapterStatus.FAILED
        self.attempts += row["attempts"]
        if row["best_score"] is not None:
            self.score_sum += row["best_score"]
            self.scored += 1


@dataclass
class DepartmentStats:
    department: str  # "" for people without one
    employees: int = 0
    started: int = 0
    completed: int = 0
    overdue: int = 0

    @property
    def completion(self) -> float:
        return self.completed / self.employees if self.employees else 0.0


@dataclass
class QuestionStats:
    chapter_id: str
    item_id: str
    answered: int = 0
    correct: int = 0
    time_s: float = 0.0
    chosen: Counter = field(default_factory=Counter)  # response id -> times chosen
    wrong: Counter = field(default_factory=Counter)  # wrong response id -> times chosen

    @property
    def share_correct(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    @property
    def average_time_s(self) -> float:
        return self.time_s / self.answered if self.answered else 0.0

    @property
    def common_wrong(self) -> str:
        """The wrong response chosen most often ("" if none)."""
        return self.wrong.most_common(1)[0][0] if self.wrong else ""


class QuestionTally:
    """Per-question figures added up one attempt at a time (nothing else is kept)."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], QuestionStats] = {}

    def add(self, attempt: Attempt) -> None:
        for answer in attempt.answers:
            key = (attempt.chapter_id, answer.item_id)
            stat = self.items.get(key)
            if stat is None:
                stat = self.items[key] = QuestionStats(*key)
            stat.answered += 1
            stat.time_s += answer.time_s if math.isfinite(answer.time_s) else 0.0
            if answer.response:
                stat.chosen[answer.response] += 1
            if answer.correct:
                stat.correct += 1
            elif answer.response:
                stat.wrong[answer.response] += 1

    def add_counts(self, question: str, counts: list) -> None:
        """One person's figures for a question ("chapter/item"), as the store keeps them:
        [answers, right, seconds, {response: [times, right]}]."""
        chapter_id, _sep, item_id = question.partition("/")
        key = (chapter_id, item_id)
        stat = self.items.get(key)
        if stat is None:
            stat = self.items[key] = QuestionStats(*key)
        answered, correct, seconds, chosen = counts
        stat.answered += answered
        stat.correct += correct
        stat.time_s += seconds
        for response, (times, right) in chosen.items():
            stat.chosen[response] += times
            if times > right:
                stat.wrong[response] += times - right

    def results(self) -> list[QuestionStats]:
        found = [self.items[k] for k in sorted(self.items)]
        for stat in found:  # answers chosen equally often in the order of their ids, however
            stat.chosen = Counter(dict(sorted(stat.chosen.items())))  # the counts were added
            stat.wrong = Counter(dict(sorted(stat.wrong.items())))
            # times are kept in thousandths: the same sum whatever order it was added in
            stat.time_s = round(stat.time_s, 3)
        return found


def question_stats(attempts: Iterable[Attempt]) -> list[QuestionStats]:
    """Per question: answers, share right, each response's count, average answer time."""
    tally = QuestionTally()
    for attempt in attempts:
        tally.add(attempt)
    return tally.results()


@dataclass
class ChoiceStats:
    """How people judged one "what would you do?" situation (their first choice)."""

    chapter_id: str
    scene_id: str
    text: str  # the situation (the scene's line)
    ratings: Counter = field(default_factory=Counter)  # rating -> people
    options: Counter = field(default_factory=Counter)  # option id -> people

    @property
    def people(self) -> int:
        return sum(self.ratings.values())

    @property
    def poor_share(self) -> float:
        return self.ratings["poor"] / self.people if self.people else 0.0


@dataclass
class Figures:
    """Everything the report shows above its table, for the rows that were kept."""

    chapters: list[ChapterStats]
    course: ChapterStats | None
    departments: list[DepartmentStats]
    overdue: list[dict]  # the course rows (or chapter rows) that are overdue
    questions: list[QuestionStats] = field(default_factory=list)
    choices: list[ChoiceStats] = field(default_factory=list)
    enrolled: int = 0

    @property
    def completed(self) -> int:
        return self.course.completed if self.course else 0

    @property
    def overdue_people(self) -> int:
        return len({r["employee_id"] for r in self.overdue})

    @property
    def pass_rate(self) -> float | None:
        tested = sum(c.completed + c.failed for c in self.chapters)
        return sum(c.completed for c in self.chapters) / tested if tested else None


def figures(rows: Iterable[dict], chapters: list[tuple[str, str]],
            course_id: str | None) -> Figures:
    """Chapter, course and department figures and the overdue list, from the rows kept (so
    they follow the filters). Departments and the overdue list count people by their course
    row; where the filter kept no course row, by their chapter rows."""
    by_chapter = {cid: ChapterStats(cid, title) for cid, title in chapters}
    course = ChapterStats(course_id or "", "") if course_id else None
    departments: dict[bool, dict[str, DepartmentStats]] = {True: {}, False: {}}
    overdue: dict[bool, list[dict]] = {True: [], False: []}
    people: set[str] = set()
    for row in rows:
        people.add(row["employee_id"])
        whole = bool(row.get("course"))
        if whole:
            assert course is not None
            course.title = row["chapter_title"]
            course.add(row)
        elif (stat := by_chapter.get(row["chapter_id"])) is not None:
            stat.add(row)
        key = row["department"]
        dept = departments[whole].get(key.casefold())
        if dept is None:
            dept = departments[whole][key.casefold()] = DepartmentStats(key)
        dept.employees += 1
        dept.started += row["status"] != ChapterStatus.NOT_STARTED
        dept.completed += row["status"] == ChapterStatus.COMPLETED
        dept.overdue += bool(row["overdue"])
        if row["overdue"]:
            overdue[whole].append(row)
    whole = bool(course and course.employees)
    ordered = sorted(departments[whole].values(),
                     key=lambda d: (d.completion, d.department.casefold()))
    late = sorted(overdue[whole], key=lambda r: (r["due_date"] or date.max,
                                                 r["display_name"].casefold()))
    return Figures([s for s in by_chapter.values() if s.employees],
                   course if whole else None, ordered, late, enrolled=len(people))


# -- values for people --------------------------------------------------------------------------

DATETIME_PATTERNS = {"de": "%d.%m.%Y %H:%M", "sv": "%Y-%m-%d %H:%M", "en": "%d %b %Y %H:%M"}
DATE_PATTERNS = {"de": "%d.%m.%Y", "sv": "%Y-%m-%d", "en": "%d %b %Y"}


def when(moment: datetime | None) -> str:
    """29.11.2026 14:05 (de), 2026-11-29 14:05 (sv), 29 Nov 2026 14:05 (en)."""
    if moment is None:
        return ""
    return moment.strftime(DATETIME_PATTERNS.get(active_language(), "%Y-%m-%d %H:%M"))


def day(value: date | None) -> str:
    if value is None:
        return ""
    return value.strftime(DATE_PATTERNS.get(active_language(), "%Y-%m-%d"))


@cache
def _percent(whole: int, language: str) -> str:
    from babel.numbers import format_percent

    return format_percent(whole / 100, locale=language)


def percent(share: float | None) -> str:
    """87 % (sv, de) or 87% (en); '–' for no figure."""
    if share is None:
        return "–"
    return _percent(round(share * 100), active_language())


def duration(seconds: float) -> str:
    """1 h 12 min, 12 min, 40 s."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return _("{seconds} s").format(seconds=seconds)
    minutes = round(seconds / 60)
    if minutes < 60:
        return _("{minutes} min").format(minutes=minutes)
    return _("{hours} h {minutes} min").format(hours=minutes // 60, minutes=minutes % 60)


# -- XLSX ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportText:
    """What the people-facing formats say about the report itself."""

    title: str
    generated: str  # "Generated 29.11.2026 14:05 (Europe/Berlin, UTC+01:00)"
    zone: str
    filters: str = ""  # "Department: Sales; Status: Failed" or ""
    question_text: Callable[[str, str], str] = lambda chapter, item: item
    response_text: Callable[[str, str, str], str] = lambda chapter, item, response: response
    chapter_title: Callable[[str], str] = lambda chapter: chapter


XLSX_COLUMNS = ("employee_id", "display_name", "department", "manager", "chapter_title",
                "status", "overdue", "due_date", "started_at", "completed_at", "best_score",
                "attempts", "time_spent_s")


def write_xlsx(rows: Iterable[dict], path: Path, found: Figures, text: ReportText) -> int:
    """Sheets Overview, Employees, Questions, Departments, each streamed as it is written
    (learnsocial.progress.xlsx), one format per column; returns the employee rows written."""
    with xlsx.Workbook(path) as book:
        return _fill_workbook(book, rows, found, text)


def _fill_workbook(book: xlsx.Workbook, rows: Iterable[dict], found: Figures,
                   text: ReportText) -> int:
    bold, heading, share = Style.BOLD, Style.HEADING, Style.PERCENT

    # Overview: the KPIs, then one line per chapter (and the course)
    with book.sheet(_("Overview"), [Column(44), *[Column(14)] * 3, *[Column(14, share)] * 4],
                    freeze_header=False) as overview:
        overview.row([(text.title, heading)])
        overview.row([text.generated])
        overview.row([text.filters or None])
        overview.row([])
        kpis = [(_("Enrolled"), found.enrolled, None),
                (_("Completed the course"), found.completed, None),
                (_("Overdue"), found.overdue_people, None),
                (_("Pass rate"), found.pass_rate, share)]
        for label, value, form in kpis:
            overview.row([(label, bold), "–" if value is None else
                          ((value, form) if form else value)])
        overview.row([])
        overview.row([(title, bold) for title in (
            _("Chapter"), _("Enrolled"), _("Started"), _("Completed"), _("Completion"),
            _("Pass rate"), _("Average score"))])
        for stat in list(found.chapters) + ([found.course] if found.course else []):
            overview.row([(stat.title, bold if stat is found.course else Style.PLAIN),
                          stat.employees, stat.started, stat.completed, stat.completion,
                          "–" if stat.pass_rate is None else stat.pass_rate,
                          "–" if stat.average_score is None else stat.average_score])

    # Employees: one row per employee and chapter (and the course)
    titles_of = column_titles()
    widths = {"employee_id": 14, "display_name": 28, "department": 18, "manager": 20,
              "chapter_title": 36, "status": 14, "overdue": 10, "due_date": 12,
              "started_at": 17, "completed_at": 17, "best_score": 11, "attempts": 10,
              "time_spent_s": 12}
    formats = {"due_date": Style.DATE, "started_at": Style.DATETIME,
               "completed_at": Style.DATETIME, "best_score": share, "time_spent_s": Style.HOURS}
    columns = [Column(widths[name], formats.get(name, Style.PLAIN)) for name in XLSX_COLUMNS]
    count = 0
    with book.sheet(_("Employees"), columns, autofilter=True) as people:
        header = []
        for name in XLSX_COLUMNS:
            title = titles_of[name]
            if name in ("started_at", "completed_at"):
                title = f"{title} ({text.zone})"
            elif name == "time_spent_s":
                title = _("Time spent (h:mm)")
            header.append((title, bold))
        people.row(header)
        statuses: dict[str, str] = {}
        answers = {True: yes_no(True), False: yes_no(False)}
        employee_row = people.typed_rows([xlsx.NUMBER if name in formats or name == "attempts"
                                          else xlsx.TEXT for name in XLSX_COLUMNS])
        for row in rows:
            count += 1
            status = row["status"]
            if status not in statuses:
                statuses[status] = status_label(status)
            employee_row([
                row["employee_id"], row["display_name"], row["department"], row["manager"],
                row["chapter_title"], statuses[status], answers[bool(row["overdue"])],
                None if row["due_date"] is None else _excel_day(row["due_date"]),
                None if row["started_at"] is None else _excel_moment(row["started_at"]),
                None if row["completed_at"] is None else _excel_moment(row["completed_at"]),
                row["best_score"], row["attempts"], row["time_spent_s"] / 86400])

    # Questions
    q_titles = [_("Chapter"), _("Question"), _("Answers"), _("Answered right"),
                _("Average answer time (s)"), _("Most chosen wrong answer"),
                _("How often each answer was chosen")]
    q_columns = [Column(30), Column(50, Style.WRAP), Column(10), Column(14, share), Column(14),
                 Column(36, Style.WRAP), Column(60, Style.WRAP)]
    with book.sheet(_("Questions"), q_columns) as questions:
        questions.row([(title, bold) for title in q_titles])
        for question in found.questions:
            chapter_id, item_id = question.chapter_id, question.item_id
            questions.row([
                text.chapter_title(chapter_id), text.question_text(chapter_id, item_id),
                question.answered, question.share_correct, round(question.average_time_s, 1),
                text.response_text(chapter_id, item_id, question.common_wrong)
                if question.common_wrong else "–",
                "; ".join(f"{text.response_text(chapter_id, item_id, response)}: {times}"
                          for response, times in question.chosen.most_common())])

    # Departments
    d_titles = [_("Department"), _("Enrolled"), _("Started"), _("Completed the course"),
                _("Completion"), _("Overdue")]
    d_columns = [Column(30), Column(12), Column(12), Column(20), Column(14, share), Column(12)]
    with book.sheet(_("Departments"), d_columns) as departments:
        departments.row([(title, bold) for title in d_titles])
        for dept in found.departments:
            departments.row([dept.department or _("(no department)"), dept.employees,
                             dept.started, dept.completed, dept.completion, dept.overdue])
    return count


_EPOCH = datetime(1899, 12, 30)


def _excel_moment(moment: datetime) -> float:
    """A local date and time as Excel's serial number (the zone is named in the heading)."""
    return (moment.replace(tzinfo=None) - _EPOCH) / timedelta(days=1)


def _excel_day(value: date) -> int:
    return (value - _EPOCH.date()).days


# -- HTML -------------------------------------------------------------------------------------

HTML_COLUMNS = ("display_name", "department", "chapter_title", "status", "overdue",
                "due_date", "completed_at", "best_score", "attempts", "time_spent_s")
STATUS_MARKS = {ChapterStatus.COMPLETED: "✓", ChapterStatus.FAILED: "✗",
                ChapterStatus.IN_PROGRESS: "◐", ChapterStatus.NOT_STARTED: "○"}


def bar_chart(values: list[tuple[str, float | None, str]], colour: str = "#2E7D4F") -> str:
    """A chart of shares 0..1 as an HTML table: labels wrap (never cut), bars in CSS, so it
    prints on any page width. Each value: (label, share or None, text after the bar)."""
    lines = []
    for label, share, note in values:
        width = 0 if share is None else round(max(0.0, min(1.0, share)) * 100, 1)
        lines.append(f'<tr><th scope="row">{html.escape(label)}</th><td class="bar">'
                     f'<span style="width:{width}%;background:{colour}"></span></td>'
                     f'<td class="num">{html.escape(note)}</td></tr>')
    return '<table class="chart">' + "".join(lines) + "</table>"


def _tag(name: str, text: str) -> str:
    """<h2>text</h2> (the text escaped); called with _("...") outside any f-string, so
    pybabel extracts it."""
    return f"<{name}>{html.escape(text)}</{name}>\n"


def write_html(rows: Iterable[dict], path: Path, found: Figures, text: ReportText,
               most_missed: int = 10, overdue_limit: int = 200) -> int:
    """A document for management, printable on A4 (landscape): KPIs, completion by
    department, chapters by pass rate, the most-missed questions, the situations most often
    judged poorly, the overdue list, then every row. Returns the rows written."""
    esc = html.escape
    titles = column_titles()
    out = path.open("w", encoding="utf-8")
    write = out.write
    write(f'<!DOCTYPE html>\n<html lang="{esc(active_language())}"><head><meta charset="utf-8">'
          f"<title>{esc(text.title)}</title><style>{HTML_STYLE}</style></head><body>\n")
    write(f"<header><h1>{esc(text.title)}</h1><p>{esc(text.generated)}</p>")
    if text.filters:
        write(f"<p>{esc(text.filters)}</p>")
    write("</header>\n")
    kpis = [(_("Enrolled"), str(found.enrolled)),
            (_("Completed the course"), str(found.completed)),
            (_("Overdue"), str(found.overdue_people)),
            (_("Pass rate"), percent(found.pass_rate))]
    write('<section class="kpis">' + "".join(
        f'<div class="kpi"><span class="value">{esc(v)}</span><span class="label">{esc(k)}'
        f"</span></div>" for k, v in kpis) + "</section>\n")

    write(_tag("h2", _("Completion by department")))
    if found.departments:
        write(bar_chart([(d.department or _("(no department)"), d.completion,
                          _("{completed} of {count} ({share})").format(
                              completed=d.completed, count=d.employees,
                              share=percent(d.completion)))
                         for d in found.departments]))
    else:
        write(_tag("p", _("No employees match.")))

    write(_tag("h2", _("Chapters by pass rate")))
    ranked = sorted(found.chapters, key=lambda c: (c.pass_rate is None, c.pass_rate or 0.0))
    write(bar_chart([(c.title, c.pass_rate,
                      _("{rate} passed, {completed} of {count} completed").format(
                          rate=percent(c.pass_rate), completed=c.completed, count=c.employees))
                     for c in ranked], colour="#2F6DB5"))

    write(_tag("h2", _("Most-missed questions")))
    missed = sorted((q for q in found.questions if q.answered),
                    key=lambda q: (q.share_correct, -q.answered))[:most_missed]
    if missed:
        heads = [_("Question"), _("Chapter"), _("Answers"), _("Answered right"),
                 _("Most chosen wrong answer"), _("Average answer time")]
        write('<table class="list"><thead><tr>' + "".join(f"<th>{esc(h)}</th>" for h in heads)
              + "</tr></thead><tbody>")
        for q in missed:
            wrong = text.response_text(q.chapter_id, q.item_id, q.common_wrong) \
                if q.common_wrong else "–"
            write(f"<tr><td>{esc(text.question_text(q.chapter_id, q.item_id))}</td>"
                  f"<td>{esc(text.chapter_title(q.chapter_id))}</td>"
                  f'<td class="num">{q.answered}</td>'
                  f'<td class="num">{esc(percent(q.share_correct))}</td>'
                  f"<td>{esc(wrong)}</td>"
                  f'<td class="num">{esc(duration(q.average_time_s))}</td></tr>')
        write("</tbody></table>\n")
    else:
        write(_tag("p", _("No test answered yet.")))

    write(_tag("h2", _("Situations most often judged poorly")))
    judged = sorted((c for c in found.choices if c.people),
                    key=lambda c: (-c.poor_share, -c.people))[:most_missed]
    if judged:
        heads = [_("Situation"), _("Chapter"), _("People"), _("Judged poorly"),
                 _("Best choice")]
        write('<table class="list"><thead><tr>' + "".join(f"<th>{esc(h)}</th>" for h in heads)
              + "</tr></thead><tbody>")
        for c in judged:
            write(f"<tr><td>{esc(c.text)}</td><td>{esc(text.chapter_title(c.chapter_id))}</td>"
                  f'<td class="num">{c.people}</td>'
                  f'<td class="num">{esc(percent(c.poor_share))}</td>'
                  f'<td class="num">{esc(percent(c.ratings["best"] / c.people))}</td></tr>')
        write("</tbody></table>\n")
    else:
        write(_tag("p", _("No choice made yet.")))

    write(_tag("h2", _("Overdue")))
    if found.overdue:
        heads = [titles["display_name"], titles["employee_id"], titles["department"],
                 titles["manager"], titles["due_date"], titles["status"]]
        write('<table class="list"><thead><tr>' + "".join(f"<th>{esc(h)}</th>" for h in heads)
              + "</tr></thead><tbody>")
        for row in found.overdue[:overdue_limit]:
            write(f"<tr><td>{esc(row['display_name'])}</td><td>{esc(row['employee_id'])}</td>"
                  f"<td>{esc(row['department'])}</td><td>{esc(row['manager'])}</td>"
                  f'<td class="num">{esc(day(row["due_date"]))}</td>'
                  f"<td>{esc(status_label(row['status']))}</td></tr>")
        write("</tbody></table>\n")
        if len(found.overdue) > overdue_limit:
            write("<p>" + esc(_("{shown} of {count} shown; the table below lists everyone.")
                              .format(shown=overdue_limit, count=len(found.overdue))) + "</p>\n")
    else:
        write(_tag("p", _("Nobody is overdue.")))

    write(_tag("h2", _("Employees and chapters")))
    heads = [titles[c] if c != "time_spent_s" else _("Time spent") for c in HTML_COLUMNS]
    heads[HTML_COLUMNS.index("completed_at")] = f"{titles['completed_at']}"
    write('<table class="rows"><thead><tr>' + "".join(f"<th>{esc(h)}</th>" for h in heads)
          + "</tr></thead><tbody>\n")
    count = 0
    labels = {s: f"{STATUS_MARKS[ChapterStatus(s)]} {status_label(s)}" for s in STATUSES}
    yes, no = yes_no(True), yes_no(False)
    for row in rows:
        count += 1
        course = ' class="course"' if row.get("course") else ""
        score = row["best_score"]
        write(f"<tr{course}><td>{esc(row['display_name'])}<br><small>{esc(row['employee_id'])}"
              f"</small></td><td>{esc(row['department'])}</td>"
              f"<td>{esc(row['chapter_title'])}</td><td>{esc(labels[row['status']])}</td>"
              f"<td>{yes if row['overdue'] else no}</td>"
              f'<td class="num">{day(row["due_date"])}</td>'
              f'<td class="num">{when(row["completed_at"])}</td>'
              f'<td class="num">{percent(score) if score is not None else ""}</td>'
              f'<td class="num">{row["attempts"]}</td>'
              f'<td class="num">{esc(duration(row["time_spent_s"]))}</td></tr>\n')
    write("</tbody></table>\n")
    write("<footer><p>" + esc(ngettext("{count} row", "{count} rows", count).format(count=count))
          + " · " + esc(_("Times in {zone}").format(zone=text.zone)) + "</p></footer>")
    write("</body></html>\n")
    out.close()
    return count


HTML_STYLE = """
@page { size: A4 landscape; margin: 12mm 10mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; margin: 1.5em;
       color: #1E2A3A; font-size: 11pt; }
h1 { font-size: 20pt; margin: 0 0 .2em; }
h2 { font-size: 14pt; margin: 1.4em 0 .5em; break-after: avoid; page-break-after: avoid; }
header p { margin: .1em 0; color: #46556A; }
.kpis { display: flex; flex-wrap: wrap; gap: 10px; margin: 1em 0; }
.kpi { border: 1px solid #C8D0DA; border-radius: 8px; padding: 8px 14px; min-width: 9em; }
.kpi .value { display: block; font-size: 20pt; font-weight: bold; }
.kpi .label { color: #46556A; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #C8D0DA; padding: 3px 5px; text-align: left; vertical-align: top;
         overflow-wrap: break-word; hyphens: auto; }
thead th { background: #2A3A4E; color: #FFFFFF; }
td.num { text-align: right; white-space: nowrap; }
table.chart th { width: 34%; font-weight: normal; border: none; }
table.chart td { border: none; }
table.chart td.bar { width: 40%; }
table.chart td.bar span { display: block; height: 14px; min-width: 1px;
                          -webkit-print-color-adjust: exact; print-color-adjust: exact; }
table.chart td.num { width: 26%; text-align: left; white-space: normal; }
table.list, table.rows { font-size: 8.5pt; }
table.list th:first-child { width: 34%; }
table.rows th:nth-child(1) { width: 15%; } table.rows th:nth-child(2) { width: 11%; }
table.rows th:nth-child(3) { width: 15%; } table.rows th:nth-child(4) { width: 12%; }
table.rows th:nth-child(5) { width: 8%; } table.rows th:nth-child(6) { width: 8%; }
table.rows th:nth-child(7) { width: 10%; } table.rows th:nth-child(8) { width: 7%; }
table.rows th:nth-child(9) { width: 8%; } table.rows th:nth-child(10) { width: 6%; }
table.rows td.num { white-space: normal; }
tr.course td { font-weight: bold; background: #EEF2F6; }
small { color: #46556A; }
footer { margin-top: 1em; color: #46556A; font-size: 9pt; }
@media print {
  body { margin: 0; font-size: 10pt; }
  thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def write_question_csv(stats: Iterable[QuestionStats], path: Path, text: ReportText) -> int:
    """The per-question figures as a CSV (UTF-8 with a byte-order mark, machine-clean)."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(("chapter_id", "chapter_title", "item_id", "question", "answers",
                         "answered_right", "share_right", "average_time_s",
                         "most_chosen_wrong", "chosen"))
        for stat in stats:
            writer.writerow([neutralise(v) for v in (
                stat.chapter_id, text.chapter_title(stat.chapter_id), stat.item_id,
                text.question_text(stat.chapter_id, stat.item_id), stat.answered,
                stat.correct, round(stat.share_correct, 4), round(stat.average_time_s, 1),
                text.response_text(stat.chapter_id, stat.item_id, stat.common_wrong)
                if stat.common_wrong else "",
                "; ".join(f"{text.response_text(stat.chapter_id, stat.item_id, r)}: {n}"
                          for r, n in stat.chosen.most_common()))])
            count += 1
    return count
