"""The shooting gallery's rules, without any drawing."""
import random

import pytest
from hypothesis import given, settings, strategies as st

from learnsocial.content.chaptertest.gallery import Answer, GallerySpec, Question
from learnsocial.games import gallery
from learnsocial.games.base import CORRECT_POINTS, GameSettings, Phase
from learnsocial.games.gallery import ShootingGallery


def make_spec(count: int = 3, answers: int = 3, time_limit: float = 10.0) -> GallerySpec:
    questions = []
    for q in range(count):
        options = tuple(Answer(f"a{n}", f"Answer {q}-{n}", n == 0, f"Because {q}-{n}.")
                        for n in range(answers))
        questions.append(Question(f"q{q}", f"Question {q}?", options, time_limit))
    return GallerySpec(tuple(questions))


def make_game(seed: int = 1, **kwargs) -> ShootingGallery:
    settings_ = kwargs.pop("settings", GameSettings())
    return ShootingGallery(make_spec(**kwargs), random.Random(seed), settings_)


def centre(target):
    return target.x + gallery.TARGET_WIDTH / 2, target.y + gallery.TARGET_HEIGHT / 2


def target_for(game, correct: bool):
    return next(t for t in game.targets if t.answer.correct == correct)


def finish_feedback(game):
    game.advance(gallery.FEEDBACK_S + 0.01)


def test_correct_hit_scores_and_moves_on():
    game = make_game()
    assert game.shoot_at(*centre(target_for(game, True)))
    assert game.items[-1].correct and game.items[-1].points >= CORRECT_POINTS
    assert game.phase == Phase.FEEDBACK
    finish_feedback(game)
    assert game.index == 1 and game.phase == Phase.PLAYING


def test_wrong_hit_costs_points_and_breaks_streak():
    game = make_game()
    game.shoot_at(*centre(target_for(game, True)))
    finish_feedback(game)
    assert game.streak == 1
    game.shoot_at(*centre(target_for(game, False)))
    assert game.items[-1].points == gallery.WRONG_POINTS
    assert not game.items[-1].correct and game.streak == 0


def test_miss_answers_nothing_but_cools_down():
    game = make_game()
    empty = (5.0, gallery.FIELD_HEIGHT - 2.0)  # below the bottom rail's boards
    assert game._target_at(*empty) is None
    assert game.shoot_at(*empty)
    assert game.items == [] and game.phase == Phase.PLAYING
    assert not game.shoot_at(*centre(target_for(game, True))), "cooldown must block a shot"
    game.advance(gallery.COOLDOWN_S)
    assert game.shoot_at(*centre(target_for(game, True)))
    assert game.items[-1].correct


def test_overlapping_targets_the_one_on_top_takes_the_hit():
    game = make_game()
    first, second = game.targets[0], game.targets[1]
    second.row = first.row
    second.x = first.x + 10
    game.shoot_at(first.x + 20, first.y + 10)
    assert game.items[-1].response_id == second.answer.id


def test_time_running_out_answers_nothing():
    game = make_game(time_limit=10.0)
    game.advance(9.99)
    assert game.phase == Phase.PLAYING
    game.advance(0.01)
    assert game.phase == Phase.FEEDBACK
    assert game.items[-1].response_id == "" and not game.items[-1].correct
    assert game.items[-1].points == 0


def test_a_shot_after_time_ran_out_in_the_same_frame_is_ignored():
    game = make_game(time_limit=10.0)
    game.advance(10.0)
    assert not game.shoot_at(*centre(target_for(game, True)) if game.targets else (0, 0))
    assert len(game.items) == 1 and not game.items[0].correct


def test_a_hit_just_before_the_limit_counts():
    game = make_game(time_limit=10.0)
    game.advance(9.999)
    target = target_for(game, True)
    assert game.shoot_at(*centre(target))
    assert game.items[-1].correct
    assert game.items[-1].points == CORRECT_POINTS  # no time left: no speed bonus


def test_without_time_limits_nothing_expires_and_speed_earns_nothing():
    game = make_game(settings=GameSettings(time_limits=False))
    game.advance(500)
    assert game.phase == Phase.PLAYING
    game.shoot_at(*centre(target_for(game, True)))
    assert game.items[-1].points == CORRECT_POINTS


def test_streak_bonus_grows():
    game = make_game(count=3)
    for _ in range(3):
        game.shoot_at(*centre(target_for(game, True)))
        finish_feedback(game)
    points = [item.points for item in game.items]
    assert points[1] > points[0] and points[2] > points[1]


def test_keyboard_selection_goes_top_row_first_then_left_to_right():
    game = make_game(answers=4)
    order = []
    for _ in range(len(game.targets)):
        game.select_next(1)
        order.append(game.selected)
    expected = sorted(range(len(game.targets)),
                      key=lambda i: (game.targets[i].row, game.targets[i].x))
    assert order == expected
    game.select_next(1)
    assert game.selected == expected[0], "selection wraps around"
    game.select_next(-1)
    assert game.selected == expected[-1]


def test_shoot_selected_hits_the_selected_target():
    game = make_game()
    while game.targets[game.selected if game.selected is not None else 0].answer.correct is False \
            or game.selected is None:
        game.select_next(1)
    assert game.shoot_selected()
    assert game.items[-1].correct


def test_focused_rail_slows_down():
    game = make_game()
    target = game.targets[0]
    normal = abs(game.speed_of(target))
    game.hover(*centre(target))
    assert abs(game.speed_of(target)) == pytest.approx(normal * gallery.FOCUS_SLOWDOWN)


def test_reduced_motion_halves_speed():
    calm = make_game(settings=GameSettings(reduced_motion=True))
    busy = make_game()
    assert abs(calm.speed_of(calm.targets[0])) == pytest.approx(
        abs(busy.speed_of(busy.targets[0])) * gallery.REDUCED_MOTION)


def test_targets_stay_on_the_field_and_wrap():
    game = make_game(settings=GameSettings(time_limits=False))
    for _ in range(2000):
        game.advance(1 / 30)
        for target in game.targets:
            assert -gallery.TARGET_WIDTH <= target.x < gallery.FIELD_WIDTH


def test_targets_on_one_rail_never_overlap():
    game = make_game(answers=4, settings=GameSettings(time_limits=False))
    for step in range(1200):
        if step % 100 == 0:
            game.select_next(1)
        game.advance(1 / 60)
        rows: dict[int, list] = {}
        for target in game.targets:
            rows.setdefault(target.row, []).append(target.x)
        for xs in rows.values():
            if len(xs) == 2:
                span = gallery.FIELD_WIDTH + gallery.TARGET_WIDTH
                gap = abs(xs[0] - xs[1]) % span
                assert min(gap, span - gap) >= gallery.TARGET_WIDTH


def test_game_finishes_after_the_last_question():
    game = make_game(count=2)
    for _ in range(2):
        game.shoot_at(*centre(target_for(game, True)))
        finish_feedback(game)
    assert game.finished
    assert game.result().score == 1.0


# -- scoring invariants --------------------------------------------------------------------

def play(seed: int, choices: list[int], count: int) -> ShootingGallery:
    """Play a game by a list of choices: 0 right, 1 wrong, 2 miss then time out, 3 time out."""
    game = make_game(seed=seed, count=count)
    for choice in choices[:count]:
        if choice == 0:
            game.shoot_at(*centre(target_for(game, True)))
        elif choice == 1:
            game.shoot_at(*centre(target_for(game, False)))
        else:
            if choice == 2:
                game.shoot_at(5.0, gallery.FIELD_HEIGHT - 2.0)
            game.advance(11)
        finish_feedback(game)
    return game


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.lists(st.integers(0, 3), min_size=1, max_size=6))
def test_score_is_within_0_and_1_and_replays_exactly(seed, choices):
    count = len(choices)
    first = play(seed, choices, count)
    second = play(seed, choices, count)
    assert 0.0 <= first.result().score <= 1.0
    assert first.result() == second.result()
    assert first.result().score == pytest.approx(choices.count(0) / count)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 6))
def test_all_right_gives_1_and_nothing_gives_0(seed, count):
    assert play(seed, [0] * count, count).result().score == 1.0
    assert play(seed, [3] * count, count).result().score == 0.0
    assert play(seed, [3] * count, count).result().points == 0
