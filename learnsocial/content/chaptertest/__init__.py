"""The chapter-test formats: for each game type its JSON Schema, its parser and its typed spec.

A spec is what the rules of a game (learnsocial.games) play and what the validator compares
across translations; nothing here knows how a game is played. Adding a game type is one module
here (spec, SCHEMA, parse) plus its rules in learnsocial.games and a view in learnsocial.ui.games.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from learnsocial.content.chaptertest import gallery, pairing, sequencing, sorting
from learnsocial.content.chaptertest.gallery import GallerySpec
from learnsocial.content.chaptertest.pairing import PairingSpec
from learnsocial.content.chaptertest.sequencing import SequencingSpec
from learnsocial.content.chaptertest.sorting import SortingSpec
from learnsocial.content.problems import Problems
from learnsocial.content.yamlfile import Fields

TestSpec = GallerySpec | SortingSpec | SequencingSpec | PairingSpec


@dataclass(frozen=True)
class TestFormat:
    name: str
    schema: dict[str, Any]  # JSON Schema of the chapter's `test:` mapping for this game
    parse: Callable[[Fields, Problems, str], TestSpec]


FORMATS: dict[str, TestFormat] = {
    module.GAME: TestFormat(module.GAME, module.SCHEMA, module.parse)
    for module in (gallery, sorting, sequencing, pairing)
}

__all__ = ["FORMATS", "TestFormat", "TestSpec", "GallerySpec", "SortingSpec",
           "SequencingSpec", "PairingSpec"]
