"""Who is signed in, in which language, with which course: what the screens and the CLI share.

Writes go through one SaveQueue (app/saving.py) and reads fall back to what was last read, so
a full disk, a folder that cannot be written or HR erasing the learner while the app runs never
ends the app: what was done is kept in memory and saved later, or, once erased, not at all.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from learnsocial import i18n
from learnsocial.app.badges import Badge, BadgeProgress, standings
from learnsocial.app.journey import chapter_status
from learnsocial.app.learning_record import Clock, LearningRecord, utc_now
from learnsocial.app.levels import Level, level_for
from learnsocial.app.managed import ManagedSetting, managed_settings
from learnsocial.app.saving import SaveQueue, reason_of
from learnsocial.config import load_config
from learnsocial.content.loader import ContentError, course_languages, load_course
from learnsocial.content.model import Chapter, Course, Notice
from learnsocial.content.problems import Problems
from learnsocial.games.base import GameResult, GameSettings
from learnsocial.i18n import _
from learnsocial.paths import assets_dir
from learnsocial.progress.records import Attempt, ChapterProgress, Employee, canonical_id
from learnsocial.progress.status import ChapterStatus
from learnsocial.progress.store import ErasedError, ProgressStore, StoreError
from learnsocial.progress.xapi import XapiConfig

log = logging.getLogger(__name__)
DEFAULT_SETTINGS: dict[str, Any] = {
    "time_limits": True, "reduced_motion": False, "muted": False, "volume": 0.7,
    "high_contrast": False, "text_scale": 1.0, "voice": False, "music": False,
    "music_volume": 0.5}


class NotSignedIn(RuntimeError):
    """A learner-only action was asked for while nobody is signed in (a programming error)."""


class SignInRefused(Exception):
    """Signing in cannot go on; the message is one sentence in the learner's language, the
    detail the store's own message (naming the file) for logs and the command line."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail or message
        log.warning("sign-in refused: %s", self.detail)


class NotOnRoster(SignInRefused):
    """The site config lets only employees on the roster sign in, and this id is not on it."""

    def __init__(self, employee_id: str):
        super().__init__(_("This ID is not on the list of employees for this course. Please "
                           "check it, or ask HR to add you."),
                         f"{employee_id} is not on the roster")


@dataclass(frozen=True)
class TestOutcome:
    """What a finished test means for the learner: shown on the results screen."""

    result: GameResult
    passed: bool
    new_badges: list[Badge]
    chapter_completed: bool = False  # this test completed the chapter for the first time
    course_completed: bool = False  # ... and with it the whole course
    new_level: Level | None = None  # the level reached, when this test raised it


@dataclass
class Session:
    content_dir: Path
    store: ProgressStore | None  # None in preview mode: nothing is recorded
    language: str = "en"
    clock: Clock = utc_now
    employee: Employee | None = None
    returning: bool = False
    # True once the language was chosen on purpose (--lang, or a different pick on the language
    # screen); until then a returning employee's saved language takes over at sign-in.
    language_chosen: bool = False
    demo: bool = False  # `learnsocial demo`: the employees it signs in are marked as demo records
    # settings a first sign-in starts with (the demo's text size and theme, shown from the title
    # on), so the screens after sign-in keep the look instead of laying out twice
    first_look: dict[str, Any] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)
    _course: Course | None = None
    _record: LearningRecord | None = None
    _xapi: XapiConfig | None = None
    _translations: dict[str, Course] | None = None
    _translations_lock: threading.Lock = field(default_factory=threading.Lock, repr=False,
                                               compare=False)
    saves: SaveQueue = field(default_factory=SaveQueue)
    _last_progress: dict[str, ChapterProgress] = field(default_factory=dict)

    # -- course ---------------------------------------------------------------------------
    @property
    def course(self) -> Course:
        if self._course is None:
            raise RuntimeError("the course is not loaded yet (call load_course first)")
        return self._course

    @course.setter
    def course(self, course: Course) -> None:
        self._course = course
        self._record = None
        self._translations = None

    def translations(self) -> dict[str, Course]:
        """The course in every language it has (read once, when first needed)."""
        with self._translations_lock:  # another thread may be reading them already
            return self._read_translations()

    def _read_translations(self) -> dict[str, Course]:
        if self._translations is None:
            found = {}
            for language in course_languages(self.content_dir):
                try:
                    found[language] = load_course(self.content_dir, language, self.assets)
                except ContentError:
                    continue
            self._translations = found or {self.language: self.course}
        return self._translations

    def load_course(self) -> Course:
        """(Re)read the course in the session language from disk."""
        self.problems = Problems()
        self.course = load_course(self.content_dir, self.language, self.assets, self.problems)
        return self.course

    @property
    def assets(self) -> Path:
        return assets_dir(self.content_dir)

    @property
    def chapter_ids(self) -> list[str]:
        return [c.id for c in self.course.chapters]

    def set_language(self, language: str) -> None:
        self.language = i18n.negotiate(language)
        i18n.set_language(self.language)
        self.load_course()
        if self.store and self.employee:
            store, employee_id, language = self.store, self.employee.employee_id, self.language
            self.employee.language = language
            # sign_in with an empty name keeps the name and saves the language choice
            self.saves.write(employee_id, lambda: store.sign_in(employee_id, "", language))

    # -- sign-in --------------------------------------------------------------------------
    @property
    def recording(self) -> bool:
        """False in preview mode: nothing is stored."""
        return self.store is not None

    def known_employee(self, employee_id: str) -> Employee | None:
        if not self.store:
            return None
        try:
            return self.store.employee(employee_id)
        except StoreError:  # unreadable for now: greeted as new, told at sign-in
            return None

    def is_erased(self, employee_id: str) -> bool:
        """Whether HR erased this id (it cannot sign in again)."""
        try:
            return bool(self.store and self.store.is_erased(employee_id))
        except (StoreError, OSError):
            return False

    def sign_in(self, employee_id: str, name: str) -> Employee:
        """Sign an employee in (creating them on first use) and record the launch.

        SignInRefused (a sentence for the learner) when the id was erased or the sign-in
        cannot be saved; nothing changes then."""
        if self.store is None:
            raise NotSignedIn("preview mode has no sign-in")
        if self.is_erased(employee_id):
            raise SignInRefused(erased_id_sentence())
        try:
            known = self.store.employee(employee_id)
        except StoreError as error:  # the learner's file cannot be read
            raise SignInRefused(_("Signing in did not work: {reason}. Nothing was lost; please "
                                  "try again in a moment, or tell IT.").format(
                                      reason=reason_of(error)), str(error)) from None
        if known is None and load_config(self.store.data_dir).roster_only:
            raise NotOnRoster(employee_id)
        if known and known.language and not self.language_chosen:
            self.set_language(known.language)  # --lang > saved choice > system locale
        try:
            self.employee, self.returning = self.store.sign_in(employee_id, name, self.language,
                                                               demo=self.demo)
        except ErasedError as error:
            raise SignInRefused(erased_id_sentence(), str(error)) from None
        except StoreError as error:
            raise SignInRefused(_("Signing in did not work: {reason}. Nothing was lost; please "
                                  "try again in a moment, or tell IT.").format(
                                      reason=reason_of(error)), str(error)) from None
        self._record = None
        self._last_progress = {}
        if self.first_look and not self.returning:
            self.save_settings(**self.first_look)
        if self.record:
            self.record.signed_in()
        return self.employee

    @property
    def erased(self) -> bool:
        """HR erased the signed-in learner while the app ran: nothing is recorded any more."""
        return self.employee is not None and \
            canonical_id(self.employee.employee_id) in self.saves.erased

    def saving_status(self) -> str | None:
        """One sentence for the screen while something is not saved, or the learner was
        erased; None when all is well."""
        return self.saves.status(self.employee.employee_id if self.employee else None)

    def sign_out(self) -> None:
        """Hand the computer over: forget who is signed in, once what they did has been tried
        on the disk (what it refuses stays in the save queue and is still saved)."""
        self.saves.settle()
        self.employee = None
        self.returning = False
        self._record = None

    @property
    def record(self) -> LearningRecord | None:
        """Where progress is written; None in preview mode, before sign-in, and once HR
        erased the learner."""
        if not self.store or not self.employee or self._course is None or self.erased:
            return None
        if self._record is None or self._record.language != self.language or \
                self._record.course is not self._course:
            self._record = LearningRecord(
                self.store, self.employee.employee_id, self.language, self.course,
                self.translations, self.xapi_config, self.clock, saves=self.saves,
                display_name=self.employee.display_name)
        return self._record

    @property
    def xapi_config(self) -> XapiConfig:
        """Read once per session: every scene change records a statement."""
        if self._xapi is None:
            self._xapi = load_config(self.store.data_dir).xapi if self.store else XapiConfig()
        return self._xapi

    # -- settings -------------------------------------------------------------------------
    @property
    def settings(self) -> dict[str, Any]:
        saved = self.employee.settings if self.employee else {}
        return {**DEFAULT_SETTINGS, **{k: v for k, v in saved.items() if k in DEFAULT_SETTINGS}}

    def managed_settings(self) -> list[ManagedSetting]:
        """What IT set in the site config for this desktop (shown read only)."""
        return managed_settings(self.store.data_dir) if self.store else []

    def game_settings(self) -> GameSettings:
        settings = self.settings
        return GameSettings(time_limits=bool(settings["time_limits"]),
                            reduced_motion=bool(settings["reduced_motion"]))

    def save_settings(self, **settings: Any) -> None:
        """Take effect at once (in memory) and are saved through the save queue."""
        if self.store and self.employee:
            store, employee_id = self.store, self.employee.employee_id
            self.employee.settings = {**self.employee.settings, **settings}
            self.saves.write(employee_id, lambda: store.update_settings(employee_id, **settings))

    # -- the notice (what is recorded) ----------------------------------------------------
    NOTICE_SEEN = "notice_version"  # the employee setting that holds the version last shown

    @property
    def notice(self) -> Notice | None:
        return self._course.notice if self._course is not None else None

    def notice_due(self) -> bool:
        """True when the signed-in employee has not been shown this version of the notice
        (a company that changes its notice raises the version, and everyone sees it again)."""
        notice = self.notice
        if notice is None or self.store is None or self.employee is None:
            return False
        return self.employee.settings.get(self.NOTICE_SEEN) != notice.version

    def notice_shown(self) -> None:
        """Remember, with the employee, which version of the notice they were shown."""
        if self.notice is not None:
            self.save_settings(**{self.NOTICE_SEEN: self.notice.version})

    # -- progress -------------------------------------------------------------------------
    def progress(self) -> dict[str, ChapterProgress]:
        """The signed-in learner's progress as saved; what was last read if the store cannot
        be read just now (told by the store's notices)."""
        if not self.store or not self.employee:
            return {}
        self.saves.settle()  # what was done before is read back
        try:
            self._last_progress = self.store.progress(self.employee.employee_id)
        except StoreError:
            pass
        return self._last_progress

    def attempts(self) -> list[Attempt]:
        """The signed-in learner's saved attempts ([] if they cannot be read just now)."""
        if not self.store or not self.employee:
            return []
        self.saves.settle()
        try:
            return self.store.attempts(self.employee.employee_id)
        except StoreError:
            return []

    def unlocked(self, chapter_id: str,
                 progress: Mapping[str, ChapterProgress] | None = None) -> bool:
        """A chapter opens when the one before it is completed (the first is always open)."""
        ids = self.chapter_ids
        if chapter_id not in ids:
            return False
        index = ids.index(chapter_id)
        if index == 0 or self.store is None:
            return True
        progress = self.progress() if progress is None else progress
        if chapter_id in progress:  # once reached, a chapter stays open (e.g. after a reorder)
            return True
        before = progress.get(ids[index - 1])
        return bool(before and before.status == ChapterStatus.COMPLETED)

    def resume_scene(self, chapter: Chapter) -> str | None:
        """Where a chapter picks up again: the saved scene while it is in progress."""
        record = self.progress().get(chapter.id)
        return record.scene_id if record and record.status == ChapterStatus.IN_PROGRESS \
            else None

    def chapter_status(self, chapter_id: str,
                       progress: Mapping[str, ChapterProgress] | None = None) -> ChapterStatus:
        """Not started, in progress, failed (tests taken, none passed) or completed."""
        progress = self.progress() if progress is None else progress
        return chapter_status(progress.get(chapter_id))

    def choices_made(self, chapter: Chapter) -> dict[str, str]:
        """The option last taken in each choice scene of a chapter (scene id -> option id)."""
        record = self.record
        self.saves.settle()
        return record.choices(chapter) if record is not None else {}

    def badge_standings(self, progress: Mapping[str, ChapterProgress] | None = None
                        ) -> list[BadgeProgress]:
        """Every badge with how far the learner is towards it ("3/5")."""
        games = {c.id: c.test.game if c.test else None for c in self.course.chapters}
        if not self.store or not self.employee:
            return standings({}, [], games)
        progress = self.progress() if progress is None else progress
        return standings(progress, self.attempts(), games)

    def badges(self, progress: Mapping[str, ChapterProgress] | None = None) -> list[Badge]:
        return [s.badge for s in self.badge_standings(progress) if s.earned]

    def points(self, progress: Mapping[str, ChapterProgress] | None = None) -> int:
        """Points across the course: the best points of each chapter."""
        progress = self.progress() if progress is None else progress
        return sum(p.points for p in progress.values())

    def level(self, progress: Mapping[str, ChapterProgress] | None = None) -> Level:
        return level_for(self.points(progress))

    def finish_test(self, chapter: Chapter, result: GameResult, started_at: datetime
                    ) -> TestOutcome:
        """Record a played test (when recording) and say what it means."""
        passed = result.passed(chapter.pass_mark)
        record = self.record
        if record is None:
            return TestOutcome(result, passed, [])
        progress = self.progress()
        before = {b.id for b in self.badges(progress)}
        level = self.level(progress)
        was_completed = self.chapter_status(chapter.id, progress) == ChapterStatus.COMPLETED
        _attempt, saved = record.test_finished(chapter, result, started_at)
        if saved is None:  # kept in memory until the disk takes it: badges come once saved
            done = {c for c in self.chapter_ids
                    if self.chapter_status(c, progress) == ChapterStatus.COMPLETED}
            first = passed and not was_completed
            return TestOutcome(result, passed, [], chapter_completed=first,
                               course_completed=first and set(self.chapter_ids) <= done | {
                                   chapter.id})
        progress = self.progress()
        completed = {c.id for c in self.course.chapters
                     if self.chapter_status(c.id, progress) == ChapterStatus.COMPLETED}
        now = self.level(progress)
        return TestOutcome(result, passed, [b for b in self.badges(progress)
                                            if b.id not in before],
                           chapter_completed=passed and not was_completed,
                           course_completed=passed and not was_completed
                           and set(self.chapter_ids) <= completed,
                           new_level=now if now.number > level.number else None)

    def finish_test_later(self, chapter: Chapter, result: GameResult, started_at: datetime
                          ) -> Future[TestOutcome]:
        """finish_test on the saver thread (in the app), so the screen keeps drawing while the
        attempt is written (with fsync) and the badges are worked out; the outcome comes back
        in the future, after every write asked for before it."""
        _record = self.record  # made here, on the caller's thread
        return self.saves.later(lambda: self.finish_test(chapter, result, started_at))


def erased_id_sentence() -> str:
    return _("The records of this employee ID were erased at HR's request, so it cannot be "
             "used here again. Ask HR whether you may start afresh, and under which ID.")
