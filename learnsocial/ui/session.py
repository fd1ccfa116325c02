"""Who is signed in, in which language, with which course: what the screens share."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from learnsocial import i18n
from learnsocial.content.loader import load_course
from learnsocial.content.model import Course
from learnsocial.content.problems import Problems
from learnsocial.games.badges import Badge, earned
from learnsocial.games.base import GameSettings
from learnsocial.paths import assets_dir
from learnsocial.config import load_config
from learnsocial.progress.learning_record import LearningRecord
from learnsocial.progress.records import ChapterProgress, Employee
from learnsocial.progress.store import ProgressStore

DEFAULT_SETTINGS = {"time_limits": True, "reduced_motion": False, "muted": False, "volume": 0.7,
                    "high_contrast": False, "text_scale": 1.0, "voice": False}


@dataclass
class Session:
    content_dir: Path
    store: ProgressStore | None  # None in preview mode: nothing is recorded
    language: str = "en"
    employee: Employee | None = None
    returning: bool = False
    # True once the language was chosen on purpose (--lang, or a different pick on the language
    # screen); until then a returning employee's saved language takes over at sign-in.
    language_chosen: bool = False
    course: Course | None = None
    problems: Problems = field(default_factory=Problems)

    def load_course(self) -> Course:
        """(Re)read the course in the session language from disk."""
        self.problems = Problems()
        self.course = load_course(self.content_dir, self.language, self.assets, self.problems)
        return self.course

    @property
    def assets(self) -> Path:
        return assets_dir(self.content_dir)

    def set_language(self, language: str) -> None:
        self.language = i18n.negotiate(language)
        i18n.set_language(self.language)
        self.load_course()
        if self.store and self.employee:
            # sign_in with an empty name keeps the name and saves the language choice
            self.employee, _returning = self.store.sign_in(self.employee.employee_id, "",
                                                           self.language)

    @property
    def record(self) -> LearningRecord | None:
        """Where screens write progress; None in preview mode or before sign-in."""
        if not self.store or not self.employee or not self.course:
            return None
        return LearningRecord(self.store, self.employee.employee_id, self.language,
                              self.course.id, self.course.title,
                              [c.id for c in self.course.chapters], self.xapi_config)

    @cached_property
    def xapi_config(self):
        """Read once per session: every scene change records a statement."""
        return load_config(self.store.data_dir).xapi

    @property
    def settings(self) -> dict:
        saved = self.employee.settings if self.employee else {}
        return {**DEFAULT_SETTINGS, **{k: v for k, v in saved.items() if k in DEFAULT_SETTINGS}}

    def game_settings(self) -> GameSettings:
        settings = self.settings
        return GameSettings(time_limits=bool(settings["time_limits"]),
                            reduced_motion=bool(settings["reduced_motion"]))

    def progress(self) -> dict[str, ChapterProgress]:
        if not self.store or not self.employee:
            return {}
        return self.store.progress(self.employee.employee_id)

    def unlocked(self, chapter_id: str, progress: dict[str, ChapterProgress] | None = None
                 ) -> bool:
        """A chapter opens when the one before it is completed (the first is always open)."""
        assert self.course is not None
        ids = [c.id for c in self.course.chapters]
        if chapter_id not in ids:
            return False
        index = ids.index(chapter_id)
        if index == 0 or self.store is None:
            return True
        progress = self.progress() if progress is None else progress
        if chapter_id in progress:  # once reached, a chapter stays open (e.g. after a reorder)
            return True
        before = progress.get(ids[index - 1])
        return bool(before and before.status == "completed")

    def badges(self) -> list[Badge]:
        if not self.store or not self.employee or not self.course:
            return []
        return earned(self.progress(), self.store.attempts(self.employee.employee_id),
                      [c.id for c in self.course.chapters])

    def points(self) -> int:
        """Points across the course: the best points of each chapter."""
        return sum(p.points for p in self.progress().values())

    def save_settings(self, **settings) -> None:
        if self.store and self.employee:
            self.employee = self.store.update_settings(self.employee.employee_id, **settings)
