"""Reports from the LRS: three desktops' data folders, played through the application layer and
synced to the live Learning Locker service (tests/lrs_fixture.py), give with
`export --from-lrs` exactly the rows the local export of the three folders merged gives; a
second report after new activity reads only what is new (counted at the proxy); and bugs
planted in the reader make the comparison fail."""
from __future__ import annotations

import csv
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from learnsocial.app import lrs_reports
from learnsocial.app.learning_record import FIRST_CHOICE
from learnsocial.app.lrs_reports import read_from_lrs
from learnsocial.app.reports import Reports
from learnsocial.app.session import Session
from learnsocial.cli import main
from learnsocial.config import load_config
from learnsocial.paths import content_dir
from learnsocial.progress.records import RosterRow, parse_stamp
from learnsocial.progress.store import ProgressStore
from learnsocial.progress.xapi import VERBS
from tests import hr_data
from tests.course_player import play_test
from tests.lrs_fixture import PASSWORD, USER

HOME = "https://hr.example.org"
TZ = "Europe/Stockholm"
ROSTER = [  # what HR imported into its own folder
    RosterRow("E-101", "Karin Lund", "Sales", "Åsa Öberg", "2026-02-01"),
    RosterRow("E-102", "Anna Svensson", "Support", "Jürgen Weiß", "2026-02-15"),
    RosterRow("E-103", "Jonas Berg", "Sales", "", "", "2026-04-01"),
    RosterRow("E-104", "Lena Nowak", "Ekonomi & Lön"),
    RosterRow("E-105", "Omar Haddad", "Support", "Åsa Öberg", "2026-03-01"),
    RosterRow("E-106", "Nils Nilsson", "Sales", "", "2026-01-10"),  # never signs in
]
DESK_ROSTER = [  # what desktop A's own roster says (E-108 is on no roster of HR's)
    RosterRow("E-101", "Karin Lund", "Sales", "Åsa Öberg", "2026-02-01"),
    RosterRow("E-108", "Nils Holm", "Support", "Jürgen Weiß", "2026-02-20"),
]


class Ticker:
    """A clock that moves on by `step` at every reading (no real time)."""

    def __init__(self, start: datetime, step: timedelta = timedelta(seconds=41)):
        self.now, self.step = start, step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


class Desktop:
    """One desktop's data folder, written through the application layer."""

    def __init__(self, folder: Path, start: datetime):
        self.folder = folder
        self.store = ProgressStore(folder, clock=Ticker(start))
        self.clock = Ticker(start + timedelta(seconds=7), timedelta(seconds=53))

    def sign_in(self, employee_id: str, name: str, language: str = "en",
                demo: bool = False) -> Session:
        session = Session(content_dir(), self.store, language, clock=self.clock, demo=demo)
        session.language_chosen = True
        session.load_course()
        session.sign_in(employee_id, name)
        return session


def story(session: Session, number: int, scenes: int | None = None, pick: int = 0) -> None:
    """Read a chapter's story (its first `scenes` scenes), taking option `pick` in its
    "what would you do?" scenes, then leave it."""
    chapter = session.course.chapters[number]
    record = session.record
    total = len(chapter.scenes)
    record.chapter_opened(chapter.id, chapter.scenes[0].id, 1, total)
    upto = total if scenes is None else scenes
    for k in range(1, upto):
        scene = chapter.scenes[k]
        record.scene_reached(chapter.id, scene.id, k + 1, total, 2.0 + 1.237 * k)
        if scene.options:
            record.choice_made(chapter, scene, scene.options[pick % len(scene.options)].id)
    record.time_spent(chapter.id, chapter.scenes[upto - 1].id, 4.321 + number)


def take_test(session: Session, number: int, accuracy: float, seed: int = 1) -> None:
    chapter = session.course.chapters[number]
    started = session.clock()
    session.finish_test(chapter, play_test(chapter, accuracy, 2.5 + 0.37 * seed, seed), started)


def export(folder: Path, fmt: str, out: Path, *extra: str) -> int:
    return main(["export", "--format", fmt, "--out", str(out), "--data-dir", str(folder),
                 "--tz", TZ, *extra])


def rows(path: Path) -> list[dict]:
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    with path.open(encoding="utf-8-sig", newline="") as source:
        return list(csv.DictReader(source))


def assert_same_rows(local: list[dict], remote: list[dict]) -> None:
    """Row by row, naming the first row and column that differ."""
    for number, (ours, theirs) in enumerate(zip(local, remote, strict=False), start=1):
        differing = {k: (ours[k], theirs.get(k)) for k in ours if ours[k] != theirs.get(k)}
        assert not differing, f"row {number} ({ours['employee_id']}, {ours['chapter_id']}): " \
                              f"local vs LRS {differing}"
    assert len(local) == len(remote)


class World:
    """Three desktops synced to the LRS, HR's folder for reports from the LRS and a folder
    with the three merged, both with HR's roster and a due date of 30 days."""

    def __init__(self, root: Path, proxy):
        self.root, self.proxy = root, proxy
        self.desks = {name: Desktop(root / name, datetime(2026, 3, day, 8, tzinfo=UTC))
                      for name, day in (("a", 2), ("b", 3), ("c", 4))}
        self.merged, self.hr = root / "merged", root / "hr"
        for folder in (self.merged, self.hr):
            ProgressStore(folder).upsert_roster(ROSTER)
            (folder / "config.json").write_text(json.dumps({"due_days": 30}))
        a, b, c = self.desks.values()
        a.store.upsert_roster(DESK_ROSTER)
        karin = a.sign_in("E-101", "Karin Lund", "sv")
        story(karin, 0, pick=1)
        take_test(karin, 0, 1.0)
        story(karin, 1)
        take_test(karin, 1, 0.9, seed=2)
        story(karin, 2, scenes=5)
        story(karin, 0, pick=0)  # read again, other choices: the first ones count
        anna = a.sign_in("E-102", "Anna Svensson")
        story(anna, 0, pick=0)
        take_test(anna, 0, 0.5, seed=3)
        nils = a.sign_in("E-108", "Nils Holm", "de")
        story(nils, 0, scenes=4, pick=2)
        demo = a.sign_in("demo-001", "Demo Learner", demo=True)
        story(demo, 0)
        take_test(demo, 0, 1.0)
        anna = b.sign_in("E-102", "Anna B. Svensson", "de")  # a new name on another desktop
        story(anna, 0, scenes=3)
        take_test(anna, 0, 1.0, seed=4)
        take_test(anna, 1, 0.3, seed=5)
        self.jonas = b.sign_in("E-103", "Jonas Berg")
        story(self.jonas, 0, scenes=6, pick=2)
        lena = c.sign_in("e-104", "Lena Nowak", "sv")  # typed in lower case
        take_test(lena, 0, 0.25, seed=6)
        take_test(lena, 0, 0.5, seed=7)
        omar = c.sign_in("E-105", "Omar Haddad")
        for number in range(len(omar.course.chapters)):  # every game, the course completed
            story(omar, number, pick=number)
            take_test(omar, number, 1.0, seed=8 + number)
        c.sign_in("E-107", "Pia Ek")  # signed in, nothing else
        for desk in self.desks.values():
            self.sync(desk)
        assert main(["merge", *(str(d.folder) for d in self.desks.values()), "--data-dir",
                     str(self.merged)]) == 0

    def sync(self, desk: Desktop) -> None:
        assert main(["sync", "--lrs", self.proxy.endpoint, "--user", USER, "--data-dir",
                     str(desk.folder)]) == 0
        assert [s for e, s in desk.store.unsent_statements() if e != "demo-001"] == []

    def from_lrs(self, fmt: str, name: str, *extra: str) -> list[dict]:
        out = self.root / f"{name}.{fmt}"
        assert export(self.hr, fmt, out, "--from-lrs", self.proxy.endpoint, "--user", USER,
                      *extra) == 0
        return rows(out)

    def local(self, fmt: str, name: str) -> list[dict]:
        out = self.root / f"{name}.{fmt}"
        assert export(self.merged, fmt, out) == 0
        return rows(out)

    @staticmethod
    def figures(source):
        return Reports.for_course(source, hr_data.course(), due_days=30,
                                  tz=ZoneInfo(TZ)).figures()

    def lrs_records(self):
        return read_from_lrs(ProgressStore(self.hr), self.proxy.endpoint, USER, PASSWORD,
                             hr_data.course(), load_config(self.hr).xapi).records

    def ours(self, statements: list[dict]) -> dict[str, dict]:
        """The statements of this world (the shared LRS holds other tests' too)."""
        base = load_config(self.hr).xapi.activity_base
        return {s["id"]: s for s in statements if base in json.dumps(s)}


@pytest.fixture(scope="module")
def world(lrs, tmp_path_factory):
    """Built once for the module, under its own activity base: the shared LRS holds other
    tests' statements too, and the report reads only those about this course's activity."""
    _server, proxy = lrs
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEARNSOCIAL_LRS_PASSWORD", PASSWORD)
        patch.setenv("LEARNSOCIAL_XAPI_HOMEPAGE", HOME)
        patch.setenv("LEARNSOCIAL_XAPI_BASE",
                     f"https://learning.example.com/xapi/{uuid.uuid4().hex[:12]}")
        yield World(tmp_path_factory.mktemp("lrs-reports"), proxy)


@pytest.mark.lrs
def test_report_from_the_lrs_is_the_merged_local_report_row_by_row(world, lrs,
                                                                   capsys):
    server, proxy = lrs
    for fmt in ("csv", "json"):
        local = world.local(fmt, "local-1")
        remote = world.from_lrs(fmt, "lrs-1")
        assert_same_rows(local, remote)
    people = {r["employee_id"] for r in local}
    assert people == {"E-101", "E-102", "E-103", "e-104", "E-105", "E-106", "E-107", "E-108"}, \
        "the roster, the people of the three desktops (ids as first typed); no demo record"
    course = {r["employee_id"]: r for r in local if r["chapter_id"] == "social-workplace"}
    assert course["E-105"]["status"] == "completed" and course["E-106"]["status"] == \
        "not_started"
    assert course["E-102"]["display_name"] == "Anna B. Svensson", "the newest sign-in's name"
    assert course["E-108"]["department"] == "Support", "from desktop A's roster, via the LRS"
    assert course["e-104"]["status"] == "failed"
    assert any(r["time_spent_s"] not in (0, 0.0) and r["points"] for r in local)
    # the other formats run on the same records
    for fmt in ("xlsx", "html"):
        assert export(world.hr, fmt, world.root / f"lrs-1.{fmt}", "--from-lrs",
                      proxy.endpoint, "--user", USER) == 0
    # figures above the table: chapters, departments, overdue, per question, per situation
    assert world.figures(world.lrs_records()) == world.figures(ProgressStore(world.merged))
    capsys.readouterr()


@pytest.mark.lrs
def test_a_second_report_reads_only_what_is_new(world, lrs, capsys):
    server, proxy = lrs
    world.from_lrs("csv", "before-new")
    known = world.ours(server.statements())
    last = max(parse_stamp(s["stored"]) for s in known.values())
    # new activity on desktop B: Jonas finishes chapter 1 and passes its test
    desk = world.desks["b"]
    story(world.jonas, 0)
    take_test(world.jonas, 0, 1.0, seed=20)
    new = {s["id"] for _e, s in desk.store.unsent_statements()}
    assert len(new) > 10
    world.sync(desk)
    assert main(["merge", str(desk.folder), "--data-dir", str(world.merged)]) == 0
    proxy.served.clear()
    proxy.queries.clear()
    capsys.readouterr()
    remote = world.from_lrs("csv", "lrs-2")
    err = capsys.readouterr().err
    served = set(proxy.served)
    assert new <= served, "every new statement was read"
    again = served - new
    stored = {s["id"]: parse_stamp(s["stored"]) for s in server.statements()}
    assert all(stored[i] >= last - timedelta(milliseconds=1) for i in again), \
        "read again: only statements in the overlap with the last read"
    assert len(again) <= 50 and len(served) < len(known) / 4
    assert f"({len(new)} new," in err, err
    assert all("since=" in q for q in proxy.queries)
    assert_same_rows(world.local("csv", "local-2"), remote)
    jonas = [r for r in remote if r["employee_id"] == "E-103"]
    assert jonas[0]["status"] == "completed"
    # --refresh reads everything again
    proxy.served.clear()
    assert_same_rows(world.local("csv", "local-3"),
                     world.from_lrs("csv", "lrs-3", "--refresh"))
    assert len(proxy.served) >= len(set(proxy.served)) > len(known)


def drop_verb(verb: str):
    """A reader that ignores one kind of statement."""
    use = lrs_reports._Reader._use

    def planted(self, person, verb_id, moment, statement):
        return True if verb_id == VERBS[verb] else use(self, person, verb_id, moment,
                                                       statement)
    return planted


@pytest.mark.lrs
@pytest.mark.parametrize("plant", ["suspended", "experienced", "launched", "points",
                                   "pairing", "first-choice"])
def test_a_planted_bug_in_the_reader_makes_the_comparison_fail(world, lrs, monkeypatch,
                                                               plant):
    """The checks above can fail: each bug changes the rows or the figures."""
    if plant in ("suspended", "experienced", "launched"):
        monkeypatch.setattr(lrs_reports._Reader, "_use", drop_verb(plant))
    elif plant == "points":
        monkeypatch.setattr(lrs_reports, "POINTS", "no-such-extension")
    elif plant == "pairing":
        monkeypatch.setattr(lrs_reports, "TARGET", "no-prefix-")
    else:  # the newest choice instead of the first
        take = lrs_reports._Reader._use

        def newest_choice(self, person, verb, moment, statement):
            if verb == VERBS["responded"]:
                parts = self.parts(statement["object"]["id"])
                person.choices.pop(FIRST_CHOICE.format(chapter=parts[0], scene=parts[2]), None)
            return take(self, person, verb, moment, statement)
        monkeypatch.setattr(lrs_reports._Reader, "_use", newest_choice)
    local = world.local("csv", f"local-{plant}")
    remote = world.from_lrs("csv", f"lrs-{plant}")
    figures_differ = world.figures(world.lrs_records()) != world.figures(
        ProgressStore(world.merged))
    try:
        assert_same_rows(local, remote)
    except AssertionError:
        return
    assert figures_differ, f"dropping {plant} went unnoticed"


def open_hr_area(world, url: str):
    """The HR area of HR's folder, with the LRS configured there."""
    import pygame  # noqa: F401 (the UI tests' own import, as in tests/test_hr_area.py)

    from learnsocial.ui.app import App
    from learnsocial.ui.pilot import Pilot
    from learnsocial.ui.scenes.admin import AdminDashboardScene

    (world.hr / "config.json").write_text(json.dumps(
        {"due_days": 30, "lrs": {"url": url, "user": USER}}))
    session = Session(content_dir(), ProgressStore(world.hr), "en")
    session.language_chosen = True
    session.load_course()
    app = App(session, seed=7)
    pilot = Pilot(app)
    app.push(AdminDashboardScene(app))
    return app, pilot


@pytest.mark.lrs
def test_the_hr_area_reads_the_lrs_on_a_worker_and_never_waits_for_it(world, lrs,
                                                                       monkeypatch):
    import threading
    from concurrent.futures import wait

    import pygame

    from learnsocial.ui.scenes import admin

    _server, proxy = lrs
    app, pilot = open_hr_area(world, proxy.endpoint)
    area = app.top
    try:
        assert area.lrs_offered and area.source == admin.DESKTOP
        assert len(area.employees) == len(ROSTER), "this desktop: the roster only"
        entered, release = threading.Event(), threading.Event()
        real = admin.read_from_lrs

        def held(*args, **kwargs):  # the read waits until the test lets it go
            entered.set()
            release.wait(timeout=60)
            return real(*args, **kwargs)
        monkeypatch.setattr(admin, "read_from_lrs", held)
        pilot.press(pygame.K_F4)
        assert entered.wait(timeout=60), "the read started on a worker"
        for _frame in range(3):  # frames go on, drawn, while the read waits
            pilot.frame()
        pilot.render()
        assert area.reading is not None and not area.reading.done()
        assert area.source == admin.DESKTOP and area.source_label().startswith("Reading")
        release.set()
        area.reading.result(timeout=120)  # a safety net, not a measurement
        pilot.frame()
        assert area.source == admin.LRS and area.reading is None
        merged = Reports.for_course(ProgressStore(world.merged), area.app.session.course,
                                    due_days=30)
        assert area.rows == merged.rows(), "the LRS's rows: the three desktops merged"
        assert area.figures == merged.figures()
        pilot.render()
        pilot.press(pygame.K_F4)  # back to this desktop
        assert area.source == admin.DESKTOP and len(area.employees) == len(ROSTER)
        # an LRS that refuses: one line in the area, the desktop's figures stay
        monkeypatch.setenv("LEARNSOCIAL_LRS_PASSWORD", "wrong")
        pilot.press(pygame.K_F4)
        assert area.reading is not None
        wait([area.reading], timeout=120)  # a safety net, not a measurement
        pilot.frame()
        assert area.source == admin.DESKTOP and area.reading is None
        assert area.lrs_message.startswith("The LRS could not be read: the LRS refused the "
                                           "credentials (401)")
        assert "\n" not in area.lrs_message
        pilot.render()
    finally:
        (world.hr / "config.json").write_text(json.dumps({"due_days": 30}))
        pygame.quit()


@pytest.mark.parametrize("language, scale, contrast", [("de", 1.5, False), ("sv", 1.5, True),
                                                       ("en", 1.0, False)])
def test_the_layout_audit_finds_nothing_with_the_lrs_as_a_source(tmp_path, monkeypatch,
                                                                 language, scale, contrast):
    """The source button (reading, with its count) and the one-line error, in every language
    and text size, measured like every other text of the HR area."""
    import threading
    from concurrent.futures import wait

    import pygame

    from learnsocial import i18n
    from learnsocial.ui.scenes import admin
    from tests.hostile_lrs import HostileLRS
    from tests.test_hr_area import open_area

    server = HostileLRS()
    server.behaviour = lambda conn, request: conn.reply("401 Unauthorized")
    monkeypatch.setenv("LEARNSOCIAL_LRS_PASSWORD", PASSWORD)
    app, pilot = open_area(tmp_path / "d", language, scale, contrast, people=12, config={
        "lrs": {"url": server.endpoint + "/a-long-path-to-the-xapi-endpoint", "user": USER}})
    area = app.top
    release = threading.Event()
    real = admin.read_from_lrs

    def held(*args, **kwargs):
        release.wait(timeout=60)
        return real(*args, **kwargs)
    monkeypatch.setattr(admin, "read_from_lrs", held)
    try:
        audit = app.start_layout_audit()
        pilot.render()
        pilot.press(pygame.K_F4)
        area.read_count = 123456  # the longest count a read shows in practice
        pilot.render()
        release.set()
        assert area.reading is not None
        wait([area.reading], timeout=120)  # a safety net, not a measurement
        pilot.frame()
        pilot.render()
        assert area.lrs_message and area.source == admin.DESKTOP
        assert audit.report() == []
    finally:
        server.close()
        pygame.quit()
        i18n.set_language("en")


def test_what_the_rows_need_travels_in_valid_xapi(tmp_path, monkeypatch):
    """A played chapter's statements carry the learner's name, the employee fields, the
    dialogue time (experienced and suspended), the test's points and start, a sequencing
    test's steps; Ralph's models accept every one."""
    from ralph.models.xapi.base.statements import BaseXapiStatement

    from learnsocial.progress.xapi import parse_duration

    monkeypatch.setenv("LEARNSOCIAL_XAPI_HOMEPAGE", HOME)
    monkeypatch.setenv("LEARNSOCIAL_XAPI_BASE", "https://learning.example.com/xapi")
    desk = Desktop(tmp_path / "d", datetime(2026, 3, 2, 8, tzinfo=UTC))
    desk.store.upsert_roster(DESK_ROSTER)
    karin = desk.sign_in("E-101", "Karin Lund", "sv")
    order = next(n for n, c in enumerate(karin.course.chapters) if c.test.game == "sequencing")
    story(karin, order, scenes=4)
    take_test(karin, order, 0.6, seed=3)
    statements = [s for _e, s in desk.store.unsent_statements()]
    for statement in statements:
        BaseXapiStatement.model_validate(statement)
    verbs = {s["verb"]["id"].rsplit("/", 1)[1]: s for s in statements}
    base = "https://learning.example.com/xapi/extensions/"
    assert all(s["actor"]["name"] == "Karin Lund" for s in statements)
    launched = next(s for s in statements if s["object"]["id"].endswith("/course/"
                                                                          "social-workplace"))
    assert launched["context"]["extensions"][base + "employee"] == {
        "department": "Sales", "manager": "Åsa Öberg", "start_date": "2026-02-01",
        "enrolled_by": "roster"}
    assert launched["timestamp"] == desk.store.employee("E-101").last_seen_at
    dialogue = sum(parse_duration(s["result"]["duration"]) for s in statements
                   if s["verb"]["id"].endswith(("/experienced", "/suspended")))
    summary = desk.store.progress("E-101")[karin.course.chapters[order].id]
    attempt = desk.store.attempts("E-101")[0]
    assert round(dialogue + attempt.duration_s, 3) == summary.time_spent_s
    finished = verbs.get("passed") or verbs["failed"]
    assert finished["result"]["extensions"][base + "points"] == attempt.points
    assert finished["context"]["extensions"][base + "started-at"] == attempt.started_at
    assert finished["timestamp"] == attempt.finished_at
    steps = verbs["answered"]["result"]["extensions"][base + "steps"]
    assert [(s["item"], s["response"], s["success"]) for s in steps] == [
        (a.item_id, a.response, a.correct) for a in attempt.answers]
