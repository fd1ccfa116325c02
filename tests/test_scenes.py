"""The real scenes driven by synthetic input, asserting on state (no real clock, no sleeping)."""
import shutil

import pygame
import pytest

from learnsocial.games import gallery
from learnsocial.ui.scenes.badge_unlock import BadgeUnlockScene
from learnsocial.ui.scenes.chapter_map import ChapterMapScene
from learnsocial.ui.scenes.language import LanguageScene
from learnsocial.ui.scenes.notice import NoticeScene
from learnsocial.ui.scenes.pause import PauseMenu
from learnsocial.ui.scenes.player import ChapterPlayerScene
from learnsocial.ui.scenes.results import ResultsScene
from learnsocial.ui.scenes.signin import SignInScene
from learnsocial.ui.scenes.test import ChapterTestScene
from learnsocial.ui.scenes.title import TitleScene
from tests.screen_text import drawn_text


def sign_in(app, pilot, employee="e-100", name="Anna Svensson"):
    app.flow.title()
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, LanguageScene)
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, SignInScene)
    pilot.type(employee)
    pilot.press(pygame.K_TAB)
    if name and not app.top.name_field.value:
        pilot.type(name)
    pilot.press(pygame.K_RETURN)
    read_notice(app, pilot)


def read_notice(app, pilot):
    """A new employee reads the notice on what is recorded before the first chapter."""
    if isinstance(app.top, NoticeScene):
        pilot.press(pygame.K_RETURN)


def open_first_chapter(app, pilot):
    assert isinstance(app.top, ChapterMapScene)
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, ChapterPlayerScene)
    return app.top


def play_through_scenes(pilot, app):
    while isinstance(app.top, ChapterPlayerScene):
        pilot.press(pygame.K_SPACE)


def wait_for_the_save(app, pilot):
    """The attempt is written on a worker thread: wait for it, then the results follow."""
    test = app.top
    if isinstance(test, ChapterTestScene) and test.saving is not None:
        test.saving.result()
        pilot.frame()


def shoot_all(pilot, app, right=True, keyboard=False):
    """Answer every question of the gallery, then enter through the pop-ups to the results."""
    shoot_every_question(pilot, app, right, keyboard)
    close_overlays(app, pilot)
    assert isinstance(app.top, ResultsScene)
    return app.top


def shoot_every_question(pilot, app, right=True, keyboard=False):
    assert isinstance(app.top, ChapterTestScene)
    pilot.press(pygame.K_RETURN)  # start
    test = app.top
    rules = test.rules
    while not rules.finished:
        target = next(t for t in rules.targets if t.answer and t.answer.correct == right)
        if keyboard:
            while rules.selected is None or rules.targets[rules.selected] is not target:
                pilot.press(pygame.K_TAB)
            pilot.press(pygame.K_SPACE)
        else:
            while not target.fully_visible:
                pilot.frame()
            pilot.click(test.view.target_centre(target.id))
        pilot.step(gallery.FEEDBACK_S + 0.05)
    wait_for_the_save(app, pilot)


def close_overlays(app, pilot) -> list[str]:
    """Enter through the celebration and badge pop-ups over the results; their names."""
    from learnsocial.ui.scenes.celebration import CelebrationScene

    seen = []
    while isinstance(app.top, (CelebrationScene, BadgeUnlockScene)):
        seen.append(app.top.name)
        pilot.press(pygame.K_RETURN)
    return seen


def finish_first_chapter(app, pilot, right=True):
    """Sign in, read the first chapter and answer its test; returns the results scene."""
    sign_in(app, pilot)
    open_first_chapter(app, pilot)
    play_through_scenes(pilot, app)
    return shoot_all(pilot, app, right=right)


def test_sign_in_rejects_empty_and_malformed_ids(make_app):
    app, pilot = make_app()
    app.flow.sign_in()
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, SignInScene)
    assert app.top.message_is_error and "employee ID" in app.top.message
    pilot.type("x y!")
    pilot.press(pygame.K_TAB)
    pilot.press(pygame.K_TAB)
    pilot.press(pygame.K_RETURN)  # the Sign in button
    assert isinstance(app.top, SignInScene)
    assert "2 to 32 letters" in app.top.message
    assert app.top.message in drawn_text(app, pilot), "the message reaches the screen"


def test_new_employee_needs_a_name_then_a_returning_one_is_greeted(make_app):
    app, pilot = make_app()
    sign_in(app, pilot, "e-7", name="")
    assert isinstance(app.top, SignInScene) and "name" in app.top.message
    pilot.type("Anna Svensson")
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, NoticeScene)
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, ChapterMapScene)
    assert app.session.employee.display_name == "Anna Svensson"
    assert not app.session.returning

    app2, pilot2 = make_app()
    app2.flow.sign_in()
    pilot2.type("e-7")
    assert app2.top.message == "Welcome back, Anna Svensson!"
    assert app2.top.name_field.value == "Anna Svensson"
    pilot2.press(pygame.K_RETURN)
    assert isinstance(app2.top, ChapterMapScene)
    assert app2.session.returning and "Welcome back" in app2.top.greeting


def test_second_chapter_is_locked_until_the_first_is_completed(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    pilot.press(pygame.K_RIGHT)
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, ChapterMapScene)
    assert "Hello" in app.top.message


def test_dialogue_reveals_advances_goes_back_and_paginates(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    app.session.save_settings(text_scale=1.5)  # at 100 % every scene fits on one page
    app.apply_settings()
    player = open_first_chapter(app, pilot)
    assert not player.fully_revealed, "text appears progressively"
    pilot.press(pygame.K_SPACE)
    assert player.fully_revealed and player.index == 0
    pilot.press(pygame.K_SPACE)
    assert player.index == 1
    assert len(player.pages()) >= 2, "the long scene continues on a second page"
    pilot.step(10)
    assert player.fully_revealed
    pilot.press(pygame.K_RETURN)
    assert (player.index, player.page) == (1, 1)
    pilot.press(pygame.K_BACKSPACE)
    assert (player.index, player.page) == (1, 0)
    pilot.press(pygame.K_LEFT)
    assert player.index == 0
    pilot.click((640, 300))
    assert player.index == 1


def test_resume_at_the_same_scene_by_id_even_after_an_author_inserts_scenes(
        make_app, mini_course, tmp_path):
    app, pilot = make_app()
    sign_in(app, pilot)
    player = open_first_chapter(app, pilot)
    pilot.press(pygame.K_SPACE, times=2)
    assert player.scene.id == "two"
    app.quit()  # like closing the window: saves first

    content = tmp_path / "edited"
    shutil.copytree(mini_course, content)
    path = content / "01-hello" / "en.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "scenes:\n", "scenes:\n  - id: new\n    speaker: maja\n    text: Inserted by an author.\n"
    ), encoding="utf-8")
    app2, pilot2 = make_app(content=content)
    sign_in(app2, pilot2)
    player2 = open_first_chapter(app2, pilot2)
    assert player2.scene.id == "two" and player2.index == 2


def test_closing_the_window_saves_progress(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    open_first_chapter(app, pilot)
    pilot.press(pygame.K_SPACE, times=2)
    pilot.step(1.0)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    pilot.frame()
    assert not app.running
    record = app.session.store.progress("e-100")["hello"]
    assert record.scene_id == "two" and record.status == "in_progress"
    assert record.time_spent_s >= 1.0


def test_esc_menu_quit_saves_progress(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    open_first_chapter(app, pilot)
    pilot.press(pygame.K_SPACE, times=2)
    pilot.press(pygame.K_ESCAPE)
    assert isinstance(app.top, PauseMenu)
    pilot.press(pygame.K_ESCAPE)
    assert isinstance(app.top, ChapterPlayerScene), "Esc again resumes"
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_TAB, times=4)  # Resume, Chapter map, Settings, Sign out, Save and quit
    pilot.press(pygame.K_RETURN)
    assert not app.running
    assert app.session.store.progress("e-100")["hello"].scene_id == "two"


def test_whole_chapter_passed_by_mouse_unlocks_the_next(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    open_first_chapter(app, pilot)
    play_through_scenes(pilot, app)
    results = shoot_all(pilot, app, right=True)
    assert results.passed and results.result.score == 1.0
    assert [i.item_id for i in results.result.items] != []
    pilot.press(pygame.K_RETURN)  # Continue is focused after a pass
    assert isinstance(app.top, ChapterMapScene)
    store = app.session.store
    record = store.progress("e-100")["hello"]
    assert record.status == "completed" and record.best_score == 1.0
    attempt = store.attempts("e-100")[0]
    assert len(attempt.answers) == 2 and all(a.correct for a in attempt.answers)
    assert app.session.unlocked("second")


def test_failed_test_by_keyboard_can_be_retried_and_keeps_chapter_open(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    open_first_chapter(app, pilot)
    play_through_scenes(pilot, app)
    results = shoot_all(pilot, app, right=False, keyboard=True)
    assert not results.passed and results.result.score == 0.0
    assert results.buttons.focused.label() == "Retake test"  # focused first after a fail
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, ChapterTestScene)
    results = shoot_all(pilot, app, right=True)
    assert results.passed
    store = app.session.store
    assert len(store.attempts("e-100", "hello")) == 2
    assert store.progress("e-100")["hello"].best_score == 1.0


def test_results_list_every_question_with_the_right_answer(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    open_first_chapter(app, pilot)
    play_through_scenes(pilot, app)
    results = shoot_all(pilot, app, right=False)
    rights = {i.right_answer for i in results.result.items}
    assert rights == {"The right one", "Right again"}
    assert all(i.feedback for i in results.result.items)
    shown = drawn_text(app, pilot)
    for item in results.result.items:
        assert item.prompt in shown and item.feedback in shown and item.right_feedback in shown


def test_resize_mid_game_keeps_clicks_on_target(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    open_first_chapter(app, pilot)
    play_through_scenes(pilot, app)
    pilot.press(pygame.K_RETURN)
    app.window = pygame.display.set_mode((800, 600), pygame.RESIZABLE)
    view = app.viewport()
    assert view.width == 800 and view.height == 450 and view.top == 75
    rules = app.top.rules
    target = next(t for t in rules.targets if t.answer and t.answer.correct)
    while not target.fully_visible:
        pilot.frame()
    x, y = app.top.view.target_centre(target.id)
    pilot.click((round(view.left + x * view.width / 1280), round(view.top + y * view.height
                                                                 / 720)))
    assert rules.items and rules.items[-1].correct


def test_a_frame_is_drawn_straight_into_a_window_of_its_size_and_scaled_into_another(make_app):
    app, pilot = make_app()
    app.flow.title()
    assert pilot.render() is app.window  # no copy of every frame
    app.window = pygame.display.set_mode((800, 600), pygame.RESIZABLE)
    picture = pilot.render()
    assert picture is not app.window and picture.get_size() == (1280, 720)
    assert tuple(app.window.get_at((400, 10)))[:3] == app.theme.SHADOW  # the letterbox bar
    scaled = pygame.transform.smoothscale(picture, (800, 450))
    assert app.window.get_at((400, 300)) == scaled.get_at((400, 225))
    app.window = pygame.display.set_mode((1280, 720), pygame.RESIZABLE)
    assert pilot.render() is app.window


def test_a_window_with_other_pixels_than_the_canvas_still_shows_the_screen(make_app,
                                                                          monkeypatch):
    app, pilot = make_app()
    app.flow.title()
    app.window = pygame.display.set_mode((800, 600), pygame.RESIZABLE)
    scale = pygame.transform.smoothscale

    def refusing(surface, size, dest=None):  # as pygame refuses a window of another format
        if dest is not None:
            raise ValueError("Source and destination surfaces need the same format.")
        return scale(surface, size)

    monkeypatch.setattr(pygame.transform, "smoothscale", refusing)
    picture = pilot.render()
    wanted = scale(picture, (800, 450))
    for point in ((400, 300), (100, 120), (700, 500)):
        assert app.window.get_at(point) == wanted.get_at((point[0], point[1] - 75)), point


def test_f11_toggles_fullscreen(make_app):
    app, pilot = make_app()
    app.flow.title()
    pilot.press(pygame.K_F11)
    assert app.fullscreen
    pilot.press(pygame.K_F11)
    assert not app.fullscreen


def test_swedish_course_text_reaches_the_screen(make_app):
    app, pilot = make_app(language="sv")
    app.flow.title()
    assert "En liten kurs" in drawn_text(app, pilot)


def test_f5_reloads_the_course_and_stays_on_the_same_scene(make_app, mini_course, tmp_path):
    content = tmp_path / "live"
    shutil.copytree(mini_course, content)
    app, pilot = make_app(content=content)
    sign_in(app, pilot)
    player = open_first_chapter(app, pilot)
    pilot.press(pygame.K_SPACE, times=2)
    assert player.scene.id == "two"
    path = content / "01-hello" / "en.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("This is the second scene", "This is the edited scene"),
                    encoding="utf-8")
    pilot.press(pygame.K_F5)
    assert player.scene.id == "two" and player.scene.text.startswith("This is the edited")
    assert app.notice == "Course reloaded from disk"

    path.write_text(original.replace("speaker: tove", "speaker: nobody"), encoding="utf-8")
    pilot.press(pygame.K_F5)
    assert app.running and isinstance(app.top, ChapterPlayerScene)
    assert "01-hello/en.yaml:11:14: the speaker 'nobody' is not in the cast" in app.notice
    pilot.render()


@pytest.mark.parametrize("chapter_id", ["sort-it", "in-order", "pairs"])
@pytest.mark.parametrize("by", ["mouse", "keyboard"])
def test_round_games_play_by_mouse_or_keyboard(make_app, chapter_id, by):
    from learnsocial.games import rounds

    app, pilot = make_app()
    sign_in(app, pilot)
    chapter = app.session.course.chapter(chapter_id)
    app.flow.test(chapter)
    pilot.press(pygame.K_RETURN)
    test = app.top
    rules = test.rules
    while not rules.finished:
        current = rules.current
        if by == "mouse":
            target = test.view.option_centre(current.answer_id)
            if rules.game == "sorting":
                pilot.click_and_drag(test.view.card_rect().center, target)
            else:
                pilot.click(target)
        else:
            while rules.selected is None or current.options[rules.selected].id != \
                    current.answer_id:
                pilot.press(pygame.K_DOWN)
            pilot.press(pygame.K_RETURN)
        assert rules.items[-1].correct
        pilot.step(rounds.FEEDBACK_S + 0.05)
    wait_for_the_save(app, pilot)
    # the first completed chapter is celebrated and earns a badge
    assert close_overlays(app, pilot) == ["celebration", "badge"]
    assert isinstance(app.top, ResultsScene) and app.top.passed
    assert app.session.store.progress("e-100")[chapter_id].status == "completed"


def test_a_dropped_card_outside_any_bin_goes_back(make_app):
    app, pilot = make_app()
    sign_in(app, pilot)
    app.flow.test(app.session.course.chapter("sort-it"))
    pilot.press(pygame.K_RETURN)
    view = app.top.view
    pilot.click_and_drag(view.card_rect().center, (640, 120))
    assert app.top.rules.items == []
    assert view.card_rect() == view.CARD_RECT


def test_settings_are_saved_per_employee_and_applied_at_once(make_app):
    from learnsocial.ui.scenes.settings import SettingsScene

    app, pilot = make_app()
    sign_in(app, pilot)
    pilot.press(pygame.K_s)
    assert isinstance(app.top, SettingsScene)
    focus_setting(app, pilot, "Time limits in tests")
    pilot.press(pygame.K_RETURN)
    assert app.session.settings["time_limits"] is False
    focus_setting(app, pilot, "Sound")
    pilot.press(pygame.K_RETURN)
    assert app.sounds.muted
    focus_setting(app, pilot, "Volume")
    pilot.press(pygame.K_LEFT, times=3)
    assert app.sounds.volume == 0.4
    focus_setting(app, pilot, "Language")
    pilot.press(pygame.K_RIGHT)
    assert app.session.language == "sv" and app.session.course.title == "En liten kurs"
    stored = app.session.store.employee("e-100")
    assert stored.settings["time_limits"] is False and stored.settings["muted"] is True
    assert stored.settings["volume"] == 0.4 and stored.language == "sv"
    pilot.press(pygame.K_ESCAPE)
    assert isinstance(app.top, ChapterMapScene)


def focus_setting(app, pilot, label):
    """Arrow down the settings (wrapping) until the row with this label has the focus."""
    for _step in range(len(app.top.rows)):
        if app.top.rows[app.top.focus].label() == label:
            return
        pilot.press(pygame.K_DOWN)
    raise AssertionError(f"no setting {label!r}")


def test_m_toggles_mute_but_not_while_typing(make_app):
    app, pilot = make_app()
    app.flow.sign_in()
    pilot.type("m")
    pilot.press(pygame.K_m)
    assert not app.sounds.muted and app.top.id_field.value == "m"
    app.flow.title()
    pilot.press(pygame.K_m)
    assert app.sounds.muted


def test_profile_lists_badges_after_a_perfect_test(make_app):
    from learnsocial.ui.scenes.profile import ProfileScene

    app, pilot = make_app()
    finish_first_chapter(app, pilot)
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_p)
    assert isinstance(app.top, ProfileScene)
    assert app.top.earned == {"first-chapter"}  # paced: one badge in the first chapter
    shown = {s.badge.id: s.label for s in app.top.standings}
    assert shown["top-marks"] == "1/2" and shown["course"] == "1/5"
    pilot.render()
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, ChapterMapScene)


def test_hr_area_sets_no_passphrase_and_opens_with_the_one_set_by_command(make_app,
                                                                         monkeypatch):
    from learnsocial.progress import passphrase
    from learnsocial.ui.scenes.admin import AdminDashboardScene, AdminLoginScene

    monkeypatch.setattr(passphrase, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})  # fast in tests
    app, pilot = make_app()
    finish_first_chapter(app, pilot)
    app.flow.title()
    pilot.press(pygame.K_TAB, times=2)  # Start -> Quit -> HR area
    pilot.press(pygame.K_RETURN)
    login = app.top
    assert isinstance(login, AdminLoginScene)
    assert "learnsocial admin set-passphrase" in login.problem, "says how to set one"
    pilot.type("a learner's choice")
    pilot.press(pygame.K_RETURN)
    pilot.render()
    assert isinstance(app.top, TitleScene), "nothing can be chosen here: Enter goes back"
    data = app.session.store.data_dir
    assert not passphrase.is_set(data)

    passphrase.set_passphrase(data, "hr passphrase 1")  # learnsocial admin set-passphrase
    pilot.press(pygame.K_RETURN)  # the focus stayed on "HR area"
    login = app.top
    assert isinstance(login, AdminLoginScene) and not login.problem
    pilot.type("wrong guess")
    pilot.press(pygame.K_RETURN)
    assert "Wrong passphrase" in login.message
    login.phrase.set("hr passphrase 1")
    login.submit()
    assert isinstance(app.top, AdminLoginScene) and "Wait" in login.message, "throttled"
    pilot.press(pygame.K_ESCAPE)
    again = AdminLoginScene(app)  # a new screen (or a restarted app) reads the wait back
    assert again.throttle.failures == 1 and again.throttle.wait_left() > 0
    app.push(again, app.flow._after_admin_login)
    again.throttle.locked_until = 0
    again.phrase.set("hr passphrase 1")
    again.submit()
    assert isinstance(app.top, AdminDashboardScene)
    assert not (data / passphrase.WAIT_FILE).exists(), "a good try clears the wait"
    dashboard = app.top
    hello = next(s for s in dashboard.stats if s.chapter_id == "hello")
    assert hello.completed == 1 and hello.employees == 1 and hello.pass_rate == 1.0
    assert {q.item_id for q in dashboard.questions} == {"q1", "q2"}
    for _ in range(3):
        pilot.press(pygame.K_TAB)
        pilot.render()
    pilot.press(pygame.K_ESCAPE)
    assert isinstance(app.top, TitleScene)


def test_hr_area_with_a_damaged_passphrase_file_says_so_and_how_to_reset(make_app):
    from learnsocial.progress import passphrase
    from learnsocial.ui.scenes.admin import AdminLoginScene

    app, pilot = make_app()
    app.flow.title()
    (app.session.store.data_dir / passphrase.FILE).write_text("{ damaged")
    app.flow.admin()
    login = app.top
    assert isinstance(login, AdminLoginScene)
    assert "admin.json" in login.problem and "--reset" in login.problem
    assert "Nothing else is lost" in login.problem
    assert "admin.json" in drawn_text(app, pilot)


def test_a_repaired_file_is_told_on_screen(make_app, tmp_path):
    app, pilot = make_app()
    sign_in(app, pilot)
    open_first_chapter(app, pilot)
    pilot.press(pygame.K_SPACE, times=2)
    current = app.session.store.learner_file("e-100")
    version = int(current.name.split("@")[1].split(".")[0])
    # a newer version of the learner's file (as another process would write it), damaged
    current.with_name(f"e-100@{version + 1}.json.gz").write_text("{ damaged")
    pilot.press(pygame.K_SPACE, times=4)  # past both pages: the next save reads the file
    assert app.notice and "damaged" in app.notice and app.notice_left > 0
    assert app.session.store.progress("e-100")["hello"].scene_id


def test_a_course_may_bring_its_own_portraits(make_app, mini_course, tmp_path):
    from learnsocial.ui.portraits import portrait

    content = tmp_path / "own"
    shutil.copytree(mini_course, content)
    folder = content / "assets" / "portraits" / "maja"
    folder.mkdir(parents=True)
    marker = pygame.Surface((300, 360), pygame.SRCALPHA)
    marker.fill((1, 2, 3, 255))
    for mood in ("neutral", "happy", "thinking", "surprised"):
        pygame.image.save(marker, str(folder / f"{mood}.png"))
    app, pilot = make_app(content=content)
    assert app.session.assets == content / "assets"
    picture = portrait(app.session.course.cast["maja"], "happy", app.session.assets)
    assert tuple(picture.image.get_at((10, 10)))[:3] == (1, 2, 3)
    talking = portrait(app.session.course.cast["maja"], "happy", app.session.assets, True)
    assert tuple(talking.image.get_at((10, 10)))[:3] == (1, 2, 3), "no talk frame: the still"


def test_a_returning_employee_gets_their_saved_language_unless_another_was_chosen(make_app):
    app, pilot = make_app()
    app.session.store.sign_in("e-5", "Sven", "sv")
    sign_in(app, pilot, "e-5", name="")  # just Enter on the preselected English
    assert app.session.language == "sv" and app.session.course.title == "En liten kurs"

    app2, pilot2 = make_app()
    app2.flow.title()
    pilot2.press(pygame.K_RETURN)
    pilot2.press(pygame.K_LEFT)  # English -> Deutsch: a choice on purpose
    pilot2.press(pygame.K_RETURN)
    pilot2.type("e-5")
    pilot2.press(pygame.K_RETURN)
    assert app2.session.language == "de"
    assert app2.session.store.employee("e-5").language == "de"


def test_drawing_the_map_reads_nothing_from_disk(make_app, monkeypatch):
    app, pilot = make_app()
    sign_in(app, pilot)
    store = app.session.store
    reads = []
    original = store.progress
    monkeypatch.setattr(store, "progress", lambda *a: reads.append(a) or original(*a))
    for _ in range(10):
        pilot.render()
    assert reads == []
