"""Progress data as HR meets it, for the HR tests and the print check: a roster in four
departments (one with a long name, and a manager with umlauts), people who never signed in,
people overdue, a chapter failed twice, one completed course, first choices in the "what would
you do?" scenes, and a demo record. Built through the store's public API with fixed times."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from learnsocial.app.learning_record import FIRST_CHOICE
from learnsocial.content.loader import load_course
from learnsocial.content.model import Course
from learnsocial.paths import assets_dir, content_dir
from learnsocial.progress.records import AnswerRecord, Attempt, RosterRow
from learnsocial.progress.store import ProgressStore

NOW = datetime(2026, 11, 29, 13, 5, tzinfo=UTC)
DEPARTMENTS = ("Sales", "Support", "Ekonomi & Lön",
               "Forschung und Entwicklung für Kundenlösungen im Außendienst")


def course(language: str = "en") -> Course:
    root = content_dir(None)
    return load_course(root, language, assets_dir(root))


def stamp(days_ago: float, hours: float = 0.0) -> str:
    return (NOW - timedelta(days=days_ago, hours=hours)).isoformat(timespec="seconds")


def answers(chapter, right: int) -> list[AnswerRecord]:
    """Answers to every item of a chapter's test: the first `right` right, the rest wrong."""
    spec = chapter.test.spec
    found = []
    for n, (item_id, _text) in enumerate(spec.items()):
        question = next((q for q in getattr(spec, "questions", ()) if q.id == item_id), None)
        if question is not None:
            good = next(a.id for a in question.answers if a.correct)
            bad = next(a.id for a in question.answers if not a.correct)
        else:
            good, bad = f"{item_id}-right", f"{item_id}-wrong"
        ok = n < right
        found.append(AnswerRecord(item_id, good if ok else bad, ok, 4.0 + n, 100 if ok else 0))
    return found


def attempt(employee_id: str, chapter, right: int, days_ago: float) -> Attempt:
    items = answers(chapter, right)
    score = sum(a.correct for a in items) / len(items)
    return Attempt(Attempt.new_id(), employee_id, chapter.id, chapter.test.game,
                   stamp(days_ago, 0.2), stamp(days_ago), items, score,
                   sum(a.points for a in items), score >= chapter.pass_mark, duration_s=300.0)


def build(folder: Path, people: int = 12) -> ProgressStore:
    """The data set in folder; returns the store (its clock fixed at NOW)."""
    store = ProgressStore(folder, clock=lambda: NOW)
    the_course = course()
    chapters = the_course.chapters
    rows = []
    for n in range(people):
        rows.append(RosterRow(
            f"E-{n:03d}", f"Person {n:02d} " + ("Strömberg-Lindqvist" if n % 3 == 0 else "Meyer"),
            DEPARTMENTS[n % len(DEPARTMENTS)], "Jürgen Weiß" if n % 2 else "Åsa Öberg",
            (NOW - timedelta(days=60 - n)).date().isoformat(),
            (NOW - timedelta(days=10)).date().isoformat() if n % 4 == 1 else ""))
    store.upsert_roster(rows)
    # E-000 completed the whole course, made poor first choices in chapter 1
    store.sign_in("e-000", "Person 00 Strömberg-Lindqvist", "sv")
    for k, chapter in enumerate(chapters):
        store.save_position("E-000", chapter.id, chapter.scenes[-1].id, 240.0)
        store.record_attempt(attempt("E-000", chapter, 8, 30 - k))
    first = chapters[0]
    poor = {s.id: next(o.id for o in s.options if o.rating == "poor")
            for s in first.choice_scenes}
    store.update_settings("E-000", **{FIRST_CHOICE.format(chapter=first.id, scene=s): o
                                      for s, o in poor.items()})
    # E-001 (due 10 days ago) failed chapter 2 twice: failed and overdue
    store.sign_in("E-001", "", "de")
    store.save_position("E-001", chapters[0].id, chapters[0].scenes[-1].id, 300.0)
    store.record_attempt(attempt("E-001", chapters[0], 8, 20))
    for days in (15, 14):
        store.record_attempt(attempt("E-001", chapters[1], 1, days))
    best = {s.id: next(o.id for o in s.options if o.rating == "best")
            for s in first.choice_scenes}
    store.update_settings("E-001", **{FIRST_CHOICE.format(chapter=first.id, scene=s): o
                                      for s, o in best.items()})
    # E-002 opened chapter 1 only: in progress
    store.sign_in("E-002", "", "en")
    store.save_position("E-002", chapters[0].id, chapters[0].scenes[2].id, 95.0)
    # a demo record (learnsocial demo makes these), left out unless asked for
    store.sign_in("demo-001", "Demo Learner", "en", demo=True)
    store.record_attempt(attempt("demo-001", chapters[0], 8, 1))
    return store
