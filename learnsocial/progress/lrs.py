"""Send queued xAPI statements to a Learning Record Store, trusting nothing that answers.

A statement counts as sent only when the configured endpoint itself confirms it: ``200`` with a
JSON array of exactly the posted ids, or ``204`` with the ``X-Experience-API-Version`` header
that an LRS puts on every answer. Nothing else counts:
- redirects are never followed (the password would go along) but reported;
- a proxy's or captive portal's ``200 text/html``, or ``200`` with other ids, stops the run;
- ``409 Conflict`` means the LRS holds a *different* statement with the same id (xAPI 1.0.3,
  Statement Resource: an identical one is simply accepted again), so ours is not in the LRS:
  it stays queued and is named, like any other refused statement, for someone to look at.

Every request has one deadline from connecting to the last byte of the answer (not a timeout
per socket read, which a server dripping a byte now and then never hits), and so has every
run, pauses between retries included. Answers are read up to BODY_CAP bytes and reach the
terminal only as a short excerpt with every control character escaped. TLS certificates are
always verified; LEARNSOCIAL_LRS_CA_BUNDLE adds an organisation's own CA, and nothing turns
verification off. A proxy named in HTTPS_PROXY / HTTP_PROXY (NO_PROXY excepted) is used as
urllib would: a CONNECT tunnel for https, so the proxy never sees the password. Network errors,
429 and 5xx answers are retried with a growing pause; a 4xx names the statement and the reason,
and the rest of the batch is still delivered.
"""
from __future__ import annotations

import base64
import http.client
import io
import ipaddress
import json
import logging
import os
import selectors
import socket
import ssl
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from learnsocial.i18n import _
from learnsocial.progress.xapi import DEFAULT_HOME_PAGE, VERSION, is_irl, with_home_page

log = logging.getLogger(__name__)

BATCH = 50
RETRIES = 4
FIRST_PAUSE_S = 1.0
REQUEST_DEADLINE_S = 30.0  # one request: connecting, sending, the whole answer
RUN_DEADLINE_S = 300.0  # one sync run, retries and pauses included
BODY_CAP = 1_000_000  # bytes of an answer read at most; the rest is never read
EXCERPT_CHARS = 200  # of an answer shown to a person
CA_BUNDLE_ENV = "LEARNSOCIAL_LRS_CA_BUNDLE"


class LRSError(Exception):
    """The LRS could not be used: unreachable, refused, out of time or not really an LRS."""


class _OutOfTime(TimeoutError):
    """A request reached its deadline."""


class _TooLarge(http.client.HTTPException):
    """An answer longer than anything an LRS says (headers included) was cut off."""


@dataclass
class Rejection:
    statement_id: str
    status: int
    reason: str


@dataclass
class SyncReport:
    sent: int = 0
    rejected: list[Rejection] = field(default_factory=list)


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes  # at most the cap asked for + 1 bytes (BODY_CAP for a post)
    location: str = ""
    xapi_version: str = ""
    consistent_through: str = ""  # X-Experience-API-Consistent-Through of a query's answer


def excerpt(text: str | bytes, limit: int = EXCERPT_CHARS) -> str:
    """A short, single-line excerpt that is safe to print: every control or format character
    (escape sequences, bidi overrides, new lines) shown as its Python escape."""
    if isinstance(text, bytes):
        text = text[:limit * 4].decode("utf-8", "replace")
    text = text.strip()
    safe = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text[:limit])
    return safe[:limit] + ("…" if len(text) > limit or len(safe) > limit else "")


class _DeadlineSocket:
    """A connected socket whose every send and receive ends by one deadline.

    It runs non-blocking and waits with a selector for at most the time left, so neither a
    server that drips nor one that stops reading can hold a request past its deadline, and it
    hands out at most `budget` bytes, so no answer (its headers included) fills the memory.
    It has what http.client uses of a socket: sendall, makefile and close.
    """

    def __init__(self, sock: socket.socket, until: float, budget: int = BODY_CAP + 2**17):
        self.sock = sock
        self.until = until
        self.budget = budget
        sock.setblocking(False)
        self.selector = selectors.DefaultSelector()

    def wait(self, write: bool) -> None:
        left = self.until - time.monotonic()
        event = selectors.EVENT_WRITE if write else selectors.EVENT_READ
        self.selector.register(self.sock, event)
        try:
            if left <= 0 or not self.selector.select(left):
                raise _OutOfTime("deadline")
        finally:
            self.selector.unregister(self.sock)

    def retrying(self, operation: Callable[[], int]) -> int:
        while True:
            try:
                return operation()
            except (BlockingIOError, ssl.SSLWantReadError):
                self.wait(write=False)
            except ssl.SSLWantWriteError:
                self.wait(write=True)

    def handshake(self) -> None:
        sock = self.sock
        assert isinstance(sock, ssl.SSLSocket)
        def handshake() -> int:
            sock.do_handshake()
            return 0
        self.retrying(handshake)

    def tunnel(self, host: str, port: int) -> int:
        """Ask the proxy at the other end for a tunnel to host:port; its status (200: open)."""
        self.sendall(f"CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n"
                     .encode("idna"))
        answer = http.client.HTTPResponse(self, method="CONNECT")  # type: ignore[arg-type]
        answer.begin()  # the proxy sends nothing past its headers before we speak TLS
        return answer.status

    def sendall(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            sent = self.retrying(lambda: self.sock.send(view))
            view = view[sent:]

    def recv_into(self, buffer) -> int:
        if self.budget <= 0:
            raise _TooLarge("answer too large")
        view = memoryview(buffer)[:self.budget]
        received = self.retrying(lambda: self.sock.recv_into(view))
        self.budget -= received
        return received

    def makefile(self, mode: str = "rb", *_args) -> io.BufferedReader:
        return io.BufferedReader(_Reader(self))

    def close(self) -> None:
        """http.client closes here as soon as an answer says 'Connection: close', before its
        body is read; the owner (LRSClient.exchange) closes the socket with release()."""

    def release(self) -> None:
        self.selector.close()
        self.sock.close()


class _Reader(io.RawIOBase):
    def __init__(self, sock: _DeadlineSocket):
        self.sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        return self.sock.recv_into(buffer)


class LRSClient:
    """Talks to one LRS endpoint. A bad address or CA bundle is reported by send(), so that
    making a client (as the app does at start-up) never fails."""

    def __init__(self, endpoint: str, user: str, password: str, *,
                 retries: int = RETRIES, sleep: Callable[[float], None] | None = None,
                 request_deadline_s: float | None = None, run_deadline_s: float | None = None,
                 ca_bundle: str | None = None):
        self.problem = ""
        parts = urlsplit(endpoint.strip())
        try:
            port = parts.port
        except ValueError:
            port = -1
        if parts.scheme not in ("http", "https") or not parts.hostname or port == -1:
            self.problem = _("the LRS address must start with https:// (or http://) and name "
                             "a host: {url}").format(url=excerpt(endpoint))
        self.host = parts.hostname or ""
        self.port = port or (443 if parts.scheme == "https" else 80)
        self.scheme = parts.scheme
        self.path = parts.path.rstrip("/") + "/statements" + (
            "?" + parts.query if parts.query else "")
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.url = f"{self.origin}{self.path}"
        self.proxy = _proxy_for(parts.scheme, self.host)
        self.tls = None
        if parts.scheme == "https":
            try:
                self.tls = _tls_context(ca_bundle or os.environ.get(CA_BUNDLE_ENV, ""))
            except LRSError as error:
                self.problem = str(error)
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json",
                        "X-Experience-API-Version": VERSION, "Connection": "close"}
        self.retries = retries
        self.sleep = sleep or time.sleep
        # read when the client is made, so tests (and a future setting) can change them
        self.request_deadline_s = request_deadline_s or REQUEST_DEADLINE_S
        self.run_deadline_s = run_deadline_s or RUN_DEADLINE_S

    # -- one request ----------------------------------------------------------------------
    def _connect(self, until: float, budget: int = BODY_CAP + 2**17) -> _DeadlineSocket:
        left = until - time.monotonic()
        if left <= 0:
            raise _OutOfTime("deadline")
        raw = socket.create_connection(self.proxy or (self.host, self.port), timeout=left)
        try:
            if self.tls is None:
                return _DeadlineSocket(raw, until, budget)
            if self.proxy:
                to_proxy = _DeadlineSocket(raw, until)
                try:
                    status = to_proxy.tunnel(self.host, self.port)
                finally:
                    to_proxy.selector.close()
                if status != 200:
                    raise LRSError(_("the proxy {proxy} refused a tunnel to the LRS ({status})")
                                   .format(proxy="%s:%d" % self.proxy, status=status))
            sock = _DeadlineSocket(self.tls.wrap_socket(raw, server_hostname=self.host,
                                                        do_handshake_on_connect=False), until,
                                   budget)
        except BaseException:
            raw.close()
            raise
        try:
            sock.handshake()
        except BaseException:
            sock.release()
            raise
        return sock

    def exchange(self, payload: bytes | None, until: float, method: str = "POST",
                 path: str | None = None, cap: int = BODY_CAP) -> Answer:
        """One request (a POST of payload, or a GET of path: the statements path and its
        query on this endpoint's host) and its answer, read up to `cap` bytes, all by
        `until`. Raises OSError or HTTPException."""
        sock = self._connect(until, cap + 2**17)
        connection: http.client.HTTPConnection
        if self.tls:
            connection = http.client.HTTPSConnection(self.host, self.port, context=self.tls)
        else:
            connection = http.client.HTTPConnection(self.host, self.port)
        connection.sock = sock  # ours: http.client never connects (nor follows redirects)
        path = path or self.path
        # through a plain-http proxy the request names the whole URL (and the proxy sees all)
        target = self.origin + path if self.proxy and not self.tls else path
        headers = self.headers if payload is not None else \
            {k: v for k, v in self.headers.items() if k != "Content-Type"}
        try:
            connection.request(method, target, payload, headers)
            response = connection.getresponse()
            body = response.read(cap + 1)
            return Answer(response.status, body, response.getheader("Location", ""),
                          response.getheader("X-Experience-API-Version", ""),
                          response.getheader("X-Experience-API-Consistent-Through", ""))
        finally:
            connection.close()
            sock.release()

    def same_origin(self, link: str) -> str | None:
        """The path and query of a link (relative, or absolute on this endpoint's scheme,
        host and port), or None for a link elsewhere: the password never goes there."""
        parts = urlsplit(urljoin(self.url, link))
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return None
        if (parts.scheme, (parts.hostname or "").lower(), port) != \
                (self.scheme, self.host.lower(), self.port) or parts.username:
            return None
        return (parts.path or "/") + ("?" + parts.query if parts.query else "")

    def get(self, path: str, until: float, cap: int) -> Answer:
        """GET a path of this endpoint's host, retried like a post, by `until`."""
        if self.problem:
            raise LRSError(self.problem)
        return self._request(None, until, "GET", path, cap)

    def _post(self, statements: list[dict], until: float) -> Answer:
        return self._request(json.dumps(statements).encode("utf-8"), until)

    def _request(self, payload: bytes | None, until: float, method: str = "POST",
                 path: str | None = None, cap: int = BODY_CAP) -> Answer:
        """A request with retries on network errors, 429 and 5xx, all within `until`."""
        pause = FIRST_PAUSE_S
        problem = ""
        for attempt in range(self.retries + 1):
            if time.monotonic() >= until:
                break
            try:
                answer = self.exchange(payload, min(until, time.monotonic()
                                                    + self.request_deadline_s),
                                       method, path, cap)
            except ssl.SSLCertVerificationError as error:
                raise LRSError(_("the LRS's certificate could not be verified ({reason}); if "
                                 "your organisation has its own CA, name its bundle in {env}")
                               .format(reason=excerpt(error.verify_message or str(error)),
                                       env=CA_BUNDLE_ENV)) from None
            except _OutOfTime:
                problem = _("no complete answer within {seconds} s").format(
                    seconds=f"{self.request_deadline_s:g}")
            except (OSError, http.client.HTTPException) as error:
                problem = excerpt(str(error) or type(error).__name__)
            else:
                if answer.status != 429 and answer.status < 500:
                    return answer
                problem = f"{answer.status}: {reason_of(answer.body)}"
            if attempt < self.retries:
                if time.monotonic() + pause >= until:
                    break
                self.sleep(pause)
                pause = min(pause * 2, 30.0)
        else:
            raise LRSError(_("the LRS at {url} did not answer ({problem})").format(
                url=excerpt(self.url), problem=problem))
        if method == "GET":
            raise LRSError(_("reading the LRS stopped at its deadline ({problem})").format(
                problem=problem or _("out of time")))
        raise LRSError(_("sync stopped at its deadline of {seconds} s ({problem})").format(
            seconds=f"{self.run_deadline_s:g}", problem=problem or _("out of time")))

    # -- what an answer proves ------------------------------------------------------------
    def _confirms(self, answer: Answer, batch: list[dict]) -> bool:
        """True: every statement of the batch is in; False: the LRS refused (4xx). Raises
        LRSError for answers that prove nothing or concern every statement alike."""
        status = answer.status
        if 300 <= status < 400:
            raise LRSError(_("the LRS answered with a redirect to {location}; check the "
                             "endpoint").format(location=excerpt(answer.location) or "?"))
        if status in (401, 403):
            raise LRSError(_("the LRS refused the credentials ({status})").format(status=status))
        if status in (404, 405):
            raise LRSError(_("{url} is not an xAPI statements endpoint ({status}); check the "
                             "endpoint").format(url=excerpt(self.url), status=status))
        if 400 <= status < 500:
            return False
        if status == 200 and _ids(answer.body) == sorted(s["id"].lower() for s in batch):
            return True
        if status == 204 and answer.xapi_version:
            return True
        raise LRSError(_("the answer ({status}: {excerpt}) does not confirm the statements, "
                         "so none was marked sent; check the endpoint and any proxy in "
                         "between").format(status=status, excerpt=reason_of(answer.body)))

    def send(self, statements: list[dict], on_sent: Callable[[list[str]], None],
             until: float | None = None) -> SyncReport:
        """Deliver statements in batches by `until` (default: the run deadline from now);
        on_sent(ids) is called as soon as a batch is confirmed."""
        if self.problem:
            raise LRSError(self.problem)
        until = until if until is not None else time.monotonic() + self.run_deadline_s
        report = SyncReport()
        for start in range(0, len(statements), BATCH):
            batch = statements[start:start + BATCH]
            if self._confirms(self._post(batch, until), batch):
                on_sent([s["id"] for s in batch])
                report.sent += len(batch)
                continue
            for statement in batch:  # find which ones it refuses; deliver the rest
                answer = self._post([statement], until)
                if self._confirms(answer, [statement]):
                    on_sent([statement["id"]])
                    report.sent += 1
                    continue
                reason = reason_of(answer.body)
                if answer.status == 409:
                    reason = _("the LRS holds a different statement with this id: {reason}"
                               ).format(reason=reason)
                report.rejected.append(Rejection(statement["id"], answer.status, reason))
        return report


def _proxy_for(scheme: str, host: str) -> tuple[str, int] | None:
    """The proxy the environment names for this scheme and host, as (host, port); never one
    for this machine itself, which no proxy can reach."""
    address = urllib.request.getproxies().get(scheme)
    if not address or not host or _loopback(host) or urllib.request.proxy_bypass(host):
        return None
    parts = urlsplit(address if "://" in address else "http://" + address)
    try:
        return (parts.hostname, parts.port or 80) if parts.hostname else None
    except ValueError:
        return None


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host.lower() == "localhost"


def _tls_context(ca_bundle: str) -> ssl.SSLContext:
    """Verification always on; an extra CA bundle adds to the system's CAs."""
    context = ssl.create_default_context()
    if ca_bundle:
        try:
            context.load_verify_locations(cafile=ca_bundle)
        except (OSError, ssl.SSLError) as error:
            raise LRSError(_("cannot use the CA bundle {path} from {env}: {reason}").format(
                path=excerpt(ca_bundle), env=CA_BUNDLE_ENV,
                reason=excerpt(str(error)))) from None
    return context


def _ids(body: bytes) -> list[str] | None:
    """The statement ids an LRS confirms, sorted, or None if the body is no list of ids."""
    if len(body) > BODY_CAP:
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: "[[[[..." nested past the stack
        return None
    if not isinstance(data, list) or not all(isinstance(i, str) for i in data):
        return None
    return sorted(i.lower() for i in data)


def reason_of(body: bytes) -> str:
    """What an LRS says about a refusal, as a safe excerpt."""
    try:
        data = json.loads(body) if len(body) <= BODY_CAP else None
    except (ValueError, RecursionError):
        data = None
    if isinstance(data, dict):
        data = next((data[key] for key in ("message", "warnings", "errors", "error")
                     if key in data), data)
    if isinstance(data, str):
        return excerpt(data) or "-"
    if data is not None:
        return excerpt(json.dumps(data, ensure_ascii=False))
    return excerpt(body) or "-"


def sync_store(store, client: LRSClient, home_page: str,
               on_progress: Callable[[int, int], None] | None = None) -> SyncReport:
    """Send every unsent statement of the store by the client's run deadline; each is marked
    sent as soon as it is in. Statements made before the learners' home page was configured
    get it now (`home_page`: the configured one); without one nothing is sent."""
    until = time.monotonic() + client.run_deadline_s
    waiting = store.unsent_statements()
    if not is_irl(home_page) and any(
            s.get("actor", {}).get("account", {}).get("homePage") == DEFAULT_HOME_PAGE
            for _employee, s in waiting):
        raise LRSError(_("set the learners' home page first (xapi.home_page in config.json or "
                         "LEARNSOCIAL_XAPI_HOMEPAGE, an https:// address of your organisation): "
                         "xAPI needs one in every statement"))
    by_employee: dict[str, list[dict]] = {}
    for employee_id, statement in waiting:
        by_employee.setdefault(employee_id, []).append(with_home_page(statement, home_page))
    total = SyncReport()
    for employee_id, statements in by_employee.items():
        def mark(ids: list[str], employee_id: str = employee_id) -> None:
            store.mark_sent(employee_id, ids)
            total.sent += len(ids)
            if on_progress:
                on_progress(total.sent, len(waiting))
        total.rejected += client.send(statements, mark, until).rejected
    return total


class BackgroundSync:
    """Syncs now and then on a worker thread, so the frame loop never waits for the network.

    Each round is one sync_store run, so it ends by the client's run deadline however the LRS
    behaves; an error is kept in last_error and the statements wait for the next round.
    """

    def __init__(self, store, client: LRSClient, home_page: str, every_s: float = 60.0):
        self.store = store
        self.client = client
        self.home_page = home_page
        self.every_s = every_s
        self.last_error: str | None = None
        self.sent = 0
        self.rounds = 0
        self._round_done = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lrs-sync", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sent += sync_store(self.store, self.client, self.home_page).sent
                self.last_error = None
            except LRSError as error:  # stays queued; try again next round
                self.last_error = str(error)
            except Exception as error:  # never let the thread die: the app would stop syncing
                log.exception("background sync failed")
                self.last_error = excerpt(str(error))
            with self._round_done:
                self.rounds += 1
                self._round_done.notify_all()
            self._stop.wait(self.every_s)

    def wait_for_round(self, rounds: int, timeout: float) -> bool:
        """Wait until `rounds` rounds have ended (or timeout); tells whether they have."""
        with self._round_done:
            return self._round_done.wait_for(lambda: self.rounds >= rounds, timeout)

    def stop(self, wait_s: float = 0.0) -> None:
        """Stop after the current round; wait for it up to wait_s seconds."""
        self._stop.set()
        if wait_s and self._thread.is_alive():
            self._thread.join(wait_s)
