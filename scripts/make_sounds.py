#!/usr/bin/env python3
"""Synthesise LearnSocial's sound effects and music loops into WAV files.

Usage:
    python scripts/make_sounds.py [--out assets]

Writes <out>/sounds/<name>.wav for every effect in EFFECTS and <out>/music/<track>.wav for every
loop in TRACKS: 16-bit mono at 22050 Hz. Everything is made from sine tones and seeded noise
shaped by envelopes and simple filters; nothing is downloaded and nothing depends on the clock,
so the same script always writes the same bytes (a test checks the shipped files against it).

The app only reads these files (learnsocial/ui/sound.py); synthesis happens here, once, not at
every start-up.
"""
from __future__ import annotations

import argparse
import math
import random
import sys
import wave
from array import array
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

RATE = 22050
TAU = 2 * math.pi
EFFECT_PEAK = 0.6  # effects peak at -4.4 dBFS: soft, never clipping when two overlap
MUSIC_PEAK = 0.34  # music sits well below the effects


# --- a buffer of float samples ----------------------------------------------------------------

class Buffer:
    """Float samples (-1..1 when finished) that voices are mixed into."""

    def __init__(self, seconds: float):
        self.samples = [0.0] * round(seconds * RATE)

    def add(self, start: float, voice: Sequence[float], gain: float = 1.0) -> None:
        first = round(start * RATE)
        out = self.samples
        for i, value in enumerate(voice, first):
            if i >= len(out):
                break
            out[i] += value * gain

    def normalised(self, peak: float) -> list[float]:
        loudest = max((abs(s) for s in self.samples), default=0.0) or 1.0
        return [s * peak / loudest for s in self.samples]


def frequency(note: str) -> float:
    """Equal-tempered pitch of a note name like 'A4', 'C#5' or 'Bb3'."""
    names = {"C": -9, "D": -7, "E": -5, "F": -4, "G": -2, "A": 0, "B": 2}
    semitone = names[note[0]]
    rest = note[1:]
    if rest[0] == "#":
        semitone, rest = semitone + 1, rest[1:]
    elif rest[0] == "b":
        semitone, rest = semitone - 1, rest[1:]
    return 440.0 * 2 ** ((semitone + 12 * (int(rest) - 4)) / 12)


# --- voices: lists of samples -----------------------------------------------------------------

def tone(freq: float, seconds: float, *, attack: float = 0.005, decay: float = 4.0,
         harmonics: Sequence[float] = (1.0,), glide_to: float | None = None,
         vibrato: float = 0.0, release: float = 0.0) -> list[float]:
    """A sine (plus harmonics, given as loudness per multiple) with a soft attack and an
    exponential fade; decay is how many e-folds over the length; glide_to bends the pitch;
    release is a linear fade-out over the last seconds."""
    n = round(seconds * RATE)
    out = [0.0] * n
    phase = 0.0
    release_n = round(release * RATE)
    total = sum(harmonics)
    for i in range(n):
        t = i / RATE
        f = freq if glide_to is None else freq * (glide_to / freq) ** (i / n)
        if vibrato:
            f *= 1 + vibrato * math.sin(TAU * 5.2 * t) * min(1.0, t / 0.3)
        phase += TAU * f / RATE
        value = 0.0
        for k, loud in enumerate(harmonics, 1):
            if loud:
                value += loud * math.sin(k * phase)
        envelope = min(1.0, t / attack) * math.exp(-decay * t / seconds)
        if release_n and i > n - release_n:
            envelope *= (n - i) / release_n
        out[i] = value / total * envelope
    return out


def noise(seconds: float, seed: int, *, attack: float = 0.002, decay: float = 6.0,
          low: float | None = None, high: float | None = None) -> list[float]:
    """Seeded white noise through an optional low-pass (low Hz) and high-pass (high Hz)."""
    rng = random.Random(seed)
    n = round(seconds * RATE)
    raw = [rng.uniform(-1.0, 1.0) for _ in range(n)]
    if low is not None:
        raw = lowpass(raw, low)
    if high is not None:
        raw = [x - y for x, y in zip(raw, lowpass(raw, high), strict=True)]
    return [x * min(1.0, (i / RATE) / attack) * math.exp(-decay * i / n)
            for i, x in enumerate(raw)]


def lowpass(samples: Sequence[float], cutoff: float | Callable[[float], float]) -> list[float]:
    """One-pole low-pass; cutoff may change over time (a function of the share 0..1 done)."""
    out = []
    y = 0.0
    n = len(samples) or 1
    for i, x in enumerate(samples):
        fc = cutoff(i / n) if callable(cutoff) else cutoff
        y += (1 - math.exp(-TAU * fc / RATE)) * (x - y)
        out.append(y)
    return out


def envelope_shape(samples: Sequence[float], shape: Callable[[float], float]) -> list[float]:
    n = len(samples) or 1
    return [x * shape(i / n) for i, x in enumerate(samples)]


def chord(notes: Iterable[str], seconds: float, spread: float = 0.0, **kwargs) -> Buffer:
    """Notes together, or one after another every spread seconds (an arpeggio)."""
    notes = list(notes)
    buffer = Buffer(seconds + spread * len(notes))
    for k, note in enumerate(notes):
        buffer.add(k * spread, tone(frequency(note), seconds, **kwargs), 1 / len(notes) ** 0.5)
    return buffer


BELL = (1.0, 0.0, 0.25, 0.0, 0.08)  # odd partials: a soft bell / marimba
PLUCK = (1.0, 0.35, 0.12)
WARM = (1.0, 0.3, 0.1, 0.05)


# --- the effects --------------------------------------------------------------------------------

def click() -> Buffer:
    out = Buffer(0.05)
    out.add(0, tone(1250, 0.04, attack=0.001, decay=9))
    out.add(0, noise(0.012, seed=1, low=5000, decay=8), 0.25)
    return out


def success() -> Buffer:
    out = Buffer(0.9)
    for k, note in enumerate(("C5", "E5", "G5")):
        out.add(k * 0.08, tone(frequency(note), 0.75 - k * 0.08, decay=4, harmonics=BELL), 0.5)
    out.add(0.24, tone(frequency("C6"), 0.6, decay=5, harmonics=BELL), 0.3)
    return out


def fail() -> Buffer:
    """Gentle, not a buzzer: two low notes stepping down."""
    out = Buffer(0.7)
    out.add(0, tone(frequency("E4"), 0.3, decay=3, harmonics=WARM), 0.5)
    out.add(0.22, tone(frequency("C4"), 0.45, decay=4, harmonics=WARM, glide_to=frequency("B3")),
            0.5)
    return out


def toast() -> Buffer:
    out = Buffer(0.45)
    out.add(0, tone(frequency("E6"), 0.3, decay=5, harmonics=BELL), 0.45)
    out.add(0.09, tone(frequency("B5"), 0.35, decay=5, harmonics=BELL), 0.45)
    return out


def fanfare() -> Buffer:
    """Chapter completed: a rising call and a held major chord (about 1.5 s)."""
    out = Buffer(1.55)
    brass = (1.0, 0.55, 0.35, 0.2, 0.1)
    for k, note in enumerate(("G4", "C5", "E5")):
        out.add(k * 0.12, tone(frequency(note), 0.16, attack=0.02, decay=1.5, harmonics=brass),
                0.45)
    for note in ("C5", "E5", "G5", "C4"):
        out.add(0.36, tone(frequency(note), 1.15, attack=0.05, decay=2.6, harmonics=brass,
                           vibrato=0.004, release=0.25), 0.32)
    out.add(0.36, tone(frequency("C7"), 0.6, decay=6, harmonics=BELL), 0.12)
    return out


def celebration() -> Buffer:
    """Course completed: a run up two octaves, sparkles, and a swelling chord (about 2.5 s)."""
    out = Buffer(2.55)
    run = ("C5", "D5", "E5", "G5", "A5", "C6", "D6", "E6", "G6")
    for k, note in enumerate(run):
        out.add(k * 0.065, tone(frequency(note), 0.4, decay=5, harmonics=BELL), 0.32)
    for note in ("C4", "G4", "C5", "E5", "G5"):
        out.add(0.6, tone(frequency(note), 1.9, attack=0.25, decay=2.2, harmonics=WARM,
                          vibrato=0.003, release=0.5), 0.25)
    rng = random.Random(2)
    sparkle = ("C7", "D7", "E7", "G7", "A7")
    for k in range(14):
        out.add(0.65 + k * 0.11 + rng.uniform(0, 0.04),
                tone(frequency(rng.choice(sparkle)), 0.25, decay=7), 0.08 * (1 - k / 16))
    return out


def shot() -> Buffer:
    """A soft pop with a little air."""
    out = Buffer(0.14)
    out.add(0, tone(420, 0.09, attack=0.001, decay=6, glide_to=110), 0.8)
    out.add(0, noise(0.06, seed=3, low=3000, decay=7), 0.35)
    return out


def hit() -> Buffer:
    """The target flips: a wooden knock, then a bright tone."""
    out = Buffer(0.42)
    out.add(0, tone(520, 0.06, attack=0.001, decay=9, harmonics=(1.0, 0.0, 0.4)), 0.6)
    out.add(0, noise(0.015, seed=4, low=2500, decay=6), 0.3)
    out.add(0.045, tone(frequency("E6"), 0.35, decay=5, harmonics=BELL), 0.45)
    return out


def wrong() -> Buffer:
    """A low, slightly detuned pair bending down: clearly 'no', still soft."""
    out = Buffer(0.34)
    for f in (196.0, 185.0):
        out.add(0, tone(f, 0.32, attack=0.01, decay=3, harmonics=WARM, glide_to=f * 0.92), 0.5)
    return out


def miss() -> Buffer:
    out = Buffer(0.16)
    out.add(0, tone(160, 0.12, attack=0.003, decay=5, glide_to=120), 0.6)
    out.add(0, noise(0.08, seed=5, low=900, decay=5), 0.3)
    return out


def tick() -> Buffer:
    out = Buffer(0.04)
    out.add(0, tone(2100, 0.03, attack=0.0005, decay=10, harmonics=(1.0, 0.0, 0.3)))
    return out


def bonus() -> Buffer:
    out = Buffer(0.55)
    for k, note in enumerate(("G5", "B5", "D6", "G6")):
        out.add(k * 0.055, tone(frequency(note), 0.35, decay=5, harmonics=BELL), 0.4)
    out.add(0.2, noise(0.3, seed=6, high=6000, decay=5), 0.05)
    return out


def whoosh() -> Buffer:
    """A card flies: noise through a filter that opens and closes."""
    raw = noise(0.3, seed=7, attack=0.001, decay=0)
    swept = lowpass(raw, lambda t: 300 + 2600 * math.sin(math.pi * t))
    out = Buffer(0.3)
    out.add(0, envelope_shape(swept, lambda t: math.sin(math.pi * t) ** 2))
    return out


def drop() -> Buffer:
    """The card lands in the bin: a soft thump and a small tock."""
    out = Buffer(0.22)
    out.add(0, tone(190, 0.16, attack=0.002, decay=6, glide_to=120), 0.7)
    out.add(0, noise(0.05, seed=8, low=1200, decay=6), 0.35)
    out.add(0.01, tone(820, 0.05, attack=0.001, decay=8), 0.2)
    return out


def place() -> Buffer:
    out = Buffer(0.12)
    out.add(0, tone(700, 0.09, attack=0.001, decay=7, harmonics=(1.0, 0.0, 0.3)), 0.6)
    out.add(0, tone(350, 0.1, attack=0.001, decay=6), 0.4)
    return out


def snap() -> Buffer:
    """Clicks into place: two quick clicks and a short bright tone."""
    out = Buffer(0.2)
    out.add(0, noise(0.008, seed=9, high=2000, decay=4), 0.5)
    out.add(0.03, noise(0.008, seed=10, high=2000, decay=4), 0.4)
    out.add(0.03, tone(frequency("A6"), 0.15, attack=0.001, decay=6, harmonics=BELL), 0.4)
    return out


def link() -> Buffer:
    """A line is drawn: a short rising glide."""
    out = Buffer(0.22)
    out.add(0, tone(480, 0.2, attack=0.02, decay=3, glide_to=920, harmonics=(1.0, 0.2)), 0.6)
    return out


def match() -> Buffer:
    """A pair found: a bright fifth."""
    return chord(("A5", "E6"), 0.45, spread=0.05, decay=4.5, harmonics=BELL)


EFFECTS: dict[str, Callable[[], Buffer]] = {
    "click": click, "success": success, "fail": fail, "toast": toast, "fanfare": fanfare,
    "celebration": celebration, "shot": shot, "hit": hit, "wrong": wrong, "miss": miss,
    "tick": tick, "bonus": bonus, "whoosh": whoosh, "drop": drop, "place": place, "snap": snap,
    "link": link, "match": match,
}


# --- music loops ---------------------------------------------------------------------------------

class Loop:
    """Bars of music on a beat grid; whatever rings past the end wraps round to the start,
    so the file loops without a seam."""

    def __init__(self, bpm: float, bars: int, beats_per_bar: int = 4):
        self.beat = 60.0 / bpm
        self.length = round(bars * beats_per_bar * self.beat * RATE)
        self.buffer = Buffer(self.length / RATE + 3.0)  # room for tails

    def add(self, beat: float, voice: Sequence[float], gain: float) -> None:
        self.buffer.add(beat * self.beat, voice, gain)

    def finished(self) -> Buffer:
        samples = self.buffer.samples
        for i in range(self.length, len(samples)):
            samples[i - self.length] += samples[i]
        out = Buffer(0)
        out.samples = samples[:self.length]
        return out


def pad(loop: Loop, notes: Sequence[str], beat: float, beats: float, gain: float) -> None:
    """Soft sustained chord tones, each doubled a hair sharp for a slow shimmer."""
    seconds = beats * loop.beat
    for note in notes:
        f = frequency(note)
        for detune in (1.0, 1.0025):
            loop.add(beat, tone(f * detune, seconds + 0.4, attack=0.35, decay=0.8,
                                harmonics=WARM, release=0.5), gain)


def map_music() -> Buffer:
    """The chapter map: calm, F major, I-vi-IV-V at 90 bpm, four bars (about 10.7 s)."""
    loop = Loop(bpm=90, bars=4)
    chords = (("F3", "A3", "C4"), ("D3", "F3", "A3"), ("Bb2", "D3", "F3"), ("C3", "E3", "G3"))
    roots = ("F2", "D2", "Bb1", "C2")
    arps = (("F4", "A4", "C5", "A4"), ("D4", "F4", "A4", "F4"), ("Bb3", "D4", "F4", "D4"),
            ("C4", "E4", "G4", "E4"))
    melody = (("C5", 0), ("A4", 1.5), ("F5", 3)), (("D5", 0.5), ("C5", 2)), \
             (("D5", 0), ("F5", 1.5), ("E5", 3)), (("G4", 0.5), ("E5", 2))
    for bar in range(4):
        start = bar * 4
        pad(loop, chords[bar], start, 4, 0.12)
        for beat in (0, 2):
            loop.add(start + beat, tone(frequency(roots[bar]), 1.2, attack=0.02, decay=3,
                                        harmonics=(1.0, 0.4, 0.1)), 0.35)
        for k in range(8):
            note = arps[bar][k % 4]
            loop.add(start + k * 0.5, tone(frequency(note), 0.9, attack=0.004, decay=5,
                                           harmonics=PLUCK), 0.13)
        for note, beat in melody[bar]:
            loop.add(start + beat, tone(frequency(note), 1.4, attack=0.006, decay=4.5,
                                        harmonics=BELL), 0.16)
    return loop.finished()


def games_music() -> Buffer:
    """The games: light and bouncy, C major, I-vi-IV-V at 108 bpm, four bars (about 8.9 s)."""
    loop = Loop(bpm=108, bars=4)
    chords = (("C4", "E4", "G4"), ("A3", "C4", "E4"), ("F3", "A3", "C4"), ("G3", "B3", "D4"))
    roots = ("C2", "A1", "F1", "G1")
    motif = ((0, 0), (0.75, 1), (1.5, 2), (2.5, 1), (3, 2), (3.5, 0))  # beat, chord tone
    for bar in range(4):
        start = bar * 4
        for beat, length in ((0, 0.7), (1.5, 0.4), (2, 0.7), (3.5, 0.4)):  # bouncy bass
            loop.add(start + beat, tone(frequency(roots[bar]) * 2, length, attack=0.005,
                                        decay=4, harmonics=(1.0, 0.5, 0.2)), 0.34)
        for beat in (0, 2):  # a soft kick
            loop.add(start + beat, tone(110, 0.16, attack=0.002, decay=6, glide_to=48), 0.2)
        for k in range(8):  # light hats on the off-beats
            if k % 2:
                loop.add(start + k * 0.5, noise(0.04, seed=100 + bar * 8 + k, high=7000,
                                                decay=7), 0.06)
        for beat in (1, 3):  # stabs of the chord
            for note in chords[bar]:
                loop.add(start + beat, tone(frequency(note), 0.35, attack=0.004, decay=6,
                                            harmonics=PLUCK), 0.09)
        for beat, index in motif:  # a marimba line an octave up
            note = chords[bar][index]
            up = frequency(note) * 2
            loop.add(start + beat, tone(up, 0.45, attack=0.003, decay=6, harmonics=BELL), 0.12)
    return loop.finished()


TRACKS: dict[str, Callable[[], Buffer]] = {"map": map_music, "games": games_music}


# --- files ---------------------------------------------------------------------------------------

def pcm(samples: Sequence[float]) -> bytes:
    """16-bit little-endian PCM, with 2 ms fades at both ends so nothing clicks."""
    fade = min(len(samples) // 2, round(0.002 * RATE))
    values = array("h")
    for i, s in enumerate(samples):
        if i < fade:
            s *= i / fade
        elif i >= len(samples) - fade:
            s *= (len(samples) - 1 - i) / fade
        values.append(max(-32767, min(32767, round(s * 32767))))
    if sys.byteorder == "big":
        values.byteswap()
    return values.tobytes()


def loop_pcm(samples: Sequence[float]) -> bytes:
    """Like pcm() but without end fades: a loop's end flows into its start."""
    values = array("h", (max(-32767, min(32767, round(s * 32767))) for s in samples))
    if sys.byteorder == "big":
        values.byteswap()
    return values.tobytes()


def write_wav(path: Path, frames: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


def make_all(out: Path) -> list[Path]:
    """Write every effect and loop under out (sounds/, music/); returns the paths."""
    written = []
    for name, make in EFFECTS.items():
        path = out / "sounds" / f"{name}.wav"
        write_wav(path, pcm(make().normalised(EFFECT_PEAK)))
        written.append(path)
    for name, make in TRACKS.items():
        path = out / "music" / f"{name}.wav"
        write_wav(path, loop_pcm(make().normalised(MUSIC_PEAK)))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Synthesise the sound effects (sounds/<name>.wav) and music loops "
                    "(music/<track>.wav), 16-bit mono 22050 Hz; deterministic, nothing "
                    "downloaded.")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "assets",
                        help="folder to write sounds/ and music/ into (default: assets)")
    args = parser.parse_args(argv)
    paths = make_all(args.out)
    print(f"{len(paths)} sound files written under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
