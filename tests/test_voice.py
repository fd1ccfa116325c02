"""Narration: never blocks, stops on advance, a voice per character (a female character gets a
female voice), recordings first; eSpeak NG and pyttsx3 tested with stand-in engines."""
import importlib
import shutil
import stat
import sys
import threading
import time
from types import SimpleNamespace

import pygame
import pytest

from learnsocial import voices
from learnsocial.ui.voice import (
    SYSTEM_ENGINE_NAMES,
    EspeakEngine,
    Narrator,
    SystemEngine,
    find_engine,
    recording_for,
    voice_for,
)

FAKE_ESPEAK = """#!/bin/sh
echo "$@" >> "{log}"
exec {sleep} 5
"""

# A stand-in for pyttsx3: engines list VOICES, record what they are told and 'speak' a line
# word after word until stopped, as real engines do between their 'started-word' callbacks.
FAKE_PYTTSX3 = '''
import threading

VOICES = []
spoken = []          # one dict per line: voice, rate, text, thread
engine_threads = set()
started = threading.Event()
finished = threading.Event()
FAIL = None


class Voice:
    def __init__(self, id, name, languages, gender):
        self.id, self.name, self.languages, self.gender = id, name, languages, gender


class Engine:
    driver_name = "fake"

    def __init__(self):
        self.props = {"voice": None, "rate": 200}
        self.callbacks = {}
        self.queue = []
        self.stopped = False

    def _touch(self):
        engine_threads.add(threading.get_ident())

    def connect(self, topic, callback):
        self._touch()
        self.callbacks.setdefault(topic, []).append(callback)

    def getProperty(self, name):
        self._touch()
        return list(VOICES) if name == "voices" else self.props[name]

    def setProperty(self, name, value):
        self._touch()
        self.props[name] = value

    def say(self, text):
        self._touch()
        self.queue.append(text)

    def stop(self):
        self._touch()
        self.stopped = True

    def runAndWait(self):
        self._touch()
        for text in self.queue:
            spoken.append(dict(self.props, text=text))
            started.set()
            pause = threading.Event()
            while not self.stopped:  # an endless line: only stop() ends it
                for callback in self.callbacks.get("started-word", []):
                    callback(name=None, location=0, length=1)
                pause.wait(0.005)
        self.queue.clear()
        self.stopped = False
        finished.set()


def init(driverName=None, debug=False):
    if FAIL:
        raise RuntimeError(FAIL)
    return Engine()
'''


@pytest.fixture
def espeak(tmp_path, monkeypatch):
    """A stand-in espeak-ng on the PATH that records its arguments and 'speaks' for 5 s."""
    log = tmp_path / "spoken.txt"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "espeak-ng"
    script.write_text(FAKE_ESPEAK.format(log=log, sleep=shutil.which("sleep")))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(bin_dir))
    return str(script), log


@pytest.fixture
def no_pyttsx3(monkeypatch, tmp_path):
    """As on a desktop without pyttsx3, whether or not the test machine has it."""
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "pyttsx3.py").write_text("raise ImportError('not installed')\n")
    monkeypatch.delitem(sys.modules, "pyttsx3", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a, _real=importlib.util.find_spec:
                        None if name == "pyttsx3" else _real(name, *a))


@pytest.fixture
def pyttsx3(tmp_path, monkeypatch):
    """The fake pyttsx3 importable as `pyttsx3`, and no espeak-ng on the PATH."""
    package = tmp_path / "fake"
    package.mkdir()
    (package / "pyttsx3.py").write_text(FAKE_PYTTSX3)
    monkeypatch.delitem(sys.modules, "pyttsx3", raising=False)
    monkeypatch.syspath_prepend(str(package))
    importlib.invalidate_caches()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    module = importlib.import_module("pyttsx3")
    assert module.__file__.startswith(str(package))
    v = module.Voice
    module.VOICES[:] = [
        v("de-stefan", "Microsoft Stefan", ["de-DE"], "Male"),
        v("de-hedda", "Microsoft Hedda", ["de-DE"], "Female"),
        v("de-katja", "Microsoft Katja Desktop", ["de_DE"], "Female"),
        v("en-zira", "Microsoft Zira", ["en-US"], "Female"),
        v("sv-alva", "Alva", ["sv_SE"], "VoiceGenderFemale"),
    ]
    return module


def wait_for(path, lines):
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if path.exists() and len(path.read_text().splitlines()) >= lines:
            return path.read_text().splitlines()
        time.sleep(0.02)
    raise AssertionError("the engine was not called")


def cast(**entries):
    return {cid: SimpleNamespace(voice=voice) for cid, voice in entries.items()}


CAST = cast(maja="female", jonas="male", elena="female", omar="male", tove="female")
CAST_VOICES = {cid: c.voice for cid, c in CAST.items()}


# -- eSpeak NG ---------------------------------------------------------------------------------

def test_say_returns_at_once_and_stop_ends_the_line(espeak):
    command, log = espeak
    narrator = Narrator(enabled=True, command=command)
    narrator.say("Hej och välkommen", "sv", pitch=40, rate=170)
    assert narrator.speaking, "say returned while the 5-second line is still being spoken"
    (line,) = wait_for(log, 1)
    assert line == "-v sv -p 40 -s 170 -- Hej och välkommen"
    narrator.stop()
    assert not narrator.speaking


def test_a_new_line_replaces_the_old_one(espeak):
    command, log = espeak
    narrator = Narrator(enabled=True, command=command)
    narrator.say("first", "de")
    first = narrator.engine._process
    wait_for(log, 1)
    narrator.say("second", "de")
    assert first.wait(timeout=5) is not None, "the first line was stopped"
    assert wait_for(log, 2)[-1].endswith("-- second")
    narrator.stop()


def test_espeak_ng_on_the_path_is_found_and_named(espeak):
    command, _log = espeak
    narrator = Narrator(enabled=True)
    assert isinstance(narrator.engine, EspeakEngine) and narrator.engine.command == command
    assert narrator.available and narrator.engine_name == "eSpeak NG"


def test_a_female_character_gets_a_female_variant(espeak):
    _command, log = espeak
    narrator = Narrator(enabled=True)
    lines = [("Hej, jag är Maja.", "sv", "maja"), ("Ich bin Jonas.", "de", "jonas"),
             ("Welcome.", "en", None)]  # None: the narrator's own voice (menus, focus)
    for count, (text, language, speaker) in enumerate(lines, start=1):
        narrator.say(text, language, speaker=speaker, cast=CAST)
        wait_for(log, count)
        narrator.stop()
    maja, jonas, plain = (line.split() for line in log.read_text().splitlines())
    assert maja[1].startswith("sv+") and maja[1][3:] in voices.ESPEAK_VARIANTS["female"]
    assert jonas[1].startswith("de+") and jonas[1][3:] in voices.ESPEAK_VARIANTS["male"]
    assert plain[1] == "en-gb"


def test_each_woman_of_the_cast_has_her_own_variant_every_time():
    engine = EspeakEngine("espeak-ng")
    from learnsocial.ui.voice import Utterance

    def variant(speaker):
        return engine.voice(Utterance("x", "de", 50, 160, speaker, CAST_VOICES))

    women = [variant(name) for name in ("maja", "elena", "tove")]
    assert len(set(women)) == 3 and all(v.startswith("de+f") for v in women)
    men = [variant(name) for name in ("jonas", "omar")]
    assert len(set(men)) == 2 and all(v.startswith("de+m") for v in men)
    assert women == [variant(name) for name in ("maja", "elena", "tove")], "stable"


def test_a_named_voice_is_an_espeak_variant_or_the_language_voice():
    assert voices.espeak_voice("de", "klatt", None) == "de+klatt"
    assert voices.espeak_voice("sv", "Microsoft Katja Desktop", None) == "sv"
    assert voices.espeak_voice("en", None, None) == "en-gb"
    assert voices.espeak_voice("sv", "female", "f4") == "sv+f4"


def test_voice_off_or_no_engine_is_silent(espeak):
    command, log = espeak
    Narrator(enabled=False, command=command).say("quiet", "en")
    silent = Narrator(enabled=True, command="")
    assert not silent.available and silent.engine_name == "none"
    silent.say("nothing", "en")
    assert not silent.speaking
    assert not log.exists()


def test_neither_espeak_nor_pyttsx3_is_silent(no_pyttsx3, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_engine() is None
    narrator = Narrator(enabled=True)
    assert not narrator.available and narrator.engine_name == "none"
    narrator.say("nothing", "de", speaker="maja", cast=CAST)
    assert not narrator.speaking


def test_characters_get_distinct_stable_pitches():
    pitches = {voice_for(name) for name in ("maja", "jonas", "elena", "omar", "tove")}
    assert len(pitches) == 5
    assert voice_for("maja") == voice_for("maja")
    assert voice_for("maja", pitch=10, rate=200) == (10, 200)


def test_a_recording_takes_precedence(espeak, tmp_path):
    command, log = espeak
    folder = tmp_path / "01-x" / "audio" / "sv"
    folder.mkdir(parents=True)
    recording = folder / "hello.wav"
    pygame.mixer.init(22050, -16, 1, 512)
    pygame.mixer.Sound(buffer=b"\x00\x00" * 2205).play()  # the mixer works with the dummy driver
    import wave
    with wave.open(str(recording), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(b"\x00\x00" * 22050)
    assert recording_for(tmp_path / "01-x", "sv", "hello") == recording
    assert recording_for(tmp_path / "01-x", "de", "hello") is None
    narrator = Narrator(enabled=True, command=command)
    narrator.say("text", "sv", recording=recording)
    assert not narrator.engine.speaking, "no speech when a recording exists"
    narrator.stop()
    pygame.mixer.quit()
    assert not log.exists()


def test_keyboard_focus_is_read_aloud_in_the_app(espeak, tmp_path, mini_course):
    from learnsocial.app.session import Session
    from learnsocial.progress.store import ProgressStore
    from learnsocial.ui.app import App
    from learnsocial.ui.pilot import Pilot

    command, log = espeak
    session = Session(mini_course, ProgressStore(tmp_path / "d"), "en")
    session.load_course()
    app = App(session)
    app.narrator = Narrator(enabled=True, command=command)
    app.flow.title()
    pilot = Pilot(app)
    pilot.press(pygame.K_TAB)
    assert wait_for(log, 1)[-1].endswith("-- Quit")
    app.narrator.stop()
    pygame.quit()


# -- pyttsx3, where espeak-ng is missing -------------------------------------------------------

def run_briefly(call):
    """Run `call` on a helper thread; fail (rather than hang) if it does not return."""
    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "the call blocked"


def test_pyttsx3_is_used_when_espeak_ng_is_missing(pyttsx3):
    narrator = Narrator(enabled=True)
    assert isinstance(narrator.engine, SystemEngine)
    assert narrator.available
    assert narrator.engine_name == SYSTEM_ENGINE_NAMES.get(sys.platform, "eSpeak (pyttsx3)")


def test_pyttsx3_speaks_on_a_worker_and_stop_ends_the_line(pyttsx3):
    narrator = Narrator(enabled=True)
    run_briefly(lambda: narrator.say("Hallo, ich bin Maja.", "de", rate=170, speaker="maja",
                                     cast=CAST))
    assert pyttsx3.started.wait(10), "the line was handed to the engine"
    assert narrator.speaking and not pyttsx3.finished.is_set(), "say did not wait for the line"
    assert threading.get_ident() not in pyttsx3.engine_threads, "the engine never runs in a frame"
    assert len(pyttsx3.engine_threads) == 1, "one thread owns the engine"
    narrator.stop()
    assert not narrator.speaking
    assert pyttsx3.finished.wait(10), "stop() ended the line"
    (line,) = pyttsx3.spoken
    assert line["text"] == "Hallo, ich bin Maja." and line["rate"] == 170
    assert line["voice"] in ("de-hedda", "de-katja"), "a female German voice for Maja"


def test_pyttsx3_gives_each_character_a_voice_of_their_gender(pyttsx3):
    narrator = Narrator(enabled=True)
    said = {}
    for speaker in ("maja", "elena", "jonas"):
        pyttsx3.started.clear()
        pyttsx3.finished.clear()
        narrator.say(f"Ich bin {speaker}.", "de", speaker=speaker, cast=CAST)
        assert pyttsx3.started.wait(10)
        said[speaker] = pyttsx3.spoken[-1]["voice"]
        narrator.stop()
        assert pyttsx3.finished.wait(10)
    assert {said["maja"], said["elena"]} == {"de-hedda", "de-katja"}, "two women, two voices"
    assert said["jonas"] == "de-stefan"


def test_pyttsx3_a_new_line_replaces_the_old_one(pyttsx3):
    narrator = Narrator(enabled=True)
    narrator.say("erste Zeile", "de")
    assert pyttsx3.started.wait(10)
    pyttsx3.started.clear()
    narrator.say("zweite Zeile", "de")
    assert pyttsx3.started.wait(10)
    assert [line["text"] for line in pyttsx3.spoken] == ["erste Zeile", "zweite Zeile"]
    narrator.stop()


def test_pyttsx3_named_voice_and_a_language_without_voices(pyttsx3):
    narrator = Narrator(enabled=True)
    named = cast(tove="Katja")
    narrator.say("Hallo.", "de", speaker="tove", cast=named)
    assert pyttsx3.started.wait(10)
    assert pyttsx3.spoken[-1]["voice"] == "de-katja"
    narrator.stop()
    assert pyttsx3.finished.wait(10)
    pyttsx3.VOICES[:] = [v for v in pyttsx3.VOICES if v.id != "sv-alva"]
    quiet = Narrator(enabled=True)  # a new engine sees the voices as installed now
    pyttsx3.started.clear()
    quiet.say("Hej.", "sv", speaker="maja", cast=CAST)
    quiet.say("Hallo.", "de", speaker="maja", cast=CAST)
    assert pyttsx3.started.wait(10)
    assert [line["text"] for line in pyttsx3.spoken][-1] == "Hallo.", \
        "no Swedish voice installed: the Swedish line was not read in another language"
    assert "Hej." not in [line["text"] for line in pyttsx3.spoken]
    quiet.stop()


def test_pyttsx3_that_cannot_start_leaves_the_narrator_silent(pyttsx3):
    pyttsx3.FAIL = "no speech service"
    narrator = Narrator(enabled=True)
    assert narrator.engine_name != "none"  # not known until the engine is started
    narrator.say("Hallo.", "de")
    narrator.engine._thread.join(10)
    assert not narrator.available and narrator.engine_name == "none"
    narrator.say("Hallo.", "de")
    assert not narrator.speaking and pyttsx3.spoken == []


# -- the cast's voice: values ------------------------------------------------------------------

@pytest.mark.parametrize("value", ["female", "male", "Female", "klatt", "Microsoft Katja Desktop",
                                   "Alva", "de+f3", "Anna (Enhanced)", "Zoë"])
def test_valid_voices(value):
    assert voices.voice_is_valid(value)


@pytest.mark.parametrize("value", ["", " female", "female ", "-v", "--help", "a\nb", "x" * 61,
                                   "sv; rm -rf", None, 3, "$(whoami)"])
def test_invalid_voices(value):
    assert not voices.voice_is_valid(value)


def test_installed_voices_are_read_whatever_the_platform_spells():
    nsss = SimpleNamespace(id="com.apple.voice.Alva", name="Alva", languages=["sv_SE"],
                           gender="VoiceGenderFemale")
    sapi = SimpleNamespace(id="HKEY\\Tokens\\Stefan", name="Microsoft Stefan",
                           languages=["de-DE"], gender="Male")
    espeak_lib = SimpleNamespace(id="gmw/en-gb", name="English", languages=[b"en-gb"],
                                 gender=None)
    assert voices.system_voice(nsss) == voices.SystemVoice(
        "com.apple.voice.Alva", "Alva", ("sv",), "female")
    assert voices.system_voice(sapi).gender == "male"
    assert voices.system_voice(sapi).languages == ("de",)
    assert voices.system_voice(espeak_lib).languages == ("en",)


def test_the_voices_module_is_pure():
    """The content validator imports it: no pygame, no speech engine."""
    import subprocess

    code = ("import sys, learnsocial.voices\n"
            "print(','.join(m for m in sys.modules if m.split('.')[0] in ('pygame', 'pyttsx3')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
