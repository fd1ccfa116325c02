"""Organisation settings: xAPI identifiers, an LRS for background sync, the HR passphrase,
whether only listed employees may sign in, and a due date for the course.

Three sources, read in this order, each overriding the one before:

1. ``config.json`` in the data directory (the user's; problems in it are ignored, as before);
2. the environment: LEARNSOCIAL_XAPI_BASE, LEARNSOCIAL_XAPI_HOMEPAGE, LEARNSOCIAL_LRS_URL,
   LEARNSOCIAL_LRS_USER (and LEARNSOCIAL_LRS_PASSWORD, which is never stored in a file);
3. the site config IT rolls out: the file named by LEARNSOCIAL_SITE_CONFIG, else
   ``config.json`` in the platform's site config directory (/etc/xdg/LearnSocial on Linux,
   C:\\ProgramData\\LearnSocial on Windows, /Library/Application Support/LearnSocial on macOS).

Every key the site config sets is *managed*: it wins over the other two, and the settings
screen shows it as managed (``Config.managed``). A site config that cannot be read or has a bad
key raises ConfigError, one line naming the file and the key: a desktop must not quietly run
unmanaged because of a typo.
"""
from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from learnsocial.errors import UserError
from learnsocial.i18n import _
from learnsocial.progress.xapi import DEFAULT_BASE, DEFAULT_HOME_PAGE, XapiConfig

FILE = "config.json"
SITE_ENV = "LEARNSOCIAL_SITE_CONFIG"
APP_NAME = "LearnSocial"

# The keys a config file may set, by their dotted names (also the names in Config.managed).
XAPI_BASE, XAPI_HOME_PAGE = "xapi.activity_base", "xapi.home_page"
LRS_URL, LRS_USER, LRS_EVERY_S = "lrs.url", "lrs.user", "lrs.every_s"
ADMIN_HASH, ROSTER_ONLY, DUE_DAYS = "admin_passphrase_hash", "roster_only", "due_days"
# Environment variables and the key each one sets.
ENVIRONMENT = {"LEARNSOCIAL_XAPI_BASE": XAPI_BASE, "LEARNSOCIAL_XAPI_HOMEPAGE": XAPI_HOME_PAGE,
               "LEARNSOCIAL_LRS_URL": LRS_URL, "LEARNSOCIAL_LRS_USER": LRS_USER}


class ConfigError(UserError):
    """The site config cannot be used: the app refuses to start (one line for the user)."""


@dataclass(frozen=True)
class Config:
    xapi: XapiConfig = XapiConfig()
    lrs_url: str = ""
    lrs_user: str = ""
    sync_every_s: float = 60.0
    # The HR passphrase as learnsocial.progress.passphrase writes it to admin.json
    # ({"scheme": "scrypt", "n", "r", "p", "salt", "hash"}); None: admin.json decides.
    admin_passphrase_hash: dict[str, Any] | None = None
    roster_only: bool = False  # only employees already in the store may sign in
    due_days: int | None = None  # days after the first sign-in the course is due; None: no date
    managed: frozenset[str] = frozenset()  # dotted keys set by the site config: locked
    site_file: Path | None = None  # the site config that was read, if any

    @property
    def lrs_password(self) -> str:
        return os.environ.get("LEARNSOCIAL_LRS_PASSWORD", "")

    @property
    def background_sync(self) -> bool:
        return bool(self.lrs_url and self.lrs_user and self.lrs_password)

    def is_managed(self, key: str) -> bool:
        """Whether IT set this key (a dotted name such as 'lrs.url' or 'roster_only')."""
        return key in self.managed


def site_config_path() -> Path:
    """LEARNSOCIAL_SITE_CONFIG, else config.json in the platform's site config directory."""
    chosen = os.environ.get(SITE_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import site_config_dir

    return Path(site_config_dir(APP_NAME, appauthor=False)) / FILE


def load_site_config() -> tuple[dict[str, Any], Path | None]:
    """The keys the site config sets (dotted names -> checked values) and its path; no file
    at the default place means an unmanaged desktop. Raises ConfigError for a bad file, and
    for a missing one that LEARNSOCIAL_SITE_CONFIG names."""
    path = site_config_path()
    if not path.exists() and not os.environ.get(SITE_ENV):
        return {}, None
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad may save with a byte-order mark
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(_("{path}: cannot read the site config ({reason})").format(
            path=path, reason=getattr(error, "strerror", None) or error)) from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ConfigError(_("{path}: not valid JSON (line {line}, column {column})").format(
            path=path, line=getattr(error, "lineno", "?"),
            column=getattr(error, "colno", "?"))) from error
    if not isinstance(data, dict):
        raise ConfigError(_("{path}: the site config must be a JSON object {{...}}").format(
            path=path))
    values: dict[str, Any] = {}
    for key, value in _flatten(data, path).items():
        check = CHECKS.get(key)
        if check is None:
            raise ConfigError(_unknown(path, key))
        problem = check(value)
        if problem:
            raise ConfigError(_("{path}: '{key}' {problem}").format(path=path, key=key,
                                                                     problem=problem))
        values[key] = value
    return values, path


def load_config(data_dir: Path) -> Config:
    """The organisation's settings for this desktop; raises ConfigError for a bad site
    config."""
    site, site_path = load_site_config()
    values = _user_config(data_dir / FILE)
    for variable, key in ENVIRONMENT.items():
        if os.environ.get(variable):
            values[key] = os.environ[variable]
    values.update(site)
    get = values.get
    return Config(
        XapiConfig(activity_base=get(XAPI_BASE) or DEFAULT_BASE,
                   home_page=get(XAPI_HOME_PAGE) or DEFAULT_HOME_PAGE),
        lrs_url=get(LRS_URL) or "", lrs_user=get(LRS_USER) or "",
        sync_every_s=max(1.0, float(get(LRS_EVERY_S, 60.0))),
        admin_passphrase_hash=get(ADMIN_HASH), roster_only=bool(get(ROSTER_ONLY, False)),
        due_days=get(DUE_DAYS), managed=frozenset(site), site_file=site_path)


def _user_config(path: Path) -> dict[str, Any]:
    """The user's config.json, leniently: a key that is missing or wrong is left at its
    default, as before there was a site config. The HR passphrase lives in admin.json there."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    try:
        flat = _flatten(data, path)
    except ConfigError:
        return {}
    return {key: value for key, value in flat.items()
            if key in CHECKS and key != ADMIN_HASH and not CHECKS[key](value)}


def _flatten(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """{"xapi": {"home_page": x}, "roster_only": y} -> {"xapi.home_page": x, "roster_only": y}."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key in SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(_("{path}: '{key}' must be a JSON object {{...}}").format(
                    path=path, key=key))
            flat.update({f"{key}.{inner}": item for inner, item in value.items()})
        else:
            flat[key] = value
    return flat


def _unknown(path: Path, key: str) -> str:
    if key == "lrs.password":
        return _("{path}: 'lrs.password' is never read from a file; set the environment "
                 "variable LEARNSOCIAL_LRS_PASSWORD").format(path=path)
    return _("{path}: unknown key '{key}' (known: {known})").format(
        path=path, key=key, known=", ".join(CHECKS))


# -- checks: each returns None when the value is good, else what is wrong with it ------------

def _url(value: Any) -> str | None:
    if isinstance(value, str):
        parts = urlsplit(value)
        if parts.scheme in ("http", "https") and parts.netloc:
            return None
    return _("must be a web address starting with https:// (or http://)")


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else _("must be a non-empty text")


def _seconds(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 1:
        return None
    return _("must be a number of seconds, 1 or more")


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else _("must be true or false")


def _days(value: Any) -> str | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return None
    return _("must be a whole number of days, 1 or more, or null for no due date")


def _passphrase_record(value: Any) -> str | None:
    """The record learnsocial.progress.passphrase.set_passphrase writes to admin.json."""
    problem = _("must be the contents of an admin.json written by 'learnsocial admin "
                "set-passphrase' (scheme, n, r, p, salt, hash)")
    if not isinstance(value, dict) or value.get("scheme") != "scrypt":
        return problem
    try:
        cost = [value[name] for name in ("n", "r", "p")]
        salt = base64.b64decode(value["salt"], validate=True)
        digest = base64.b64decode(value["hash"], validate=True)
    except (KeyError, TypeError, ValueError, binascii.Error):
        return problem
    if (not all(isinstance(c, int) and not isinstance(c, bool) and c > 0 for c in cost)
            or cost[0] < 2 or cost[0] & (cost[0] - 1) or not salt or len(digest) != 32):
        return problem
    return None


SECTIONS = ("xapi", "lrs")
CHECKS: dict[str, Callable[[Any], str | None]] = {
    XAPI_BASE: _url, XAPI_HOME_PAGE: _url, LRS_URL: _url, LRS_USER: _text, LRS_EVERY_S: _seconds,
    ADMIN_HASH: _passphrase_record, ROSTER_ONLY: _flag, DUE_DAYS: _days,
}
