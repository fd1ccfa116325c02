"""Saving a learner's progress in a running app: what the disk refuses is kept, in order, and
tried again; an erased learner's writes are dropped.

Every write the screens cause (LearningRecord, settings, the language) goes through one
SaveQueue. A store call that fails saves nothing (store.py: one atomic commit per call), so the
same call can simply be made again later; record_attempt and the statements keep their ids, so
nothing is counted twice. The queue never raises for a store problem: the app must never quit
on its own, and what the learner did stays in memory until the disk takes it.
"""
from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from learnsocial.i18n import _, ngettext
from learnsocial.progress.records import canonical_id
from learnsocial.progress.store import ErasedError, FutureVersionError, StoreError

log = logging.getLogger(__name__)


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

    def write(self, employee_id: str, action: Callable[[], object], what: str = "") -> bool:
        """Save now if the disk allows (after what is waiting, in order); else keep it. True
        when nothing waits any more; an erased learner's write is dropped."""
        key = canonical_id(employee_id)
        if key in self.erased:
            return False
        self.pending.append(PendingWrite(action, key, what))
        return self.retry()

    def retry(self) -> bool:
        """Try the waiting writes in order; True when nothing is left waiting."""
        while self.pending:
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
            self.pending.pop(0)
        self.problem = None
        return True

    def is_erased(self, employee_id: str) -> None:
        """HR erased this learner: what waits for them is dropped, nothing more is saved."""
        key = canonical_id(employee_id)
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
        if not self.pending:
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
