"""Settings, saved per employee and applied at once: language, text, motion, sound, voice, music.

The speech engine in use is named, and what IT manages in the site config is listed read only
("Managed by IT"). Rows have measured height and scroll by whole rows; the focused row stays in
view.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from learnsocial import i18n
from learnsocial.i18n import _
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, MARGIN, SMALL, TEXT_SCALES, TITLE, WIDTH
from learnsocial.ui.voice import NO_ENGINE
from learnsocial.ui.widgets import ScrollList

if TYPE_CHECKING:
    from learnsocial.ui.app import App

ROW_W = 860
ROW_GAP = 8


@dataclass
class Row:
    label: Callable[[], str]
    value: Callable[[], str]
    change: Callable[[int], None]  # +1 / -1 (Enter and Space use +1)
    managed: bool = False  # set by IT in the site config: shown, never changed here


Item = Row | Callable[[], str]  # a setting, or a section heading


class SettingsScene(Scene):
    name = "settings"

    def __init__(self, app: App):
        super().__init__(app)
        self.focus = 0
        self.scroller = ScrollList()
        managed = app.session.managed_settings()
        self.items: list[Item] = [
            lambda: _("Course"),
            Row(lambda: _("Language"), lambda: i18n.display_name(self.app.session.language),
                self._change_language),
            Row(lambda: _("Text size"), lambda: i18n.percent(self.app.session.settings[
                "text_scale"]), self._change_text_scale),
            Row(lambda: _("High contrast"), lambda: self._on_off("high_contrast"),
                lambda step: self._toggle("high_contrast")),
            Row(lambda: _("Reduced motion"), lambda: self._on_off("reduced_motion"),
                lambda step: self._toggle("reduced_motion")),
            Row(lambda: _("Time limits in tests"), lambda: self._on_off("time_limits"),
                lambda step: self._toggle("time_limits")),
            lambda: _("Sound and voice"),
            Row(lambda: _("Sound"), lambda: _("Off") if self.app.sounds.muted else _("On"),
                lambda step: self.app.toggle_mute()),
            Row(lambda: _("Volume"), lambda: i18n.percent(self.app.sounds.volume),
                self._change_volume),
            Row(lambda: _("Music"), lambda: self._on_off("music"),
                lambda step: self._toggle("music")),
            Row(lambda: _("Music volume"), lambda: i18n.percent(self.app.music.volume),
                self._change_music_volume),
            Row(lambda: _("Voice"), self._voice_value, lambda step: self._toggle("voice")),
            Row(lambda: _("Speech engine"), self._engine_name, self._not_here, managed=False),
        ]
        if managed:
            self.items.append(lambda: _("Managed by your IT department"))
            self.items += [Row(self._fixed(m.label), self._fixed(m.value), self._not_here,
                               managed=True) for m in managed]
        self.items.append(Row(lambda: _("Back"), lambda: "", lambda step: self.dismiss()))

    @staticmethod
    def _fixed(text: str) -> Callable[[], str]:
        return lambda: text

    @property
    def rows(self) -> list[Row]:
        return [item for item in self.items if isinstance(item, Row)]

    def _voice_value(self) -> str:
        if not self.app.narrator.available:
            return _("Not available")
        return self._on_off("voice")

    def _engine_name(self) -> str:
        name = self.app.narrator.engine_name
        return _("None") if name == NO_ENGINE else name

    def _not_here(self, step: int) -> None:
        row = self.rows[self.focus]
        self.app.toast(_("Set by your IT department") if row.managed
                       else f"{row.label()}: {row.value()}")

    def focus_label(self) -> str | None:
        row = self.rows[self.focus]
        value = row.value()
        label = f"{row.label()}: {value}" if value else row.label()
        return _("{setting} (managed by IT)").format(setting=label) if row.managed else label

    def _on_off(self, key: str) -> str:
        return _("On") if self.app.session.settings[key] else _("Off")

    def _toggle(self, key: str) -> None:
        self.app.session.save_settings(**{key: not self.app.session.settings[key]})
        self.app.apply_settings()

    def _change_language(self, step: int) -> None:
        languages = list(i18n.languages())
        index = languages.index(self.app.session.language)
        self.app.session.set_language(languages[(index + step) % len(languages)])
        for scene in self.app.stack:
            scene.on_reload()

    def _change_text_scale(self, step: int) -> None:
        scales = list(TEXT_SCALES)
        current = self.app.session.settings["text_scale"]
        index = scales.index(current) if current in scales else 0
        self.app.session.save_settings(text_scale=scales[(index + step) % len(scales)])
        self.app.apply_settings()

    def _change_volume(self, step: int) -> None:
        volume = round(min(1.0, max(0.0, self.app.sounds.volume + 0.1 * step)), 1)
        self.app.session.save_settings(volume=volume)
        self.app.apply_settings()
        self.app.sounds.play("click")

    def _change_music_volume(self, step: int) -> None:
        volume = round(min(1.0, max(0.0, self.app.music.volume + 0.1 * step)), 1)
        self.app.session.save_settings(music_volume=volume)
        self.app.apply_settings()

    # -- layout -----------------------------------------------------------------------------
    def row_height(self, item: Item) -> int:
        theme = self.theme
        if isinstance(item, Row):
            return max(48, theme.line_height(BODY) + 16)
        return theme.line_height(HEADING) + 8

    def view(self) -> pygame.Rect:
        theme = self.theme
        top = 24 + theme.line_height(TITLE) + 8
        bottom = HEIGHT - 16 - theme.line_height(SMALL) * (1 + len(self.notes())) - 8 - \
            theme.line_height(SMALL) - 8  # the hint, the notes and the scroll indicator
        return pygame.Rect((WIDTH - ROW_W) // 2, top, ROW_W, bottom - top)

    def shown(self) -> range:
        heights = [self.row_height(item) + ROW_GAP for item in self.items]
        return self.scroller.rows_in_view(heights, self.view().height)

    def _keep_in_view(self) -> None:
        """Scroll so that the focused row (and its section heading, when it fits) shows."""
        index = self.items.index(self.rows[self.focus])
        if index - 1 >= 0 and not isinstance(self.items[index - 1], Row):
            index -= 1  # bring the heading along
        if index < self.scroller.first:
            self.scroller.first = index
        target = self.items.index(self.rows[self.focus])
        while target not in self.shown() and self.scroller.first < target:
            self.scroller.first += 1

    def row_rects(self) -> dict[int, pygame.Rect]:
        """Where each visible setting is: its index in rows -> rect."""
        view = self.view()
        rects = {}
        y = view.top
        for index in self.shown():
            item = self.items[index]
            height = self.row_height(item)
            if isinstance(item, Row):
                rects[self.rows.index(item)] = pygame.Rect(view.left, y, view.width, height)
            y += height + ROW_GAP
        return rects

    def wants_escape(self) -> bool:
        return True

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.dismiss()
            return
        count = len(self.rows)
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_DOWN, pygame.K_TAB) and not event.mod & pygame.KMOD_SHIFT:
                self.focus = (self.focus + 1) % count
            elif event.key in (pygame.K_UP, pygame.K_TAB):
                self.focus = (self.focus - 1) % count
            elif event.key in (pygame.K_RIGHT, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.rows[self.focus].change(1)
            elif event.key == pygame.K_LEFT:
                self.rows[self.focus].change(-1)
            if self.app.top is self:
                self._keep_in_view()
        elif event.type == pygame.MOUSEWHEEL:
            self.scroller.scroll(-event.y, len(self.items))
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for index, rect in self.row_rects().items():
                if rect.collidepoint(event.pos):
                    self.focus = index
                    self.rows[index].change(1)
                    return

    def notes(self) -> list[str]:
        notes = []
        if not self.app.sounds.available:
            notes.append(_("No sound device found; the course runs silently."))
        if not self.app.narrator.available:
            notes.append(_("No speech engine found (install espeak-ng); narration is off."))
        return notes

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        theme.text(surface, _("Settings"), (WIDTH // 2, 24), TITLE, bold=True,
                   anchor="midtop", max_width=WIDTH - 2 * MARGIN)
        view = self.view()
        rects = self.row_rects()
        y = view.top
        shown = self.shown()
        for index in shown:
            item = self.items[index]
            height = self.row_height(item)
            if isinstance(item, Row):
                self._draw_row(surface, item, rects[self.rows.index(item)],
                               self.rows.index(item) == self.focus)
            else:
                theme.text(surface, item(), (view.left + 8, y + 4), HEADING, theme.TEXT,
                           bold=True, max_width=view.width - 16)
            y += height + ROW_GAP
        self.scroller.draw_indicator(surface, theme, pygame.Rect(view.left, view.top, view.width,
                                                                 y - view.top - ROW_GAP),
                                     shown, len(self.items))
        lines = self.notes() + [_("Up and down choose, left and right or Enter change, "
                                  "Esc goes back")]
        y = HEIGHT - 16 - theme.line_height(SMALL) * len(lines)
        for n, line in enumerate(lines):
            theme.text(surface, line, (WIDTH // 2, y), SMALL,
                       theme.TEXT_DIM if n == len(lines) - 1 else theme.WARNING,
                       anchor="midtop", max_width=WIDTH - 2 * MARGIN)
            y += theme.line_height(SMALL)

    def _draw_row(self, surface: pygame.Surface, row: Row, rect: pygame.Rect,
                  focused: bool) -> None:
        theme = self.theme
        theme.panel(surface, rect, theme.PANEL)
        theme.control(surface, rect)
        value = row.value()
        value_room = rect.width // 2 - 24
        right = rect.right - 24
        if value:
            shown = value if row.managed or row.change == self._not_here else f"‹  {value}  ›"
            drawn = theme.text(surface, shown, (right, rect.centery), BODY, theme.TEXT,
                               anchor="midright", max_width=value_room, container=rect)
            right = drawn.left - 16
        if row.managed:
            tag = theme.text(surface, _("Managed"), (right, rect.centery), SMALL, theme.WARNING,
                             bold=True, anchor="midright", container=rect)
            right = tag.left - 16
        theme.text(surface, row.label(), (rect.left + 24, rect.centery), BODY, bold=True,
                   anchor="midleft", max_width=max(80, right - rect.left - 24), container=rect)
        if focused:
            theme.focus_ring(surface, rect)
