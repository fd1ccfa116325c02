"""Choose Svenska, Deutsch or English; the system locale is focused first."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from learnsocial import i18n
from learnsocial.i18n import _
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, SMALL, TITLE, WIDTH
from learnsocial.ui.widgets import Button, FocusGroup

if TYPE_CHECKING:
    from learnsocial.ui.app import App

BACK_KEYS = (pygame.K_BACKSPACE, pygame.K_ESCAPE)


class LanguageScene(Scene):
    """Dismisses with the chosen language code, or None to go back."""

    name = "language"

    def __init__(self, app: App):
        super().__init__(app)
        self.languages = i18n.languages()
        app.warmup.ahead("language screen", i18n.prepare_language_choice).result()
        gap = 32
        width = min(340, (WIDTH - 2 * 64 - gap * (len(self.languages) - 1))
                    // max(1, len(self.languages)))
        left = (WIDTH - len(self.languages) * width - (len(self.languages) - 1) * gap) // 2
        buttons = []
        for index, language in enumerate(self.languages):
            rect = pygame.Rect(left + index * (width + gap), 290, width, 160)
            buttons.append(Button(self._name_of(language), rect, self._chooser(language),
                                  size=HEADING))
        current = i18n.negotiate(app.session.language)
        focus = self.languages.index(current) if current in self.languages else 0
        self.buttons = FocusGroup(buttons, focus)

    @staticmethod
    def _name_of(language: str) -> Callable[[], str]:
        return lambda: i18n.display_name(language)

    def _chooser(self, language: str) -> Callable[[], None]:
        return lambda: self.dismiss(language)

    def focus_label(self) -> str | None:
        return self.buttons.focus_label()

    def wants_escape(self) -> bool:
        return True  # Esc goes back to the title, as Backspace does

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in BACK_KEYS:
            self.dismiss(None)
            return
        self.buttons.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        title = theme.text(surface, _("Choose your language"), (WIDTH // 2, 120), TITLE,
                           bold=True, anchor="midtop", max_width=WIDTH - 128)
        theme.text(surface, "  ·  ".join(i18n.choose_language_in(lang)
                                         for lang in self.languages),
                   (WIDTH // 2, title.bottom + 12), BODY, theme.TEXT_DIM, anchor="midtop",
                   max_width=WIDTH - 128)
        self.buttons.draw(surface, theme)
        for button, language in zip(self.buttons.widgets, self.languages, strict=True):
            theme.text(surface, i18n.welcome_in(language),
                       (button.rect.centerx, button.rect.bottom - 12), SMALL, theme.TEXT,
                       anchor="midbottom", max_width=button.rect.width - 24,
                       container=button.rect)
        theme.text(surface, _("Arrow keys choose, Enter confirms, Esc goes back"),
                   (WIDTH // 2, HEIGHT - 60), SMALL, theme.TEXT_DIM, anchor="center",
                   max_width=WIDTH - 2 * 64)
