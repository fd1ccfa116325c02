"""A real Learning Record Store for the tests: Learning Locker's xapi-statements service.

Installed from the npm registry into a cache folder on first use (about 35 s), then started on a
free loopback port for each test session. A small proxy in front of it checks credentials, since
the service's test auth accepts anyone.
"""
from __future__ import annotations

import base64
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

PACKAGE = "xapi-statements@5.0.1"
CACHE = Path(os.environ.get("LEARNSOCIAL_TEST_LRS_DIR",
                            Path.home() / ".cache" / "learnsocial-test-lrs"))
USER, PASSWORD = "lrs-user", "lrs-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def install() -> Path:
    server = CACHE / "node_modules" / "xapi-statements" / "dist" / "server.js"
    if not server.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed to install the test LRS (xapi-statements)")
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(CACHE),
                        PACKAGE], check=True, capture_output=True, timeout=600)
    return server


class LearningLocker:
    """The statement service as a subprocess; stop() and start() again keep its data dir."""

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
        self.process = subprocess.Popen(["node", str(self.script)], env=env, cwd=self.storage,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the test LRS did not start")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def statements(self) -> list[dict]:
        """Everything the LRS holds, following 'more' links."""
        import json

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
    """Forwards to the LRS only requests with the right basic-auth credentials (else 401)."""

    def __init__(self, target_port: int):
        self.port = free_port()
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.end_headers()
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                request = urllib.request.Request(
                    f"http://127.0.0.1:{target_port}{self.path}", body,
                    {k: v for k, v in self.headers.items() if k.lower() != "host"},
                    method="POST")
                try:
                    with urllib.request.urlopen(request, timeout=10) as answer:
                        status, payload = answer.status, answer.read()
                except urllib.error.HTTPError as error:
                    status, payload = error.code, error.read()
                self.send_response(status)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        import urllib.error  # noqa: F401  (used in the handler)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
