"""Every word a delegate reads: French spacing, the Spanish register, British dates, names in
sentences. Checked on the catalogs, the shipped event file and the chat itself."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.announcements.send_time import parse_send_time
from bot.event import Event, Text
from bot.i18n import LOCALES_DIR, Translator, for_event
from bot.programme.loader import parse_event
from bot.typography import NARROW_NO_BREAK_SPACE as NNBSP
from bot.typography import NO_BREAK_SPACE as NBSP
from bot.typography import typeset
from tests.conftest import ROOT, SANTO_DOMINGO, SHIPPED_EVENT, Harness

# ------------------------------------------------------------------ French typography

# An ordinary (breaking) space before high punctuation or a closing guillemet, or after an
# opening one: on a phone the punctuation can wrap onto a line of its own.
BREAKING_BEFORE = re.compile(r" [?!:;»]|« ")


def breaking_spaces(text: str) -> list[str]:
    """The places where French ``text`` would break before its punctuation."""
    return [text[max(0, m.start() - 15) : m.end()] for m in BREAKING_BEFORE.finditer(text)]


def test_the_check_catches_a_breaking_space() -> None:
    assert breaking_spaces("Choisissez un jour :") == ["isissez un jour :"]
    assert breaking_spaces("« où est le déjeuner ? »")
    assert breaking_spaces(f"Choisissez un jour{NBSP}:") == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Que faire ?", f"Que faire{NNBSP}?"),
        ("Bienvenue à <b>la Réunion</b> !", f"Bienvenue à <b>la Réunion</b>{NNBSP}!"),
        ("Jour : mardi ; salle B", f"Jour{NBSP}: mardi{NNBSP}; salle B"),
        ("« où ? »", f"«{NBSP}où{NNBSP}?{NBSP}»"),
        ("«où»", f"«{NBSP}où{NBSP}»"),
        # nothing to do where French has no space: clock times, URLs, entities, tags
        ("à 09:00, voir https://x.org/a?b=1 !", f"à 09:00, voir https://x.org/a?b=1{NNBSP}!"),
        ("R&amp;D", "R&amp;D"),
        ('<a href="https://x.org/?q=1">lien</a> : ici', f'<a href="https://x.org/?q=1">lien</a>{NBSP}: ici'),
        # a wifi password is shown byte for byte
        ("mot de passe <code>abc ?x :y</code>", "mot de passe <code>abc ?x :y</code>"),
    ],
)  # fmt: skip
def test_french_spaces_do_not_break(raw: str, expected: str) -> None:
    assert typeset(raw, "fr") == expected
    assert typeset(expected, "fr") == expected, "idempotent"


def test_other_languages_keep_their_spaces() -> None:
    assert typeset("What now ? « quoted »", "en") == "What now ? « quoted »"
    assert typeset("¿Qué hay ? «cita»", "es") == "¿Qué hay ? «cita»"


def read_catalog(language: str):
    path = LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po_file:
        return read_po(po_file, locale=language)


def catalog_texts(language: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) for every translation, each plural form on its own."""
    texts = []
    for message in read_catalog(language):
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        texts += [(msgid, form) for form in forms]
    return texts


def test_every_french_catalog_string_is_rendered_without_breaking_spaces() -> None:
    t = Translator("fr", SANTO_DOMINGO)
    problems = [
        (msgid, spot)
        for msgid, _ in catalog_texts("fr")
        for spot in breaking_spaces(t.gettext(msgid))
    ]
    problems += [
        (singular, spot)
        for message in read_catalog("fr")
        if isinstance(message.id, tuple)
        for singular, plural in [message.id[:2]]
        for count in (1, 2)
        for spot in breaking_spaces(t.ngettext(singular, plural, count))
    ]
    assert not problems


def event_texts(event: Event) -> list[tuple[str, Text]]:
    """Every translatable text of an event the delegate may read, with where it comes from."""
    texts: list[tuple[str, Text | None]] = [
        ("event.name", event.name),
        ("event.name_in_sentence", event.name_in_sentence),
        ("event.description", event.description),
        ("venue.name", event.venue.name),
        ("venue.address", event.venue.address),
        ("venue.directions", event.venue.directions),
    ]
    texts += [(f"contact {c.name}", c.role) for c in event.contacts]
    for room in event.venue.rooms:
        texts += [(f"room {room.id}", room.description), (f"room {room.id}", room.directions)]
    for s in event.sessions:
        texts += [(f"session {s.id}", s.title), (f"session {s.id}", s.description)]
        texts += [(f"session {s.id}", p.affiliation) for p in s.speakers]
    texts += [(f"faq {f.id}", f.answer) for f in event.faq]
    return [(where, text) for where, text in texts if text is not None]


def test_every_french_event_text_is_rendered_without_breaking_spaces(
    shipped_event: Event,
) -> None:
    t = for_event(shipped_event, "fr")
    problems = [
        (where, spot)
        for where, text in event_texts(shipped_event)
        for spot in breaking_spaces(t.text(text))
    ]
    assert not problems


def visible(message: dict) -> str:
    return message.get("text") or message.get("caption") or ""


async def test_a_french_delegate_never_sees_a_breaking_space_before_punctuation(
    harness: Harness,
) -> None:
    delegate = harness.delegate("fr")
    seen = []
    for text in ("/start", "/help", "/venue", "/now", "va-t-il pleuvoir demain ?", "wifi ?"):
        seen += await delegate.send(text)
    [menu] = await delegate.send("/programme")
    [day] = await delegate.press(menu, "mercredi")
    [detail] = await delegate.press(day, "09:00")
    seen += [menu, day, detail]
    labels = [b["text"] for m in seen for row in (m.get("reply_markup") or {}).get(
        "inline_keyboard", []) for b in row]  # fmt: skip
    problems = [spot for m in seen for spot in breaking_spaces(visible(m))]
    problems += [spot for label in labels for spot in breaking_spaces(label)]
    assert not problems
    fallback = next(m for m in seen if "secretariat@example.org" in visible(m))
    assert f"){NBSP}: secretariat@example.org" in visible(fallback), "contacts use the catalog"


# ------------------------------------------------------------------ Spanish register

# Forms of the informal register (tú) that cannot be read any other way in the bot's texts.
# Ambiguous ones ("usa", "prueba", "consulta", "envía": nouns or third person) are left out.
TU_FORMS = frozenset(
    """
    tú tu tus te ti contigo elige elijas puedes quieres tienes estás eres escribe escríbeme
    escríbela pulsa presiona toca sigues recibirás podrás disfrutes inténtalo pregúntame
    envíalo pégalo pégala pégalas ejecuta añádela comunícate dime
    """.split()
)


def tu_forms(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", text.lower()) if w in TU_FORMS]


def test_the_register_check_catches_the_informal_you() -> None:
    assert tu_forms("Elige la sesión") == ["elige"]
    assert tu_forms("¿Qué quieres ver? Escribe tu pregunta.") == ["quieres", "escribe", "tu"]
    assert tu_forms("Elija la sesión y escriba su pregunta.") == []


def test_spanish_catalog_speaks_usted() -> None:
    problems = [(msgid, form) for msgid, form in catalog_texts("es") if tu_forms(form)]
    assert not problems


def test_spanish_event_texts_speak_usted(shipped_event: Event) -> None:
    problems = [
        (where, text.get("es"))
        for where, text in event_texts(shipped_event)
        if "es" in text.values and tu_forms(text.values["es"])
    ]
    # the first phrasing of each entry is a button label the bot shows
    problems += [
        (f"faq {f.id}", f.questions["es"][0])
        for f in shipped_event.faq
        if f.questions.get("es") and tu_forms(f.questions["es"][0])
    ]
    assert not problems


# ------------------------------------------------------------------ terminology


def test_the_glossary_exists_and_the_catalogs_follow_its_terms() -> None:
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for term in ("séance", "usted", "redPEA", "réSEAU", "en_GB", "U+202F"):
        assert term in glossary
    placeholder = re.compile(r"\{[a-z_]+\}")
    french = placeholder.sub("", " ".join(form for _, form in catalog_texts("fr")))
    spanish = placeholder.sub("", " ".join(form for _, form in catalog_texts("es")))
    assert not re.search(r"\bsessions?\b", french), "French says séance"
    assert "encuentro" not in spanish, "Spanish says reunión"
    assert not re.search(r"[“”]", spanish + french), "es and fr quote with « »"
    assert "'" not in french, "French apostrophes are typographic (’)"


def test_the_shipped_file_follows_the_glossary(shipped_event: Event) -> None:
    texts = [text for _, text in event_texts(shipped_event)]
    spanish = " ".join(t.values.get("es", "") for t in texts)
    french = " ".join(t.values.get("fr", "") for t in texts)
    assert not re.search(r"\b[Rr]ed PEA\b", spanish), "UNESCO writes redPEA"
    assert "encuentro" not in spanish
    assert not re.search(r"\bsessions?\b", french)
    assert "'" not in french


# ------------------------------------------------------------------ dates and locales


def test_english_dates_are_british_by_default() -> None:
    t = Translator("en", SANTO_DOMINGO)
    assert t.day(date(2024, 11, 6)) == "Wednesday 6 November"
    assert t.short_day(date(2024, 11, 6)) == "Wed 6 Nov"


def test_the_event_file_chooses_the_locale_of_each_language() -> None:
    source = SHIPPED_EVENT.read_text(encoding="utf-8").replace(
        "locales: {en: en_GB}", "locales: {en: en_US, es: es_DO}"
    )
    event = parse_event(source, "meeting.yaml")
    assert for_event(event, "en").day(date(2024, 11, 6)) == "Wednesday, November 6"
    assert for_event(event, "es").locale.territory == "DO"


@pytest.mark.parametrize(
    ("locales", "message"),
    [
        ("{en: en_XX_YY}", "event.locales.en: unknown locale 'en_XX_YY'"),
        ("{en: fr_FR}", "event.locales.en: locale 'fr_FR' does not write language 'en'"),
        ("{de: de_DE}", "event.locales: language 'de' is not in event.languages"),
    ],
)
def test_a_wrong_locale_is_an_error_with_its_line(locales: str, message: str) -> None:
    source = SHIPPED_EVENT.read_text(encoding="utf-8")
    line = source[: source.index("locales: {en: en_GB}")].count("\n") + 1
    from bot.programme.loader import InvalidEventFile

    with pytest.raises(InvalidEventFile) as caught:
        parse_event(source.replace("locales: {en: en_GB}", f"locales: {locales}"), "m.yaml")
    assert any(str(e).startswith(f"m.yaml:{line}: {message}") for e in caught.value.errors)


async def test_english_delegates_see_the_events_locale(harness: Harness) -> None:
    [days] = await harness.delegate("en").send("/programme")
    labels = [b["text"] for row in days["reply_markup"]["inline_keyboard"] for b in row]
    assert labels[:3] == ["Wednesday 6 November", "Thursday 7 November", "Friday 8 November"]


def test_dates_are_formatted_only_by_the_translator() -> None:
    """A date written anywhere else would escape the event's locale choice."""
    formatting = re.compile(r"babel\.dates|format_(?:date|datetime|skeleton)\(|strftime\(\"%[^H]")
    offenders = [
        path.relative_to(ROOT).as_posix()
        for path in [*ROOT.glob("bot/*.py"), *ROOT.glob("handlers/*.py")]
        if path.name != "i18n.py" and formatting.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders


def test_french_send_times_may_be_written_the_french_way() -> None:
    now = datetime(2024, 11, 6, 8, 0, tzinfo=SANTO_DOMINGO)
    moment = parse_send_time("demain 9 h 30", now, SANTO_DOMINGO)
    assert (moment.day, moment.hour, moment.minute) == (7, 9, 30)


# ------------------------------------------------------------------ names inside sentences


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "¡Le damos la bienvenida a la Reunión Regional de la redPEA"),
        ("en", "Welcome to the Regional Meeting of the ASPnet"),
        ("fr", "Bienvenue à la Réunion régionale du réSEAU"),
    ],
)
async def test_the_meeting_is_named_with_its_article(
    harness: Harness, language: str, expected: str
) -> None:
    [reply] = await harness.delegate(language).send("/start")
    assert reply["text"].startswith(expected)


def test_name_in_sentence_must_contain_the_name() -> None:
    source = SHIPPED_EVENT.read_text(encoding="utf-8")
    wrong = source.replace(
        'en: "the Regional Meeting of the ASPnet for Latin America and the Caribbean"',
        'en: "the Regional Meeting"',
    )
    line = source[: source.index('en: "the Regional Meeting of')].count("\n") + 1
    from bot.programme.loader import InvalidEventFile

    with pytest.raises(InvalidEventFile) as caught:
        parse_event(wrong, "m.yaml")
    [error] = [str(e) for e in caught.value.errors]
    assert error.startswith(f"m.yaml:{line}: event.name_in_sentence.en: 'the Regional Meeting'")


def test_a_room_has_one_name_and_a_translated_description(shipped_event: Event) -> None:
    terrace = shipped_event.room("terraza")
    assert terrace is not None and terrace.description is not None
    for language in shipped_event.languages:
        assert terrace.name.get(language) == "Terraza del Mar"
    assert terrace.description.get("en") == "seafront terrace"


# ------------------------------------------------------------------ sample placeholders


def run_check(*args: str) -> tuple[int, str, str]:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "main.py", "check", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def test_check_warns_about_samples_and_strict_refuses_them() -> None:
    code, out, err = run_check()
    assert code == 0 and "OK" in out
    warnings = err.splitlines()
    assert any("secretariat@example.org" in w and "warning" in w for w in warnings)
    assert any("555 0142" in w for w in warnings)
    assert any("# SAMPLE" in w for w in warnings)
    assert all(re.match(r".+\.yaml:\d+: warning: ", w) for w in warnings[:-1] or warnings)
    strict_code, _, strict_err = run_check("--strict")
    assert strict_code == 2
    assert "--strict" in strict_err


def test_a_file_with_real_data_passes_strict(tmp_path: Path) -> None:
    source = SHIPPED_EVENT.read_text(encoding="utf-8")
    real = re.sub(r"#\s*SAMPLE\b", "# checked", source)
    real = real.replace("secretariat@example.org", "secretaria@unesco.org")
    real = re.sub(r"555 01(\d\d)", r"234 56\1", real)
    path = tmp_path / "real.yaml"
    path.write_text(real, encoding="utf-8")
    code, out, err = run_check(str(path), "--strict")
    assert (code, err) == (0, "")
    assert "warning" not in out


def test_organisers_announcements_are_typeset_for_french_readers() -> None:
    from bot.announcements.model import announcement

    text = announcement(Translator("fr", SANTO_DOMINGO), "Rendez-vous à 14:00 : salle B !")
    assert f"à 14:00{NBSP}: salle B{NNBSP}!" in text
    assert not breaking_spaces(text)
