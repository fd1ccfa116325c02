"""The learner's journey driven by synthetic input: the map's keyboard and mouse, retake and
replay from the map and from the results, the celebration, sign out, Backspace and Esc on every
screen, toasts, music, the settings' speech engine and what IT manages."""
import pygame
import pytest

from learnsocial.ui import toast
from learnsocial.ui.scenes.admin import AdminDashboardScene, AdminLoginScene
from learnsocial.ui.scenes.badge_unlock import BadgeUnlockScene
from learnsocial.ui.scenes.celebration import CelebrationScene
from learnsocial.ui.scenes.chapter_map import ChapterMapScene
from learnsocial.ui.scenes.language import LanguageScene
from learnsocial.ui.scenes.pause import PauseMenu
from learnsocial.ui.scenes.player import ChapterPlayerScene
from learnsocial.ui.scenes.profile import ProfileScene
from learnsocial.ui.scenes.results import ResultsScene
from learnsocial.ui.scenes.settings import SettingsScene
from learnsocial.ui.scenes.signin import SignInScene
from learnsocial.ui.scenes.test import ChapterTestScene
from learnsocial.ui.scenes.title import TitleScene
from tests.journey_screens import SITE_CONFIG, write_site_config
from tests.screen_text import drawn_text
from tests.test_scenes import (
    play_through_scenes,
    shoot_all,
    shoot_every_question,
    sign_in,
    wait_for_the_save,
)


def fail_first_chapter(app, pilot):
    """Sign in, read chapter 1, miss every question; returns the results scene."""
    sign_in(app, pilot)
    pilot.press(pygame.K_RETURN)
    play_through_scenes(pilot, app)
    return shoot_all(pilot, app, right=False)


def choose(pilot, scene, label):
    """Tab through a scene's buttons to the one with this label and press Enter."""
    for _n in range(len(scene.buttons.widgets)):
        if scene.buttons.focused.label() == label:
            pilot.press(pygame.K_RETURN)
            return
        pilot.press(pygame.K_TAB)
    raise AssertionError(f"no button {label!r}")


# -- the map --------------------------------------------------------------------------------

def test_the_map_walks_the_path_by_keyboard_and_opens_the_focused_chapter(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    game = app.top
    assert isinstance(game, ChapterMapScene) and game.focus == 0
    pilot.press(pygame.K_RIGHT, times=2)
    assert game.focus == 2
    pilot.press(pygame.K_LEFT)
    assert game.focus == 1
    pilot.press(pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert game.focus == 0
    pilot.press(pygame.K_END)
    assert game.focus == len(game.nodes) - 1
    pilot.press(pygame.K_RIGHT)
    assert game.focus == 0, "the path wraps"
    pilot.press(pygame.K_RIGHT)
    pilot.press(pygame.K_RETURN)  # chapter 2 is locked
    assert app.top is game and "Complete “Hello” first." in game.message
    assert "Complete “Hello” first." in drawn_text(app, pilot)
    pilot.press(pygame.K_HOME)
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, ChapterPlayerScene) and app.top.index == 0


def test_a_click_on_a_node_chooses_it_and_a_second_click_opens_it(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    game = app.top
    pilot.click(game.nodes[1].centre)
    assert app.top is game and game.focus == 1
    pilot.click(game.nodes[0].label.center)
    assert app.top is game and game.focus == 0
    pilot.click(game.nodes[0].label.center)
    assert isinstance(app.top, ChapterPlayerScene)


def test_the_profile_and_settings_open_by_key_and_by_click(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    pilot.press(pygame.K_p)
    assert isinstance(app.top, ProfileScene)
    pilot.press(pygame.K_BACKSPACE)
    pilot.click(app.top.settings.rect.center)
    assert isinstance(app.top, SettingsScene)
    pilot.press(pygame.K_ESCAPE)
    pilot.click(app.top.profile.rect.center)
    assert isinstance(app.top, ProfileScene)


def test_the_map_shows_level_points_minutes_and_game_for_each_chapter(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    text = drawn_text(app, pilot)
    assert "Level 1 · Newcomer" in text and "800 to the next level" in text
    assert "Badges: 0 of 9" in text
    game = app.top
    assert all(node.minutes >= 1 for node in game.nodes)
    assert "Shooting gallery" in game.focus_label() and "min" in game.focus_label()


# -- retake and replay ----------------------------------------------------------------------

def test_a_failed_chapter_offers_retake_and_replay_on_the_map(make_app):
    app, pilot = make_app()
    results = fail_first_chapter(app, pilot)
    choose(pilot, results, "Chapter map")
    game = app.top
    assert isinstance(game, ChapterMapScene) and game.focus == 0
    assert game.nodes[0].status == "failed"
    assert "Not passed yet" in drawn_text(app, pilot)
    pilot.press(pygame.K_RETURN)
    assert game.in_actions and [b.label() for b in game.actions] == ["Retake test",
                                                                      "Replay chapter"]
    pilot.press(pygame.K_ESCAPE)  # back to the path, not the menu
    assert app.top is game and not game.in_actions
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_RETURN)  # Retake test
    assert isinstance(app.top, ChapterTestScene) and not app.top.started
    pilot.press(pygame.K_ESCAPE)
    choose(pilot, app.top, "Chapter map")
    game = app.top
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_RIGHT)
    pilot.press(pygame.K_RETURN)  # Replay chapter: from the first scene, not the last
    assert isinstance(app.top, ChapterPlayerScene) and app.top.index == 0


def test_the_actions_answer_the_mouse_too(make_app):
    app, pilot = make_app()
    results = fail_first_chapter(app, pilot)
    choose(pilot, results, "Chapter map")
    game = app.top
    pilot.click(game.nodes[0].centre)  # focused already: opens its actions
    assert game.in_actions
    pilot.click(game.actions[1].rect.center)
    assert isinstance(app.top, ChapterPlayerScene) and app.top.index == 0


def test_the_results_of_a_failed_test_offer_retake_replay_and_the_map(make_app):
    app, pilot = make_app()
    results = fail_first_chapter(app, pilot)
    labels = [b.label() for b in results.buttons.widgets]
    assert labels == ["Chapter map", "Replay chapter", "Retake test"]
    assert results.buttons.focused.label() == "Retake test"
    choose(pilot, results, "Replay chapter")
    assert isinstance(app.top, ChapterPlayerScene) and app.top.index == 0
    play_through_scenes(pilot, app)
    results = shoot_all(pilot, app, right=False)
    choose(pilot, results, "Retake test")
    assert isinstance(app.top, ChapterTestScene)
    results = shoot_all(pilot, app, right=True)
    assert results.passed
    assert [b.label() for b in results.buttons.widgets] == ["Retake test", "Continue"]


def test_a_completed_chapter_offers_replay_first(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    pilot.press(pygame.K_RETURN)
    play_through_scenes(pilot, app)
    results = shoot_all(pilot, app, right=True)
    choose(pilot, results, "Continue")
    game = app.top
    assert game.focus == 1, "on to the next chapter"
    pilot.press(pygame.K_LEFT)
    pilot.press(pygame.K_RETURN)
    assert [b.label() for b in game.actions] == ["Replay chapter", "Retake test"]


# -- the celebration ------------------------------------------------------------------------

def test_a_completed_chapter_is_celebrated_with_a_fanfare_then_its_badge(make_app):
    app, pilot = make_app()
    played = []
    app.sounds.play = played.append
    sign_in(app, pilot)
    pilot.press(pygame.K_RETURN)
    play_through_scenes(pilot, app)
    pilot.press(pygame.K_RETURN)
    rules = app.top.rules
    from learnsocial.games import gallery
    while not rules.finished:
        target = next(t for t in rules.targets if t.answer is not None and t.answer.correct)
        while not target.fully_visible:
            pilot.frame()
        pilot.click(app.top.view.target_centre(target.id))
        pilot.step(gallery.FEEDBACK_S + 0.05)
    wait_for_the_save(app, pilot)
    assert isinstance(app.top, CelebrationScene) and not app.top.course
    assert played.count("fanfare") == 1 and "success" not in played[-2:]
    text = drawn_text(app, pilot)
    assert "Chapter completed!" in text and "Next: Second" in text
    assert "New level: Level 2 · Explorer" in text or "to the next level" in text
    pilot.press(pygame.K_BACKSPACE)
    assert isinstance(app.top, BadgeUnlockScene)
    assert played[-1] == "success", "the badge sounds when it shows, not under the fanfare"
    pilot.press(pygame.K_ESCAPE)
    assert isinstance(app.top, ResultsScene)


def test_the_celebration_is_a_still_frame_with_reduced_motion(make_app):
    from learnsocial.app.session import TestOutcome
    from learnsocial.games.base import GameResult

    app, pilot = make_app()
    sign_in(app, pilot)
    chapter = app.session.course.chapters[0]
    outcome = TestOutcome(GameResult("gallery"), True, [], True, True)
    for reduced in (False, True):
        app.session.save_settings(reduced_motion=reduced)
        scene = CelebrationScene(app, chapter, outcome)
        app.push(scene)
        before = [(p.x, p.y) for p in scene.pieces]
        pilot.step(0.5)
        moved = before != [(p.x, p.y) for p in scene.pieces]
        assert moved is not reduced
        assert scene.course and "Course completed!" in drawn_text(app, pilot)
        pilot.press(pygame.K_RETURN)


# -- sign out -------------------------------------------------------------------------------

def test_sign_out_from_the_menu_saves_and_hands_over_to_the_title(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    app.session.save_settings(high_contrast=True)
    app.apply_settings()
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_SPACE, times=2)  # to scene 2
    pilot.press(pygame.K_ESCAPE)
    menu = app.top
    assert isinstance(menu, PauseMenu)
    assert [b.label() for b in menu.buttons.widgets] == [
        "Resume", "Chapter map", "Settings", "Sign out", "Save and quit"]
    choose(pilot, menu, "Sign out")
    assert isinstance(app.top, TitleScene) and app.running
    assert app.session.employee is None
    assert app.session.store.progress("e-100")["hello"].scene_id == "two", "saved first"
    assert not app.theme.high_contrast, "the next person starts with the defaults"
    assert "Signed out. Everything is saved." in drawn_text(app, pilot)
    sign_in(app, pilot, "e-200", "Bo")
    assert isinstance(app.top, ChapterMapScene) and app.session.employee.employee_id == "e-200"


def test_the_menu_offers_no_sign_out_before_sign_in(make_app):
    app, pilot = make_app()
    app.flow.title()
    pilot.press(pygame.K_ESCAPE)
    assert "Sign out" not in [b.label() for b in app.top.buttons.widgets]


# -- Backspace and Esc ----------------------------------------------------------------------

@pytest.mark.parametrize("key", [pygame.K_ESCAPE, pygame.K_BACKSPACE])
def test_back_keys_before_sign_in(make_app, key):
    app, pilot = make_app()
    app.flow.title()
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, LanguageScene)
    pilot.press(key)
    assert isinstance(app.top, TitleScene)
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, SignInScene)
    if key == pygame.K_BACKSPACE:
        pilot.type("ab")
        pilot.press(key)  # in a field it edits
        assert isinstance(app.top, SignInScene) and app.top.id_field.value == "a"
        pilot.press(pygame.K_TAB, times=2)  # on the button it goes back
    pilot.press(key)
    assert isinstance(app.top, LanguageScene)


@pytest.mark.parametrize("key", [pygame.K_ESCAPE, pygame.K_BACKSPACE])
def test_back_keys_on_the_course_screens(make_app, key):
    app, pilot = make_app()
    sign_in(app, pilot)
    for open_key, screen in ((pygame.K_p, ProfileScene), (pygame.K_s, SettingsScene)):
        pilot.press(open_key)
        assert isinstance(app.top, screen)
        pilot.press(key)
        assert isinstance(app.top, ChapterMapScene), screen.__name__
    pilot.press(key)  # the map is the first screen: back is the menu
    assert isinstance(app.top, PauseMenu)
    pilot.press(key)
    assert isinstance(app.top, ChapterMapScene)
    pilot.press(pygame.K_RETURN)
    play_through_scenes(pilot, app)
    test = app.top
    assert isinstance(test, ChapterTestScene) and not test.started
    pilot.press(key)
    if key == pygame.K_BACKSPACE:  # back to the story's last scene
        assert isinstance(app.top, ChapterPlayerScene)
        assert app.top.index == len(app.top.chapter.scenes) - 1
        pilot.press(pygame.K_SPACE, times=2)
        assert isinstance(app.top, ChapterTestScene)
    else:  # as in the story, Esc is the menu
        assert isinstance(app.top, PauseMenu)
        pilot.press(key)
    results = shoot_all(pilot, app, right=False)
    pilot.press(key)
    assert isinstance(app.top, ChapterMapScene) and app.top is not results


@pytest.mark.parametrize("key", [pygame.K_ESCAPE, pygame.K_BACKSPACE])
def test_back_keys_close_the_celebration_and_the_badges(make_app, key):
    app, pilot = make_app()
    sign_in(app, pilot)
    pilot.press(pygame.K_RETURN)
    play_through_scenes(pilot, app)
    shoot_every_question(pilot, app, keyboard=True)
    for overlay in (CelebrationScene, BadgeUnlockScene):
        assert isinstance(app.top, overlay)
        pilot.press(key)
    assert isinstance(app.top, ResultsScene)


def hr_passphrase(app, monkeypatch) -> None:
    """Set as `learnsocial admin set-passphrase` would (the app never sets one), cheaply."""
    from learnsocial.progress import passphrase

    monkeypatch.setattr(passphrase, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    passphrase.set_passphrase(app.session.store.data_dir, "correct horse battery")


@pytest.mark.parametrize("key", [pygame.K_ESCAPE, pygame.K_BACKSPACE])
def test_back_keys_in_the_hr_area(make_app, key, monkeypatch):
    app, pilot = make_app()
    hr_passphrase(app, monkeypatch)
    app.flow.title()
    pilot.press(pygame.K_TAB, times=2)  # Start -> Quit -> HR area
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, AdminLoginScene)
    pilot.type("correct horse batteryy")
    if key == pygame.K_BACKSPACE:
        pilot.press(key)  # edits the field
        assert isinstance(app.top, AdminLoginScene)
    else:
        app.top.phrase.set("correct horse battery")
    pilot.press(pygame.K_RETURN)
    dashboard = app.top
    assert isinstance(dashboard, AdminDashboardScene)
    pilot.press(pygame.K_TAB)  # the employees' view: typing goes to the search
    pilot.type("ab")
    pilot.press(pygame.K_BACKSPACE)
    assert app.top is dashboard and dashboard.search.value == "a"
    pilot.press(pygame.K_TAB)
    pilot.press(key)
    assert isinstance(app.top, TitleScene)


def test_one_focus_ring_at_a_time_in_the_hr_area(make_app, monkeypatch):
    app, pilot = make_app()
    hr_passphrase(app, monkeypatch)
    app.flow.admin()
    pilot.type("correct horse battery")
    pilot.press(pygame.K_RETURN)
    audit = app.start_layout_audit()
    for _tab in range(3):
        pilot.render()
        pilot.press(pygame.K_TAB)
    assert not [p for p in audit.report() if "focus rings" in p]


# -- toasts, music, settings ----------------------------------------------------------------

def test_m_and_f11_show_a_toast_that_goes_away(make_app):
    app, pilot = make_app()
    played = []
    app.sounds.play = played.append
    sign_in(app, pilot)
    pilot.press(pygame.K_m)
    assert app.sounds.muted and app.toast_shown.message == "Sound off (M)"
    assert "Sound off (M)" in drawn_text(app, pilot)
    assert played[-1] == "toast"
    pilot.press(pygame.K_m)
    assert app.toast_shown.message == "Sound on (M)"
    pilot.step(toast.SHOW_S + toast.SLIDE_S + 0.1)
    assert app.toast_shown is None and "Sound on (M)" not in drawn_text(app, pilot)
    pilot.press(pygame.K_F11)
    assert app.toast_shown.message == "Full screen"
    pilot.press(pygame.K_F11)
    assert app.toast_shown.message == "Window"


def test_music_is_off_by_default_and_follows_its_setting_and_the_screen(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    assert not app.music.enabled and app.music.track == "map" and app.music.playing is None
    pilot.press(pygame.K_s)
    settings = app.top
    rows = [r.label() for r in settings.rows]
    settings.focus = rows.index("Music")
    pilot.press(pygame.K_RETURN)
    assert app.session.settings["music"] is True and app.music.enabled
    assert app.music.playing == "map"
    settings.focus = rows.index("Music volume")
    pilot.press(pygame.K_LEFT, times=2)
    assert app.session.settings["music_volume"] == 0.3 and app.music.volume == 0.3
    assert app.sounds.volume == 0.7, "music has its own volume"
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_RETURN)
    play_through_scenes(pilot, app)
    assert app.music.playing == "games"


def test_settings_name_the_speech_engine(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    pilot.press(pygame.K_s)
    rows = {r.label(): r.value() for r in app.top.rows}
    expected = app.narrator.engine_name
    assert rows["Speech engine"] == (expected if expected != "none" else "None")


def test_settings_show_what_it_manages_and_do_not_change_it(make_app, monkeypatch, tmp_path):
    from learnsocial.progress.records import RosterRow

    monkeypatch.setenv("LEARNSOCIAL_SITE_CONFIG", str(write_site_config(tmp_path)))
    app, pilot = make_app()
    # sign-in is for registered employees only here
    app.session.store.upsert_roster([RosterRow("e-100", "Anna Svensson")])
    sign_in(app, pilot)
    pilot.press(pygame.K_s)
    settings = app.top
    managed = [r for r in settings.rows if r.managed]
    assert [r.label() for r in managed] == [
        "Learning record store", "Learning record store account", "Progress sent every",
        "Account home page", "Sign-in for registered employees only", "Course due"]
    assert managed[0].value() == SITE_CONFIG["lrs"]["url"]
    assert managed[-1].value() == "30 days after the first sign-in"
    settings.focus = settings.rows.index(managed[2])
    pilot.press(pygame.K_RETURN)
    assert managed[2].value() == "120 seconds" and app.toast_shown.message == \
        "Set by your IT department"
    assert settings.focus_label() == "Progress sent every: 120 seconds (managed by IT)"
    while not settings.row_rects().get(settings.focus):
        pilot.press(pygame.K_DOWN)
    assert "Managed" in drawn_text(app, pilot)


def test_settings_list_nothing_as_managed_when_it_sets_nothing(make_app, monkeypatch,
                                                                tmp_path):
    empty = tmp_path / "site.json"
    empty.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("LEARNSOCIAL_SITE_CONFIG", str(empty))
    app, pilot = make_app()
    sign_in(app, pilot)
    pilot.press(pygame.K_s)
    assert not any(r.managed for r in app.top.rows)
    assert "Managed by your IT department" not in drawn_text(app, pilot)
