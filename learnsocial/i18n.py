"""UI language: one gettext function for every string the program shows.

Chapter texts live in YAML; everything else goes through ``_`` (and ``ngettext`` for counts).
The active language can be switched at run time; callers look strings up at draw time.
"""
from __future__ import annotations

import gettext as _gettext
import locale
import os

from learnsocial.paths import locales_dir

LANGUAGES = ("sv", "de", "en")
LANGUAGE_NAMES = {"sv": "Svenska", "de": "Deutsch", "en": "English"}
DOMAIN = "learnsocial"

_active = "en"
_translations: _gettext.NullTranslations = _gettext.NullTranslations()


def normalise(tag: str | None) -> str | None:
    """Map a locale tag (de_AT.UTF-8, sv-FI, EN) to a supported language, or None."""
    if not tag:
        return None
    language = tag.replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return language if language in LANGUAGES else None


def system_language() -> str | None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        found = normalise(os.environ.get(variable, "").split(":")[0])
        if found:
            return found
    try:
        return normalise(locale.getlocale()[0])
    except ValueError:
        return None


def negotiate(*preferences: str | None) -> str:
    """First supported language among the preferences (e.g. --lang, saved, system), else English."""
    for preference in preferences:
        found = normalise(preference)
        if found:
            return found
    return "en"


def set_language(language: str) -> None:
    global _active, _translations
    _active = negotiate(language)
    _translations = _gettext.translation(
        DOMAIN, localedir=str(locales_dir()), languages=[_active], fallback=True
    )


def active_language() -> str:
    return _active


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translations.ngettext(singular, plural, count)


def percent(value: float) -> str:
    """A share 0..1 as a percentage in the active locale ("87 %" in sv and de, "87%" in en)."""
    from babel.numbers import format_percent

    return format_percent(value, locale=_active)
