"""The game views' feel, driven without the app: boards fall and pop up, points fly to the
score, the last seconds tick, the right board is revealed beside the content's feedback with the
question still shown; cards fly into piles, the timeline grows, partners slide next to their
items and are linked; every effect has a still form. Time moves only by update(dt)."""
import random

import pygame
import pytest

from learnsocial.content.chaptertest.gallery import Answer, GallerySpec, Question
from learnsocial.content.chaptertest.pairing import Pair, PairingSpec
from learnsocial.content.chaptertest.sequencing import SequencingSpec, Step
from learnsocial.content.chaptertest.sorting import Bin, Card, SortingSpec
from learnsocial.games import gallery
from learnsocial.games.base import FEEDBACK_MIN_S, GameSettings, Phase
from learnsocial.games.gallery import ShootingGallery
from learnsocial.games.pairing import PairingGame
from learnsocial.games.sequencing import SequencingGame
from learnsocial.games.sorting import SortingGame
from learnsocial.ui.audit import LayoutAudit
from learnsocial.ui.games.gallery_view import FLY_S, GalleryView
from learnsocial.ui.games.pairing_view import PairingView
from learnsocial.ui.games.sequencing_view import SequencingView
from learnsocial.ui.games.sorting_view import SortingView
from learnsocial.ui.theme import HEIGHT, WIDTH, Theme

STEP = 1 / 60


class Ears:
    """Sounds that only listen: which effect was played when."""

    def __init__(self):
        self.played: list[str] = []

    def play(self, name: str) -> None:
        self.played.append(name)


@pytest.fixture(autouse=True)
def display():
    pygame.init()
    yield
    pygame.quit()


def gallery_spec(time_limit: float = 20.0) -> GallerySpec:
    questions = []
    for q in range(3):
        answers = tuple(Answer(f"a{n}", f"Antwort {q}-{n} mit Gemeinschaftsplattformen", n == 0,
                               f"Weil {q}-{n}.") for n in range(4))
        questions.append(Question(f"q{q}", f"Frage {q}: was stimmt hier wirklich?", answers,
                                  time_limit))
    return GallerySpec(tuple(questions))


def make_gallery(reduced_motion=False, seed=3, **kwargs):
    rules = ShootingGallery(gallery_spec(**kwargs), random.Random(seed),
                            GameSettings(reduced_motion=reduced_motion))
    view = GalleryView(rules, Ears(), Theme(), reduced_motion)
    return rules, view


def run(view, seconds: float) -> None:
    for _frame in range(max(1, round(seconds / STEP))):
        view.update(STEP)


def right_target(rules):
    return next(t for t in rules.targets if t.answer and t.answer.correct)


def wrong_target(rules):
    return next(t for t in rules.targets if t.answer and not t.answer.correct)


def shoot(view, target):
    """A click on the target once it is fully on the stall."""
    while not target.fully_visible:
        view.update(STEP)
    view.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1,
                                   pos=view.target_centre(target.id)))
    view.update(STEP)


def audited(theme: Theme, view) -> list[str]:
    """The layout audit's findings for one drawn frame."""
    surface = pygame.Surface((WIDTH, HEIGHT))
    audit = LayoutAudit(surface.get_rect())
    theme.audit, theme.audit_surface = audit, surface
    audit.begin_frame("game")
    view.draw(surface)
    audit.end_frame()
    theme.audit = theme.audit_surface = None
    return audit.report()


def text_drawn(theme: Theme, view) -> list[str]:
    surface = pygame.Surface((WIDTH, HEIGHT))
    audit = LayoutAudit(surface.get_rect())
    theme.audit, theme.audit_surface = audit, surface
    audit.begin_frame("game")
    view.draw(surface)
    theme.audit = theme.audit_surface = None
    return [m.text for m in audit.marks if m.kind == "text"]


# -- the gallery ------------------------------------------------------------------------------

def test_a_hit_board_holds_its_tick_then_falls_with_a_wobble_and_the_next_pop_up():
    rules, view = make_gallery()
    run(view, 0.5)
    target = right_target(rules)
    index = rules.targets.index(target)
    shoot(view, target)
    look = view.looks[index]
    assert look.mark == "tick" and look.upright(False) == 1.0, "it shows its mark first"
    seen = []
    for _frame in range(60):
        view.update(STEP)
        seen.append(look.upright(False))
    assert seen[-1] == 0.0, "flat at the end"
    dip = next(n for n, value in enumerate(seen) if value < 0.05)  # it reaches the rail...
    assert max(seen[dip:]) > 0.05, "...and bounces up a little before it lies flat"
    others = [view.looks[i] for i in range(len(rules.targets)) if i != index]
    assert all(other.upright(False) == 0.0 for other in others), "the rest fall too"
    rules.proceed()
    view.update(STEP)
    popping = [look.upright(False) for look in view.looks]
    assert all(value < 1.0 for value in popping)
    run(view, 0.6)
    assert all(look.upright(False) == 1.0 for look in view.looks), "the next boards stand"


def test_points_fly_to_the_score_which_counts_them_when_they_land():
    rules, view = make_gallery()
    run(view, 0.5)
    shoot(view, right_target(rules))
    points = rules.items[-1].points
    assert "shot" in view.sounds.played and "hit" in view.sounds.played
    assert view.muzzle > 0 and view.recoil > 0
    assert [p for _f, p in view.flyers] == [points]
    assert view.particles.items, "confetti"
    assert view.shown_points() == rules.points - points, "not counted while in flight"
    start = view.flyers[0][0].position()
    run(view, FLY_S / 2)
    middle = view.flyers[0][0].position()
    chip = view.points_chip().center
    assert abs(middle[0] - chip[0]) < abs(start[0] - chip[0])
    run(view, FLY_S)
    assert view.flyers == [] and view.shown_points() == rules.points


def test_the_last_five_seconds_tick_once_each_and_the_bar_pulses():
    rules, view = make_gallery(time_limit=10.0)
    run(view, 4.9)
    assert "tick" not in view.sounds.played
    assert view.bar_thickness() == 8
    thickness = []
    for _frame in range(int(5.2 / STEP)):
        view.update(STEP)
        if rules.phase == Phase.PLAYING:
            thickness.append(view.bar_thickness())
    assert view.sounds.played.count("tick") == 5
    assert len(set(thickness)) > 2, "the bar's thickness changes: it pulses"
    assert "fail" in view.sounds.played, "then time is up"


def test_in_reduced_motion_the_last_seconds_tick_with_a_still_thick_bar():
    rules, view = make_gallery(reduced_motion=True, time_limit=10.0)
    run(view, 6.0)
    assert view.hurry() and view.bar_thickness() == 12
    run(view, 1.0)
    assert view.bar_thickness() == 12 and view.sounds.played.count("tick") == 2


@pytest.mark.parametrize("how", ["timeout", "wrong"])
def test_the_right_board_is_revealed_beside_the_feedback_with_the_question_shown(how):
    rules, view = make_gallery(time_limit=10.0)
    run(view, 0.5)
    right = right_target(rules)
    rules._move_rail(right.row, -right.x - gallery.TARGET_WIDTH + 20.0)  # off the stall
    if how == "timeout":
        run(view, 10.0)
    else:
        shoot(view, wrong_target(rules))
    run(view, 1.2)
    index = rules.targets.index(right)
    assert rules.revealed == index and right.fully_visible
    assert view.looks[index].mark == "tick" and view.looks[index].upright(False) == 1.0
    feedback = view.feedback()
    item = rules.items[-1]
    assert item.right_feedback in feedback.body
    if how == "wrong":
        assert item.feedback in feedback.body
    shown = text_drawn(view.theme, view)
    assert any(line in rules.question.prompt for line in shown), "the question stays"
    assert any(line in feedback.body for line in shown), "the content's feedback is shown"
    card, *_rest = view.card.place(feedback, view.card_areas)
    assert not card.colliderect(view.board_rect(right)), "the card leaves the answer in view"
    assert audited(view.theme, view) == []


def test_keyboard_choice_rings_the_board_and_the_reticle_never_covers_a_label():
    rules, view = make_gallery()
    run(view, 0.5)
    view.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_TAB, mod=0, unicode=""))
    assert rules.selected is not None and rules.targets[rules.selected].fully_visible
    assert audited(view.theme, view) == []
    target = rules.targets[rules.selected]
    view.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=view.target_centre(target.id),
                                   rel=(0, 0), buttons=(0, 0, 0)))
    assert rules.selected is None, "the mouse takes over"
    for _frame in range(120):  # the reticle over boards and between them, as they pass
        view.update(STEP)
        assert audited(view.theme, view) == []


def test_reduced_motion_keeps_every_cue_as_a_still_frame():
    rules, view = make_gallery(reduced_motion=True, time_limit=10.0)
    view.update(STEP)
    assert all(look.upright(True) == 1.0 for look in view.looks), "no pop: they stand"
    shoot(view, wrong_target(rules))
    index = next(i for i, t in enumerate(rules.targets) if t.down)
    assert view.looks[index].mark == "cross" and view.looks[index].upright(True) == 1.0
    assert view.shake == 0 and view.frame_flash is not None, "a still frame instead of a shake"
    assert view.flyers == [] and view.still_points is not None, "the points shown, not flown"
    assert view.particles.items == [] and view.burst_still is not None
    run(view, 0.5)
    values = {look.upright(True) for look in view.looks}
    assert values <= {0.0, 1.0}, "up or flat, never in between"
    assert "wrong" in view.sounds.played and "shot" in view.sounds.played


# -- the round games --------------------------------------------------------------------------

SORTING = SortingSpec("Ordne jedes Beispiel dem richtigen Bereich zu.",
                      (Bin("a", "Effizienz und Tempo"), Bin("b", "Wissen aufbauen")),
                      tuple(Card(f"c{n}", f"Beispiel {n} aus dem Unternehmensalltag", "ab"[n % 2],
                                 f"Darum {n}.") for n in range(4)))
SEQUENCING = SequencingSpec("In welcher Reihenfolge?", tuple(
    Step(f"s{n}", f"Schritt {n}: Kommunikationsplattform einrichten", f"Darum {n}.",
         (f"s{n - 1}",) if n else ()) for n in range(5)))
PAIRING = PairingSpec("Wer macht was?", tuple(
    Pair(f"p{n}", f"Rolle {n}", f"Aufgabe {n} mit Verantwortungsbewusstsein", f"Darum {n}.")
    for n in range(5)))


def make_round(kind, reduced_motion=False):
    spec, rules_class, view_class = {
        "sorting": (SORTING, SortingGame, SortingView),
        "sequencing": (SEQUENCING, SequencingGame, SequencingView),
        "pairing": (PAIRING, PairingGame, PairingView)}[kind]
    rules = rules_class(spec, random.Random(2), GameSettings(reduced_motion=reduced_motion))
    view = view_class(rules, Ears(), Theme(), reduced_motion)
    view.update(STEP)
    return rules, view


def pick(view, option_id):
    view.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1,
                                   pos=view.option_centre(option_id)))
    view.update(STEP)


def wrong_option(rules):
    current = rules.current
    return next(o.id for o in current.options if not current.is_right(o.id))


def test_a_sorted_card_flies_into_its_bin_and_the_pile_counts_it_when_it_lands():
    rules, view = make_round("sorting")
    card = rules.current
    start = view.card_rect().center
    pick(view, card.answer_id)
    assert view.sounds.played[-1] == "whoosh"
    (x, y), scale = view.flight()
    assert scale < 1.0 and (x, y) != start
    shown_during = len(rules.piles()[card.answer_id]) - 1
    assert shown_during == 0, "the pile does not count it while it flies"
    run(view, view.landed_at() + 0.05)
    assert view.flight() is None and "drop" in view.sounds.played
    assert rules.piles()[card.answer_id] == [card.item_id]
    assert audited(view.theme, view) == []


def test_a_card_for_the_wrong_bin_hops_on_to_the_right_one():
    rules, view = make_round("sorting")
    card = rules.current
    wrong = wrong_option(rules)
    pick(view, wrong)
    run(view, view.FLY_S + 0.02)
    assert view.mark_for(wrong) == "cross" and view.mark_for(card.answer_id) == "tick"
    (x, _y), _scale = view.flight()
    right_bin = view.bins[card.answer_id]
    run(view, view.HOP_S / 2)
    (x2, _y2), _scale = view.flight()
    assert abs(x2 - right_bin.centerx) < abs(x - right_bin.centerx), "on its way to the right"
    run(view, view.HOP_S)
    assert rules.piles()[card.answer_id] == [card.item_id]
    assert view.sounds.played.count("drop") == 1 and "wrong" in view.sounds.played


def test_the_timeline_grows_a_step_when_the_chosen_step_lands():
    rules, view = make_round("sequencing")
    first = rules.current.answer_id
    pick(view, first)
    assert view.shown_placed() == [], "on its way"
    run(view, view.landed_at() + 0.05)
    assert view.shown_placed() == [first] and "snap" in view.sounds.played
    run(view, FEEDBACK_MIN_S)
    assert rules.proceed()
    view.update(STEP)
    second = rules.current
    pick(view, wrong_option(rules))
    assert not view.show.right and view.shake_offset(view.show.option_id) != 0, "it shakes"
    assert view.shown_placed() == [first]
    run(view, view.landed_at() + 0.05)
    assert view.shown_placed() == [first, second.answer_id], "the step that may come next"
    assert "has to wait" in rules.items[-1].feedback
    assert audited(view.theme, view) == []


def test_a_partner_slides_next_to_its_item_and_a_link_grows_between_them():
    rules, view = make_round("pairing")
    item = rules.current.item_id
    active_row = rules.index
    before = view.right_rect(item).top
    pick(view, item)
    assert view.partner_rows()[item] == active_row
    run(view, view.SLIDE_S / 2)
    middle = view.right_rect(item).top
    target = view.row_y(active_row)
    assert before != target and min(before, target) <= middle <= max(before, target)
    assert view.link_share(item) == 0.0, "the link comes once it is there"
    run(view, view.SLIDE_S / 2 + view.LINK_S / 2)
    assert 0.0 < view.link_share(item) < 1.0
    run(view, view.LINK_S)
    assert view.link_share(item) == 1.0 and view.right_rect(item).top == target
    assert view.sounds.played[-2:] == ["link", "match"]
    assert audited(view.theme, view) == []


@pytest.mark.parametrize("kind", ["sorting", "sequencing", "pairing"])
def test_the_counter_says_what_the_results_will_count(kind):
    rules, view = make_round(kind)
    labels = []
    while not rules.finished:
        labels.append(view.counter_label())
        pick(view, rules.current.answer_id)
        run(view, FEEDBACK_MIN_S)
        labels.append(view.counter_label())
        rules.proceed()
        view.update(STEP)
    total = len(rules.result().items)
    assert all(f"/ {total}" in label for label in labels), labels
    assert f"{total} / {total}" in labels[-1]


@pytest.mark.parametrize("kind", ["sorting", "sequencing", "pairing"])
def test_round_games_keep_every_cue_as_a_still_frame(kind):
    rules, view = make_round(kind, reduced_motion=True)
    current = rules.current
    pick(view, current.answer_id)
    assert view.show.age >= view.landed_at(), "everything is where it lands at once"
    assert view.sounds.played, "and it sounds"
    if kind == "sorting":
        assert view.flight() is None
    elif kind == "sequencing":
        assert view.shown_placed() == [current.answer_id]
    else:
        assert view.link_share(current.item_id) == 1.0
    assert audited(view.theme, view) == []


@pytest.mark.parametrize("kind", ["sorting", "sequencing", "pairing"])
def test_the_feedback_card_shows_the_content_and_the_task_stays(kind):
    rules, view = make_round(kind)
    pick(view, wrong_option(rules))
    run(view, view.landed_at() + 0.5)
    shown = text_drawn(view.theme, view)
    assert any(line in rules.spec.prompt for line in shown), "the task stays on screen"
    words = rules.items[-1].feedback.split()
    assert any(word in " ".join(shown) for word in words[-3:]), "the feedback is shown"
    assert audited(view.theme, view) == []


def test_the_card_is_never_laid_out_in_an_area_too_narrow_for_it():
    """A side beside a board at the stall's edge can be a sliver: the card goes elsewhere (a
    text laid out narrower than a letter would never end)."""
    from learnsocial.ui.games.feel import CARD_MIN_WIDTH, Feedback, FeedbackCard, TextImages

    theme = Theme()
    card = FeedbackCard(theme, TextImages(theme))
    feedback = Feedback(False, "Knapp daneben. Die Antwort: Gemeinschaftsplattform",
                        "Weil Zusammenarbeit Vertrauen braucht. " * 4)
    sliver, room = pygame.Rect(1200, 200, 20, 400), pygame.Rect(40, 300, 1200, 380)
    for _step in card.place_steps(feedback, [sliver, room]):
        pass
    rect, _title, body, _hint = card.place(feedback, [sliver, room])
    assert rect.width >= CARD_MIN_WIDTH and room.contains(rect)
    assert not body.block.truncated
