"""Short, soft sound effects and two gentle music loops, read from assets/sounds and assets/music.

The WAV files are synthesised once by scripts/make_sounds.py and shipped; start-up only reads
them. Without an audio device both classes stay silent; the dummy driver works like a real one.
"""
from __future__ import annotations

import logging
from pathlib import Path

import pygame

from learnsocial.paths import assets_dir

log = logging.getLogger(__name__)
RATE = 22050

# Every effect the screens may play (assets/sounds/<name>.wav).
NAMES = (
    "click", "success", "fail", "toast", "fanfare", "celebration",  # general
    "shot", "hit", "wrong", "miss", "tick", "bonus",  # shooting gallery
    "whoosh", "drop",  # sorting
    "place", "snap",  # sequencing
    "link", "match",  # pairing
)
TRACKS = ("map", "games")  # assets/music/<track>.wav, seamless loops


def _mixer_ready() -> bool:
    """Start the mixer if nobody has; False when there is no audio device."""
    try:
        if not pygame.mixer.get_init():
            pygame.mixer.init(RATE, -16, 1, 512)
        return True
    except pygame.error as error:
        log.info("no sound: %s", error)
        return False


class Sounds:
    """The effects by name: play(name) honours muted and volume; unknown names are silent."""

    def __init__(self, volume: float = 0.7, muted: bool = False, folder: Path | None = None):
        self.volume = volume
        self.muted = muted
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        if not _mixer_ready():
            return
        folder = folder or assets_dir() / "sounds"
        for name in NAMES:
            try:
                self._sounds[name] = pygame.mixer.Sound(str(folder / f"{name}.wav"))
            except (pygame.error, FileNotFoundError, OSError) as error:
                log.info("sound %s not loaded: %s", name, error)

    @property
    def available(self) -> bool:
        return bool(self._sounds)

    def play(self, name: str) -> None:
        sound = self._sounds.get(name)
        if sound is None or self.muted or self.volume <= 0:
            return
        sound.set_volume(self.volume)
        sound.play()


class Music:
    """One looping background track at a time through pygame.mixer.music; off by default.

    play(track) remembers the track even while disabled, so switching music on later starts
    whatever the current screen asked for.
    """

    def __init__(self, volume: float = 0.5, enabled: bool = False, folder: Path | None = None):
        self._folder = folder or assets_dir() / "music"
        self._volume = volume
        self._enabled = enabled
        self.track: str | None = None  # what the current screen wants
        self.playing: str | None = None  # what is actually playing

    @property
    def volume(self) -> float:
        return self._volume

    @volume.setter
    def volume(self, value: float) -> None:
        self._volume = min(1.0, max(0.0, value))
        if self.playing:
            pygame.mixer.music.set_volume(self._volume)

    @property
    def enabled(self) -> bool:
        return self._enabled

    @enabled.setter
    def enabled(self, value: bool) -> None:
        self._enabled = bool(value)
        if self._enabled and self.track:
            self.play(self.track)
        elif not self._enabled:
            self._halt()

    def play(self, track: str) -> None:
        """Loop a track (one of TRACKS); playing the same track again does not restart it."""
        self.track = track
        if not self._enabled or self.playing == track or not _mixer_ready():
            return
        try:
            pygame.mixer.music.stop()  # loading over a fading track would wait for the fade
            pygame.mixer.music.load(str(self._folder / f"{track}.wav"))
            pygame.mixer.music.set_volume(self._volume)
            pygame.mixer.music.play(loops=-1, fade_ms=400)
            self.playing = track
        except (pygame.error, FileNotFoundError, OSError) as error:
            log.info("music %s not played: %s", track, error)
            self.playing = None

    def stop(self) -> None:
        self.track = None
        self._halt()

    def _halt(self) -> None:
        if self.playing and pygame.mixer.get_init():
            pygame.mixer.music.fadeout(300)
        self.playing = None
