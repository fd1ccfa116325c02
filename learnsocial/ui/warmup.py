"""Work made ready ahead, on one worker thread, so no frame waits for a file.

Opening a chapter loads and tones its backdrops and portraits (about 100 ms); the language
screen reads three locales' names from Babel (about 60 ms); the first sign-in reads the course
in every language for the statements' names. Each of these is asked for here as soon as the
screen before it shows (the map warms the chapter in focus), runs on the worker while the
learner reads or moves, and is waited for (without spending the render thread's time) only if
the learner is faster than the worker.

A job runs once per key; asking again returns the same future. A job that fails is logged and
its future holds the error; what it should have made ready is then made when first drawn.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import fields, is_dataclass
from typing import TYPE_CHECKING, Any

from learnsocial.ui import portraits
from learnsocial.ui.backdrops import toned
from learnsocial.ui.theme import BODY, DIALOGUE, HEADING, SMALL, TITLE

if TYPE_CHECKING:
    from learnsocial.app.session import Session
    from learnsocial.content.model import Chapter, Course
    from learnsocial.ui.theme import Theme

log = logging.getLogger(__name__)


class Warmup:
    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._jobs: dict[Hashable, Future[Any]] = {}

    def ahead(self, key: Hashable, job: Callable[[], Any]) -> Future[Any]:
        """Start `job` on the worker unless a job with this key was started already."""
        known = self._jobs.get(key)
        if known is not None:
            return known
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="learnsocial-warm")
        future = self._pool.submit(job)
        future.add_done_callback(_log_failure)
        self._jobs[key] = future
        return future

    def forget(self, key: Hashable) -> None:
        """The next ask runs the job again (what it made ready has changed)."""
        self._jobs.pop(key, None)

    def chapter_pictures(self, theme: Theme, session: Session, chapter: Chapter
                         ) -> Future[Any]:
        """Load and tone a chapter's backdrops and portraits (both talking frames) for the
        theme's palette; a picture costs 3 to 15 ms the first time."""
        colour = theme.hex_colour(chapter.colour)
        assets, cast = session.assets, session.course.cast

        def prepare() -> None:
            for name in sorted({scene.backdrop for scene in chapter.scenes}):
                toned(theme, assets, name, colour)
            lines = [(s.speaker, s.mood) for s in chapter.scenes]
            lines += [(line.speaker, line.mood) for s in chapter.scenes for o in s.options
                      for line in o.reaction]
            for speaker, mood in sorted(set(lines)):
                character = cast.get(speaker)
                if character is not None:
                    for talking in (False, True):
                        portraits.portrait(character, mood, assets, talking)

        return self.ahead(("pictures", chapter.id, assets, theme.high_contrast, colour),
                          prepare)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._jobs.clear()


def _log_failure(future: Future[Any]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.warning("preparing ahead failed: %s", future.exception())


def course_texts(course: Course) -> list[tuple[str, int, bool]]:
    """The course's texts in the order a learner meets them, at the sizes the screens draw
    them in (see Theme.learn_ahead): the notice, the map, then each chapter's story."""
    texts: list[tuple[str, int, bool]] = []
    if course.notice is not None:
        texts += [(course.notice.title, TITLE, True), (course.notice.text, BODY, False)]
    for chapter in course.chapters:
        texts += [(chapter.title, SMALL, False), (chapter.title, HEADING, True),
                  (chapter.title, BODY, True), (chapter.summary, BODY, False)]
    for chapter in course.chapters:
        for scene in chapter.scenes:
            texts.append((scene.text, DIALOGUE, False))
            for option in scene.options:
                texts += [(option.text, BODY, False), (option.reflection, BODY, False)]
                texts += [(line.text, DIALOGUE, False) for line in option.reaction]
        if chapter.test is not None:
            texts.append((chapter.test.intro, BODY, False))
            for value in _strings(chapter.test.spec):  # questions, answers, feedback
                texts += [(value, BODY, False), (value, BODY, True), (value, SMALL, False)]
    return texts


def _strings(value: object) -> Iterator[str]:
    """Every text in a test's spec (dataclasses, tuples and lists of them)."""
    if isinstance(value, str):
        if " " in value:  # ids and keys are single words the screens never show
            yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            yield from _strings(getattr(value, item.name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
