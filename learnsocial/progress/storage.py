"""Crash-safe JSON files for TinyDB: atomic replace, rotating backups, recovery.

TinyDB's own JSONStorage rewrites a file in place, which a power cut or a full disk can leave
half-written. Here every write goes to a temporary file in the same folder, is flushed and
fsynced, and then replaces the old file in one os.replace; the folder is fsynced after. Before
the replace, the old file is kept as backup 1 (a hard link, so it costs no copy) and older
backups move down, so the last N good versions of each file exist.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from tinydb.storages import Storage

log = logging.getLogger(__name__)
BACKUPS = 3


class Unreadable(Exception):
    """A file and all its backups could not be read."""


def backup_path(path: Path, number: int) -> Path:
    return path.with_name(f"{path.name}.bak{number}")


def _fsync_dir(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. Windows, where folders cannot be opened
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def write_atomic(path: Path, text: str, backups: int = BACKUPS) -> None:
    """Replace path with text so that a crash at any moment leaves the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if backups and path.exists():
            _rotate(path, backups)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)


def _rotate(path: Path, backups: int) -> None:
    for number in range(backups - 1, 0, -1):
        older = backup_path(path, number)
        if older.exists():
            os.replace(older, backup_path(path, number + 1))
    first = backup_path(path, 1)
    try:
        os.link(path, first)
    except OSError:  # no hard links on this file system: copy instead
        first.write_bytes(path.read_bytes())


def read_json(path: Path) -> dict | None:
    """The data of a file; None if it does not exist. Raises ValueError if it is damaged."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if not raw.strip():
        raise ValueError("empty file")
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


def read_or_recover(path: Path, notices: list[str]) -> dict | None:
    """Read a file; if it is damaged, move it aside and restore the newest good backup."""
    try:
        return read_json(path)
    except (ValueError, UnicodeDecodeError) as error:
        damage = str(error)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    for number in range(1, BACKUPS + 1):
        candidate = backup_path(path, number)
        try:
            data = read_json(candidate)
        except (ValueError, UnicodeDecodeError):
            continue
        if data is None:
            continue
        write_atomic(path, json.dumps(data), backups=0)
        notice = (f"{path.name} was damaged ({damage}); it was moved to {aside.name} and "
                  f"backup {number} was restored.")
        log.warning(notice)
        notices.append(notice)
        return data
    notice = (f"{path.name} was damaged ({damage}) and no backup could be read; it was moved "
              f"to {aside.name}.")
    log.error(notice)
    notices.append(notice)
    return None


class AtomicStorage(Storage):
    """A TinyDB storage on write_atomic; damaged files are recovered from backups on read."""

    def __init__(self, path: str | Path, notices: list[str] | None = None,
                 backups: int = BACKUPS):
        self.path = Path(path)
        self.notices = notices if notices is not None else []
        self.backups = backups

    def read(self) -> dict | None:
        return read_or_recover(self.path, self.notices)

    def write(self, data: dict) -> None:
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                     self.backups)

    def close(self) -> None:
        pass
