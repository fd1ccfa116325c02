"""Sorting, sequencing and pairing rules: picks, feedback, scoring, replay."""
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnsocial.content.chaptertest.pairing import Pair, PairingSpec
from learnsocial.content.chaptertest.sequencing import SequencingSpec, Step
from learnsocial.content.chaptertest.sorting import Bin, Card, SortingSpec
from learnsocial.games import rounds
from learnsocial.games.base import (
    CORRECT_POINTS,
    FEEDBACK_MIN_S,
    GameSettings,
    Phase,
    reading_seconds,
)
from learnsocial.games.pairing import PairingGame
from learnsocial.games.sequencing import SequencingGame
from learnsocial.games.sorting import SortingGame

SORTING = SortingSpec("Sort", (Bin("a", "Bin A"), Bin("b", "Bin B")),
                      tuple(Card(f"c{n}", f"Card {n}", "ab"[n % 2], f"Why {n}") for n in range(6)))
SEQUENCING = SequencingSpec("Order", tuple(Step(f"s{n}", f"Step {n}", f"Why {n}",
                                                (f"s{n - 1}",) if n else ())
                                           for n in range(6)))
PAIRING = PairingSpec("Match", tuple(Pair(f"p{n}", f"Left {n}", f"Right {n}", f"Why {n}")
                                     for n in range(6)))


def make(kind, seed=1, **kwargs):
    spec = {"sorting": SORTING, "sequencing": SEQUENCING, "pairing": PAIRING}[kind]
    cls = {"sorting": SortingGame, "sequencing": SequencingGame, "pairing": PairingGame}[kind]
    return cls(spec, random.Random(seed), kwargs.get("settings", GameSettings()))


def wrong_option(game):
    return next(o.id for o in game.current.options if o.id != game.current.answer_id)


def play(game, choices):
    """Play rounds by a list of booleans (right or wrong pick)."""
    for right in choices:
        if game.finished:
            break
        game.pick(game.current.answer_id if right else wrong_option(game))
        game.advance(rounds.FEEDBACK_S + 0.01)
    return game


@pytest.mark.parametrize("kind, count", [("sorting", 6), ("sequencing", 5), ("pairing", 5)])
def test_round_count_leaves_out_forced_last_choices(kind, count):
    assert make(kind).round_count == count


def test_right_pick_scores_and_feedback_then_next_round():
    game = make("sorting")
    assert game.pick(game.current.answer_id)
    assert game.phase == Phase.FEEDBACK and game.last_correct is True
    assert not game.pick(game.current.answer_id), "no second pick during feedback"
    game.advance(rounds.FEEDBACK_S + 0.01)
    assert game.index == 1 and game.phase == Phase.PLAYING


def test_wrong_pick_scores_nothing_and_shows_the_right_answer():
    game = make("sorting")
    game.pick(wrong_option(game))
    item = game.items[-1]
    assert not item.correct and item.points == 0
    assert item.right_answer in ("Bin A", "Bin B") and item.right_answer != item.response


def test_unknown_option_is_refused():
    game = make("pairing")
    assert not game.pick("nope")
    assert game.items == []


def test_sequencing_offers_only_remaining_steps_and_places_right_ones():
    game = make("sequencing")
    play(game, [False])
    assert game.placed() == ["s0"], "after a wrong pick the right step is placed"
    assert {o.id for o in game.current.options} == {"s1", "s2", "s3", "s4", "s5"}
    play(game, [True] * 10)
    assert game.finished and game.placed() == [f"s{n}" for n in range(6)]


def test_pairing_offers_only_unmatched_partners():
    game = make("pairing")
    first = game.current.item_id
    play(game, [True])
    assert first not in {o.id for o in game.current.options}
    assert game.matched() == [first]


def test_keyboard_selection_wraps_and_picks():
    game = make("sorting")
    game.select_next(1)
    assert game.selected == 0
    game.select_next(1)
    game.select_next(1)
    assert game.selected == 0  # two bins: wraps
    game.select_next(-1)
    assert game.selected == 1
    assert game.pick_selected()
    assert game.items[-1].response_id == "b"


def test_speed_earns_points_only_with_time_limits():
    fast = make("sorting")
    fast.advance(1.0)
    fast.pick(fast.current.answer_id)
    calm = make("sorting", settings=GameSettings(time_limits=False))
    calm.advance(1.0)
    calm.pick(calm.current.answer_id)
    assert fast.items[-1].points > calm.items[-1].points == CORRECT_POINTS


def test_slow_reader_is_not_failed_for_being_slow():
    game = make("sorting")
    for _ in range(game.round_count):
        game.advance(600)  # ten minutes per card
        game.pick(game.current.answer_id)
        game.advance(rounds.FEEDBACK_S + 0.01)
    assert game.finished and game.result().score == 1.0 and game.result().passed(0.8)


def test_retry_reshuffles():
    orders = {tuple(r.item_id for r in make("sorting", seed=s).rounds) for s in range(6)}
    assert len(orders) > 1


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["sorting", "sequencing", "pairing"]), st.integers(0, 10_000),
       st.lists(st.booleans(), min_size=6, max_size=6))
def test_scoring_invariants(kind, seed, choices):
    first = play(make(kind, seed), choices)
    again = play(make(kind, seed), choices)
    assert first.finished
    result = first.result()
    assert 0.0 <= result.score <= 1.0
    assert result == again.result()
    taken = choices[:first.round_count]
    assert result.score == pytest.approx(sum(taken) / len(taken))
    assert play(make(kind, seed), [True] * 6).result().score == 1.0
    assert play(make(kind, seed), [False] * 6).result().score == 0.0


# -- feedback time, counters, piles ---------------------------------------------------------

@pytest.mark.parametrize("kind", ["sorting", "sequencing", "pairing"])
def test_feedback_stays_to_be_read_and_can_be_skipped_after_a_moment(kind):
    game = make(kind)
    game.pick(wrong_option(game))
    assert game.feedback.length == pytest.approx(reading_seconds(game.items[-1].feedback))
    assert not game.proceed()
    game.advance(FEEDBACK_MIN_S)
    assert game.proceed() and game.index == 1 and game.phase == Phase.PLAYING
    game.pick(game.current.answer_id)
    game.advance(game.feedback.length - 0.05)
    assert game.phase == Phase.FEEDBACK
    game.advance(0.1)
    assert game.index == 2


def test_without_time_limits_the_feedback_waits_for_the_learner():
    game = make("pairing", settings=GameSettings(time_limits=False))
    game.pick(game.current.answer_id)
    game.advance(900)
    assert game.phase == Phase.FEEDBACK and game.feedback.share_left is None
    assert game.proceed() and game.phase == Phase.PLAYING


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["sorting", "sequencing", "pairing"]), st.integers(0, 10_000),
       st.lists(st.booleans(), min_size=8, max_size=8))
def test_the_round_count_is_what_the_results_count(kind, seed, choices):
    game = make(kind, seed)
    total = game.round_count
    answered = []
    for right in choices:
        if game.finished:
            break
        assert game.done == len(game.items)
        game.pick(game.current.answer_id if right else wrong_option(game))
        answered.append(game.answered_all)
        game.advance(30)
    assert game.finished and len(game.result().items) == total
    assert answered == [False] * (total - 1) + [True], "final from the last pick on"


def test_sorting_piles_show_each_card_in_its_right_bin_in_landing_order():
    game = make("sorting")
    first = game.current
    game.pick(wrong_option(game))
    piles = game.piles()
    assert piles[first.answer_id] == [first.item_id], "a wrong pick lands in the right bin"
    game.advance(30)
    second = game.current
    game.pick(second.answer_id)
    piles = game.piles()
    assert sum(len(cards) for cards in piles.values()) == 2
    assert piles[second.answer_id][-1] == second.item_id
    assert game.sorted_into() == {b: len(c) for b, c in piles.items() if c}
