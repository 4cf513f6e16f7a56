"""The event file contract: the shipped files load, and every kind of mistake is reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.programme.loader import InvalidEventFile, load_event, parse_event
from tests.conftest import OTHER_EVENT, ROOT, SHIPPED_EVENT

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
    bad = subprocess.run(
        [sys.executable, "main.py", "check", str(broken)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    lines = bad.stderr.strip().splitlines()
    assert any(f"{broken}:" in line and "unknown key 'tz'" in line for line in lines), lines
    assert any("missing required key 'timezone'" in line for line in lines), lines
