"""Badges follow from stored progress and attempts."""
from types import SimpleNamespace as NS

from learnsocial.app.badges import earned


def attempt(chapter, score, passed, times=(1.0,)):
    return NS(chapter_id=chapter, score=score, passed=passed,
              answers=[NS(time_s=t) for t in times])


def ids(progress, attempts, chapters=("a", "b")):
    return [b.id for b in earned(progress, attempts, list(chapters))]


def test_nothing_yet():
    assert ids({}, []) == []


def test_first_chapter_and_perfect_and_fast():
    progress = {"a": NS(status="completed")}
    assert ids(progress, [attempt("a", 1.0, True, (2.0, 3.0))]) == [
        "first-chapter", "perfect", "flawless-fast"]
    assert ids(progress, [attempt("a", 1.0, True, (2.0, 30.0))]) == ["first-chapter", "perfect"]


def test_comeback_needs_a_pass_after_a_fail_in_the_same_chapter():
    progress = {"a": NS(status="completed")}
    assert "comeback" in ids(progress, [attempt("a", 0.2, False), attempt("a", 0.9, True)])
    assert "comeback" not in ids(progress, [attempt("b", 0.2, False), attempt("a", 0.9, True)])


def test_course_completed_only_when_every_chapter_is():
    assert "course" not in ids({"a": NS(status="completed")}, [])
    assert "course" in ids({"a": NS(status="completed"), "b": NS(status="completed")}, [])
