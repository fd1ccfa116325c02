"""Narration: the characters speak, offline, in the learner's language, never blocking a frame.

Precedence: a recorded audio file an author dropped next to the chapter
(``<chapter>/audio/<lang>/<scene id>.ogg|wav|mp3``), else text to speech:

- eSpeak NG (``espeak-ng``, or ``espeak``) run as a separate process, so saying a line returns
  at once and advancing the dialogue stops it by ending that process; a character whose cast
  entry says ``voice: female`` speaks with a female variant of the language's voice (sv+f3);
- where that command is missing, the system's own speech through pyttsx3 (SAPI5 on Windows,
  NSSpeechSynthesizer on macOS, the eSpeak library on Linux), driven by a worker thread that
  owns the engine, with an installed voice per character for the language;
- neither: the narrator is silent and the settings say so.
"""
from __future__ import annotations

import importlib.util
import logging
import shutil
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

import pygame

from learnsocial import voices

log = logging.getLogger(__name__)
AUDIO_SUFFIXES = (".ogg", ".wav", ".mp3")
NO_ENGINE = "none"
# What the settings screen calls the engine pyttsx3 drives on each system.
SYSTEM_ENGINE_NAMES = {"win32": "Windows SAPI5", "darwin": "macOS NSSpeechSynthesizer"}


def voice_for(character_id: str, pitch: int | None = None, rate: int | None = None
              ) -> tuple[int, int]:
    """A character's (pitch 0..99, words per minute): set in the cast or derived from the id."""
    seed = zlib.crc32(character_id.encode())
    return (pitch if pitch is not None else 30 + seed % 40,
            rate if rate is not None else 150 + (seed >> 8) % 30)


@dataclass(frozen=True)
class Utterance:
    text: str
    language: str
    pitch: int
    rate: int
    speaker: str | None  # a cast id, or None for the narrator's own voice (menus, focus)
    cast: Mapping[str, str | None]  # every character's ``voice:``, so each gets their own


class SpeechEngine(Protocol):
    name: str

    @property
    def available(self) -> bool: ...

    @property
    def speaking(self) -> bool: ...

    def speak(self, utterance: Utterance) -> None: ...

    def stop(self) -> None: ...


class EspeakEngine:
    """The espeak-ng command, one process per line: killing it stops the line at once."""

    def __init__(self, command: str):
        self.command = command
        self.name = "eSpeak" if Path(command).stem.lower() == "espeak" else "eSpeak NG"
        self._process: subprocess.Popen | None = None
        self._failed = False

    @property
    def available(self) -> bool:
        return bool(self.command) and not self._failed

    def voice(self, utterance: Utterance) -> str:
        """The -v argument for a line: the speaker's variant of the language's voice."""
        wanted = utterance.cast.get(utterance.speaker) if utterance.speaker else None
        variant = voices.assign(utterance.cast, voices.ESPEAK_VARIANTS).get(
            utterance.speaker or "")
        return voices.espeak_voice(utterance.language, wanted, variant)

    def speak(self, utterance: Utterance) -> None:
        self.stop()
        try:
            self._process = subprocess.Popen(
                [self.command, "-v", self.voice(utterance), "-p", str(utterance.pitch),
                 "-s", str(utterance.rate), "--", utterance.text],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as error:
            log.info("speech failed: %s", error)
            self._failed = True

    @property
    def speaking(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()  # never wait here: this runs inside a frame
            self._process = None


class SystemEngine:
    """pyttsx3 on a worker thread that owns the engine.

    pyttsx3's runAndWait blocks until a line is spoken, and its engines want every call from
    the thread that made them; so one daemon thread makes the engine and speaks, the frame loop
    only leaves the next line in a slot, and stopping sets a flag the worker checks at every
    word (pyttsx3's 'started-word' callback, where engine.stop() is allowed).
    """

    def __init__(self, load: Callable[[], ModuleType] | None = None):
        self._load = load or _import_pyttsx3
        self.name = SYSTEM_ENGINE_NAMES.get(sys.platform, "eSpeak (pyttsx3)")
        self._lock = threading.Condition()
        self._next: Utterance | None = None
        self._busy = False  # the worker is saying a line
        self._cancel = threading.Event()  # the line being said is to stop
        self._failed = False
        self._closed = False
        self._thread: threading.Thread | None = None
        self._engine: Any = None

    @property
    def available(self) -> bool:
        return not self._failed

    @property
    def speaking(self) -> bool:
        with self._lock:
            return self._next is not None or (self._busy and not self._cancel.is_set())

    def speak(self, utterance: Utterance) -> None:
        with self._lock:
            if self._failed or self._closed:
                return
            self._next = utterance  # a line not yet begun is replaced, never queued
            self._cancel.set()  # the line being said, if any, stops at its next word
            self._lock.notify()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        with self._lock:
            self._next = None
            self._cancel.set()

    def close(self) -> None:
        """End the worker (after the line it is saying, if stopping it mid-word fails)."""
        with self._lock:
            self._closed = True
            self._next = None
            self._cancel.set()
            self._lock.notify()

    # -- on the worker thread --------------------------------------------------------------
    def _run(self) -> None:
        try:
            module = self._load()
            self._engine = module.init()
            self._engine.connect("started-word", self._on_word)
            installed = [voices.system_voice(v) for v in self._engine.getProperty("voices")]
            driver = str(getattr(self._engine, "driver_name", "") or "")
        except Exception as error:  # no usable speech service: silent, as without an engine
            log.info("system speech unavailable: %s", error)
            with self._lock:
                self._failed = True
                self._next = None
            return
        while True:
            with self._lock:
                while self._next is None and not self._closed:
                    self._lock.wait()
                if self._closed:
                    return
                utterance, self._next = self._next, None
                assert utterance is not None
                self._cancel.clear()
                self._busy = True
            try:
                self._say(utterance, installed, driver)
            except Exception as error:  # one bad line (or voice) must not end narration
                log.info("speech failed: %s", error)
            finally:
                with self._lock:
                    self._busy = False

    def _say(self, utterance: Utterance, installed: list[voices.SystemVoice],
             driver: str) -> None:
        voice = voices.choose_system_voice(utterance.language, utterance.speaker,
                                           utterance.cast, installed)
        if voice is None:  # a German line in an English voice helps nobody
            log.info("no installed voice speaks %s", utterance.language)
            return
        engine = self._engine
        engine.setProperty("voice", voice.id)
        engine.setProperty("rate", utterance.rate)
        if driver == "espeak":  # SAPI5 and NSSpeechSynthesizer have no pitch (they print so)
            engine.setProperty("pitch", utterance.pitch)
        if self._cancel.is_set():
            return
        engine.say(utterance.text)
        engine.runAndWait()

    def _on_word(self, **_details: Any) -> None:
        if self._cancel.is_set():
            self._engine.stop()


def _import_pyttsx3() -> ModuleType:
    """Imported on the worker thread at the first line; a plain import, so PyInstaller sees it
    and the bundle carries pyttsx3 (and its driver for the system) whenever it is installed."""
    import pyttsx3

    return pyttsx3


def find_engine(which: Callable[[str], str | None] = shutil.which) -> SpeechEngine | None:
    """The espeak-ng (or espeak) command; else pyttsx3 if installed; else None (silent).

    pyttsx3 is only located here, not imported: importing and starting it happens on the
    worker thread at the first line, so a desktop without speech pays nothing for it.
    """
    command = which("espeak-ng") or which("espeak")
    if command:
        return EspeakEngine(command)
    try:
        found = importlib.util.find_spec("pyttsx3") is not None
    except (ImportError, ValueError):
        found = False
    return SystemEngine() if found else None


class Narrator:
    def __init__(self, enabled: bool = False, command: str | None = None,
                 engine: SpeechEngine | None = None):
        """``command``: the espeak-ng to use ("" for none: silent); ``engine``: any engine
        (tests); neither: the first engine found (find_engine)."""
        self.enabled = enabled
        if engine is None and command:
            engine = EspeakEngine(command)
        elif engine is None and command is None:
            engine = find_engine()
        self.engine = engine
        self._channel: pygame.mixer.Channel | None = None

    @property
    def available(self) -> bool:
        return self.engine is not None and self.engine.available

    @property
    def engine_name(self) -> str:
        """What the settings screen names: 'eSpeak NG', 'Windows SAPI5', ... or 'none'."""
        return self.engine.name if self.engine is not None and self.available else NO_ENGINE

    def say(self, text: str, language: str, pitch: int = 50, rate: int = 165,
            recording: Path | None = None, *, speaker: str | None = None,
            cast: Mapping[str, Any] | None = None) -> None:
        """Start speaking (stopping whatever was being said); returns at once.

        ``speaker`` is the cast id of who says the line and ``cast`` the course's cast
        (``course.cast``): the speaker's ``voice:`` picks the voice, and the whole cast keeps
        two women from sharing one. Without them the language's default voice speaks.
        """
        self.stop()
        if not self.enabled or not text.strip():
            return
        if recording is not None and self._play(recording):
            return
        if self.engine is None or not self.available:
            return
        wanted = {cid: getattr(c, "voice", c) for cid, c in (cast or {}).items()}
        self.engine.speak(Utterance(text, language, pitch, rate, speaker, wanted))

    def _play(self, path: Path) -> bool:
        try:
            sound = pygame.mixer.Sound(str(path))
        except (pygame.error, FileNotFoundError):
            return False
        self._channel = sound.play()
        return True

    @property
    def speaking(self) -> bool:
        if self.engine is not None and self.engine.speaking:
            return True
        return bool(self._channel and self._channel.get_busy())

    def stop(self) -> None:
        if self.engine is not None:
            self.engine.stop()
        if self._channel is not None:
            self._channel.stop()
            self._channel = None


def recording_for(chapter_dir: Path, language: str, scene_id: str) -> Path | None:
    for suffix in AUDIO_SUFFIXES:
        path = chapter_dir / "audio" / language / f"{scene_id}{suffix}"
        if path.is_file():
            return path
    return None
