"""A hostile "LRS" for the sync tests: a raw socket server on a loopback address.

It records every request (headers and body) and answers each as its current `behaviour` says:
honestly, with a redirect, a captive portal's page, wrong ids, a body of hundreds of megabytes,
one byte now and then, escape sequences, 500s, conflicts. It streams what it sends and never
holds a big body in memory, and it stops dripping and closes everything in close().
"""
from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

ESCAPES = ("\x1b[2J\x1b[H"  # clear the screen
           "\x1b]0;pwned\x07"  # set the terminal's title
           "\x1b[31mred\x1b[0m \u202eevil\u202c \r\rewritten\x00\x08")
PORTAL = b"<html><body><h1>Welcome to the hotel Wi-Fi</h1>Accept the terms.</body></html>"


@dataclass
class Request:
    line: str
    headers: dict[str, str]
    body: bytes

    def ids(self) -> list[str]:
        return [s["id"] for s in json.loads(self.body)]


@dataclass
class Connection:
    sock: socket.socket
    server: HostileLRS

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)
        self.server.bytes_sent += len(data)

    def head(self, status: str, headers: dict[str, str] | None = None, length: int | None = 0
             ) -> None:
        lines = [f"HTTP/1.1 {status}"] + [f"{k}: {v}" for k, v in (headers or {}).items()]
        if length is not None:
            lines.append(f"Content-Length: {length}")
        self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def reply(self, status: str, body: bytes = b"", headers: dict[str, str] | None = None,
              xapi: bool = True) -> None:
        headers = dict(headers or {})
        if xapi:
            headers["X-Experience-API-Version"] = "1.0.3"
        self.head(status, headers, len(body))
        self.send(body)


Behaviour = Callable[[Connection, Request], None]


def honest(conn: Connection, request: Request) -> None:
    conn.reply("200 OK", json.dumps(request.ids()).encode(),
               {"Content-Type": "application/json"})


@dataclass
class HostileLRS:
    host: str = "127.0.0.1"
    behaviour: Behaviour = honest
    tls: ssl.SSLContext | None = None
    requests: list[Request] = field(default_factory=list)
    connections: int = 0
    bytes_sent: int = 0

    def __post_init__(self):
        self.stopped = threading.Event()
        self.listener = socket.create_server((self.host, 0))
        self.port = self.listener.getsockname()[1]
        self.threads: list[threading.Thread] = []
        accept = threading.Thread(target=self._accept, daemon=True)
        accept.start()

    @property
    def endpoint(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}/xAPI"

    def delivered(self) -> list[str]:
        """Ids of every statement posted here (answered honestly or not)."""
        return [i for r in self.requests for i in r.ids()]

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                sock, _address = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        try:
            if self.tls:
                sock = self.tls.wrap_socket(sock, server_side=True)
            request = _read_request(sock)
            if request is None:
                return
            self.requests.append(request)
            self.behaviour(Connection(sock, self), request)
        except (OSError, ValueError):
            pass  # the client hung up or failed the handshake: that is its right
        finally:
            sock.close()

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()
        for thread in self.threads:
            thread.join(timeout=10)


def _read_request(sock: socket.socket) -> Request | None:
    reader = sock.makefile("rb")
    line = reader.readline(65536).decode("latin-1").strip()
    if not line:
        return None
    headers = {}
    while True:
        header = reader.readline(65536).decode("latin-1")
        if header in ("\r\n", "\n", ""):
            break
        name, _colon, value = header.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = reader.read(int(headers.get("content-length", 0)))
    return Request(line, headers, body)


# -- behaviours --------------------------------------------------------------------------------
def redirect(location: str) -> Behaviour:
    def answer(conn: Connection, request: Request) -> None:
        conn.reply("302 Found", headers={"Location": location})
    return answer


def portal(conn: Connection, request: Request) -> None:
    conn.reply("200 OK", PORTAL, {"Content-Type": "text/html"}, xapi=False)


def wrong_ids(kind: str) -> Behaviour:
    def answer(conn: Connection, request: Request) -> None:
        ids = request.ids()
        if kind == "others":
            ids = [f"00000000-0000-4000-8000-{n:012d}" for n in range(len(ids))]
        elif kind == "one missing":
            ids = ids[:-1]
        elif kind == "one extra":
            ids = ids + ["00000000-0000-4000-8000-000000000001"]
        conn.reply("200 OK", json.dumps(ids).encode(), {"Content-Type": "application/json"})
    return answer


def huge(status: str, size: int, chunked: bool = False) -> Behaviour:
    """A body of `size` bytes, streamed 64 KiB at a time until the client hangs up."""
    def answer(conn: Connection, request: Request) -> None:
        chunk = b"x" * 65536
        if chunked:
            conn.head(status, {"Transfer-Encoding": "chunked"}, length=None)
            chunk = b"%x\r\n%s\r\n" % (len(chunk), chunk)
        else:
            conn.head(status, {"Content-Type": "application/json"}, length=size)
        for _ in range(size // 65536):
            if conn.server.stopped.is_set():
                return
            conn.send(chunk)
    return answer


def drip(every_s: float, after: bytes = b"HTTP/1.1 200 OK\r\n") -> Behaviour:
    """Sends `after`, then one byte of an endless header every `every_s` seconds."""
    def answer(conn: Connection, request: Request) -> None:
        conn.send(after + b"X-Drip: ")
        while not conn.server.stopped.wait(every_s):
            conn.send(b"a")
    return answer


def escapes(status: str, as_json: bool) -> Behaviour:
    def answer(conn: Connection, request: Request) -> None:
        body = json.dumps({"message": ESCAPES}) if as_json else ESCAPES + "<h1>error</h1>"
        conn.reply(status, body.encode())
    return answer


def server_error(conn: Connection, request: Request) -> None:
    conn.reply("500 Internal Server Error", b"<h1>Internal Server Error</h1>" + b"y" * 5000)


def conflict(statement_id: str) -> Behaviour:
    """409 for every post that holds this id (an LRS with another statement of that id)."""
    def answer(conn: Connection, request: Request) -> None:
        if statement_id in request.ids():
            conn.reply("409 Conflict", json.dumps(
                {"message": f"{statement_id} is conflicting"}).encode())
        else:
            honest(conn, request)
    return answer


def no_content(with_version: bool) -> Behaviour:
    def answer(conn: Connection, request: Request) -> None:
        conn.reply("204 No Content", xapi=with_version)
    return answer


class TunnelProxy:
    """An HTTPS proxy: answers CONNECT with `status` and, on 200, relays bytes both ways,
    keeping a copy of everything it relayed (to show what a proxy can read)."""

    def __init__(self, status: str = "200 Connection established",
                 hosts: dict[str, str] | None = None):
        self.status = status
        self.hosts = hosts or {}  # names only this proxy knows, e.g. {"lrs.test": "127.0.0.1"}
        self.connects: list[str] = []
        self.relayed = bytearray()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            head = b""
            while b"\r\n\r\n" not in head:
                data = client.recv(4096)
                if not data:
                    return
                head += data
            line = head.split(b"\r\n", 1)[0].decode("latin-1")
            self.connects.append(line)
            client.sendall(f"HTTP/1.1 {self.status}\r\nContent-Length: 0\r\n\r\n".encode())
            if not self.status.startswith("200"):
                return
            host, _colon, port = line.split()[1].rpartition(":")
            with socket.create_connection((self.hosts.get(host, host), int(port))) as upstream:
                back = threading.Thread(target=self._pump, args=(upstream, client), daemon=True)
                back.start()
                self._pump(client, upstream)
                back.join(timeout=10)

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self.relayed += data
                sink.sendall(data)
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self) -> None:
        self.listener.close()


def header_flood(conn: Connection, request: Request) -> None:
    """Headers that never end: 60 KB each (under http.client's line limit), 6 MB in all."""
    conn.send(b"HTTP/1.1 200 OK\r\n")
    for n in range(100):
        if conn.server.stopped.is_set():
            return
        conn.send(b"X-Flood-%d: %s\r\n" % (n, b"a" * 60000))


@pytest.fixture
def server():
    """A hostile LRS for one test (shared by the tests through tests/conftest.py)."""
    server = HostileLRS()
    yield server
    server.close()
