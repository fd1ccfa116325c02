"""Quitting while progress waits for the disk: what would be lost, and the choice to wait.

Shown when the window is closed (or Quit chosen) while the save queue still holds something.
The app keeps trying every few seconds; as soon as everything is saved this screen dismisses
with "saved" and the app quits as asked. Enter or Esc goes back to the course; only the
second button quits without saving.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from learnsocial.app.saving import reason_of
from learnsocial.i18n import _
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, MARGIN, SMALL, WIDTH
from learnsocial.ui.widgets import Button, FocusGroup, button_row

if TYPE_CHECKING:
    from learnsocial.ui.app import App

SHOWN_ITEMS = 3  # then "and N more": the page fits at 150 % text in every language


class UnsavedQuitScene(Scene):
    """Dismisses with "saved" (all saved meanwhile: quit), "quit" (quit without saving) or
    None (back to the course)."""

    name = "unsaved-quit"
    tells_saving_status = True  # the app draws no banner over this page: it says it all

    def __init__(self, app: App):
        super().__init__(app)
        self.back = Button(lambda: _("Back to the course"), pygame.Rect(0, 0, 240, 64),
                           lambda: self.dismiss(None), primary=True)
        self.quit = Button(lambda: _("Quit without saving"), pygame.Rect(0, 0, 240, 64),
                           lambda: self.dismiss("quit"))
        self.buttons = FocusGroup([self.back, self.quit])
        self._place()

    def _place(self) -> None:
        button_row(self.theme, [self.quit, self.back], WIDTH - MARGIN, HEIGHT - MARGIN,
                   max_width=WIDTH - 2 * MARGIN)

    def on_reload(self) -> None:
        self._place()

    def focus_label(self) -> str | None:
        return self.buttons.focus_label()

    def wants_escape(self) -> bool:
        return True

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.dismiss(None)
            return
        self.buttons.handle(event)

    def update(self, dt: float) -> None:
        self.buttons.update(dt)
        if not self.session.saves.waiting:  # the app's retries got it onto the disk
            self.dismiss("saved")

    def lines(self) -> list[str]:
        lost = self.session.saves.lost_if_quit()
        shown = lost[:SHOWN_ITEMS]
        if len(lost) > SHOWN_ITEMS:
            shown.append(_("and {count} more").format(count=len(lost) - SHOWN_ITEMS))
        return shown

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        self._place()
        column = pygame.Rect(160, 48, WIDTH - 320, 0)
        y = column.top + theme.block(surface, _("Not everything is saved yet"), column, HEADING,
                                     bold=True, align="center", max_lines=2,
                                     min_size=BODY).height + 24
        reason = _("It cannot be saved just now: {reason}. Quitting now would lose:").format(
            reason=reason_of(self.session.saves.problem))
        y += theme.block(surface, reason, pygame.Rect(column.left, y, column.width, 0), BODY,
                         max_lines=3, min_size=SMALL).height + 12
        for line in self.lines():
            y += theme.block(surface, f"– {line}", pygame.Rect(column.left + 24, y,
                                                                column.width - 24, 0),
                             BODY, max_lines=1, min_size=SMALL).height + 6
        hint = _("LearnSocial tries again every few seconds and closes by itself once "
                 "everything is saved. Free some space on the disk, or ask IT for help.")
        theme.block(surface, hint, pygame.Rect(column.left, y + 18, column.width, 0), SMALL,
                    theme.TEXT_DIM, max_lines=3)
        self.buttons.draw(surface, theme)
