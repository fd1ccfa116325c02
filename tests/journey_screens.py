"""Every screen of the learner's journey in the states the demo does not reach: a map with a
perfect, a passed and a failed chapter; a failed test's results; the chapter and the course
celebrated; two and three badges at once; the whole profile and settings page (with settings IT
manages); the menu; a toast; the HR area. Used by tests/test_journey_layout.py and, to look at
the screens, by `python -m tests.journey_screens OUT_DIR [lang] [size] [hc]`."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pygame

from learnsocial import i18n
from learnsocial.app.levels import level_for
from learnsocial.app.session import Session, TestOutcome
from learnsocial.paths import content_dir
from learnsocial.progress.records import RosterRow
from learnsocial.progress import passphrase
from learnsocial.progress.store import ProgressStore
from learnsocial.ui.app import App
from learnsocial.ui.pilot import Pilot
from learnsocial.ui.scenes.admin import AdminDashboardScene, AdminLoginScene
from learnsocial.ui.scenes.badge_unlock import BadgeUnlockScene
from learnsocial.ui.scenes.celebration import CelebrationScene
from learnsocial.ui.scenes.chapter_map import ChapterMapScene
from learnsocial.ui.scenes.language import LanguageScene
from learnsocial.ui.scenes.pause import PauseMenu
from learnsocial.ui.scenes.profile import ProfileScene
from learnsocial.ui.scenes.results import ResultsScene
from learnsocial.ui.scenes.settings import SettingsScene
from learnsocial.ui.scenes.signin import SignInScene
from learnsocial.ui.scenes.title import TitleScene
from tests.course_player import StepClock, play_test

SITE_CONFIG = {"lrs": {"url": "https://lrs.example.com/xapi/statements/with/a/long/path",
                       "user": "learnsocial-desktop", "every_s": 120},
               "xapi": {"home_page": "https://intranet.example.com"},
               "roster_only": True, "due_days": 30}

Shot = Callable[[str], None]


def write_site_config(folder: Path) -> Path:
    path = folder / "site-config.json"
    path.write_text(json.dumps(SITE_CONFIG), encoding="utf-8")
    return path


def make_app(data: Path, language: str, text_scale: float, high_contrast: bool
             ) -> tuple[App, Pilot]:
    session = Session(content_dir(), ProgressStore(data), language, clock=StepClock())
    session.language_chosen = True
    i18n.set_language(language)
    session.load_course()
    app = App(session, seed=7)
    app.theme.configure("high_contrast" if high_contrast else "default", text_scale)
    return app, Pilot(app)


def progress_so_far(app: App, text_scale: float, high_contrast: bool) -> None:
    """Sign in; chapter 1 perfect, chapter 2 passed, chapter 3 failed twice."""
    session = app.session
    # the site config lets only the roster sign in
    session.store.upsert_roster([RosterRow("j-1", "Johanna Strömberg-Lindqvist", "Sales")])
    session.sign_in("j-1", "Johanna Strömberg-Lindqvist")
    session.save_settings(text_scale=text_scale, high_contrast=high_contrast)
    app.apply_settings()
    one, two, three = session.course.chapters[:3]
    session.finish_test(one, play_test(one, 1.0), session.clock())
    session.finish_test(two, play_test(two, 0.88), session.clock())
    for seed in (1, 2):
        session.finish_test(three, play_test(three, 0.0, seed=seed), session.clock())


def visit(app: App, pilot: Pilot, shot: Shot) -> None:
    """Push each screen in turn and look at it (shot renders a frame)."""
    session = app.session
    app.flow.title()
    pilot.step(0.1)
    shot("title")
    app.push(LanguageScene(app))
    shot("language")
    app.push(SignInScene(app))
    pilot.type("no spaces allowed")
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_RETURN)
    shot("signin-error")
    progress_so_far(app, app.theme.text_scale, app.theme.high_contrast)
    app.flow.chapter_map()
    pilot.step(0.1)
    shot("map")
    pilot.press(pygame.K_RETURN)  # the failed chapter: its two actions
    shot("map-choice")
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_RIGHT)  # a locked chapter
    pilot.press(pygame.K_RETURN)
    shot("map-locked")
    pilot.press(pygame.K_ESCAPE)
    shot("pause-map")
    pilot.press(pygame.K_ESCAPE)
    app.toggle_mute()
    shot("toast")
    app.toggle_mute()
    pilot.step(3)
    three, four = session.course.chapters[2], session.course.chapters[3]
    failed = session.finish_test(three, play_test(three, 0.0, seed=3), session.clock())
    app.push(ResultsScene(app, three, failed))
    shot("results-failed")
    badges = session.badges()
    app.push(BadgeUnlockScene(app, badges[:2]))
    pilot.step(1)
    shot("badge-two")
    pilot.press(pygame.K_RETURN)
    app.push(BadgeUnlockScene(app, session.badge_standings()[5:8] and
                              [s.badge for s in session.badge_standings()[5:8]]))
    pilot.step(1)
    shot("badge-three")
    pilot.press(pygame.K_RETURN)
    result = play_test(four, 1.0)
    app.push(CelebrationScene(app, four, TestOutcome(result, True, [], True, False,
                                                     level_for(5000))))
    pilot.step(0.5)
    shot("celebration")
    pilot.press(pygame.K_RETURN)
    last = session.course.chapters[-1]
    app.push(CelebrationScene(app, last, TestOutcome(play_test(last, 1.0), True, [], True,
                                                     True, None)))
    pilot.step(0.5)
    shot("celebration-course")
    pilot.press(pygame.K_RETURN)
    app.push(ProfileScene(app))
    for page in range(12):
        shot(f"profile-{page}")
        pilot.press(pygame.K_PAGEDOWN)
    pilot.press(pygame.K_ESCAPE)
    app.push(SettingsScene(app))
    for row in range(len(app.top.rows)):
        if row % 4 == 0:
            shot(f"settings-{row}")
        pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_ESCAPE)
    app.push(PauseMenu(app, offer_map=True, offer_sign_out=True))
    shot("pause")
    pilot.press(pygame.K_ESCAPE)
    data = app.session.store.data_dir
    app.push(AdminLoginScene(app))  # no passphrase set: how to set one
    shot("admin-login-none")
    pilot.press(pygame.K_ESCAPE)
    (data / passphrase.FILE).write_text("{ damaged")
    app.push(AdminLoginScene(app))
    shot("admin-login-damaged")
    pilot.press(pygame.K_ESCAPE)
    passphrase.set_passphrase(data, "hr passphrase 1")
    app.push(AdminLoginScene(app))
    pilot.type("wrong guess")
    pilot.press(pygame.K_RETURN)
    shot("admin-login")
    pilot.press(pygame.K_ESCAPE)
    app.push(AdminDashboardScene(app))
    for tab in range(3):
        shot(f"admin-{tab}")
        pilot.press(pygame.K_TAB)
    pilot.press(pygame.K_ESCAPE)
    saving_screens(app, pilot, shot)


def disk_full(store: ProgressStore) -> Callable[[], None]:
    """Every write of the store fails as on a full disk until the returned undo is called."""
    import errno
    import os

    from learnsocial.progress.storage import StoreIOError

    def refuse(rel: str, *_args, **_kwargs):
        error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        raise StoreIOError(f"cannot save {store.files.where(rel)}: {error.strerror}", error)

    store.files.write = refuse  # type: ignore[method-assign]
    store.files.append = refuse  # type: ignore[method-assign]
    return lambda: (vars(store.files).pop("write"), vars(store.files).pop("append"))


def saving_screens(app: App, pilot: Pilot, shot: Shot) -> None:
    """Progress the disk refuses (the sentence, then the chip, then quitting), and the learner
    erased by HR while signed in (the sentence, then signing in with the erased id)."""
    from learnsocial.ui.scenes.unsaved import UnsavedQuitScene

    session = app.session
    app.flow.chapter_map()
    undo = disk_full(session.store)
    first = session.course.chapters[0]
    session.finish_test(first, play_test(first, 0.5), session.clock())
    session.save_settings(volume=0.5)
    pilot.step(0.1)
    shot("saving-full")
    pilot.frame(16.0)
    shot("saving-chip")
    app.quit()
    assert isinstance(app.top, UnsavedQuitScene)
    shot("unsaved-quit")
    pilot.press(pygame.K_ESCAPE)
    undo()
    pilot.frame(6.0)  # the app tries again every few seconds
    assert not session.saves.waiting
    ProgressStore(session.store.data_dir).erase(session.employee.employee_id)
    session.save_settings(volume=0.6)
    pilot.step(0.1)
    shot("erased")
    pilot.frame(16.0)
    shot("erased-chip")
    employee_id = session.employee.employee_id
    app.flow.sign_out()
    app.push(SignInScene(app))
    pilot.type(employee_id)
    pilot.step(0.1)
    shot("signin-erased")


def main() -> None:
    out = Path(sys.argv[1])
    language = sys.argv[2] if len(sys.argv) > 2 else "de"
    scale = int(sys.argv[3]) / 100 if len(sys.argv) > 3 else 1.5
    contrast = len(sys.argv) > 4
    out.mkdir(parents=True, exist_ok=True)
    import os
    import tempfile

    os.environ["LEARNSOCIAL_SITE_CONFIG"] = str(write_site_config(Path(tempfile.mkdtemp())))
    app, pilot = make_app(Path(tempfile.mkdtemp()), language, scale, contrast)
    audit = app.start_layout_audit()
    count = [0]

    def shot(name: str) -> None:
        count[0] += 1
        while app.transitioning:  # the picture shows the screen, not the dissolve
            pilot.frame(0.05)
        pilot.screenshot(out / f"{count[0]:02d}-{name}.png")

    visit(app, pilot, shot)
    print("\n".join(audit.report()) or "no problems")


if __name__ == "__main__":
    main()
