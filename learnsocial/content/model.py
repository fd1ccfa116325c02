"""The course as typed objects: what scenes and the CLI read, never raw YAML."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from learnsocial.content.chaptertest import TestSpec

TO_TEST = "test"  # `next: test` goes from a scene straight to the chapter test


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


class Rating(StrEnum):
    """How good a choice in a "what would you do?" scene is (never graded)."""

    BEST = "best"
    OK = "ok"
    POOR = "poor"


@dataclass(frozen=True)
class Line:
    """One line of dialogue: who says it, how they look, what they say."""

    speaker: str
    text: str
    mood: str = "neutral"


@dataclass(frozen=True)
class Choice:
    """One option of a choice scene: what the learner does, how the cast reacts, and why."""

    id: str
    text: str
    rating: Rating
    reaction: tuple[Line, ...]
    reflection: str
    next: str | None = None  # a scene id or TO_TEST; None: the scene after the choice scene
    line: int = 0


@dataclass(frozen=True)
class Scene:
    id: str
    speaker: str
    text: str
    mood: str = "neutral"
    line: int = 0  # where it stands in its file, for messages
    backdrop: str = ""  # resolved: the scene's own or the one in force before it
    next: str | None = None  # a scene id or TO_TEST; None: the scene listed after it
    options: tuple[Choice, ...] = ()

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    def option(self, option_id: str) -> Choice | None:
        return next((o for o in self.options if o.id == option_id), None)


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

    def scene(self, scene_id: str) -> Scene | None:
        return next((s for s in self.scenes if s.id == scene_id), None)

    def after(self, scene: Scene, choice: Choice | None = None) -> str:
        """Where the story goes after a scene (and the option taken): a scene id or TO_TEST."""
        target = choice.next if choice is not None and choice.next else scene.next
        if target:
            return target
        index = self.scenes.index(scene)
        return self.scenes[index + 1].id if index + 1 < len(self.scenes) else TO_TEST

    def successors(self, scene: Scene) -> set[str]:
        """Every place the story can go from a scene."""
        if scene.options:
            return {self.after(scene, option) for option in scene.options}
        return {self.after(scene)}

    @property
    def choice_scenes(self) -> list[Scene]:
        return [s for s in self.scenes if s.options]


@dataclass(frozen=True)
class Notice:
    """What learners are told about the data recorded on them (shown before chapter 1)."""

    version: int
    title: str
    text: str


@dataclass
class Course:
    id: str
    title: str
    welcome: str
    source_language: str
    language: str
    cast: dict[str, Character]
    chapters: list[Chapter] = field(default_factory=list)
    notice: Notice | None = None

    def chapter(self, chapter_id: str) -> Chapter | None:
        return next((c for c in self.chapters if c.id == chapter_id), None)
