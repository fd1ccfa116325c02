"""What a report has read from an LRS, kept in the data folder so the next report reads only
what is new.

One file per LRS endpoint, user and activity (lrs-cache/HASH.json.gz; the three are named
inside it too): the statements read (compact, see lrs_read.compact), the newest `stored` time
among them and the oldest X-Experience-API-Consistent-Through of the read. The next read asks
for statements stored since the earlier of the two, less OVERLAP: the LRS vouches only for
statements stored before its consistent-through time, and statements stored in the same
millisecond as the newest one may still have been on their way. What the overlap reads again
is recognised by id and not counted as new. A voiding statement (verb voided) removes the
statement it voids, and a voided id never comes back.

The file is a cache: written atomically (learnsocial.atomicfile, without fsync: it can always
be read again), and a damaged or foreign one is simply read again from the LRS.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from learnsocial.atomicfile import write_atomic
from learnsocial.progress.records import canonical_id, parse_stamp
from learnsocial.progress.xapi import VERBS

FOLDER = "lrs-cache"
FORMAT = 1
OVERLAP = timedelta(milliseconds=1)
VOIDED = VERBS["voided"]


def forget_person(data_dir: Path, employee_id: str) -> int:
    """Erasure: drop a person's statements from every LRS cache of the data folder; returns
    how many were dropped. A cache that cannot be read is removed (it is only a cache)."""
    dropped = 0
    key = canonical_id(employee_id)
    for path in sorted((Path(data_dir) / FOLDER).glob("*.json.gz")):
        try:
            identity = json.loads(gzip.decompress(path.read_bytes()))["identity"]
            cache = StatementCache.load(data_dir, identity["url"], identity["user"],
                                        identity["activity"])
        except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError, RecursionError):
            path.unlink(missing_ok=True)
            continue
        if cache.damaged or cache.path != path:
            path.unlink(missing_ok=True)
            continue
        count = cache.forget(lambda name: canonical_id(name) == key)
        if count:
            cache.save()
            dropped += count
    return dropped


def cache_path(data_dir: Path, url: str, user: str, activity: str) -> Path:
    key = "\n".join((url.strip().rstrip("/"), user, activity)).encode("utf-8")
    return Path(data_dir) / FOLDER / f"{hashlib.sha256(key).hexdigest()[:24]}.json.gz"


def lrs_time(moment: datetime) -> str:
    """A time as LRSs write `stored` (UTC, milliseconds, Z): some compare `since` as text."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class StatementCache:
    """The statements read from one LRS for one activity, by id, in the order read."""

    def __init__(self, path: Path, url: str, user: str, activity: str):
        self.path = path
        self.identity = {"url": url.strip().rstrip("/"), "user": user, "activity": activity}
        self.statements: dict[str, dict] = {}
        self.voided: set[str] = set()
        self.last_stored = ""  # the newest `stored` read
        self.consistent_through = ""  # the LRS's (the earliest of the last read's pages)
        self.damaged = False  # the file was there but could not be used (read again)
        self._read_through: datetime | None = None  # of this read, so far

    @classmethod
    def load(cls, data_dir: Path, url: str, user: str, activity: str) -> StatementCache:
        cache = cls(cache_path(data_dir, url, user, activity), url, user, activity)
        try:
            raw = cache.path.read_bytes()
        except FileNotFoundError:
            return cache
        except OSError:
            cache.damaged = True
            return cache
        try:
            data = json.loads(gzip.decompress(raw))
            if data.get("format") != FORMAT or data.get("identity") != cache.identity:
                raise ValueError("another cache")
            statements = data["statements"]
            if not isinstance(statements, list) or not all(
                    isinstance(s, dict) and isinstance(s.get("id"), str) for s in statements):
                raise ValueError("statements")
            cache.statements = {s["id"]: s for s in statements}
            cache.voided = set(data.get("voided", []))
            cache.last_stored = str(data.get("last_stored", ""))
            cache.consistent_through = str(data.get("consistent_through", ""))
        except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError, AttributeError,
                RecursionError):
            cache = cls(cache.path, url, user, activity)
            cache.damaged = True
        return cache

    def clear(self) -> None:
        """Forget everything (the next read starts from the beginning)."""
        self.statements.clear()
        self.voided.clear()
        self.last_stored = self.consistent_through = ""
        self._read_through = None

    def since(self) -> str | None:
        """The `since` of the next read (None: read everything)."""
        last = parse_stamp(self.last_stored)
        if last is None:
            return None
        through = parse_stamp(self.consistent_through)
        return lrs_time(min(last, through or last) - OVERLAP)

    def add(self, statements: Iterable[dict], consistent_through: str = "") -> int:
        """Take in a page of compact statements (oldest first); returns how many were new."""
        new = 0
        newest = parse_stamp(self.last_stored)
        for statement in statements:
            stored = parse_stamp(statement.get("stored"))
            if stored is not None and (newest is None or stored > newest):
                newest, self.last_stored = stored, statement["stored"]
            statement_id = statement["id"]
            if statement_id in self.statements or statement_id in self.voided:
                continue
            new += 1
            if statement.get("verb", {}).get("id") == VOIDED:
                target = str(statement.get("object", {}).get("id", "")).lower()
                self.voided.add(target)
                self.statements.pop(target, None)
            self.statements[statement_id] = statement
        # the read's earliest consistent-through: the LRS vouched for every page up to it
        through = parse_stamp(consistent_through)
        if through is not None and (self._read_through is None or through < self._read_through):
            self._read_through, self.consistent_through = through, consistent_through
        return new

    def forget(self, gone: Callable[[str], bool]) -> int:
        """Drop the statements of the people `gone(employee id)` names (erased here); returns
        how many were dropped. Their ids stay known, so a read never counts them as new."""
        dropped = [i for i, s in self.statements.items()
                   if gone(str(s.get("actor", {}).get("account", {}).get("name", "")))]
        for statement_id in dropped:
            del self.statements[statement_id]
            self.voided.add(statement_id)
        return len(dropped)

    def save(self) -> None:
        """Write the cache (atomically; raises OSError when the folder cannot be written)."""
        data = {"format": FORMAT, "identity": self.identity,
                "last_stored": self.last_stored, "consistent_through": self.consistent_through,
                "voided": sorted(self.voided), "statements": list(self.statements.values())}
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomic(self.path, gzip.compress(payload, compresslevel=6), durable=False)
