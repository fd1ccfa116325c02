"""Where the store's bytes live: a folder on disk or memory, behind one small interface.

`Files` is the seam (in the spirit of TinyDB's Storage and MemoryStorage): the store names its
files with relative paths ("people/3f/e-1@7.json.gz") and calls read, write (an atomic replace),
append, list and remove. `FolderFiles` does this on disk with learnsocial.atomicfile (temporary
file, fsync, os.replace, fsync of the folder) and a file lock; `MemoryFiles` keeps bytes in a
dict (no fsync, no files) so tests can run the real ProgressStore in memory. A read-only
FolderFiles takes no lock and refuses every write.

The codec turns TinyDB tables into bytes and back: JSON stamped with its schema version under
STAMP_KEY, gzip-compressed for learner files. A file from a newer version raises
FutureVersionError and is never written; damage raises ValueError with a short description that
the store turns into a repair or a one-line StoreError.
"""
from __future__ import annotations

import errno
import gzip
import json
import logging
import os
import shutil
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from tinydb.storages import Storage

try:
    import fcntl
except ImportError:  # Windows: filelock takes the lock there
    fcntl = None  # type: ignore[assignment]

from learnsocial.atomicfile import TEMP_SUFFIX, append_durable, fault, is_temporary, write_atomic
from learnsocial.progress.migrations import SCHEMA_VERSION, upgrade

__all__ = ["StoreError", "FutureVersionError", "StoreIOError", "ErasedError", "Files",
           "FolderFiles", "MemoryFiles", "TablesStorage", "encode", "decode", "STAMP_KEY",
           "TEMP_SUFFIX", "fault"]

log = logging.getLogger(__name__)
STAMP_KEY = "_schema"
LOCK_TIMEOUT_S = 30.0
GZIP_MAGIC = b"\x1f\x8b"


class StoreError(Exception):
    """The progress data cannot be used; the message is one line, fit to show a user."""


class FutureVersionError(StoreError):
    """A file was written by a newer LearnSocial; it is left exactly as it is."""


class ErasedError(StoreError):
    """The employee was erased; nothing is saved for them again."""


class StoreIOError(StoreError, OSError):
    """Reading or saving a file failed (disk full, no permission...); still an OSError."""

    def __init__(self, message: str, cause: OSError):
        OSError.__init__(self, cause.errno, cause.strerror)
        self.message = message

    def __str__(self) -> str:
        return self.message


# -- codec ---------------------------------------------------------------------------------

def encode(tables: dict, compress: bool = False, level: int = 1) -> bytes:
    """Tables as stamped JSON (UTF-8), gzip-compressed if asked."""
    # check_circular off: tables are trees of plain values (a third faster on HR's index)
    payload = json.dumps({**tables, STAMP_KEY: SCHEMA_VERSION}, ensure_ascii=False,
                         separators=(",", ":"), allow_nan=False,
                         check_circular=False).encode("utf-8")
    return gzip.compress(payload, compresslevel=level, mtime=0) if compress else payload


def decode(raw: bytes, label: str, kind: str = "other") -> dict:
    """The tables in a file's bytes, upgraded to this schema version.

    ValueError (a short description) if the bytes are damaged or of the wrong shape;
    FutureVersionError if a newer LearnSocial wrote them. label names the file in messages."""
    data = parse_json(raw)
    tables = dict(data)
    version = tables.pop(STAMP_KEY, 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError("its schema version is not a positive whole number")
    if version > SCHEMA_VERSION:
        raise FutureVersionError(
            f"{label} was written by a newer version of LearnSocial (data schema {version}; "
            f"this version reads up to {SCHEMA_VERSION}); update LearnSocial to open it")
    for name, table in tables.items():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise ValueError(f"its table {name!r} is not a set of records")
    try:
        return upgrade(kind, tables, version)
    except LookupError as error:
        raise ValueError(f"it is in schema {version}, which this version cannot upgrade "
                         f"({error})") from error


def parse_json(raw: bytes) -> dict:
    """The JSON object in raw bytes (gunzipped first if compressed); ValueError if damaged."""
    if raw[:2] == GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as error:
            raise ValueError("its compressed data is cut off or garbled") from error
    if not raw.strip():
        raise ValueError("the file is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ValueError("the file is not text") from error
    except json.JSONDecodeError as error:
        raise ValueError(f"the file is cut off or garbled at byte {error.pos}") from error
    except RecursionError as error:
        raise ValueError("the file is nested too deeply") from error
    if not isinstance(data, dict):
        raise ValueError("the file does not hold a JSON object")
    return data


def gunzip_members(raw: bytes) -> tuple[bytes, int]:
    """The data of the whole gzip members at the start of raw, and how many bytes they take
    (a damaged member and everything after it are left out)."""
    out, used = [], 0
    while used < len(raw):
        reader = zlib.decompressobj(wbits=31)
        try:
            data = reader.decompress(raw[used:]) + reader.flush()
        except zlib.error:
            break
        if not reader.eof:
            break
        out.append(data)
        used = len(raw) - len(reader.unused_data)
    return b"".join(out), used


# -- files ---------------------------------------------------------------------------------

class Files:
    """Relative paths ("people/3f/e-1@7.json.gz") to bytes; see FolderFiles and MemoryFiles."""

    read_only = False
    durable = True

    def where(self, rel: str = "") -> str:
        """How to name a file in a message."""
        raise NotImplementedError

    def read(self, rel: str) -> bytes | None:
        """The bytes of a file; None if there is none."""
        raise NotImplementedError

    def write(self, rel: str, data: bytes, durable: bool = True) -> None:
        """Replace a file atomically (folders are made as needed)."""
        raise NotImplementedError

    def append(self, rel: str, data: bytes, at: int) -> int:
        """Cut a file to `at` bytes, append data durably; returns the new length."""
        raise NotImplementedError

    def listdir(self, rel: str) -> list[str]:
        """Names in a folder ([] if there is none)."""
        raise NotImplementedError

    def exists(self, rel: str) -> bool:
        raise NotImplementedError

    def is_dir(self, rel: str) -> bool:
        raise NotImplementedError

    def remove(self, rel: str) -> None:
        """Delete a file if it is there."""
        raise NotImplementedError

    def remove_tree(self, rel: str) -> None:
        """Delete a folder and everything in it, if it is there."""
        raise NotImplementedError

    def rename(self, source: str, target: str) -> None:
        """Move a file durably (the target is replaced)."""
        raise NotImplementedError

    def lock(self) -> AbstractContextManager[None]:
        """A context manager held around every change (and reads that may repair)."""
        raise NotImplementedError


class FolderFiles(Files):
    def __init__(self, root: Path, read_only: bool = False,
                 lock_timeout: float = LOCK_TIMEOUT_S):
        self.root = Path(root)
        self.read_only = read_only
        self.lock_timeout = lock_timeout
        self._lock = None if read_only else FolderLock(self.root / "store.lock")

    def path(self, rel: str) -> Path:
        return self.root.joinpath(*rel.split("/")) if rel else self.root

    def where(self, rel: str = "") -> str:
        return str(self.path(rel))

    def _refuse_write(self, rel: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.root} is opened read-only; {rel} was not written")

    def _io_error(self, verb: str, rel: str, error: OSError) -> StoreError:
        if isinstance(error, IsADirectoryError):
            return StoreError(f"{self.where(rel)} is a folder where a file should be")
        if isinstance(error, NotADirectoryError):
            return StoreError(f"{self.where(rel)}: a file is in the way where a folder "
                              "should be")
        return StoreIOError(f"cannot {verb} {self.where(rel)}: {error.strerror or error}",
                            error)

    def read(self, rel: str) -> bytes | None:
        try:
            return self.path(rel).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            if error.errno == errno.ENOTDIR:
                return None  # a parent is a file: there is no such file either
            raise self._io_error("read", rel, error) from error

    def write(self, rel: str, data: bytes, durable: bool = True) -> None:
        self._refuse_write(rel)
        try:
            write_atomic(self.path(rel), data, durable=durable)
        except OSError as error:
            raise self._io_error("save", rel, error) from error

    def append(self, rel: str, data: bytes, at: int) -> int:
        self._refuse_write(rel)
        try:
            return append_durable(self.path(rel), data, at)
        except OSError as error:
            raise self._io_error("save", rel, error) from error

    def listdir(self, rel: str) -> list[str]:
        try:
            return os.listdir(self.path(rel))
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as error:
            raise self._io_error("read the folder", rel, error) from error

    def exists(self, rel: str) -> bool:
        return self.path(rel).exists()

    def is_dir(self, rel: str) -> bool:
        return self.path(rel).is_dir()

    def remove(self, rel: str) -> None:
        self._refuse_write(rel)
        try:
            self.path(rel).unlink(missing_ok=True)
        except OSError as error:
            raise self._io_error("delete", rel, error) from error

    def remove_tree(self, rel: str) -> None:
        self._refuse_write(rel)
        target = self.path(rel)
        if target.is_dir():
            shutil.rmtree(target, ignore_errors=False)
        elif target.exists():
            target.unlink()

    def rename(self, source: str, target: str) -> None:
        self._refuse_write(target)
        from learnsocial.atomicfile import fsync_dir

        try:
            self.path(target).parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.path(source), self.path(target))
        except OSError as error:
            raise self._io_error("move", source, error) from error
        fsync_dir(self.path(target).parent)

    @contextmanager
    def lock(self) -> Iterator[None]:
        if self._lock is None:
            yield
            return
        try:
            taken = self._lock.acquire(self.lock_timeout)
        except OSError as error:
            raise StoreIOError(f"cannot lock the progress data in {self.root}: "
                               f"{error.strerror or error}", error) from error
        if not taken:
            raise StoreError(f"the progress data in {self.root} is locked by another "
                             f"LearnSocial for more than {self.lock_timeout:.0f} s")
        try:
            yield
        finally:
            self._lock.release()


class FolderLock:
    """The lock of one data folder: exclusive between processes (flock on the lock file, or
    filelock where there is no flock) and between threads, and re-entrant in a thread.

    filelock alone costs ~0.2 ms a lock and release (its fork tracking), a fifth of a save;
    flock costs microseconds."""

    def __init__(self, path: Path):
        self.path = path
        self._threads = threading.RLock()
        self._depth = 0
        self._handle: int | None = None
        self._other = None

    def acquire(self, timeout: float) -> bool:
        """True once held; False after timeout seconds (OSError if the file cannot be made)."""
        if not self._threads.acquire(timeout=timeout):
            return False
        if self._depth == 0:
            try:
                taken = self._take(timeout)
            except BaseException:
                self._threads.release()
                raise
            if not taken:
                self._threads.release()
                return False
        self._depth += 1
        return True

    def _take(self, timeout: float) -> bool:
        if fcntl is None:
            from filelock import FileLock, Timeout

            self._other = self._other or FileLock(str(self.path))
            try:
                self._other.acquire(timeout=timeout, poll_interval=0.002)
            except Timeout:
                return False
            return True
        handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._handle = handle
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(handle)
                    return False
                time.sleep(0.001)
            except BaseException:
                os.close(handle)
                raise

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            if self._handle is not None:
                os.close(self._handle)  # closing the file releases the flock
                self._handle = None
            elif self._other is not None:
                self._other.release()
        self._threads.release()


class MemoryFiles(Files):
    """Files in a dict: the store's behaviour without disk, fsync or a lock file."""

    durable = False

    def __init__(self) -> None:
        self.folders: dict[str, dict[str, bytes]] = {}
        self._lock = threading.RLock()

    @staticmethod
    def _split(rel: str) -> tuple[str, str]:
        folder, _sep, name = rel.rpartition("/")
        return folder, name

    def where(self, rel: str = "") -> str:
        return f"memory:{rel}"

    def read(self, rel: str) -> bytes | None:
        folder, name = self._split(rel)
        return self.folders.get(folder, {}).get(name)

    def write(self, rel: str, data: bytes, durable: bool = True) -> None:
        folder, name = self._split(rel)
        fault("replace:before", rel)
        self.folders.setdefault(folder, {})[name] = bytes(data)
        fault("replace:after", rel)

    def append(self, rel: str, data: bytes, at: int) -> int:
        folder, name = self._split(rel)
        files = self.folders.setdefault(folder, {})
        files[name] = files.get(name, b"")[:at] + bytes(data)
        fault("append:after", rel)
        return len(files[name])

    def listdir(self, rel: str) -> list[str]:
        names = list(self.folders.get(rel, {}))
        prefix = rel + "/" if rel else ""
        names += sorted({f[len(prefix):].split("/")[0] for f in self.folders
                         if f.startswith(prefix) and f != rel and f[len(prefix):]})
        return names

    def exists(self, rel: str) -> bool:
        return self.read(rel) is not None or self.is_dir(rel)

    def is_dir(self, rel: str) -> bool:
        return any(f == rel or f.startswith(rel + "/") for f in self.folders)

    def remove(self, rel: str) -> None:
        folder, name = self._split(rel)
        self.folders.get(folder, {}).pop(name, None)

    def remove_tree(self, rel: str) -> None:
        for folder in [f for f in self.folders if f == rel or f.startswith(rel + "/")]:
            del self.folders[folder]
        self.remove(rel)

    def rename(self, source: str, target: str) -> None:
        data = self.read(source)
        if data is None:
            raise StoreError(f"{self.where(source)} is missing")
        self.remove(source)
        self.write(target, data)

    def lock(self):
        return self._lock


class TablesStorage(Storage):
    """TinyDB storage on tables already in memory: the store loads and saves them itself, so a
    whole operation (several table changes) reaches the disk in one atomic write."""

    def __init__(self, tables: dict):
        self.tables = tables

    def read(self) -> dict:
        return self.tables

    def write(self, data: dict) -> None:
        if data is not self.tables:
            self.tables.clear()
            self.tables.update(data)


def no_lock():
    return nullcontext()


def is_leftover(name: str) -> bool:
    """A temporary file of an interrupted write (safe to delete while holding the lock)."""
    return is_temporary(name)
