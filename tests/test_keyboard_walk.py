"""The whole course by keyboard alone: no mouse event is ever posted."""
import pygame

from learnsocial.app.session import Session
from learnsocial.games import gallery, rounds
from learnsocial.paths import content_dir
from learnsocial.progress.store import ProgressStore
from learnsocial.ui.app import App
from learnsocial.ui.pilot import Pilot
from learnsocial.ui.scenes.badge_unlock import BadgeUnlockScene
from learnsocial.ui.scenes.celebration import CelebrationScene
from learnsocial.ui.scenes.chapter_map import ChapterMapScene
from learnsocial.ui.scenes.choice import ChoiceScene
from learnsocial.ui.scenes.notice import NoticeScene
from learnsocial.ui.scenes.player import ChapterPlayerScene
from learnsocial.ui.scenes.results import ResultsScene
from learnsocial.ui.scenes.test import ChapterTestScene


def test_every_chapter_by_keyboard_alone(tmp_path, monkeypatch):
    mouse = []
    original_post = pygame.event.post
    monkeypatch.setattr(pygame.event, "post", lambda event: (
        mouse.append(event) if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION)
        else None, original_post(event))[1])
    store = ProgressStore(tmp_path)
    session = Session(content_dir(), store, "de")
    session.load_course()
    app = App(session, seed=5)
    pilot = Pilot(app)
    app.flow.title()
    pilot.press(pygame.K_RETURN)  # Start
    pilot.press(pygame.K_RETURN)  # the preselected language
    pilot.type("k-1")
    pilot.press(pygame.K_TAB)
    pilot.type("Kim Keyboard")
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, NoticeScene)
    pilot.press(pygame.K_RETURN)  # read: on to the map
    chapters = session.course.chapters
    for number, chapter in enumerate(chapters):
        assert isinstance(app.top, ChapterMapScene)
        assert app.top.focus == number, "the map focuses the next chapter by itself"
        pilot.press(pygame.K_RETURN)
        assert isinstance(app.top, ChapterPlayerScene) and app.top.chapter.id == chapter.id
        choices = 0
        while isinstance(app.top, (ChapterPlayerScene, ChoiceScene)):
            if isinstance(app.top, ChoiceScene):  # arrows to an option, Enter takes it
                choices += 1
                pilot.press(pygame.K_DOWN, times=choices % len(app.top.scene.options) + 1)
                pilot.press(pygame.K_RETURN)
            else:
                pilot.press(pygame.K_SPACE)
        assert choices >= 2, "every chapter asks what you would do"
        assert isinstance(app.top, ChapterTestScene)
        pilot.press(pygame.K_RETURN)
        rules = app.top.rules
        while not rules.finished:
            if chapter.test.game == "gallery":
                target = next(t for t in rules.targets if t.answer and t.answer.correct)
                while rules.selected is None or rules.targets[rules.selected] is not target:
                    pilot.press(pygame.K_TAB)
                pilot.press(pygame.K_SPACE)
                pilot.step(gallery.FEEDBACK_S + 0.05)
            else:
                current = rules.current
                while rules.selected is None or \
                        current.options[rules.selected].id != current.answer_id:
                    pilot.press(pygame.K_DOWN)
                pilot.press(pygame.K_RETURN)
                pilot.step(rounds.FEEDBACK_S + 0.05)
        if isinstance(app.top, ChapterTestScene):
            app.top.saving.result()  # the attempt is written on a worker thread
            pilot.frame()
        assert isinstance(app.top, CelebrationScene), "every completed chapter is celebrated"
        assert app.top.course == (number == len(chapters) - 1)
        pilot.press(pygame.K_RETURN)
        while isinstance(app.top, BadgeUnlockScene):
            pilot.press(pygame.K_RETURN)
        assert isinstance(app.top, ResultsScene) and app.top.passed
        pilot.press(pygame.K_RETURN)  # Continue
    assert isinstance(app.top, ChapterMapScene)
    progress = store.progress("k-1")
    assert all(progress[c.id].status == "completed" for c in chapters)
    assert "course" in {b.id for b in session.badges()}
    assert mouse == []
    pygame.quit()
