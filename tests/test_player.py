"""The chapter player with choice scenes, the history and the notice, driven through the real app
by synthetic input (no real clock): every way to take an option, where each option leads, resume
inside a branch, F5 and `play --scene` on a question, what the history lists, the notice shown
once per version in every language, and the motion (dissolve, slide, talk) and its absence."""
import shutil

import pygame
import pytest

from learnsocial import i18n
from learnsocial.app.playthrough import BeatKind
from learnsocial.app.session import Session
from learnsocial.progress.store import ProgressStore
from learnsocial.ui import portraits
from learnsocial.ui.app import App
from learnsocial.ui.pilot import Pilot
from learnsocial.ui.scenes.chapter_map import ChapterMapScene
from learnsocial.ui.scenes.choice import ChoiceScene
from learnsocial.ui.scenes.history import HistoryScene
from learnsocial.ui.scenes.notice import NoticeScene
from learnsocial.ui.scenes.player import ChapterPlayerScene
from learnsocial.ui.scenes.profile import ProfileScene
from learnsocial.ui.scenes.results import ResultsScene
from learnsocial.ui.scenes.test import ChapterTestScene
from learnsocial.ui.voice import Narrator
from tests.screen_text import drawn_text
from tests.test_playthrough import branching_course


@pytest.fixture
def content(mini_course, tmp_path):
    return branching_course(mini_course, tmp_path)


@pytest.fixture
def make_app(tmp_path):
    def make(content, language="en", **settings):
        store = ProgressStore(tmp_path / "data")
        session = Session(content, store, language)
        i18n.set_language(language)
        session.load_course()
        app = App(session, seed=3)
        return app, Pilot(app)

    yield make
    pygame.quit()


def sign_in(app, pilot, employee="e-100", name="Anna Svensson", **settings):
    app.flow.sign_in()
    pilot.type(employee)
    pilot.press(pygame.K_TAB)
    if not app.top.name_field.value:
        pilot.type(name)
    pilot.press(pygame.K_RETURN)
    if isinstance(app.top, NoticeScene):
        pilot.press(pygame.K_RETURN)
    if settings:
        app.session.save_settings(**settings)
        app.apply_settings()
    assert isinstance(app.top, ChapterMapScene)


def open_chapter(app, pilot) -> ChapterPlayerScene:
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, ChapterPlayerScene)
    return app.top


def to_question(app, pilot) -> ChoiceScene:
    """Space until the question is shown whole: its options then come up by themselves."""
    for _press in range(60):
        if isinstance(app.top, ChoiceScene):
            return app.top
        pilot.press(pygame.K_SPACE)
    raise AssertionError(f"no question came up; on {app.top.name}")


def read_on(app, pilot):
    """One Space to show the whole beat (if it is still appearing) and one to go on."""
    player = app.top
    if not player.fully_revealed:
        pilot.press(pygame.K_SPACE)
    pilot.press(pygame.K_SPACE)


def responses(app) -> list[str]:
    return [s["result"]["response"] for s in app.session.store.statements("e-100")
            if s["verb"]["id"].endswith("responded")]


# -- taking an option ---------------------------------------------------------------------------

def test_a_number_key_takes_its_option_and_the_reaction_follows(make_app, content):
    app, pilot = make_app(content)
    sign_in(app, pilot)
    player = open_chapter(app, pilot)
    choice = to_question(app, pilot)
    assert choice.scene.id == "ask" and choice.focus is None
    pilot.press(pygame.K_4)  # there is no fourth option: nothing happens
    assert app.top is choice
    pilot.press(pygame.K_1)
    assert app.top is player
    beat = player.beat
    assert (beat.kind, beat.speaker, beat.mood) == (BeatKind.REACTION, "maja", "happy")
    assert "Maja Lindqvist" in drawn_text(app, pilot), "said by its character"
    assert responses(app) == ["move"]
    assert app.session.choices_made(player.chapter) == {"ask": "move"}


def test_arrows_and_enter_take_an_option_and_a_stray_enter_takes_none(make_app, content):
    app, pilot = make_app(content)
    sign_in(app, pilot)
    open_chapter(app, pilot)
    choice = to_question(app, pilot)
    pilot.press(pygame.K_RETURN)
    assert app.top is choice and choice.focus == 0, "Enter first shows where the focus is"
    pilot.press(pygame.K_UP)
    assert choice.focus == 2, "up from the first wraps to the last"
    pilot.press(pygame.K_DOWN, times=2)
    assert choice.focus == 1 and choice.focus_label().startswith("2. Wait and see")
    pilot.press(pygame.K_RETURN)
    assert responses(app) == ["wait"]


def test_the_mouse_takes_an_option(make_app, content):
    app, pilot = make_app(content)
    sign_in(app, pilot)
    open_chapter(app, pilot)
    choice = to_question(app, pilot)
    centre = choice.option_centre("ignore")
    pilot.move(centre)
    assert choice.hovered == 2
    pilot.click((centre[0], choice.layout().card.top + 4))  # on the card, not an option
    assert app.top is choice
    pilot.click(centre)
    assert responses(app) == ["ignore"]


def test_backspace_on_the_options_goes_back_and_the_question_comes_again(make_app, content):
    app, pilot = make_app(content)
    sign_in(app, pilot)
    player = open_chapter(app, pilot)
    to_question(app, pilot)
    pilot.press(pygame.K_BACKSPACE)
    assert app.top is player and player.scene.id == "one"
    assert to_question(app, pilot).scene.id == "ask"
    assert responses(app) == []


def test_the_reflection_shows_the_rating_in_words_and_by_its_icon(make_app, content,
                                                                  monkeypatch):
    icons = []
    from learnsocial.ui.scenes import player as player_module
    original = player_module.draw_rating_icon
    monkeypatch.setattr(player_module, "draw_rating_icon",
                        lambda surface, theme, rating, *a: icons.append(rating) or
                        original(surface, theme, rating, *a))
    app, pilot = make_app(content)
    sign_in(app, pilot)
    player = open_chapter(app, pilot)
    to_question(app, pilot)
    pilot.press(pygame.K_2)
    read_on(app, pilot)
    read_on(app, pilot)
    assert player.beat.kind == BeatKind.REFLECTION
    shown = drawn_text(app, pilot)
    assert "A fair choice" in shown and "Waiting works, but slowly." in shown
    assert icons[-1] == "ok"


# -- where the story goes -----------------------------------------------------------------------

def test_the_best_option_skips_the_detour_and_the_ok_one_takes_it(make_app, content):
    app, pilot = make_app(content)
    sign_in(app, pilot)
    player = open_chapter(app, pilot)
    to_question(app, pilot)
    pilot.press(pygame.K_1)
    read_on(app, pilot)  # the reaction
    read_on(app, pilot)  # the reflection
    assert player.scene.id == "rejoin"

    app2, pilot2 = make_app(content)
    sign_in(app2, pilot2, "e-200", "Bo")
    player2 = open_chapter(app2, pilot2)
    to_question(app2, pilot2)
    pilot2.press(pygame.K_2)
    for _beat in range(3):  # two reaction lines and the reflection
        read_on(app2, pilot2)
    assert player2.scene.id == "detour"
    read_on(app2, pilot2)
    assert player2.scene.id == "rejoin", "the detour rejoins the main line"
    read_on(app2, pilot2)
    assert isinstance(app2.top, ChapterTestScene)


def test_next_test_goes_to_the_test_and_the_choice_never_counts(make_app, content):
    app, pilot = make_app(content)
    sign_in(app, pilot)
    player = open_chapter(app, pilot)
    to_question(app, pilot)
    pilot.press(pygame.K_3)  # the poor option, `next: test`
    read_on(app, pilot)
    assert player.beat.kind == BeatKind.REFLECTION
    read_on(app, pilot)
    assert isinstance(app.top, ChapterTestScene)
    from tests.test_scenes import shoot_all

    results = shoot_all(pilot, app, right=True)
    assert isinstance(results, ResultsScene)
    assert results.passed and results.result.score == 1.0, "a poor choice is not graded"
    assert app.session.store.progress("e-100")["hello"].status == "completed"


def test_resume_inside_a_branch(make_app, content):
    app, pilot = make_app(content)
    sign_in(app, pilot)
    player = open_chapter(app, pilot)
    to_question(app, pilot)
    pilot.press(pygame.K_2)
    for _beat in range(3):
        read_on(app, pilot)
    assert player.scene.id == "detour"
    app.quit()
    assert app.session.store.progress("e-100")["hello"].scene_id == "detour"

    app2, pilot2 = make_app(content)
    sign_in(app2, pilot2)
    player2 = open_chapter(app2, pilot2)
    assert player2.scene.id == "detour"
    read_on(app2, pilot2)
    assert player2.scene.id == "rejoin"


def test_resume_at_a_question_asks_it_again(make_app, content):
    app, pilot = make_app(content)
    sign_in(app, pilot)
    open_chapter(app, pilot)
    to_question(app, pilot)
    app.quit()
    app2, pilot2 = make_app(content)
    sign_in(app2, pilot2)
    open_chapter(app2, pilot2)
    assert to_question(app2, pilot2).scene.id == "ask"


# -- the history --------------------------------------------------------------------------------

def test_the_history_lists_lines_options_taken_and_reflections(make_app, content):
    app, pilot = make_app(content)
    sign_in(app, pilot)
    player = open_chapter(app, pilot)
    to_question(app, pilot)
    pilot.press(pygame.K_2)
    for _beat in range(3):
        read_on(app, pilot)
    pilot.press(pygame.K_h)
    history = app.top
    assert isinstance(history, HistoryScene)
    names = [row.name.text for row in history.rows()]
    assert names == ["Maja Lindqvist", "Tove Ek", "Your choice", "Tove Ek", "Maja Lindqvist",
                     "A fair choice", "Tove Ek"]
    shown = drawn_text(app, pilot)
    for text in ("Welcome to the first scene.", "Wait and see whether someone answers",
                 "A day is long for a customer.", "The detour, only after waiting."):
        assert text in shown
    pilot.press(pygame.K_h)
    assert app.top is player
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False,
                                         precise_x=0.0, precise_y=1.0))
    pilot.frame()
    assert isinstance(app.top, HistoryScene), "the mouse wheel up opens it"
    pilot.press(pygame.K_ESCAPE)
    assert app.top is player
    pilot.click(player.history_button.rect.center)
    assert isinstance(app.top, HistoryScene), "and so does its button"
    pilot.press(pygame.K_RETURN)  # the close button
    assert app.top is player and player.scene.id == "detour", "the story is where it was"


def test_a_long_history_opens_at_the_end_and_scrolls(make_app):
    from learnsocial.paths import content_dir

    app, pilot = make_app(content_dir())
    sign_in(app, pilot, text_scale=1.5)
    open_chapter(app, pilot)
    to_question(app, pilot)
    pilot.press(pygame.K_1)
    pilot.press(pygame.K_h)
    history = app.top
    rows = history.rows()
    shown = history.scroller.rows_in_view([r.height for r in rows], history.view().height, 14)
    assert shown.stop == len(rows) and shown.start > 0, "the latest line is in view"
    first = history.scroller.first
    pilot.press(pygame.K_UP)
    assert history.scroller.first == first - 1
    assert "arrow keys or the mouse wheel scroll" in drawn_text(app, pilot)


def test_the_history_from_the_options(make_app, content):
    app, pilot = make_app(content)
    sign_in(app, pilot)
    open_chapter(app, pilot)
    choice = to_question(app, pilot)
    pilot.press(pygame.K_h)
    assert isinstance(app.top, HistoryScene)
    pilot.press(pygame.K_h)
    assert app.top is choice


# -- voice --------------------------------------------------------------------------------------

class Engine:
    """Says nothing aloud; remembers what it was asked to say."""

    name = "test"
    available = True
    speaking = False

    def __init__(self):
        self.said = []

    def speak(self, utterance):
        self.said.append(utterance)

    def stop(self):
        pass


def test_options_reactions_and_reflection_are_read_aloud_with_voice_on(make_app, content):
    app, pilot = make_app(content)
    sign_in(app, pilot)
    engine = Engine()
    app.narrator = Narrator(enabled=True, engine=engine)
    open_chapter(app, pilot)
    to_question(app, pilot)
    pilot.frame()
    said = [u.text for u in engine.said]
    assert said[-1] == ("What would you do? 1. Ask them to repost it in the customer group. "
                        "2. Wait and see whether someone answers. 3. Leave it; someone will "
                        "notice.")
    pilot.press(pygame.K_DOWN)
    assert engine.said[-1].text == "1. Ask them to repost it in the customer group"
    pilot.press(pygame.K_RETURN)
    assert (engine.said[-1].text, engine.said[-1].speaker) == (
        "Thanks, the right people see it within the hour.", "maja")
    read_on(app, pilot)
    assert engine.said[-1].text == ("The best choice. Topics belong in the groups where the "
                                    "people who can act are.")


# -- F5 and play --scene ------------------------------------------------------------------------

def test_f5_on_a_question_and_on_a_reaction(make_app, content):
    app, pilot = make_app(content)
    sign_in(app, pilot)
    player = open_chapter(app, pilot)
    choice = to_question(app, pilot)
    path = content / "01-hello" / "en.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("Wait and see whether someone answers",
                                     "Wait a day and see"), encoding="utf-8")
    pilot.press(pygame.K_F5)
    assert app.top is choice and choice.scene.option("wait").text == "Wait a day and see"
    assert "Wait a day and see" in drawn_text(app, pilot)
    pilot.press(pygame.K_2)
    read_on(app, pilot)
    assert (player.beat.kind, player.beat.reaction) == (BeatKind.REACTION, 1)
    path.write_text(original.replace("A day is long for a customer.",
                                     "A day is a long time for a customer."), encoding="utf-8")
    pilot.press(pygame.K_F5)
    assert app.notice == "Course reloaded from disk"
    assert (player.beat.kind, player.beat.reaction) == (BeatKind.REACTION, 1)
    assert player.beat.text == "A day is a long time for a customer."
    read_on(app, pilot)
    assert player.beat.kind == BeatKind.REFLECTION


@pytest.mark.parametrize("scene", ["ask", "2"])
def test_play_scene_by_id_or_number_starts_at_a_question(content, monkeypatch, scene):
    from learnsocial.cli import main

    started = []
    monkeypatch.setattr(App, "run", lambda self: started.append(self) or 0)
    assert main(["play", "--content", str(content), "--lang", "en", "--chapter", "hello",
                 "--scene", scene]) == 0
    (app,) = started
    pilot = Pilot(app)
    assert isinstance(app.top, ChapterPlayerScene) and app.top.scene.id == "ask"
    to_question(app, pilot)
    pilot.press(pygame.K_1)
    assert app.top.beat.kind == BeatKind.REACTION
    pygame.quit()


def test_play_scene_errors_are_one_line(content, capsys):
    from learnsocial.cli import main

    assert main(["play", "--content", str(content), "--chapter", "hello", "--scene", "9"]) == 1
    assert capsys.readouterr().err == "error: --scene must be between 1 and 4\n"
    assert main(["play", "--content", str(content), "--chapter", "hello", "--scene",
                 "nowhere"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no scene 'nowhere'" in err
    assert main(["play", "--content", str(content), "--scene", "ask"]) == 1
    assert capsys.readouterr().err == "error: --scene needs --chapter\n"


# -- the notice ---------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["sv", "de", "en"])
def test_the_notice_is_shown_once_and_again_when_it_changes(make_app, mini_course, tmp_path,
                                                            language):
    content = tmp_path / "course"
    shutil.copytree(mini_course, content)
    app, pilot = make_app(content, language)
    notice = app.session.course.notice
    app.flow.sign_in()
    pilot.type("e-9")
    pilot.press(pygame.K_TAB)
    pilot.type("Nora")
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, NoticeScene)
    shown = drawn_text(app, pilot)
    assert notice.title in shown and notice.text.split()[0] in shown
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, ChapterMapScene)
    assert app.session.store.employee("e-9").settings["notice_version"] == 1

    again, pilot2 = make_app(content, language)
    again.flow.sign_in()
    pilot2.type("e-9")
    pilot2.press(pygame.K_RETURN)
    assert isinstance(again.top, ChapterMapScene), "a notice seen is not shown again"

    for lang in ("en", "sv", "de"):  # the company changes its notice: version 2
        path = content / "course" / f"{lang}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("version: 1", "version: 2"),
                        encoding="utf-8")
    third, pilot3 = make_app(content, language)
    third.flow.sign_in()
    pilot3.type("e-9")
    pilot3.press(pygame.K_RETURN)
    assert isinstance(third.top, NoticeScene), "a changed notice is shown again"
    pilot3.press(pygame.K_RETURN)
    assert third.session.store.employee("e-9").settings["notice_version"] == 2


def test_the_notice_from_the_profile_and_the_sign_in_points_at_it(make_app, content):
    app, pilot = make_app(content)
    app.flow.sign_in()
    assert "What is recorded and who sees it" in drawn_text(app, pilot)
    sign_in(app, pilot)
    pilot.press(pygame.K_p)
    assert isinstance(app.top, ProfileScene)
    pilot.press(pygame.K_n)
    assert isinstance(app.top, NoticeScene) and app.top.again
    pilot.press(pygame.K_ESCAPE)
    assert isinstance(app.top, ProfileScene)
    pilot.press(pygame.K_TAB)  # to the profile's notice button
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, NoticeScene)
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, ProfileScene)


def test_a_long_notice_scrolls_by_whole_lines(make_app, tmp_path):
    from learnsocial.paths import content_dir

    app, pilot = make_app(content_dir(), "de")
    app.session.save_settings(text_scale=1.5)
    sign_in(app, pilot, text_scale=1.5)
    pilot.press(pygame.K_p)
    pilot.press(pygame.K_n)
    notice = app.top
    _title, rows = notice.layout()
    shown = notice.scroller.rows_in_view([h for _l, h in rows], notice.view().height)
    assert shown.stop < len(rows), "the German notice at 150 % needs scrolling"
    pilot.press(pygame.K_PAGEDOWN, times=10)
    shown = notice.scroller.rows_in_view([h for _l, h in rows], notice.view().height)
    assert shown.stop == len(rows)
    assert rows[-1][0] in drawn_text(app, pilot), "the last line can be reached"


# -- motion -------------------------------------------------------------------------------------

def test_scenes_dissolve_unless_motion_is_reduced(make_app, content):
    app, pilot = make_app(content)
    sign_in(app, pilot)
    player = open_chapter(app, pilot)
    pilot.render()
    pilot.step(0.5)
    assert not app.transitioning
    read_on(app, pilot)
    assert player.scene.id == "ask" and app.transitioning, "a new scene dissolves in"
    start = app._dissolve_from
    frames = 0
    while app.transitioning:
        pilot.frame()
        pilot.render()
        frames += 1
    assert frames in (11, 12), "200 ms at 60 frames a second (the press's frame included)"
    assert app._dissolve_from is start, "the last frame is kept once, not copied per frame"

    app2, pilot2 = make_app(content)
    sign_in(app2, pilot2, "e-200", "Bo", reduced_motion=True)
    player2 = open_chapter(app2, pilot2)
    pilot2.render()
    assert player2.fully_revealed, "reduced motion: the text appears whole"
    pilot2.press(pygame.K_SPACE)
    assert player2.scene.id == "ask" and not app2.transitioning


def test_a_new_speaker_slides_in_and_talks_while_the_text_appears(make_app, content,
                                                                  monkeypatch):
    frames = []
    original = portraits.portrait
    from learnsocial.ui.scenes import player as player_module
    monkeypatch.setattr(portraits, "portrait",
                        lambda character, mood, assets, talking=False: frames.append(
                            (character.id, talking)) or original(character, mood, assets,
                                                                 talking))
    app, pilot = make_app(content)
    sign_in(app, pilot)
    player = open_chapter(app, pilot)
    places = []
    sprite = app.theme.sprite
    app.theme.sprite = lambda surface, rect, name, container=None: (
        places.append(rect.left) if name == "portrait" else None,
        sprite(surface, rect, name, container))[1]
    for _frame in range(20):
        pilot.frame()
        pilot.render()
    assert not player.fully_revealed
    assert {talking for _id, talking in frames} == {True, False}, "the mouth moves"
    assert places[0] < places[-1] == player_module.PORTRAIT_LEFT["left"] + \
        original(app.session.course.cast["maja"], "happy", app.session.assets).visible.left
    pilot.press(pygame.K_SPACE)
    frames.clear()
    pilot.render()
    assert frames == [("maja", False)], "still once the text is whole"


def test_each_scene_stands_on_its_own_backdrop(make_app, content):
    from learnsocial.ui.backdrops import draw_backdrop

    app, pilot = make_app(content)
    sign_in(app, pilot)
    player = open_chapter(app, pilot)
    area = pygame.Rect(400, 100, 480, 300)

    def mean() -> tuple:
        pilot.render()
        return tuple(pygame.transform.average_color(app.canvas, area))[:3]

    kitchen = mean()
    to_question(app, pilot)
    pilot.press(pygame.K_1)
    read_on(app, pilot)
    read_on(app, pilot)
    pilot.step(0.3)
    assert player.scene.id == "rejoin" and player.scene.backdrop == "open-plan"
    assert mean() != kitchen
    surface = pygame.Surface((1280, 720))
    theme = app.theme
    assert draw_backdrop(surface, theme, app.session.assets, "kitchen", (36, 71, 107))
    normal = pygame.transform.average_color(surface)
    assert not draw_backdrop(surface, theme, app.session.assets, "no-such-place",
                             (36, 71, 107)), "a missing picture falls back to the gradient"
    theme.configure("high_contrast", 1.0)
    draw_backdrop(surface, theme, app.session.assets, "kitchen", (36, 71, 107))
    dark = pygame.transform.average_color(surface)
    assert sum(dark[:3]) < sum(normal[:3]) / 2, "high contrast darkens the picture"


def test_the_notice_is_read_aloud_once_with_voice_on(make_app, content):
    app, pilot = make_app(content)
    store = app.session.store
    store.sign_in("e-3", "Ines", "en")  # known, with voice on, but has not seen the notice
    store.update_settings("e-3", voice=True)
    engine = Engine()
    app.narrator = Narrator(engine=engine)
    app.flow.sign_in()
    pilot.type("e-3")
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, NoticeScene) and app.narrator.enabled
    notice = app.session.course.notice
    read = [u.text for u in engine.said if u.text.startswith(notice.title)]
    assert read == [f"{notice.title}. {notice.text}"]
    pilot.press(pygame.K_ESCAPE)  # the pause menu, and back
    pilot.press(pygame.K_ESCAPE)
    assert isinstance(app.top, NoticeScene)
    assert len([u for u in engine.said if u.text.startswith(notice.title)]) == 1


STORY_SCREENS = ("player", "choice", "history", "notice", "signin")


def story_problems(output: str) -> list[str]:
    return [line for line in output.splitlines()
            if line.split(":", 1)[0].split(" ", 1)[0] in STORY_SCREENS]


@pytest.mark.parametrize("language, size, theme", [("de", "150", "--high-contrast"),
                                                   ("sv", "100", "")])
def test_the_layout_audit_finds_nothing_on_the_story_screens(tmp_path, capsys, language, size,
                                                              theme):
    from learnsocial.cli import main

    main(["demo", "--screenshots", str(tmp_path / "shots"), "--data-dir", str(tmp_path / "d"),
          "--lang", language, "--text-size", size, *([theme] if theme else []), "--chapter",
          "working-on-the-platform", "--accuracy", "0", "--audit-layout"])
    pygame.quit()
    output = capsys.readouterr().out
    from learnsocial.i18n import ngettext  # the summary is in the learner's language

    summary = ngettext("layout audit: {count} problem in {frames} frames",
                       "layout audit: {count} problems in {frames} frames", 2)
    assert summary.split(":")[0] + ":" in output
    names = {p.stem.split("-", 1)[1].split("-", 1)[0] for p in (tmp_path / "shots").glob("*")}
    assert {"notice", "choice", "reaction", "reflection", "history", "scene"} <= names
    assert story_problems(output) == []


def test_the_story_audit_filter_can_fail():
    report = ('test-gallery: “x”: runs out of its box\nhistory: “Tove Ek”: overlaps “y”\n'
              'choice (notice): “z”: runs off the screen\n')
    assert story_problems(report) == ['history: “Tove Ek”: overlaps “y”',
                                      'choice (notice): “z”: runs off the screen']
