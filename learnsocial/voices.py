"""Narration voices: what a cast's ``voice:`` may say, and which voice each character gets.

Plain Python (no pygame, no speech engine): the content validator calls ``voice_is_valid`` for
the cast, and learnsocial.ui.voice picks voices with ``assign`` and ``voices_for``.

A cast member's ``voice`` is ``female`` or ``male`` (a variant of the language's voice), or the
name of a voice installed on the desktop (``Microsoft Katja``, ``Alva``, or an eSpeak NG variant
such as ``klatt``). Left out, the character speaks with the language's default voice.
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

FEMALE, MALE = "female", "male"
GENDERS = (FEMALE, MALE)
MAX_LENGTH = 60
# eSpeak NG's voice per language, and the variants every eSpeak (NG) install carries
# (espeak-ng --voices=variant): female1..5 and male1..7.
ESPEAK_LANGUAGES = {"sv": "sv", "de": "de", "en": "en-gb"}
ESPEAK_VARIANTS = {FEMALE: ("f1", "f2", "f3", "f4", "f5"),
                   MALE: ("m1", "m2", "m3", "m4", "m5", "m6", "m7")}
# A voice name: starts with a letter or digit; then letters, digits, spaces and . - _ ( ) + '
_NAME = re.compile(r"[^\W_][\w .()+'-]*")
_ESPEAK_VARIANT = re.compile(r"[A-Za-z0-9_-]+")

T = TypeVar("T")


def voice_is_valid(value: Any) -> bool:
    """Whether a cast's ``voice:`` value is usable: female, male or a voice name (at most 60
    characters, no line breaks or punctuation that no voice name has)."""
    return (isinstance(value, str) and 0 < len(value) <= MAX_LENGTH
            and _NAME.fullmatch(value) is not None and value == value.strip())


def gender(value: str | None) -> str | None:
    """'female' or 'male' when the voice asks for one (in any case), else None."""
    lowered = (value or "").strip().lower()
    return lowered if lowered in GENDERS else None


def espeak_voice(language: str, wanted: str | None, variant: str | None) -> str:
    """The -v argument: the language's voice with a variant (sv+f3), a named variant
    (de+klatt), or alone (en-gb). An unknown variant name makes eSpeak NG use its default."""
    base = ESPEAK_LANGUAGES.get(language, language)
    if variant:
        return f"{base}+{variant}"
    if wanted and not gender(wanted) and _ESPEAK_VARIANT.fullmatch(wanted):
        return f"{base}+{wanted}"
    return base


def assign(cast: Mapping[str, str | None], options: Mapping[str, Sequence[T]]) -> dict[str, T]:
    """Give each character whose voice is female or male one of ``options[gender]``.

    The same cast always gets the same voices (they follow the ids, not who speaks first), and
    two characters share a voice only when there are fewer voices than characters.
    """
    chosen: dict[str, T] = {}
    for wanted in GENDERS:
        choices = list(options.get(wanted, ()))
        if not choices:
            continue
        taken: set[int] = set()
        for character in sorted(c for c, v in cast.items() if gender(v) == wanted):
            start = _seed(character) % len(choices)
            index = next(((start + step) % len(choices) for step in range(len(choices))
                          if (start + step) % len(choices) not in taken), start)
            taken.add(index)
            chosen[character] = choices[index]
    return chosen


@dataclass(frozen=True)
class SystemVoice:
    """An installed voice as a speech engine lists it, tidied up."""

    id: str
    name: str
    languages: tuple[str, ...]  # primary language subtags: ("de",), ("en",)
    gender: str | None  # "female", "male" or None


def system_voice(voice: Any) -> SystemVoice:
    """From pyttsx3's Voice (id, name, languages, gender), whatever the platform spells."""
    languages = []
    for tag in getattr(voice, "languages", None) or ():
        if isinstance(tag, bytes):
            tag = tag.decode("utf-8", "ignore")
        primary = str(tag).strip().lower().replace("_", "-").split("-")[0]
        primary = "".join(ch for ch in primary if ch.isalpha())
        if 2 <= len(primary) <= 3:
            languages.append(primary)
    said = str(getattr(voice, "gender", "") or "").lower()  # Female, VoiceGenderFemale, ...
    found = FEMALE if FEMALE in said else MALE if MALE in said else None
    return SystemVoice(str(voice.id), str(getattr(voice, "name", "") or voice.id),
                       tuple(languages), found)


def voices_for(language: str, voices: Iterable[SystemVoice]) -> list[SystemVoice]:
    """The voices that speak a language, in a stable order."""
    return sorted((v for v in voices if language in v.languages), key=lambda v: v.id)


def named(name: str, voices: Iterable[SystemVoice]) -> SystemVoice | None:
    """An installed voice by its id or name; a part of the name will do ('Katja')."""
    wanted = name.strip().lower()
    ordered = sorted(voices, key=lambda v: v.id)
    for match in (lambda v: wanted in (v.id.lower(), v.name.lower()),
                  lambda v: wanted in v.name.lower()):
        found = next((v for v in ordered if match(v)), None)
        if found:
            return found
    return None


def choose_system_voice(language: str, speaker: str | None, cast: Mapping[str, str | None],
                        voices: Sequence[SystemVoice]) -> SystemVoice | None:
    """The installed voice a character speaks with: a named voice if installed; else one of
    the requested gender for the language (each woman of the cast her own while there are
    enough); else any voice of the language. None: no installed voice speaks the language."""
    wanted = cast.get(speaker) if speaker else None
    if wanted and not gender(wanted):
        found = named(wanted, voices)
        if found:
            return found
    own = voices_for(language, voices)
    if not own:
        return None
    if speaker and gender(wanted):
        by_gender = {g: [v for v in own if v.gender == g] for g in GENDERS}
        picked = assign(cast, by_gender).get(speaker)
        if picked:
            return picked
    return own[_seed(speaker or "") % len(own)]


def _seed(character: str) -> int:
    return zlib.crc32(character.encode("utf-8"))
