"""Saving a learner's progress in a running app: what the disk refuses is kept, in order, and
tried again; an erased learner's writes are dropped.

Every write the screens cause (LearningRecord, settings, the language) goes through one
SaveQueue. A store call that fails saves nothing (store.py: one atomic commit per call), so the
same call can simply be made again later; record_attempt and the statements keep their ids, so
nothing is counted twice. The queue never raises for a store problem: the app must never quit
on its own, and what the learner did stays in memory until the disk takes it.

In the app the writes run on one saver thread (`background`), in the order they were asked
for, so no frame waits for an fsync; whoever reads the store waits for what is queued first
(`settle`), so a read always sees every write made before it. Commands and tests run them at
once, on the caller's thread.
"""
from __future__ import annotations

import errno
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from learnsocial.i18n import _, ngettext
from learnsocial.progress.records import canonical_id
from learnsocial.progress.store import ErasedError, FutureVersionError, StoreError

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class PendingWrite:
    """One store call that has not reached the disk yet, and what it holds (for the learner)."""

    write: Callable[[], object]
    employee_key: str  # whose it is (canonical id): dropped if HR erases them
    what: str  # e.g. "your test result in Hello (85 %)"; "" for small things (time, settings)


@dataclass
class SaveQueue:
    """The writes of every learner of this app run, in the order they happened."""

    pending: list[PendingWrite] = field(default_factory=list)
    erased: set[str] = field(default_factory=set)  # learners HR erased while the app ran
    problem: StoreError | None = None  # why the last try failed
    background: bool = False  # True in the app: the writes run on the saver thread
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _saver: ThreadPoolExecutor | None = field(default=None, repr=False)
    _saver_thread: threading.Thread | None = field(default=None, repr=False)
    _last: Future[Any] | None = field(default=None, repr=False)

    def write(self, employee_id: str, action: Callable[[], object], what: str = "") -> bool:
        """Save (after what is waiting, in order), or keep it for later. True when it is on
        the disk now; False when it waits (for the saver thread or the disk) or the learner was
        erased (their write is dropped)."""
        key = canonical_id(employee_id)
        with self._lock:
            if key in self.erased:
                return False
            self.pending.append(PendingWrite(action, key, what))
        return self.retry()

    def retry(self) -> bool:
        """Try the waiting writes in order (on the saver thread in the app); True when nothing
        is left waiting."""
        if not self.background or self._on_saver():
            return self._retry_here()
        self.later(self._retry_here)
        return False

    def later(self, job: Callable[[], T]) -> Future[T]:
        """Run job on the saver thread after everything queued before it (at once and here
        when not in the background)."""
        if not self.background or self._on_saver():
            done: Future[T] = Future()
            try:
                done.set_result(job())
            except Exception as error:  # handed to whoever asks the future
                done.set_exception(error)
            return done
        with self._lock:
            if self._saver is None:
                self._saver = ThreadPoolExecutor(max_workers=1,
                                                 thread_name_prefix="learnsocial-save",
                                                 initializer=self._remember_saver)
            future = self._saver.submit(job)
            self._last = future
        return future

    def settle(self) -> None:
        """Wait until what was queued so far has been tried (the saver thread keeps what the
        disk refused); at once on the saver thread itself or without one."""
        last = self._last
        if last is not None and not self._on_saver():
            try:
                last.result()
            except Exception:  # a job's own failure belongs to whoever asked for it
                pass

    def close(self) -> None:
        """Stop the saver thread once what is queued has been tried."""
        self.settle()
        with self._lock:
            saver, self._saver = self._saver, None
        if saver is not None:
            saver.shutdown(wait=True)

    def _remember_saver(self) -> None:
        self._saver_thread = threading.current_thread()

    def _on_saver(self) -> bool:
        return threading.current_thread() is self._saver_thread

    def _retry_here(self) -> bool:
        while True:
            with self._lock:
                if not self.pending:
                    self.problem = None
                    return True
                first = self.pending[0]
            try:
                first.write()
            except ErasedError:
                self.is_erased(first.employee_key)
                continue
            except StoreError as error:  # disk full, no permission, locked: kept for later
                if self.problem is None or str(self.problem) != str(error):
                    log.warning("progress not saved yet: %s", error)
                self.problem = error
                return False
            except Exception:  # a bug: it would fail every time, so it must not block the rest
                log.exception("a progress write failed and was dropped")
            with self._lock:
                if self.pending and self.pending[0] is first:
                    self.pending.pop(0)

    def is_erased(self, employee_id: str) -> None:
        """HR erased this learner: what waits for them is dropped, nothing more is saved."""
        key = canonical_id(employee_id)
        with self._lock:
            self.erased.add(key)
            self.pending = [p for p in self.pending if p.employee_key != key]

    def saved(self, employee_id: str) -> bool:
        """Nothing of this learner waits to be saved."""
        key = canonical_id(employee_id)
        return not any(p.employee_key == key for p in self.pending)

    @property
    def waiting(self) -> bool:
        return bool(self.pending)

    def lost_if_quit(self) -> list[str]:
        """What quitting now would lose, one phrase each (the small things counted as one)."""
        named = [p.what for p in self.pending if p.what]
        small = len(self.pending) - len(named)
        if small:
            named.append(ngettext("{count} smaller change (reading time, settings)",
                                  "{count} smaller changes (reading time, settings)", small)
                         .format(count=small))
        return named

    def status(self, employee_id: str | None) -> str | None:
        """One calm sentence for the screen in the learner's language (the one signed in, if
        any), or None when there is nothing to say."""
        if employee_id and canonical_id(employee_id) in self.erased:
            return erased_sentence()
        if not self.pending or self.problem is None:  # nothing refused: at most on its way
            return None
        return _("Not saved yet: {reason}. What you did is kept and saved as soon as it can "
                 "be; please do not close LearnSocial until then.").format(
                     reason=reason_of(self.problem))


def erased_sentence() -> str:
    return _("Your records were erased at HR's request, so nothing more is recorded. If HR "
             "allows it, you can start afresh: ask them under which employee ID.")


def reason_of(error: BaseException | None) -> str:
    """Why the store refused, in words for a learner (the store's message, naming the file,
    goes to the log and the command line)."""
    if isinstance(error, FutureVersionError):
        return _("a newer version of LearnSocial saved this progress; please update "
                 "LearnSocial")
    number = getattr(error, "errno", None)
    if number in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return _("the disk is full")
    message = str(error or "")
    if "locked by another" in message:
        return _("another LearnSocial is saving to the same folder")
    if message.startswith("cannot read"):
        return _("the progress folder cannot be read")
    return _("the progress folder cannot be written")
