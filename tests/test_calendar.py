"""Calendar files: read back with icalendar, as a phone's calendar would read them."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar
from icalendar.cal import Component

from bot.agenda.calendar import calendar_choice, calendar_file, reminded
from bot.agenda.follows import FollowStore, ReminderSettings
from bot.event import Event, Session
from bot.i18n import Translator
from bot.programme.snapshots import ProgrammeStore, Snapshot
from bot.ui.callbacks import CALENDAR_ALL as ALL
from bot.ui.callbacks import CALENDAR_MINE as MINE
from tests.botapi import UploadedFile
from tests.conftest import SANTO_DOMINGO, Harness, buttons

NOW = datetime(2024, 11, 1, 12, 0, tzinfo=UTC)
LANGUAGES = ["es", "en", "fr"]


def tr(language: str) -> Translator:
    return Translator(language, SANTO_DOMINGO)


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def vevents(data: bytes) -> dict[str, Component]:
    return {str(e["uid"]): e for e in parse(data).walk("VEVENT")}


def export(event: Event, language: str = "en", **kwargs: Any) -> bytes:
    kwargs.setdefault("sessions", event.sessions)
    kwargs.setdefault("now", NOW)
    return calendar_file(event, tr(language), **kwargs)


def opening(event: Event) -> Session:
    session = event.session("opening")
    assert session is not None
    return session


def cancelled_snapshot(event: Event, session_id: str = "dropped", sequence: int = 4) -> Snapshot:
    """A session that was in the file (as the opening, but another id) and is gone now."""
    snapshot = Snapshot.of(opening(event), sequence)
    return dataclasses.replace(snapshot, session_id=session_id, cancelled=True)


def test_one_event_per_session_with_a_stable_uid(shipped_event: Event) -> None:
    events = vevents(export(shipped_event))
    assert sorted(events) == sorted(f"{s.id}@{shipped_event.id}" for s in shipped_event.sessions)
    assert len(parse(export(shipped_event)).walk("VEVENT")) == len(shipped_event.sessions)


def test_uids_do_not_change_between_exports(shipped_event: Event) -> None:
    """Another day, language and sequence must still update the same phone entries."""
    first = [str(e["uid"]) for e in parse(export(shipped_event, "es")).walk("VEVENT")]
    later = export(
        shipped_event,
        "fr",
        now=NOW + timedelta(days=3),
        sequences={"opening": 5},
    )
    assert [str(e["uid"]) for e in parse(later).walk("VEVENT")] == first


def test_calendar_header_for_phones(shipped_event: Event) -> None:
    calendar = parse(export(shipped_event, "fr"))
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]).startswith("-//")
    assert str(calendar["calscale"]) == "GREGORIAN"
    assert str(calendar["method"]) == "PUBLISH"
    assert str(calendar["x-wr-calname"]) == shipped_event.name.get("fr")
    assert str(calendar["x-wr-timezone"]) == "America/Santo_Domingo"


def test_lines_are_folded_and_end_with_crlf(shipped_event: Event) -> None:
    """RFC 5545 §3.1: strict phone importers reject long lines and bare newlines."""
    data = export(shipped_event, "fr", lead_minutes=[15])
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    data.decode("utf-8")


def test_times_carry_the_event_zone_and_its_vtimezone(shipped_event: Event) -> None:
    data = export(shipped_event)
    assert b"DTSTART;TZID=America/Santo_Domingo:20241106T090000" in data
    calendar = parse(data)
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "America/Santo_Domingo"
    components = [c.name for c in calendar.subcomponents]
    assert components.index("VTIMEZONE") < components.index("VEVENT"), "zone before its use"
    entry = vevents(data)[f"opening@{shipped_event.id}"]
    assert entry["dtstart"].params["TZID"] == "America/Santo_Domingo"
    start, end = entry.decoded("dtstart"), entry.decoded("dtend")
    assert (start.hour, start.minute, end.hour) == (9, 0, 10)
    assert start.astimezone(UTC) == datetime(2024, 11, 6, 13, 0, tzinfo=UTC)
    assert entry.decoded("dtstamp") == NOW and b"DTSTAMP:20241101T120000Z" in data


def test_a_time_given_with_another_offset_is_written_in_the_event_zone(
    shipped_event: Event,
) -> None:
    session = dataclasses.replace(
        opening(shipped_event),
        start=datetime(2024, 11, 6, 13, 0, tzinfo=UTC),
        end=datetime(2024, 11, 6, 14, 0, tzinfo=UTC),
    )
    data = export(shipped_event, sessions=[session])
    assert b"DTSTART;TZID=America/Santo_Domingo:20241106T090000" in data
    assert b"DTEND;TZID=America/Santo_Domingo:20241106T100000" in data


def test_the_zone_of_another_meeting(other_event: Event) -> None:
    calendar = parse(export(other_event))
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == other_event.timezone.key == "Europe/Lisbon"
    for entry, session in zip(calendar.walk("VEVENT"), other_event.sessions, strict=True):
        assert entry["dtstart"].params["TZID"] == "Europe/Lisbon"
        assert entry.decoded("dtstart") == session.start


@pytest.mark.parametrize("language", LANGUAGES)
def test_texts_are_in_the_delegates_language(shipped_event: Event, language: str) -> None:
    session = opening(shipped_event)
    entry = vevents(export(shipped_event, language))[f"opening@{shipped_event.id}"]
    assert str(entry["summary"]) == session.title.get(language)
    location = str(entry["location"])
    assert session.room is not None and session.room.name.get(language) in location
    assert shipped_event.venue.address.get(language) in location
    description = str(entry["description"])
    for speaker in session.speakers:
        assert speaker.name in description
        assert speaker.affiliation is not None and speaker.affiliation.get(language) in description
    assert session.description is not None
    assert description.endswith(session.description.get(language))
    assert "<" not in description, "calendars show plain text"


def test_sequence_comes_from_the_stored_programme(shipped_event: Event) -> None:
    events = vevents(export(shipped_event, sequences={"opening": 3}))
    assert events[f"opening@{shipped_event.id}"].decoded("sequence") == 3
    assert events[f"registration@{shipped_event.id}"].decoded("sequence") == 0
    assert {str(e["status"]) for e in events.values()} == {"CONFIRMED"}


def test_a_cancelled_session_is_exported_cancelled(shipped_event: Event) -> None:
    snapshot = cancelled_snapshot(shipped_event, sequence=4)
    data = export(shipped_event, cancelled=[snapshot], lead_minutes=[15])
    events = vevents(data)
    assert len(events) == len(shipped_event.sessions) + 1
    entry = events[f"dropped@{shipped_event.id}"]
    assert str(entry["status"]) == "CANCELLED"
    assert entry.decoded("sequence") == 4
    assert str(entry["summary"]) == opening(shipped_event).title.get("en")
    assert entry.decoded("dtstart") == snapshot.start
    assert entry.walk("VALARM") == [], "no alarm for what will not happen"


def test_a_cancelled_title_falls_back_to_the_default_language(shipped_event: Event) -> None:
    snapshot = dataclasses.replace(
        cancelled_snapshot(shipped_event), title={"it": "Apertura", "es": "Apertura (es)"}
    )
    entry = vevents(export(shipped_event, "fr", sessions=[], cancelled=[snapshot]))
    assert str(entry[f"dropped@{shipped_event.id}"]["summary"]) == "Apertura (es)"
    only_other = dataclasses.replace(snapshot, title={"it": "Apertura"})
    entry = vevents(export(shipped_event, "fr", sessions=[], cancelled=[only_other]))
    assert str(entry[f"dropped@{shipped_event.id}"]["summary"]) == "Apertura"


def test_a_snapshot_still_in_the_programme_is_not_exported_twice(shipped_event: Event) -> None:
    snapshot = cancelled_snapshot(shipped_event, session_id="opening")
    events = parse(export(shipped_event, cancelled=[snapshot])).walk("VEVENT")
    uids = [str(e["uid"]) for e in events]
    assert uids.count(f"opening@{shipped_event.id}") == 1
    assert "CANCELLED" not in {str(e["status"]) for e in events}


def test_events_are_sorted_by_start(shipped_event: Event) -> None:
    late_first = sorted(shipped_event.sessions, key=lambda s: s.start, reverse=True)
    snapshot = cancelled_snapshot(shipped_event)
    starts = [
        e.decoded("dtstart")
        for e in parse(export(shipped_event, sessions=late_first, cancelled=[snapshot])).walk(
            "VEVENT"
        )
    ]
    assert starts == sorted(starts) and len(starts) == len(late_first) + 1


def test_one_alarm_per_lead_time(shipped_event: Event) -> None:
    entry = vevents(export(shipped_event, lead_minutes=[15]))[f"opening@{shipped_event.id}"]
    [alarm] = entry.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == timedelta(minutes=-15)
    assert str(alarm["description"]) == opening(shipped_event).title.get("en")
    entry = vevents(export(shipped_event, lead_minutes=[30, 5, 30]))[f"opening@{shipped_event.id}"]
    triggers = sorted(a.decoded("trigger") for a in entry.walk("VALARM"))
    assert triggers == [timedelta(minutes=-30), timedelta(minutes=-5)]


def test_no_alarm_without_lead_times(shipped_event: Event) -> None:
    assert parse(export(shipped_event, lead_minutes=())).walk("VALARM") == []


def test_alarms_only_for_the_sessions_asked(shipped_event: Event) -> None:
    events = vevents(export(shipped_event, lead_minutes=[15], alarmed={"opening"}))
    alarmed = {uid for uid, e in events.items() if e.walk("VALARM")}
    assert alarmed == {f"opening@{shipped_event.id}"}


def test_alarms_follow_the_reminder_rules(shipped_event: Event) -> None:
    coffee = shipped_event.session("coffee-day1-am")
    assert coffee is not None and coffee.kind == "break"
    session = opening(shipped_event)
    assert reminded(session, set(), "all") and not reminded(coffee, set(), "all")
    assert reminded(coffee, {"coffee-day1-am"}, "all")
    assert not reminded(session, set(), "followed") and reminded(session, {"opening"}, "followed")
    assert not reminded(session, {"opening"}, "off")


@pytest.mark.parametrize("language", LANGUAGES)
def test_choice_offers_my_sessions_and_the_whole_programme(language: str) -> None:
    t = tr(language)
    reply = calendar_choice(t, 0)
    assert reply.text == t.gettext("Which sessions should the calendar file contain?")
    [mine], [whole] = reply.buttons
    assert mine.label == t.gettext("⭐ My sessions ({count})").format(count=0)
    assert (mine.data, whole.data) == (MINE, ALL) == ("cal:mine", "cal:all")
    assert "(3)" in calendar_choice(t, 3).buttons[0][0].label


# ---- in the chat --------------------------------------------------------------------------------


def uploaded(harness: Harness, count: int = 1) -> list[UploadedFile]:
    calls = harness.api.calls_to("sendDocument")
    assert len(calls) == count, [c.params for c in calls]
    files = [c.params["document"] for c in calls]
    assert all(isinstance(f, UploadedFile) for f in files)
    return files


async def test_whole_programme_is_sent_as_a_file(harness: Harness) -> None:
    delegate = harness.delegate("es")
    [choice] = await delegate.send("/calendar")
    t = tr("es")
    assert choice["text"] == t.gettext("Which sessions should the calendar file contain?")
    [sent] = await delegate.press(choice, t.gettext("📅 Whole programme"))
    assert sent["document"]["file_name"] == f"{harness.event.id}.ics"
    assert sent["caption"] == t.gettext(
        "Open this file to add the sessions to your phone's calendar."
    )
    [file] = uploaded(harness)
    assert file.filename == f"{harness.event.id}.ics"
    assert file.content_type.startswith("text/calendar")
    events = vevents(file.data)
    assert sorted(events) == sorted(f"{s.id}@{harness.event.id}" for s in harness.event.sessions)
    entry = events[f"opening@{harness.event.id}"]
    assert str(entry["summary"]) == opening(harness.event).title.get("es")
    [alarm] = entry.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(minutes=-15), "the event's lead time"
    coffee = events[f"coffee-day1-am@{harness.event.id}"]
    assert coffee.walk("VALARM") == [], "no alarm for a coffee break nobody follows"


async def test_my_sessions_without_follows_says_how_to_follow(harness: Harness) -> None:
    delegate = harness.delegate("en")
    [choice] = await delegate.send("/calendar")
    assert "⭐ My sessions (0)" in [b["text"] for b in buttons(choice)]
    [reply] = await delegate.press(choice, "My sessions")
    assert reply["message_id"] == choice["message_id"]
    assert "Follow" in reply["text"] and "document" not in reply
    assert harness.api.calls_to("sendDocument") == []
    [programme] = await delegate.press(reply, "Programme")
    assert tr("en").day(harness.event.days()[0]) in [b["text"] for b in buttons(programme)]


async def test_my_sessions_holds_only_what_the_delegate_follows(harness: Harness) -> None:
    delegate = harness.delegate("fr")
    connection = harness.services.storage.connection
    await FollowStore(connection).follow(delegate.user_id, ["opening", "coffee-day1-am"])
    await FollowStore(connection).follow(delegate.user_id + 1, ["ws-climate"])
    await FollowStore(connection).save_settings(
        delegate.user_id, ReminderSettings("followed", (5, 30))
    )
    [choice] = await delegate.send("/calendar")
    [sent] = await delegate.press_data(choice, "cal:mine")
    assert sent["document"]["file_name"] == f"{harness.event.id}-mine.ics"
    [file] = uploaded(harness)
    events = vevents(file.data)
    assert sorted(events) == [
        f"coffee-day1-am@{harness.event.id}",
        f"opening@{harness.event.id}",
    ]
    for entry in events.values():
        triggers = sorted(a.decoded("trigger") for a in entry.walk("VALARM"))
        assert triggers == [timedelta(minutes=-30), timedelta(minutes=-5)]
    assert str(events[f"opening@{harness.event.id}"]["summary"]) == "Cérémonie d’ouverture"


async def test_reminders_off_means_no_alarm(harness: Harness) -> None:
    delegate = harness.delegate("en")
    await FollowStore(harness.services.storage.connection).save_settings(
        delegate.user_id, ReminderSettings("off")
    )
    [choice] = await delegate.send("/calendar")
    await delegate.press(choice, "Whole programme")
    [file] = uploaded(harness)
    assert parse(file.data).walk("VALARM") == []


async def test_changes_and_cancellations_from_the_stored_programme(harness: Harness) -> None:
    event = harness.event
    connection = harness.services.storage.connection
    gone = cancelled_snapshot(event, session_id="old-panel", sequence=2)
    registration = event.session("registration")
    assert registration is not None
    # Cancelled once, then put back in the file: the file wins, the session is on.
    reinstated = dataclasses.replace(Snapshot.of(registration, 3), cancelled=True)
    # Gone from the file but not (yet) marked cancelled: nothing to say about it.
    unmarked = dataclasses.replace(Snapshot.of(opening(event)), session_id="unmarked")
    await ProgrammeStore(connection).save(
        event.id, [Snapshot.of(opening(event), sequence=1), gone, reinstated, unmarked]
    )
    delegate = harness.delegate("en")
    await FollowStore(connection).follow(delegate.user_id, ["old-panel", "registration"])
    [choice] = await delegate.send("/calendar")
    assert "⭐ My sessions (2)" in [b["text"] for b in buttons(choice)]
    await delegate.press(choice, "My sessions")
    await delegate.press(choice, "Whole programme")
    mine, whole = uploaded(harness, 2)
    statuses = {str(e["uid"]): str(e["status"]) for e in parse(mine.data).walk("VEVENT")}
    assert statuses == {
        f"old-panel@{event.id}": "CANCELLED",
        f"registration@{event.id}": "CONFIRMED",
    }
    events = vevents(whole.data)
    assert len(events) == len(event.sessions) + 1
    assert events[f"opening@{event.id}"].decoded("sequence") == 1
    assert str(events[f"opening@{event.id}"]["status"]) == "CONFIRMED"
    assert events[f"registration@{event.id}"].decoded("sequence") == 3
    assert events[f"old-panel@{event.id}"].decoded("sequence") == 2


async def test_a_forged_calendar_button_is_expired(harness: Harness) -> None:
    delegate = harness.delegate("en")
    [choice] = await delegate.send("/calendar")
    await delegate.forge(choice, "cal:everyone")
    assert harness.api.calls_to("sendDocument") == []
    [answer] = harness.api.calls_to("answerCallbackQuery")
    assert answer.params.get("show_alert") in (True, "true")
