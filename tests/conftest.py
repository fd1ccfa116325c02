"""Headless for every test: no window, no sound device."""
import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MINI_COURSE = Path(__file__).resolve().parent / "fixtures" / "mini"


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
