"""The event file contract: the shipped files load, and every kind of mistake is reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.programme.loader import InvalidEventFile, load_event, parse_event
from tests.conftest import OTHER_EVENT, ROOT, SHIPPED_EVENT, Harness, StartHarness

VALID = """\
event:
  id: test-meeting
  name: {es: Reunión, en: Meeting}
  timezone: America/Santo_Domingo
  languages: [es, en]
  default_language: es
venue:
  name: Hotel
  address: Calle 1
  rooms:
    - id: salon-a
      name: Salón A
sessions:
  - id: opening
    title: Apertura
    start: 2024-11-06T09:00
    end: 2024-11-06T10:00
    room: salon-a
faq:
  - id: wifi-help
    questions: {es: ["¿Hay wifi?"]}
    answer: Sí
"""


def errors_of(source: str) -> list[str]:
    with pytest.raises(InvalidEventFile) as caught:
        parse_event(source, "meeting.yaml")
    return [str(e) for e in caught.value.errors]


def test_shipped_event_is_valid_and_complete(shipped_event) -> None:
    assert shipped_event.id == "aspnet-lac-2024"
    assert shipped_event.languages == ("es", "en", "fr")
    assert shipped_event.default_language == "es"
    assert str(shipped_event.timezone) == "America/Santo_Domingo"
    assert [d.isoformat() for d in shipped_event.days()] == [
        "2024-11-06",
        "2024-11-07",
        "2024-11-08",
    ]
    for entry in shipped_event.faq:
        for language in shipped_event.languages:
            assert len(entry.questions.get(language, ())) >= 4, (entry.id, language)
    kinds = {s.kind for s in shipped_event.sessions}
    assert {"plenary", "workshop", "break", "meal"} <= kinds


def test_shipped_file_says_what_is_sample() -> None:
    header = SHIPPED_EVENT.read_text(encoding="utf-8").split("\nevent:")[0]
    assert "SAMPLE" in header.upper()
    assert "article" in header.lower()


def test_other_event_is_valid(other_event) -> None:
    assert other_event.default_language == "en"
    assert other_event.sessions


def test_local_times_are_read_in_the_event_zone() -> None:
    event = parse_event(VALID, "meeting.yaml")
    start = event.sessions[0].start
    assert start.utcoffset().total_seconds() == -4 * 3600
    assert start.hour == 9


def test_explicit_offset_is_kept() -> None:
    event = parse_event(VALID.replace("2024-11-06T09:00", "2024-11-06T13:00+00:00"), "m.yaml")
    assert event.sessions[0].start.astimezone(event.timezone).hour == 9


def test_plain_text_is_the_same_in_every_language() -> None:
    event = parse_event(VALID, "meeting.yaml")
    assert event.venue.name.get("en") == event.venue.name.get("es") == "Hotel"
    assert event.name.get("fr") == "Reunión"  # a missing language falls back to the default


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("  id: test-meeting\n", "  id: test-meeting\n  colour: red\n"),
            "meeting.yaml:3: event: unknown key 'colour'",
        ),
        (
            ("  timezone: America/Santo_Domingo\n", ""),
            "meeting.yaml:2: event: missing required key 'timezone'",
        ),
        (
            ("America/Santo_Domingo", "Mars/Olympus"),
            "meeting.yaml:4: event.timezone: unknown time zone 'Mars/Olympus'",
        ),
        (
            ("default_language: es", "default_language: fr"),
            "meeting.yaml:6: event.default_language: language 'fr' is not in event.languages",
        ),
        (
            ("{es: Reunión, en: Meeting}", "{es: Reunión, de: Treffen}"),
            "meeting.yaml:3: event.name: language 'de' is not in event.languages",
        ),
        (("  address: Calle 1\n", ""), "meeting.yaml:8: venue: missing required key 'address'"),
        (
            ("start: 2024-11-06T09:00", "start: mañana"),
            "meeting.yaml:16: sessions[0] (opening).start: 'mañana' is not a date and time like 2024-11-06T09:00",
        ),
        (
            ("end: 2024-11-06T10:00", "end: 2024-11-06T08:00"),
            "meeting.yaml:17: sessions[0] (opening).end: must be after start",
        ),
        (
            ("room: salon-a", "room: salon-z"),
            "meeting.yaml:18: sessions[0] (opening).room: unknown room 'salon-z' (not in venue.rooms)",
        ),
        (
            ("    room: salon-a\n", "    room: salon-a\n    kind: party\n"),
            "meeting.yaml:19: sessions[0] (opening).kind: unknown kind 'party'",
        ),
        (
            ("    room: salon-a\n", "    room: salon-a\n    interpretation: [fr]\n"),
            "meeting.yaml:19: sessions[0] (opening).interpretation[0]: language 'fr' is not in event.languages",
        ),
        (
            ("  - id: wifi-help", "  - id: Wifi Help"),
            "meeting.yaml:20: faq[0].id: 'Wifi Help' is not a slug",
        ),
        (
            ('questions: {es: ["¿Hay wifi?"]}', 'questions: {fr: ["Wifi ?"]}'),
            "meeting.yaml:21: faq[0] (wifi-help).questions: language 'fr' is not in event.languages",
        ),
        (("    answer: Sí\n", ""), "meeting.yaml:20: faq[0]: missing required key 'answer'"),
        (
            ('{es: ["¿Hay wifi?"]}', "¿Hay wifi?"),
            "meeting.yaml:21: faq[0] (wifi-help).questions: expected a mapping",
        ),
    ],
)
def test_each_mistake_is_reported_with_its_line(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in VALID
    errors = errors_of(VALID.replace(old, new, 1))
    assert any(e.startswith(expected) for e in errors), errors


def test_duplicate_ids_are_reported() -> None:
    source = VALID.replace(
        "      name: Salón A\n", "      name: Salón A\n    - id: salon-a\n      name: Otra\n"
    )
    opening = VALID[VALID.index("  - id: opening") : VALID.index("faq:")]
    source = source.replace("faq:", opening.replace("Apertura", "Otra") + "faq:")
    errors = errors_of(source)
    assert any("venue.rooms: duplicate id 'salon-a'" in e for e in errors), errors
    assert any("sessions: duplicate id 'opening'" in e for e in errors), errors


def test_all_errors_are_reported_at_once_in_line_order() -> None:
    source = (
        VALID.replace("Mars", "x")
        .replace("default_language: es", "default_language: de")
        .replace("end: 2024-11-06T10:00", "end: 2024-11-06T08:00")
        .replace("room: salon-a", "room: nowhere")
    )
    errors = errors_of(source)
    assert len(errors) == 3
    lines = [int(e.split(":")[1]) for e in errors]
    assert lines == sorted(lines)


def test_broken_yaml_is_reported_with_its_line() -> None:
    errors = errors_of(VALID.replace("  languages: [es, en]", "  languages: [es, en"))
    assert len(errors) == 1
    assert errors[0].startswith("meeting.yaml:")
    assert "not valid YAML" in errors[0]


def test_empty_and_missing_files(tmp_path: Path) -> None:
    assert errors_of("") == ["meeting.yaml:1: the file is empty"]
    with pytest.raises(InvalidEventFile) as caught:
        load_event(tmp_path / "nope.yaml")
    assert "cannot read the file" in str(caught.value)


def test_check_command_accepts_the_shipped_file_and_rejects_a_broken_one(tmp_path: Path) -> None:
    ok = subprocess.run(
        [sys.executable, "main.py", "check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0, ok.stderr
    assert "OK" in ok.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text(OTHER_EVENT.read_text(encoding="utf-8").replace("timezone:", "tz:", 1))
    code, lines, _ = check(broken)
    assert code == 2
    assert any(f"{broken}:" in line and "unknown key 'tz'" in line for line in lines), lines
    assert any("missing required key 'timezone'" in line for line in lines), lines


DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("Calle 1", "Calle\x071"), "9: not valid YAML: character U+0007 is not allowed"),
        (("Calle 1", "Calle\x001"), "9: not valid YAML: character U+0000 is not allowed"),
        (("America/Santo_Domingo", "America"), "4: event.timezone: unknown time zone 'America'"),
        (("America/Santo_Domingo", "Europe"), "4: event.timezone: unknown time zone 'Europe'"),
        (
            ("America/Santo_Domingo", "America/Argentina"),
            "4: event.timezone: unknown time zone 'America/Argentina'",
        ),
        (
            ("answer: Sí", f"answer: {DEEP}"),
            "22: not valid YAML: lists or mappings nested too deeply",
        ),
    ],
    ids=["bell", "nul", "zone-folder", "zone-folder-2", "zone-subfolder", "deep-nesting"],
)
def test_check_reports_files_that_crashed_the_loader_with_their_line(
    change: tuple[str, str], expected: str, tmp_path: Path
) -> None:
    """A control character, a folder of the zone database or nesting deeper than Python's stack
    raised a traceback; each is one ``FILE:LINE`` error like any other mistake."""
    old, new = change
    assert old in VALID
    path = tmp_path / "meeting.yaml"
    path.write_text(VALID.replace(old, new, 1), encoding="utf-8")
    code, errors, _ = check(path)
    assert code == 2
    [line] = errors
    assert line.startswith(f"{path}:{expected}"), errors


async def test_reload_reports_a_control_character_with_its_line(
    make_harness: StartHarness, tmp_path: Path
) -> None:
    """/reload reads the file with the same loader, so it gets the same line, not a crash."""
    path = tmp_path / "event.yaml"
    path.write_text(VALID, encoding="utf-8")
    h: Harness = await make_harness(load_event(path), organisers=frozenset({9}))
    organiser = h.delegate("en")
    organiser.user_id = 9
    path.write_text(VALID.replace("Calle 1", "Calle\x071"), encoding="utf-8")
    [report] = await organiser.send("/reload")
    assert f"{path}:9: not valid YAML: character U+0007 is not allowed" in report["text"]


def check(path: Path, timeout: float = 60) -> tuple[int, list[str], str]:
    """``python main.py check FILE``: exit code, stderr lines, stdout."""
    done = subprocess.run(
        [sys.executable, "main.py", "check", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    return done.returncode, done.stderr.splitlines(), done.stdout


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("end: 2024-11-06T10:00", "end: 9999-12-31T23:00"),
            ["17: sessions[0] (opening).end: year 9999 is outside 1900..2200"],
        ),
        (
            ("start: 2024-11-06T09:00", "start: 0001-01-01T00:30"),
            ["16: sessions[0] (opening).start: year 1 is outside 1900..2200"],
        ),
    ],
    ids=["year-9999", "year-1"],
)
def test_check_refuses_years_no_meeting_has(
    change: tuple[str, str], expected: list[str], tmp_path: Path
) -> None:
    """Year 9999 crashed ``check`` (it overflows in UTC) and year 1 was accepted, to crash
    /calendar later."""
    old, new = change
    path = tmp_path / "meeting.yaml"
    path.write_text(VALID.replace(old, new, 1), encoding="utf-8")
    code, errors, _ = check(path)
    assert code == 2
    assert [e for e in errors if "year" in e] == [f"{path}:{line}" for line in expected], errors


def test_two_sessions_in_one_room_at_once_are_warned_about_not_refused(tmp_path: Path) -> None:
    """A duplicated session whose room was left unchanged: a warning at its line, since coffee
    served in a room during another session can be meant."""
    panel = (
        "  - id: panel\n    title: Panel\n    start: 2024-11-06T09:30\n"
        "    end: 2024-11-06T10:30\n    room: salon-a\n"
        "  - id: later\n    title: Luego\n    start: 2024-11-06T10:30\n"
        "    end: 2024-11-06T11:00\n    room: salon-a\n"
    )
    path = tmp_path / "meeting.yaml"
    path.write_text(VALID.replace("faq:\n", panel + "faq:\n", 1), encoding="utf-8")
    code, errors, out = check(path)
    assert code == 0
    assert errors == [
        f"{path}:19: warning: 'panel' starts in room 'salon-a' at 09:30 on 2024-11-06, before "
        "'opening' ends there at 10:00"
    ], "back to back is not an overlap"
    assert "1 session(s) overlapping another in its room" in out


def test_a_time_the_clocks_skip_is_refused(tmp_path: Path) -> None:
    """02:30 on the night Paris moves to summer time never happens: shown as written, it would
    be kept as 03:30, and every reminder would be an hour off."""
    source = VALID.replace("America/Santo_Domingo", "Europe/Paris").replace(
        "2024-11-06", "2025-03-30"
    )
    path = tmp_path / "meeting.yaml"
    path.write_text(source.replace("T09:00", "T02:30", 1), encoding="utf-8")
    code, errors, _ = check(path)
    assert code == 2
    assert errors == [
        f"{path}:16: sessions[0] (opening).start: 2025-03-30T02:30 does not exist in "
        "Europe/Paris (clocks skip it)"
    ]
    path.write_text(source.replace("T09:00", "T03:30", 1), encoding="utf-8")
    assert check(path)[0] == 0


LUNCH = """\
  - id: lunch
    title: Almuerzo
    start: 2024-11-06T12:00
    end: 2024-11-06T13:00
faq:
"""


@pytest.mark.parametrize(
    ("lunch", "expected"),
    [
        (
            (
                "start: 2024-11-06T12:00\n    end: 2024-11-06T13:00",
                "start: 2025-11-06T12:00\n    end: 2025-11-06T13:00",
            ),
            "21: sessions[1] (lunch).start: the programme would span 366 days (2024-11-06 to 2025-11-06)",
        ),
        (
            ("end: 2024-11-06T13:00", "end: 2024-12-25T13:00"),
            "22: sessions[1] (lunch).end: the programme would span 50 days (2024-11-06 to 2024-12-25)",
        ),
    ],
    ids=["year-typo", "month-typo"],
)
def test_a_programme_longer_than_a_month_is_a_date_typo(
    lunch: tuple[str, str], expected: str
) -> None:
    """One session a year after the others made "the meeting takes place from 6 November 2024
    to 6 November 2025" and a day button for it."""
    source = VALID.replace("faq:\n", LUNCH.replace(*lunch))
    assert source != VALID.replace("faq:\n", LUNCH)
    assert errors_of(source) == [f"meeting.yaml:{expected}, more than 31: is this date a typo?"]
    three_weeks = VALID.replace("faq:\n", LUNCH.replace("2024-11-06T1", "2024-11-26T1"))
    assert len(parse_event(three_weeks, "meeting.yaml").days()) == 2


def test_a_byte_that_is_not_utf8_is_reported_on_its_line(tmp_path: Path) -> None:
    """A file saved as Latin-1 was reported at line 1 with an offset in bytes."""
    path = tmp_path / "meeting.yaml"
    latin1 = VALID.encode("utf-8").replace(b"Calle 1", "Calle Peña 1".encode("latin-1"))
    path.write_bytes(latin1)  # the rest of the file is UTF-8 ("Reunión" on line 3)
    code, errors, _ = check(path)
    assert code == 2
    assert errors == [f"{path}:9: byte 0xf1 is not UTF-8 (save the file as UTF-8)"]


def test_a_language_without_a_catalog_is_refused() -> None:
    """``languages: [es, sp]`` passed: Spanish phones then got the default language, and the
    picker offered "sp", whose menus were English."""
    errors = errors_of(VALID.replace("languages: [es, en]", "languages: [es, en, sp]"))
    assert errors == [
        "meeting.yaml:5: event.languages[2]: no catalog for language 'sp' under locales/ "
        "(the bot speaks en, es, fr)"
    ]


def test_check_takes_linear_time_on_a_long_unbroken_title(tmp_path: Path) -> None:
    """The placeholder-address pattern rescanned a long token from each of its characters: a
    title of 50,000 letters took 24 s, 100,000 more than a minute and a half."""
    source = VALID.replace("title: Apertura", f"title: {'a' * 100_000}")
    path = tmp_path / "meeting.yaml"
    path.write_text(source.replace("address: Calle 1", "address: info@example.org"))
    code, warnings, out = check(path, timeout=20)
    assert code == 0 and "OK" in out
    assert warnings == [
        f"{path}:9: warning: 'info@example.org' is a placeholder address (example.org)"
    ]
