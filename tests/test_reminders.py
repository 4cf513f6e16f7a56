"""Reminders: planned from the programme and settings, fired by the JobQueue, exactly once
across restarts; programme changes announced to the delegates concerned."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.follows import ReminderSettings
from bot.agenda.reminders import plan_digests, plan_reminders
from bot.ops import metrics
from bot.programme.loader import load_event, parse_event
from handlers.delegate import reminders
from tests.conftest import (
    SANTO_DOMINGO,
    SHIPPED_EVENT,
    Harness,
    StartHarness,
    interrupted_fan_out,
)

MADRID = ZoneInfo("Europe/Madrid")

DST_EVENT = """\
event:
  id: dst-meeting
  name: Reunión
  timezone: Europe/Madrid
  languages: [es, en]
  default_language: es
venue: {name: Hotel, address: Calle 1}
sessions:
  - {id: saturday, title: Sábado, start: 2024-10-26T09:00, end: 2024-10-26T10:00}
  - {id: sunday, title: Domingo, start: 2024-10-27T09:00, end: 2024-10-27T10:00}
"""


def test_plan_has_one_slot_per_session_and_lead_in_the_event_zone(shipped_event) -> None:
    now = datetime(2024, 11, 6, 10, 30, tzinfo=SANTO_DOMINGO)
    due, missed = plan_reminders(shipped_event, [15, 5, 15], now)
    started = [s for s in shipped_event.sessions if s.start <= now]
    assert len(missed) == 2 * len(started)
    assert len(due) == 2 * (len(shipped_event.sessions) - len(started))
    panel = next(s for s in due if s.session_id == "panel-evaluation" and s.lead == 15)
    assert panel.fire_at == datetime(2024, 11, 6, 11, 0, tzinfo=SANTO_DOMINGO)
    assert len({s.key for s in due}) == len(due)


def test_plan_across_a_daylight_saving_change() -> None:
    """On 27 October 2024 Madrid goes from UTC+2 to UTC+1: 09:00 local stays 09:00 local."""
    event = parse_event(DST_EVENT, "dst.yaml")
    due, _ = plan_reminders(event, [60], datetime(2024, 10, 25, tzinfo=MADRID))
    fire = {s.session_id: s.fire_at.astimezone(MADRID) for s in due}
    assert fire["saturday"].hour == fire["sunday"].hour == 8
    elapsed = fire["sunday"].astimezone(UTC) - fire["saturday"].astimezone(UTC)
    assert elapsed == timedelta(hours=25)
    digests = plan_digests(event, [time(7, 30)], datetime(2024, 10, 25, tzinfo=MADRID))
    assert [d.fire_at.astimezone(MADRID).hour for d in digests] == [7, 7]


async def test_a_reminder_fires_once_with_the_session_details(
    make_harness: StartHarness, shipped_event
) -> None:
    session = shipped_event.session("panel-evaluation")
    h: Harness = await make_harness(shipped_event, running=True)
    h.clock.now = session.start - timedelta(minutes=15, seconds=-1)  # fires in about a second
    es, fr, off, follower = (h.delegate(lang) for lang in ("es", "fr", "en", "en"))
    for delegate in (es, fr, off, follower):
        await delegate.send("/start")
    await h.services.follows.save_settings(off.user_id, ReminderSettings("off"))
    await h.services.follows.save_settings(follower.user_id, ReminderSettings("followed"))
    await reminders.arm(h.app)
    await h.api.wait_for(lambda: len(es.screen()) == 2 and len(fr.screen()) == 2, timeout=10)
    [reminder] = es.screen()[1:]
    assert session.title.get("es") in reminder["text"]
    assert "11:15" in reminder["text"]
    assert session.room.name.get("es") in reminder["text"]
    assert all(sp.name in reminder["text"] for sp in session.speakers)
    assert h.services.translator("fr").text(session.title) in fr.screen()[1]["text"]
    await asyncio.sleep(0.5)
    assert len(off.screen()) == 1 and len(follower.screen()) == 1
    await reminders.arm(h.app)  # re-arming after it fired must not send it again
    await asyncio.sleep(1.5)
    assert len(es.screen()) == 2


async def test_breaks_are_reminded_only_to_those_who_follow_them(
    make_harness: StartHarness, shipped_event, clock
) -> None:
    coffee = shipped_event.session("coffee-day1-am")
    clock.now = coffee.start - timedelta(minutes=20)  # before the bot starts: nothing due yet
    h: Harness = await make_harness(shipped_event, running=True)
    h.clock.now = coffee.start - timedelta(minutes=15, seconds=-1)
    everyone, follower = h.delegate("en"), h.delegate("en")
    await everyone.send("/start")
    await follower.send("/start")
    await h.services.follows.follow(follower.user_id, ["coffee-day1-am"])
    await reminders.arm(h.app)
    await h.api.wait_for(lambda: len(follower.screen()) == 2, timeout=10)
    await asyncio.sleep(0.5)
    assert len(everyone.screen()) == 1


async def test_a_reminder_missed_while_down_is_sent_late_or_skipped(
    make_harness: StartHarness, shipped_event
) -> None:
    session = shipped_event.session("panel-evaluation")
    h: Harness = await make_harness(shipped_event, running=True)
    late, gone = h.delegate("en"), h.delegate("en")
    await late.send("/start")
    h.clock.now = session.start - timedelta(minutes=5)  # the 15-minute moment has passed
    await reminders.arm(h.app)
    await h.api.wait_for(lambda: len(late.screen()) == 2, timeout=10)
    assert "In 5 minutes" in late.screen()[1]["text"], "what is true when it leaves"
    lag = metrics.REGISTRY.get_sample_value("meetingbot_reminder_lag_seconds")
    assert lag == 600, "the reminder job fired ten minutes after its moment"
    await gone.send("/start")
    h.clock.now = session.start + timedelta(minutes=1)
    due, missed = plan_reminders(shipped_event, [10], h.clock.now)
    assert session.id not in {s.session_id for s in due}
    [slot] = [s for s in missed if s.session_id == session.id]
    assert await h.services.planner.reminder_job(slot) is None, "started: skipped, not sent"
    await asyncio.sleep(0.3)
    assert len(gone.screen()) == 1


async def test_a_restart_in_the_middle_of_a_fan_out_loses_and_doubles_nothing(
    make_harness: StartHarness, shipped_event, tmp_path: Path
) -> None:
    """Stop the application while a reminder goes to 80 delegates, start it again on the same
    database: every delegate has exactly one reminder."""
    db = tmp_path / "restart.sqlite3"
    _, delegates, slot = await interrupted_fan_out(make_harness, shipped_event, db)
    delivered = lambda: sum(len(d.screen()) for d in delegates)  # noqa: E731
    halfway = delivered()
    assert halfway < len(delegates), "the stop came in the middle of the fan-out"
    second: Harness = await make_harness(shipped_event, db_path=db, running=True)
    await second.api.wait_for(lambda: delivered() == len(delegates), timeout=15)
    await asyncio.sleep(0.5)
    assert [len(d.screen()) for d in delegates] == [1] * len(delegates)
    assert (await second.services.outbox.counts(slot.key))["sent"] == len(delegates)


def write_event(path: Path, source: str) -> Path:
    path.write_text(source, encoding="utf-8")
    return path


@pytest.mark.parametrize("language", ["es", "en", "fr"])
async def test_programme_changes_are_announced_to_followers(
    make_harness: StartHarness, tmp_path: Path, language: str
) -> None:
    source = SHIPPED_EVENT.read_text(encoding="utf-8")
    path = write_event(tmp_path / "event.yaml", source)
    h: Harness = await make_harness(load_event(path), organisers=frozenset({9}))
    follower, bystander = h.delegate(language), h.delegate(language)
    for delegate in (follower, bystander):
        await delegate.send("/start")
    await h.services.follows.follow(follower.user_id, ["ws-climate", "ws-peace"])
    await h.services.follows.save_settings(bystander.user_id, ReminderSettings("followed"))
    climate = h.event.session("ws-climate")
    changed = source.replace(
        "start: 2024-11-06T14:00\n    end: 2024-11-06T15:30\n    room: salon-b",
        "start: 2024-11-06T16:00\n    end: 2024-11-06T17:30\n    room: salon-c",
        1,
    )
    assert changed != source
    peace_block = changed[changed.index("  - id: ws-peace") : changed.index("  - id: ws-heritage")]
    write_event(path, changed.replace(peace_block, ""))
    organiser = h.delegate("en")
    organiser.user_id = 9
    [report] = await organiser.send("/reload")
    assert "2 changes" in report["text"]
    await h.api.wait_for(lambda: len(follower.screen()) == 2, timeout=10)
    [notice] = follower.screen()[1:]
    t = h.services.translator(language)
    assert climate.title.get(language) in notice["text"]
    assert "16:00" in notice["text"] and "14:00" in notice["text"]
    assert h.event.room("salon-c").name.get(language) in notice["text"]
    assert h.event.session("ws-heritage") is not None
    assert "ws-peace" not in {s.id for s in h.services.event.sessions}
    assert t.day(climate.start.date()) in notice["text"] or "→" in notice["text"]
    await asyncio.sleep(0.3)
    assert len(bystander.screen()) == 1, "only the delegates concerned are told"
    [again] = await organiser.send("/reload")
    assert "0 changes" in again["text"], "a cancelled session stays cancelled, told once"


async def test_reload_is_for_organisers_and_an_invalid_file_keeps_the_programme(
    make_harness: StartHarness, tmp_path: Path
) -> None:
    source = SHIPPED_EVENT.read_text(encoding="utf-8")
    path = write_event(tmp_path / "event.yaml", source)
    h: Harness = await make_harness(load_event(path), organisers=frozenset({9}))
    stranger = h.delegate("en")
    [refused] = await stranger.send("/reload")
    assert refused["text"] == "Sorry, this is for the organisers only."
    write_event(path, source.replace("timezone: America/Santo_Domingo", "timezone: Nowhere/Land"))
    organiser = h.delegate("en")
    organiser.user_id = 9
    [errors] = await organiser.send("/reload")
    assert "unchanged" in errors["text"] and f"{path}:" in errors["text"]
    assert h.services.event.session("opening") is not None
