"""Announcements from the organisers' desk: /broadcast, /broadcasts and /news, through the
real Application and the fake Bot API (which refuses what Telegram refuses)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.agenda.follows import FollowStore
from bot.announcements import model as bc
from bot.announcements import planning, screens
from bot.announcements.send_time import SendTimeError, parse_send_time
from bot.announcements.store import BroadcastStore
from bot.event import Event
from bot.fanout.outbox import Outbox
from bot.i18n import Translator
from bot.storage import Storage
from handlers.app import register_commands
from tests.botapi import bad
from tests.conftest import SANTO_DOMINGO, Delegate, Harness, StartHarness, buttons

ORGANISER = 9001
REFUSED = "Sorry, this is for the organisers only."
EXPIRED = "This button has expired. Please use the menu again."
FAST = 300.0  # messages a second where the pace is not what a test measures
PHOTO_ID = "AgACAgEAAxkBAAIBZ2VwcmV2aWV3LXBob3RvLWZpbGUtaWQ"
JSON = dict[str, Any]


async def open_desk(
    make_harness: StartHarness, event: Any, **options: Any
) -> tuple[Harness, Delegate]:
    options.setdefault("send_rate", FAST)
    h = await make_harness(event, organisers=frozenset({ORGANISER}), **options)
    return h, Delegate(h, ORGANISER, "en")


async def join(h: Harness, languages: Iterable[str]) -> list[Delegate]:
    """Delegates who chose a language (as /start does) without a welcome in their chat, so
    their screen holds announcements only."""
    people = []
    for language in languages:
        delegate = h.delegate(language)
        await h.services.storage.set_language(delegate.user_id, language)
        h.api.known_chats.add(delegate.user_id)
        people.append(delegate)
    return people


def content(message: JSON) -> str:
    return str(message.get("text") or message.get("caption") or "")


async def photo(h: Harness, who: Delegate, file_id: str = PHOTO_ID) -> list[JSON]:
    """The organiser sends a photo (the fake server's updates carry text; this one a photo)."""
    update = h.api.message_update(who.user_id, "", language_code=who.language_code)
    message = update["message"]
    message.pop("text")
    message["photo"] = [
        {"file_id": file_id + "-small", "file_unique_id": "s1", "width": 90, "height": 67},
        {"file_id": file_id, "file_unique_id": "b1", "width": 1280, "height": 960},
    ]
    return await h.feed(update, who.chat)


async def compose(
    organiser: Delegate,
    *,
    audience: Iterable[str] = ("Everyone",),
    mode: str | None = "One text for all",
    texts: Iterable[str | None] = ("Lunch moves to the terrace.",),
    sound: str = "With sound",
    when: str | None = None,
) -> tuple[list[JSON], JSON]:
    """Walk the conversation; returns the previews and the summary with Send / Edit / Cancel."""
    [screen] = await organiser.send("/broadcast")
    for label in audience:
        [screen] = await organiser.press(screen, label)
    if mode:
        [screen] = await organiser.press(screen, mode)
    for text in texts:
        if text is None:
            [screen] = await organiser.press(screen, "Skip")
        else:
            screen = (await organiser.send(text))[-1]
    [screen] = await organiser.press(screen, "No attachment")
    [screen] = await organiser.press(screen, sound)
    out = await (organiser.send(when) if when else organiser.press(screen, "Send now"))
    summary = out[-1]
    assert "as delegates will see it" in summary["text"], summary
    return [m for m in out[:-1] if m["message_id"] != screen["message_id"]], summary


async def delivered(h: Harness, people: list[Delegate], timeout: float = 10) -> None:
    await h.api.wait_for(lambda: all(len(p.screen()) >= 1 for p in people), timeout=timeout)


async def report(h: Harness, organiser: Delegate, timeout: float = 10) -> JSON:
    """The final report: the organiser's last message once the announcement ends."""

    def last() -> JSON:
        message = organiser.screen()[-1]
        assert "is finished" in message["text"] or "was stopped" in message["text"]
        return message

    await h.api.wait_for(last, timeout=timeout)
    return last()


def send_data(summary: JSON) -> str:
    return next(b["callback_data"] for b in buttons(summary) if b["callback_data"][:6] == "bc:go:")


def sends_to(h: Harness, chat_id: int, method: str = "sendMessage") -> list[Any]:
    return [c for c in h.api.calls_to(method) if c.params.get("chat_id") == chat_id]


# ---- the conversation and its rights ------------------------------------------------------


async def test_every_desk_action_is_refused_to_delegates_and_works_for_organisers(
    make_harness: StartHarness, shipped_event, caplog: pytest.LogCaptureFixture
) -> None:
    h, organiser = await open_desk(make_harness, shipped_event, running=True)
    [reader] = await join(h, ["en"])
    intruder = h.delegate("en")
    store = BroadcastStore(h.services.storage.connection)
    caplog.set_level(logging.WARNING, logger="handlers.desk.organisers")

    # A delegate's commands are refused, and nothing starts.
    for command in ("/broadcast", "/broadcasts"):
        [answer] = await intruder.send(command)
        assert answer["text"] == REFUSED
    assert await intruder.send("/cancel") == []

    # The organiser: audience "one language", then Edit → followers of a session, then /cancel.
    [screen] = await organiser.send("/broadcast")
    [screen] = await organiser.press(screen, "one language")
    [screen] = await organiser.press(screen, "English")
    [screen] = await organiser.send("Shuttle at 18:00 & not before <18:00>.")
    [screen] = await organiser.press(screen, "No attachment")
    [screen] = await organiser.press(screen, "Silent")
    summary = (await organiser.press(screen, "Send now"))[-1]
    assert "delegates who use English (1 delegate now)" in summary["text"]
    [screen] = await organiser.press(summary, "Edit")
    [screen] = await organiser.press(screen, "Audience")
    [screen] = await organiser.press(screen, "Followers of a session")
    day = shipped_event.days()[0]
    [screen] = await organiser.press(screen, h.services.translator("en").day(day))
    opening = shipped_event.session("opening")
    summary = (await organiser.press(screen, opening.title.get("en")[:12]))[-1]
    assert f"followers of “{opening.title.get('en')}” (0 delegates now)" in summary["text"]
    older_send = send_data(summary)
    [screen] = await organiser.press(summary, "Edit")
    *_, preview, summary = await organiser.press(screen, "Back to the preview")
    assert send_data(summary) != older_send, "each preview has its own Send"
    await organiser.forge(summary, older_send)  # Send of a preview the organiser edited since
    assert h.api.calls_to("answerCallbackQuery")[-1].params["text"] == EXPIRED
    assert await store.with_status(bc.SENDING_STATUS) == []
    assert preview["text"].endswith("\n\nShuttle at 18:00 & not before <18:00>.")
    assert [e["type"] for e in preview["entities"]] == ["bold"], "only the header is bold"
    assert "🔕 Silent" in summary["text"]
    [left] = await organiser.send("/cancel")
    assert left["text"] == "Cancelled: nothing was sent."
    _, summary = await compose(organiser, texts=["Dinner at 20:00"], when="tomorrow 19:00")
    await organiser.press(summary, "Schedule")
    [scheduled] = await store.with_status(bc.SCHEDULED)
    _, summary = await compose(organiser, texts=["Welcome <b>all</b> & friends"], sound="Silent")
    go = send_data(summary)

    # Every desk button, forged by a delegate while the organiser's draft waits: refused.
    forged = [
        "bc:aud:all", "bc:aud:lang", "bc:aud:ses", "bc:lang:es", f"bc:day:{day.isoformat()}",
        "bc:ses:opening", "bc:txt:one", "bc:txt:per", "bc:skip", "bc:media:none", "bc:snd:on",
        "bc:snd:off", "bc:when:now", go, "bc:go:x", "bc:edit", "bc:fix:aud", "bc:fix:txt",
        "bc:fix:media", "bc:fix:snd", "bc:fix:when", "bc:fix:back", "bc:cancel",
        f"bc:drop:{scheduled.id}", "bc:anything-else",
    ]  # fmt: skip
    calls_before = len(h.api.calls)
    for data in forged:
        assert await intruder.forge(answer, data) == []
        reply = h.api.calls_to("answerCallbackQuery")[-1].params
        assert reply["text"] == REFUSED and reply["show_alert"] is True, data
    assert {c.method for c in h.api.calls[calls_before:]} == {"answerCallbackQuery"}
    refusals = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == len(forged) + 2, "every refusal is logged"
    assert await store.with_status(bc.SCHEDULED) == [scheduled], "the drop was refused"
    assert await store.with_status(bc.SENDING_STATUS) == []
    assert reader.screen() == [], "nothing was sent to anyone"

    # A Send from an older preview does not send this draft; the draft's own Send does.
    await organiser.forge(summary, "bc:go:older")
    assert h.api.calls_to("answerCallbackQuery")[-1].params["text"] == EXPIRED
    await asyncio.sleep(0.1)
    assert reader.screen() == [] and await store.with_status(bc.SENDING_STATUS) == []
    # The organiser's draft is untouched by the forgeries: Send sends it as composed.
    await organiser.press_data(summary, go)
    await delivered(h, [reader])
    await report(h, organiser)
    [got] = reader.screen()
    assert got["text"].endswith("Welcome <b>all</b> & friends"), "plain text, escaped"
    assert sends_to(h, reader.user_id)[0].params["disable_notification"] is True

    # /broadcasts lists both; the organiser cancels the scheduled one from there.
    [listing] = await organiser.send("/broadcasts")
    assert f"#{scheduled.id}" in listing["text"] and "scheduled for" in listing["text"]
    assert "1 delegate received it" in listing["text"]
    [listing] = await organiser.press(listing, f"Cancel #{scheduled.id}")
    assert "cancelled" in listing["text"] and not buttons(listing)
    assert [b.id for b in await store.with_status(bc.CANCELLED)] == [scheduled.id]
    # The old Send again, now that the conversation is over: expired, nothing sent.
    await organiser.forge(summary, go)
    assert h.api.calls_to("answerCallbackQuery")[-1].params["text"] != REFUSED
    await asyncio.sleep(0.2)
    assert len(reader.screen()) == 1


async def test_organiser_commands_are_listed_only_in_organisers_chats(
    make_harness: StartHarness, shipped_event
) -> None:
    h, _ = await open_desk(make_harness, shipped_event)
    h.api.known_chats.add(ORGANISER)
    await register_commands(h.app, h.services)
    mine = {c["command"] for c in h.api.my_commands(scope={"type": "chat", "chat_id": ORGANISER})}
    everyone = {c["command"] for c in h.api.my_commands()}
    assert {"broadcast", "broadcasts", "news"} <= mine
    assert "news" in everyone and not {"broadcast", "broadcasts"} & everyone


# ---- delivery -----------------------------------------------------------------------------


async def test_each_delegate_gets_their_language_or_the_default_one(
    make_harness: StartHarness, shipped_event
) -> None:
    h, organiser = await open_desk(make_harness, shipped_event)
    es, en, fr = await join(h, ["es", "en", "fr"])
    previews, summary = await compose(
        organiser,
        mode="A version per language",
        texts=["El almuerzo es en la terraza.", "Lunch is on the terrace.", None],
    )
    assert len(previews) == 2, "one preview per version written"
    assert "El almuerzo" in content(previews[0]) and "Lunch is" in content(previews[1])
    assert "3 delegates now" in summary["text"] and "French" in summary["text"]
    await organiser.press(summary, "Send")
    await delivered(h, [es, en, fr])
    assert content(es.screen()[0]).endswith("El almuerzo es en la terraza.")
    assert content(en.screen()[0]).endswith("Lunch is on the terrace.")
    assert content(fr.screen()[0]).endswith("El almuerzo es en la terraza."), "fallback: es"
    fr_header = h.services.translator("fr").gettext("📣 <b>Announcement from the organisers</b>")
    assert fr.screen()[0]["text"].startswith(fr_header.replace("<b>", "").replace("</b>", ""))
    final = await report(h, organiser)
    assert "3 delegates received it" in final["text"] and "0 still pending" in final["text"]


async def test_audiences_one_language_and_followers_of_a_session(
    make_harness: StartHarness, shipped_event
) -> None:
    h, organiser = await open_desk(make_harness, shipped_event)
    es, en, fr, follower = await join(h, ["es", "en", "fr", "fr"])
    await h.services.follows.follow(follower.user_id, ["ws-climate"])
    await h.services.follows.follow(en.user_id, ["opening"])
    _, summary = await compose(
        organiser, audience=["one language", "Français"], mode=None, texts=["Salle C fermée."]
    )
    assert "1 delegate" not in summary["text"] and "2 delegates now" in summary["text"]
    await organiser.press(summary, "Send")
    await delivered(h, [fr, follower])
    await report(h, organiser)
    assert es.screen() == [] and en.screen() == []

    climate = shipped_event.session("ws-climate")
    day = h.services.translator("en").day(climate.start.date())
    _, summary = await compose(
        organiser,
        audience=["Followers of a session", day, climate.title.get("en")[:14]],
        texts=["The climate workshop starts 10 minutes late."],
    )
    assert "1 delegate now" in summary["text"]
    await organiser.press(summary, "Send")
    await h.api.wait_for(lambda: len(follower.screen()) == 2, timeout=10)
    await report(h, organiser)
    assert "10 minutes late" in content(follower.screen()[1])
    assert len(fr.screen()) == 1 and es.screen() == [] and en.screen() == []


async def test_a_photo_is_sent_once_per_delegate_by_file_id_with_the_caption(
    make_harness: StartHarness, shipped_event
) -> None:
    h, organiser = await open_desk(make_harness, shipped_event)
    people = await join(h, ["es", "en", "fr"])
    [screen] = await organiser.send("/broadcast")
    [screen] = await organiser.press(screen, "Everyone")
    [screen] = await organiser.press(screen, "One text for all")
    [screen] = await organiser.send("Mapa del campus: " + "x" * 1100)
    [too_long, screen] = await photo(h, organiser)
    assert "at most 1024 characters" in too_long["text"], "told the caption is too long"
    [screen] = await organiser.send("Mapa del campus & salas")
    [screen] = await organiser.press(screen, "Silent")
    out = await organiser.press(screen, "Send now")
    [preview] = [m for m in out if "photo" in m]
    assert preview["caption"].endswith("Mapa del campus & salas")
    await organiser.press(out[-1], "Send")
    await delivered(h, people)
    await report(h, organiser)
    for person in people:
        [got] = person.screen()
        assert "photo" in got and got["caption"].endswith("Mapa del campus & salas")
        [call] = sends_to(h, person.user_id, "sendPhoto")
        assert call.params["photo"] == PHOTO_ID, "the organiser's file_id, reused"
        assert call.params["disable_notification"] is True
    assert not [c for c in h.api.calls_to("sendPhoto") if not c.ok]


async def test_a_blocked_delegate_is_marked_and_never_retried(
    make_harness: StartHarness, shipped_event
) -> None:
    h, organiser = await open_desk(make_harness, shipped_event)
    people = await join(h, ["en"] * 5)
    gone = people[2]
    h.api.block(gone.user_id)
    _, summary = await compose(organiser, texts=["Coffee is served."])
    await organiser.press(summary, "Send")
    final = await report(h, organiser)
    assert "4 delegates received it" in final["text"] and "1 has blocked the bot" in final["text"]
    assert len(sends_to(h, gone.user_id)) == 1, "one 403, no retry"
    assert await h.services.storage.is_blocked(gone.user_id)
    _, summary = await compose(organiser, texts=["Coffee is served again."])
    assert "4 delegates now" in summary["text"], "left out when planning"
    await organiser.press(summary, "Send")
    await report(h, organiser)
    await h.api.wait_for(lambda: all(len(p.screen()) == 2 for p in people if p is not gone))
    assert len(sends_to(h, gone.user_id)) == 1
    h.api.blocked.discard(gone.user_id)  # Telegram's "Unblock" sends nothing by itself
    [answer] = await gone.send("wifi?")
    assert answer["text"].startswith("📶"), "back in touch, with a question, not /start"
    _, summary = await compose(organiser, texts=["Lunch is served."])
    assert "5 delegates now" in summary["text"], "reachable again"
    await organiser.press(summary, "Send")
    await report(h, organiser)
    await h.api.wait_for(lambda: any("Lunch is served." in m["text"] for m in gone.screen()))


async def test_a_cancel_left_on_an_earlier_draft_does_not_drop_the_one_in_progress(
    make_harness: StartHarness, shipped_event
) -> None:
    """Pressed thinking of the scheduled announcement, it said "nothing was sent" (untrue) and
    silently dropped the new draft, whose text then went to the question engine."""
    h, organiser = await open_desk(make_harness, shipped_event)
    await join(h, ["en"])
    _, summary = await compose(organiser, when="tomorrow 19:00")
    await organiser.press(summary, "Schedule")
    old = next(m for m in organiser.screen() if any("Cancel" in b["text"] for b in buttons(m)))
    [screen] = await organiser.send("/broadcast")
    [screen] = await organiser.press(screen, "Everyone")
    await organiser.press(screen, "One text for all")
    assert await organiser.press(old, "Cancel") == []
    alert = h.api.calls_to("answerCallbackQuery")[-1].params
    assert (
        alert["show_alert"] is True
        and alert["text"] == "This button has expired. Please use the menu again."
    )
    [next_step] = await organiser.send("Coffee is served in the foyer")
    assert "attach" in next_step["text"].lower(), "the new draft goes on"


async def test_a_draft_takes_its_input_as_a_reply_to_its_prompt_too(
    make_harness: StartHarness, shipped_event
) -> None:
    """Telegram's Reply on the bot's prompt is how many people answer a question: the text
    went to the question engine and the draft waited on."""
    _, organiser = await open_desk(make_harness, shipped_event)
    [screen] = await organiser.send("/broadcast")
    [screen] = await organiser.press(screen, "Everyone")
    [prompt] = await organiser.press(screen, "One text for all")
    [next_step] = await organiser.send("Coffee is served in the foyer", reply_to=prompt)
    assert "attach" in next_step["text"].lower()


async def test_flood_control_is_honoured_and_everyone_gets_it_once(
    make_harness: StartHarness, shipped_event
) -> None:
    h, organiser = await open_desk(make_harness, shipped_event, send_rate=60)
    people = await join(h, ["es", "en"] * 15)
    _, summary = await compose(organiser, texts=["Plenary in five minutes."])
    h.api.rate_limit(20, retry_after=1)
    await organiser.press(summary, "Send")
    await delivered(h, people, timeout=15)
    final = await report(h, organiser, timeout=15)
    assert h.api.count_429 > 0, "the server did push back"
    assert [len(p.screen()) for p in people] == [1] * len(people)
    assert "30 delegates received it" in final["text"]


async def test_a_content_error_stops_the_announcement_and_the_organiser_is_told(
    make_harness: StartHarness, shipped_event
) -> None:
    """Telegram refuses the French version (here: the fake server says it is too long, as
    Telegram would if it counted the text differently from the bot): every later message would
    be refused too, so the job stops, the rest stay pending, and the organiser hears why."""
    h, organiser = await open_desk(make_harness, shipped_event, send_rate=40)
    english = await join(h, ["en"] * 4)
    french = await join(h, ["fr"] * 12)
    _, summary = await compose(
        organiser,
        mode="A version per language",
        texts=["Hola a todos.", "Hello everyone.", "Bonjour à toutes et à tous."],
    )
    name, send_message = h.api._methods["sendmessage"]

    def refuse_french(params: JSON) -> Any:
        if "Bonjour à toutes" in str(params.get("text")):
            raise bad("message is too long")
        return send_message(params)

    h.api._methods["sendmessage"] = (name, refuse_french)
    await organiser.press(summary, "Send")
    final = await report(h, organiser)
    assert "was stopped" in final["text"] and "too long" in final["text"].lower()
    assert all(len(p.screen()) == 1 for p in english)
    assert all(p.screen() == [] for p in french)
    store = BroadcastStore(h.services.storage.connection)
    [stopped] = await store.with_status(bc.STOPPED)
    counts = await h.services.outbox.counts(stopped.job)
    assert counts["pending"] > 0 and counts["sent"] == len(english)
    assert "still pending" in final["text"]
    tried = [c for c in h.api.calls_to("sendMessage") if "Bonjour" in str(c.params.get("text"))]
    assert len(tried) <= 8, "stopped at the first refusal (only those already in flight)"
    [listing] = await organiser.send("/broadcasts")
    assert "stopped" in listing["text"]


async def test_a_restart_mid_announcement_resumes_with_its_progress_message(
    make_harness: StartHarness, shipped_event, tmp_path: Path
) -> None:
    db = tmp_path / "restart.sqlite3"
    first, organiser = await open_desk(make_harness, shipped_event, db_path=db, send_rate=40)
    people = await join(first, ["es", "en", "fr"] * 30)
    _, summary = await compose(organiser, texts=["The bus leaves at 17:30."])
    await organiser.press(summary, "Send")
    received = lambda: sum(len(p.screen()) for p in people)  # noqa: E731
    await first.api.wait_for(lambda: received() >= 15, timeout=10)
    progress = [m for m in organiser.screen() if "sending…" in m["text"]]
    assert len(progress) == 1
    await first.stop()
    assert received() < len(people), "stopped in the middle"

    second, organiser = await open_desk(make_harness, shipped_event, db_path=db, send_rate=40)
    final = await report(second, organiser, timeout=15)
    assert [len(p.screen()) for p in people] == [1] * len(people), "everyone exactly once"
    assert "90 delegates received it" in final["text"]
    [again] = [m for m in organiser.screen() if "sending…" in m["text"]]
    assert again["message_id"] == progress[0]["message_id"], "the same message, reattached"
    assert "90 of 90" in again["text"] and "edit_date" in again


async def test_a_scheduled_announcement_fires_on_time_and_survives_a_restart(
    make_harness: StartHarness, shipped_event, tmp_path: Path
) -> None:
    db = tmp_path / "scheduled.sqlite3"
    first, organiser = await open_desk(make_harness, shipped_event, db_path=db, running=True)
    people = await join(first, ["en", "fr"])
    first.clock.now = datetime(2024, 11, 6, 10, 30, 59, tzinfo=SANTO_DOMINGO)
    [screen] = await organiser.send("/broadcast")
    [screen] = await organiser.press(screen, "Everyone")
    [screen] = await organiser.press(screen, "One text for all")
    [screen] = await organiser.send("Group photo on the stairs.")
    [screen] = await organiser.press(screen, "No attachment")
    [screen] = await organiser.press(screen, "With sound")
    [refused] = await organiser.send("today 08:00")
    assert "has already passed" in refused["text"]
    [refused] = await organiser.send("someday soon")
    assert "could not read" in refused["text"]
    summary = (await organiser.send("today 10:31"))[-1]
    assert "Wednesday 6 November at 10:31" in summary["text"]
    [_, confirmed] = await organiser.press(summary, "Schedule")
    assert "is scheduled for" in confirmed["text"]
    assert people[0].screen() == []
    await delivered(first, people, timeout=5)  # its time came about a second later
    await report(first, organiser)

    _, summary = await compose(organiser, texts=["Day two starts at 09:00."], when="tomorrow 09:30")
    await organiser.press(summary, "Schedule")
    store = BroadcastStore(first.services.storage.connection)
    [waiting] = await store.with_status(bc.SCHEDULED)
    assert first.app.job_queue and first.app.job_queue.get_jobs_by_name(waiting.job)
    await first.stop()

    first.clock.now = datetime(2024, 11, 7, 9, 29, 59, tzinfo=SANTO_DOMINGO)
    second, organiser = await open_desk(make_harness, shipped_event, db_path=db, running=True)
    await second.api.wait_for(lambda: all(len(p.screen()) == 2 for p in people), timeout=5)
    assert "Day two" in content(people[1].screen()[1])
    await asyncio.sleep(0.3)
    assert [len(p.screen()) for p in people] == [2, 2], "the first one is not sent again"
    store = BroadcastStore(second.services.storage.connection)
    assert await store.with_status(bc.SCHEDULED) == []


async def test_news_shows_the_latest_announcements_in_the_delegates_language(
    make_harness: StartHarness, shipped_event
) -> None:
    h, organiser = await open_desk(make_harness, shipped_event)
    await join(h, ["en"])
    sent = []
    plan: list[tuple[list[str], list[str | None]]] = [
        (["Everyone"], ["Primero para todos.", "First for everyone.", "D'abord pour tous."]),
        (["one language", "English"], ["English speakers only."]),
        (["Everyone"], ["Segundo para todos.", "Second for everyone.", None]),
    ]
    for audience, texts in plan:
        mode = "A version per language" if len(texts) > 1 else None
        h.clock.now += timedelta(minutes=7)
        _, summary = await compose(organiser, audience=audience, mode=mode, texts=texts)
        await organiser.press(summary, "Send")
        await report(h, organiser)
        sent.append(h.clock.now)
    late = h.delegate("fr")
    await late.send("/start")
    [news] = await late.send("/news")
    text = news["text"]
    t = h.services.translator("fr")
    assert text.index("Segundo para todos.") < text.index("D'abord pour tous."), "newest first"
    assert "English speakers only" not in text
    assert "First for everyone" not in text, "their language's version"
    assert f"{t.day(sent[0].date())}, {t.time(sent[0])}" in text
    [none] = await h.delegate("es").send("/news")
    assert "Segundo para todos." in none["text"]


# ---- the pieces ---------------------------------------------------------------------------


def test_send_times_are_read_in_the_event_zone_and_never_in_the_past() -> None:
    now = datetime(2024, 11, 6, 10, 30, tzinfo=SANTO_DOMINGO)
    zone = SANTO_DOMINGO
    assert parse_send_time("today 14:00", now, zone) == now.replace(hour=14, minute=0)
    assert parse_send_time("Tomorrow 09:30", now, zone) == datetime(2024, 11, 7, 9, 30, tzinfo=zone)
    assert parse_send_time("2024-11-07 08:00", now, zone) == datetime(2024, 11, 7, 8, tzinfo=zone)
    assert parse_send_time("mañana 9h30", now, zone).hour == 9
    assert parse_send_time("16:45", now, zone).hour == 16
    for junk in ("soon", "today 25:00", "2024-13-01 08:00", "07/11 08:00", ""):
        with pytest.raises(SendTimeError) as error:
            parse_send_time(junk, now, zone)
        assert not error.value.past
    with pytest.raises(SendTimeError) as error:
        parse_send_time("today 10:30", now, zone)
    assert error.value.past


@pytest.mark.parametrize("typed", ["2025-11-07 09:30", "9999-12-31 23:00"])
def test_a_send_time_months_away_is_questioned_not_scheduled(typed: str) -> None:
    """A mistyped year showed as "Friday 7 November" in the preview, and year 9999 overflowed
    when stored: the organiser is asked to check the date, with its year."""
    now = datetime(2024, 11, 6, 10, 30, tzinfo=SANTO_DOMINGO)
    with pytest.raises(SendTimeError) as error:
        parse_send_time(typed, now, SANTO_DOMINGO)
    assert error.value.far and not error.value.past and error.value.moment is not None
    said = screens.far_time(Translator("es", SANTO_DOMINGO), error.value.moment)
    assert typed[:4] in said and "Compruebe la fecha" in said
    assert parse_send_time("2024-12-20 09:00", now, SANTO_DOMINGO).year == 2024, "weeks: fine"


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_session_picker_tells_parallel_sessions_apart(shipped_event, language: str) -> None:
    """The planning groups run at once and their titles start alike: an announcement for one
    group's followers must not be sent to another's by a label that reads the same."""
    reply = screens.ask_session(
        shipped_event, Translator(language, SANTO_DOMINGO), date(2024, 11, 8)
    )
    labels = [b.label for row in reply.buttons for b in row if b.data.startswith("bc:ses:")]
    assert len(labels) > 3 and len(set(labels)) == len(labels), labels


def test_callback_data_fits_and_drafts_ask_in_order(shipped_event) -> None:
    longest = bc.data("ses", "x" * 48)
    assert len(longest.encode()) <= 64 and bc.SESSION_PATTERN.match(longest)
    for session in shipped_event.sessions:
        assert bc.SESSION_PATTERN.match(bc.data("ses", session.id))
    draft = bc.Draft()
    assert draft.next_step(shipped_event) is bc.Step.AUDIENCE
    draft.audience = bc.Audience("lang", "fr")
    assert draft.next_step(shipped_event) is bc.Step.TEXT and draft.asking == ["es"]
    draft.take_text("Bonjour")
    assert draft.next_step(shipped_event) is bc.Step.MEDIA
    assert bc.Audience.decode(bc.Audience("ses", "opening").encode()).value == "opening"
    t = Translator("en", shipped_event.timezone)
    payload = bc.payload(shipped_event, t, {"es": "a < b & c"}, None, silent=True)
    assert payload["text"].endswith("a &lt; b &amp; c") and payload["silent"] is True
    assert json.loads(json.dumps(payload)) == payload


async def test_recipients_and_rows_are_planned_when_it_leaves(
    tmp_path: Path, shipped_event: Event
) -> None:
    """``planning`` without Telegram: the audience's delegates of now, blocked ones left out,
    each with their language's message (the default language's text where none was written),
    and a second planning adds nobody."""
    storage = await Storage.open(tmp_path / "bot.sqlite3")
    try:
        store = BroadcastStore(storage.connection)
        follows = FollowStore(storage.connection)
        outbox = Outbox(storage.connection)
        for user_id, language in ((1, "es"), (2, "en"), (3, "fr"), (4, "en")):
            await storage.set_language(user_id, language)
        await storage.mark_blocked(4)
        session = shipped_event.sessions[0].id
        await follows.follow(3, [session])
        draft = bc.Draft(audience=bc.EVERYONE, texts={"es": "Hola", "en": "Hello"}, silent=False)
        everyone = await store.create(ORGANISER, draft, now=datetime.now(SANTO_DOMINGO),
                                      progress_chat=ORGANISER)  # fmt: skip
        rows = await planning.plan(storage, store, follows, outbox, shipped_event, everyone)
        assert [user_id for user_id, _ in rows] == [1, 2, 3]
        texts = {user_id: payload["text"] for user_id, payload in rows}
        assert texts[1].endswith("Hola") and texts[2].endswith("Hello")
        assert texts[3].endswith("Hola"), "no French text: the default language's"
        assert texts[3].startswith(bc.announcement(Translator("fr", SANTO_DOMINGO), "")[:10])
        assert (await outbox.counts(everyone.job))["pending"] == 3
        await planning.plan(storage, store, follows, outbox, shipped_event, everyone)
        assert (await outbox.counts(everyone.job))["pending"] == 3, "planned once"

        followers = bc.Audience("ses", session)
        assert await planning.recipients(storage, store, follows, shipped_event, followers) == [
            (3, "fr")
        ]
        french = bc.Audience("lang", "fr")
        assert await planning.recipients(storage, store, follows, shipped_event, french) == [
            (3, "fr")
        ]
    finally:
        await storage.close()
