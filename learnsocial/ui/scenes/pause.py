"""The Esc menu, over any screen: resume, back to the chapter map, settings, sign out, quit."""
from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

import pygame

from learnsocial.i18n import _
from learnsocial.ui.overlay import Overlay
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, SMALL, WIDTH
from learnsocial.ui.widgets import Button, FocusGroup

if TYPE_CHECKING:
    from learnsocial.ui.app import App

BOX_W = 460
BUTTON_GAP = 12


class PauseChoice(StrEnum):
    RESUME = "resume"
    MAP = "map"
    SETTINGS = "settings"
    SIGN_OUT = "sign_out"
    QUIT = "quit"


class PauseMenu(Overlay):
    """Dismisses with a PauseChoice; Esc and Backspace resume."""

    name = "pause"
    dim_alpha = 150
    moving = True  # the menu follows the mouse

    def __init__(self, app: App, offer_map: bool = True, offer_sign_out: bool = False):
        super().__init__(app)
        entries: list[tuple[Callable[[], str], PauseChoice]] = [
            (lambda: _("Resume"), PauseChoice.RESUME)]
        if offer_map:
            entries.append((lambda: _("Chapter map"), PauseChoice.MAP))
        entries.append((lambda: _("Settings"), PauseChoice.SETTINGS))
        if offer_sign_out:
            entries.append((lambda: _("Sign out"), PauseChoice.SIGN_OUT))
        entries.append((lambda: _("Save and quit"), PauseChoice.QUIT))
        self.choices = [choice for _label, choice in entries]
        items = [Button(label, pygame.Rect(0, 0, BOX_W - 80, 56), self._chooser(choice),
                        primary=n == 0)
                 for n, (label, choice) in enumerate(entries)]
        self.buttons = FocusGroup(items)
        self.box = pygame.Rect(0, 0, BOX_W, 0)
        self._place()  # clicks work before the first frame is drawn

    def on_reload(self) -> None:
        super().on_reload()
        self._place()

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

    def _place(self) -> tuple[int, int]:
        """Size the box from the text size: heading, buttons, hint. Returns the heading's and
        the hint's tops."""
        theme = self.theme
        button_h = max(56, theme.line_height(BODY) + 24)
        heading_h = theme.line_height(HEADING)
        hint_h = theme.line_height(SMALL)
        count = len(self.buttons.widgets)
        height = 28 + heading_h + 20 + count * button_h + (count - 1) * BUTTON_GAP + 16 + \
            hint_h + 20
        self.box = pygame.Rect(0, 0, BOX_W, min(HEIGHT - 16, height))
        self.box.center = (WIDTH // 2, HEIGHT // 2)
        y = self.box.top + 28 + heading_h + 20
        for button in self.buttons.widgets:
            button.rect = pygame.Rect(self.box.left + 40, y, BOX_W - 80, button_h)
            y += button_h + BUTTON_GAP
        return self.box.top + 28, y - BUTTON_GAP + 16

    def draw_content(self, surface: pygame.Surface) -> None:
        theme = self.theme
        heading_top, hint_top = self._place()
        theme.panel(surface, self.box, theme.PANEL, border=theme.PANEL_HIGH)
        theme.text(surface, _("Paused"), (self.box.centerx, heading_top), HEADING, bold=True,
                   anchor="midtop", max_width=BOX_W - 48)
        self.buttons.draw(surface, theme)
        theme.text(surface, _("Esc or Backspace resumes"), (self.box.centerx, hint_top), SMALL,
                   theme.TEXT_DIM, anchor="midtop", max_width=BOX_W - 48)
