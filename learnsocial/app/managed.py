"""The settings IT manages in the site config, as the settings screen lists them (read only)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from learnsocial import config as site
from learnsocial.i18n import _, ngettext


@dataclass(frozen=True)
class ManagedSetting:
    key: str  # the dotted config key, e.g. "lrs.url"
    label: str
    value: str


def _labels() -> dict[str, str]:
    return {site.LRS_URL: _("Learning record store"),
            site.LRS_USER: _("Learning record store account"),
            site.LRS_EVERY_S: _("Progress sent every"),
            site.XAPI_BASE: _("Activity address"),
            site.XAPI_HOME_PAGE: _("Account home page"),
            site.ADMIN_HASH: _("HR passphrase"),
            site.ROSTER_ONLY: _("Sign-in for registered employees only"),
            site.DUE_DAYS: _("Course due")}


def _value(key: str, config: site.Config) -> str:
    if key == site.LRS_URL:
        return config.lrs_url
    if key == site.LRS_USER:
        return config.lrs_user
    if key == site.LRS_EVERY_S:
        seconds = round(config.sync_every_s)
        return ngettext("{count} second", "{count} seconds", seconds).format(count=seconds)
    if key == site.XAPI_BASE:
        return config.xapi.activity_base
    if key == site.XAPI_HOME_PAGE:
        return config.xapi.home_page
    if key == site.ROSTER_ONLY:
        return _("On") if config.roster_only else _("Off")
    if key == site.DUE_DAYS:
        if config.due_days is None:
            return _("No due date")
        return ngettext("{count} day after the first sign-in",
                        "{count} days after the first sign-in", config.due_days).format(
            count=config.due_days)
    return _("Set")  # the passphrase itself is never shown


def managed_settings(data_dir: Path) -> list[ManagedSetting]:
    """What the site config sets, in a fixed order; empty on an unmanaged desktop (or when the
    site config cannot be read: the app reports that at start)."""
    try:
        config = site.load_config(data_dir)
    except site.ConfigError:
        return []
    labels = _labels()
    return [ManagedSetting(key, labels[key], _value(key, config))
            for key in labels if config.is_managed(key)]
