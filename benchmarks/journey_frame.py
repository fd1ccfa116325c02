"""Update + draw time per frame of the journey screens (map, its actions, results, celebration,
badges, profile, settings, menu, title), headless, in German at 150 % text size: the longest
texts at the largest size.

Target: p99 under 4 ms and max under 16 ms. The first frame of a screen is shown apart: it lays
out and caches its texts (once per text, language and size; the first screen of a run also loads
the fonts and hyphenation dictionaries). Run: python benchmarks/journey_frame.py
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame

from learnsocial.app.levels import level_for
from learnsocial.app.session import TestOutcome
from learnsocial.ui.scenes.badge_unlock import BadgeUnlockScene
from learnsocial.ui.scenes.celebration import CelebrationScene
from learnsocial.ui.scenes.pause import PauseMenu
from learnsocial.ui.scenes.profile import ProfileScene
from learnsocial.ui.scenes.results import ResultsScene
from learnsocial.ui.scenes.settings import SettingsScene
from learnsocial.ui.scenes.title import TitleScene
from tests.course_player import play_test
from tests.journey_screens import make_app, progress_so_far

FRAMES = 300


def timed(app, frames: int = FRAMES) -> list[float]:
    """Milliseconds per frame: update and draw, as the app's frame does."""
    times = []
    for _n in range(frames):
        start = time.perf_counter()
        app.frame(1 / 60, [], render=True)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    app, _pilot = make_app(Path(tempfile.mkdtemp()), "de", 1.5, False)
    progress_so_far(app, 1.5, False)
    session = app.session
    three, four = session.course.chapters[2], session.course.chapters[3]
    failed = session.finish_test(three, play_test(three, 0.0, seed=3), session.clock())
    screens = {
        "title": lambda: app.reset(TitleScene(app)),
        "map": app.flow.chapter_map,
        "map actions": lambda: (app.flow.chapter_map(), app.top.open(app.top.focus)),
        "results": lambda: app.push(ResultsScene(app, three, failed)),
        "celebration": lambda: app.push(CelebrationScene(app, four, TestOutcome(
            play_test(four), True, [], True, False, level_for(5000)))),
        "badges": lambda: app.push(BadgeUnlockScene(app, session.badges()[:3] or [])),
        "profile": lambda: app.push(ProfileScene(app)),
        "settings": lambda: app.push(SettingsScene(app)),
        "menu": lambda: app.push(PauseMenu(app, True, True)),
    }
    print(f"{'screen':<14}{'first ms':>9}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}")
    for name, show in screens.items():
        app.flow.chapter_map()
        timed(app, 2)
        show()
        first = timed(app, 1)[0]
        times = sorted(timed(app))
        p99 = times[int(len(times) * 0.99) - 1]
        print(f"{name:<14}{first:>9.2f}{statistics.median(times):>8.2f}{p99:>8.2f}"
              f"{max(times):>8.2f}")
    pygame.quit()


if __name__ == "__main__":
    main()
