"""The HR passphrase: stored only as a salted scrypt hash; failed tries slow the next ones.

The hash lives in ``admin.json`` in the data directory, written atomically.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from learnsocial.atomicfile import write_atomic

FILE = "admin.json"
MIN_LENGTH = 8
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MAX_DELAY_S = 60.0


def _hash(phrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(phrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)


def is_set(data_dir: Path) -> bool:
    return (data_dir / FILE).is_file()


def set_passphrase(data_dir: Path, phrase: str) -> None:
    if len(phrase) < MIN_LENGTH:
        raise ValueError(f"at least {MIN_LENGTH} characters")
    salt = secrets.token_bytes(16)
    record = {"scheme": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode(),
              "hash": base64.b64encode(_hash(phrase, salt, **SCRYPT)).decode()}
    write_atomic(data_dir / FILE, json.dumps(record))


def verify(data_dir: Path, phrase: str) -> bool:
    try:
        record = json.loads((data_dir / FILE).read_text(encoding="utf-8"))
        salt = base64.b64decode(record["salt"])
        expected = base64.b64decode(record["hash"])
        actual = _hash(phrase, salt, int(record["n"]), int(record["r"]), int(record["p"]))
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@dataclass
class Throttle:
    """After each failed try the next one must wait longer: 1, 2, 4, ... up to 60 seconds."""

    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    locked_until: float = field(default=0.0)

    def wait_left(self) -> float:
        return max(0.0, self.locked_until - self.clock())

    def failed(self) -> None:
        self.failures += 1
        self.locked_until = self.clock() + min(MAX_DELAY_S, 2.0 ** (self.failures - 1))

    def succeeded(self) -> None:
        self.failures = 0
        self.locked_until = 0.0
