"""Narration: never blocks, stops on advance, uses each character's voice, recordings first."""
import stat
import time

import pygame
import pytest

from learnsocial.ui.voice import Narrator, recording_for, voice_for

FAKE_ENGINE = """#!/bin/sh
echo "$@" >> "{log}"
sleep 5
"""


@pytest.fixture
def engine(tmp_path):
    """A stand-in for espeak-ng that records its arguments and 'speaks' for 5 seconds."""
    log = tmp_path / "spoken.txt"
    script = tmp_path / "espeak-ng"
    script.write_text(FAKE_ENGINE.format(log=log))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script), log


def wait_for(path, lines):
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if path.exists() and len(path.read_text().splitlines()) >= lines:
            return path.read_text().splitlines()
        time.sleep(0.02)
    raise AssertionError("the engine was not called")


def test_say_returns_at_once_and_stop_ends_the_line(engine):
    command, log = engine
    narrator = Narrator(enabled=True, command=command)
    start = time.monotonic()
    narrator.say("Hej och välkommen", "sv", pitch=40, rate=170)
    assert time.monotonic() - start < 0.5, "speech must not block the frame loop"
    (line,) = wait_for(log, 1)
    assert line == "-v sv -p 40 -s 170 -- Hej och välkommen"
    assert narrator.speaking
    narrator.stop()
    assert not narrator.speaking


def test_a_new_line_replaces_the_old_one(engine):
    command, log = engine
    narrator = Narrator(enabled=True, command=command)
    narrator.say("first", "de")
    first = narrator._process
    wait_for(log, 1)
    narrator.say("second", "de")
    assert first.wait(timeout=5) is not None, "the first line was stopped"
    assert wait_for(log, 2)[-1].endswith("-- second")
    narrator.stop()


def test_voice_off_or_no_engine_is_silent(engine, tmp_path):
    command, log = engine
    Narrator(enabled=False, command=command).say("quiet", "en")
    silent = Narrator(enabled=True, command="")
    assert not silent.available
    silent.say("nothing", "en")
    time.sleep(0.2)
    assert not log.exists()


def test_characters_get_distinct_stable_voices():
    voices = {voice_for(name) for name in ("maja", "jonas", "elena", "omar", "tove")}
    assert len(voices) == 5
    assert voice_for("maja") == voice_for("maja")
    assert voice_for("maja", pitch=10, rate=200) == (10, 200)


def test_a_recording_takes_precedence(engine, tmp_path):
    command, log = engine
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
    time.sleep(0.3)
    assert not log.exists(), "no speech when a recording exists"
    narrator.stop()
    pygame.mixer.quit()


def test_keyboard_focus_is_read_aloud_in_the_app(engine, tmp_path, mini_course):
    from learnsocial.progress.store import ProgressStore
    from learnsocial.ui.app import App
    from learnsocial.ui.pilot import Pilot
    from learnsocial.ui.scenes.title import TitleScene
    from learnsocial.app.session import Session

    command, log = engine
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
