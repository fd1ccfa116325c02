"""Reading an LRS for a report, against servers that lie, loop, flood or redirect: the password
never leaves for another host, every read ends (by its page count, a circle of links or its
deadline) with one clear line and no traceback, memory stays bounded, statements with fields
of the wrong kind are skipped and counted; and the cache: since, overlap, voiding, damage."""
from __future__ import annotations

import gzip
import json
import threading
import time
import tracemalloc
import unicodedata
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from learnsocial.cli import main
from learnsocial.progress import lrs, lrs_read
from learnsocial.progress.lrs import LRSClient, LRSError
from learnsocial.progress.lrs_cache import StatementCache, cache_path, lrs_time
from learnsocial.progress.lrs_read import PAGE_CAP, compact, query, read_pages
from learnsocial.progress.store import ProgressStore
from learnsocial.progress.xapi import VERBS, StatementFactory, XapiConfig
from tests import hostile_lrs as hostile
from tests import hr_data
from tests.hostile_lrs import HostileLRS

USER, PASSWORD = "lrs-user", "lrs-secret"
HOME = "https://hr.example.org"
BASE = "https://learning.example.com/xapi"
START = datetime(2026, 5, 4, 8, tzinfo=UTC)


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setattr(lrs, "FIRST_PAUSE_S", 0.0)
    monkeypatch.setenv("LEARNSOCIAL_XAPI_HOMEPAGE", HOME)
    monkeypatch.setenv("LEARNSOCIAL_XAPI_BASE", BASE)
    monkeypatch.setenv("LEARNSOCIAL_LRS_PASSWORD", PASSWORD)


def signed_in(number: int) -> dict:
    """A "launched the course" statement of employee e-NUMBER, as an LRS gives it back."""
    moment = START + timedelta(minutes=number)
    factory = StatementFactory(XapiConfig(BASE, HOME), f"e-{number}", "en", hr_data.course().id,
                               {"en": "Course"}, clock=lambda: moment.isoformat(),
                               name=f"Person {number}")
    return dict(factory.course_launched(), stored=lrs_time(moment + timedelta(seconds=1)))


def page(statements: list[dict], more: str = "") -> bytes:
    return json.dumps({"statements": statements, "more": more}).encode()


def answer_pages(pages: dict[str, tuple[list[dict], str]]):
    """Answers a query by its `cursor` ("" for the first page) with (statements, more)."""
    def answer(conn, request):
        target = request.line.split()[1]
        cursor = parse_qs(urlsplit(target).query).get("cursor", [""])[0]
        statements, more = pages[cursor]
        conn.reply("200 OK", page(statements, more), {"Content-Type": "application/json"})
    return answer


def report(server, data, *extra) -> int:
    return main(["export", "--format", "csv", "--out", str(data / "out.csv"), "--data-dir",
                 str(data), "--from-lrs", server.endpoint, "--user", USER, *extra])


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "hr"
    ProgressStore(folder)
    return folder


def printable(text: str) -> bool:
    return not any(unicodedata.category(c) in ("Cc", "Cf") for c in text.replace("\n", ""))


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert printable(err), repr(err)
    return lines[0]


# -- the password stays with the LRS ---------------------------------------------------------
def test_a_more_link_to_another_host_is_not_followed_and_gets_no_password(server, data,
                                                                          capsys):
    other = HostileLRS(host="127.0.0.2")
    try:
        other.behaviour = answer_pages({"": ([], "")})
        server.behaviour = answer_pages(
            {"": ([signed_in(1)], other.endpoint + "/statements?cursor=2")})
        assert report(server, data) == 1
        line = one_error_line(capsys.readouterr().err)
        assert "'more' link points elsewhere" in line and "127.0.0.2" in line
        assert other.connections == 0, "never followed"
        assert all(r.headers.get("authorization") for r in server.requests)
        kept = gzip.decompress(next((data / "lrs-cache").iterdir()).read_bytes())
        assert b'"e-1"' in kept, "what was read before the bad link is kept"
    finally:
        other.close()


@pytest.mark.parametrize("link", ["https://127.0.0.1:{port}/xAPI/statements?cursor=2",
                                  "http://127.0.0.1:1/xAPI/statements?cursor=2",
                                  "http://user:pw@127.0.0.1:{port}/xAPI/statements?cursor=2",
                                  "//127.0.0.2:{port}/xAPI/statements?cursor=2"])
def test_other_schemes_ports_and_hosts_count_as_elsewhere(server, link):
    client = LRSClient(server.endpoint, USER, PASSWORD)
    assert client.same_origin(link.format(port=server.port)) is None
    assert client.same_origin("/xAPI/statements?cursor=2") == "/xAPI/statements?cursor=2"
    assert client.same_origin(f"http://127.0.0.1:{server.port}/other?x=1") == "/other?x=1"


def test_a_redirect_is_reported_not_followed(server, data, capsys):
    other = HostileLRS(host="127.0.0.2")
    try:
        server.behaviour = hostile.redirect(other.endpoint + "/statements")
        assert report(server, data) == 1
        line = one_error_line(capsys.readouterr().err)
        assert f"redirect to {other.endpoint}/statements" in line
        assert other.connections == 0 and len(server.requests) == 1
    finally:
        other.close()


def test_wrong_credentials_are_one_line(server, data, capsys):
    server.behaviour = lambda conn, request: conn.reply("401 Unauthorized")
    assert report(server, data) == 1
    assert "refused the credentials (401)" in one_error_line(capsys.readouterr().err)


# -- reads that would never end --------------------------------------------------------------
def test_an_endless_chain_of_more_links_is_stopped(server, monkeypatch, data, capsys):
    monkeypatch.setattr(lrs_read, "MAX_PAGES", 30)

    def endless(conn, request):
        cursor = int(parse_qs(urlsplit(request.line.split()[1]).query).get("cursor",
                                                                           ["0"])[0])
        conn.reply("200 OK", page([signed_in(cursor % 5)],
                                  f"/xAPI/statements?cursor={cursor + 1}"))
    server.behaviour = endless
    assert report(server, data) == 1
    err = capsys.readouterr().err
    assert "more than 30 pages" in one_error_line(err)
    assert len(server.requests) == 30
    # not on a terminal: the count every 10 pages, one line each
    assert [line for line in err.splitlines() if line.startswith("read ")] == [
        "read 10 statements …", "read 20 statements …", "read 30 statements …"]


def test_more_links_in_a_circle_are_stopped(server, data, capsys):
    server.behaviour = answer_pages({"": ([signed_in(1)], "/xAPI/statements?cursor=a"),
                                     "a": ([signed_in(2)], "/xAPI/statements?cursor=b"),
                                     "b": ([signed_in(3)], "/xAPI/statements?cursor=a")})
    assert report(server, data) == 1
    assert "go round in a circle" in one_error_line(capsys.readouterr().err)
    assert len(server.requests) == 3


def test_a_dripping_server_is_stopped_by_the_deadline(server):
    server.behaviour = hostile.drip(0.02)
    client = LRSClient(server.endpoint, USER, PASSWORD, sleep=lambda s: None,
                       request_deadline_s=0.3)
    outcome: dict = {}

    def work():
        try:
            list(read_pages(client, query("https://x.example/a"),
                            until=time.monotonic() + 1.0))
        except LRSError as error:
            outcome["error"] = error
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(timeout=60)  # a safety net for a broken deadline, not a measurement
    assert not thread.is_alive() and "deadline" in str(outcome.get("error"))
    assert 1 <= server.connections <= lrs.RETRIES + 1


# -- answers that are no statement result ----------------------------------------------------
@pytest.mark.parametrize("body, content_type", [
    (b'{"statements": [', "application/json"),
    (b"[" * 200_000, "application/json"),  # nested past the stack
    (b'{"statements": {"id": 1}}', "application/json"),
    (b'{"statements": [], "more": 7}', "application/json"),
    (hostile.PORTAL, "text/html")])
def test_malformed_answers_are_one_clear_line(server, data, capsys, body, content_type):
    server.behaviour = lambda conn, request: conn.reply("200 OK", body,
                                                        {"Content-Type": content_type})
    assert report(server, data) == 1
    assert "is no list of statements" in one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize("chunked", [False, True])
def test_an_oversized_page_keeps_memory_bounded(server, chunked):
    server.behaviour = hostile.huge("200 OK", 800 * 2**20, chunked)
    tracemalloc.start()
    try:
        with pytest.raises(LRSError) as raised:
            list(read_pages(LRSClient(server.endpoint, USER, PASSWORD, sleep=lambda s: None),
                            query("https://x.example/a")))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "larger than 8 MB" in str(raised.value) or "too large" in str(raised.value)
    assert peak < 3 * PAGE_CAP, f"peak {peak / 2**20:.1f} MiB"
    assert server.bytes_sent < 8 * PAGE_CAP, "the client stopped reading"


def test_escape_sequences_in_a_refusal_never_reach_the_terminal(server, data, capsys):
    server.behaviour = hostile.escapes("400 Bad Request", True)
    assert report(server, data) == 1
    line = one_error_line(capsys.readouterr().err)
    assert "refused the query (400" in line and "\\x1b[2J" in line


# -- statements of the wrong kind ------------------------------------------------------------
def broken() -> list[dict]:
    good = signed_in(9)
    return [dict(good, id=7), dict(good, timestamp="yesterday"),
            dict(good, result={"success": "yes"}), dict(good, actor={"mbox": "mailto:a@b.c"}),
            dict(good, stored=None), "not even an object",
            dict(good, context={"extensions": ["a list"]}),
            dict(good, result={"score": {"raw": True}})]


def test_statements_with_fields_of_the_wrong_kind_are_skipped_and_counted(server, data,
                                                                          capsys):
    server.behaviour = answer_pages({"": ([signed_in(1), *broken(), signed_in(2)], "")})
    assert report(server, data) == 0
    out, err = capsys.readouterr()
    assert "8 statements had fields of the wrong kind and were left out" in err
    assert "10 statements read from the LRS (2 new, 2 in the cache)" in err
    assert "Traceback" not in err
    with (data / "out.csv").open(encoding="utf-8-sig") as rows:
        people = {line.split(",")[0] for line in rows.readlines()[1:]}
    assert people == {"e-1", "e-2"}


def test_compact_keeps_what_a_report_reads_and_nothing_of_the_definitions():
    full = signed_in(3)
    kept = compact(full)
    assert kept["actor"] == {"name": "Person 3", "account": {"name": "e-3"}}
    assert "definition" not in kept["object"] and kept["verb"] == {"id": VERBS["launched"]}
    factory = StatementFactory(XapiConfig(BASE, HOME), "e-3", "sv", "course", {"en": "C"})
    texts = {"sv": "Varför ska hon posta i gruppen?", "de": "Warum soll sie in der Gruppe "
             "posten?", "en": "Why post in the group?"}
    answered = dict(factory.choice_answered(
        "intro", "q1", name=texts, choices=[(c, texts) for c in "abc"], correct=["a"],
        response="b", success=False, seconds=3.25, registration=str(uuid.uuid4())),
        stored=full["stored"])
    kept = compact(answered)
    assert kept["result"] == answered["result"] and kept["context"]["registration"]
    assert len(json.dumps(kept)) < len(json.dumps(answered)) / 3
    assert all(compact(statement) is None for statement in broken())


# -- the cache -------------------------------------------------------------------------------
def cache_for(tmp_path) -> StatementCache:
    return StatementCache.load(tmp_path, "https://lrs.example/xAPI/", USER, "https://a/course")


def test_the_next_read_asks_since_the_last_stored_less_the_overlap(tmp_path):
    cache = cache_for(tmp_path)
    assert cache.since() is None, "the first read reads everything"
    first = [compact(signed_in(n)) for n in range(3)]
    assert cache.add(first, "2026-05-04T09:00:00.000Z") == 3
    assert cache.since() == "2026-05-04T08:02:00.999Z", "the newest stored less 1 ms"
    assert cache.add(first[1:] + [compact(signed_in(7))]) == 1, "read again: not new"
    cache.save()
    again = cache_for(tmp_path)
    assert again.since() == "2026-05-04T08:07:00.999Z" and len(again.statements) == 4
    behind = cache_for(tmp_path)
    behind.add([], "2026-05-04T08:05:00.000Z")  # the LRS vouches only up to 08:05
    assert behind.since() == "2026-05-04T08:04:59.999Z"


def test_a_voiding_statement_removes_the_voided_one_for_good(tmp_path):
    cache = cache_for(tmp_path)
    kept, gone = compact(signed_in(1)), compact(signed_in(2))
    cache.add([kept, gone])
    voiding = dict(signed_in(3), verb={"id": VERBS["voided"]},
                   object={"objectType": "StatementRef", "id": gone["id"].upper()})
    assert cache.add([compact(voiding)]) == 1
    assert gone["id"] not in cache.statements and kept["id"] in cache.statements
    cache.add([gone])
    assert gone["id"] not in cache.statements, "a voided statement never comes back"


def test_a_damaged_or_foreign_cache_is_read_again(tmp_path):
    cache = cache_for(tmp_path)
    cache.add([compact(signed_in(1))])
    cache.save()
    path = cache_path(tmp_path, "https://lrs.example/xAPI", USER, "https://a/course")
    assert path == cache.path, "keyed by endpoint (less a final /), user and activity"
    other = StatementCache.load(tmp_path, "https://lrs.example/xAPI", "someone-else",
                                "https://a/course")
    assert other.path != path and not other.statements
    path.write_bytes(b"\x1f\x8b broken")
    damaged = cache_for(tmp_path)
    assert damaged.damaged and not damaged.statements and damaged.since() is None


def test_erasing_a_person_drops_their_statements_from_the_lrs_caches(tmp_path, capsys):
    data = tmp_path / "hr"
    store = ProgressStore(data)
    store.sign_in("e-1", "Person 1")
    cache = StatementCache.load(data, "https://lrs.example/xAPI", USER, "https://a/course")
    theirs = compact(signed_in(1))
    cache.add([theirs, compact(signed_in(2))])
    cache.save()
    (data / "lrs-cache" / "unreadable.json.gz").write_bytes(b"not a cache")
    assert main(["employees", "erase", "E-1", "--yes", "--data-dir", str(data)]) == 0
    kept = StatementCache.load(data, "https://lrs.example/xAPI", USER, "https://a/course")
    assert [s["actor"]["account"]["name"] for s in kept.statements.values()] == ["e-2"]
    assert not (data / "lrs-cache" / "unreadable.json.gz").exists()
    assert kept.add([theirs]) == 0 and theirs["id"] not in kept.statements, \
        "read again (the overlap), not taken in again"
