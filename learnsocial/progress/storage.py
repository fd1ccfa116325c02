"""Crash-safe JSON files for TinyDB: atomic replace, rotating backups, recovery, version stamps.

TinyDB's own JSONStorage rewrites a file in place, which a power cut or a full disk can leave
half-written. Here every write goes to a temporary file in the same folder, is flushed and
fsynced, and then replaces the old file in one os.replace; the folder is fsynced after (where
the OS allows). The old file is kept under a temporary hard link (a copy where links are not
possible) and, once the new file is in place, becomes backup 1 as older backups move down one:
so the last N good versions of each file exist (a file is only replaced after it was read
successfully), and a failed write leaves the backups as they were.

AtomicStorage also makes one TinyDB session one transaction: reads after the first come from
memory and writes stay in memory until flush(), so several table changes reach the disk in one
atomic replace, and an exception before flush() writes nothing.

Each file carries its schema version under STAMP_KEY beside TinyDB's tables. A file from a newer
version raises FutureVersionError when read and is never written; an older one is upgraded in
memory (migrations.upgrade) and saved in the current version on its next write.
"""
from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from tinydb.storages import Storage

from learnsocial.atomicfile import (TEMP_SUFFIX, backup_path, fsync_dir, sweep_temporary,
                                    write_atomic)
from learnsocial.progress.migrations import SCHEMA_VERSION, upgrade

log = logging.getLogger(__name__)
BACKUPS = 5
STAMP_KEY = "_schema"
_SCANNED_BACKUPS = 9  # backups looked for beyond the configured number (it may have been larger)


class StoreError(Exception):
    """The progress data cannot be used; the message is one line, fit to show a user."""


class FutureVersionError(StoreError):
    """A file was written by a newer LearnSocial; it is left exactly as it is."""


class StoreIOError(StoreError, OSError):
    """Reading or saving a file failed (disk full, no permission...); still an OSError."""

    def __init__(self, message: str, cause: OSError):
        OSError.__init__(self, cause.errno, cause.strerror)
        self.message = message

    def __str__(self) -> str:
        return self.message


def existing_backups(path: Path, backups: int = BACKUPS) -> list[Path]:
    """The backups of a file that exist, newest first."""
    found = []
    for number in range(1, max(backups, _SCANNED_BACKUPS) + 1):
        candidate = backup_path(path, number)
        if candidate.exists():
            found.append(candidate)
    return found


def read_json(path: Path) -> dict | None:
    """The JSON object in a file; None if there is no file. ValueError if it is damaged."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if not raw.strip():
        raise ValueError("the file is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ValueError("the file is not text") from error
    except json.JSONDecodeError as error:
        raise ValueError(f"the file is cut off or garbled at byte {error.pos}") from error
    if not isinstance(data, dict):
        raise ValueError("the file does not hold a JSON object")
    return data


def split_stamp(data: dict, path: Path) -> tuple[int, dict]:
    """(schema version, TinyDB tables) of a file's data; ValueError if the shape is wrong."""
    tables = dict(data)
    version = tables.pop(STAMP_KEY, 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError("its schema version is not a positive whole number")
    if version > SCHEMA_VERSION:
        raise FutureVersionError(
            f"{path} was written by a newer version of LearnSocial (data schema {version}; "
            f"this version reads up to {SCHEMA_VERSION}); update LearnSocial to open it")
    for name, table in tables.items():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise ValueError(f"its table {name!r} is not a set of records")
    return version, tables


def load_tables(path: Path) -> dict | None:
    """The tables of a file in the current schema; None if none. ValueError if damaged."""
    data = read_json(path)
    if data is None:
        return None
    version, tables = split_stamp(data, path)
    return upgrade(_kind(path), tables, version)


def dump_tables(path: Path, tables: dict, backups: int = BACKUPS) -> None:
    """Write TinyDB tables atomically, stamped with the current schema version."""
    payload = {**tables, STAMP_KEY: SCHEMA_VERSION}
    write_atomic(path, json.dumps(payload, ensure_ascii=False, separators=(",", ":"),
                                  allow_nan=False), backups=backups)


def _kind(path: Path) -> str:
    """Which kind of file a migration step is given, from the folder it lives in."""
    return {"summary": "summary", "learners": "learner"}.get(path.parent.name, "other")


def _aside_path(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    return aside


def recover(path: Path, damage: str, backups: int, notices: list[str]) -> dict | None:
    """Move a damaged file aside and restore its newest good backup; returns its tables.

    Call only while holding the store lock. Adds a sentence for the user to notices."""
    aside = _aside_path(path)
    os.replace(path, aside)
    fsync_dir(path.parent)
    for candidate in existing_backups(path, backups):
        try:
            tables = load_tables(candidate)
        except (ValueError, FutureVersionError):
            continue
        if tables is None:
            continue
        write_atomic(path, candidate.read_bytes().decode("utf-8"), backups=0)
        notice = (f"The progress file {path} was damaged ({damage}); it was moved aside to "
                  f"{aside.name} and its newest good backup, {candidate.name}, was restored, "
                  f"so the last changes saved to it may be missing.")
        log.warning(notice)
        notices.append(notice)
        return tables
    notice = (f"The progress file {path} was damaged ({damage}) and no good backup of it was "
              f"found; it was moved aside to {aside.name} and its records start again empty.")
    log.warning(notice)
    notices.append(notice)
    return None


class AtomicStorage(Storage):
    """A TinyDB storage on write_atomic; one instance is one transaction, ended by flush().

    Open it only while holding the store lock: it caches the file for its lifetime, and it
    recovers a damaged file from backups when it first reads it."""

    def __init__(self, path: str | Path, notices: list[str] | None = None,
                 backups: int = BACKUPS):
        self.path = Path(path)
        self.notices = notices if notices is not None else []
        self.backups = backups
        self._tables: dict | None = None
        self._loaded = False
        self._dirty = False

    def read(self) -> dict | None:
        if not self._loaded:
            self._tables = self._load()
            self._loaded = True
        return self._tables

    def _load(self) -> dict | None:
        try:
            return load_tables(self.path)
        except FutureVersionError:
            raise
        except ValueError as error:
            try:
                return recover(self.path, str(error), self.backups, self.notices)
            except OSError as failure:
                raise StoreIOError(f"cannot repair {self.path}: {failure.strerror}",
                                   failure) from failure
        except OSError as error:
            raise StoreIOError(f"cannot read {self.path}: {error.strerror}", error) from error

    def write(self, data: dict) -> None:
        self._tables = data
        self._loaded = True
        self._dirty = True

    def flush(self) -> None:
        """Save the changes of this session in one atomic replace (nothing if unchanged)."""
        if not self._dirty or self._tables is None:
            return
        try:
            dump_tables(self.path, self._tables, self.backups)
        except OSError as error:
            self._loaded = False  # the disk still holds the old state; memory does not
            raise StoreIOError(f"could not save the progress data to {self.path}: "
                               f"{error.strerror or error}", error) from error
        self._dirty = False

    def close(self) -> None:
        """Ends the session without saving; flush() saves."""
