"""The one way LearnSocial replaces a file: a crash at any moment leaves the old or the new file.

Write to a temporary file in the same folder, flush and fsync it, ``os.replace`` it over the
target, then fsync the folder so the rename itself is durable. A failure at any step removes the
temporary file and leaves the target as it was. With ``backups`` the previous version is kept as
``NAME.bak1`` (older ones move down to ``.bakN``); a failure before the replace leaves the
backups as they were. ``durable=False`` skips both fsyncs, for caches that can be rebuilt: the
file is still replaced atomically, it may just be the old one after a power cut.

``fault_hook`` lets crash tests stop a process at a named point ("replace:before",
"replace:after", "append:after" and the store's own points); it is None in normal use.
"""
from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)
TEMP_SUFFIX = ".tmp"
fault_hook: Callable[[str, str], None] | None = None


def fault(point: str, path: str | Path = "") -> None:
    """A named point where a crash test may stop the process (no-op unless a hook is set)."""
    if fault_hook is not None:
        fault_hook(point, str(path))


def backup_path(path: Path, number: int) -> Path:
    return path.with_name(f"{path.name}.bak{number}")


def fsync_dir(folder: Path) -> None:
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


def write_atomic(path: Path, data: str | bytes, backups: int = 0, durable: bool = True) -> None:
    """Replace path with data (text is written as UTF-8) so that a crash leaves old or new."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                    suffix=TEMP_SUFFIX)
    temporary, keep = Path(name), None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        if backups > 0 and path.exists():
            keep = _hold(path)
        fault("replace:before", path)
        os.replace(temporary, path)
        fault("replace:after", path)
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
    if durable:
        fsync_dir(path.parent)


def append_durable(path: Path, data: bytes, at: int) -> int:
    """Cut the file to its first ``at`` bytes (whatever an interrupted append left after them),
    append data and fsync; returns the new length. Creates the file (and makes that durable)."""
    path = Path(path)
    created = not path.exists()
    if created:
        path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
    try:
        if os.fstat(handle).st_size != at:
            os.ftruncate(handle, at)
        os.lseek(handle, at, os.SEEK_SET)
        view = memoryview(data)
        while view:
            written = os.write(handle, view)
            view = view[written:]
        os.fsync(handle)
    finally:
        os.close(handle)
    if created:
        fsync_dir(path.parent)
    fault("append:after", path)
    return at + len(data)


def _hold(path: Path) -> Path:
    """The current file under a temporary name: a hard link, or a copy where there are none."""
    keep = path.with_name(f".{path.name}.{os.urandom(6).hex()}.keep{TEMP_SUFFIX}")
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


def is_temporary(name: str) -> bool:
    """A name write_atomic uses for its temporary files."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


@contextmanager
def replacing(path: Path | str) -> Iterator[Path]:
    """A temporary path next to `path` for a writer that wants a file name (an export): when
    the block ends, it replaces path (fsynced); if the block raises, it is removed. So a failed
    export (a full disk, a bad value) never leaves a partial or empty file behind. The new file
    gets the old one's permissions, or those a new file gets (the umask)."""
    path = Path(path)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                    suffix=TEMP_SUFFIX)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o666 & ~_umask()
        os.chmod(temporary, mode)
        handle = os.open(temporary, os.O_RDWR | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
