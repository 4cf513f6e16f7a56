"""Personal data stays where it belongs: a delegate's agenda is not posted to a group, /forget
also removes their questions from the organisers' chat, and a reminder being planned while
/forget runs does not write them back."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta
from typing import Any

from bot.agenda.follows import FollowStore
from bot.agenda.reminders import ReminderSlot
from bot.announcements.model import EVERYONE, Draft
from bot.event import Event
from handlers.desk import announcement_delivery, reload
from tests.conftest import Harness, StartHarness
from tests.test_broadcast import ORGANISER
from tests.test_handoff import GROUP, handed_over

TEAM = -4242


async def group_member(h: Harness, *, started: bool) -> Any:
    """A delegate in a group who follows a session; ``started``: has a private chat too."""
    h.api.known_chats.add(TEAM)
    member = h.delegate("en", chat_id=TEAM, chat_type="group")
    await FollowStore(h.services.storage.connection).follow(member.user_id, ["opening"])
    await h.services.storage.set_language(member.user_id, "en")
    if started:
        h.api.known_chats.add(member.user_id)
    return member


async def test_my_sessions_pressed_in_a_group_is_sent_privately(harness: Harness) -> None:
    member = await group_member(harness, started=True)
    [choice] = await member.send("/calendar")
    assert "⭐ My sessions" in [
        b["text"] for row in choice["reply_markup"]["inline_keyboard"] for b in row
    ], "no count of their follows in the group"
    await member.press_data(choice, "cal:mine")
    assert all("document" not in m for m in harness.api.messages(TEAM)), "nothing to the group"
    [private] = harness.api.messages(member.user_id)
    assert private["document"]["file_name"].endswith("-mine.ics")
    answer = harness.api.calls_to("answerCallbackQuery")[-1].params
    assert "private" in answer["text"].lower()


async def test_my_sessions_in_a_group_for_someone_the_bot_cannot_reach(harness: Harness) -> None:
    member = await group_member(harness, started=False)
    [choice] = await member.send("/calendar")
    await member.press_data(choice, "cal:mine")
    assert all("document" not in m for m in harness.api.messages(TEAM))
    answer = harness.api.calls_to("answerCallbackQuery")[-1].params
    assert answer.get("show_alert") is True
    assert "start" in answer["text"].lower() and len(answer["text"]) <= 200


async def test_the_whole_programme_may_still_go_to_the_group(harness: Harness) -> None:
    member = await group_member(harness, started=False)
    [choice] = await member.send("/calendar")
    [sent] = await member.press_data(choice, "cal:all")
    assert sent["document"]["file_name"] == f"{harness.event.id}.ics"


async def test_forget_removes_the_questions_from_the_organisers_chat(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h, _, delegate, post = await handed_over(make_harness, shipped_event, "en")
    assert "Ana" in post["text"]
    [confirm] = await delegate.send("/forget")
    [done] = await delegate.press(confirm, "Yes")
    assert h.api.messages(GROUP) == [], "the question with the name is gone"
    assert "organisers' chat" in done["text"]


def paused_after(store: Any, method: str) -> tuple[asyncio.Event, asyncio.Event]:
    """``store.method`` sets ``read`` once it has read, then returns only when ``go_on`` is set:
    whoever called it is between reading recipients and writing their job."""
    read, go_on = asyncio.Event(), asyncio.Event()
    reading = getattr(store, method)

    async def paused(*args: Any) -> Any:
        found = await reading(*args)
        read.set()
        await go_on.wait()
        return found

    setattr(store, method, paused)
    return read, go_on


async def test_a_reminder_planned_while_forget_runs_does_not_bring_them_back(
    harness: Harness,
) -> None:
    svc = harness.services
    delegate = harness.delegate("en")
    await svc.storage.set_language(delegate.user_id, "en")
    await svc.follows.follow(delegate.user_id, ["opening"])
    session = harness.event.session("opening")
    assert session is not None
    slot = ReminderSlot("opening", 15, session.start)
    harness.clock.now = session.start - (session.end - session.start) * 10
    read, go_on = paused_after(svc.follows, "reminder_recipients")
    planning = asyncio.create_task(svc.planner.reminder_job(slot))
    await read.wait()
    forgetting = asyncio.create_task(svc.forget(delegate.user_id))
    await asyncio.sleep(0.2)  # /forget gets every chance to finish first
    go_on.set()
    await asyncio.gather(planning, forgetting)
    rows = await svc.storage.connection.execute_fetchall(
        "SELECT COUNT(*) FROM outbox WHERE chat_id = ?", (delegate.user_id,)
    )
    assert rows[0][0] == 0, "the delegate was written back into a reminder"


async def test_an_announcement_planned_while_forget_runs_does_not_bring_them_back(
    harness: Harness,
) -> None:
    svc = harness.services
    delegate, other = harness.delegate("es"), harness.delegate("es")
    for someone in (delegate, other):
        await svc.storage.set_language(someone.user_id, "es")
        harness.api.known_chats.add(someone.user_id)
    draft = Draft(audience=EVERYONE, texts={"es": "Cambio de sala"}, silent=False)
    announcement = await svc.announcements.create(
        ORGANISER, draft, now=harness.clock.now, progress_chat=ORGANISER
    )
    read, go_on = paused_after(svc.announcements, "recipients")  # the organiser pressed Send
    sending = asyncio.create_task(announcement_delivery.launch(harness.app, announcement))
    await read.wait()
    forgetting = asyncio.create_task(svc.forget(delegate.user_id))
    await asyncio.sleep(0.2)  # /forget gets every chance to finish first
    go_on.set()
    delivery, _ = await asyncio.gather(sending, forgetting)
    await delivery
    assert any("Cambio de sala" in m["text"] for m in other.screen())
    assert delegate.screen() == [], "the forgotten delegate got the announcement"


async def test_a_change_notice_planned_while_forget_runs_does_not_bring_them_back(
    harness: Harness,
) -> None:
    svc = harness.services
    delegate = harness.delegate("en")
    await svc.storage.set_language(delegate.user_id, "en")
    await svc.follows.follow(delegate.user_id, ["closing"])
    harness.api.known_chats.add(delegate.user_id)
    event = harness.event
    await reload.apply_event(harness.app, event)  # the programme as saved before the change
    moved = [
        dataclasses.replace(s, start=s.start + timedelta(hours=1), end=s.end + timedelta(hours=1))
        if s.id == "closing"
        else s
        for s in event.sessions
    ]
    read, go_on = paused_after(svc.follows, "reachable")  # the moved session's followers
    changed = dataclasses.replace(event, sessions=moved, _sessions_by_id={})
    reloading = asyncio.create_task(reload.apply_event(harness.app, changed))
    await read.wait()
    forgetting = asyncio.create_task(svc.forget(delegate.user_id))
    await asyncio.sleep(0.2)
    go_on.set()
    [changes, _] = await asyncio.gather(reloading, forgetting)
    assert [c.session_id for c in changes] == ["closing"]
    rows = await svc.storage.connection.execute_fetchall(
        "SELECT COUNT(*) FROM outbox WHERE chat_id = ?", (delegate.user_id,)
    )
    assert rows[0][0] == 0, "the delegate was written back into a change notice"
