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
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

from tinydb.storages import Storage

from learnsocial.progress.migrations import SCHEMA_VERSION, upgrade

log = logging.getLogger(__name__)
BACKUPS = 5
STAMP_KEY = "_schema"
TEMP_SUFFIX = ".tmp"
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


def backup_path(path: Path, number: int) -> Path:
    return path.with_name(f"{path.name}.bak{number}")


def existing_backups(path: Path, backups: int = BACKUPS) -> list[Path]:
    """The backups of a file that exist, newest first."""
    found = []
    for number in range(1, max(backups, _SCANNED_BACKUPS) + 1):
        candidate = backup_path(path, number)
        if candidate.exists():
            found.append(candidate)
    return found


def _fsync_dir(folder: Path) -> None:
    """Make a rename in the folder durable; a no-op where folders cannot be opened (Windows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:  # some file systems refuse fsync on a folder; the rename is done anyway
        pass
    finally:
        os.close(handle)


def write_atomic(path: Path, text: str, backups: int = BACKUPS) -> None:
    """Replace path with text so that a crash at any moment leaves the old or the new file.

    With backups, the old file becomes backup 1 once the new one is in place; a write that
    fails before the replace leaves the backups as they were."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                    suffix=TEMP_SUFFIX)
    temporary, keep = Path(name), None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        if backups > 0 and path.exists():
            keep = _hold(path)
        os.replace(temporary, path)
    except BaseException:
        if keep is not None:
            if temporary.exists():  # not replaced: the backups stay as they were
                keep.unlink(missing_ok=True)
            else:  # replaced, then interrupted: the old file still becomes backup 1
                _rotate(path, keep, backups)
        temporary.unlink(missing_ok=True)
        raise
    if keep is not None:
        _rotate(path, keep, backups)
    _fsync_dir(path.parent)


def _hold(path: Path) -> Path:
    """The current file under a temporary name: a hard link, or a copy where there are none."""
    keep = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.keep{TEMP_SUFFIX}")
    try:
        os.link(path, keep)
    except OSError:  # no hard links on this file system (FAT, some shares)
        with path.open("rb") as source, keep.open("wb") as copy:
            copy.write(source.read())
            copy.flush()
            os.fsync(copy.fileno())
    return keep


def _rotate(path: Path, keep: Path, backups: int) -> None:
    """Backup n becomes n + 1 (the oldest falls off) and keep becomes backup 1.

    The new file is already saved, so a failure here costs a backup, never data: it is logged,
    not raised."""
    try:
        for number in range(backups - 1, 0, -1):
            older = backup_path(path, number)
            if older.exists():
                os.replace(older, backup_path(path, number + 1))
        os.replace(keep, backup_path(path, 1))
    except OSError as error:
        log.warning("could not keep a backup of %s: %s", path, error)
        keep.unlink(missing_ok=True)


def sweep_temporary(folder: Path) -> list[Path]:
    """Remove temporary files a killed process left; call only while holding the store lock."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return removed
    for entry in entries:
        if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX) and entry.is_file():
            Path(entry.path).unlink(missing_ok=True)
            removed.append(Path(entry.path))
    return removed


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
                                  allow_nan=False), backups)


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
    _fsync_dir(path.parent)
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
