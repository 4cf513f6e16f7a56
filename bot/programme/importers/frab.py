"""frab schedule XML and JSON, as pretalx, frab and their ecosystem export them.

Both carry the same tree: days, rooms, and events with a start, a duration, a type, a language
and persons. XML is parsed with defusedxml: a schedule is often fetched from a web site, and the
standard parsers would expand entity bombs from it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from xml.etree.ElementTree import Element
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from bot.programme.importers.model import (
    ImportedSession,
    ImportedSpeaker,
    Problem,
    Target,
    fold,
    line_of,
    local,
    stable_id,
)

DURATION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?::(\d{2}))?$")
CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
# frab and pretalx session types, and words organisers use for them, as the bot's kinds.
TYPE_KINDS = {
    "plenary": "plenary", "keynote": "plenary", "opening": "plenary", "closing": "plenary",
    "panel": "panel", "discussion": "panel", "round-table": "panel",
    "workshop": "workshop", "lab": "workshop", "tutorial": "workshop",
    "break": "break", "coffee-break": "break", "pause": "break",
    "meal": "meal", "lunch": "meal", "dinner": "meal",
    "social": "social", "excursion": "social", "reception": "social",
}  # fmt: skip


def read_frab_xml(
    path: str, raw: bytes, target: Target
) -> tuple[list[ImportedSession], list[Problem]]:
    text = raw.decode("utf-8", errors="replace")
    try:
        root = ElementTree.fromstring(raw)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        return [], [Problem(f"{path}:{_xml_line(exc)}", f"not a frab schedule XML file: {exc}")]
    if root.tag != "schedule":
        return [], [Problem(f"{path}:1", f"the root element is <{root.tag}>, not <schedule>")]
    zone = _zone(root.findtext("conference/time_zone_name"), target)
    records = []
    cursor = 0
    for day in root.iter("day"):
        for room in day.iter("room"):
            for event in room.iter("event"):
                line, cursor = line_of(text, "<event", cursor)
                records.append((line, day.get("date"), room.get("name"), _xml_event(event)))
    return _read(path, records, zone, target)


def read_frab_json(
    path: str, raw: bytes, target: Target
) -> tuple[list[ImportedSession], list[Problem]]:
    text = raw.decode("utf-8", errors="replace")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [Problem(f"{path}:{exc.lineno}", f"not valid JSON: {exc.msg}")]
    conference = data.get("schedule", {}).get("conference") if isinstance(data, dict) else None
    if not isinstance(conference, dict):
        return [], [Problem(f"{path}:1", "no schedule.conference: not a frab schedule JSON")]
    zone = _zone(conference.get("time_zone_name"), target)
    records = []
    days = conference.get("days")
    for day in days if isinstance(days, list) else []:
        rooms = day.get("rooms") if isinstance(day, dict) else None
        for room_name, events in rooms.items() if isinstance(rooms, dict) else ():
            for event in events if isinstance(events, list) else []:
                if not isinstance(event, dict):
                    continue
                needle = str(event.get("guid") or "") or json.dumps(str(event.get("title")))[1:-1]
                line = line_of(text, needle)[0]
                records.append((line, day.get("date"), room_name, event))
    return _read(path, records, zone, target)


def _xml_line(exc: Exception) -> int:
    position = getattr(exc, "position", None)
    return int(position[0]) if position else 1


def _xml_event(element: Element) -> dict[str, Any]:
    """An XML <event> as the JSON form's dictionary, so one function reads both."""
    fields: dict[str, Any] = {"guid": element.get("guid"), "id": element.get("id")}
    for child in element:
        if child.tag == "persons":
            fields["persons"] = [{"name": (p.text or "").strip()} for p in child.iter("person")]
        elif len(child) == 0:
            fields[child.tag] = (child.text or "").strip()
    return fields


def _zone(name: object, target: Target) -> ZoneInfo:
    if isinstance(name, str) and name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return target.timezone


def _read(
    path: str,
    records: list[tuple[int, object, object, Mapping[str, Any]]],
    zone: ZoneInfo,
    target: Target,
) -> tuple[list[ImportedSession], list[Problem]]:
    sessions: list[ImportedSession] = []
    problems: list[Problem] = []
    if not records:
        problems.append(Problem(f"{path}:1", "no events in the schedule: nothing to import"))
    for line, day, room, event in records:
        where = f"{path}:{line}"
        found = len(problems)
        title = str(event.get("title") or "").strip()
        if not title:
            problems.append(Problem(where, "event without a title"))
        start = _start(event, day, zone, where, problems)
        duration = _duration(event.get("duration"), where, problems)
        if len(problems) > found or start is None or duration is None:
            continue
        sessions.append(_session(event, where, title, start, duration, room, target))
    return sessions, problems


def _session(
    event: Mapping[str, Any],
    where: str,
    title: str,
    start: datetime,
    duration: timedelta,
    room: object,
    target: Target,
) -> ImportedSession:
    lang = target.language
    slug = str(event.get("slug") or "")
    guid = str(event.get("guid") or "")
    raw_id = slug if slug and fold(slug) == slug and len(slug) <= 48 else guid
    kinds = (TYPE_KINDS.get(fold(str(event.get(k) or ""))) for k in ("type", "track"))
    abstract = str(event.get("abstract") or event.get("description") or "").strip()
    spoken = str(event.get("language") or "").strip().lower()
    return ImportedSession(
        where=where,
        id=stable_id(raw_id or f"{start.date().isoformat()}-{title}"),
        title={lang: title},
        start=start,
        end=start + duration,
        room=str(event.get("room") or room or "").strip() or None,
        kind=next((k for k in kinds if k), "other"),
        speakers=list(_persons(event.get("persons"))),
        description={lang: abstract} if abstract else {},
        floor_language=spoken if spoken in target.languages else None,
        id_from_source=bool(raw_id),
        absent=frozenset({"interpretation"}),
    )


def _persons(persons: object) -> Iterator[ImportedSpeaker]:
    for person in persons if isinstance(persons, list) else []:
        if isinstance(person, dict):
            name = str(person.get("public_name") or person.get("name") or "").strip()
            if name:
                yield ImportedSpeaker(name)


def _start(
    event: Mapping[str, Any], day: object, zone: ZoneInfo, where: str, problems: list[Problem]
) -> datetime | None:
    """The event's ``date`` (a full date-time), else its day's date and ``start`` clock time."""
    value = str(event.get("date") or "").strip()
    if "T" in value:
        try:
            return local(_aware(datetime.fromisoformat(value), zone), zone)
        except ValueError:
            problems.append(Problem(where, f"date '{value}' is not a date and time"))
            return None
    clock = CLOCK.match(str(event.get("start") or "").strip())
    try:
        on = date.fromisoformat(value or str(day or ""))
    except ValueError:
        on = None
    if clock is None or on is None:
        problems.append(Problem(where, "event without a start (date, or day and HH:MM start)"))
        return None
    moment = datetime(on.year, on.month, on.day, int(clock[1]), int(clock[2]), tzinfo=zone)
    return moment


def _aware(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _duration(value: object, where: str, problems: list[Problem]) -> timedelta | None:
    match = DURATION.match(str(value or "").strip())
    if match is None:
        problems.append(Problem(where, f"duration '{value or ''}' is not HH:MM"))
        return None
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    length = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    if not length:
        problems.append(Problem(where, "duration 00:00: a session must last some time"))
        return None
    return length
