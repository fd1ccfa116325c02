"""CPU time per frame, per screen: what `learnsocial demo --frame-stats` and
benchmarks/games_frame.py print.

A frame is everything the app does for one tick (input, update, draw), timed with the thread's
own CPU clock (`time.thread_time`), so other load on the machine, a worker thread saving in the
background or the disk waiting for fsync does not count: only what the render thread itself
spends. A frame in which the screen changes is its own row ("test-gallery → results"), so
transitions are seen on their own.
"""
from __future__ import annotations

import math
import time

import pygame

from learnsocial.ui.app import App
from learnsocial.ui.pilot import STEP, Pilot

TARGET_P99_MS = 4.0
TARGET_MAX_MS = 16.0
READING_S = 2.0  # the least time a person looks at a screen before a key or a click
READING_FRAMES = round(READING_S / STEP)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of the values (share in 0..1)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class FrameStats:
    """Frame times in milliseconds, grouped by screen, in the order the screens came."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {}

    def add(self, screen: str, milliseconds: float) -> None:
        self.samples.setdefault(screen, []).append(milliseconds)

    def all(self) -> list[float]:
        return [ms for values in self.samples.values() for ms in values]

    def overall(self) -> tuple[float, float]:
        """(p99, max) over every frame."""
        every = self.all()
        return percentile(every, 0.99), max(every, default=0.0)

    def within_targets(self) -> bool:
        p99, worst = self.overall()
        rows_ok = all(percentile(v, 0.99) <= TARGET_P99_MS for k, v in self.samples.items()
                      if "→" not in k)  # a transition is one frame: its max counts, not a p99
        return rows_ok and p99 <= TARGET_P99_MS and worst <= TARGET_MAX_MS

    def table(self) -> list[str]:
        """One line per screen (frames, p50, p99, max in ms), then the line over the run."""
        width = max([len(name) for name in self.samples] + [6])
        lines = [f"{'screen':<{width}}  {'frames':>6}  {'p50':>6}  {'p99':>6}  {'max':>6}"]
        for name, values in self.samples.items():
            lines.append(f"{name:<{width}}  {len(values):>6}  {percentile(values, 0.5):>6.2f}  "
                         f"{percentile(values, 0.99):>6.2f}  {max(values):>6.2f}")
        p99, worst = self.overall()
        lines.append(f"frame-stats: p99={p99:.2f} ms max={worst:.2f} ms")
        return lines


class MeasuredPilot(Pilot):
    """A pilot that draws every frame and times each one on the render thread's CPU clock.

    It acts at a reader's pace: no key or click reaches a screen before the screen has been
    shown for READING_S, as a person looks at a screen before acting on it. (The demo alone
    moves on after a fifth of a second, where a screen's p99 would be its first frame.)"""

    def __init__(self, app: App, stats: FrameStats | None = None) -> None:
        super().__init__(app, render_frames=True)
        self.stats = stats or FrameStats()
        self.shown_for = 0  # frames the screen on top has been shown, since it came

    def read(self) -> None:
        while self.shown_for < READING_FRAMES and self.app.running:
            self.frame()

    def _post(self, kind: int, **attributes: object) -> None:
        self.read()
        super()._post(kind, **attributes)

    def frame(self, dt: float = STEP) -> None:
        self.frames += 1
        app = self.app
        before = app.top.name if app.top else ""
        start = time.thread_time()
        app.frame(dt, pygame.event.get(), render=True)
        spent = (time.thread_time() - start) * 1000
        app.session.saves.settle()  # as Pilot.frame: the saver's time is not the frame's
        after = app.top.name if app.top else ""
        changed = after not in (before, "")
        self.shown_for = 0 if changed else self.shown_for + 1
        self.stats.add(f"{before} → {after}" if changed else before, spent)
