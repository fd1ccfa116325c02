"""The headless demo: plays one chapter through the real scenes and saves a PNG of each screen."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pygame

from learnsocial import i18n
from learnsocial.app.playthrough import BeatKind
from learnsocial.games import gallery
from learnsocial.games.base import Phase
from learnsocial.games.gallery import ShootingGallery
from learnsocial.games.rounds import RoundGame
from learnsocial.i18n import _, percent
from learnsocial.ui.app import App
from learnsocial.ui.frame_stats import FrameStats, MeasuredPilot
from learnsocial.ui.games.gallery_view import GalleryView
from learnsocial.ui.games.rounds_view import RoundView
from learnsocial.ui.games.sorting_view import SortingView
from learnsocial.ui.pilot import Pilot
from learnsocial.ui.scenes.badge_unlock import BadgeUnlockScene
from learnsocial.ui.scenes.celebration import CelebrationScene
from learnsocial.ui.scenes.chapter_map import ChapterMapScene
from learnsocial.ui.scenes.choice import ChoiceScene
from learnsocial.ui.scenes.history import HistoryScene
from learnsocial.ui.scenes.language import LanguageScene
from learnsocial.ui.scenes.notice import NoticeScene
from learnsocial.ui.scenes.pause import PauseMenu
from learnsocial.ui.scenes.player import ChapterPlayerScene
from learnsocial.ui.scenes.results import ResultsChoice, ResultsScene
from learnsocial.ui.scenes.signin import SignInScene
from learnsocial.ui.scenes.test import ChapterTestScene

T = TypeVar("T")


class DemoError(Exception):
    """The demo could not go on; the message says why in one line."""


@dataclass
class DemoRun:
    screens: list[Path] = field(default_factory=list)
    score: float = 0.0
    points: int = 0
    passed: bool = False
    chapter_title: str = ""

    def summary(self) -> str:
        verdict = _("passed") if self.passed else _("not passed")
        return _("{count} screens saved; {chapter}: score {score}, {points} points, {verdict}") \
            .format(count=len(self.screens), chapter=self.chapter_title,
                    score=percent(self.score), points=self.points, verdict=verdict)


class Demo:
    def __init__(self, app: App, out_dir: Path, *, chapter_id: str | None, accuracy: float,
                 seed: int, employee_id: str, employee_name: str,
                 settings: dict | None = None, audit: bool = False, frame_stats: bool = False):
        self.app = app
        # An audit looks at about ten frames a second, so short-lived states are seen too;
        # frame stats draw and time every frame.
        self.stats = FrameStats() if frame_stats else None
        self.pilot = MeasuredPilot(app, self.stats) if self.stats is not None else \
            Pilot(app, render_every=6 if audit else 0)
        self.audit = app.start_layout_audit() if audit else None
        self.out_dir = out_dir
        self.chapter_id = chapter_id
        self.accuracy = accuracy
        self.choices = random.Random(seed)
        # Choice scenes draw from their own stream, so the test's answers stay as they were.
        self.judgement = random.Random(f"choices-{seed}")
        self.taken: list[tuple[str, str]] = []  # (scene id, rating) of each option taken
        self.employee_id = employee_id
        self.employee_name = employee_name
        self.run = DemoRun()
        self.settings = settings or {}
        self.moments: set[str] = set()  # screenshots of moments taken once

    def shot(self, name: str) -> None:
        while self.app.transitioning:  # the picture shows the screen, not the dissolve
            self.pilot.frame()
        number = len(self.run.screens) + 1
        path = self.out_dir / f"{number:02d}-{name}.png"
        try:
            self.pilot.screenshot(path)
        except (pygame.error, OSError) as error:
            path.unlink(missing_ok=True)  # no half picture left behind
            raise DemoError(_("{path}: the screenshot was not saved ({reason})").format(
                path=path, reason=error)) from None
        self.run.screens.append(path)

    def expect(self, kind: type[T]) -> T:
        top = self.app.top
        if not isinstance(top, kind):
            found = type(top).__name__ if top else "nothing"
            raise DemoError(_("expected the {expected} screen, found {found}").format(
                expected=kind.__name__, found=found))
        return top

    def play(self) -> DemoRun:
        pilot = self.pilot
        if self.settings:  # the look applies from the first screen; it is saved at sign-in
            self.app.theme.configure(
                "high_contrast" if self.settings.get("high_contrast") else "default",
                float(self.settings.get("text_scale", 1.0)))
            self.app.session.first_look = dict(self.settings)
        self.app.flow.title()
        pilot.step(1.5)  # as long as a person looks at the title; the fonts get ready meanwhile
        self.shot("title")
        pilot.press(pygame.K_RETURN)
        self.expect(LanguageScene)
        self._choose_language()
        self.expect(SignInScene)
        self._sign_in()
        self._read_notice()
        self.expect(ChapterMapScene)
        if self.settings:
            self.app.session.save_settings(**self.settings)
            self.app.apply_settings()
        self.shot("map")
        self._open_chapter()
        self._play_scenes()
        self._play_test()
        self._finish()
        saves = self.app.session.saves
        saves.settle()
        if saves.waiting:  # the app keeps it for later; a demo run must say it was not saved
            raise DemoError(_("the progress was not saved: {reason}").format(
                reason=saves.problem))
        return self.run

    def _choose_language(self) -> None:
        scene = self.expect(LanguageScene)
        wanted = i18n.languages().index(self.app.session.language)
        while scene.buttons.focus != wanted:
            self.pilot.press(pygame.K_RIGHT)
        self.shot("language")
        self.pilot.press(pygame.K_RETURN)

    def _sign_in(self) -> None:
        pilot = self.pilot
        pilot.type(self.employee_id)
        scene = self.expect(SignInScene)
        pilot.press(pygame.K_TAB)
        if not scene.name_field.value:
            pilot.type(self.employee_name)
        pilot.step(0.1)
        self.shot("signin")
        pilot.press(pygame.K_RETURN)
        if isinstance(self.app.top, SignInScene) and self.app.top.refused is not None:
            raise DemoError(self.app.top.refused.detail)

    def _read_notice(self) -> None:
        """The notice on what is recorded comes before the first chapter (new employees)."""
        if isinstance(self.app.top, NoticeScene):
            self.pilot.step(0.2)
            self.shot("notice")
            self.pilot.press(pygame.K_RETURN)

    def _open_chapter(self) -> None:
        session = self.app.session
        chapters = session.course.chapters
        chapter = session.course.chapter(self.chapter_id) if self.chapter_id else None
        if chapter is None:
            if self.chapter_id:
                # why it may be missing: a folder or file that cannot be read, an error in it
                problems = session.problems.errors + session.problems.warnings
                message = _("no chapter with the id '{id}' (known: {known})").format(
                    id=self.chapter_id, known=", ".join(c.id for c in chapters))
                raise DemoError(f"{message}; {problems[0]}" if problems else message)
            progress = session.progress()
            chapter = next((c for c in chapters if session.unlocked(c.id) and (
                c.id not in progress or progress[c.id].status != "completed")), chapters[0])
        self.run.chapter_title = chapter.title
        index = chapters.index(chapter)
        scene = self.expect(ChapterMapScene)
        if session.unlocked(chapter.id):
            while scene.focus != index:
                self.pilot.press(pygame.K_RIGHT)
            self.pilot.press(pygame.K_RETURN)
            if scene.in_actions:  # a test taken before: replay the chapter from the start
                while scene.node is not None and scene.node.actions()[scene.action_focus] \
                        != "replay":
                    self.pilot.press(pygame.K_RIGHT)
                self.pilot.press(pygame.K_RETURN)
        else:  # a later chapter asked for by --chapter: open it directly, as a preview would
            self.pilot.read()
            self.app.flow.chapter(chapter)
            self.pilot.frame()
        self.expect(ChapterPlayerScene)

    def _play_scenes(self) -> None:
        """Read every scene (a picture of each), answer every question (see _choose)."""
        pilot = self.pilot
        shown: set[str] = set()
        while True:
            top = self.app.top
            if isinstance(top, ChoiceScene):
                self._choose(top)
                continue
            if not isinstance(top, ChapterPlayerScene):
                return
            player = top
            scene_id = player.scene.id
            if scene_id not in shown and player.beat.kind == BeatKind.SCENE and player.page == 0:
                shown.add(scene_id)
                pilot.step(0.4)
                if not player.fully_revealed:
                    pilot.press(pygame.K_SPACE)  # show the whole text at once
                if self.app.top is not player:
                    continue  # the question is shown whole: its options are up
                self.shot(f"scene-{player.index + 1:02d}-{scene_id}")
                if len(shown) == 2:  # the Esc menu over a scene, then back to it
                    pilot.press(pygame.K_ESCAPE)
                    self.expect(PauseMenu)
                    self.shot("pause")
                    pilot.press(pygame.K_ESCAPE)
                    self.expect(ChapterPlayerScene)
            if not player.fully_revealed:
                pilot.press(pygame.K_SPACE)
            if self.app.top is player:
                pilot.press(pygame.K_SPACE)

    def _choose(self, choice: ChoiceScene) -> None:
        """The best option with the chance --accuracy, else a poor one (an ok one where no
        option is poor); by number key, by arrows and Enter, or by mouse, in turn. A picture of
        the question, of each reaction and of the reflection; the history after the first."""
        pilot = self.pilot
        scene = choice.scene
        pilot.step(0.3)
        self.shot(f"choice-{scene.id}")
        wanted = "best" if self.judgement.random() < self.accuracy else "poor"
        pool = [o for o in scene.options if o.rating == wanted] or \
            [o for o in scene.options if o.rating == "ok"] or list(scene.options)
        option = pool[0]
        number = scene.options.index(option)
        way = len(self.taken) % 3
        if way == 0:
            pilot.press(pygame.K_1 + number)
        elif way == 1:
            while choice.focus != number:
                pilot.press(pygame.K_DOWN)
            pilot.press(pygame.K_RETURN)
        else:
            centre = choice.option_centre(option.id)
            assert centre is not None
            pilot.click(centre)
        player = self.expect(ChapterPlayerScene)
        self.taken.append((scene.id, str(option.rating)))
        for n in range(len(option.reaction) + 1):
            pilot.step(0.4)
            if not player.fully_revealed:
                pilot.press(pygame.K_SPACE)
            kind = "reaction" if n < len(option.reaction) else "reflection"
            self.shot(f"{kind}-{scene.id}" + (f"-{n + 1}" if kind == "reaction" and
                                                len(option.reaction) > 1 else ""))
            if kind == "reflection" and len(self.taken) == 1:
                pilot.press(pygame.K_h)
                self.expect(HistoryScene)
                pilot.step(0.3)
                self.shot("history")
                pilot.press(pygame.K_h)
                self.expect(ChapterPlayerScene)
            while player.page + 1 < len(player.pages()):
                pilot.press(pygame.K_SPACE)
                if not player.fully_revealed:
                    pilot.press(pygame.K_SPACE)
            pilot.press(pygame.K_SPACE)

    def _play_test(self) -> None:
        pilot = self.pilot
        intro = self.expect(ChapterTestScene)
        # A learner reads the intro for a while; meanwhile the hyphenation dictionary is read
        # on a worker thread (simulated time runs far faster than the clock: let it finish).
        intro.warm_up.wait()
        pilot.step(1.0)
        self.shot("test-intro")
        pilot.press(pygame.K_RETURN)
        test = self.expect(ChapterTestScene)
        if isinstance(test.rules, ShootingGallery) and isinstance(test.view, GalleryView):
            self._play_gallery(test, test.rules, test.view)
        elif isinstance(test.rules, RoundGame) and isinstance(test.view, RoundView):
            self._play_rounds(test.rules, test.view)
        if test.saving is not None:
            # Simulated time runs far faster than the clock: let the worker finish writing the
            # attempt (a real frame loop would have drawn a few frames meanwhile).
            test.saving.result()

    def _right_set(self, count: int) -> set[int]:
        """Which items to answer right: round(accuracy x count) of them, chosen by the seed."""
        return set(self.choices.sample(range(count), round(self.accuracy * count)))

    def _read_feedback(self, rules: RoundGame | ShootingGallery) -> None:
        """Read the feedback for a moment, then go on with Space (as a learner would)."""
        self.pilot.step(1.2)
        if rules.phase == Phase.FEEDBACK:
            self.pilot.press(pygame.K_SPACE)
        self.pilot.step(0.1)

    def _play_rounds(self, rules: RoundGame, view: RoundView) -> None:
        pilot = self.pilot
        right = self._right_set(rules.round_count)
        number = 0
        while not rules.finished:
            pilot.step(0.5)
            current = rules.current
            assert current is not None
            wrong = [o.id for o in current.options if not current.is_right(o.id)]
            choice = current.answer_id if number in right or not wrong else \
                self.choices.choice(wrong)
            if number == 0:
                self.shot(f"test-{rules.game}")
            if number % 2 == 0:
                target = view.option_centre(choice)
                assert target is not None
                if isinstance(view, SortingView):  # drag the card onto the bin
                    self.pilot.click_and_drag(view.card_rect().center, target)
                else:
                    pilot.click(target)
            else:
                while rules.selected is None or current.options[rules.selected].id != choice:
                    pilot.press(pygame.K_DOWN)
                pilot.press(pygame.K_RETURN)
            if number == 0 or (number == 2 and not rules.answered_all):
                pilot.step(0.12)  # mid-way: the card flying, the step on its way, the partner
                self.shot(f"test-{rules.game}-move")  # sliding and its link growing
            if not rules.items[-1].correct and "wrong" not in self.moments:
                pilot.step(0.25)
                self.shot(f"test-{rules.game}-wrong")
                self.moments.add("wrong")
            pilot.step(view.landed_at() + 0.4)
            if number == 0:
                self.shot("test-feedback")
            if rules.answered_all:  # the piles, the whole timeline, every pair linked
                self.shot(f"test-{rules.game}-done")
            number += 1
            self._read_feedback(rules)

    def _play_gallery(self, test: ChapterTestScene, rules: ShootingGallery,
                      view: GalleryView) -> None:
        pilot = self.pilot
        count = rules.question_count
        right = self._right_set(count)
        number = 0
        while isinstance(self.app.top, ChapterTestScene) and not rules.finished:
            pilot.step(0.6)
            question = rules.question
            assert question is not None
            correct = number in right
            pool = [a for a in question.answers if a.correct == correct]
            answer = self.choices.choice(pool)
            if "bonus" not in self.moments and any(t.bonus for t in rules.targets):
                self._shoot_bonus(rules, view)
            if number == 0:
                self._aim(view, answer.id)
                self.shot("test-play")
            if number % 2 == 0:
                self._shoot_with_mouse(view, answer.id)
            else:
                self._shoot_with_keyboard(rules, answer.id)
            if number == 0:
                pilot.step(0.45)  # the board falling, the points on their way to the score
                self.shot("test-shot")
            if not rules.items[-1].correct and "reveal" not in self.moments:
                pilot.step(0.8)  # the right board brought into view and ringed, the card
                self.shot("test-reveal")
                self.moments.add("reveal")
            elif number == 0:
                pilot.step(0.5)
                self.shot("test-feedback")
            number += 1
            self._read_feedback(rules)
            if number == 1 and not rules.finished:
                pilot.step(0.12)
                self.shot("test-next")  # the boards of the next question popping up

    def _shoot_bonus(self, rules: ShootingGallery, view: GalleryView) -> None:
        """Hit the bonus target once it is in view (it counts for points, never accuracy)."""
        pilot = self.pilot
        for _i in range(600):
            bonus = next((t for t in rules.targets if t.bonus), None)
            if bonus is None or rules.phase != Phase.PLAYING:
                return
            if bonus.fully_visible:
                centre = view.target_centre(bonus.id)
                assert centre is not None
                pilot.click(centre)
                pilot.step(0.2)
                self.shot("test-bonus")
                self.moments.add("bonus")
                pilot.step(gallery.COOLDOWN_S)
                return
            pilot.frame()

    def _aim(self, view: GalleryView, answer_id: str) -> None:
        centre = view.target_centre(answer_id)
        if centre is not None:
            self.pilot.move(centre)

    def _shoot_with_mouse(self, view: GalleryView, answer_id: str) -> None:
        rules = view.rules
        for _i in range(3000):  # wait until it is in view, as a person would
            target = next((t for t in rules.targets if t.id == answer_id), None)
            if target is None or rules.phase != Phase.PLAYING or target.fully_visible:
                break
            self.pilot.frame()
        centre = view.target_centre(answer_id)
        if centre is not None and rules.phase == Phase.PLAYING:
            self.pilot.click(centre)

    def _shoot_with_keyboard(self, rules: ShootingGallery, answer_id: str) -> None:
        for _i in range(3000):  # Tab through what is in view until it comes round
            if rules.phase != Phase.PLAYING:
                return
            self.pilot.press(pygame.K_TAB)
            if rules.selected is not None and rules.targets[rules.selected].id == answer_id:
                break
        self.pilot.press(pygame.K_SPACE)

    def _finish(self) -> None:
        pilot = self.pilot
        pilot.step(0.6)
        if isinstance(self.app.top, CelebrationScene):  # a completed chapter, then the badges
            pilot.step(0.6)  # the confetti in flight
            self.shot("celebration")
            pilot.press(pygame.K_RETURN)
        if isinstance(self.app.top, BadgeUnlockScene):
            pilot.step(0.6)
            self.shot("badge")
            pilot.press(pygame.K_RETURN)
        results = self.expect(ResultsScene)
        self.run.score = results.result.score
        self.run.points = results.result.points
        self.run.passed = results.passed
        pilot.step(0.2)
        self.shot("results")
        while results.choices[results.buttons.focus] != ResultsChoice.CONTINUE:
            pilot.press(pygame.K_TAB)
        pilot.press(pygame.K_RETURN)
        scene = self.expect(ChapterMapScene)
        pilot.step(0.2)
        self.shot("map-after")
        # The chapter just played, opened again: a taken test offers a retake or a replay.
        chapters = self.app.session.course.chapters
        played = next(i for i, c in enumerate(chapters) if c.title == self.run.chapter_title)
        while scene.focus != played:
            pilot.press(pygame.K_RIGHT)
        pilot.press(pygame.K_RETURN)
        if scene.in_actions:
            self.shot("map-choice")
            pilot.press(pygame.K_ESCAPE)
        else:  # a chapter that was not played to its test opens directly
            self.app.flow.chapter_map()
            scene = self.expect(ChapterMapScene)
        pilot.press(pygame.K_p)
        self.shot("profile")
        pilot.press(pygame.K_RETURN)
        pilot.press(pygame.K_s)
        self.shot("settings")
        pilot.press(pygame.K_ESCAPE)
        self.expect(ChapterMapScene)
        self.app.quit()
