"""Start-up cost of the sound effects: loading the shipped WAVs (what the app does now) against
synthesising the same effects in Python (what it did before scripts/make_sounds.py).

Run: python benchmarks/sound_startup.py   (prints a table; best of a few runs each)
"""
from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pygame  # noqa: E402

from learnsocial.ui.sound import NAMES, Sounds  # noqa: E402

RUNS = 5


def timed(runs: int, work) -> tuple[float, float]:
    """(first run, best run) in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times[0], min(times)


def main() -> int:
    spec = importlib.util.spec_from_file_location("make_sounds",
                                                  ROOT / "scripts" / "make_sounds.py")
    script = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = script
    spec.loader.exec_module(script)
    pygame.mixer.init(22050, -16, 1, 512)
    load = timed(RUNS, Sounds)
    synthesise = timed(RUNS, lambda: [script.EFFECTS[name]() for name in NAMES])
    print(f"{'what':<36}{'first s':>10}{'best s':>10}")
    for label, (first, best) in ((f"load {len(NAMES)} WAV files (Sounds())", load),
                                 ("synthesise the same in Python", synthesise)):
        print(f"{label:<36}{first:>10.4f}{best:>10.4f}")
    print(f"{'synthesis / loading, first run':<36}{synthesise[0] / load[0]:>9.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
