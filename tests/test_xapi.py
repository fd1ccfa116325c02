"""xAPI statements: valid for Ralph's models, and delivered to a real LRS."""
import pytest
from ralph.models.xapi.base.statements import BaseXapiStatement

from learnsocial.progress.lrs import LRSClient, LRSError
from learnsocial.progress.xapi import StatementFactory, XapiConfig, iso_duration
from tests.lrs_fixture import PASSWORD, USER, AuthProxy, LearningLocker


def factory(language="sv"):
    return StatementFactory(XapiConfig("https://lms.example.org/xapi", "https://hr.example.org"),
                            "e-100", language, "social-workplace", "Den sociala arbetsplatsen")


def every_kind(f):
    return [f.course_launched(), f.chapter_launched("intro", "Kapitel 1"),
            f.scene_experienced("intro", "Kapitel 1", "hello", 1, 9),
            f.question_answered("intro", "Kapitel 1", "q1", "Vad?", "a", True, 3.25),
            f.question_answered("intro", "Kapitel 1", "q2", "Och?", "", False, 20),
            f.test_finished("intro", "Kapitel 1", 5 / 6, 5, 6, True, 75.4),
            f.test_finished("intro", "Kapitel 1", 0.5, 3, 6, False, 3725),
            f.chapter_completed("intro", "Kapitel 1"), f.course_completed()]


@pytest.mark.parametrize("seconds, expected", [(0, "PT0S"), (3.25, "PT3.25S"), (75.4, "PT1M15.4S"),
                                               (3725, "PT1H2M5S")])
def test_iso_durations(seconds, expected):
    assert iso_duration(seconds) == expected


def test_every_statement_kind_is_valid_xapi():
    for statement in every_kind(factory()):
        BaseXapiStatement.model_validate(statement)


def test_statement_shape():
    f = factory()
    answered = f.question_answered("intro", "Kapitel 1", "q1", "Vad?", "a", True, 3.25)
    assert answered["actor"] == {"objectType": "Agent", "account": {
        "homePage": "https://hr.example.org", "name": "e-100"}}
    assert answered["object"]["id"] == \
        "https://lms.example.org/xapi/chapter/social-workplace/intro/test/q1"
    assert answered["result"] == {"success": True, "response": "a", "duration": "PT3.25S"}
    assert answered["context"]["language"] == "sv"
    parents = [p["id"] for p in answered["context"]["contextActivities"]["parent"]]
    assert parents[-1].endswith("/chapter/social-workplace/intro")
    assert answered["timestamp"].endswith("+00:00")
    passed = f.test_finished("intro", "Kapitel 1", 5 / 6, 5, 6, True, 75.4)
    assert passed["verb"]["id"].endswith("/passed")
    assert passed["result"]["score"] == {"scaled": 0.8333, "raw": 5, "min": 0, "max": 6}
    assert len({s["id"] for s in every_kind(f)}) == 9, "ids are unique UUIDs"


@pytest.fixture(scope="module")
def lrs(tmp_path_factory):
    server = LearningLocker(tmp_path_factory.mktemp("lrs"))
    server.start()
    proxy = AuthProxy(server.port)
    yield server, proxy
    proxy.close()
    server.stop()


def test_real_lrs_accepts_statements_and_dedupes_by_id(lrs):
    server, proxy = lrs
    statements = every_kind(factory("de"))
    sent: list[str] = []
    client = LRSClient(proxy.endpoint, USER, PASSWORD, sleep=lambda s: None)
    report = client.send(statements, sent.extend)
    assert report.sent == len(statements) and not report.rejected
    again = client.send(statements[:3], sent.extend)
    assert again.sent == 3
    stored = {s["id"]: s for s in server.statements()}
    for statement in statements:
        back = stored[statement["id"]]
        assert back["verb"]["id"] == statement["verb"]["id"]
        assert back["object"]["id"] == statement["object"]["id"]
        assert back["actor"]["account"] == statement["actor"]["account"]
        assert back.get("result") == statement.get("result") or \
            back["result"]["score"] == statement["result"]["score"]
    assert sum(1 for s in server.statements() if s["id"] == statements[0]["id"]) == 1


def test_invalid_statement_is_named_and_the_rest_delivered(lrs):
    server, proxy = lrs
    good = every_kind(factory())[:3]
    bad = dict(good[0], id="7b6f9a8e-0000-4000-8000-000000000001",
               verb={"id": "not a verb iri"})
    sent: list[str] = []
    report = LRSClient(proxy.endpoint, USER, PASSWORD, sleep=lambda s: None).send(
        [good[0], bad, good[1], good[2]], sent.extend)
    assert report.sent == 3 and sorted(sent) == sorted(s["id"] for s in good)
    (rejection,) = report.rejected
    assert rejection.statement_id == bad["id"] and rejection.status == 400
    assert rejection.reason


def test_wrong_credentials_send_nothing(lrs):
    _server, proxy = lrs
    sent: list[str] = []
    with pytest.raises(LRSError, match="credentials"):
        LRSClient(proxy.endpoint, USER, "wrong", sleep=lambda s: None).send(
            every_kind(factory())[:2], sent.extend)
    assert sent == []


def test_lrs_down_is_retried_then_reported():
    pauses: list[float] = []
    sent: list[str] = []
    client = LRSClient("http://127.0.0.1:9/xAPI", USER, PASSWORD, retries=3,
                       sleep=pauses.append, timeout=1)
    with pytest.raises(LRSError, match="did not answer"):
        client.send(every_kind(factory())[:2], sent.extend)
    assert pauses == [1.0, 2.0, 4.0] and sent == []
