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
    ("en", "1 chapter left", "3 chapters left"),
    ("sv", "1 kapitel kvar", "3 kapitel kvar"),
    ("de", "noch 1 Kapitel", "noch 3 Kapitel"),
])
def test_plural_forms(language, one, many):
    i18n.set_language(language)
    assert i18n.ngettext("{count} chapter left", "{count} chapters left", 1).format(count=1) == one
    assert i18n.ngettext("{count} chapter left", "{count} chapters left", 3).format(count=3) == many


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
