"""The HR passphrase: a gate in front of the HR area on a shared desktop, stored only as a
salted scrypt hash.

Where it comes from (the first that exists wins):
1. the site config IT rolls out (`admin_passphrase_hash`, see learnsocial.config), which a
   learner cannot change; the caller passes it in as `site_record`;
2. ``admin.json`` in the data folder, written by `learnsocial admin set-passphrase`.
The app itself never sets one: whoever opened the HR area first would otherwise choose it.

A record names its scrypt parameters, so they can be raised later: an older record still
verifies, and admin.json is rewritten with the current parameters after the next successful
try. SCRYPT is OWASP's recommendation for scrypt (Password Storage Cheat Sheet: N=2^17, r=8,
p=1; 128 MiB and about half a second per try). A record asking for more than LIMITS is treated
as damaged: admin.json lies in the learner's data folder, and n=2^30 would make the login eat
all memory.

Wrong tries make the next one wait (1, 2, 4 ... 60 s). The wait is kept in ``admin-wait.json``
in the data folder, written atomically, so restarting the app does not clear it.

What this protects, and what not (see the README, "Threat model"): it keeps a learner at a
shared screen out of the HR area. It is no protection against someone who can read the data
folder itself (the learner's own account can: the folder is theirs).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from learnsocial.atomicfile import write_atomic
from learnsocial.i18n import _

log = logging.getLogger(__name__)
FILE = "admin.json"
WAIT_FILE = "admin-wait.json"
MIN_LENGTH = 8
SCRYPT = {"n": 2**17, "r": 8, "p": 1}  # OWASP Password Storage Cheat Sheet, scrypt minimum
LIMITS = {"n": 2**20, "r": 32, "p": 16}  # the most a record may ask for (1 GiB at r=8)
MAX_DELAY_S = 60.0
RESET_HINT = "learnsocial admin set-passphrase --reset"


class DamagedPassphrase(Exception):
    """admin.json is there but cannot be used; the message is one translated line that says
    what is lost (nothing but the passphrase) and how to set a new one."""


def _hash(phrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # scrypt needs 128 * r * n bytes; hashlib refuses more than 32 MiB unless told
    return hashlib.scrypt(phrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32,
                          maxmem=129 * r * n + 2**20)


def make_record(phrase: str) -> dict[str, Any]:
    """The record stored for a passphrase (admin.json, or the site config's value)."""
    if len(phrase) < MIN_LENGTH:
        raise ValueError(f"at least {MIN_LENGTH} characters")
    salt = secrets.token_bytes(16)
    return {"scheme": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode("ascii"),
            "hash": base64.b64encode(_hash(phrase, salt, **SCRYPT)).decode("ascii")}


def record_problem(record: object) -> str | None:
    """What is wrong with a stored record (translated), or None if it can be used."""
    if not isinstance(record, dict) or record.get("scheme") != "scrypt":
        return _("it is not a passphrase record (scheme scrypt, n, r, p, salt, hash)")
    values = [record.get(name) for name in ("n", "r", "p")]
    cost = [c for c in values if isinstance(c, int) and not isinstance(c, bool) and c > 0]
    if len(cost) != 3 or cost[0] < 2 or cost[0] & (cost[0] - 1):
        return _("its scrypt parameters n, r and p are not valid")
    if any(c > LIMITS[name] for c, name in zip(cost, ("n", "r", "p"))):
        return _("its scrypt parameters ask for more than this version allows")
    try:
        salt = base64.b64decode(record.get("salt", ""), validate=True)
        digest = base64.b64decode(record.get("hash", ""), validate=True)
    except (TypeError, ValueError, binascii.Error):
        return _("its salt or hash is not base64")
    if not salt or len(digest) != 32:
        return _("its salt or hash has the wrong length")
    return None


def read_record(data_dir: Path) -> dict[str, Any] | None:
    """The record in admin.json; None when there is none. DamagedPassphrase when the file is
    there but unreadable, garbled or of the wrong shape."""
    path = Path(data_dir) / FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    except OSError as error:
        reason = _("a folder is where a file should be") if isinstance(error, IsADirectoryError) \
            else (error.strerror or str(error))
        raise _damaged(path, reason) from None
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _damaged(path, _("it is not valid JSON")) from None
    problem = record_problem(record)
    if problem:
        raise _damaged(path, problem)
    return record


def _damaged(path: Path, reason: str) -> DamagedPassphrase:
    return DamagedPassphrase(_(
        "The HR passphrase file {path} cannot be used ({reason}). Nothing else is lost: it "
        "holds only the passphrase. Set a new one with '{command}'.").format(
            path=path, reason=reason, command=RESET_HINT))


def is_set(data_dir: Path, site_record: dict | None = None) -> bool:
    """Whether a passphrase guards the HR area (DamagedPassphrase if admin.json is damaged and
    the site config sets none)."""
    return site_record is not None or read_record(data_dir) is not None


def set_passphrase(data_dir: Path, phrase: str) -> None:
    """Write admin.json (atomically); ValueError if the phrase is too short."""
    write_atomic(Path(data_dir) / FILE, json.dumps(make_record(phrase)))


def matches(record: dict[str, Any], phrase: str) -> bool:
    """Whether phrase is the passphrase of a (checked) record; constant-time comparison."""
    salt = base64.b64decode(record["salt"])
    expected = base64.b64decode(record["hash"])
    actual = _hash(phrase, salt, int(record["n"]), int(record["r"]), int(record["p"]))
    return hmac.compare_digest(actual, expected)


def outdated(record: dict[str, Any]) -> bool:
    """A record hashed with weaker parameters than SCRYPT (raised on the next good try)."""
    return any(int(record[name]) < value for name, value in SCRYPT.items())


def verify(data_dir: Path, phrase: str, site_record: dict | None = None) -> bool:
    """Whether phrase opens the HR area. The site config's record wins over admin.json; an
    admin.json hashed with older parameters is rewritten with SCRYPT after a good try.
    DamagedPassphrase when only a damaged admin.json could say."""
    if site_record is not None:
        return record_problem(site_record) is None and matches(site_record, phrase)
    record = read_record(data_dir)
    if record is None or not matches(record, phrase):
        return False
    if outdated(record):
        try:
            set_passphrase(data_dir, phrase)
        except OSError as error:  # verified all the same; upgraded on a later try
            log.warning("could not raise the passphrase's scrypt parameters: %s", error)
    return True


@dataclass
class Throttle:
    """After each wrong try the next must wait longer: 1, 2, 4, ... up to 60 seconds.

    With a data folder the state is kept in admin-wait.json there (wall-clock time, so it
    survives a restart); a wait is never longer than MAX_DELAY_S, even if the clock was set
    back. Without one (or where the folder cannot be written) it lives in memory."""

    data_dir: Path | None = None
    clock: Callable[[], float] = time.time
    failures: int = 0
    locked_until: float = field(default=0.0)

    def __post_init__(self) -> None:
        if self.data_dir is not None:
            self._load()

    @property
    def path(self) -> Path | None:
        return Path(self.data_dir) / WAIT_FILE if self.data_dir is not None else None

    def _load(self) -> None:
        assert self.path is not None
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
            failures, until = state["failures"], state["locked_until"]
            if not isinstance(failures, int) or not isinstance(until, (int, float)) \
                    or not math.isfinite(until) or failures < 0:
                raise ValueError("wrong shape")
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
            # the file only slows guessing down; a damaged one must never lock HR out
            log.warning("ignoring the damaged wait file %s: %s", self.path, error)
            return
        self.failures, self.locked_until = failures, float(until)

    def _save(self) -> None:
        if self.path is None:
            return
        try:
            if self.failures:
                write_atomic(self.path, json.dumps({"failures": self.failures,
                                                    "locked_until": self.locked_until}))
            else:
                self.path.unlink(missing_ok=True)
        except OSError as error:  # a read-only folder: the wait holds while the app runs
            log.warning("could not keep the wait after wrong tries in %s: %s", self.path,
                        error)

    def wait_left(self) -> float:
        return min(MAX_DELAY_S, max(0.0, self.locked_until - self.clock()))

    def failed(self) -> None:
        self.failures += 1
        self.locked_until = self.clock() + min(MAX_DELAY_S, 2.0 ** (self.failures - 1))
        self._save()

    def succeeded(self) -> None:
        self.failures = 0
        self.locked_until = 0.0
        self._save()
