"""The HR area on screen (driven by the Pilot), the choices HR sees, roster-only sign-in and
the demo's own folder."""
import csv
import json

import pygame
import pytest

from learnsocial import i18n
from learnsocial.app.session import NotOnRoster, Session
from learnsocial.paths import content_dir
from learnsocial.progress.records import RosterRow
from learnsocial.progress.store import ProgressStore
from learnsocial.ui.app import App
from learnsocial.ui.pilot import Pilot
from learnsocial.ui.scenes.admin import EMPLOYEES, OVERDUE, QUESTIONS, AdminDashboardScene
from tests import hr_data


def open_area(folder, language="en", scale=1.0, contrast=False, people=30, config=None):
    """The HR area over hr_data's folder of `people`; config: the folder's config.json."""
    store = hr_data.build(folder, people=people)
    if config is not None:
        (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    session = Session(content_dir(), store, language)
    session.language_chosen = True
    i18n.set_language(language)
    session.load_course()
    app = App(session, seed=7)
    app.theme.configure("high_contrast" if contrast else "default", scale)
    pilot = Pilot(app)
    app.push(AdminDashboardScene(app))
    return app, pilot


def test_the_area_lists_the_roster_filters_and_shows_the_overdue(tmp_path):
    app, pilot = open_area(tmp_path / "d")
    area = app.top
    assert len(area.employees) == 30, "everyone on the roster, the demo record left out"
    assert area.figures.overdue_people == 8
    pilot.press(pygame.K_TAB)
    assert area.tab == EMPLOYEES and len(area.people) == 30
    pilot.type("e-001")  # ids without case
    assert [p.employee_id for p in area.people] == ["E-001"]
    pilot.press(pygame.K_BACKSPACE, times=5)
    pilot.press(pygame.K_F3)  # status: completed
    assert [p.employee_id for p in area.people] == ["E-000"]
    pilot.press(pygame.K_F3, times=2)  # status: failed
    assert [p.employee_id for p in area.people] == ["E-001"]
    pilot.press(pygame.K_F3, times=2)  # back to all
    pilot.press(pygame.K_F2)  # the first department, by name
    assert {p.department for p in area.people} == {area.departments[1]}
    pilot.press(pygame.K_F2, mod=pygame.KMOD_SHIFT)
    assert len(area.people) == 30
    pilot.press(pygame.K_RIGHT, mod=pygame.KMOD_CTRL)
    assert area.chapter_focus == 1
    assert area.focus_label().endswith(area.chapters[1][1]), "the full title on focus"
    pilot.render()
    pilot.press(pygame.K_TAB)
    assert area.tab == OVERDUE and len(area.late) == 8
    assert area.late[0]["employee_id"] == "E-001" and area.late[0]["status"] == "failed"


def test_counts_on_a_scrolled_list(tmp_path, monkeypatch):
    from learnsocial.ui.widgets import ScrollList

    told = []
    drawn = ScrollList.draw_indicator

    def indicator(self, surface, theme, view, shown, count):
        told.append((shown, count))
        drawn(self, surface, theme, view, shown, count)

    monkeypatch.setattr(ScrollList, "draw_indicator", indicator)
    app, pilot = open_area(tmp_path / "d", scale=1.5)
    area = app.top
    for tab, count in ((EMPLOYEES, 30), (OVERDUE, 8), (QUESTIONS, len(area.questions))):
        area.tab = tab
        told.clear()
        pilot.render()
        shown, total = told[-1]
        assert total == count and len(shown) < count, "'1–5 of 30' under the list"
    area.tab = EMPLOYEES
    pilot.press(pygame.K_DOWN, times=3)
    told.clear()
    pilot.render()
    assert told[-1][0].start == 3


def test_e_saves_the_per_question_figures(tmp_path, monkeypatch):
    import learnsocial.ui.scenes.admin as admin

    monkeypatch.setattr(admin, "export_folder", lambda: tmp_path / "docs")
    app, pilot = open_area(tmp_path / "d")
    area = app.top
    pilot.press(pygame.K_TAB, times=3)
    assert area.tab == QUESTIONS
    pilot.press(pygame.K_e)
    (saved,) = (tmp_path / "docs").glob("*.csv")
    rows = list(csv.DictReader(saved.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == len(area.figures.questions)
    missed = next(r for r in rows if r["chapter_id"] == "working-on-the-platform"
                  and r["share_right"] != "1.0")
    assert int(missed["answers"]) == 3 and missed["chapter_title"] == "Working on the platform"
    assert "Saved to" in app.toast_shown.message


@pytest.mark.parametrize("language, scale, contrast", [
    ("de", 1.5, False), ("de", 1.0, True), ("sv", 1.5, True), ("sv", 1.0, False),
    ("en", 1.5, False), ("en", 1.0, True)])
def test_the_layout_audit_finds_nothing_in_the_hr_area(tmp_path, language, scale, contrast):
    app, pilot = open_area(tmp_path / "d", language, scale, contrast)
    audit = app.start_layout_audit()
    for _tab in range(4):
        pilot.render()
        pilot.press(pygame.K_DOWN, times=4)
        pilot.render()
        pilot.press(pygame.K_TAB)
    pilot.press(pygame.K_TAB)
    pilot.press(pygame.K_F2, times=4)  # the long department name on its button
    pilot.press(pygame.K_F3)
    pilot.render()
    assert audit.report() == []


def test_a_first_choice_is_kept_for_hr_and_counted_by_rating(tmp_path):
    from learnsocial.app.reports import Reports

    store = ProgressStore(tmp_path / "d")
    session = Session(content_dir(), store, "en")
    session.load_course()
    session.sign_in("e-1", "Anna")
    chapter = session.course.chapters[0]
    scene = chapter.choice_scenes[0]
    poor = next(o for o in scene.options if o.rating == "poor")
    best = next(o for o in scene.options if o.rating == "best")
    session.record.choice_made(chapter, scene, poor.id)
    session.record.choice_made(chapter, scene, best.id)  # a replay: the first judgement stays
    assert session.choices_made(chapter) == {scene.id: best.id}, "the learner's history"
    session.sign_out()
    session.sign_in("e-2", "Bo")
    session.record.choice_made(chapter, scene, best.id)
    found = Reports.for_course(store, session.course).choice_stats()
    (stat,) = found
    assert stat.scene_id == scene.id and stat.people == 2 and stat.poor_share == 0.5


def test_roster_only_refuses_an_id_not_on_the_roster(tmp_path, monkeypatch):
    import json

    site = tmp_path / "site.json"
    site.write_text(json.dumps({"roster_only": True}), encoding="utf-8")
    monkeypatch.setenv("LEARNSOCIAL_SITE_CONFIG", str(site))
    store = ProgressStore(tmp_path / "d")
    store.upsert_roster([RosterRow("E-5", "Eva", "Sales")])
    session = Session(content_dir(), store, "de")
    session.load_course()
    with pytest.raises(NotOnRoster):
        session.sign_in("E-6", "Not listed")
    assert store.employee("E-6") is None
    employee = session.sign_in("e-5", "Eva Lind")
    assert employee.department == "Sales", "a roster employee keeps the roster data"


def test_the_sign_in_screen_says_politely_in_the_learner_s_language(tmp_path, monkeypatch):
    import json

    from learnsocial.ui.scenes.signin import SignInScene

    site = tmp_path / "site.json"
    site.write_text(json.dumps({"roster_only": True}), encoding="utf-8")
    monkeypatch.setenv("LEARNSOCIAL_SITE_CONFIG", str(site))
    store = ProgressStore(tmp_path / "d")
    session = Session(content_dir(), store, "sv")
    i18n.set_language("sv")
    session.load_course()
    app = App(session, seed=1)
    pilot = Pilot(app)
    app.push(SignInScene(app))
    pilot.type("E-9")
    pilot.press(pygame.K_TAB)
    pilot.type("Nils")
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, SignInScene)
    assert app.top.message.startswith("Detta id finns inte på listan")


def test_the_demo_without_data_dir_uses_a_new_temporary_folder(tmp_path, monkeypatch, capsys):
    from learnsocial.cli import main

    real = tmp_path / "real"
    monkeypatch.setenv("LEARNSOCIAL_DATA_DIR", str(real))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    code = main(["demo", "--screenshots", str(tmp_path / "shots"), "--lang", "en"])
    pygame.quit()
    assert code == 0
    assert not real.exists(), "the real progress data is never touched"
    err = capsys.readouterr().err
    (folder,) = tmp_path.glob("learnsocial-demo-*")
    assert str(folder) in err
    person = ProgressStore(folder).employee("demo-001")
    assert person is not None and person.demo
