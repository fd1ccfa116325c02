"""Badges follow from stored progress and attempts; each shows how far the learner is."""
from types import SimpleNamespace as NS

from learnsocial.app import badges
from learnsocial.app.badges import earned, standings

GAMES = {"a": "gallery", "b": "sorting", "c": "gallery", "d": "pairing"}


def attempt(chapter, score, passed, times=(1.0,), correct=None):
    correct = [score >= 1.0] * len(times) if correct is None else correct
    return NS(chapter_id=chapter, score=score, passed=passed, game=GAMES.get(chapter, "gallery"),
              answers=[NS(time_s=t, correct=c) for t, c in zip(times, correct, strict=True)])


def done(*chapters):
    return {c: NS(status="completed") for c in chapters}


def ids(progress, attempts, games=GAMES):
    return [b.id for b in earned(progress, attempts, games)]


def labels(progress, attempts, games=GAMES):
    return {s.badge.id: s.label for s in standings(progress, attempts, games)}


def test_nothing_yet_and_every_badge_shows_zero_of_its_target():
    assert ids({}, []) == []
    shown = labels({}, [])
    assert shown["first-chapter"] == "0/1" and shown["course"] == "0/4"
    assert shown["halfway"] == "0/2" and shown["all-rounder"] == "0/3"
    assert shown["on-a-roll"] == f"0/{badges.STREAK}"


def test_one_perfect_chapter_is_only_first_steps():
    assert ids(done("a"), [attempt("a", 1.0, True, (2.0, 3.0))]) == ["first-chapter"]
    assert labels(done("a"), [attempt("a", 1.0, True)])["top-marks"] == "1/2"


def test_top_marks_needs_perfect_tests_in_two_chapters_not_two_tries():
    same = [attempt("a", 1.0, True), attempt("a", 1.0, True)]
    assert "top-marks" not in ids(done("a"), same)
    assert "top-marks" in ids(done("a", "b"), [attempt("a", 1.0, True), attempt("b", 1.0, True)])


def test_a_streak_runs_across_tests_and_a_wrong_answer_ends_it():
    half = badges.STREAK // 2
    run = [attempt("a", 1.0, True, (1.0,) * half), attempt("b", 1.0, True, (1.0,) * half)]
    assert "on-a-roll" in ids({}, run)
    broken = [attempt("a", 1.0, True, (1.0,) * half),
              attempt("b", 0.5, False, (1.0, 1.0), [False, True]),
              attempt("b", 1.0, True, (1.0,) * (half - 1))]
    assert "on-a-roll" not in ids({}, broken)
    assert labels({}, broken)["on-a-roll"] == f"{half}/{badges.STREAK}"


def test_quick_counts_right_answers_within_the_time_only():
    slow = badges.FAST_ANSWER_S + 1
    answers = (1.0,) * (badges.QUICK_ANSWERS - 1) + (slow,)
    assert "quick" not in ids({}, [attempt("a", 1.0, True, answers)])
    assert "quick" in ids({}, [attempt("a", 1.0, True, answers + (1.0,))])


def test_all_rounder_needs_a_pass_in_every_kind_of_game():
    passes = [attempt("a", 0.9, True), attempt("b", 0.9, True)]
    assert "all-rounder" not in ids(done("a", "b"), passes)
    assert "all-rounder" in ids(done("a", "b", "d"), passes + [attempt("d", 0.9, True)])
    assert "all-rounder" not in ids({}, passes + [attempt("d", 0.5, False)])


def test_comeback_needs_a_pass_after_a_fail_in_the_same_chapter():
    assert "comeback" in ids(done("a"), [attempt("a", 0.2, False), attempt("a", 0.9, True)])
    assert "comeback" not in ids(done("a"), [attempt("b", 0.2, False), attempt("a", 0.9, True)])


def test_course_and_perfect_course_need_every_chapter():
    assert "course" not in ids(done("a", "b", "c"), [])
    assert "course" in ids(done("a", "b", "c", "d"), [])
    perfect = [attempt(c, 1.0, True) for c in "abc"]
    assert labels(done(*"abcd"), perfect)["perfect-course"] == "3/4"
    assert "perfect-course" in ids(done(*"abcd"), perfect + [attempt("d", 1.0, True)])


def test_a_label_never_shows_more_than_the_target():
    many = [attempt("a", 1.0, True, (1.0,) * (badges.QUICK_ANSWERS * 2))]
    assert labels({}, many)["quick"] == f"{badges.QUICK_ANSWERS}/{badges.QUICK_ANSWERS}"


def test_every_badge_has_a_title_a_description_and_a_drawable_icon():
    from learnsocial.ui.badge_art import COLOURS

    for badge in badges.BADGES:
        assert badge.title and badge.description(3) and badge.icon in COLOURS
    assert len({b.icon for b in badges.BADGES}) == len(badges.BADGES)
