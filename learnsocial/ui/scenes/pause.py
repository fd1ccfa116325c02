"""The Esc menu, over any screen: resume, back to the chapter map, settings, save and quit."""
from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

import pygame

from learnsocial.i18n import _
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import HEADING, HEIGHT, WIDTH
from learnsocial.ui.widgets import Button, FocusGroup

if TYPE_CHECKING:
    from learnsocial.ui.app import App


class PauseChoice(StrEnum):
    RESUME = "resume"
    MAP = "map"
    SETTINGS = "settings"
    QUIT = "quit"


class PauseMenu(Scene):
    name = "pause"
    opaque = False

    def __init__(self, app: App, offer_map: bool = True):
        super().__init__(app)
        entries: list[tuple[Callable[[], str], PauseChoice]] = [
            (lambda: _("Resume"), PauseChoice.RESUME)]
        if offer_map:
            entries.append((lambda: _("Chapter map"), PauseChoice.MAP))
        entries += [(lambda: _("Settings"), PauseChoice.SETTINGS),
                    (lambda: _("Save and quit"), PauseChoice.QUIT)]
        box = pygame.Rect(0, 0, 420, 100 + 68 * len(entries))
        box.center = (WIDTH // 2, HEIGHT // 2)
        self.box = box
        items = [Button(label, pygame.Rect(box.left + 40, box.top + 80 + 68 * n, 340, 56),
                        self._chooser(choice), primary=n == 0)
                 for n, (label, choice) in enumerate(entries)]
        self.buttons = FocusGroup(items)

    def _chooser(self, choice: PauseChoice) -> Callable[[], None]:
        return lambda: self.dismiss(choice)

    def focus_label(self) -> str | None:
        return self.buttons.focus_label()

    def wants_escape(self) -> bool:
        return True

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.dismiss(PauseChoice.RESUME)
            return
        self.buttons.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.dim(surface, 150)
        theme.panel(surface, self.box, theme.PANEL, border=theme.PANEL_HIGH)
        theme.text(surface, _("Paused"), (self.box.centerx, self.box.top + 40), HEADING,
                   bold=True, anchor="center")
        self.buttons.draw(surface, theme)
