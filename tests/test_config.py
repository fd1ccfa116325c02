"""Organisation settings: the user's config.json, the environment, and a site config that
locks what it sets; a bad site config stops the app with one line."""
import json
import re

import pytest

from learnsocial.cli import main
from learnsocial.config import (
    SITE_ENV,
    Config,
    ConfigError,
    load_config,
    load_site_config,
    site_config_path,
)
from learnsocial.progress import passphrase
from learnsocial.progress.xapi import DEFAULT_BASE, DEFAULT_HOME_PAGE

SITE = {
    "xapi": {"activity_base": "https://learning.example.com/xapi",
             "home_page": "https://hr.example.com"},
    "lrs": {"url": "https://lrs.example.com/xAPI", "user": "learnsocial", "every_s": 300},
    "roster_only": True,
    "due_days": 30,
}
USER = {
    "xapi": {"activity_base": "https://user.example/xapi", "home_page": "https://user.example"},
    "lrs": {"url": "https://user-lrs.example/xAPI", "user": "me", "every_s": 5},
    "roster_only": False,
    "due_days": 7,
}
ENV = {"LEARNSOCIAL_XAPI_BASE": "https://env.example/xapi",
       "LEARNSOCIAL_XAPI_HOMEPAGE": "https://env.example",
       "LEARNSOCIAL_LRS_URL": "https://env-lrs.example/xAPI", "LEARNSOCIAL_LRS_USER": "env-user"}


@pytest.fixture(autouse=True)
def no_outside_config(monkeypatch, tmp_path):
    """No variable of the machine running the tests, and no real /etc/xdg site config."""
    for name in (SITE_ENV, *ENV, "LEARNSOCIAL_LRS_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "xdg"))


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def site(tmp_path, monkeypatch):
    """Write a site config and point LEARNSOCIAL_SITE_CONFIG at it."""
    def make(data):
        path = write(tmp_path / "site" / "config.json", data)
        monkeypatch.setenv(SITE_ENV, str(path))
        return path
    return make


def test_nothing_configured_gives_the_defaults(data_dir):
    config = load_config(data_dir)
    assert config == Config(site_file=None)
    assert config.xapi.activity_base == DEFAULT_BASE
    assert config.xapi.home_page == DEFAULT_HOME_PAGE
    assert (config.roster_only, config.due_days, config.admin_passphrase_hash) == (False, None,
                                                                                   None)
    assert config.managed == frozenset()


def test_the_users_file_then_the_environment(data_dir, monkeypatch):
    write(data_dir / "config.json", USER)
    config = load_config(data_dir)
    assert config.xapi.activity_base == "https://user.example/xapi"
    assert (config.lrs_url, config.lrs_user, config.sync_every_s) == (
        "https://user-lrs.example/xAPI", "me", 5.0)
    assert (config.roster_only, config.due_days) == (False, 7)
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    config = load_config(data_dir)
    assert config.xapi.activity_base == "https://env.example/xapi"
    assert config.xapi.home_page == "https://env.example"
    assert (config.lrs_url, config.lrs_user) == ("https://env-lrs.example/xAPI", "env-user")
    assert config.managed == frozenset()


def test_keys_the_site_sets_are_locked_against_file_and_environment(data_dir, site,
                                                                    monkeypatch):
    path = site(SITE)
    write(data_dir / "config.json", USER)
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    config = load_config(data_dir)
    assert config.xapi.activity_base == "https://learning.example.com/xapi"
    assert config.xapi.home_page == "https://hr.example.com"
    assert (config.lrs_url, config.lrs_user, config.sync_every_s) == (
        "https://lrs.example.com/xAPI", "learnsocial", 300.0)
    assert (config.roster_only, config.due_days) == (True, 30)
    assert config.managed == {"xapi.activity_base", "xapi.home_page", "lrs.url", "lrs.user",
                              "lrs.every_s", "roster_only", "due_days"}
    assert config.is_managed("roster_only") and not config.is_managed("admin_passphrase_hash")
    assert config.site_file == path


def test_keys_the_site_leaves_out_stay_the_users(data_dir, site, monkeypatch):
    site({"lrs": {"url": "https://lrs.example.com/xAPI"}, "due_days": None})
    write(data_dir / "config.json", USER)
    monkeypatch.setenv("LEARNSOCIAL_LRS_USER", "env-user")
    config = load_config(data_dir)
    assert config.lrs_url == "https://lrs.example.com/xAPI"
    assert config.lrs_user == "env-user"
    assert config.xapi.activity_base == "https://user.example/xapi"
    assert config.due_days is None, "null in the site config means: no due date, locked"
    assert config.managed == {"lrs.url", "due_days"}


def test_the_platform_site_config_dir_is_read_without_the_variable(data_dir, tmp_path):
    assert site_config_path() == tmp_path / "xdg" / "LearnSocial" / "config.json"
    write(site_config_path(), {"roster_only": True})
    config = load_config(data_dir)
    assert config.roster_only and config.managed == {"roster_only"}


def test_the_hr_passphrase_hash_comes_from_the_site(data_dir, site, tmp_path):
    passphrase.set_passphrase(tmp_path / "hr", "correct horse battery")
    record = json.loads((tmp_path / "hr" / passphrase.FILE).read_text())
    site({"admin_passphrase_hash": record})
    config = load_config(data_dir)
    assert config.admin_passphrase_hash == record
    assert config.is_managed("admin_passphrase_hash")
    # a user's config.json cannot bring its own hash
    site({})
    write(data_dir / "config.json", {"admin_passphrase_hash": record})
    assert load_config(data_dir).admin_passphrase_hash is None


@pytest.mark.parametrize("data, key", [
    ({"due_days": "30"}, "due_days"),
    ({"due_days": 0}, "due_days"),
    ({"due_days": True}, "due_days"),
    ({"roster_only": "yes"}, "roster_only"),
    ({"xapi": {"home_page": "hr.example.com"}}, "xapi.home_page"),
    ({"xapi": {"activity_base": ""}}, "xapi.activity_base"),
    ({"lrs": {"url": "ftp://lrs.example.com"}}, "lrs.url"),
    ({"lrs": {"user": "  "}}, "lrs.user"),
    ({"lrs": {"every_s": 0.5}}, "lrs.every_s"),
    ({"lrs": "https://lrs.example.com"}, "lrs"),
    ({"roster-only": True}, "roster-only"),
    ({"lrs": {"password": "secret"}}, "lrs.password"),
    ({"admin_passphrase_hash": "scrypt$abc"}, "admin_passphrase_hash"),
    ({"admin_passphrase_hash": {"scheme": "scrypt", "n": 16384, "r": 8, "p": 1,
                                "salt": "not base64!", "hash": "AAAA"}},
     "admin_passphrase_hash"),
])
def test_a_bad_key_names_the_file_and_the_key(data_dir, site, data, key):
    path = site(data)
    with pytest.raises(ConfigError) as error:
        load_config(data_dir)
    message = str(error.value)
    assert str(path) in message and f"'{key}'" in message
    assert "\n" not in message


@pytest.mark.parametrize("text, words", [
    ('{"roster_only": true,,}', "not valid JSON (line 1"),
    ("[1, 2]", "JSON object"),
    (b"\xff\xfe\x00bad", "cannot read"),
])
def test_a_broken_site_file_is_one_line(data_dir, tmp_path, monkeypatch, text, words):
    path = tmp_path / "site.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    monkeypatch.setenv(SITE_ENV, str(path))
    with pytest.raises(ConfigError, match=re.escape(words)):
        load_site_config()


def test_a_named_site_file_that_is_missing_is_an_error(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(SITE_ENV, str(tmp_path / "nowhere.json"))
    with pytest.raises(ConfigError, match="nowhere.json"):
        load_config(data_dir)


def test_a_broken_users_file_is_ignored_as_before(data_dir):
    write(data_dir / "config.json", '{"lrs": ')
    assert load_config(data_dir) == Config()
    write(data_dir / "config.json", {"due_days": "soon", "lrs": {"url": "https://x.example"}})
    config = load_config(data_dir)
    assert config.due_days is None and config.lrs_url == "https://x.example"


def test_the_app_refuses_to_start_on_a_bad_site_config(site, tmp_path, capsys):
    path = site({"due_days": -3})
    shots = tmp_path / "shots"
    code = main(["demo", "--screenshots", str(shots), "--data-dir", str(tmp_path / "d")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(path) in err and "'due_days'" in err
    assert not shots.exists(), "nothing ran"
    assert main(["employees", "list", "--data-dir", str(tmp_path / "d")]) == 1
    assert main(["validate"]) == 0, "author tools do not depend on the organisation's config"


def test_the_error_is_translated(site, tmp_path, capsys):
    site({"roster_only": 1})
    assert main(["employees", "list", "--lang", "de", "--data-dir", str(tmp_path)]) == 1
    assert "muss true oder false sein" in capsys.readouterr().err


def test_the_config_module_needs_no_pygame():
    """The command line reads it without a display."""
    import subprocess
    import sys

    code = ("import sys, learnsocial.config\n"
            "print(','.join(m for m in sys.modules if m.split('.')[0] == 'pygame'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
