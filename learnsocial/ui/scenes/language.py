"""Choose Svenska, Deutsch or English; the system locale is focused first."""
from __future__ import annotations

import pygame

from learnsocial import i18n
from learnsocial.i18n import _
from learnsocial.ui import theme
from learnsocial.ui.scene import Scene
from learnsocial.ui.scenes.title import backdrop
from learnsocial.ui.widgets import Button, FocusGroup

GREETING = {"sv": "Välkommen!", "de": "Willkommen!", "en": "Welcome!"}


class LanguageScene(Scene):
    name = "language"

    def __init__(self, app):
        super().__init__(app)
        width, gap = 340, 32
        left = (theme.WIDTH - 3 * width - 2 * gap) // 2
        buttons = []
        for index, language in enumerate(i18n.LANGUAGES):
            rect = pygame.Rect(left + index * (width + gap), 300, width, 140)
            buttons.append(Button(lambda lang=language: i18n.LANGUAGE_NAMES[lang], rect,
                                  lambda lang=language: self.choose(lang), size=theme.HEADING))
        focus = i18n.LANGUAGES.index(i18n.negotiate(app.session.language))
        self.buttons = FocusGroup(buttons, focus)

    def choose(self, language: str) -> None:
        from learnsocial.ui.scenes.signin import SignInScene

        session = self.app.session
        session.language_chosen = session.language_chosen or language != session.language
        session.set_language(language)
        self.app.push(SignInScene(self.app))

    def handle(self, event: pygame.event.Event) -> None:
        self.buttons.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        backdrop(surface)
        theme.text(surface, _("Choose your language"), (theme.WIDTH // 2, 150), theme.TITLE,
                   bold=True, anchor="center")
        theme.text(surface, "Välj språk  ·  Sprache wählen  ·  Choose language",
                   (theme.WIDTH // 2, 215), theme.BODY, theme.TEXT_DIM, anchor="center")
        self.buttons.draw(surface)
        for button, language in zip(self.buttons.widgets, i18n.LANGUAGES):
            theme.text(surface, GREETING[language], (button.rect.centerx, button.rect.bottom - 26),
                       theme.SMALL, theme.TEXT, anchor="center")
        theme.text(surface, _("Arrow keys to choose, Enter to confirm"),
                   (theme.WIDTH // 2, theme.HEIGHT - 60), theme.SMALL, theme.TEXT_DIM,
                   anchor="center")
