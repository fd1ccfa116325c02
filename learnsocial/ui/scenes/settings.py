"""Settings, saved per employee and applied at once: language, time limits, motion, sound."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from learnsocial import i18n
from learnsocial.i18n import _
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, HEIGHT, SMALL, TEXT_SCALES, TITLE, WIDTH

if TYPE_CHECKING:
    from learnsocial.ui.app import App

ROW_H = 48
TOP = 116


@dataclass
class Row:
    label: Callable[[], str]
    value: Callable[[], str]
    change: Callable[[int], None]  # +1 / -1 (Enter and Space use +1)


class SettingsScene(Scene):
    name = "settings"

    def __init__(self, app: App):
        super().__init__(app)
        self.focus = 0
        self.rows = [
            Row(lambda: _("Language"), lambda: i18n.display_name(self.app.session.language),
                self._change_language),
            Row(lambda: _("Time limits in tests"), lambda: self._on_off("time_limits"),
                lambda step: self._toggle("time_limits")),
            Row(lambda: _("Reduced motion"), lambda: self._on_off("reduced_motion"),
                lambda step: self._toggle("reduced_motion")),
            Row(lambda: _("Text size"), lambda: i18n.percent(self.app.session.settings[
                "text_scale"]), self._change_text_scale),
            Row(lambda: _("High contrast"), lambda: self._on_off("high_contrast"),
                lambda step: self._toggle("high_contrast")),
            Row(lambda: _("Voice"), self._voice_value, lambda step: self._toggle("voice")),
            Row(lambda: _("Sound"), lambda: _("Off") if self.app.sounds.muted else _("On"),
                lambda step: self.app.toggle_mute()),
            Row(lambda: _("Volume"), lambda: i18n.percent(self.app.sounds.volume),
                self._change_volume),
            Row(lambda: _("Back"), lambda: "", lambda step: self.dismiss()),
        ]

    def _voice_value(self) -> str:
        if not self.app.narrator.available:
            return _("Not available")
        return self._on_off("voice")

    def focus_label(self) -> str | None:
        row = self.rows[self.focus]
        return f"{row.label()}: {row.value()}" if row.value() else row.label()

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

    def row_rect(self, index: int) -> pygame.Rect:
        return pygame.Rect(240, TOP + index * (ROW_H + 10), WIDTH - 480, ROW_H)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.dismiss()
            return
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_DOWN, pygame.K_TAB) and not event.mod & pygame.KMOD_SHIFT:
                self.focus = (self.focus + 1) % len(self.rows)
            elif event.key in (pygame.K_UP, pygame.K_TAB):
                self.focus = (self.focus - 1) % len(self.rows)
            elif event.key in (pygame.K_RIGHT, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.rows[self.focus].change(1)
            elif event.key == pygame.K_LEFT:
                self.rows[self.focus].change(-1)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for index in range(len(self.rows)):
                if self.row_rect(index).collidepoint(event.pos):
                    self.focus = index
                    self.rows[index].change(1)

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        theme.text(surface, _("Settings"), (WIDTH // 2, 70), TITLE, bold=True,
                   anchor="center")
        for index, row in enumerate(self.rows):
            rect = self.row_rect(index)
            theme.panel(surface, rect, theme.PANEL)
            theme.text(surface, row.label(), (rect.left + 24, rect.centery), BODY,
                       bold=True, anchor="midleft")
            value = row.value()
            if value:
                theme.text(surface, f"‹  {value}  ›", (rect.right - 24, rect.centery),
                           BODY, theme.TEXT, anchor="midright")
            if index == self.focus:
                theme.focus_ring(surface, rect)
        notes = []
        if not self.app.sounds.available:
            notes.append(_("No sound device found; the course runs silently."))
        if not self.app.narrator.available:
            notes.append(_("No speech engine found (install espeak-ng); narration is off."))
        for n, note in enumerate(notes):
            theme.text(surface, note, (WIDTH // 2, HEIGHT - 60 - 26 * n),
                       SMALL, theme.WARNING, anchor="center")
        theme.text(surface, _("Up and down choose, left and right or Enter change, Esc goes back"),
                   (WIDTH // 2, HEIGHT - 30), SMALL, theme.TEXT_DIM,
                   anchor="center")

    def wants_escape(self) -> bool:
        return True
