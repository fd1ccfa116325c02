"""`learnsocial admin set-passphrase` at a real (pseudo) terminal: the current passphrase first,
--reset for a forgotten or damaged one, IT's site config wins, wrong tries wait across runs."""
import json
import os

import pytest

from learnsocial.progress import passphrase
from tests.attack_world import World

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
OLD, NEW = "the old hr phrase", "the new hr phrase"


@pytest.fixture
def world(tmp_path):
    world = World(tmp_path)
    for folder in (world.data, world.home):
        folder.mkdir()
    return world


def set_passphrase(world, *answers, reset=False):
    argv = ["admin", "set-passphrase", "--data-dir", str(world.data)] + \
        (["--reset"] if reset else [])
    return world.run_at_terminal(argv, list(answers))


def record(world) -> dict:
    return json.loads((world.data / passphrase.FILE).read_text())


def test_the_first_passphrase_is_asked_twice_and_stored_at_owasps_cost(world):
    run = set_passphrase(world, NEW, NEW)
    assert run.code == 0 and "HR passphrase set." in run.err and NEW not in run.err
    assert (record(world)["n"], record(world)["r"], record(world)["p"]) == (2**17, 8, 1)
    assert passphrase.verify(world.data, NEW)


def test_changing_it_needs_the_current_one_and_a_wrong_one_waits_across_runs(world):
    passphrase.set_passphrase(world.data, OLD)
    before = record(world)
    wrong = set_passphrase(world, "a guess at it")
    assert wrong.code == 1 and "not the current HR passphrase" in wrong.err
    assert "--reset" in wrong.err and record(world) == before
    assert json.loads((world.data / passphrase.WAIT_FILE).read_text())["failures"] == 1
    waiting = set_passphrase(world)
    assert waiting.code == 1 and "too many wrong tries" in waiting.err, "the wait holds"
    (world.data / passphrase.WAIT_FILE).unlink()  # the wait is over (no clock in tests)
    changed = set_passphrase(world, OLD, NEW, NEW)
    assert changed.code == 0 and "HR passphrase set." in changed.err
    assert passphrase.verify(world.data, NEW) and not passphrase.verify(world.data, OLD)


def test_a_damaged_file_says_how_to_reset_and_reset_says_who_can(world):
    (world.data / passphrase.FILE).write_text("{ damaged")
    refused = set_passphrase(world, NEW, NEW)
    errors = [line for line in refused.err.splitlines() if line.startswith("error:")]
    assert refused.code == 1 and len(errors) == 1
    assert "admin.json" in errors[0] and "--reset" in errors[0]
    assert "Nothing else is lost" in errors[0]
    reset = set_passphrase(world, NEW, NEW, reset=True)
    assert reset.code == 0 and "anyone who can write" in reset.err
    assert passphrase.verify(world.data, NEW)


def test_a_passphrase_set_by_it_in_the_site_config_is_changed_there(world):
    world.site_config = world.root / "site.json"
    world.site_config.write_text(json.dumps(
        {"admin_passphrase_hash": passphrase.make_record(OLD)}))
    run = set_passphrase(world, NEW, NEW)
    assert run.code == 1 and str(world.site_config) in run.err and "print-hash" in run.err
    assert not (world.data / passphrase.FILE).exists()


def test_the_two_new_ones_must_match_and_be_long_enough(world):
    assert "differ" in set_passphrase(world, NEW, NEW + "!").err
    assert "at least 8" in set_passphrase(world, "short").err
    assert not (world.data / passphrase.FILE).exists()


def test_without_a_terminal_it_says_so_in_one_line(world):
    run = world.run(["admin", "set-passphrase", "--data-dir", str(world.data)])
    assert run.code == 1 and run.err.count("\n") == 1 and "terminal" in run.err
