"""The dialogue history: every line of the chapter so far, who said it, and the options taken.

Like Ren'Py's history screen: opened over the player with H, the mouse wheel or its button,
scrolled by whole rows (arrow and page keys, the wheel), closed with H, Esc, Backspace or the
button. It opens at the end, where the story is.
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from learnsocial.app.playthrough import EntryKind, TranscriptEntry, rating_label
from learnsocial.i18n import _
from learnsocial.ui.icons import draw_rating_icon
from learnsocial.ui.overlay import Overlay
from learnsocial.ui.text import TextBlock
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, MARGIN, SMALL, WIDTH, Colour
from learnsocial.ui.widgets import Button, FocusGroup, ScrollList

if TYPE_CHECKING:
    from learnsocial.ui.app import App

CARD = pygame.Rect(MARGIN, 16, WIDTH - 2 * MARGIN, HEIGHT - 32)
NAME_W = 250  # the column of who said it
ROW_GAP = 14
BUTTON_H = 56
CLOSE_KEYS = (pygame.K_h, pygame.K_ESCAPE, pygame.K_BACKSPACE)


@dataclass(frozen=True)
class Row:
    name: TextBlock
    text: TextBlock
    colour: Colour
    rating: str  # "" or the rating whose icon goes before the name

    @property
    def height(self) -> int:
        return max(self.name.height, self.text.height)


class HistoryScene(Overlay):
    name = "history"
    dim_alpha = 200

    def __init__(self, app: App, transcript: Sequence[TranscriptEntry]):
        super().__init__(app)
        self.entries = list(transcript)  # what was said until the history was opened
        close = Button(lambda: _("Back to the story"),
                       pygame.Rect(CARD.right - 24 - 300, CARD.bottom - 24 - BUTTON_H, 300,
                                   BUTTON_H), self.dismiss, primary=True)
        self.close = close
        self.buttons = FocusGroup([close])
        self.scroller = ScrollList()
        self._rows: tuple[float, list[Row]] | None = None
        self._at_end = False

    def wants_escape(self) -> bool:
        return True

    def focus_label(self) -> str | None:
        return self.buttons.focus_label()

    # -- layout ---------------------------------------------------------------------------
    def view(self) -> pygame.Rect:
        theme = self.theme
        top = CARD.top + 20 + theme.line_height(HEADING) + 12
        bottom = CARD.bottom - 24 - BUTTON_H - 16 - theme.line_height(SMALL) - 8
        return pygame.Rect(CARD.left + 24, top, CARD.width - 48, bottom - top)

    def rows(self) -> list[Row]:
        theme = self.theme
        if self._rows is not None and self._rows[0] == theme.text_scale:
            return self._rows[1]
        cast = self.app.session.course.cast
        text_w = self.view().width - NAME_W - 24
        icon = theme.line_height(BODY)
        rows = []
        for entry in self.entries:
            if entry.kind == EntryKind.LINE:
                character = cast.get(entry.speaker)
                name, colour, rating = (character.name if character else entry.speaker,
                                        theme.TEXT, "")
            elif entry.kind == EntryKind.CHOICE:
                name, colour, rating = _("Your choice"), theme.TEXT, ""
            else:
                name, colour, rating = rating_label(entry.rating), theme.TEXT_DIM, entry.rating
            width = NAME_W - (icon + 8 if rating else 0)
            rows.append(Row(theme.lay_out(name, width, BODY, bold=True, max_lines=3,
                                          min_size=SMALL),
                            theme.lay_out(entry.text, text_w, BODY,
                                          bold=entry.kind == EntryKind.CHOICE),
                            colour, rating))
        self._rows = (theme.text_scale, rows)
        return rows

    def scroll_to_end(self) -> None:
        """Show the latest rows: the earliest first row from which the last row is in view."""
        heights = [r.height for r in self.rows()]
        height = self.view().height
        first = max(0, len(heights) - 1)
        while first > 0:
            self.scroller.first = first - 1
            if self.scroller.rows_in_view(heights, height, ROW_GAP).stop < len(heights):
                break
            first -= 1
        self.scroller.first = first

    # -- scene protocol -------------------------------------------------------------------
    def on_show(self) -> None:
        if not self._at_end:
            self._at_end = True
            self.scroll_to_end()

    def on_reload(self) -> None:
        super().on_reload()
        self._rows = None

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in CLOSE_KEYS:
            self.dismiss()
        elif not self.scroller.handle(event, len(self.rows())):
            self.buttons.handle(event)

    def state(self) -> Hashable:
        return (self.scroller.first, self.buttons.focus, self.close.hovered)

    def draw_content(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.panel(surface, CARD, theme.PANEL, border=theme.PANEL_HIGH)
        theme.text(surface, _("History"), (CARD.left + 24, CARD.top + 20), HEADING, bold=True,
                   max_width=CARD.width - 48)
        view = self.view()
        rows = self.rows()
        if not rows:
            theme.text(surface, _("Nothing said yet."), view.topleft, BODY, theme.TEXT_DIM)
        shown = self.scroller.rows_in_view([r.height for r in rows], view.height, ROW_GAP)
        top = view.top
        icon = theme.line_height(BODY)
        for index in shown:
            row = rows[index]
            left = view.left
            if row.rating:
                centre = (left + icon // 2, top + row.name.line_height // 2)
                theme.sprite(surface, pygame.Rect(left, top + (row.name.line_height - icon) // 2,
                                                  icon, icon), row.rating)
                draw_rating_icon(surface, theme, row.rating, centre, icon // 2 - 2)
                left += icon + 8
            theme.block(surface, row.name, pygame.Rect(left, top, row.name.width,
                                                       row.name.height), colour=row.colour)
            theme.block(surface, row.text, pygame.Rect(view.left + NAME_W + 24, top,
                                                       row.text.width, row.text.height),
                        colour=row.colour)
            top += row.height + ROW_GAP
        self.scroller.draw_indicator(surface, theme, view, shown, len(rows))
        self.buttons.draw(surface, theme)
