"""Organisation settings: xAPI identifiers and an optional LRS for background sync.

Read from ``config.json`` in the data directory; environment variables override it:
LEARNSOCIAL_XAPI_BASE, LEARNSOCIAL_XAPI_HOMEPAGE, LEARNSOCIAL_LRS_URL, LEARNSOCIAL_LRS_USER
(and LEARNSOCIAL_LRS_PASSWORD, which is never stored in a file).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from learnsocial.progress.xapi import DEFAULT_BASE, DEFAULT_HOME_PAGE, XapiConfig

FILE = "config.json"


@dataclass(frozen=True)
class Config:
    xapi: XapiConfig = XapiConfig()
    lrs_url: str = ""
    lrs_user: str = ""
    sync_every_s: float = 60.0

    @property
    def lrs_password(self) -> str:
        return os.environ.get("LEARNSOCIAL_LRS_PASSWORD", "")

    @property
    def background_sync(self) -> bool:
        return bool(self.lrs_url and self.lrs_user and self.lrs_password)


def load_config(data_dir: Path) -> Config:
    try:
        data = json.loads((data_dir / FILE).read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    xapi = data.get("xapi", {}) if isinstance(data.get("xapi"), dict) else {}
    lrs = data.get("lrs", {}) if isinstance(data.get("lrs"), dict) else {}
    env = os.environ.get
    return Config(
        XapiConfig(activity_base=env("LEARNSOCIAL_XAPI_BASE") or xapi.get("activity_base")
                   or DEFAULT_BASE,
                   home_page=env("LEARNSOCIAL_XAPI_HOMEPAGE") or xapi.get("home_page")
                   or DEFAULT_HOME_PAGE),
        lrs_url=env("LEARNSOCIAL_LRS_URL") or lrs.get("url", ""),
        lrs_user=env("LEARNSOCIAL_LRS_USER") or lrs.get("user", ""),
        sync_every_s=_seconds(lrs.get("every_s", 60.0)))


def _seconds(value) -> float:
    try:
        return max(1.0, float(value))
    except (TypeError, ValueError):
        return 60.0
