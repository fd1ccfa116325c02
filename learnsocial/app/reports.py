"""HR's figures, the same for the HR area on screen and for the export commands.

Reads the store's HR index once (employees, chapter summaries and the answer tallies summed:
a snapshot, in one pass), adds what the store does not keep (due dates from the site config,
overdue, the course row). The per-question figures of a report that leaves people out add up
their tallies one index bucket at a time; with dates, attempts are read one person at a time
(never everyone's attempts at once). How people judged the "what would you do?" situations
comes from the first choice each person made, which LearningRecord keeps with the employee
record (so no statement has to be read for it).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Protocol

from learnsocial.app.learning_record import FIRST_CHOICE
from learnsocial.content.model import Course
from learnsocial.i18n import _
from learnsocial.progress import report
from learnsocial.progress.records import (
    Attempt,
    ChapterProgress,
    Employee,
    canonical_id,
    parse_stamp,
)
from learnsocial.progress.report import (
    ChapterStats,
    ChoiceStats,
    Figures,
    QuestionStats,
    QuestionTally,
    ReportFilter,
    ReportText,
)
from learnsocial.progress.store import HrSnapshot

EVERYONE = ReportFilter()  # no filter


class ReportSource(Protocol):
    """Where a report's records come from: the progress store, or the records rebuilt from
    an LRS's statements (app.lrs_reports.LRSRecords)."""

    @property
    def data_dir(self) -> Path: ...

    def employees(self) -> list[Employee]: ...

    def all_progress(self) -> dict[str, dict[str, ChapterProgress]]: ...

    def hr_snapshot(self) -> HrSnapshot:
        """Employees, progress (by canonical id) and the answer tallies summed, in one read."""
        ...

    def answer_tallies(self) -> Iterable[tuple[str, dict[str, list]]]:
        """(canonical id, that person's answer tallies), one person at a time."""
        ...

    def attempts(self, employee_id: str | None = None, chapter_id: str | None = None
                 ) -> list[Attempt]: ...


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Reports:
    store: ReportSource
    chapters: list[tuple[str, str]]  # (chapter id, title) in course order
    course: Course | None = None  # for the course row, question texts and choice ratings
    due_days: int | None = None  # the site config's: due N days after start or first sign-in
    tz: tzinfo | None = None  # the zone times are shown in (None: the machine's)
    include_demo: bool = False  # people made by `learnsocial demo` are left out unless asked
    clock: Callable[[], datetime] = utc_now
    _people: list[Employee] | None = field(default=None, repr=False)
    _snapshot: HrSnapshot | None = field(default=None, repr=False)

    @classmethod
    def for_course(cls, store: ReportSource, course: Course | None, **options) -> Reports:
        return cls(store, [(c.id, c.title) for c in course.chapters] if course else [],
                   course, **options)

    # -- the snapshot ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the store's index again (the HR area does this when it opens)."""
        self._people = self._snapshot = None

    def _read(self) -> HrSnapshot:
        if self._snapshot is None:
            self._snapshot = self.store.hr_snapshot()
            self._people = None
        return self._snapshot

    def employees(self) -> list[Employee]:
        """Everyone on the roster or signed in (demo records only when asked), by id."""
        everyone = self._read().employees
        if self._people is None:
            self._people = [e for e in everyone if self.include_demo or not e.demo]
        return self._people

    def demo_count(self) -> int:
        """People made by the demo that the report leaves out."""
        if self.include_demo:
            return 0
        return sum(1 for e in self._read().employees if e.demo)

    def progress_of(self, employee_id: str) -> Mapping[str, ChapterProgress]:
        # keyed by canonical id: the id as shown (already normalised) without case
        return self._read().progress.get(employee_id.casefold(), {})

    @property
    def course_row(self) -> tuple[str, str] | None:
        return (self.course.id, self.course.title) if self.course else None

    def today(self) -> date:
        return self.clock().astimezone(self.tz).date()

    # -- due dates ---------------------------------------------------------------------------
    def due_date(self, employee: Employee, progress: Mapping[str, ChapterProgress]) -> date | None:
        """The roster's due date; else, with due_days set, the start date (or the first sign-in)
        plus due_days. A roster entry without a start date counts from its first activity;
        someone who never signed in and has no start date has no due date yet."""
        if employee.due_date:
            try:
                return date.fromisoformat(employee.due_date)
            except ValueError:
                pass
        if self.due_days is None:
            return None
        start: date | None = None
        if employee.start_date:
            try:
                start = date.fromisoformat(employee.start_date)
            except ValueError:
                start = None
        if start is None:
            if employee.enrolled_by == "roster":
                stamps = [p.started_at for p in progress.values() if p.started_at]
                first = min(stamps, key=lambda s: parse_stamp(s) or datetime.max.replace(
                    tzinfo=UTC), default=None) or employee.last_seen_at or None
            else:
                first = employee.created_at or None
            start = report.local_day(first, self.tz) if first else None
        return start + timedelta(days=self.due_days) if start else None

    # -- rows and figures -------------------------------------------------------------------
    def iter_rows(self, keep: ReportFilter = EVERYONE,
                  on_progress: Callable[[int], None] | None = None) -> Iterator[dict]:
        """One row per employee and chapter (not started included), then the course row."""
        return report.iter_rows(self.employees(), self.progress_of, self.chapters, keep,
                                on_progress, course=self.course_row, due_of=self.due_date,
                                today=self.today(), tz=self.tz)

    def rows(self, keep: ReportFilter = EVERYONE,
             on_progress: Callable[[int], None] | None = None) -> list[dict]:
        return list(self.iter_rows(keep, on_progress))

    def chapter_stats(self, rows: list[dict]) -> list[ChapterStats]:
        return report.figures(rows, self.chapters, None).chapters

    def figures(self, keep: ReportFilter = EVERYONE, details: bool = True) -> Figures:
        """The figures above a report's table, for the rows the filter keeps; details: the
        per-question and per-situation figures too (they read attempts)."""
        found = report.figures(self.iter_rows(keep), self.chapters,
                               self.course.id if self.course else None)
        if details:
            found.questions = self.question_stats(keep)
            found.choices = self.choice_stats(keep)
        return found

    def _kept_people(self, keep: ReportFilter) -> Iterator[Employee]:
        for employee in self.employees():
            if keep.keeps_person(employee):
                yield employee

    def question_stats(self, keep: ReportFilter = EVERYONE) -> list[QuestionStats]:
        """Per question: answers, share right, each answer's count, average time; from the
        attempts of the people (and chapter, and days) the filter keeps, read one person at a
        time. With a status or overdue filter, from the people who have such a row."""
        tally = QuestionTally()
        wanted = self._people_with_rows(keep) if keep.status or keep.overdue else None
        if not (keep.since or keep.until):  # the figures the store keeps at every save
            if wanted is None and not keep.department:  # everyone: the sums of the snapshot
                snapshot = self._read()
                self._add_counts(tally, keep, snapshot.answers)
                if self.include_demo:
                    self._add_counts(tally, keep, snapshot.demo_answers)
                return tally.results()
            kept = {canonical_id(e.employee_id) for e in self._kept_people(keep)
                    if wanted is None or e.employee_id.casefold() in wanted}
            for key, counts in self.store.answer_tallies():  # one index bucket at a time
                if key in kept:
                    self._add_counts(tally, keep, counts)
            return tally.results()
        for employee in self._kept_people(keep):
            progress = self.progress_of(employee.employee_id)
            if not any(p.attempts for p in progress.values()):
                continue
            if wanted is not None and employee.employee_id.casefold() not in wanted:
                continue
            for attempt in self.store.attempts(employee.employee_id, keep.chapter):
                if keep.since or keep.until:
                    finished = report.local_day(attempt.finished_at, self.tz)
                    if finished is None or (keep.since and finished < keep.since) or \
                            (keep.until and finished > keep.until):
                        continue
                tally.add(attempt)
        return tally.results()

    @staticmethod
    def _add_counts(tally: QuestionTally, keep: ReportFilter, tallies: dict[str, list]) -> None:
        for question, counts in tallies.items():
            if keep.chapter and question.split("/", 1)[0] != keep.chapter:
                continue
            tally.add_counts(question, counts)

    def _people_with_rows(self, keep: ReportFilter) -> set[str]:
        return {row["employee_id"].casefold() for row in self.iter_rows(keep)}

    def choice_stats(self, keep: ReportFilter = EVERYONE) -> list[ChoiceStats]:
        """Per "what would you do?" situation: how many people first took a poor, an ok or the
        best option (ratings from the course)."""
        if self.course is None:
            return []
        found: dict[tuple[str, str], ChoiceStats] = {}
        scenes = {}
        for chapter in self.course.chapters:
            if keep.chapter and keep.chapter not in (chapter.id, self.course.id):
                continue
            for scene in chapter.choice_scenes:
                scenes[FIRST_CHOICE.format(chapter=chapter.id, scene=scene.id)] = \
                    (chapter.id, scene)
        wanted = self._people_with_rows(keep) if keep.narrows else None
        for employee in self._kept_people(keep):
            if wanted is not None and employee.employee_id.casefold() not in wanted:
                continue
            for key, option_id in employee.settings.items():
                if key not in scenes or not isinstance(option_id, str):
                    continue
                chapter_id, scene = scenes[key]
                option = scene.option(option_id)
                if option is None:  # an option the authors removed since
                    continue
                stat = found.get((chapter_id, scene.id))
                if stat is None:
                    stat = found[(chapter_id, scene.id)] = ChoiceStats(chapter_id, scene.id,
                                                                        scene.text)
                stat.ratings[str(option.rating)] += 1
                stat.options[option.id] += 1
        return [found[k] for k in sorted(found)]

    # -- words --------------------------------------------------------------------------------
    def text(self, title: str, generated: str, filters: str = "") -> ReportText:
        """The texts of a report: question and answer texts from the course in its language."""
        specs = {c.id: c.test.spec for c in self.course.chapters if c.test} if self.course \
            else {}
        items = {cid: dict(spec.items()) for cid, spec in specs.items()}
        titles = dict(self.chapters)
        if self.course:
            titles[self.course.id] = self.course.title

        def question(chapter_id: str, item_id: str) -> str:
            return items.get(chapter_id, {}).get(item_id, item_id)

        def response(chapter_id: str, item_id: str, response_id: str) -> str:
            spec = specs.get(chapter_id)
            return spec.response_text(item_id, response_id) if spec else response_id

        return ReportText(title, generated, report.zone_name(self.tz, self.clock()), filters,
                          question, response, lambda cid: titles.get(cid, cid))

    def describe(self, keep: ReportFilter) -> str:
        """The filters in words: "Department: Sales; Status: Failed"."""
        parts = []
        if keep.chapter:
            titles = dict(self.chapters)
            if self.course:
                titles[self.course.id] = self.course.title
            parts.append(_("Chapter: {title}").format(title=titles.get(keep.chapter,
                                                                         keep.chapter)))
        if keep.department:
            parts.append(_("Department: {name}").format(name=keep.department))
        if keep.status:
            parts.append(_("Status: {status}").format(status=report.status_label(keep.status)))
        if keep.overdue:
            parts.append(_("Only overdue"))
        if keep.since:
            parts.append(_("From {day}").format(day=report.day(keep.since)))
        if keep.until:
            parts.append(_("Until {day}").format(day=report.day(keep.until)))
        return "; ".join(parts)
