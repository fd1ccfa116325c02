"""The HR passphrase is stored as a salted scrypt hash and failed tries slow down."""
import json

import pytest

from learnsocial.progress import passphrase


def test_set_and_verify(tmp_path):
    assert not passphrase.is_set(tmp_path)
    passphrase.set_passphrase(tmp_path, "correct horse battery")
    stored = (tmp_path / passphrase.FILE).read_text()
    assert "correct horse" not in stored
    record = json.loads(stored)
    assert record["scheme"] == "scrypt" and record["salt"] and record["hash"]
    assert passphrase.verify(tmp_path, "correct horse battery")
    assert not passphrase.verify(tmp_path, "correct horse batterY")


def test_same_phrase_gets_a_different_salt(tmp_path):
    passphrase.set_passphrase(tmp_path / "a", "same phrase!")
    passphrase.set_passphrase(tmp_path / "b", "same phrase!")
    a = json.loads((tmp_path / "a" / passphrase.FILE).read_text())
    b = json.loads((tmp_path / "b" / passphrase.FILE).read_text())
    assert a["salt"] != b["salt"] and a["hash"] != b["hash"]


def test_too_short_is_refused(tmp_path):
    with pytest.raises(ValueError):
        passphrase.set_passphrase(tmp_path, "short")


def test_corrupt_file_never_verifies(tmp_path):
    (tmp_path / passphrase.FILE).write_text("{broken")
    assert not passphrase.verify(tmp_path, "anything at all")


def test_throttle_grows_and_resets():
    now = [100.0]
    throttle = passphrase.Throttle(clock=lambda: now[0])
    assert throttle.wait_left() == 0
    delays = []
    for _ in range(8):
        throttle.failed()
        delays.append(throttle.wait_left())
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60]
    now[0] += 60
    assert throttle.wait_left() == 0
    throttle.succeeded()
    throttle.failed()
    assert throttle.wait_left() == 1
