"""Short, soft sound effects synthesised at start-up (nothing downloaded).

Without an audio device the sounds are silently skipped; the dummy driver works like a real one.
"""
from __future__ import annotations

import logging
import math
from array import array

import pygame

log = logging.getLogger(__name__)
RATE = 22050

# name -> list of (frequency Hz, start s, duration s, loudness 0..1)
RECIPES: dict[str, list[tuple[float, float, float, float]]] = {
    "click": [(880, 0.0, 0.04, 0.25)],
    "hit": [(660, 0.0, 0.09, 0.35), (990, 0.07, 0.16, 0.35)],
    "wrong": [(220, 0.0, 0.22, 0.35), (207, 0.0, 0.22, 0.25)],
    "miss": [(140, 0.0, 0.07, 0.3)],
    "success": [(523, 0.0, 0.5, 0.22), (659, 0.08, 0.45, 0.22), (784, 0.16, 0.5, 0.22)],
    "fail": [(392, 0.0, 0.25, 0.25), (330, 0.2, 0.4, 0.25)],
}


def synthesise(parts: list[tuple[float, float, float, float]]) -> array:
    """Mix sine tones with a soft attack and an exponential fade into 16-bit mono samples."""
    length = max(start + duration for _f, start, duration, _a in parts)
    samples = [0.0] * int(RATE * length + 1)
    for frequency, start, duration, loudness in parts:
        first = int(start * RATE)
        for n in range(int(duration * RATE)):
            t = n / RATE
            envelope = min(1.0, t / 0.005) * math.exp(-4.0 * t / duration)
            samples[first + n] += loudness * envelope * math.sin(2 * math.pi * frequency * t)
    return array("h", (int(max(-1.0, min(1.0, s)) * 32767) for s in samples))


class Sounds:
    def __init__(self, volume: float = 0.7, muted: bool = False):
        self.volume = volume
        self.muted = muted
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(RATE, -16, 1, 512)
            mixer = pygame.mixer.get_init()
            channels = mixer[2] if mixer else 1
            for name, recipe in RECIPES.items():
                mono = synthesise(recipe)
                data = mono if channels == 1 else array("h", (s for s in mono
                                                              for _c in range(channels)))
                self._sounds[name] = pygame.mixer.Sound(buffer=data.tobytes())
        except pygame.error as error:
            log.info("no sound: %s", error)

    @property
    def available(self) -> bool:
        return bool(self._sounds)

    def play(self, name: str) -> None:
        sound = self._sounds.get(name)
        if sound is None or self.muted or self.volume <= 0:
            return
        sound.set_volume(self.volume)
        sound.play()
