"""xAPI statements: valid for Ralph's models, reportable (registration, interaction definitions,
language maps), and delivered to a real LRS that gives them back field by field."""
import uuid
from itertools import permutations

import pytest
from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement

from learnsocial.progress.lrs import LRSClient, LRSError
from learnsocial.progress.store import ProgressStore
from learnsocial.progress.xapi import (
    DEFAULT_HOME_PAGE,
    MAX_ORDERS,
    StatementFactory,
    XapiConfig,
    is_irl,
    iso_duration,
    registration_for,
    with_home_page,
)
from tests.lrs_fixture import PASSWORD, USER

LANGUAGES = ("sv", "de", "en")
COURSE = {"sv": "Den sociala arbetsplatsen", "de": "Der soziale Arbeitsplatz",
          "en": "The social workplace"}
CHAPTER = {"sv": "Vad är en social arbetsplats?", "de": "Was ist ein sozialer Arbeitsplatz?",
           "en": "What is a social workplace?"}
TEST = {"sv": "Test: kapitel 1", "de": "Test: Kapitel 1", "en": "Test: chapter 1"}


def names(sv, de, en):
    return {"sv": sv, "de": de, "en": en}


GALLERY_ANSWERS = [("a", names("Andra hittar den", "Andere finden es", "Others find it")),
                   ("b", names("E-post stängs av", "E-Mail wird abgeschaltet",
                               "E-mail is switched off")),
                   ("c", names("Det går fortare", "Es geht schneller", "It is faster"))]
CARDS = [("c1", names("Återanvänd anbudet", "Angebot wiederverwenden", "Reuse the tender")),
         ("c2", names("Fråga experten", "Die Expertin fragen", "Ask the expert"))]
BINS = [("speed", names("Snabbhet", "Tempo", "Speed")),
        ("knowledge", names("Kunskap", "Wissen", "Knowledge"))]
LEFT = [("cm", names("Communityansvarig", "Community-Manager", "Community manager")),
        ("it", names("IT", "IT", "IT"))]
RIGHT = [("cm", names("Vårdar grupperna", "Pflegt die Gruppen", "Keeps the groups alive")),
         ("it", names("Driver plattformen", "Betreibt die Plattform", "Runs the platform"))]
STEPS = [("goals", names("Mål", "Ziele", "Goals")), ("groups", names("Grupper", "Gruppen",
                                                                   "Groups")),
         ("roles", names("Roller", "Rollen", "Roles")),
         ("manager", names("Ansvarig", "Verantwortliche", "Manager")),
         ("launch", names("Lansering", "Start", "Launch"))]
AFTER = {"goals": set(), "groups": {"goals"}, "roles": {"goals"}, "manager": {"goals"},
         "launch": {"groups", "roles", "manager"}}  # the README's partial order: 6 orders
OPTIONS = [("move-it", names("Be dem flytta den", "Um Verschieben bitten", "Ask to move it")),
           ("ignore", names("Låt den vara", "Liegen lassen", "Leave it"))]


def accepted_orders(after):
    """Every order of the steps that respects `after` (as the application layer computes it)."""
    for order in permutations(after):
        if all(after[step] <= set(order[:i]) for i, step in enumerate(order)):
            yield list(order)


def factory(language="sv", home_page="https://hr.example.org"):
    return StatementFactory(XapiConfig("https://lms.example.org/xapi", home_page),
                            "e-100", language, "social-workplace", COURSE)


def every_kind(f, registration=None):
    """One statement of every kind, with the values the application layer passes."""
    reg = registration or str(uuid.uuid4())
    question = names("Varför i gruppen?", "Warum in der Gruppe?", "Why in the group?")
    return [
        f.course_launched(),
        f.chapter_launched("intro", CHAPTER),
        f.scene_experienced("intro", CHAPTER, "hello", 1, 9),
        f.choice_scene_responded("intro", "complaint", name=names(
            "Klagomålet", "Die Beschwerde", "The complaint"), choices=OPTIONS, best=["move-it"],
            response="ignore"),
        f.choice_answered("intro", "q1", name=question, choices=GALLERY_ANSWERS, correct=["a"],
                          response="b", success=False, seconds=3.25, registration=reg),
        f.choice_answered("intro", "q2", name=question, choices=GALLERY_ANSWERS, correct=["a"],
                          response=None, success=False, seconds=20, registration=reg),
        f.matching_answered("intro", "sorting", name=names("Sortera", "Sortieren", "Sort"),
                            source=CARDS, target=BINS,
                            correct=[("c1", "speed"), ("c2", "knowledge")],
                            response=[("c1", "speed"), ("c2", "speed")], success=False,
                            seconds=12, registration=reg),
        f.matching_answered("intro", "pairing", name=names("Para", "Paaren", "Pair"),
                            source=LEFT, target=RIGHT, correct=[("cm", "cm"), ("it", "it")],
                            response=[("cm", "cm"), ("it", "it")], success=True, seconds=8,
                            registration=reg),
        f.sequencing_answered("intro", "launch", name=names("Ordning", "Reihenfolge", "Order"),
                              choices=STEPS, correct_orders=accepted_orders(AFTER),
                              response=["goals", "roles", "groups", "manager", "launch"],
                              success=True, seconds=30, registration=reg),
        f.test_finished("intro", TEST, score=5 / 6, right=5, total=6, passed=True,
                        seconds=75.4, registration=reg),
        f.test_finished("intro", TEST, score=0.5, right=3, total=6, passed=False,
                        seconds=3725, registration=reg),
        f.chapter_completed("intro", CHAPTER), f.course_completed()]


@pytest.mark.parametrize("seconds, expected", [(0, "PT0S"), (3.25, "PT3.25S"), (75.4, "PT1M15.4S"),
                                               (3725, "PT1H2M5S")])
def test_iso_durations(seconds, expected):
    assert iso_duration(seconds) == expected


@pytest.mark.parametrize("home_page", ["https://hr.example.org", DEFAULT_HOME_PAGE])
def test_every_statement_kind_is_valid_xapi(home_page):
    for statement in every_kind(factory(home_page=home_page)):
        BaseXapiStatement.model_validate(statement)


def test_ralph_would_catch_a_broken_statement():
    """The check above can fail: Ralph refuses a registration that is no UUID."""
    answered = every_kind(factory())[4]
    answered["context"]["registration"] = "attempt-1"
    with pytest.raises(ValidationError):
        BaseXapiStatement.model_validate(answered)


def language_maps(value, key=""):
    """Every language map in a statement (name, description, display), with where it is."""
    if isinstance(value, dict):
        if key in ("name", "description", "display"):
            yield key, value
        for k, v in value.items():
            yield from language_maps(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from language_maps(v, key)


def test_names_and_descriptions_are_language_maps_with_plain_codes():
    f = factory()
    found = 0
    for statement in every_kind(f):
        for key, mapping in language_maps(statement):
            found += 1
            if key == "display":
                assert set(mapping) == {"en"}
            else:
                assert set(mapping) == set(LANGUAGES), (key, mapping)
        assert statement["context"]["language"] == "sv"
    assert found > 40


def test_gallery_question_shape():
    f = factory()
    reg = str(uuid.uuid4())
    answered = f.choice_answered("intro", "q1", name=CHAPTER, choices=GALLERY_ANSWERS,
                                 correct=["a"], response="b", success=False, seconds=3.25,
                                 registration=reg)
    assert answered["actor"] == {"objectType": "Agent", "account": {
        "homePage": "https://hr.example.org", "name": "e-100"}}
    assert answered["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
    assert answered["object"]["id"] == \
        "https://lms.example.org/xapi/chapter/social-workplace/intro/test/q1"
    definition = answered["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert definition["choices"] == [{"id": i, "description": d} for i, d in GALLERY_ANSWERS]
    assert definition["correctResponsesPattern"] == ["a"]
    assert answered["result"] == {"success": False, "response": "b", "duration": "PT3.25S"}
    context = answered["context"]
    assert context["registration"] == reg
    assert context["contextActivities"] == {
        "parent": [{"objectType": "Activity",
                    "id": "https://lms.example.org/xapi/chapter/social-workplace/intro/test"}],
        "grouping": [
            {"objectType": "Activity",
             "id": "https://lms.example.org/xapi/chapter/social-workplace/intro"},
            {"objectType": "Activity",
             "id": "https://lms.example.org/xapi/course/social-workplace"}]}
    assert answered["timestamp"].endswith("+00:00")
    timed_out = f.choice_answered("intro", "q2", name=CHAPTER, choices=GALLERY_ANSWERS,
                                  correct=["a"], response=None, success=False, seconds=20,
                                  registration=reg)
    assert "response" not in timed_out["result"]


def test_matching_and_sequencing_shapes():
    statements = every_kind(factory())
    sorting, pairing, sequencing = statements[6:9]
    assert sorting["object"]["definition"]["interactionType"] == "matching"
    assert sorting["object"]["definition"]["source"][0] == {"id": "c1",
                                                            "description": CARDS[0][1]}
    assert [t["id"] for t in sorting["object"]["definition"]["target"]] == ["speed", "knowledge"]
    assert sorting["object"]["definition"]["correctResponsesPattern"] == [
        "c1[.]speed[,]c2[.]knowledge"]
    assert sorting["result"]["response"] == "c1[.]speed[,]c2[.]speed"
    assert pairing["result"]["response"] == "cm[.]cm[,]it[.]it"
    definition = sequencing["object"]["definition"]
    assert definition["interactionType"] == "sequencing"
    assert [c["id"] for c in definition["choices"]] == [s for s, _n in STEPS]
    patterns = definition["correctResponsesPattern"]
    assert len(patterns) == len(set(patterns)) == 6
    assert "goals[,]groups[,]roles[,]manager[,]launch" in patterns
    assert "goals[,]manager[,]roles[,]groups[,]launch" in patterns
    assert sequencing["result"]["response"] == "goals[,]roles[,]groups[,]manager[,]launch"


def test_too_many_accepted_orders_give_no_pattern_and_are_not_all_read():
    steps = [(f"s{n}", {"en": f"Step {n}"}) for n in range(7)]
    after = {"s0": set(), **{f"s{n}": {"s0"} for n in range(1, 7)}}  # 6! = 720 orders
    read = []

    def orders():
        for order in accepted_orders(after):
            read.append(order)
            yield order
    statement = factory().sequencing_answered(
        "intro", "big", name={"en": "Big"}, choices=steps, correct_orders=orders(),
        response=[s for s, _n in steps], success=True, seconds=1, registration=str(uuid.uuid4()))
    assert "correctResponsesPattern" not in statement["object"]["definition"]
    assert len(read) == MAX_ORDERS + 1
    few = factory().sequencing_answered(
        "intro", "few", name={"en": "Few"}, choices=steps[:3],
        correct_orders=accepted_orders({"s0": set(), "s1": {"s0"}, "s2": {"s0"}}),
        response=["s0", "s1", "s2"], success=True, seconds=1, registration=str(uuid.uuid4()))
    assert few["object"]["definition"]["correctResponsesPattern"] == ["s0[,]s1[,]s2",
                                                                      "s0[,]s2[,]s1"]


def test_choice_scene_is_a_responded_choice_outside_the_score():
    responded = every_kind(factory())[3]
    assert responded["verb"]["id"] == "http://adlnet.gov/expapi/verbs/responded"
    assert responded["object"]["id"].endswith("/chapter/social-workplace/intro/scene/complaint/"
                                              "choice")
    definition = responded["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert definition["correctResponsesPattern"] == ["move-it"]
    assert [c["id"] for c in definition["choices"]] == ["move-it", "ignore"]
    assert responded["result"] == {"response": "ignore", "success": False}
    assert "score" not in responded["result"] and "registration" not in responded["context"]
    parents = responded["context"]["contextActivities"]["parent"]
    assert [p["id"] for p in parents] == [
        "https://lms.example.org/xapi/chapter/social-workplace/intro"]


@pytest.mark.parametrize("choices", [[("a", {"en": "A"}), ("a", {"en": "B"})],
                                     [("a[,]b", {"en": "A"})], [("a b", {"en": "A"})]])
def test_unusable_component_ids_are_refused(choices):
    with pytest.raises(ValueError):
        factory().choice_answered("intro", "q1", name={"en": "Q"}, choices=choices,
                                  correct=["a"], response="a", success=True, seconds=1,
                                  registration=str(uuid.uuid4()))


def test_an_attempt_shares_one_registration_and_names_every_language(tmp_path, mini_course):
    from datetime import UTC, datetime

    from learnsocial.app.session import Session
    from learnsocial.games.base import GameResult, ItemResult

    store = ProgressStore(tmp_path)
    session = Session(mini_course, store, "de")
    session.load_course()
    session.sign_in("e-1", "Anna")
    chapter = session.course.chapter("hello")
    result = GameResult("gallery", (
        ItemResult("q1", "?", "a", "x", True, 2.0, 100, "x", "why"),
        ItemResult("q2", "?", "", "", False, 20.0, 0, "y", "", "why")), 22.0)
    session.finish_test(chapter, result, datetime(2026, 1, 1, 10, tzinfo=UTC))
    statements = [s for _e, s in store.unsent_statements()]
    by_verb = {}
    for statement in statements:
        by_verb.setdefault(statement["verb"]["id"].rsplit("/", 1)[1], []).append(statement)
    attempt = store.attempts("e-1")[0]
    registration = str(uuid.UUID(attempt.attempt_id))
    assert {s["context"].get("registration") for s in by_verb["answered"] + by_verb["failed"]} \
        == {registration}
    titles = {lang: c.chapter("hello").title for lang, c in session.translations().items()}
    assert set(titles) == {"sv", "de", "en"}
    assert by_verb["failed"][0]["object"]["definition"]["name"] == titles
    first = by_verb["answered"][0]
    assert first["result"]["response"] == "a"
    definition = first["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert definition["correctResponsesPattern"] == ["a"]
    assert set(definition["choices"][0]["description"]) == {"sv", "de", "en"}
    assert "response" not in by_verb["answered"][1]["result"]
    assert "completed" not in by_verb, "half right does not pass (pass mark 0.8)"
    for statement in statements:
        BaseXapiStatement.model_validate(statement)


def test_registration_is_a_uuid_for_any_attempt_id():
    assert registration_for("0b1d3e5f00004000800000000000beef") == \
        "0b1d3e5f-0000-4000-8000-00000000beef"
    odd = registration_for("imported-attempt-7")
    assert uuid.UUID(odd) and odd == registration_for("imported-attempt-7")


def test_home_page_placeholder_until_configured():
    statement = factory(home_page=DEFAULT_HOME_PAGE).course_launched()
    assert statement["actor"]["account"]["homePage"] == "urn:learnsocial:employee-id"
    assert not is_irl(DEFAULT_HOME_PAGE) and is_irl("https://hr.example.org")
    sent = with_home_page(statement, "https://hr.example.org")
    assert sent["actor"]["account"] == {"homePage": "https://hr.example.org", "name": "e-100"}
    assert statement["actor"]["account"]["homePage"] == DEFAULT_HOME_PAGE, "a copy"
    configured = factory().course_launched()
    assert with_home_page(configured, "https://other.example.org") is configured


# -- a real LRS -------------------------------------------------------------------------------
@pytest.mark.lrs
def test_real_lrs_gives_every_kind_back_field_by_field(lrs):
    server, proxy = lrs
    statements = every_kind(factory("de"))
    sent: list[str] = []
    client = LRSClient(proxy.endpoint, USER, PASSWORD, sleep=lambda s: None)
    report = client.send(statements, sent.extend)
    assert report.sent == len(statements) and not report.rejected
    again = client.send(statements[:3], sent.extend)
    assert again.sent == 3, "the same statement again is accepted, not doubled"
    stored = {s["id"]: s for s in server.statements()}
    for statement in statements:
        back = stored[statement["id"]]
        assert back["actor"]["account"] == statement["actor"]["account"]
        assert back["verb"] == statement["verb"]
        assert back["object"] == statement["object"], "definition, choices, patterns, names"
        for field, value in statement["context"].items():
            assert back["context"][field] == value, field
        for field, value in statement.get("result", {}).items():
            assert back["result"][field] == value, field
        assert back["timestamp"][:19] == statement["timestamp"][:19]
    assert stored[statements[4]["id"]]["context"]["registration"] == \
        statements[4]["context"]["registration"]
    assert stored[statements[8]["id"]]["object"]["definition"]["correctResponsesPattern"] == \
        statements[8]["object"]["definition"]["correctResponsesPattern"]
    assert sum(1 for s in server.statements() if s["id"] == statements[0]["id"]) == 1


@pytest.mark.lrs
def test_real_lrs_conflict_keeps_ours_queued(lrs):
    _server, proxy = lrs
    first = factory().course_launched()
    client = LRSClient(proxy.endpoint, USER, PASSWORD, sleep=lambda s: None)
    assert client.send([first], lambda ids: None).sent == 1
    changed = dict(first, verb={"id": "http://adlnet.gov/expapi/verbs/completed",
                                "display": {"en": "completed"}})
    sent: list[str] = []
    report = client.send([changed], sent.extend)
    assert sent == [] and report.sent == 0
    (rejection,) = report.rejected
    assert rejection.status == 409 and "different statement" in rejection.reason


@pytest.mark.lrs
def test_invalid_statement_is_named_and_the_rest_delivered(lrs):
    _server, proxy = lrs
    good = every_kind(factory())[:3]
    bad = dict(good[0], id=str(uuid.uuid4()), verb={"id": "not a verb iri"})
    sent: list[str] = []
    report = LRSClient(proxy.endpoint, USER, PASSWORD, sleep=lambda s: None).send(
        [good[0], bad, good[1], good[2]], sent.extend)
    assert report.sent == 3 and sorted(sent) == sorted(s["id"] for s in good)
    (rejection,) = report.rejected
    assert rejection.statement_id == bad["id"] and rejection.status == 400
    assert rejection.reason


@pytest.mark.lrs
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
                       sleep=pauses.append)
    with pytest.raises(LRSError, match="did not answer"):
        client.send(every_kind(factory())[:2], sent.extend)
    assert pauses == [1.0, 2.0, 4.0] and sent == []
