"""The scene protocol: a screen is handle(event), update(dt), draw(surface) plus a few hooks."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from learnsocial.ui.app import App


class Scene:
    """Base for every screen. The app owns the stack; a scene only talks to it through self.app."""

    name = "scene"  # used for screenshot file names
    opaque = True  # False for overlays that draw on top of the scene below
    takes_text = False  # True where typing letters must not trigger shortcuts (M for mute)

    def __init__(self, app: App):
        self.app = app

    def handle(self, event: pygame.event.Event) -> None:
        """React to one input event (positions already in logical 1280x720 coordinates)."""

    def update(self, dt: float) -> None:
        """Advance by dt seconds."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw onto the logical surface."""

    def on_show(self) -> None:
        """Called when the scene becomes the top of the stack."""

    def on_result(self, result: object) -> None:
        """A scene pushed by this one finished and handed back a result."""

    def on_reload(self) -> None:
        """The course was read again from disk (F5); pick up the new text, keep the place."""

    def save(self) -> None:
        """Persist anything unsaved (called before quitting)."""

    def focus_label(self) -> str | None:
        """What the keyboard has selected, to be read aloud (None: nothing)."""
        group = getattr(self, "buttons", None) or getattr(self, "form", None)
        focused = group.focused if group else None
        return focused.label() if focused is not None else None

    def wants_escape(self) -> bool:
        """True when the scene handles Esc itself instead of opening the pause menu."""
        return False
