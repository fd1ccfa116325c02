"""Translations as the learner sees them: real font glyphs, labels that fit, no English left."""
import pygame
import pytest
from babel.messages.pofile import read_po

from learnsocial import i18n
from learnsocial.cli import main
from learnsocial.paths import content_dir
from learnsocial.ui.theme import BODY, Theme
from tests.test_i18n import LOCALES


def catalog_strings(language):
    with (LOCALES / language / "LC_MESSAGES" / "learnsocial.po").open("rb") as handle:
        for message in read_po(handle):
            if message.id:
                yield from (message.string if isinstance(message.string, tuple)
                            else (message.string,))


def missing_glyphs(face, text: str) -> set[str]:
    """Characters the font draws as its 'missing' box (metrics cannot tell: they report the box)."""
    def image(value):
        return pygame.image.tobytes(face.render(value, True, (255, 255, 255)), "RGBA")
    box = image("\uffff")
    return {c for c in set(text) if not c.isspace() and image(c) == box}


def test_the_missing_glyph_check_can_fail():
    pygame.init()
    assert missing_glyphs(Theme().font(BODY), "a↑b") == {"↑"}


@pytest.mark.parametrize("language", ["sv", "de"])
@pytest.mark.parametrize("bold", [False, True])
def test_the_font_has_every_glyph_of_every_message_and_chapter(language, bold):
    pygame.init()
    face = Theme().font(BODY, bold)
    texts = list(catalog_strings(language))
    texts += [p.read_text(encoding="utf-8") for p in content_dir().glob(f"*/{language}.yaml")]
    texts.append("åäöÅÄÖüÜßé“”„‘’–…×·‹›")
    assert missing_glyphs(face, "".join(texts)) == set()


@pytest.fixture
def drawn(monkeypatch):
    """Every string drawn on screen through the theme."""
    seen: list[str] = []
    original_text, original_block = Theme.text, Theme.block

    def text(self, surface, value, *args, **kwargs):
        seen.append(value)
        return original_text(self, surface, value, *args, **kwargs)

    def block(self, surface, value, *args, **kwargs):
        seen.append(value if isinstance(value, str) else value.text)
        return original_block(self, surface, value, *args, **kwargs)

    monkeypatch.setattr(Theme, "text", text)
    monkeypatch.setattr(Theme, "block", block)
    return seen


@pytest.mark.parametrize("language", ["sv", "de"])
def test_demo_screens_show_no_english_leftovers(language, drawn, tmp_path):
    assert main(["demo", "--screenshots", str(tmp_path / "shots"), "--data-dir",
                 str(tmp_path / "data"), "--lang", language, "--accuracy", "0.5"]) == 0
    i18n.set_language(language)
    with (LOCALES / language / "LC_MESSAGES" / "learnsocial.po").open("rb") as handle:
        english = {m.id for m in read_po(handle) if m.id and isinstance(m.id, str)
                   and m.string != m.id and len(m.id) > 3 and "{" not in m.id}
    # The language screen greets in every language on purpose: each choice in its own words.
    own_words = {i18n.in_language("en", "Welcome!"), i18n.in_language("en", "Choose language")}
    shown = set(drawn)
    assert english & shown - own_words == set()
    assert len(shown) > 50


def buttons_of(scene):
    from learnsocial.ui.widgets import Button

    group = getattr(scene, "buttons", None) or getattr(scene, "form", None)
    return [w for w in (group.widgets if group else []) if isinstance(w, Button)]


@pytest.mark.parametrize("language", ["sv", "de", "en"])
def test_every_button_label_fits_at_its_own_size(language, tmp_path):
    from learnsocial.app.session import Session, TestOutcome
    from learnsocial.games.base import GameResult
    from learnsocial.paths import content_dir
    from learnsocial.progress.passphrase import Throttle
    from learnsocial.progress.store import ProgressStore
    from learnsocial.ui.app import App
    from learnsocial.ui.scenes.admin import AdminLoginScene
    from learnsocial.ui.scenes.chapter_map import ChapterMapScene
    from learnsocial.ui.scenes.pause import PauseMenu
    from learnsocial.ui.scenes.profile import ProfileScene
    from learnsocial.ui.scenes.results import ResultsScene
    from learnsocial.ui.scenes.signin import SignInScene
    from learnsocial.ui.scenes.test import ChapterTestScene
    from learnsocial.ui.scenes.title import TitleScene

    store = ProgressStore(tmp_path)
    session = Session(content_dir(), store, language)
    session.set_language(language)
    app = App(session)
    session.employee, _ = store.sign_in("e-1", "Anna")
    chapter = session.course.chapters[0]
    app.push(ChapterMapScene(app))
    scenes = [TitleScene(app), SignInScene(app), PauseMenu(app), ProfileScene(app),
              ChapterTestScene(app, chapter), AdminLoginScene(app, Throttle()),
              ResultsScene(app, chapter, TestOutcome(GameResult("gallery"), False, []))]
    too_wide = []
    for scene in scenes:
        for button in buttons_of(scene):
            label = button.label()
            width = app.theme.font(button.size, True).size(label)[0]
            if width > button.rect.width - 24:
                too_wide.append((type(scene).__name__, label, width, button.rect.width))
    assert too_wide == []
    pygame.quit()
