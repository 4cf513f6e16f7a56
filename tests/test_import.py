"""``python main.py import``: real-format programmes into the event file, all or nothing.

Fixtures in tests/fixtures/import follow the published formats: an Indico-style .ics with a
VTIMEZONE, a pretalx frab JSON, a frab XML and a CSV with the documented header; the XLSX is
built here with openpyxl. Each is imported into a copy of the shipped event, which must then
pass ``check`` and show the sessions to a delegate through the fake Bot API.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

import main
from bot.agenda.calendar import calendar_file
from bot.event import Event
from bot.i18n import Translator
from bot.programme.importers.export import to_csv, to_frab_json, to_frab_xml, to_xlsx
from bot.programme.loader import load_event
from bot.programme.snapshots import Snapshot
from tests.conftest import ROOT, SHIPPED_EVENT, StartHarness

FIXTURES = ROOT / "tests" / "fixtures" / "import"


def run(*argv: str) -> int:
    return main.main(list(argv))


@pytest.fixture
def event_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "event.yaml"
    shutil.copy(SHIPPED_EVENT, copy)
    return copy


def titles(event: Event, language: str) -> dict[str, str]:
    return {s.id: s.title.values.get(language, "") for s in event.sessions}


def local(event: Event, session_id: str) -> str:
    session = event.session(session_id)
    assert session is not None
    return f"{event.local(session.start):%Y-%m-%d %H:%M}–{event.local(session.end):%H:%M}"


async def shows_programme(make_harness: StartHarness, event: Event, title: str) -> None:
    """The delegate finds the imported session under its day in the bot's programme."""
    harness = await make_harness(event)
    delegate = harness.delegate("es")
    [menu] = await delegate.send("/programme")
    session = next(s for s in event.sessions if s.title.get("es") == title)
    t = Translator("es", event.timezone)
    [day] = await delegate.press(menu, t.day(event.local(session.start).date()))
    assert title in day["text"]


async def test_indico_ics_converts_time_zones_and_adds_rooms(
    event_copy: Path, make_harness: StartHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("import", str(FIXTURES / "indico.ics"), "--into", str(event_copy)) == 0
    out, err = capsys.readouterr()
    assert "3 sessions imported" in out
    assert "• Se canceló Sesión inaugural (" in out  # the change notices' own words
    assert "new room 'Galería de los Espejos'" in err
    assert "indico-contribution-1201: no title in en, fr" in err
    assert run("check", str(event_copy)) == 0
    event = load_event(event_copy)
    # 16:00 Paris (TZID) = 11:00 Santo Domingo; 20:00Z = 16:00; floating 17:00 stays 17:00.
    assert local(event, "indico-contribution-1201") == "2024-11-06 11:00–12:00"
    assert local(event, "indico-contribution-1202") == "2024-11-07 16:00–17:30"
    assert local(event, "indico-contribution-1203") == "2024-11-08 17:00–19:00"
    social = event.session("indico-contribution-1203")
    assert social is not None and social.kind == "social"
    opening = event.session("indico-contribution-1201")
    assert opening is not None and opening.room and opening.room.id == "salon-b"
    assert dict(opening.title.values) == {"es": "Diálogo con la sede de la UNESCO"}
    # Everything but the programme is kept, comments included.
    text = event_copy.read_text(encoding="utf-8")
    assert "# SAMPLE: the whole venue section is a placeholder" in text
    assert event.faq == load_event(SHIPPED_EVENT).faq
    await shows_programme(make_harness, event, "Diálogo con la sede de la UNESCO")


async def test_pretalx_json_and_frab_xml(
    event_copy: Path, make_harness: StartHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    source = FIXTURES / "pretalx.json"
    assert run("import", str(source), "--into", str(event_copy), "--lang", "en") == 0
    assert run("check", str(event_copy)) == 0
    event = load_event(event_copy)
    [talk] = event.sessions
    assert talk.id == "aspnet-lac-2024-412-open-schools-data"  # pretalx's slug: stable
    assert (talk.kind, talk.floor_language) == ("workshop", "en")
    assert [p.name for p in talk.speakers] == ["Ana Beltrán"]
    assert local(event, talk.id) == "2024-11-06 11:00–11:45"
    assert dict(talk.title.values) == {"en": "Open data for associated schools"}

    out_file = event_copy.parent / "frab.yaml"
    args = ("import", str(FIXTURES / "frab.xml"), "--into", str(event_copy))
    assert run(*args, "--out", str(out_file)) == 0
    event = load_event(out_file)
    [workshop] = event.sessions
    assert workshop.id == "radio-escolar" and workshop.room and workshop.room.id == "salle-goree"
    assert [p.name for p in workshop.speakers] == ["Lucía Paredes", "Marc Petit"]
    assert local(event, "radio-escolar") == "2024-11-07 17:00–18:30"
    capsys.readouterr()
    await shows_programme(make_harness, event, "Radio escolar y paz")


async def test_csv_and_xlsx_spreadsheets(
    event_copy: Path, tmp_path: Path, make_harness: StartHarness
) -> None:
    assert run("import", str(FIXTURES / "programme.csv"), "--into", str(event_copy)) == 0
    event = load_event(event_copy)
    forum = event.session("2024-11-08-foro-de-jovenes")
    assert forum is not None
    assert dict(forum.title.values) == {"es": "Foro de jóvenes", "en": "Youth forum"}
    assert forum.interpretation == ("en", "fr") and forum.kind == "panel"
    assert [(p.name, p.affiliation and p.affiliation.get("es")) for p in forum.speakers] == [
        ("Pablo Díaz", "Red PEA Chile"),
        ("Amina Traoré", None),
    ]
    reception = event.session("2024-11-06-coctel-de-bienvenida")
    assert reception is not None and reception.room and reception.room.id == "terraza"

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Programa"
    sheet.append(["day", "start", "end", "title_es", "title_fr", "room", "kind"])
    sheet.append(
        [datetime(2024, 11, 7), "09:00", "10:15", "Mesa redonda", "Table ronde", "salon-c", "panel"]
    )
    path = tmp_path / "programme.xlsx"
    book.save(path)
    assert run("import", str(path), "--into", str(event_copy)) == 0
    event = load_event(event_copy)
    [panel] = event.sessions
    assert panel.id == "2024-11-07-mesa-redonda"
    assert dict(panel.title.values) == {"es": "Mesa redonda", "fr": "Table ronde"}
    assert local(event, panel.id) == "2024-11-07 09:00–10:15"
    await shows_programme(make_harness, event, "Mesa redonda")


def test_the_shipped_template_imports(event_copy: Path) -> None:
    for template in ("programme-template.csv", "programme-template.xlsx"):
        assert run("import", str(ROOT / "docs" / template), "--into", str(event_copy)) == 0
        assert run("check", str(event_copy)) == 0


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "broken.csv",
            "day,start,end,title_es,kind\n2024-11-06,09:00,10:00,Bien,plenary\n"
            "2024-11-06,9h,10:00,Mal,plenary\n2024-13-01,11:00,12:00,,lecture\n",
            [
                "broken.csv:3: start '9h' is not a time like 09:30",
                "broken.csv:4: day '2024-13-01' is not a date like 2024-11-06",
                "broken.csv:4: no title in any title_<language> column",
                "broken.csv:4: unknown kind 'lecture'",
            ],
        ),
        (
            "no-start.ics",
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a@x\r\n"
            "SUMMARY:Sin hora\r\nDTSTAMP:20240101T000000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\n"
            "UID:b@x\r\nSUMMARY:Semanal\r\nDTSTAMP:20240101T000000Z\r\n"
            "DTSTART:20241106T090000\r\nDTEND:20241106T100000\r\nRRULE:FREQ=WEEKLY\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n",
            ["no-start.ics:4: VEVENT without DTSTART", "no-start.ics:9: recurring event"],
        ),
        (
            "overlap.json",
            '{"schedule": {"conference": {"time_zone_name": "America/Santo_Domingo", "days": [\n'
            '{"date": "2024-11-06", "rooms": {"Salón A": [\n'
            '{"guid": "g-1", "date": "2024-11-06T09:00:00-04:00", "duration": "01:30", "title": "Uno"},\n'
            '{"guid": "g-2", "date": "2024-11-06T10:00:00-04:00", "duration": "00:30", "title": "Dos"},\n'
            '{"guid": "g-3", "date": "2024-11-06T11:00:00-04:00", "duration": "1h", "title": "Tres"}\n'
            "]}}]}}}\n",
            [
                "overlap.json:5: duration '1h' is not HH:MM",
                "overlap.json:4: overlaps 'Uno' (",
                "in room 'Salón A'",
            ],
        ),
        (
            "broken.xml",
            "<schedule><day date='2024-11-06'><room name='A'><event guid='x'>\n<title>T</title>\n"
            "</room></day></schedule>\n",
            ["broken.xml:3: not a frab schedule XML file"],
        ),
        (
            "bomb.xml",
            '<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            "<schedule>&b;</schedule>\n",
            ["bomb.xml:1: not a frab schedule XML file: EntitiesForbidden"],
        ),
        (
            "wrong-shape.json",
            '{"schedule": {"conference": {"days": {"1": "2024-11-06"}}}}',
            ["wrong-shape.json:1: no events in the schedule"],
        ),
    ],
)
def test_bad_input_gets_every_error_and_writes_nothing(
    event_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str,
    expected: list[str],
) -> None:
    before = event_copy.read_bytes()
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    assert run("import", str(source), "--into", str(event_copy)) == 2
    err = capsys.readouterr().err
    for fragment in expected:
        assert fragment in err
    assert "nothing written" in err
    assert event_copy.read_bytes() == before


def test_an_xlsx_with_the_wrong_header(
    event_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Agenda"
    sheet.append(["Fecha", "Hora", "Título"])
    sheet.append(["2024-11-06", "09:00", "Apertura"])
    path = tmp_path / "agenda.xlsx"
    book.save(path)
    before = event_copy.read_bytes()
    assert run("import", str(path), "--into", str(event_copy)) == 2
    err = capsys.readouterr().err
    assert "agenda.xlsx: sheet 'Agenda', row 1: unknown column 'fecha'" in err
    assert "missing column(s) day, start, end" in err
    assert event_copy.read_bytes() == before


def programme(event: Event, languages: tuple[str, ...], *, everything: bool) -> list[tuple]:
    """What a delegate sees of each session, in the languages a format carries (speakers'
    affiliations travel in one language in every format)."""
    rows = []
    for s in event.sessions:
        row: tuple = (
            s.id,
            {lang: s.title.values.get(lang) for lang in languages},
            s.start,
            s.end,
            s.room.id if s.room else None,
        )
        if everything:
            row += (
                s.kind,
                [(p.name, p.affiliation and p.affiliation.values.get("es")) for p in s.speakers],
                {lang: s.description and s.description.values.get(lang) for lang in languages},
                s.floor_language,
                s.interpretation,
            )
        rows.append(row)
    return rows


def test_round_trip_of_the_shipped_programme(tmp_path: Path) -> None:
    """Exported to each format and imported back, the shipped programme is the same one.

    Each file is imported into an event file whose programme is empty, so nothing is carried
    over from the old file: what comes back came through the format. Formats that carry one
    language (.ics, frab) are compared in that language; the spreadsheets in every language.
    """
    shipped = load_event(SHIPPED_EVENT)
    empty = tmp_path / "empty.yaml"
    text = SHIPPED_EVENT.read_text(encoding="utf-8")
    head, tail = text[: text.index("\nsessions:")], text[text.index("\nfaq:") :]
    empty.write_text(f"{head}\nsessions: []\n{tail}", encoding="utf-8")
    t = Translator("es", shipped.timezone)
    ics = calendar_file(shipped, t, shipped.sessions, now=datetime(2024, 1, 1, tzinfo=UTC))
    files = {
        "p.csv": (to_csv(shipped, shipped.sessions, "es"), shipped.languages),
        "p.xlsx": (to_xlsx(shipped, shipped.sessions, "es"), shipped.languages),
        "p.json": (to_frab_json(shipped, "es"), ("es",)),
        "p.xml": (to_frab_xml(shipped, "es"), ("es",)),
        "p.ics": (ics, ("es",)),
    }
    for name, (content, languages) in files.items():
        (tmp_path / name).write_bytes(content)
        out = tmp_path / f"{name}.yaml"
        assert run("import", str(tmp_path / name), "--into", str(empty), "--out", str(out)) == 0
        back = load_event(out)
        full = name in ("p.csv", "p.xlsx")
        assert programme(back, languages, everything=full) == programme(
            shipped, languages, everything=full
        ), name
        if not full:  # one-language formats still carry speakers' names and descriptions
            assert [[p.name for p in s.speakers] for s in back.sessions] == [
                [p.name for p in s.speakers] for s in shipped.sessions
            ], name


def test_reimport_keeps_ids_and_translations_and_reports_changes(
    event_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An updated export re-imported: unchanged sessions keep their other languages, and the
    summary names what moved and what was retitled, as the change notices do."""
    shipped = load_event(SHIPPED_EVENT)
    source = tmp_path / "programme.json"
    exported = to_frab_json(shipped, "es").decode()
    exported = exported.replace('"Sesión inaugural"', '"Apertura oficial"')
    source.write_text(exported, encoding="utf-8")
    assert run("import", str(source), "--into", str(event_copy)) == 0
    out, err = capsys.readouterr()
    assert "• Sesión inaugural ahora se llama Apertura oficial" in out
    assert "opening: no title in en, fr" in err
    event = load_event(event_copy)
    assert titles(event, "es") == {**titles(shipped, "es"), "opening": "Apertura oficial"}
    assert titles(event, "en") == {**titles(shipped, "en"), "opening": ""}
    assert [s.id for s in event.sessions] == [s.id for s in shipped.sessions]


def test_the_import_summary_writes_dates_in_the_locale_the_event_chose(
    event_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The summary is the change notice delegates would read, so it follows ``event.locales``
    as every other date does (it was British whatever the file chose)."""
    source = event_copy.read_text(encoding="utf-8")
    assert "locales: {en: en_GB}" in source
    event_copy.write_text(source.replace("{en: en_GB}", "{en: en_US}"), encoding="utf-8")
    shipped = load_event(SHIPPED_EVENT)
    early_next_day = timedelta(hours=22)  # 07:00 on Thursday, before anything else
    moved = [
        replace(s, start=s.start + early_next_day, end=s.end + early_next_day)
        if s.id == "opening"
        else s
        for s in shipped.sessions
    ]
    programme = tmp_path / "programme.csv"
    programme.write_bytes(to_csv(shipped, moved, "en"))
    assert run("import", str(programme), "--into", str(event_copy), "--lang", "en") == 0
    out, _ = capsys.readouterr()
    assert "Wednesday, November 6" in out and "Thursday, November 7" in out, out


def session_times(event: Event, session_id: str) -> tuple[str, str]:
    session = event.session(session_id)
    assert session is not None
    return (
        f"{event.local(session.start):%Y-%m-%d %H:%M}",
        f"{event.local(session.end):%Y-%m-%d %H:%M}",
    )


def test_a_session_crossing_midnight_ends_the_next_day(event_copy: Path, tmp_path: Path) -> None:
    """One row is one day: an end at or before the start is the next morning, and 24:00 is the
    midnight that closes the day, in CSV and in XLSX (whose time cells carry no date)."""
    source = tmp_path / "late.csv"
    source.write_text(
        "day,start,end,title_en\n2024-11-07,21:00,01:00,Gala dinner\n"
        "2024-11-06,22:00,24:00,Night walk\n",
        encoding="utf-8",
    )
    expected = {
        "2024-11-07-gala-dinner": ("2024-11-07 21:00", "2024-11-08 01:00"),
        "2024-11-06-night-walk": ("2024-11-06 22:00", "2024-11-07 00:00"),
    }
    assert run("import", str(source), "--into", str(event_copy), "--lang", "en") == 0
    event = load_event(event_copy)
    assert {s.id: session_times(event, s.id) for s in event.sessions} == expected
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["day", "start", "end", "title_en"])
    sheet.append([datetime(2024, 11, 7), time(21), time(1), "Gala dinner"])
    sheet.append([datetime(2024, 11, 6), time(22), timedelta(days=1), "Night walk"])
    workbook = tmp_path / "late.xlsx"
    book.save(workbook)
    assert run("import", str(workbook), "--into", str(event_copy), "--lang", "en") == 0
    event = load_event(event_copy)
    assert {s.id: session_times(event, s.id) for s in event.sessions} == expected


def test_a_translation_added_to_a_csv_keeps_the_session_id(
    event_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without an id column the id comes from the source language's title: filling in the
    Spanish title of an English programme later must not cancel and re-create the session."""
    first, second = tmp_path / "v1.csv", tmp_path / "v2.csv"
    first.write_text("day,start,end,title_es,title_en\n2024-11-06,09:00,10:00,,Opening\n")
    second.write_text("day,start,end,title_es,title_en\n2024-11-06,09:00,10:00,Apertura,Opening\n")
    assert run("import", str(first), "--into", str(event_copy), "--lang", "en") == 0
    capsys.readouterr()
    assert run("import", str(second), "--into", str(event_copy), "--lang", "en") == 0
    out, _ = capsys.readouterr()
    assert "cancelled" not in out and "New:" not in out, out
    [session] = load_event(event_copy).sessions
    assert session.id == "2024-11-06-opening"
    assert dict(session.title.values) == {"es": "Apertura", "en": "Opening"}


def test_a_cancelled_session_in_the_bots_own_calendar_stays_cancelled(
    event_copy: Path, tmp_path: Path
) -> None:
    """The whole-programme .ics keeps a cancelled session as STATUS:CANCELLED (so phones drop
    it); importing that file back must not bring the session back."""
    shipped = load_event(SHIPPED_EVENT)
    dropped = shipped.sessions[1]
    kept = [s for s in shipped.sessions if s.id != dropped.id]
    ics = calendar_file(
        shipped,
        Translator("es", shipped.timezone),
        kept,
        cancelled=[replace(Snapshot.of(dropped), cancelled=True)],
        now=datetime(2024, 1, 1, tzinfo=UTC),
    )
    assert b"STATUS:CANCELLED" in ics
    source = tmp_path / "programme.ics"
    source.write_bytes(ics)
    assert run("import", str(source), "--into", str(event_copy)) == 0
    assert [s.id for s in load_event(event_copy).sessions] == [s.id for s in kept]
