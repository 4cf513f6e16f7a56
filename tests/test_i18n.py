"""Catalogs are complete and consistent; dates read naturally in every language."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from bot.i18n import LOCALES_DIR, Translator
from tests.conftest import SANTO_DOMINGO, Harness

CATALOGS = sorted(LOCALES_DIR.glob("*/LC_MESSAGES/messages.po"))


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as po_file:
        return read_po(po_file, locale=locale)


PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TAG = re.compile(r"</?[a-z]+>")
# "/broadcast" in a text, not "</b>" nor a path in a link ("t.me/bot")
COMMAND = re.compile(r"(?<![\w/.:<])/([a-z_]+)\b")
ROOT = LOCALES_DIR.parent


def test_every_event_language_has_a_catalog(shipped_event, other_event) -> None:
    languages = {p.parts[-3] for p in CATALOGS}
    assert set(shipped_event.languages) | set(other_event.languages) <= languages


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


# What scripts/update_catalogs.py extracts the template with: Babel's Python extractor, its
# default keywords (gettext, ngettext…) and N_, over these files (babel.cfg).
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
SOURCES = [("bot/**.py", "python"), ("handlers/**.py", "python"), ("main.py", "python")]
MsgId = str | tuple[str, ...]


def code_msgids() -> list[tuple[str, MsgId]]:
    """Every msgid in the code with where it is, extracted by Babel itself (so sub-packages,
    strings split over lines and ``ngettext`` plurals count, as they do for the template)."""
    found: list[tuple[str, MsgId]] = []
    for folder in ("bot", "handlers"):
        for name, line, msgid, _, _ in extract_from_dir(
            ROOT / folder, [("**.py", "python")], keywords=KEYWORDS
        ):
            found.append((f"{folder}/{name}:{line}", msgid))
    for line, msgid, _, _ in extract_from_file("python", ROOT / "main.py", keywords=KEYWORDS):
        found.append((f"main.py:{line}", msgid))
    return found


def test_the_template_is_extracted_from_every_source_file() -> None:
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, _ = parse_mapping_cfg(cfg)
    assert method_map == SOURCES


def test_every_msgid_in_the_code_is_in_the_template_and_translated() -> None:
    """A string added or changed in the code without ``scripts/update_catalogs.py`` and a
    translation in every catalog would reach delegates in English."""
    template = read_catalog(LOCALES_DIR / "messages.pot")
    catalogs = {path.parts[-3]: read_catalog(path, path.parts[-3]) for path in CATALOGS}
    problems = []
    for where, msgid in code_msgids():
        key = msgid if isinstance(msgid, str) else msgid[0]
        entry = template.get(key)
        if entry is None or entry.id != msgid:
            problems.append(f"{where}: {msgid!r} is not in locales/messages.pot")
        for language, catalog in catalogs.items():
            message = catalog.get(key)
            forms = () if message is None else message.string
            forms = forms if isinstance(forms, tuple) else (forms,)
            if message is None or message.id != msgid or message.fuzzy or not all(forms):
                problems.append(f"{where}: {key!r} is not translated in {language}")
    assert not problems, "\n".join(problems)


def test_the_template_holds_no_msgid_the_code_lost() -> None:
    """A text changed in the code leaves its old msgid behind until the template is extracted
    again: the translations then sit under a text the bot never asks for."""
    in_code = {msgid if isinstance(msgid, str) else msgid[0] for _, msgid in code_msgids()}
    template = read_catalog(LOCALES_DIR / "messages.pot")
    stale = sorted(m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id)
    assert [msgid for msgid in stale if msgid not in in_code] == []


def registered_commands(handlers: Iterable[BaseHandler]) -> set[str]:
    """The commands the running bot answers, conversations' entry points and fallbacks too."""
    commands: set[str] = set()
    for handler in handlers:
        if isinstance(handler, CommandHandler):
            commands |= handler.commands
        elif isinstance(handler, ConversationHandler):
            inner = [*handler.entry_points, *handler.fallbacks]
            commands |= registered_commands(inner + [h for s in handler.states.values() for h in s])
    return commands


async def test_every_command_a_message_names_is_one_the_bot_answers(harness: Harness) -> None:
    """A text that tells an organiser to send /announcement, which the bot does not know, is a
    dead end in every language."""
    answered = registered_commands(h for group in harness.app.handlers.values() for h in group)
    named = [
        (where, command)
        for where, msgid in code_msgids()
        for text in ((msgid,) if isinstance(msgid, str) else msgid)
        for command in COMMAND.findall(text)
    ]
    assert named
    assert [(where, command) for where, command in named if command not in answered] == []


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
