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
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from learnsocial.ui import portraits
from learnsocial.ui.backdrops import toned

if TYPE_CHECKING:
    from learnsocial.app.session import Session
    from learnsocial.content.model import Chapter
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
