"""The course as typed objects: what scenes and the CLI read, never raw YAML."""
from __future__ import annotations

from dataclasses import dataclass, field

from learnsocial.content.chaptertest import TestSpec

@dataclass(frozen=True)
class Character:
    id: str
    name: str
    role: str
    colour: str
    portrait: str  # folder under assets/ holding one PNG per mood
    pitch: int | None = None  # narration voice; derived from the id when not set
    rate: int | None = None
    voice: str | None = None  # "female", "male" (a voice variant) or a named system voice


@dataclass(frozen=True)
class Scene:
    id: str
    speaker: str
    text: str
    mood: str = "neutral"
    line: int = 0  # where it stands in its file, for messages


@dataclass(frozen=True)
class ChapterTest:
    intro: str
    spec: TestSpec
    line: int = 0

    @property
    def game(self) -> str:
        return self.spec.game


@dataclass
class Chapter:
    id: str
    folder: str
    language: str
    title: str
    summary: str
    colour: str
    pass_mark: float
    scenes: list[Scene]
    test: ChapterTest | None
    version: str = ""  # short hash of the file, stored with each attempt
    fallback: bool = False  # True when shown in the source language for want of a translation

    def scene_index(self, scene_id: str | None) -> int:
        """Position of a scene by its stable id; 0 when unknown (e.g. deleted by an author)."""
        for index, scene in enumerate(self.scenes):
            if scene.id == scene_id:
                return index
        return 0


@dataclass
class Course:
    id: str
    title: str
    welcome: str
    source_language: str
    language: str
    cast: dict[str, Character]
    chapters: list[Chapter] = field(default_factory=list)

    def chapter(self, chapter_id: str) -> Chapter | None:
        return next((c for c in self.chapters if c.id == chapter_id), None)
