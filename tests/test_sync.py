"""`learnsocial sync` against a real Learning Record Store (Learning Locker's statement service).

The LRS is shared by the session (see tests/lrs_fixture.py): each test looks at its own
statements, by id.
"""
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from ralph.models.xapi.base.statements import BaseXapiStatement

from learnsocial.cli import main
from learnsocial.progress import lrs as lrs_module
from learnsocial.progress.store import ProgressStore
from tests.lrs_fixture import PASSWORD, USER
from tests.records import record_for

HOME = "https://hr.example.org"


@pytest.fixture
def password(monkeypatch):
    """The password and the learners' home page, as IT sets them; no real pause on retries."""
    monkeypatch.setenv("LEARNSOCIAL_LRS_PASSWORD", PASSWORD)
    monkeypatch.setenv("LEARNSOCIAL_XAPI_HOMEPAGE", HOME)
    monkeypatch.setattr(lrs_module, "FIRST_PAUSE_S", 0.0)


def demo_run(tmp_path):
    data = tmp_path / "data"
    assert main(["demo", "--screenshots", str(tmp_path / "shots"), "--data-dir", str(data),
                 "--accuracy", "0.5"]) == 0
    return data


def sync(proxy, data):
    # the demo's records are marked as such; sync sends them only when asked
    return main(["sync", "--lrs", proxy.endpoint, "--user", USER, "--data-dir", str(data),
                 "--include-demo"])


@pytest.mark.lrs
def test_demo_statements_arrive_field_by_field(lrs, password, tmp_path):
    server, proxy = lrs
    data = demo_run(tmp_path)
    store = ProgressStore(data)
    ours = {s["id"]: s for s in store.statements()}
    assert len(ours) > 20
    for statement in ours.values():  # everything a real run produces is valid xAPI
        BaseXapiStatement.model_validate(statement)
    assert sync(proxy, data) == 0
    theirs = {s["id"]: s for s in server.statements()}
    assert set(ours) <= set(theirs)
    for statement_id, statement in ours.items():
        back = theirs[statement_id]
        for key in ("verb", "object", "context"):
            for field, value in statement[key].items():
                assert back[key][field] == value, (key, field)
        assert back["actor"]["account"] == {"homePage": HOME, "name": "demo-001"}
        if "result" in statement:
            for field, value in statement["result"].items():
                assert back["result"][field] == value, field
    assert store.unsent_statements() == []
    assert sync(proxy, data) == 0, "nothing left to send is fine"
    assert len(server.statements()) == len(theirs)


def test_lrs_down_keeps_everything_queued(password, tmp_path, capsys):
    data = demo_run(tmp_path)
    before = len(ProgressStore(data).unsent_statements())
    code = main(["sync", "--lrs", "http://127.0.0.1:9/xAPI", "--user", USER, "--data-dir",
                 str(data), "--include-demo"])
    assert code == 1
    assert "still queued" in capsys.readouterr().err
    assert len(ProgressStore(data).unsent_statements()) == before


@pytest.mark.lrs
def test_wrong_credentials_mark_nothing_sent(lrs, password, tmp_path, monkeypatch,
                                             capsys):
    _server, proxy = lrs
    data = demo_run(tmp_path)
    monkeypatch.setenv("LEARNSOCIAL_LRS_PASSWORD", "not the password")
    before = len(ProgressStore(data).unsent_statements())
    assert sync(proxy, data) == 1
    assert "credentials" in capsys.readouterr().err
    assert len(ProgressStore(data).unsent_statements()) == before


@pytest.mark.lrs
def test_invalid_statement_is_named_and_the_rest_delivered(lrs, password, tmp_path,
                                                           capsys):
    server, proxy = lrs
    data = tmp_path / "data"
    store = ProgressStore(data)
    store.sign_in("e-1", "Anna")
    record = record_for(store, "e-1")
    record.chapter_opened("c1", "s1", 1, 3)
    (good, *_rest) = store.unsent_statements()
    broken = dict(good[1], id="0b1d3e5f-0000-4000-8000-00000000beef", verb={"id": "nope"})
    store.queue_statements("e-1", [broken])
    assert sync(proxy, data) == 1
    err = capsys.readouterr().err
    assert "0b1d3e5f-0000-4000-8000-00000000beef" in err and "(400)" in err
    left = [s["id"] for _e, s in store.unsent_statements()]
    assert left == [broken["id"]]
    assert {s["id"] for s in server.statements()} >= {good[1]["id"]}


@pytest.mark.lrs
def test_sync_killed_half_way_then_repeated_loses_and_duplicates_nothing(
        lrs, password, tmp_path):
    server, proxy = lrs
    data = tmp_path / "data"
    store = ProgressStore(data)
    for n in range(6):
        store.sign_in(f"e-{n}", f"Person {n}")
        record = record_for(store, f"e-{n}")
        for scene in range(100):
            record.scene_reached("c1", f"s{scene}", scene + 1, 100, 1.0)
    expected = {s["id"] for _e, s in store.unsent_statements()}
    assert len(expected) == 600
    env = dict(os.environ, LEARNSOCIAL_LRS_PASSWORD=PASSWORD)
    child = subprocess.Popen([sys.executable, "-m", "learnsocial", "sync", "--lrs",
                              proxy.endpoint, "--user", USER, "--data-dir", str(data)],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(store.unsent_statements()) > 450:
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert 0 < len(store.unsent_statements()) < 600, "killed half-way"
    assert sync(proxy, data) == 0
    held = [s["id"] for s in server.statements() if s["id"] in expected]
    assert len(held) == len(set(held)), "no duplicates"
    assert set(held) == expected and store.unsent_statements() == []


@pytest.mark.lrs
def test_lrs_restart_between_syncs(lrs, password, tmp_path):
    server, proxy = lrs
    data = demo_run(tmp_path)
    server.stop()
    assert sync(proxy, data) == 1
    assert ProgressStore(data).unsent_statements()
    server.start()
    assert sync(proxy, data) == 0
    assert ProgressStore(data).unsent_statements() == []


@pytest.mark.lrs
def test_the_app_syncs_in_the_background_when_configured(lrs, password, tmp_path,
                                                         monkeypatch):
    import json as _json

    import pygame

    from learnsocial.app.session import Session
    from learnsocial.paths import content_dir
    from learnsocial.ui.app import App

    server, proxy = lrs
    data = tmp_path / "data"
    store = ProgressStore(data)
    (data / "config.json").write_text(_json.dumps(
        {"lrs": {"url": proxy.endpoint, "user": USER, "every_s": 1}}))
    store.sign_in("e-1", "Anna")
    record_for(store, "e-1").chapter_opened(
        "c1", "s1", 1, 5)
    session = Session(content_dir(), store, "en")
    session.load_course()
    entered, release, finished = threading.Event(), threading.Event(), threading.Event()
    real_sync = lrs_module.sync_store

    def held_sync(*args, **kwargs):  # the first round waits until the test lets it go
        entered.set()
        release.wait(timeout=30)
        finished.set()
        return real_sync(*args, **kwargs)

    monkeypatch.setattr(lrs_module, "sync_store", held_sync)
    app = App(session)
    assert app.background_sync is not None
    app.frame(1 / 60, [])
    assert entered.wait(timeout=30), "a sync round started"
    assert not finished.is_set(), "the frame returned while the round was still running"
    release.set()
    deadline = time.monotonic() + 20
    while store.unsent_statements() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert store.unsent_statements() == []
    assert len(server.statements()) >= 2
    app.quit()
    pygame.quit()
