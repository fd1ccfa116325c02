"""CPU time per frame of the story screens at 1280x720, headless: the player (backdrop,
portrait sliding in and talking, text appearing, a dissolve at each new scene), the choice
screen over it, the history and the notice. The player is measured at a reading pace (Space
every 1.5 s, each scene takes two: show whole, go on) and at a stress pace (every 1/3 s).

Target: p99 under 4 ms and max under 16 ms of CPU. Each screen is measured at 100 % and 150 %
text, in both themes, through the real app (App.frame with drawing), so the scene stack, the
dissolve and the theme's caches all count. CPU is this thread's CPU time (time.thread_time), so
waiting for a busy machine's cores does not count; the wall-clock p99 is shown beside it, and a
scene change's save to the progress store (a file write with fsync) shows only there. The first
frame of each screen is reported apart: it lays out what later frames reuse.

Run: python benchmarks/player_frame.py
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

from learnsocial import i18n
from learnsocial.app.session import Session
from learnsocial.content.model import Chapter
from learnsocial.paths import content_dir
from learnsocial.progress.store import ProgressStore
from learnsocial.ui.app import App
from learnsocial.ui.scenes.choice import ChoiceScene
from learnsocial.ui.scenes.player import ChapterPlayerScene

FRAMES = 600  # per screen and setting: ten seconds at 60 FPS
STRESS, READING = 20, 90  # frames between presses of Space: a third of a second, 1.5 s
CHAPTER = "working-on-the-platform"
QUESTION = "mail-ten"


SPACE = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0, unicode=" ", scancode=0)
ONE = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1, mod=0, unicode="1", scancode=0)


def timed_frames(app: App, count: int, press_every: int = 0, chapter: Chapter | None = None
                 ) -> tuple[list[float], list[float]]:
    """CPU and wall milliseconds per App.frame with drawing. With press_every, Space moves the
    story on now and then (1 takes an option when one is asked), and the chapter starts again
    when its story ends, so every frame measured is a story frame."""
    times, walls = [], []
    for n in range(count):
        events = []
        if press_every and n % press_every == press_every - 1:
            events = [ONE if isinstance(app.top, ChoiceScene) else SPACE]
        start, wall = time.thread_time(), time.perf_counter()
        app.frame(1 / 60, events)
        times.append((time.thread_time() - start) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
        if chapter is not None and not isinstance(app.top, (ChapterPlayerScene, ChoiceScene)):
            app.reset(ChapterPlayerScene(app, chapter))
    return times, walls


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def row(name: str, measured: tuple[list[float], list[float]]) -> str:
    times, walls = measured
    first, rest = times[0], times[1:]
    return (f"{name:<38} {first:7.2f} {statistics.median(rest):7.2f} {p99(rest):7.2f} "
            f"{max(rest):7.2f} {p99(walls[1:]):9.2f}")


def measure(data: Path, language: str, scale: float, high_contrast: bool) -> list[str]:
    session = Session(content_dir(), ProgressStore(data), language)
    i18n.set_language(language)
    session.load_course()
    session.sign_in(f"bench-{language}", "Bench")
    session.save_settings(text_scale=scale, high_contrast=high_contrast)
    app = App(session, seed=1)
    app.apply_settings()
    chapter = session.course.chapter(CHAPTER)
    assert chapter is not None
    setting = f"{language} {round(scale * 100)}% {'hc' if high_contrast else 'default'}"
    rows = []
    for pace, every in (("reading", READING), ("stress", STRESS)):
        app.reset(ChapterPlayerScene(app, chapter))
        app.render()
        rows.append(row(f"player {setting} {pace}", timed_frames(app, FRAMES, every, chapter)))
    app.reset(ChapterPlayerScene(app, chapter, QUESTION))
    for _press in range(10):  # the question shown whole: its options come up
        if isinstance(app.top, ChoiceScene):
            break
        app.frame(1 / 60, [SPACE], render=False)
    assert isinstance(app.top, ChoiceScene)
    rows.append(row(f"choice {setting}", timed_frames(app, FRAMES)))
    app.frame(1 / 60, [ONE])
    assert isinstance(app.top, ChapterPlayerScene)
    app.top.open_history()
    rows.append(row(f"history {setting}", timed_frames(app, FRAMES)))
    app.dismiss(app.top)
    app.flow.notice(lambda: None, again=True)
    rows.append(row(f"notice {setting}", timed_frames(app, FRAMES)))
    pygame.quit()
    return rows


def main() -> int:
    print(f"{'screen':<38} {'first':>7} {'p50':>7} {'p99':>7} {'max':>7} {'wall p99':>9}  "
          f"(ms; CPU but the last; {FRAMES} frames each)")
    with tempfile.TemporaryDirectory() as folder:
        for number, (language, scale, high_contrast) in enumerate(
                (("en", 1.0, False), ("de", 1.5, False), ("de", 1.5, True))):
            for line in measure(Path(folder) / str(number), language, scale, high_contrast):
                print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
