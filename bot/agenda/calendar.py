"""Calendar files (.ics) of the programme, for delegates who live in their phone's calendar.

Phones keep an imported event and update it only when a later file carries the same UID with a
higher SEQUENCE, so UIDs are derived from ids that never change and sequences come from the
stored programme (``bot.programme.snapshots``), which bumps them on every change. A cancelled
session is still exported, with STATUS:CANCELLED, because that is the only way to take it off a
phone. No Telegram types here: the handler only sends the bytes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Timezone
from icalendar import Event as CalendarEvent

from bot.agenda.follows import FOLLOWED_ONLY_KINDS
from bot.event import Event, Room, Session
from bot.i18n import Translator
from bot.programme.snapshots import Snapshot
from bot.ui import callbacks
from bot.ui.views import Button, Reply

PRODID = "-//UNESCO ASPnet//The meeting bot//EN"


def calendar_file(
    event: Event,
    t: Translator,
    sessions: Sequence[Session],
    *,
    cancelled: Sequence[Snapshot] = (),
    sequences: Mapping[str, int] | None = None,
    lead_minutes: Sequence[int] = (),
    alarmed: Collection[str] | None = None,
    now: datetime,
) -> bytes:
    """The .ics bytes for ``sessions`` (and the ``cancelled`` ones), in ``t``'s language.

    ``alarmed`` limits the alarms to those session ids (``None``: every session), so the file
    reminds the delegate of what the bot itself would remind them of, and of nothing more.
    """
    sequences = sequences or {}
    zone = event.timezone
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", t.text(event.name))
    calendar.add("x-wr-timezone", zone.key)
    shown = {s.id for s in sessions}
    gone = [c for c in cancelled if c.session_id not in shown]
    days = [_local(m, zone).date() for s in (*sessions, *gone) for m in (s.start, s.end)]
    days = days or [_local(now, zone).date()]
    calendar.add_component(_timezone(zone, min(days).year - 1, max(days).year + 2))
    stamp = now.astimezone(UTC)
    entries = [
        _session_entry(event, t, s, sequences.get(s.id, 0), stamp, lead_minutes, alarmed)
        for s in sessions
    ] + [_cancelled_entry(event, t, c, stamp) for c in gone]
    entries.sort(key=lambda e: (e.decoded("dtstart"), str(e["uid"])))
    for entry in entries:
        calendar.add_component(entry)
    return calendar.to_ical()


def reminded(session: Session, followed: Collection[str], mode: str) -> bool:
    """Whether the bot reminds a delegate in ``mode`` of ``session`` (as ``bot.agenda.follows``
    does).

    Used to decide which exported sessions get an alarm: a phone ringing for every coffee break
    is exactly what the "every session" mode spares delegates.
    """
    if mode == "off":
        return False
    if session.id in followed:
        return True
    return mode == "all" and session.kind not in FOLLOWED_ONLY_KINDS


def calendar_choice(t: Translator, followed_count: int | None) -> Reply:
    """Asked first: a delegate who follows nothing yet may still want the whole programme.

    ``followed_count`` None: in a group, where the asker's follows are nobody else's business.
    """
    mine = t.gettext("⭐ My sessions")
    if followed_count is not None:
        mine = t.gettext("⭐ My sessions ({count})").format(count=followed_count)
    return Reply(
        t.gettext("Which sessions should the calendar file contain?"),
        (
            (Button(mine, callbacks.CALENDAR_MINE),),
            (Button(t.gettext("📅 Whole programme"), callbacks.CALENDAR_ALL),),
        ),
    )


def sent_privately(t: Translator) -> str:
    """A toast in the group: where the file went."""
    return t.gettext("📅 Sent to you in our private chat.")


def open_private_chat(t: Translator) -> str:
    """An alert (at most 200 characters): the bot may not write first to a person."""
    return t.gettext(
        "Your sessions are personal, so I send them privately, but I cannot write to you "
        "yet. Open a chat with me, press Start, and try again."
    )


def nothing_followed(t: Translator) -> Reply:
    """An empty calendar file would look like a bug; telling how to follow a session does not."""
    return Reply(
        t.gettext(
            "You do not follow any session yet. Open a session in the programme and press its "
            "Follow button, then ask for the calendar again."
        ),
        ((Button(t.gettext("📅 Programme"), callbacks.PROGRAMME),),),
    )


def file_caption(t: Translator) -> str:
    return t.gettext("Open this file to add the sessions to your phone's calendar.")


@cache
def _zone_component(key: str, first_year: int, last_year: int) -> bytes:
    """Cached: building a VTIMEZONE walks every transition of the zone in the range."""
    component = Timezone.from_tzinfo(
        ZoneInfo(key), first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1)
    )
    return component.to_ical()


def _timezone(zone: ZoneInfo, first_year: int, last_year: int) -> Timezone:
    """The event's zone as a VTIMEZONE, so calendars without a zone database read times right.

    Limited to the years around the meeting, which keeps the component a few lines long.
    """
    return Timezone.from_ical(_zone_component(zone.key, first_year, last_year))


def _title(values: Mapping[str, str], language: str, default_language: str) -> str:
    if language in values:
        return values[language]
    if default_language in values:
        return values[default_language]
    return next(iter(values.values()), "")


def _location(event: Event, t: Translator, room: Room | None) -> str:
    venue = event.venue
    parts = [t.text(room.name)] if room else []
    parts += [t.text(venue.name), t.text(venue.address)]
    return ", ".join(p for p in parts if p)


def _description(session: Session, t: Translator) -> str:
    """Plain text (calendars show no HTML): speakers first, as in the bot's session screen."""
    lines = []
    for speaker in session.speakers:
        if speaker.affiliation:
            lines.append(
                t.gettext("• {name}, {affiliation}").format(
                    name=speaker.name, affiliation=t.text(speaker.affiliation)
                )
            )
        else:
            lines.append(t.gettext("• {name}").format(name=speaker.name))
    if session.description:
        if lines:
            lines.append("")
        lines.append(t.text(session.description))
    return "\n".join(lines)


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    """The event's wall-clock time with its TZID; a time without offset is already local."""
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def _entry(
    uid: str,
    summary: str,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    sequence: int,
    stamp: datetime,
    status: str,
) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", uid)
    entry.add("dtstamp", stamp)
    entry.add("dtstart", _local(start, zone))
    entry.add("dtend", _local(end, zone))
    entry.add("summary", summary)
    entry.add("sequence", sequence)
    entry.add("status", status)
    return entry


def _session_entry(
    event: Event,
    t: Translator,
    session: Session,
    sequence: int,
    stamp: datetime,
    lead_minutes: Sequence[int],
    alarmed: Collection[str] | None,
) -> CalendarEvent:
    title = t.text(session.title)
    entry = _entry(
        f"{session.id}@{event.id}",
        title,
        session.start,
        session.end,
        event.timezone,
        sequence,
        stamp,
        "CONFIRMED",
    )
    entry.add("location", _location(event, t, session.room))
    description = _description(session, t)
    if description:
        entry.add("description", description)
    if alarmed is None or session.id in alarmed:
        for minutes in sorted(set(lead_minutes)):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", timedelta(minutes=-minutes))
            alarm.add("description", title)
            entry.add_component(alarm)
    return entry


def _cancelled_entry(
    event: Event, t: Translator, snapshot: Snapshot, stamp: datetime
) -> CalendarEvent:
    """The last known version of a session gone from the programme, marked cancelled."""
    entry = _entry(
        f"{snapshot.session_id}@{event.id}",
        _title(snapshot.title, t.language, event.default_language),
        snapshot.start,
        snapshot.end,
        event.timezone,
        snapshot.sequence,
        stamp,
        "CANCELLED",
    )
    room = event.room(snapshot.room_id) if snapshot.room_id else None
    entry.add("location", _location(event, t, room))
    return entry
