"""A real Learning Record Store for the tests: Learning Locker's xapi-statements service.

Installed from the npm registry once per machine into a cache folder (LEARNSOCIAL_TEST_LRS_DIR,
default ~/.cache/learnsocial-test-lrs): in a temporary folder first, renamed when complete, under
a file lock, so an interrupted or concurrent install never leaves a broken copy behind. One server
and its credential-checking proxy are then shared by every test of a pytest session (the `lrs`
fixture). Without node and npm the tests that need it are skipped, saying why.
"""
from __future__ import annotations

import base64
import http.server
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from filelock import FileLock

PACKAGE = "xapi-statements@5.0.1"
CACHE = Path(os.environ.get("LEARNSOCIAL_TEST_LRS_DIR",
                            Path.home() / ".cache" / "learnsocial-test-lrs"))
INSTALLED = CACHE / PACKAGE.replace("@", "-")
USER, PASSWORD = "lrs-user", "lrs-secret"
# --prefer-offline: no registry round trip per package when npm's cache has it (23 s -> 7 s here);
# --ignore-scripts: the only install script of the tree is core-js's banner.
NPM_FLAGS = ("--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", "--omit=dev",
             "--loglevel=error")


class Unavailable(Exception):
    """Node or npm is missing: the tests that need the LRS are skipped."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def install() -> Path:
    """The service's server.js, installed on first use."""
    server = INSTALLED / "node_modules" / "xapi-statements" / "dist" / "server.js"
    npm, node = shutil.which("npm"), shutil.which("node")
    if node is None or (npm is None and not server.is_file()):
        raise Unavailable("the test LRS needs node and npm on the PATH (Learning Locker's "
                          f"{PACKAGE} from the npm registry); install Node.js to run these")
    if server.is_file():
        return server
    CACHE.mkdir(parents=True, exist_ok=True)
    with FileLock(CACHE / "install.lock"):
        if server.is_file():  # another process installed it while we waited
            return server
        work = Path(tempfile.mkdtemp(prefix="installing-", dir=CACHE))
        try:
            done = subprocess.run([npm, "install", *NPM_FLAGS, "--prefix", str(work), PACKAGE],
                                  capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                raise RuntimeError(f"npm could not install {PACKAGE}: {done.stderr[-500:]}")
            os.replace(work, INSTALLED)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return server


class LearningLocker:
    """The statement service as a subprocess; stop() and start() again keep its port."""

    def __init__(self, storage: Path):
        self.script = install()
        self.storage = storage
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI"

    def start(self) -> None:
        env = dict(os.environ, AUTH_REPO="test", EVENTS_REPO="test", MODELS_REPO="memory",
                   STORAGE_REPO="local", FS_LOCAL_STORAGE_DIR=str(self.storage),
                   EXPRESS_PORT=str(self.port))
        self.process = subprocess.Popen([shutil.which("node") or "node", str(self.script)],
                                        env=env, cwd=self.storage,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the test LRS did not start")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def statements(self) -> list[dict]:
        """Everything the LRS holds, following 'more' links."""
        found: list[dict] = []
        url = f"{self.endpoint}/statements?limit=500"
        while url:
            request = urllib.request.Request(url, headers={
                "X-Experience-API-Version": "1.0.3",
                "Authorization": "Basic " + base64.b64encode(b"a:b").decode()})
            with urllib.request.urlopen(request, timeout=10) as answer:
                page = json.loads(answer.read())
            found += page["statements"]
            more = page.get("more")
            url = f"http://127.0.0.1:{self.port}{more}" if more else ""
        return found


class AuthProxy:
    """Forwards to the LRS only requests with the right basic-auth credentials (else 401);
    answers 502 while the LRS is down, as a gateway would. It counts the queries (GET) it
    forwarded and the ids of the statements their answers held (`served`), so a test can
    tell what a report read."""

    FORWARDED = ("X-Experience-API-Version", "X-Experience-API-Consistent-Through",
                 "Content-Type")

    def __init__(self, target_port: int):
        self.port = free_port()
        self.queries: list[str] = []  # the path and query of every GET forwarded
        self.served: list[str] = []  # ids of the statements in the answers to them
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                self.forward("POST")

            def do_GET(self):  # noqa: N802
                self.forward("GET")

            def forward(self, method: str) -> None:
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))) \
                    if method == "POST" else None
                request = urllib.request.Request(
                    f"http://127.0.0.1:{target_port}{self.path}", body,
                    {k: v for k, v in self.headers.items() if k.lower() != "host"},
                    method=method)
                headers = {}
                try:
                    with urllib.request.urlopen(request, timeout=10) as answer:
                        status, payload, headers = answer.status, answer.read(), answer.headers
                except urllib.error.HTTPError as error:
                    status, payload, headers = error.code, error.read(), error.headers
                except OSError:
                    status, payload = 502, b"the LRS is down"
                if method == "GET":
                    proxy.queries.append(self.path)
                    if status == 200:
                        proxy.served += [s["id"] for s in json.loads(payload)["statements"]]
                self.send_response(status)
                for name in proxy.FORWARDED:
                    value = headers.get(name) if headers else None
                    if value:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


_shared: dict = {}


def shared_lrs() -> tuple[LearningLocker, AuthProxy]:
    """The session's one LRS and proxy, started on first use."""
    if "lrs" not in _shared:
        storage = Path(tempfile.mkdtemp(prefix="learnsocial-lrs-"))
        server = LearningLocker(storage)
        server.start()
        _shared.update(lrs=(server, AuthProxy(server.port)), storage=storage)
    return _shared["lrs"]


def stop_shared() -> None:
    if "lrs" in _shared:
        server, proxy = _shared.pop("lrs")
        proxy.close()
        server.stop()
        shutil.rmtree(_shared.pop("storage"), ignore_errors=True)


@pytest.fixture(scope="session")
def lrs():
    """(LearningLocker, AuthProxy), shared by the whole session; tests tell their statements
    apart by id. Import this fixture into a test module to use it."""
    try:
        shared = shared_lrs()
    except Unavailable as reason:
        pytest.skip(str(reason))
    yield shared
    stop_shared()
