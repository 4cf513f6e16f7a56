"""The programme written out in the formats the importer reads.

Organisers get a spreadsheet template filled with real rows, and the tests check that
exporting a programme and importing it back gives the same programme. iCalendar export is
``bot.agenda.calendar``'s (the same file delegates get), not a second writer.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Sequence
from xml.etree.ElementTree import Element, SubElement, tostring

from openpyxl import Workbook

from bot.event import Event, Session
from bot.programme.importers.sheet import header

GUID_NAMESPACE = uuid.UUID("6f1c1d2e-7a53-4c3b-9a51-4b0f8f3a8e10")


def sheet_rows(event: Event, sessions: Sequence[Session], language: str) -> list[list[str]]:
    """The header and one row per session; speakers' affiliations in ``language``."""
    rows = [header(event.languages)]
    for s in sessions:
        start, end = event.local(s.start), event.local(s.end)
        row = {
            "day": start.date().isoformat(),
            "start": f"{start:%H:%M}",
            "end": f"{end:%H:%M}",
            "id": s.id,
            "room": s.room.id if s.room else "",
            "kind": s.kind,
            "speakers": "; ".join(
                f"{p.name} ({p.affiliation.get(language)})" if p.affiliation else p.name
                for p in s.speakers
            ),
            "floor_language": s.floor_language or "",
            "interpretation": ", ".join(s.interpretation),
        }
        for lang in event.languages:
            row[f"title_{lang}"] = s.title.values.get(lang, "")
            row[f"description_{lang}"] = s.description.values.get(lang, "") if s.description else ""
        rows.append([row[column] for column in rows[0]])
    return rows


def to_csv(event: Event, sessions: Sequence[Session], language: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(sheet_rows(event, sessions, language))
    return out.getvalue().encode("utf-8")


def to_xlsx(event: Event, sessions: Sequence[Session], language: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Programme"
    for row in sheet_rows(event, sessions, language):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _frab_events(event: Event, language: str) -> list[tuple[str, str, dict[str, object]]]:
    """(day, room name, event) triples, the frab JSON event fields in one language."""
    records = []
    for s in event.sessions:
        start = event.local(s.start)
        minutes = int((s.end - s.start).total_seconds() // 60)
        room = s.room.name.get(language) if s.room else ""
        records.append(
            (
                start.date().isoformat(),
                room,
                {
                    "guid": str(uuid.uuid5(GUID_NAMESPACE, f"{event.id}/{s.id}")),
                    "date": start.isoformat(),
                    "start": f"{start:%H:%M}",
                    "duration": f"{minutes // 60:02d}:{minutes % 60:02d}",
                    "room": room,
                    "slug": s.id,
                    "title": s.title.get(language),
                    "type": s.kind,
                    "language": s.floor_language or "",
                    "abstract": s.description.get(language) if s.description else "",
                    "persons": [{"name": p.name} for p in s.speakers],
                },
            )
        )
    return records


def to_frab_json(event: Event, language: str) -> bytes:
    days: dict[str, dict[str, list[dict[str, object]]]] = {}
    for day, room, record in _frab_events(event, language):
        days.setdefault(day, {}).setdefault(room, []).append(record)
    schedule = {
        "schedule": {
            "version": "1",
            "conference": {
                "acronym": event.id,
                "title": event.name.get(language),
                "time_zone_name": event.timezone.key,
                "days": [
                    {"index": i, "date": day, "rooms": rooms}
                    for i, (day, rooms) in enumerate(sorted(days.items()), start=1)
                ],
            },
        }
    }
    return json.dumps(schedule, ensure_ascii=False, indent=2).encode("utf-8")


def to_frab_xml(event: Event, language: str) -> bytes:
    root = Element("schedule")
    SubElement(root, "version").text = "1"
    conference = SubElement(root, "conference")
    SubElement(conference, "acronym").text = event.id
    SubElement(conference, "title").text = event.name.get(language)
    SubElement(conference, "time_zone_name").text = event.timezone.key
    days: dict[str, Element] = {}
    rooms: dict[tuple[str, str], Element] = {}
    for day, room, record in _frab_events(event, language):
        if day not in days:
            days[day] = SubElement(root, "day", index=str(len(days) + 1), date=day)
        if (day, room) not in rooms:
            rooms[day, room] = SubElement(days[day], "room", name=room)
        element = SubElement(rooms[day, room], "event", guid=str(record["guid"]))
        for key in ("date", "start", "duration", "room", "slug", "title", "type", "language",
                    "abstract"):  # fmt: skip
            SubElement(element, key).text = str(record[key])
        persons = SubElement(element, "persons")
        for person in record["persons"]:  # type: ignore[attr-defined]
            SubElement(persons, "person").text = person["name"]
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode").encode()
