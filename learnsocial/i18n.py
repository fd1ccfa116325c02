"""UI language: one gettext function for every string the program shows.

Chapter texts live in YAML; everything else goes through ``_`` (and ``ngettext`` for counts).
The active language can be switched at run time; callers look strings up at draw time.
"""
from __future__ import annotations

import gettext as _gettext
import io
import locale
import os
from functools import cache
from pathlib import Path

from learnsocial.paths import locales_dir

SOURCE_LANGUAGE = "en"  # the language the UI strings are written in
DOMAIN = "learnsocial"

_active = SOURCE_LANGUAGE
_translations: _gettext.NullTranslations = _gettext.NullTranslations()


@cache
def languages(root: Path | None = None) -> tuple[str, ...]:
    """The UI languages: one per catalog folder in locales/ (adding a language is adding
    files), by language code (cheap at start-up; no locale data is loaded)."""
    folder = root or locales_dir()
    found = {p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    found |= {p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    found.add(SOURCE_LANGUAGE)
    return tuple(sorted(found))


@cache
def display_name(language: str) -> str:
    """A language's name in that language, as a label: Deutsch, English, Svenska."""
    from babel import Locale, UnknownLocaleError  # locale data only where a name is shown

    try:
        name = Locale.parse(language).get_display_name(language) or language
    except (ValueError, UnknownLocaleError):
        name = language
    return name[:1].upper() + name[1:]


def normalise(tag: str | None) -> str | None:
    """Map a locale tag (de_AT.UTF-8, sv-FI, EN) to a supported language, or None."""
    plain = (tag or "").split(".")[0].split("@")[0].replace("-", "_")
    if plain in ("", "C", "POSIX"):  # no language chosen
        return None
    supported = languages()
    # A tag whose language is supported as it is (de_AT -> de) needs no locale data, which
    # commands such as `validate` would otherwise load only for this; Babel decides the rest.
    for candidate in (plain.lower(), plain.split("_")[0].lower()):
        if candidate in supported:
            return candidate
    from babel import negotiate_locale

    return negotiate_locale([plain], list(supported), sep="_")


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
    """First supported language among the preferences (e.g. --lang, saved, system), else the
    source language."""
    for preference in preferences:
        found = normalise(preference)
        if found:
            return found
    return SOURCE_LANGUAGE


def load_catalog(language: str, root: Path | None = None) -> _gettext.NullTranslations:
    """The compiled catalog of a language: the .mo next to the .po when it is up to date (an
    installed wheel ships them), else the .po compiled, so translations are never stale."""
    folder = (root or locales_dir()) / language / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    try:
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as handle:
                return _gettext.GNUTranslations(handle)
        if po.is_file():
            return _compiled(po)
    except (OSError, ValueError):
        pass
    return _gettext.NullTranslations()


# Compiled catalogs are kept in the user cache, one file per .po version, named by the .po's
# path, size and modification time: a checkout compiles a catalog once after each change to it,
# not at every start (compiling one takes about 40 ms, and `play` loads the catalog twice).
# Changing the format of the name starts afresh.
CATALOG_CACHE_FORMAT = "1"


def catalog_cache_dir() -> Path:
    """Where compiled catalogs are kept (the platform's user cache folder)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("LearnSocial", appauthor=False)) / "catalogs"


def cached_catalog_path(po: Path) -> Path:
    """The cache file for this version of the .po: one name per path, size and mtime."""
    import hashlib  # only when a catalog is compiled from a .po

    stat = po.stat()
    where = hashlib.sha256(f"{CATALOG_CACHE_FORMAT}:{po.resolve()}".encode()).hexdigest()[:16]
    version = hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    return catalog_cache_dir() / f"{where}-{version}.mo"


def _compiled(po: Path) -> _gettext.GNUTranslations:
    """The catalog of a .po: from the cache when it was compiled before, else compiled now and
    cached for the next start. A cache that cannot be written (read-only, no home folder) only
    costs the compiling; a damaged cache file is compiled again."""
    cached = cached_catalog_path(po)
    try:
        return _gettext.GNUTranslations(io.BytesIO(cached.read_bytes()))
    except Exception:  # not there yet, or damaged in any way (bad magic, cut short)
        pass
    data = compile_po(po)
    _keep(cached, data)
    return _gettext.GNUTranslations(io.BytesIO(data))


def _keep(cached: Path, data: bytes) -> None:
    """Write a compiled catalog to the cache atomically (a start running at the same time reads
    the old file or the new one, never half of one) and drop the older versions of its .po."""
    from learnsocial.atomicfile import write_atomic

    try:
        write_atomic(cached, data)
    except OSError:
        return
    where = cached.name.split("-")[0]
    for older in cached.parent.glob(f"{where}-*.mo"):
        if older != cached:
            try:
                older.unlink(missing_ok=True)
            except OSError:  # kept: it only takes room
                pass


def compile_po(po: Path) -> bytes:
    """The .mo bytes of a .po file (fuzzy entries left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def set_language(language: str) -> None:
    global _active, _translations
    _active = negotiate(language)
    _translations = load_catalog(_active)


def active_language() -> str:
    return _active


def _(message: str) -> str:
    return _translations.gettext(message)


def in_language(language: str, message: str) -> str:
    """A message in a given language, whatever the active one (the language screen shows
    each choice in its own language)."""
    return _catalog(language).gettext(message)


@cache
def _catalog(language: str) -> _gettext.NullTranslations:
    return load_catalog(language)


def prepare_language_choice() -> None:
    """Read what the language screen shows, each in its own language (Babel reads a
    locale's data the first time, about 20 ms each): the title screen starts it on a worker."""
    for language in languages():
        display_name(language)
        welcome_in(language)
        choose_language_in(language)


def choose_language_in(language: str) -> str:
    return in_language(language, "Choose language")


def welcome_in(language: str) -> str:
    return in_language(language, "Welcome!")


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translations.ngettext(singular, plural, count)


def percent(value: float) -> str:
    """A share 0..1 as a percentage in the active locale ("87 %" in sv and de, "87%" in en)."""
    from babel.numbers import format_percent

    return format_percent(value, locale=_active)


def date(value) -> str:
    """A date in the active locale: 22 nov. 2026 / 22.11.2026 / Nov 22, 2026."""
    from babel.dates import format_date

    return format_date(value, format="medium", locale=_active)


def number(value: float) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_active)


def duration(seconds: float) -> str:
    """A rounded duration in words of the active locale ("3 minutes", "3 Minuten")."""
    from datetime import timedelta

    from babel.dates import format_timedelta

    return format_timedelta(timedelta(seconds=seconds), locale=_active)


def check_catalogs(root: Path | None = None) -> list[str]:
    """What translators still have to do: one line per untranslated, fuzzy or broken message."""
    import string

    from babel.messages.pofile import read_po

    root = root or locales_dir()

    def fields(text: str) -> set[str]:
        try:
            return {name for _l, name, _s, _c in string.Formatter().parse(text) if name}
        except ValueError:
            return {"<unbalanced braces>"}

    with (root / f"{DOMAIN}.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    problems = []
    for language in languages(root):
        path = root / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not path.is_file():
            problems.append(f"{path}: missing")
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle)
        known = {m.id for m in catalog if m.id}
        for msgid in sorted(template - known, key=str):
            problems.append(f"{path}: not yet in the catalog (run pybabel update): {msgid}")
        if language == SOURCE_LANGUAGE:
            continue
        for message in catalog:
            if not message.id:
                continue
            where = f"{path}:{message.lineno}"
            ids = tuple(message.id) if isinstance(message.id, (tuple, list)) else (message.id,)
            strings = tuple(str(s or "") for s in message.string) \
                if isinstance(message.string, (tuple, list)) else (str(message.string or ""),)
            if not all(s and s.strip() for s in strings):
                problems.append(f"{where}: untranslated: {ids[0]}")
            elif message.fuzzy:
                problems.append(f"{where}: fuzzy (check and clear the mark): {ids[0]}")
            elif _placeholders_differ(ids, strings, fields):
                problems.append(f"{where}: placeholders differ from the original: {ids[0]}")
    return problems


def _placeholders_differ(ids: tuple[str, ...], strings: tuple[str, ...], fields) -> bool:
    """A translation may use only the original's placeholders (a typo such as {cuont} would
    raise KeyError at run time); a singular message must use all of them too. Plural forms
    may leave one out (Swedish "en fråga" for one)."""
    wanted = set().union(*(fields(i) for i in ids))
    if any(not fields(s) <= wanted for s in strings):
        return True
    return len(ids) == 1 and fields(strings[0]) != wanted
