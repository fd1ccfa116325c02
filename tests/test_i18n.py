"""UI translations: complete catalogs, matching placeholders, plural forms, locale formats."""
import string
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from learnsocial import i18n

LOCALES = Path(__file__).resolve().parent.parent / "locales"


def catalog(language):
    with (LOCALES / language / "LC_MESSAGES" / "learnsocial.po").open("rb") as handle:
        return read_po(handle)


def fields(text):
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_template_and_catalogs_have_the_same_messages():
    with (LOCALES / "learnsocial.pot").open("rb") as handle:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    for language in ("sv", "de", "en"):
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(language) if m.id}
        assert ids == template, f"{language}: run pybabel update (see locales/README.md)"


@pytest.mark.parametrize("language", ["sv", "de"])
def test_every_message_is_translated_and_not_fuzzy(language):
    missing = []
    for message in catalog(language):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s.strip() for s in strings):
            missing.append(message.id)
    assert missing == []


@pytest.mark.parametrize("language", ["sv", "de"])
def test_placeholders_match(language):
    wrong = []
    for message in catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(fields(i) for i in ids))
        for text in strings:
            if text and fields(text) - expected:
                wrong.append((message.id, text))
            if text and len(strings) == 1 and fields(text) != expected:
                wrong.append((message.id, text))
    assert wrong == []


@pytest.mark.parametrize("language, one, many", [
    ("en", "1 employee", "3 employees"),
    ("sv", "1 anställd", "3 anställda"),
    ("de", "1 Person", "3 Personen"),
])
def test_plural_forms(language, one, many):
    i18n.set_language(language)
    assert i18n.ngettext("{count} employee", "{count} employees", 1).format(count=1) == one
    assert i18n.ngettext("{count} employee", "{count} employees", 3).format(count=3) == many


@pytest.mark.parametrize("language, day, share", [
    ("sv", "22 nov. 2026", "87\xa0%"),
    ("de", "22.11.2026", "87\xa0%"),
    ("en", "Nov 22, 2026", "87%"),
])
def test_dates_and_percentages_follow_the_locale(language, day, share):
    i18n.set_language(language)
    assert i18n.date(date(2026, 11, 22)) == day
    assert i18n.percent(0.87) == share


@pytest.mark.parametrize("tags, expected", [
    (("de_AT",), "de"), (("sv_FI.UTF-8",), "sv"), (("fr_FR",), "en"), ((None, "de-CH"), "de"),
    (("en_GB", "sv"), "en"), (("", None), "en"), (("pt", "sv_SE"), "sv"),
])
def test_negotiation(tags, expected):
    assert i18n.negotiate(*tags) == expected


def test_stale_mo_is_ignored_in_favour_of_the_po(tmp_path):
    folder = tmp_path / "sv" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "learnsocial.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Start"\nmsgstr "Starta"\n', encoding="utf-8")
    assert i18n.load_catalog("sv", tmp_path).gettext("Start") == "Starta"
    mo = folder / "learnsocial.mo"
    mo.write_bytes(b"not a catalog")
    import os
    os.utime(mo, (0, 0))  # older than the .po
    assert i18n.load_catalog("sv", tmp_path).gettext("Start") == "Starta"


def write_po(folder, translation):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "learnsocial.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "Start"\nmsgstr "{translation}"\n', encoding="utf-8")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A user cache folder of the test's own (platformdirs reads XDG_CACHE_HOME on Linux)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting_compiles(monkeypatch):
    calls = []
    real = i18n.compile_po

    def compile_po(po):
        calls.append(po)
        return real(po)

    monkeypatch.setattr(i18n, "compile_po", compile_po)
    return calls


def test_a_catalog_is_compiled_once_per_change_of_its_po(tmp_path, cache, monkeypatch):
    compiles = counting_compiles(monkeypatch)
    folder = tmp_path / "locales" / "sv" / "LC_MESSAGES"
    write_po(folder, "Starta")
    for _ in range(3):  # three starts
        assert i18n.load_catalog("sv", tmp_path / "locales").gettext("Start") == "Starta"
    assert len(compiles) == 1
    assert i18n.catalog_cache_dir().is_relative_to(cache)
    write_po(folder, "Börja nu")  # a translator's change: another size and time
    assert i18n.load_catalog("sv", tmp_path / "locales").gettext("Start") == "Börja nu"
    assert len(compiles) == 2
    assert [p.name for p in i18n.catalog_cache_dir().iterdir()] == [
        i18n.cached_catalog_path(folder / "learnsocial.po").name]  # the old one is gone


def test_a_damaged_cached_catalog_is_compiled_again(tmp_path, cache, monkeypatch):
    compiles = counting_compiles(monkeypatch)
    folder = tmp_path / "locales" / "de" / "LC_MESSAGES"
    write_po(folder, "Starten")
    cached = i18n.cached_catalog_path(folder / "learnsocial.po")
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"\xde\x12\x04\x95 cut short")
    assert i18n.load_catalog("de", tmp_path / "locales").gettext("Start") == "Starten"
    assert len(compiles) == 1
    assert i18n.load_catalog("de", tmp_path / "locales").gettext("Start") == "Starten"
    assert len(compiles) == 1  # repaired in the cache


def test_without_a_writable_cache_the_catalog_is_compiled_in_memory(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    compiles = counting_compiles(monkeypatch)
    write_po(tmp_path / "locales" / "sv" / "LC_MESSAGES", "Starta")
    for _ in range(2):
        assert i18n.load_catalog("sv", tmp_path / "locales").gettext("Start") == "Starta"
    assert len(compiles) == 2  # each start compiles, as before; nothing fails
