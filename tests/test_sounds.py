"""Sound effects and music: scripts/make_sounds.py writes the WAVs that ship under assets/, the
app only reads them (no synthesis at start-up), and every name the screens play exists."""
import ast
import importlib.util
import sys
import wave
from array import array
from itertools import pairwise
from pathlib import Path

import pygame
import pytest

from learnsocial.ui import sound
from learnsocial.ui.sound import NAMES, TRACKS, Music, Sounds

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_sounds.py"
ASSETS = ROOT / "assets"


def load_script():
    spec = importlib.util.spec_from_file_location("make_sounds", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The script's main() run once into a temporary folder."""
    out = tmp_path_factory.mktemp("sounds")
    assert load_script().main(["--out", str(out)]) == 0
    return out


def samples(path: Path) -> tuple[wave._wave_params, array]:
    with wave.open(str(path)) as file:
        params = file.getparams()
        data = array("h", file.readframes(params.nframes))
    if sys.byteorder == "big":
        data.byteswap()
    return params, data


def test_shipped_files_are_what_the_script_makes(made):
    """Byte for byte: run scripts/make_sounds.py again after changing it."""
    made_files = sorted(p.relative_to(made) for p in made.rglob("*.wav"))
    shipped = sorted(p.relative_to(ASSETS) for folder in ("sounds", "music")
                     for p in (ASSETS / folder).glob("*.wav"))
    assert made_files == shipped
    for relative in made_files:
        assert (ASSETS / relative).read_bytes() == (made / relative).read_bytes(), \
            f"assets/{relative} differs from what scripts/make_sounds.py makes"


def test_one_file_per_name_and_track(made):
    assert sorted(p.stem for p in (made / "sounds").glob("*.wav")) == sorted(NAMES)
    assert sorted(p.stem for p in (made / "music").glob("*.wav")) == sorted(TRACKS)


@pytest.mark.parametrize("folder", ["sounds", "music"])
def test_format_is_16_bit_mono_22050(made, folder):
    for path in (made / folder).glob("*.wav"):
        params, data = samples(path)
        assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 22050), path
        peak = max(abs(v) for v in data)
        assert 0.2 * 32767 < peak < 0.7 * 32767, f"{path.name}: peak {peak / 32767:.2f}"


def seconds(path: Path) -> float:
    params, _ = samples(path)
    return params.nframes / params.framerate


def test_lengths(made):
    for name in NAMES:
        assert seconds(made / "sounds" / f"{name}.wav") <= 2.8, name
    assert 1.3 <= seconds(made / "sounds" / "fanfare.wav") <= 1.7
    assert 2.2 <= seconds(made / "sounds" / "celebration.wav") <= 2.8
    for short in ("click", "tick", "shot", "place", "snap", "miss"):
        assert seconds(made / "sounds" / f"{short}.wav") <= 0.25, short


def test_effects_start_and_end_quietly(made):
    """No click at either end: the first and last samples are (near) silence."""
    for name in NAMES:
        _, data = samples(made / "sounds" / f"{name}.wav")
        assert abs(data[0]) < 200 and abs(data[-1]) < 200, name


@pytest.mark.parametrize("track", TRACKS)
def test_music_loops_are_seamless_and_small(made, track):
    path = made / "music" / f"{track}.wav"
    assert 8.0 <= seconds(path) <= 12.0
    assert path.stat().st_size < 600 * 1024
    _, data = samples(path)
    steepest = max(abs(b - a) for a, b in pairwise(data))
    seam = abs(data[0] - data[-1])
    assert seam <= steepest, f"{track}: a jump of {seam} where the loop wraps"
    quarter = len(data) // 4  # sound all the way through, not a fade to silence at the seam
    for part in range(4):
        chunk = data[part * quarter:(part + 1) * quarter]
        assert max(abs(v) for v in chunk) > 0.1 * 32767, f"{track}: quiet quarter {part}"
    tail = data[-200:]
    assert max(abs(v) for v in tail) > 300, f"{track}: fades out before the seam"


def names_the_code_plays() -> set[str]:
    """Every string passed to <something>.sounds.play(...) or sounds.play(...) in learnsocial/:
    plain strings, both arms of a conditional, the values of a lookup dict and its default."""
    found: set[str] = set()

    def strings(node: ast.AST) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
        elif isinstance(node, ast.IfExp):
            strings(node.body)
            strings(node.orelse)
        elif isinstance(node, ast.Dict):
            for value in node.values:
                strings(value)
        elif isinstance(node, ast.Call):  # {...}.get(key, default)
            if isinstance(node.func, ast.Attribute):
                strings(node.func.value)
            for arg in node.args[1:]:
                strings(arg)

    for path in (ROOT / "learnsocial").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "play" and "sounds" in ast.unparse(node.func.value)):
                for arg in node.args:
                    strings(arg)
    return found


def test_every_name_the_code_plays_exists():
    played = names_the_code_plays()
    assert {"click", "hit", "wrong", "miss", "success", "fail"} <= played  # the scan works
    assert played <= set(NAMES), f"played but not made: {sorted(played - set(NAMES))}"
    for name in NAMES:
        assert (ASSETS / "sounds" / f"{name}.wav").is_file(), name


def test_start_up_reads_files_and_synthesises_nothing(monkeypatch):
    script = load_script()
    for function in ("tone", "noise", "lowpass"):
        monkeypatch.setattr(script, function, _forbidden)
    reads = []
    real = pygame.mixer.Sound

    def counting(*args, **kwargs):
        assert not kwargs and len(args) == 1 and Path(args[0]).is_file(), \
            "sounds must come from files, not from buffers built at start-up"
        reads.append(Path(args[0]))
        return real(*args)

    monkeypatch.setattr(pygame.mixer, "Sound", counting)
    sounds = Sounds()
    assert sounds.available
    assert sorted(p.stem for p in reads) == sorted(NAMES)
    assert all(p.parent == ASSETS / "sounds" for p in reads)
    assert not hasattr(sound, "synthesise")


def _forbidden(*_args, **_kwargs):
    raise AssertionError("synthesis ran at start-up")


class FakeEffect:
    def __init__(self, name: str, log: list):
        self.name, self.log, self.volume = name, log, None

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def play(self) -> None:
        self.log.append((self.name, self.volume))


def test_play_honours_mute_and_volume():
    sounds = Sounds(volume=0.4)
    started: list = []
    sounds._sounds = {name: FakeEffect(name, started) for name in sounds._sounds}
    sounds.play("hit")
    assert started == [("hit", 0.4)]
    sounds.muted = True
    sounds.play("hit")
    sounds.muted, sounds.volume = False, 0
    sounds.play("hit")
    sounds.volume = 1
    sounds.play("no-such-sound")
    sounds.play("match")
    assert started == [("hit", 0.4), ("match", 1)]


def test_a_missing_file_silences_only_that_sound(tmp_path):
    folder = tmp_path / "sounds"
    folder.mkdir()
    (folder / "click.wav").write_bytes((ASSETS / "sounds" / "click.wav").read_bytes())
    sounds = Sounds(folder=folder)
    assert sounds.available and set(sounds._sounds) == {"click"}
    sounds.play("hit")  # silent, no error


def no_device(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", refuse)
    monkeypatch.setattr(pygame.mixer, "Sound", refuse)
    monkeypatch.setattr(pygame.mixer.music, "load", refuse)
    monkeypatch.setattr(pygame.mixer.music, "play", refuse)


def test_silent_without_an_audio_device(monkeypatch):
    no_device(monkeypatch)
    sounds = Sounds()
    assert not sounds.available
    sounds.play("click")
    music = Music(enabled=True)
    music.play("map")
    assert music.playing is None and music.track == "map"
    music.stop()


@pytest.fixture
def mixer():
    pygame.mixer.init(22050, -16, 1, 512)
    yield
    pygame.mixer.music.stop()
    pygame.mixer.music.unload()


def test_music_is_off_by_default_and_remembers_the_track(mixer):
    music = Music()
    assert not music.enabled
    music.play("map")
    assert music.playing is None and not pygame.mixer.music.get_busy()
    music.enabled = True
    assert music.playing == "map" and pygame.mixer.music.get_busy()
    music.play("games")
    assert music.playing == "games"
    music.volume = 1.7
    assert music.volume == 1.0 and pygame.mixer.music.get_volume() == pytest.approx(1.0, 0.02)
    music.enabled = False
    assert music.playing is None and music.track == "games"
    music.enabled = True
    assert music.playing == "games"
    music.stop()
    assert music.playing is None and music.track is None


def test_an_unknown_track_is_silent(mixer):
    music = Music(enabled=True)
    music.play("no-such-track")
    assert music.playing is None
