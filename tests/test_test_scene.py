"""The chapter test scene: the attempt is written on a worker thread, never in a frame; frames
go on while it is written, the results follow when it is done, and quitting waits for it."""
import gc
import threading

import pygame
import pytest

from learnsocial import i18n
from learnsocial.app.session import Session
from learnsocial.progress.store import ProgressStore
from learnsocial.ui.app import App, steady_memory
from learnsocial.ui.pilot import Pilot
from learnsocial.ui.scenes.results import ResultsScene
from learnsocial.ui.scenes.test import ChapterTestScene
from tests.test_scenes import close_overlays


@pytest.fixture
def app_and_pilot(mini_course, tmp_path):
    store = ProgressStore(tmp_path / "data")
    session = Session(mini_course, store, "en")
    i18n.set_language("en")
    session.load_course()
    session.sign_in("e-100", "Anna Svensson")
    app = App(session, seed=3)
    yield app, Pilot(app)
    pygame.quit()


def answer_all_but_wait(app, pilot):
    """Open the sorting test and give every answer (right) by keyboard."""
    app.flow.test(app.session.course.chapter("sort-it"))
    pilot.press(pygame.K_RETURN)
    test = app.top
    assert isinstance(test, ChapterTestScene)
    rules = test.rules
    while not rules.answered_all:
        current = rules.current
        while rules.selected is None or current.options[rules.selected].id != current.answer_id:
            pilot.press(pygame.K_DOWN)
        pilot.press(pygame.K_RETURN)
        if not rules.answered_all:
            pilot.step(rules.feedback.length + 0.05)
    return test


def test_the_attempt_is_written_on_a_worker_and_the_results_follow(app_and_pilot, monkeypatch):
    app, pilot = app_and_pilot
    writers = []
    original = ProgressStore.record_attempt

    def record(self, *args, **kwargs):
        writers.append(threading.current_thread())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ProgressStore, "record_attempt", record)
    gc.unfreeze()
    test = answer_all_but_wait(app, pilot)
    assert gc.get_freeze_count() > 0, "while the test runs, older objects skip collection"
    assert test.saving is not None, "saving starts with the last answer"
    test.saving.result()
    assert writers and threading.main_thread() not in writers
    pilot.step(test.rules.feedback.length + 0.1)
    assert close_overlays(app, pilot) == ["celebration", "badge"]
    assert isinstance(app.top, ResultsScene) and app.top.result.score == 1.0
    assert gc.get_freeze_count() == 0, "and are collected again once it is over"
    (attempt,) = app.session.store.attempts("e-100")
    assert attempt.chapter_id == "sort-it" and attempt.score == 1.0


def test_frames_go_on_while_it_is_written_and_quitting_waits(app_and_pilot, monkeypatch):
    app, pilot = app_and_pilot
    started, release = threading.Event(), threading.Event()
    original = ProgressStore.record_attempt

    def slow_record(self, *args, **kwargs):
        started.set()
        assert release.wait(30), "the test never let the save go on"
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ProgressStore, "record_attempt", slow_record)
    pilot.waits_for_saves = False  # a person's frames do not wait for the disk
    test = answer_all_but_wait(app, pilot)
    assert started.wait(30)
    frames = pilot.frames
    pilot.step(test.rules.feedback.length + 1.0)  # the feedback ends; the disk is still busy
    assert pilot.frames > frames + 60, "frames went on"
    assert test.rules.finished and app.top is test, "the results wait for the save"
    assert not test.saving.done()
    threading.Thread(target=release.set).start()
    app.quit()  # saves every scene first: this one waits for the attempt to be written
    assert test.saving.done() and test.saving.exception() is None
    (attempt,) = app.session.store.attempts("e-100")
    assert attempt.chapter_id == "sort-it"


def test_what_start_up_froze_stays_frozen_through_a_test_until_the_app_ends(app_and_pilot):
    app, pilot = app_and_pilot
    gc.unfreeze()
    with steady_memory(app):
        assert gc.get_freeze_count() > 0, "start-up's objects skip the collector's passes"
        test = answer_all_but_wait(app, pilot)
        assert test.saving is not None
        test.saving.result()
        pilot.step(test.rules.feedback.length + 0.1)
        close_overlays(app, pilot)
        assert isinstance(app.top, ResultsScene)
        assert gc.get_freeze_count() > 0, "the end of the test does not give them back"
    assert gc.get_freeze_count() == 0, "the app's end does"
