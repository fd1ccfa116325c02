"""Update + draw time per frame of each test game at 1280x720, headless.

Target: p99 under 4 ms (a quarter of a 60 FPS frame). Run: python benchmarks/games_frame.py
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame  # noqa: E402

from learnsocial.games.base import GameSettings  # noqa: E402
from learnsocial.games.gallery import Answer, GallerySpec, Question  # noqa: E402
from learnsocial.games.pairing import Pair, PairingSpec  # noqa: E402
from learnsocial.games.registry import create_rules  # noqa: E402
from learnsocial.games.rounds import Option  # noqa: E402
from learnsocial.games.sequencing import SequencingSpec, Step  # noqa: E402
from learnsocial.games.sorting import Card, SortingSpec  # noqa: E402
from learnsocial.ui.games import VIEWS  # noqa: E402
from learnsocial.ui.sound import Sounds  # noqa: E402

FRAMES = 600
WORDS = "team channel feedback customer group network manager review document knowledge".split()


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize()


def specs(rng: random.Random) -> dict:
    return {
        "gallery": GallerySpec(tuple(Question(
            f"q{n}", words(rng, 12) + "?",
            tuple(Answer(f"a{k}", words(rng, 4)[:40], k == 0) for k in range(4)),
            words(rng, 14), 60) for n in range(8))),
        "sorting": SortingSpec(words(rng, 8), tuple(Option(f"b{k}", words(rng, 2)[:28])
                                                      for k in range(4)),
                               tuple(Card(f"c{n}", words(rng, 8)[:70], f"b{n % 4}", words(rng, 10))
                                     for n in range(8))),
        "sequencing": SequencingSpec(words(rng, 8), tuple(Step(f"s{n}", words(rng, 6)[:60],
                                                               words(rng, 10)) for n in range(7))),
        "pairing": PairingSpec(words(rng, 8), tuple(Pair(f"p{n}", words(rng, 3)[:30],
                                                         words(rng, 8)[:70], words(rng, 10))
                                                    for n in range(7))),
    }


def measure(game: str, spec, surface: pygame.Surface, sounds: Sounds) -> list[float]:
    rules = create_rules(game, spec, 7, GameSettings(time_limits=False))
    view = VIEWS[game](rules, sounds)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(600, 400), rel=(0, 0),
                                         buttons=(0, 0, 0)))
    times = []
    for frame in range(FRAMES):
        start = time.perf_counter()
        for event in pygame.event.get():
            view.handle(event)
        view.update(1 / 60)
        view.draw(surface)
        times.append((time.perf_counter() - start) * 1000)
        if frame % 90 == 45:  # act now and then, so feedback and animations are measured too
            if hasattr(rules, "targets"):
                rules.select_next(1)
                rules.shoot_selected()
            elif rules.current:
                rules.pick(rules.current.answer_id)
    return times


def main() -> int:
    pygame.init()
    pygame.display.set_mode((1280, 720))
    surface = pygame.Surface((1280, 720))
    sounds = Sounds()
    rng = random.Random(1)
    print(f"{'game':<12}{'frames':>8}{'median ms':>12}{'p99 ms':>10}{'max ms':>10}  target p99 < 4 ms")
    worst = 0.0
    for game, spec in specs(rng).items():
        measure(game, spec, surface, sounds)  # warm caches (fonts, labels)
        times = sorted(measure(game, spec, surface, sounds))
        p99 = times[int(len(times) * 0.99) - 1]
        worst = max(worst, p99)
        print(f"{game:<12}{len(times):>8}{statistics.median(times):>12.2f}{p99:>10.2f}"
              f"{times[-1]:>10.2f}  {'ok' if p99 < 4 else 'OVER'}")
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
