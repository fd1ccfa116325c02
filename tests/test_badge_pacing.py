"""Badges and levels over the shipped course, played through the application layer."""
from itertools import pairwise

import pytest

from learnsocial.app.badges import BADGES
from learnsocial.app.session import Session
from learnsocial.progress.store import ProgressStore
from tests.conftest import ROOT
from tests.course_player import StepClock, play_test

INTENDED = [  # badges new after each chapter, for a learner who gets every answer right
    ["first-chapter"], ["top-marks"], ["halfway", "on-a-roll"], ["quick"], ["all-rounder"],
    ["course", "perfect-course"]]


def new_session(tmp_path, language="en") -> Session:
    clock = StepClock()
    session = Session(ROOT / "chapters", ProgressStore(tmp_path / "data"), language,
                      clock=clock)
    session.load_course()
    session.sign_in("e-1", "Anna")
    return session


def play_course(session, accuracy=1.0, think_s=3.0):
    """Each chapter in order, its test taken until passed; per chapter: the outcomes."""
    return list(chapter_by_chapter(session, accuracy, think_s))


def chapter_by_chapter(session, accuracy=1.0, think_s=3.0):
    for n, chapter in enumerate(session.course.chapters):
        outcomes = []
        for attempt in range(3):
            outcome = session.finish_test(chapter, play_test(chapter, accuracy, think_s,
                                                             seed=n * 10 + attempt),
                                          session.clock())
            outcomes.append(outcome)
            if outcome.passed:
                break
        yield outcomes


@pytest.mark.parametrize("language", ["en", "de", "sv"])
def test_a_perfect_run_earns_the_badges_in_the_intended_order(tmp_path, language):
    session = new_session(tmp_path, language)
    played = play_course(session)
    assert len(played) == len(INTENDED) == 6
    new = [[b.id for o in outcomes for b in o.new_badges] for outcomes in played]
    assert new == INTENDED
    assert len(new[0]) <= 1, "the first chapter gives at most one badge"
    assert len(BADGES) >= 8
    earned = {s.badge.id for s in session.badge_standings() if s.earned}
    assert earned == {b for chapter in INTENDED for b in chapter}
    assert {s.badge.id: s.label for s in session.badge_standings()}["comeback"] == "0/1"


def test_the_outcome_tells_chapter_and_course_completed_once(tmp_path):
    session = new_session(tmp_path)
    played = play_course(session)
    assert [o.chapter_completed for (o,) in played] == [True] * 6
    assert [o.course_completed for (o,) in played] == [False] * 5 + [True]
    first = session.course.chapters[0]
    again = session.finish_test(first, play_test(first), session.clock())
    assert again.passed and not again.chapter_completed and not again.course_completed
    assert again.new_badges == []


def test_levels_climb_about_one_a_chapter_and_the_top_needs_a_near_perfect_course(tmp_path):
    session = new_session(tmp_path)
    levels = [session.level().number]
    for outcomes in chapter_by_chapter(session, accuracy=0.88, think_s=4.0):
        levels.append(session.level().number)
        assert outcomes[-1].passed
    assert levels == sorted(levels), "a level is never lost"
    assert levels[0] == 1 and levels[-1] == 6
    assert all(b - a <= 2 for a, b in pairwise(levels))
    perfect = new_session(tmp_path / "perfect")
    raised = [o.new_level.number for outcomes in play_course(perfect) for o in outcomes
              if o.new_level is not None]
    assert raised == sorted(raised) and raised[-1] == 7


def test_a_failed_test_then_a_pass_is_a_comeback_and_the_chapter_shows_failed_between(
        tmp_path):
    session = new_session(tmp_path)
    chapter = session.course.chapters[0]
    failed = session.finish_test(chapter, play_test(chapter, accuracy=0.0), session.clock())
    assert not failed.passed and not failed.chapter_completed
    assert session.chapter_status(chapter.id) == "failed"
    passed = session.finish_test(chapter, play_test(chapter, accuracy=1.0), session.clock())
    assert passed.chapter_completed
    assert [b.id for b in passed.new_badges] == ["first-chapter", "comeback"]
    assert session.chapter_status(chapter.id) == "completed"
