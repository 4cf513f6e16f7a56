"""iCalendar (.ics) programmes: Indico, Google Calendar and Outlook exports.

One VEVENT is one session. Times with a TZID or in UTC are converted into the event's zone,
floating times are taken as the event's local time. Recurring events are refused: a meeting's
programme has no weekly sessions, and an expanded rule would invent ids the next export lacks.
A VEVENT with ``STATUS:CANCELLED`` is left out: that is how the bot's own whole-programme export
and Outlook keep a cancelled session in a calendar, and it must stay cancelled.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from icalendar import Calendar

from bot.programme.importers.model import (
    ImportedSession,
    ImportedSpeaker,
    Problem,
    Target,
    fold,
    local,
    stable_id,
)

VEVENT_LINE = re.compile(r"^BEGIN:VEVENT\s*$", re.MULTILINE | re.IGNORECASE)
BULLET = "• "
CATEGORY_KINDS = {"plenary", "panel", "workshop", "break", "meal", "social", "other"}


def read_ics(path: str, raw: bytes, target: Target) -> tuple[list[ImportedSession], list[Problem]]:
    text = raw.decode("utf-8", errors="replace")
    try:
        calendar = Calendar.from_ical(raw)
    except (ValueError, IndexError, KeyError) as exc:
        return [], [Problem(f"{path}:1", f"not an iCalendar file: {exc}")]
    lines = [text.count("\n", 0, m.start()) + 1 for m in VEVENT_LINE.finditer(text)]
    sessions: list[ImportedSession] = []
    problems: list[Problem] = []
    events = calendar.walk("VEVENT")
    if not events:
        problems.append(Problem(f"{path}:1", "no VEVENT in the calendar: nothing to import"))
    for index, component in enumerate(events):
        if str(component.get("status", "")).strip().upper() == "CANCELLED":
            continue
        where = f"{path}:{lines[index] if index < len(lines) else 1}"
        session = _session(component, where, target, problems)
        if session is not None:
            sessions.append(session)
    return sessions, problems


def _session(
    component: Calendar, where: str, target: Target, problems: list[Problem]
) -> ImportedSession | None:
    found = len(problems)
    summary = str(component.get("summary", "")).strip()
    if not summary:
        problems.append(Problem(where, "VEVENT without SUMMARY (the session's title)"))
    if "rrule" in component or "rdate" in component:
        problems.append(
            Problem(
                where,
                "recurring event (RRULE/RDATE): export the occurrences as single events, "
                "a programme's sessions each need their own time",
            )
        )
    start = _moment(component, "dtstart", where, target, problems)
    end = _moment(component, "dtend", where, target, problems, required=False)
    if start is not None and end is None:
        duration = component.get("duration")
        if duration is not None and isinstance(duration.dt, timedelta):
            end = start + duration.dt
        else:
            problems.append(Problem(where, "VEVENT without DTEND or DURATION"))
    if len(problems) > found or start is None or end is None:
        return None
    uid = str(component.get("uid", "")).strip()
    local_part = uid.split("@", 1)[0] if uid else ""
    session_id = stable_id(local_part or f"{start.date().isoformat()}-{summary}")
    speakers, description = _speakers(
        str(component.get("description", "")).strip(), target.language
    )
    location = str(component.get("location", "")).strip() or None
    categories = [fold(str(c)) for c in _categories(component)]
    kind = next((c for c in categories if c in CATEGORY_KINDS), "other")
    return ImportedSession(
        where=where,
        id=session_id,
        title={target.language: summary},
        start=start,
        end=end,
        room=location,
        kind=kind,
        speakers=speakers,
        description={target.language: description} if description else {},
        id_from_source=bool(local_part),
        absent=frozenset(
            {"floor_language", "interpretation"}
            | (set() if speakers else {"speakers"})
            | (set() if categories else {"kind"})
        ),
    )


def _speakers(description: str, language: str) -> tuple[list[ImportedSpeaker], str]:
    """Speakers listed as "• Name, Affiliation" lines at the top of DESCRIPTION (as the bot's
    own calendar files write them), and the rest of the description."""
    lines = description.split("\n")
    speakers = []
    while lines and lines[0].startswith(BULLET):
        name, _, affiliation = lines.pop(0)[len(BULLET) :].partition(", ")
        affiliation = affiliation.strip()
        speakers.append(
            ImportedSpeaker(name.strip(), {language: affiliation} if affiliation else {})
        )
    return speakers, "\n".join(lines).strip()


def _categories(component: Calendar) -> list[str]:
    value = component.get("categories")
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(c) for v in values for c in getattr(v, "cats", [v])]


def _moment(
    component: Calendar,
    key: str,
    where: str,
    target: Target,
    problems: list[Problem],
    *,
    required: bool = True,
) -> datetime | None:
    prop = component.get(key)
    if prop is None:
        if required:
            problems.append(Problem(where, f"VEVENT without {key.upper()}"))
        return None
    value = prop.dt
    if not isinstance(value, datetime):
        if isinstance(value, date):
            problems.append(
                Problem(where, f"{key.upper()} is a whole day: a session needs a start time")
            )
        else:
            problems.append(Problem(where, f"{key.upper()} is not a date and time"))
        return None
    return local(value, target.timezone)
