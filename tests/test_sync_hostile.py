"""Sync against servers that lie, stall, flood or redirect: nothing is lost, nothing is marked
sent that the configured LRS did not confirm, no password leaves for another host, memory stays
bounded, every run ends by its deadline and no control character reaches the terminal."""
import base64
import json
import subprocess
import threading
import tracemalloc
import unicodedata

import pytest

from learnsocial.cli import main
from learnsocial.progress import lrs
from learnsocial.progress.lrs import BackgroundSync, LRSClient, LRSError, excerpt, sync_store
from learnsocial.progress.store import ProgressStore
from tests import hostile_lrs as hostile
from tests.hostile_lrs import HostileLRS
from tests.records import record_for

USER, PASSWORD = "lrs-user", "lrs-secret"
HOME = "https://hr.example.org"
STATEMENTS = 23  # as in the issue: "23 statements sent", none of which arrived


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    """No real pauses between retries, and the learners' home page configured."""
    monkeypatch.setattr(lrs, "FIRST_PAUSE_S", 0.0)
    monkeypatch.setenv("LEARNSOCIAL_XAPI_HOMEPAGE", HOME)
    monkeypatch.setenv("LEARNSOCIAL_LRS_PASSWORD", PASSWORD)


@pytest.fixture
def store(tmp_path):
    """A store with STATEMENTS queued statements of two learners."""
    store = ProgressStore(tmp_path / "data")
    for n, count in enumerate((10, STATEMENTS - 10)):
        store.sign_in(f"e-{n}", f"Person {n}")
        record = record_for(store, f"e-{n}")
        for scene in range(count):
            record.scene_reached("c1", f"s{scene}", scene + 1, count, 1.0)
    assert len(store.unsent_statements()) == STATEMENTS
    return store


def queued(store) -> set[str]:
    return {s["id"] for _e, s in store.unsent_statements()}


def nothing_lost(store, server, before: set[str]) -> None:
    """Everything is still queued, and an honest LRS then gets every statement."""
    assert queued(store) == before, "nothing was marked sent"
    server.behaviour = hostile.honest
    server.requests.clear()
    report = sync_store(store, LRSClient(server.endpoint, USER, PASSWORD), HOME)
    assert report.sent == len(before) and store.unsent_statements() == []
    assert set(server.delivered()) == before


def client(server, **deadlines) -> LRSClient:
    return LRSClient(server.endpoint, USER, PASSWORD, sleep=lambda s: None, **deadlines)


def sync_cli(server, store) -> int:
    return main(["sync", "--lrs", server.endpoint, "--user", USER, "--data-dir",
                 str(store.data_dir)])


def printable(text: str) -> bool:
    """No control or format character but the line ends of print()."""
    return not any(unicodedata.category(c) in ("Cc", "Cf") for c in text.replace("\n", ""))


# -- redirects ----------------------------------------------------------------------------------
def test_redirect_to_another_host_sends_no_password_there_and_marks_nothing_sent(
        server, store, capsys):
    other = HostileLRS(host="127.0.0.2")  # another host, answering 200 with the right ids
    try:
        server.behaviour = hostile.redirect(other.endpoint + "/statements")
        before = queued(store)
        assert sync_cli(server, store) == 1
        err = capsys.readouterr().err
        assert f"redirect to {other.endpoint}/statements; check the endpoint" in err
        assert other.connections == 0 and other.requests == [], "never followed"
        assert all(r.headers.get("authorization") for r in server.requests)
        nothing_lost(store, server, before)
        assert other.requests == []
    finally:
        other.close()


@pytest.mark.parametrize("status", ["301 Moved Permanently", "307 Temporary Redirect",
                                    "308 Permanent Redirect"])
def test_every_kind_of_redirect_is_reported_not_followed(server, store, status):
    def answer(conn, request):
        conn.reply(status, headers={"Location": "http://127.0.0.2:9/steal"})
    server.behaviour = answer
    before = queued(store)
    with pytest.raises(LRSError, match="redirect to http://127.0.0.2:9/steal"):
        sync_store(store, client(server), HOME)
    assert len(server.requests) == 1, "one request, no retry, no follow"
    nothing_lost(store, server, before)


# -- answers that confirm nothing ---------------------------------------------------------------
def test_captive_portal_200_html_is_no_confirmation(server, store, capsys):
    server.behaviour = hostile.portal
    before = queued(store)
    assert sync_cli(server, store) == 1
    err = capsys.readouterr().err
    assert "does not confirm the statements" in err and "hotel Wi-Fi" in err
    assert "statements sent" not in capsys.readouterr().out
    nothing_lost(store, server, before)


@pytest.mark.parametrize("kind", ["others", "one missing", "one extra"])
def test_200_with_wrong_ids_is_no_confirmation(server, store, kind):
    server.behaviour = hostile.wrong_ids(kind)
    before = queued(store)
    with pytest.raises(LRSError, match="does not confirm"):
        sync_store(store, client(server), HOME)
    nothing_lost(store, server, before)


def test_204_counts_only_from_an_lrs(server, store):
    server.behaviour = hostile.no_content(with_version=False)
    before = queued(store)
    with pytest.raises(LRSError, match="does not confirm"):
        sync_store(store, client(server), HOME)
    assert queued(store) == before
    server.behaviour = hostile.no_content(with_version=True)
    assert sync_store(store, client(server), HOME).sent == STATEMENTS
    assert store.unsent_statements() == []


def test_409_conflict_stays_queued_and_is_named(server, store, capsys):
    """409: the LRS holds another statement with this id, so ours is not there."""
    before = queued(store)
    conflicting = sorted(before)[0]
    server.behaviour = hostile.conflict(conflicting)
    assert sync_cli(server, store) == 1
    err = capsys.readouterr().err
    assert conflicting in err and "(409)" in err and "different statement" in err
    assert queued(store) == {conflicting}, "the others are delivered"


# -- size and time --------------------------------------------------------------------------------
@pytest.mark.parametrize("status, chunked", [("200 OK", False), ("500 Internal Server Error",
                                                                  False), ("200 OK", True)])
def test_800_mb_answer_keeps_memory_bounded(server, store, status, chunked):
    server.behaviour = hostile.huge(status, 800 * 2**20, chunked)
    before = queued(store)
    tracemalloc.start()
    try:
        with pytest.raises(LRSError) as raised:
            sync_store(store, client(server), HOME)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 2**20, f"peak {peak / 2**20:.1f} MiB"
    assert len(str(raised.value)) < 600, "an excerpt, not the body"
    assert server.bytes_sent < 40 * 2**20, "the client stopped reading"
    nothing_lost(store, server, before)


def test_endless_headers_keep_memory_bounded(server, store):
    server.behaviour = hostile.header_flood
    before = queued(store)
    tracemalloc.start()
    try:
        with pytest.raises(LRSError, match="too large"):
            sync_store(store, client(server), HOME)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 2**20, f"peak {peak / 2**20:.1f} MiB"
    nothing_lost(store, server, before)


def run_in_thread(function, *args):
    """Runs `function`; returns (thread, outcome) so a test can check it ended at all."""
    outcome: dict = {}

    def work():
        try:
            outcome["value"] = function(*args)
        except Exception as error:  # any failure: the test looks at it
            outcome["error"] = error
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread, outcome


@pytest.mark.parametrize("where", ["headers", "body"])
def test_dripping_server_is_stopped_by_the_run_deadline(server, store, where):
    start = b"HTTP/1.1 200 OK\r\n" if where == "headers" else \
        b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"
    server.behaviour = hostile.drip(0.02, start)
    before = queued(store)
    sync = client(server, request_deadline_s=0.3, run_deadline_s=1.0)
    thread, outcome = run_in_thread(sync_store, store, sync, HOME)
    thread.join(timeout=60)  # a safety net for a broken deadline, not a measurement
    assert not thread.is_alive(), "the run did not end: its deadline did not hold"
    assert isinstance(outcome.get("error"), LRSError)
    assert "deadline" in str(outcome["error"])
    assert 1 <= server.connections <= lrs.RETRIES + 1
    nothing_lost(store, server, before)


def test_background_sync_obeys_the_same_deadlines(server, store):
    server.behaviour = hostile.drip(0.02)
    before = queued(store)
    background = BackgroundSync(store, client(server, request_deadline_s=0.3,
                                              run_deadline_s=1.0), HOME, every_s=3600)
    background.start()
    try:
        assert background.wait_for_round(1, timeout=60), "the round did not end"
        assert "deadline" in (background.last_error or "")
        assert queued(store) == before
    finally:
        background.stop(wait_s=30)
    assert not background._thread.is_alive()
    nothing_lost(store, server, before)


# -- what reaches the terminal ------------------------------------------------------------------
@pytest.mark.parametrize("as_json", [True, False])
def test_escape_sequences_in_a_refusal_never_reach_the_terminal(server, store, capsys, as_json):
    server.behaviour = hostile.escapes("400 Bad Request", as_json)
    before = queued(store)
    assert sync_cli(server, store) == 1
    err = capsys.readouterr().err
    assert printable(err), repr(err)
    assert "\\x1b[2J" in err and "\\u202e" in err, "shown, escaped"
    nothing_lost(store, server, before)


def test_500s_are_retried_then_reported_with_an_escaped_excerpt(server, store, capsys):
    server.behaviour = hostile.escapes("500 Internal Server Error", False)
    before = queued(store)
    assert sync_cli(server, store) == 1
    err = capsys.readouterr().err
    assert printable(err) and len(err) < 600
    assert "did not answer (500:" in err and "0 sent, 23 still queued" in err
    assert server.connections == lrs.RETRIES + 1
    nothing_lost(store, server, before)


def test_plain_500_with_a_long_page(server, store):
    server.behaviour = hostile.server_error
    before = queued(store)
    with pytest.raises(LRSError) as raised:
        sync_store(store, client(server), HOME)
    assert len(str(raised.value)) < 600
    nothing_lost(store, server, before)


def test_excerpt_escapes_and_cuts():
    shown = excerpt(hostile.ESCAPES.encode() * 100)
    assert printable(shown) and shown.endswith("…") and len(shown) <= lrs.EXCERPT_CHARS + 1
    assert excerpt(b"plain words") == "plain words"
    assert excerpt("a\nb") == "a\\nb"


# -- TLS ----------------------------------------------------------------------------------------
@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1 and lrs.test (made with the openssl command)."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-addext",
                        "subjectAltName=IP:127.0.0.1,DNS:lrs.test",
                        "-keyout", str(key), "-out", str(cert)], check=True,
                       capture_output=True, timeout=60)
    except FileNotFoundError:
        pytest.skip("the openssl command is needed to make a test certificate")
    return key, cert


@pytest.fixture
def tls_server(certificate):
    import ssl

    key, cert = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = HostileLRS(tls=context)
    yield server, cert
    server.close()


def test_tls_is_verified_and_a_ca_bundle_can_be_added(tls_server, store, monkeypatch, capsys):
    server, cert = tls_server
    before = queued(store)
    assert sync_cli(server, store) == 1
    err = capsys.readouterr().err
    assert "certificate could not be verified" in err and "LEARNSOCIAL_LRS_CA_BUNDLE" in err
    assert server.requests == [], "no request (and no password) before the certificate is good"
    assert queued(store) == before
    monkeypatch.setenv("LEARNSOCIAL_LRS_CA_BUNDLE", str(cert))
    assert sync_cli(server, store) == 0
    assert store.unsent_statements() == [] and set(server.delivered()) == before


def test_a_missing_ca_bundle_is_one_clear_line(tls_server, store, monkeypatch, capsys):
    server, _cert = tls_server
    monkeypatch.setenv("LEARNSOCIAL_LRS_CA_BUNDLE", "/nowhere/ca.pem")
    assert sync_cli(server, store) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot use the CA bundle /nowhere/ca.pem" in err
    assert server.connections == 0


# -- configuration ------------------------------------------------------------------------------
def test_sync_refuses_without_a_home_page(server, store, monkeypatch, capsys):
    monkeypatch.delenv("LEARNSOCIAL_XAPI_HOMEPAGE")
    assert sync_cli(server, store) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "home page" in err and "LEARNSOCIAL_XAPI_HOMEPAGE" in err
    assert server.connections == 0


def test_queued_statements_get_the_configured_home_page(server, store):
    sync_store(store, client(server), HOME)
    homes = {json.loads(r.body)[0]["actor"]["account"]["homePage"] for r in server.requests}
    assert homes == {HOME}


def test_a_bad_address_is_one_clear_line(store, capsys):
    assert main(["sync", "--lrs", "ftp://lrs.example.org/xAPI", "--user", USER, "--data-dir",
                 str(store.data_dir)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "must start with https://" in err


def test_sync_exits_1_whenever_a_statement_stays_queued(server, store, capsys):
    """A statement the LRS refuses stays queued, and the exit code says so."""
    refused = sorted(queued(store))[0]

    def answer(conn, request):
        if refused in request.ids():
            conn.reply("400 Bad Request", b'{"message": "no"}')
        else:
            hostile.honest(conn, request)
    server.behaviour = answer
    assert sync_cli(server, store) == 1
    assert queued(store) == {refused}
    assert "22 statements sent; 1 refused and still queued" in capsys.readouterr().out


# -- proxies from the environment ---------------------------------------------------------------
def test_an_http_proxy_from_the_environment_is_used(server, store, monkeypatch):
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{server.port}")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    sync_store(store, LRSClient("http://lrs.invalid/xAPI", USER, PASSWORD), HOME)
    assert store.unsent_statements() == []
    assert {r.line for r in server.requests} == {
        "POST http://lrs.invalid/xAPI/statements HTTP/1.1"}


def test_no_proxy_for_this_machine(server, store, monkeypatch):
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")  # nobody listens there
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    assert sync_store(store, LRSClient(server.endpoint, USER, PASSWORD), HOME).sent == STATEMENTS


def test_https_goes_through_a_proxy_tunnel_the_proxy_cannot_read(tls_server, store,
                                                                 monkeypatch):
    server, cert = tls_server
    proxy = hostile.TunnelProxy(hosts={"lrs.test": "127.0.0.1"})  # only the proxy knows it
    try:
        monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.delenv("no_proxy", raising=False)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.setenv("LEARNSOCIAL_LRS_CA_BUNDLE", str(cert))
        before = queued(store)
        sync_store(store, LRSClient(f"https://lrs.test:{server.port}/xAPI", USER, PASSWORD), HOME)
        assert store.unsent_statements() == [] and set(server.delivered()) == before
        assert proxy.connects[0] == f"CONNECT lrs.test:{server.port} HTTP/1.1"
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode())
        assert proxy.relayed and token not in proxy.relayed and b"Authorization" not in \
            proxy.relayed
    finally:
        proxy.close()


def test_a_proxy_refusing_the_tunnel_is_one_clear_line(tls_server, store, monkeypatch):
    server, _cert = tls_server
    proxy = hostile.TunnelProxy("407 Proxy Authentication Required")
    try:
        monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.delenv("no_proxy", raising=False)
        monkeypatch.delenv("NO_PROXY", raising=False)
        with pytest.raises(LRSError, match=r"refused a tunnel to the LRS \(407\)"):
            sync_store(store, LRSClient(f"https://lrs.test:{server.port}/xAPI", USER,
                                        PASSWORD), HOME)
        assert server.connections == 0 and len(store.unsent_statements()) == STATEMENTS
    finally:
        proxy.close()
