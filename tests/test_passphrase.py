"""The HR passphrase: a salted scrypt hash at OWASP's parameters, stored with the hash and raised
on the next good try; IT's site config wins; a damaged admin.json is one clear message; the
wait after wrong tries is kept in the data folder."""
import json

import pytest

from learnsocial.progress import passphrase

FAST = {"n": 2**10, "r": 8, "p": 1}


@pytest.fixture
def fast(monkeypatch):
    """Cheap parameters for tests that are not about the parameters themselves."""
    monkeypatch.setattr(passphrase, "SCRYPT", dict(FAST))


def record_of(folder) -> dict:
    return json.loads((folder / passphrase.FILE).read_text())


def test_the_default_is_owasps_scrypt_recommendation():
    # OWASP Password Storage Cheat Sheet: scrypt with N=2^17, r=8 (1024 bytes), p=1
    assert passphrase.SCRYPT == {"n": 2**17, "r": 8, "p": 1}


def test_set_and_verify_at_the_real_cost(tmp_path):
    passphrase.set_passphrase(tmp_path, "correct horse battery")
    stored = (tmp_path / passphrase.FILE).read_text()
    assert "correct horse" not in stored
    record = json.loads(stored)
    assert record["scheme"] == "scrypt" and record["salt"] and record["hash"]
    assert (record["n"], record["r"], record["p"]) == (2**17, 8, 1), "stored with the hash"
    assert passphrase.verify(tmp_path, "correct horse battery")
    assert not passphrase.verify(tmp_path, "correct horse batterY")


def test_same_phrase_gets_a_different_salt(tmp_path, fast):
    passphrase.set_passphrase(tmp_path / "a", "same phrase!")
    passphrase.set_passphrase(tmp_path / "b", "same phrase!")
    a, b = record_of(tmp_path / "a"), record_of(tmp_path / "b")
    assert a["salt"] != b["salt"] and a["hash"] != b["hash"]


def test_too_short_is_refused(tmp_path):
    with pytest.raises(ValueError):
        passphrase.set_passphrase(tmp_path, "short")
    assert not (tmp_path / passphrase.FILE).exists()


def test_an_old_hash_still_verifies_and_is_raised_on_the_next_good_try(tmp_path, monkeypatch):
    monkeypatch.setattr(passphrase, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    passphrase.set_passphrase(tmp_path, "an older passphrase")  # as the old version stored it
    old = record_of(tmp_path)
    monkeypatch.setattr(passphrase, "SCRYPT", {"n": 2**11, "r": 8, "p": 1})  # raised later
    assert not passphrase.verify(tmp_path, "a wrong guess")
    assert record_of(tmp_path) == old, "a wrong try changes nothing"
    assert passphrase.verify(tmp_path, "an older passphrase")
    new = record_of(tmp_path)
    assert new["n"] == 2**11 and new["salt"] != old["salt"]
    assert passphrase.verify(tmp_path, "an older passphrase")


def test_the_site_config_record_wins_over_admin_json(tmp_path, fast):
    passphrase.set_passphrase(tmp_path, "the learner's own")
    site = passphrase.make_record("the one IT set")
    assert passphrase.is_set(tmp_path / "nothing-here", site)
    assert passphrase.verify(tmp_path, "the one IT set", site)
    assert not passphrase.verify(tmp_path, "the learner's own", site)


@pytest.mark.parametrize("content, reason", [
    ("{broken", "not valid JSON"),
    ('["a", "list"]', "not a passphrase record"),
    ('{"scheme": "scrypt", "n": 3, "r": 8, "p": 1, "salt": "AA==", "hash": "AA=="}',
     "parameters"),
    ('{"scheme": "scrypt", "n": 1073741824, "r": 8, "p": 1, "salt": "AA==", "hash": "AA=="}',
     "more than this version allows"),
    ('{"scheme": "scrypt", "n": 1024, "r": 8, "p": 1, "salt": "!!", "hash": "AA=="}',
     "base64"),
])
def test_a_damaged_admin_json_says_what_and_how_to_reset(tmp_path, content, reason):
    (tmp_path / passphrase.FILE).write_text(content)
    with pytest.raises(passphrase.DamagedPassphrase) as raised:
        passphrase.verify(tmp_path, "anything at all")
    message = str(raised.value)
    assert reason in message and str(tmp_path / passphrase.FILE) in message
    assert "Nothing else is lost" in message and "set-passphrase --reset" in message
    assert "\n" not in message


def test_a_folder_where_admin_json_should_be_is_damage_too(tmp_path):
    (tmp_path / passphrase.FILE).mkdir()
    with pytest.raises(passphrase.DamagedPassphrase, match="folder"):
        passphrase.is_set(tmp_path)


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


def test_the_wait_survives_a_restart_and_a_good_try_clears_it(tmp_path):
    now = [1000.0]
    first = passphrase.Throttle(tmp_path, clock=lambda: now[0])
    for _ in range(3):
        first.failed()
    restarted = passphrase.Throttle(tmp_path, clock=lambda: now[0])
    assert restarted.failures == 3 and restarted.wait_left() == 4
    now[0] += 4
    assert restarted.wait_left() == 0
    restarted.failed()
    assert passphrase.Throttle(tmp_path, clock=lambda: now[0]).wait_left() == 8
    restarted.succeeded()
    assert not (tmp_path / passphrase.WAIT_FILE).exists()
    assert passphrase.Throttle(tmp_path, clock=lambda: now[0]).wait_left() == 0


def test_a_clock_set_back_never_makes_the_wait_longer_than_a_minute(tmp_path):
    now = [10_000.0]
    throttle = passphrase.Throttle(tmp_path, clock=lambda: now[0])
    throttle.failed()
    now[0] -= 86_400  # a day back
    assert passphrase.Throttle(tmp_path, clock=lambda: now[0]).wait_left() == \
        passphrase.MAX_DELAY_S


@pytest.mark.parametrize("content", ["{broken", "[]", '{"failures": -1, "locked_until": 1}',
                                     '{"failures": 1, "locked_until": "soon"}'])
def test_a_damaged_wait_file_never_locks_hr_out(tmp_path, content):
    (tmp_path / passphrase.WAIT_FILE).write_text(content)
    throttle = passphrase.Throttle(tmp_path, clock=lambda: 5.0)
    assert throttle.wait_left() == 0 and throttle.failures == 0
