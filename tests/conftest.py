"""Headless for every test: no window, no sound device."""
import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI_COURSE = Path(__file__).resolve().parent / "fixtures" / "mini"

# Fixtures shared by several test modules live in plugins, so a test names them as parameters
# and never imports them: `lrs`, the real Learning Record Store.
pytest_plugins = ["tests.lrs_fixture", "tests.hostile_lrs"]


@pytest.fixture
def mini_course() -> Path:
    return MINI_COURSE


@pytest.fixture(autouse=True)
def english_ui():
    """Each test starts with the English UI; tests that switch language do so themselves."""
    from learnsocial import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def make_app(mini_course, tmp_path):
    """make(content, language, size) -> (App, Pilot) on a fresh store in tmp_path; pygame is
    shut down afterwards. Imported here, not at the top: most tests never draw."""
    import pygame

    from learnsocial import i18n
    from learnsocial.app.session import Session
    from learnsocial.progress.store import ProgressStore
    from learnsocial.ui.app import App
    from learnsocial.ui.pilot import Pilot

    def make(content=mini_course, language="en", size=(1280, 720)):
        session = Session(content, ProgressStore(tmp_path / "data"), language)
        i18n.set_language(language)
        session.load_course()
        app = App(session, window_size=size, seed=3)
        return app, Pilot(app)

    yield make
    pygame.quit()
