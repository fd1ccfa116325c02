"""The running app and a disk that refuses, or HR erasing the learner meanwhile (issue 16):
what was done is kept in memory and saved later, in order, once; the learner is told on screen
in their language; the app never quits on its own; an erased learner's app writes nothing
more; quitting while something waits says what would be lost and waits."""
import logging

import pygame
import pytest

from learnsocial import i18n
from learnsocial.app.saving import SaveQueue
from learnsocial.app.session import Session, SignInRefused
from learnsocial.progress.store import ErasedError, ProgressStore, StoreError
from learnsocial.ui.app import RETRY_S, STATUS_S, App
from learnsocial.ui.pilot import Pilot
from learnsocial.ui.scenes.chapter_map import ChapterMapScene
from learnsocial.ui.scenes.signin import SignInScene
from learnsocial.ui.scenes.unsaved import UnsavedQuitScene
from tests.course_player import StepClock, play_test
from tests.journey_screens import disk_full
from tests.screen_text import drawn_text


@pytest.fixture
def session(mini_course, tmp_path):
    session = Session(mini_course, ProgressStore(tmp_path / "data"), "en", clock=StepClock())
    session.load_course()
    session.sign_in("e-1", "Anna Svensson")
    return session


@pytest.fixture
def make_app(mini_course, tmp_path):
    def make(language="en"):
        store = ProgressStore(tmp_path / "data")
        session = Session(mini_course, store, language, clock=StepClock())
        i18n.set_language(language)
        session.language_chosen = True
        session.load_course()
        app = App(session, seed=3)
        return app, Pilot(app)

    yield make
    pygame.quit()


def learner_files(store: ProgressStore, employee_id: str = "e-1") -> list[str]:
    from learnsocial.progress.store import bucket_of

    folder = store.data_dir / "people" / bucket_of(employee_id)
    return sorted(p.name for p in folder.glob(f"{employee_id}@*")) if folder.exists() else []


# -- the queue --------------------------------------------------------------------------

def test_a_refused_write_is_kept_and_made_later_in_order():
    done, disk = [], {"full": True}

    def write(n):
        def action():
            if disk["full"]:
                raise StoreError("cannot save x: No space left on device")
            done.append(n)
        return action

    saves = SaveQueue()
    assert not saves.write("e-1", write(1), "your test result")
    assert not saves.write("e-1", write(2))
    assert saves.waiting and done == []
    assert saves.lost_if_quit() == ["your test result", "1 smaller change (reading time, "
                                                        "settings)"]
    assert "Not saved yet" in saves.status("e-1")
    disk["full"] = False
    assert saves.retry() and done == [1, 2] and not saves.waiting
    assert saves.status("e-1") is None


def test_an_erased_learners_writes_are_dropped_and_the_others_kept():
    done = []

    def erased():
        raise ErasedError("e-1 was erased")

    saves = SaveQueue()
    saves.pending = []
    saves.write("e-2", lambda: done.append("e-2 first"))
    assert saves.write("E-1", erased) and done == ["e-2 first"]
    saves.write("e-1", lambda: done.append("e-1 later"))
    saves.write("e-2", lambda: done.append("e-2 later"))
    assert done == ["e-2 first", "e-2 later"], "nothing more for e-1"
    assert "erased" in saves.status("e-1") and saves.status("e-2") is None


def test_a_write_that_is_a_bug_is_logged_and_does_not_block_the_rest(caplog):
    done = []
    saves = SaveQueue()
    with caplog.at_level(logging.ERROR):
        saves.write("e-1", lambda: 1 / 0)
        saves.write("e-1", lambda: done.append("next"))
    assert done == ["next"] and not saves.waiting
    assert "dropped" in caplog.text


# -- the session --------------------------------------------------------------------------

def test_a_test_finished_on_a_full_disk_is_kept_and_saved_once_when_space_returns(session):
    store = session.store
    chapter = session.course.chapters[0]
    undo = disk_full(store)
    outcome = session.finish_test(chapter, play_test(chapter, 1.0), session.clock())
    assert outcome.passed and outcome.chapter_completed, "the result is shown all the same"
    session.save_settings(volume=0.3)
    assert session.settings["volume"] == 0.3, "a setting takes effect at once"
    assert session.saves.waiting and "disk is full" in session.saving_status()
    assert session.saves.lost_if_quit()[0].startswith("your test result in Hello (100")
    undo()
    fresh = ProgressStore(store.data_dir)
    assert fresh.attempts("e-1") == [], "nothing reached the disk meanwhile"
    assert session.saves.retry()
    fresh = ProgressStore(store.data_dir)
    assert len(fresh.attempts("e-1")) == 1 and fresh.progress("e-1")["hello"].status == \
        "completed"
    assert fresh.employee("e-1").settings["volume"] == 0.3
    session.saves.retry()
    assert len(ProgressStore(store.data_dir).attempts("e-1")) == 1, "saved once"
    statements = ProgressStore(store.data_dir).statements("e-1")
    assert len({s["id"] for s in statements}) == len(statements)


def test_erased_while_signed_in_nothing_more_is_written(session):
    store = session.store
    chapter = session.course.chapters[0]
    session.record.chapter_opened(chapter.id, chapter.scenes[0].id, 1, len(chapter.scenes))
    ProgressStore(store.data_dir).erase("e-1")  # HR, in another process
    session.record.scene_reached(chapter.id, chapter.scenes[1].id, 2, len(chapter.scenes), 3.0)
    assert session.erased and session.record is None, "recording stops"
    assert "erased at HR's request" in session.saving_status()
    outcome = session.finish_test(chapter, play_test(chapter, 1.0), session.clock())
    assert outcome.passed, "the learner still sees their result"
    session.save_settings(volume=0.2)
    session.set_language("de")
    assert learner_files(store) == [], "nothing re-created after the erase"
    assert ProgressStore(store.data_dir).employee("e-1") is None
    assert not session.saves.waiting
    session.sign_out()
    with pytest.raises(SignInRefused, match="gelöscht"):  # in the language chosen above
        session.sign_in("E-1", "Anna again")
    assert learner_files(store) == []


def test_a_sign_in_the_disk_refuses_is_one_sentence_and_changes_nothing(session):
    session.sign_out()
    undo = disk_full(session.store)
    with pytest.raises(SignInRefused) as refused:
        session.sign_in("e-2", "Bo Berg")
    assert "disk is full" in str(refused.value) and "No space left" in refused.value.detail
    assert session.employee is None
    undo()
    assert session.sign_in("e-2", "Bo Berg").display_name == "Bo Berg"


# -- on screen ------------------------------------------------------------------------------

def sign_in_to_map(app, pilot, employee="e-1"):
    app.session.sign_in(employee, "Anna Svensson")
    app.flow.chapter_map()
    pilot.step(0.3)
    assert isinstance(app.top, ChapterMapScene)


def test_the_app_tells_the_learner_keeps_going_and_waits_before_quitting(make_app):
    app, pilot = make_app("sv")
    sign_in_to_map(app, pilot)
    undo = disk_full(app.session.store)
    pilot.press(pygame.K_RETURN)  # the first chapter opens: its position is not saved
    app.session.saves.settle()  # the saver thread has tried
    pilot.step(0.2)
    assert app.running and app.saving_status and "Inte sparat" in app.saving_status, \
        "told in the learner's language"
    pilot.frame(STATUS_S + 1)
    assert app.saving_chip, "after a while a short label stays at the top"
    app.quit()
    assert app.running and isinstance(app.top, UnsavedQuitScene), "waits, never just quits"
    assert app.top.lines(), "says what would be lost"
    pilot.render()
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    pilot.frame()
    assert app.running and isinstance(app.top, UnsavedQuitScene), "closing again still waits"
    undo()
    pilot.frame(RETRY_S + 0.1)  # the app tries again by itself; once saved it quits as asked
    app.session.saves.settle()
    pilot.frame()
    assert not app.session.saves.waiting and not app.running


def test_quit_without_saving_is_a_choice_and_back_returns_to_the_course(make_app):
    app, pilot = make_app()
    sign_in_to_map(app, pilot)
    disk_full(app.session.store)
    app.session.save_settings(volume=0.1)
    app.quit()
    assert isinstance(app.top, UnsavedQuitScene)
    pilot.press(pygame.K_RETURN)  # the primary button: back to the course
    assert app.running and isinstance(app.top, ChapterMapScene)
    app.quit()
    pilot.press(pygame.K_TAB)
    pilot.press(pygame.K_RETURN)  # quit without saving
    assert not app.running


def test_erased_while_playing_the_app_says_so_calmly_and_goes_on(make_app):
    app, pilot = make_app("de")
    sign_in_to_map(app, pilot)
    ProgressStore(app.session.store.data_dir).erase("e-1")
    pilot.press(pygame.K_RETURN)  # opening a chapter is its next save
    pilot.step(0.2)
    assert app.running and app.session.erased
    assert "gelöscht" in app.saving_status
    pilot.press(pygame.K_SPACE, times=6)
    assert learner_files(app.session.store) == []
    pilot.frame(STATUS_S + 1)
    assert app.saving_chip


def test_signing_in_with_an_erased_id_is_told_before_and_after_enter(make_app):
    app, pilot = make_app()
    store = app.session.store
    store.sign_in("e-7", "Eva")
    store.erase("e-7")
    app.flow.sign_in()
    pilot.type("E-7")
    scene = app.top
    assert isinstance(scene, SignInScene) and scene.message_is_error
    assert "erased at HR's request" in scene.message
    pilot.press(pygame.K_TAB)
    pilot.type("Eva")
    pilot.press(pygame.K_RETURN)
    assert app.top is scene and scene.refused is not None and app.session.employee is None
    assert learner_files(store, "e-7") == []


def test_a_screen_that_cannot_read_the_store_is_told_and_the_app_goes_on(make_app,
                                                                         monkeypatch):
    from learnsocial.progress import passphrase
    from learnsocial.progress.storage import StoreIOError
    from learnsocial.ui.scenes.title import TitleScene

    monkeypatch.setattr(passphrase, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    app, pilot = make_app()
    passphrase.set_passphrase(app.session.store.data_dir, "hr passphrase 1")

    def unreadable(*_args, **_kwargs):
        raise StoreIOError("cannot read /data/people/0c/e-1@3.json.gz: Permission denied",
                           OSError(13, "Permission denied"))

    monkeypatch.setattr(app.session.store, "hr_snapshot", unreadable)  # what Reports reads
    app.flow.title()
    app.flow.admin()
    pilot.type("hr passphrase 1")
    pilot.press(pygame.K_RETURN)  # the HR reports read every learner's summary
    assert app.running and isinstance(app.top, TitleScene)
    assert app.notice and "e-1@3.json.gz" in app.notice and "Permission denied" in app.notice
    pilot.press(pygame.K_RIGHT)
    pilot.render()
    assert app.running


@pytest.mark.parametrize("language, contrast", [("de", False), ("sv", True)])
def test_the_quit_page_fits_at_150_percent_with_much_unsaved(make_app, language, contrast):
    app, pilot = make_app(language)
    sign_in_to_map(app, pilot)
    disk_full(app.session.store)
    app.theme.configure("high_contrast" if contrast else "default", 1.5)
    chapters = app.session.course.chapters
    for chapter in chapters:
        if chapter.test is not None:
            app.session.finish_test(chapter, play_test(chapter, 0.5), app.session.clock())
    app.session.save_settings(volume=0.4)
    audit = app.start_layout_audit()
    app.quit()
    assert isinstance(app.top, UnsavedQuitScene) and len(app.top.lines()) == 4
    pilot.step(0.3)
    pilot.render()
    assert audit.report() == []


def test_the_quit_page_is_not_covered_by_the_saving_banner(make_app):
    app, pilot = make_app()
    sign_in_to_map(app, pilot)
    disk_full(app.session.store)
    app.session.save_settings(volume=0.4)
    pilot.step(0.1)
    assert "Not saved yet" in drawn_text(app, pilot)
    app.quit()
    pilot.step(0.3)
    text = drawn_text(app, pilot)
    assert "Not everything is saved yet" in text and "Not saved yet:" not in text
