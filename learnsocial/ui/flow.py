"""Where the app goes next: the one place that knows the order of the screens.

Scenes end with `dismiss(result)`; the callbacks here read the result and push the next scene.
Only this module imports the scenes, so screens never import each other.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from learnsocial.app.playthrough import TranscriptEntry
from learnsocial.app.session import TestOutcome
from learnsocial.content.model import Chapter
from learnsocial.content.model import Scene as StoryScene
from learnsocial.i18n import _
from learnsocial.ui.scenes.admin import AdminDashboardScene, AdminLoginScene
from learnsocial.ui.scenes.badge_unlock import BadgeUnlockScene
from learnsocial.ui.scenes.celebration import CelebrationScene
from learnsocial.ui.scenes.chapter_map import ChapterMapScene, MapChoice
from learnsocial.ui.scenes.choice import ChoiceScene
from learnsocial.ui.scenes.history import HistoryScene
from learnsocial.ui.scenes.language import LanguageScene
from learnsocial.ui.scenes.notice import NoticeScene
from learnsocial.ui.scenes.pause import PauseChoice, PauseMenu
from learnsocial.ui.scenes.player import ChapterPlayerScene
from learnsocial.ui.scenes.profile import ProfileScene
from learnsocial.ui.scenes.results import ResultsChoice, ResultsScene
from learnsocial.ui.scenes.settings import SettingsScene
from learnsocial.ui.scenes.signin import SignInScene
from learnsocial.ui.scenes.test import ChapterTestScene
from learnsocial.ui.scenes.title import TitleChoice, TitleScene
from learnsocial.ui.scenes.unsaved import UnsavedQuitScene

if TYPE_CHECKING:
    from learnsocial.ui.app import App


class Flow:
    def __init__(self, app: App):
        self.app = app

    # -- before sign-in -------------------------------------------------------------------
    def title(self, focus: TitleChoice = TitleChoice.START) -> None:
        self.app.music.play("map")
        self.app.reset(TitleScene(self.app, focus), self._after_title)

    def _after_title(self, choice: TitleChoice | None) -> None:
        if choice == TitleChoice.START:
            self.language()
        elif choice == TitleChoice.HR:
            self.admin()
        else:
            self.app.quit()

    def language(self) -> None:
        self.app.push(LanguageScene(self.app), self._after_language)

    def _after_language(self, language: str | None) -> None:
        if language is None:  # back
            self.title()
            return
        session = self.app.session
        session.language_chosen = session.language_chosen or language != session.language
        session.set_language(language)
        self.sign_in()

    def sign_in(self) -> None:
        self.app.push(SignInScene(self.app), self._after_sign_in)

    def _after_sign_in(self, signed_in: bool | None) -> None:
        if signed_in:
            self.app.apply_settings()
            if self.app.session.notice_due():  # what is recorded, before the first chapter
                self.notice(self.chapter_map)
            else:
                self.chapter_map()
        else:
            self.language()

    def admin(self) -> None:
        self.app.push(AdminLoginScene(self.app), self._after_admin_login)

    def _after_admin_login(self, opened: bool | None) -> None:
        if opened:
            self.app.push(AdminDashboardScene(self.app),
                          lambda _result: self.title(TitleChoice.HR))
        else:
            self.title(TitleChoice.HR)

    # -- the course -----------------------------------------------------------------------
    def chapter_map(self) -> None:
        self.app.music.play("map")
        self.app.reset(ChapterMapScene(self.app), self._after_map)

    def _after_map(self, choice: MapChoice | None) -> None:
        if choice is None:
            self.chapter_map()
        elif choice.chapter is not None:
            chapter = choice.chapter
            if choice.action == "retake" and chapter.test is not None:
                self.test(chapter)
            elif choice.action == "replay":
                self.chapter(chapter, start_index=0)
            else:
                self.chapter(chapter, self.app.session.resume_scene(chapter))
        elif choice.action == "profile":
            self.profile()
        elif choice.action == "settings":
            self.app.push(SettingsScene(self.app), lambda _result: self.chapter_map())

    def profile(self) -> None:
        self.app.push(ProfileScene(self.app), self._after_profile)

    def _after_profile(self, result: object) -> None:
        if result == "notice":
            self.notice(self.profile, again=True)
        else:
            self.chapter_map()

    def notice(self, then: Callable[[], None], again: bool = False) -> None:
        """The notice on what is recorded; the version shown is stored with the employee."""
        def read(_result: object) -> None:
            self.app.session.notice_shown()
            then()
        self.app.push(NoticeScene(self.app, again=again), read)

    def chapter(self, chapter: Chapter, scene_id: str | None = None,
                start_index: int | None = None) -> None:
        player = ChapterPlayerScene(self.app, chapter, start_scene_id=scene_id,
                                    start_index=start_index)
        self.app.push(player, lambda _result: self._after_player(chapter))

    def choice(self, chapter: Chapter, scene: StoryScene, on_chosen: Callable[[str | None], None],
               history: Callable[[], None] | None = None, speaker_side: str = "") -> None:
        """The options of a choice scene over the player; on_chosen gets the option's id, or
        None to go back."""
        self.app.push(ChoiceScene(self.app, chapter, scene, history, speaker_side), on_chosen)

    def history(self, transcript: Sequence[TranscriptEntry]) -> None:
        self.app.push(HistoryScene(self.app, transcript))

    def _after_player(self, chapter: Chapter) -> None:
        if chapter.test is None:
            self._leave_chapter()
        else:
            self.test(chapter)

    def test(self, chapter: Chapter) -> None:
        self.app.music.play("games")
        self.app.push(ChapterTestScene(self.app, chapter),
                      lambda outcome: self._after_test(chapter, outcome))

    def _after_test(self, chapter: Chapter, outcome: TestOutcome | None) -> None:
        self.app.music.play("map")
        if outcome is None:  # back from the test's intro: to the story's last scene
            self.chapter(chapter, start_index=len(chapter.scenes) - 1)
            return
        self.app.push(ResultsScene(self.app, chapter, outcome),
                      lambda choice: self._after_results(chapter, choice))
        # Over the results, once: the celebration of a completed chapter, then new badges.
        if outcome.chapter_completed:
            self.app.push(CelebrationScene(self.app, chapter, outcome),
                          lambda _result: self._new_badges(outcome))
        else:
            self._new_badges(outcome)

    def _new_badges(self, outcome: TestOutcome) -> None:
        if outcome.new_badges:
            self.app.push(BadgeUnlockScene(self.app, outcome.new_badges))

    def _after_results(self, chapter: Chapter, choice: ResultsChoice | None) -> None:
        if choice == ResultsChoice.RETRY:
            self.test(chapter)
        elif choice == ResultsChoice.REPLAY:
            self.chapter(chapter, start_index=0)
        else:
            self._leave_chapter()

    def _leave_chapter(self) -> None:
        if self.app.session.recording:
            self.chapter_map()
        else:  # preview: there is no map to go back to
            self.app.quit()

    # -- over any screen ------------------------------------------------------------------
    def pause(self) -> None:
        signed_in = self.app.session.employee is not None
        away = signed_in and not isinstance(self.app.top, ChapterMapScene)
        self.app.push(PauseMenu(self.app, offer_map=away, offer_sign_out=signed_in),
                      self._after_pause)

    def _after_pause(self, choice: PauseChoice | None) -> None:
        if choice == PauseChoice.MAP:
            self.app.save_all()
            self.chapter_map()
        elif choice == PauseChoice.SETTINGS:
            self.app.push(SettingsScene(self.app))
        elif choice == PauseChoice.SIGN_OUT:
            self.sign_out()
        elif choice == PauseChoice.QUIT:
            self.app.quit()

    def unsaved_quit(self) -> None:
        """Quit asked for while progress waits for the disk: say what would be lost and wait
        (the app keeps trying); quit once saved, or when the learner insists."""
        if isinstance(self.app.top, UnsavedQuitScene):
            return
        self.app.push(UnsavedQuitScene(self.app),
                      lambda result: self.app.quit(force=True) if result else None)

    def sign_out(self) -> None:
        """Hand the computer to the next person: save everything, forget who was signed in,
        go back to the title with the default settings."""
        self.app.save_all()
        self.app.narrator.stop()
        self.app.session.sign_out()
        self.app.apply_settings()
        self.title()
        self.app.toast(_("Signed out. Not everything is saved yet; LearnSocial keeps trying.")
                       if self.app.session.saves.waiting else
                       _("Signed out. Everything is saved."))
