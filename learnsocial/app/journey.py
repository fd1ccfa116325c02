"""The course as a journey: where a learner stands in each chapter, and how long one takes."""
from __future__ import annotations

import math

from learnsocial.content.model import Chapter
from learnsocial.i18n import _
from learnsocial.progress.records import ChapterProgress
from learnsocial.progress.status import ChapterStatus

READING_CHARS_PER_MIN = 900  # read along with the narration: about 150 words a minute
SECONDS_PER_ITEM = 20.0  # one test question or placed item, with its feedback
TEST_INTRO_S = 30.0


def chapter_status(record: ChapterProgress | None) -> ChapterStatus:
    """A chapter's status as the store's one summary rule gave it (records.chapter_summary)."""
    if record is None or record.status not in tuple(ChapterStatus):
        return ChapterStatus.NOT_STARTED
    return ChapterStatus(record.status)


def story_chars(chapter: Chapter) -> int:
    """The text a learner reads on one way through the story: every scene, every option of a
    choice, and one reaction with its reflection (the longest, to be safe)."""
    total = 0
    for scene in chapter.scenes:
        total += len(scene.text)
        if scene.options:
            total += sum(len(option.text) for option in scene.options)
            total += max(sum(len(line.text) for line in option.reaction) +
                         len(option.reflection) for option in scene.options)
    return total


def estimated_minutes(chapter: Chapter) -> int:
    """Minutes to read the story and take the test, rounded up; at least one."""
    seconds = story_chars(chapter) / READING_CHARS_PER_MIN * 60
    if chapter.test is not None:
        seconds += TEST_INTRO_S + SECONDS_PER_ITEM * len(chapter.test.spec.items())
    return max(1, math.ceil(seconds / 60))


def game_name(game: str) -> str:
    """The kind of test, as the map names it."""
    names = {"gallery": _("Shooting gallery"), "sorting": _("Sorting"),
             "sequencing": _("Putting in order"), "pairing": _("Pairing")}
    return names.get(game, game)
