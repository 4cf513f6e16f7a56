"""Catalogs are complete and consistent; dates read naturally in every language."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR, Translator
from tests.conftest import SANTO_DOMINGO

CATALOGS = sorted(LOCALES_DIR.glob("*/LC_MESSAGES/messages.po"))


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as po_file:
        return read_po(po_file, locale=locale)


PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TAG = re.compile(r"</?[a-z]+>")


def test_every_event_language_has_a_catalog(shipped_event, other_event) -> None:
    languages = {p.parts[-3] for p in CATALOGS}
    assert set(shipped_event.languages) | set(other_event.languages) <= languages


def test_template_matches_the_code() -> None:
    """Every msgid in the code is in the catalogs (a new string without translations fails)."""
    template = read_catalog(LOCALES_DIR / "messages.pot")
    ids = {m.id for m in template if m.id}
    for path in CATALOGS:
        catalog = read_catalog(path)
        assert {m.id for m in catalog if m.id} >= ids, path


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_catalog_is_complete_and_consistent(path: Path) -> None:
    catalog = read_catalog(path, path.parts[-3])
    problems = []
    for message in catalog:
        if not message.id:
            continue
        singular = message.id if isinstance(message.id, str) else message.id[0]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if "fuzzy" in message.flags:
            problems.append(f"fuzzy: {singular!r}")
        if len(forms) != (catalog.num_plurals if isinstance(message.id, tuple) else 1):
            problems.append(f"wrong number of plural forms: {singular!r}")
        for form in forms:
            if not form:
                problems.append(f"untranslated or empty plural form: {singular!r}")
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            expected = set().union(*(PLACEHOLDER.findall(i) for i in ids))
            if set(PLACEHOLDER.findall(form)) - expected or (
                not isinstance(message.id, tuple) and set(PLACEHOLDER.findall(form)) != expected
            ):
                problems.append(f"placeholders differ: {singular!r} -> {form!r}")
            if sorted(TAG.findall(form)) != sorted(TAG.findall(ids[0])):
                problems.append(f"HTML tags differ: {singular!r} -> {form!r}")
    assert not problems, "\n".join(problems)


def test_all_source_strings_are_extracted() -> None:
    """A gettext call whose literal is missing from the template means extraction is stale."""
    template = read_catalog(LOCALES_DIR / "messages.pot")
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    root = LOCALES_DIR.parent
    call = re.compile(r"(?:gettext|N_)\(\s*\"((?:[^\"\\]|\\.)*)\"\s*[,)]")
    for source in [*root.glob("bot/*.py"), *root.glob("handlers/*.py")]:
        for literal in call.findall(source.read_text(encoding="utf-8")):
            text = literal.encode().decode("unicode_escape").encode("latin-1").decode()
            assert text in ids, f"{source.name}: {text!r} is not in locales/messages.pot"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "miércoles, 6 de noviembre"),
        ("fr", "mercredi 6 novembre"),
        ("en", "Wednesday 6 November"),
    ],
)
def test_days_are_written_by_cldr(language: str, expected: str) -> None:
    assert Translator(language, SANTO_DOMINGO).day(date(2024, 11, 6)) == expected


def test_times_are_shown_in_the_event_zone() -> None:
    utc_moment = datetime.fromisoformat("2024-11-06T13:00+00:00")
    assert Translator("es", SANTO_DOMINGO).time(utc_moment) == "09:00"


def test_translations_are_used_and_plurals_follow_the_count() -> None:
    es = Translator("es", SANTO_DOMINGO)
    assert es.gettext("Menu") != "Menu" or es.gettext("« Back") != "« Back"
    one = es.ngettext("{count} session", "{count} sessions", 1).format(count=1)
    many = es.ngettext("{count} session", "{count} sessions", 12).format(count=12)
    assert one != many
    assert "12" in many


def test_a_language_without_catalog_falls_back_to_english_text_but_its_own_dates() -> None:
    pt = Translator("pt", SANTO_DOMINGO)
    assert pt.gettext("Menu") == "Menu"
    assert pt.day(date(2024, 11, 6)) == "quarta-feira, 6 de novembro"
