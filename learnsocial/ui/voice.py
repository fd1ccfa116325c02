"""Narration: the characters speak, offline, in the learner's language, never blocking a frame.

Precedence: a recorded audio file an author dropped next to the chapter
(``<chapter>/audio/<lang>/<scene id>.ogg|wav|mp3``), else text-to-speech with eSpeak NG
(``espeak-ng``, or ``espeak``) run as a separate process, so saying a line returns at once and
advancing the dialogue stops it by ending that process. Without either the narrator is silent and
says so once in the settings.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import zlib
from pathlib import Path

import pygame

log = logging.getLogger(__name__)
AUDIO_SUFFIXES = (".ogg", ".wav", ".mp3")
VOICES = {"sv": "sv", "de": "de", "en": "en-gb"}


def voice_for(character_id: str, pitch: int | None = None, rate: int | None = None
              ) -> tuple[int, int]:
    """A character's (pitch 0..99, words per minute): set in the cast or derived from the id."""
    seed = zlib.crc32(character_id.encode())
    return (pitch if pitch is not None else 30 + seed % 40,
            rate if rate is not None else 150 + (seed >> 8) % 30)


class Narrator:
    def __init__(self, enabled: bool = False, command: str | None = None):
        self.enabled = enabled
        self.command = command if command is not None else (
            shutil.which("espeak-ng") or shutil.which("espeak") or "")
        self._process: subprocess.Popen | None = None
        self._channel: pygame.mixer.Channel | None = None

    @property
    def available(self) -> bool:
        return bool(self.command)

    def say(self, text: str, language: str, pitch: int = 50, rate: int = 165,
            recording: Path | None = None) -> None:
        """Start speaking (stopping whatever was being said); returns at once."""
        self.stop()
        if not self.enabled or not text.strip():
            return
        if recording is not None and self._play(recording):
            return
        if not self.command:
            return
        try:
            self._process = subprocess.Popen(
                [self.command, "-v", VOICES.get(language, language), "-p", str(pitch),
                 "-s", str(rate), "--", text],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as error:
            log.info("speech failed: %s", error)
            self.command = ""

    def _play(self, path: Path) -> bool:
        try:
            sound = pygame.mixer.Sound(str(path))
        except (pygame.error, FileNotFoundError):
            return False
        self._channel = sound.play()
        return True

    @property
    def speaking(self) -> bool:
        if self._process is not None and self._process.poll() is None:
            return True
        return bool(self._channel and self._channel.get_busy())

    def stop(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()  # never wait here: this runs inside a frame
            self._process = None
        if self._channel is not None:
            self._channel.stop()
            self._channel = None


def recording_for(chapter_dir: Path, language: str, scene_id: str) -> Path | None:
    for suffix in AUDIO_SUFFIXES:
        path = chapter_dir / "audio" / language / f"{scene_id}{suffix}"
        if path.is_file():
            return path
    return None
