"""Drive the real app without a person: post input events, step time by hand, render.

Used by the tests and by `learnsocial demo`. Events go through pygame's own queue and the
app's normal frame, so a synthetic key press takes the same path as a real one. Time is the
pilot's, not the clock's: after each frame the pilot waits for the saver thread (a frame at 60
FPS lasts longer than a save), so a run goes the same way on a fast or a loaded machine. A test
of what the app does while the disk is slow sets `waits_for_saves` to False.
"""
from __future__ import annotations

from pathlib import Path

import pygame

from learnsocial.ui import png
from learnsocial.ui.app import App

STEP = 1 / 60


class Pilot:
    """Input and time for the real app. Frames are not drawn unless render_frames is set:
    drawing costs most of a frame and only what is looked at (a screenshot) needs it."""

    def __init__(self, app: App, render_frames: bool = False, render_every: int = 0):
        self.app = app
        self.render_frames = render_frames
        self.render_every = render_every  # draw every nth frame (0: never), e.g. for an audit
        self.frames = 0
        self.waits_for_saves = True

    def _post(self, kind: int, **attributes: object) -> None:
        pygame.event.post(pygame.event.Event(kind, attributes))

    def frame(self, dt: float = STEP) -> None:
        self.frames += 1
        render = self.render_frames or bool(self.render_every and
                                            self.frames % self.render_every == 0)
        self.app.frame(dt, pygame.event.get(), render=render)
        if self.waits_for_saves:
            self.app.session.saves.settle()

    def read(self) -> None:
        """Before acting other than by a key or a click: as long as a person would look at the
        screen first (only a measuring pilot waits; see frame_stats.MeasuredPilot)."""

    def press(self, key: int, mod: int = 0, times: int = 1) -> None:
        for _i in range(times):
            self._post(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)
            self._post(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0)
            self.frame()

    def type(self, text: str) -> None:
        for character in text:
            self._post(pygame.TEXTINPUT, text=character)
        self.frame()

    def move(self, pos: tuple[int, int]) -> None:
        self._post(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False)
        self.frame()

    def click(self, pos: tuple[int, int], button: int = 1) -> None:
        self._post(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False)
        self._post(pygame.MOUSEBUTTONDOWN, pos=pos, button=button, touch=False)
        self._post(pygame.MOUSEBUTTONUP, pos=pos, button=button, touch=False)
        self.frame()

    def click_and_drag(self, start: tuple[int, int], end: tuple[int, int], moves: int = 6
                       ) -> None:
        """Press at start, move in a few steps, release at end: a mouse drag."""
        self._post(pygame.MOUSEMOTION, pos=start, rel=(0, 0), buttons=(0, 0, 0), touch=False)
        self._post(pygame.MOUSEBUTTONDOWN, pos=start, button=1, touch=False)
        self.frame()
        for n in range(1, moves + 1):
            pos = (start[0] + (end[0] - start[0]) * n // moves,
                   start[1] + (end[1] - start[1]) * n // moves)
            self._post(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(1, 0, 0), touch=False)
            self.frame()
        self._post(pygame.MOUSEBUTTONUP, pos=end, button=1, touch=False)
        self.frame()

    def step(self, seconds: float) -> None:
        """Let time pass in fixed steps, as the real loop would at 60 FPS."""
        frames = max(1, round(seconds / STEP))
        for _i in range(frames):
            self.frame()
            if not self.app.running:
                return

    def render(self) -> pygame.Surface:
        return self.app.render()

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        png.save(self.render(), path)
        return path
