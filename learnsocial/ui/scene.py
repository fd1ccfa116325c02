"""The scene protocol: a screen is handle(event), update(dt), draw(surface) plus a few hooks.

A scene is pushed with a callback (`app.push(scene, on_done)`) and ends with `dismiss(result)`,
which hands its result back to that callback; where to go next is decided in learnsocial.ui.flow,
so scenes never import each other.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from learnsocial.app.session import Session
from learnsocial.ui.theme import Theme

if TYPE_CHECKING:
    from learnsocial.ui.app import App

OnDone = Callable[[Any], None]


class Scene:
    """Base for every screen. The app owns the stack; a scene talks to it through self.app."""

    name = "scene"  # used for screenshot file names
    opaque = True  # False for overlays that draw on top of the scene below
    takes_text = False  # True where typing letters must not trigger shortcuts (M for mute)

    def __init__(self, app: App):
        self.app = app
        self.on_done: OnDone | None = None  # set by app.push

    @property
    def theme(self) -> Theme:
        return self.app.theme

    @property
    def session(self) -> Session:
        return self.app.session

    def dismiss(self, result: Any = None) -> None:
        """Leave the stack and hand result to whoever pushed this scene."""
        self.app.dismiss(self, result)

    def handle(self, event: pygame.event.Event) -> None:
        """React to one input event (positions already in logical 1280x720 coordinates)."""

    def update(self, dt: float) -> None:
        """Advance by dt seconds."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw onto the logical surface."""

    def work_ahead(self, until: float, limit: float) -> None:
        """In a frame with time to spare, after drawing: prepare what comes next, in small
        steps, until the thread's CPU clock reaches until, starting none that would likely
        end past limit."""

    def on_show(self) -> None:
        """Called when the scene becomes the top of the stack."""

    def on_hide(self) -> None:
        """Called when another scene is pushed over this one, or this one leaves."""

    def on_reload(self) -> None:
        """The course was read again, or the language or text size changed: pick up the new
        text and layout, keep the place."""

    def save(self) -> None:
        """Persist anything unsaved (called before quitting or leaving for the map)."""

    def focus_label(self) -> str | None:
        """What the keyboard has selected, to be read aloud (None: nothing)."""
        return None

    def wants_escape(self) -> bool:
        """True when the scene handles Esc itself instead of opening the pause menu."""
        return False
