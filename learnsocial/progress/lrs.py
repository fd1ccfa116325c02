"""Send queued xAPI statements to a Learning Record Store.

A statement is marked sent only after the LRS accepted it (200/204, or 409: it has it already).
Network errors and 5xx answers are retried with a growing pause; a 4xx names the statement
and the reason, and the rest of the batch is still delivered (the batch is retried one by one).
"""
from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from learnsocial.progress.xapi import VERSION

BATCH = 50
RETRIES = 4
TIMEOUT_S = 15.0


class LRSError(Exception):
    """The LRS could not be used at all (unreachable after retries, or credentials refused)."""


@dataclass
class Rejection:
    statement_id: str
    status: int
    reason: str


@dataclass
class SyncReport:
    sent: int = 0
    rejected: list[Rejection] = field(default_factory=list)


class LRSClient:
    def __init__(self, endpoint: str, user: str, password: str, *, timeout: float = TIMEOUT_S,
                 retries: int = RETRIES, sleep: Callable[[float], None] = time.sleep):
        self.url = endpoint.rstrip("/") + "/statements"
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json",
                        "X-Experience-API-Version": VERSION}
        self.timeout = timeout
        self.retries = retries
        self.sleep = sleep

    def _post(self, statements: list[dict]) -> tuple[int, str]:
        """POST once; returns (status, body). Raises OSError on network failure."""
        request = urllib.request.Request(self.url, json.dumps(statements).encode("utf-8"),
                                         self.headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return answer.status, answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def _post_with_retries(self, statements: list[dict]) -> tuple[int, str]:
        delay = 1.0
        for attempt in range(self.retries + 1):
            try:
                status, body = self._post(statements)
            except (OSError, urllib.error.URLError) as error:
                status, body = 0, str(getattr(error, "reason", error))
            if status and status < 500:
                return status, body
            if attempt < self.retries:
                self.sleep(delay)
                delay = min(delay * 2, 30.0)
        raise LRSError(f"the LRS at {self.url} did not answer ({body or status})")

    def send(self, statements: list[dict], on_sent: Callable[[list[str]], None]) -> SyncReport:
        """Deliver statements in batches; on_sent(ids) is called as soon as a batch is in."""
        report = SyncReport()
        for start in range(0, len(statements), BATCH):
            batch = statements[start:start + BATCH]
            status, body = self._post_with_retries(batch)
            if status in (401, 403):
                raise LRSError(f"the LRS refused the credentials ({status})")
            if status in (200, 204, 409):
                on_sent([s["id"] for s in batch])
                report.sent += len(batch)
                continue
            for statement in batch:  # find which ones it rejects; deliver the rest
                status, body = self._post_with_retries([statement])
                if status in (401, 403):
                    raise LRSError(f"the LRS refused the credentials ({status})")
                if status in (200, 204, 409):
                    on_sent([statement["id"]])
                    report.sent += 1
                else:
                    report.rejected.append(Rejection(statement["id"], status, _reason(body)))
        return report


def _reason(body: str) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return body.strip()[:300]
    if isinstance(data, dict):
        for key in ("message", "warnings", "errors", "error"):
            if key in data:
                return json.dumps(data[key], ensure_ascii=False)[:300]
    return json.dumps(data, ensure_ascii=False)[:300]


def sync_store(store, client: LRSClient,
               on_progress: Callable[[int, int], None] | None = None) -> SyncReport:
    """Send every unsent statement of the store; each is marked sent as soon as it is in."""
    waiting = store.unsent_statements()
    by_employee: dict[str, list[dict]] = {}
    for employee_id, statement in waiting:
        by_employee.setdefault(employee_id, []).append(statement)
    total = SyncReport()
    for employee_id, statements in by_employee.items():
        def mark(ids: list[str], employee_id: str = employee_id) -> None:
            store.mark_sent(employee_id, ids)
            total.sent += len(ids)
            if on_progress:
                on_progress(total.sent, len(waiting))
        total.rejected += client.send(statements, mark).rejected
    return total


class BackgroundSync:
    """Syncs now and then on a worker thread, so the frame loop never waits for the network."""

    def __init__(self, store, client: LRSClient, every_s: float = 60.0):
        import threading

        self.store = store
        self.client = client
        self.every_s = every_s
        self.last_error: str | None = None
        self.sent = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lrs-sync", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sent += sync_store(self.store, self.client).sent
                self.last_error = None
            except (LRSError, OSError) as error:  # stays queued; try again next round
                self.last_error = str(error)
            self._stop.wait(self.every_s)

    def stop(self) -> None:
        self._stop.set()
