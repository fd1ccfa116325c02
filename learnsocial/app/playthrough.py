"""A learner's way through one chapter: beat after beat, as `Chapter.after` says.

A beat is what the player shows at one time: a scene's own text (a choice scene's question
included), one reaction line to the option taken, or the reflection on it. The trail holds the
beats reached so far, so Back follows the path actually taken, branches included; a choice once
taken stands (Back stops at its first reaction), as it would at work. The transcript is what the
history screen lists: every line reached, each option taken and its reflection. PURE: no pygame,
nothing recorded here (the player records through the session).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from learnsocial.content.model import TO_TEST, Chapter, Choice, Scene
from learnsocial.i18n import _


class BeatKind(StrEnum):
    SCENE = "scene"
    REACTION = "reaction"
    REFLECTION = "reflection"


@dataclass(frozen=True)
class Beat:
    kind: BeatKind
    scene: Scene
    speaker: str  # a cast id; "" for a reflection (nobody says it)
    text: str
    mood: str = "neutral"
    choice: Choice | None = None  # the option taken (reactions and reflection)
    reaction: int = 0  # which reaction line (0 first)

    @property
    def asks(self) -> bool:
        """A choice scene's question: the story waits for the learner's choice."""
        return self.kind == BeatKind.SCENE and self.scene.is_choice


class EntryKind(StrEnum):
    LINE = "line"  # a character's line (scene text or reaction)
    CHOICE = "choice"  # the option the learner took
    REFLECTION = "reflection"  # why that option was good or not


@dataclass(frozen=True)
class TranscriptEntry:
    kind: EntryKind
    speaker: str  # a cast id for lines; "" otherwise
    text: str
    rating: str = ""  # for choices and reflections: best, ok or poor


class Step(StrEnum):
    """What advance() did."""

    MOVED = "moved"  # to another beat of the same scene
    NEW_SCENE = "new_scene"  # into another scene
    ASK = "ask"  # nothing: the question waits for a choice
    END = "end"  # the story is over: on to the test


def rating_label(rating: str) -> str:
    """What a rating says in words (the icon's shape says it too; colour never alone)."""
    labels = {"best": _("The best choice"), "ok": _("A fair choice"),
              "poor": _("Not a good choice")}
    return labels.get(rating, rating)


class Playthrough:
    def __init__(self, chapter: Chapter, start_scene_id: str | None = None,
                 start_index: int | None = None):
        self.chapter = chapter
        if start_index is not None:
            index = max(0, min(start_index, len(chapter.scenes) - 1))
        else:
            index = chapter.scene_index(start_scene_id)
        self.trail: list[Beat] = []
        self.transcript: list[TranscriptEntry] = []
        self.choices: dict[str, str] = {}  # scene id -> option id taken in this run
        self.position = 0
        self.floor = 0  # Back never goes before this beat
        self._reach(self._scene_beat(chapter.scenes[index]))

    # -- where we are ---------------------------------------------------------------------
    @property
    def beat(self) -> Beat:
        return self.trail[self.position]

    @property
    def scene(self) -> Scene:
        return self.beat.scene

    @property
    def index(self) -> int:
        """The current scene's place in the chapter's list (for "Scene 3 / 12")."""
        return self.chapter.scene_index(self.scene.id)

    @property
    def awaiting_choice(self) -> bool:
        return self.beat.asks and self.position == len(self.trail) - 1

    @property
    def can_go_back(self) -> bool:
        return self.position > self.floor

    # -- moving ---------------------------------------------------------------------------
    def advance(self) -> Step:
        if self.position + 1 < len(self.trail):  # forward again after going back
            self.position += 1
            return self._step_from(self.trail[self.position - 1])
        if self.awaiting_choice:
            return Step.ASK
        following = self._following(self.beat)
        if following is None:
            return Step.END
        self._reach(following)
        return self._step_from(self.trail[self.position - 1])

    def back(self) -> Step | None:
        """One beat back along the path taken; None where it cannot (the start, or a choice
        already taken)."""
        if not self.can_go_back:
            return None
        self.position -= 1
        after = self.trail[self.position + 1]
        return Step.NEW_SCENE if after.scene.id != self.scene.id else Step.MOVED

    def choose(self, option_id: str) -> Choice:
        """Take an option of the question waiting; its reaction follows at once."""
        if not self.awaiting_choice:
            raise ValueError("no question is waiting for a choice")
        scene = self.scene
        choice = scene.option(option_id)
        if choice is None:
            raise ValueError(f"scene {scene.id!r} has no option {option_id!r}")
        self.choices[scene.id] = choice.id
        self.transcript.append(TranscriptEntry(EntryKind.CHOICE, "", choice.text,
                                               str(choice.rating)))
        following = self._following(self.beat)
        assert following is not None  # a reaction or the reflection always follows
        self._reach(following)
        self.floor = self.position
        return choice

    def reload(self, chapter: Chapter) -> None:
        """The chapter was read again (F5): the same place in the fresh text."""
        self.chapter = chapter
        kept = [fresh for beat in self.trail if (fresh := self._resolve(beat)) is not None]
        current = self._resolve(self.beat)
        if current is None:
            start = chapter.scene(self.scene.id) or chapter.scenes[0]
            current = self._scene_beat(start)
        if current not in kept:
            kept = [current]
        self.position = kept.index(current)
        self.trail = kept[:self.position + 1]
        self.floor = min(self.floor, self.position)

    # -- beats ----------------------------------------------------------------------------
    def _reach(self, beat: Beat) -> None:
        self.trail.append(beat)
        self.position = len(self.trail) - 1
        if beat.kind == BeatKind.REFLECTION:
            rating = str(beat.choice.rating) if beat.choice else ""
            self.transcript.append(TranscriptEntry(EntryKind.REFLECTION, "", beat.text, rating))
        else:
            self.transcript.append(TranscriptEntry(EntryKind.LINE, beat.speaker, beat.text))

    def _step_from(self, previous: Beat) -> Step:
        return Step.NEW_SCENE if previous.scene.id != self.scene.id else Step.MOVED

    @staticmethod
    def _scene_beat(scene: Scene) -> Beat:
        return Beat(BeatKind.SCENE, scene, scene.speaker, scene.text, scene.mood)

    @staticmethod
    def _reaction_or_reflection(scene: Scene, choice: Choice, number: int) -> Beat:
        if number < len(choice.reaction):
            line = choice.reaction[number]
            return Beat(BeatKind.REACTION, scene, line.speaker, line.text, line.mood, choice,
                        number)
        return Beat(BeatKind.REFLECTION, scene, "", choice.reflection, choice=choice)

    def _following(self, beat: Beat) -> Beat | None:
        """The beat after this one; None when the story goes on to the test."""
        scene = beat.scene
        if beat.asks:
            choice = scene.option(self.choices.get(scene.id, ""))
            return None if choice is None else self._reaction_or_reflection(scene, choice, 0)
        if beat.kind == BeatKind.REACTION and beat.choice is not None:
            return self._reaction_or_reflection(scene, beat.choice, beat.reaction + 1)
        target = self.chapter.after(scene, beat.choice)
        following = None if target == TO_TEST else self.chapter.scene(target)
        return None if following is None else self._scene_beat(following)

    def _resolve(self, beat: Beat) -> Beat | None:
        """The same beat in the current chapter's text (None: it is gone)."""
        scene = self.chapter.scene(beat.scene.id)
        if scene is None:
            return None
        if beat.kind == BeatKind.SCENE:
            return self._scene_beat(scene)
        choice = scene.option(beat.choice.id) if beat.choice else None
        if choice is None:
            return None
        if beat.kind == BeatKind.REACTION:
            number = min(beat.reaction, len(choice.reaction))
            return self._reaction_or_reflection(scene, choice, number)
        return Beat(BeatKind.REFLECTION, scene, "", choice.reflection, choice=choice)
