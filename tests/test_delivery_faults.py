"""Faults during a fan-out: one recipient's error, a content error, an answer that never came.

Against the fake Bot API, through the real transport, sender and delivery loop; the
organisers' notice through the real Application.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.announcements.reports import final_report
from bot.fanout.delivery import deliver
from bot.fanout.outbox import UNKNOWN, Outbox
from bot.fanout.sender import OutcomeUnknown, RateLimitedSender, Transient
from bot.i18n import Translator
from bot.storage import Storage
from handlers.transport import TelegramTransport, fanout_bot
from tests.botapi import FakeBotApi, bad
from tests.conftest import TOKEN, StartHarness
from tests.test_sender import Recorder, recipients

JSON = dict[str, Any]
ORGANISER = 9001


@pytest.fixture
async def storage(tmp_path) -> AsyncIterator[Storage]:  # type: ignore[no-untyped-def]
    opened = await Storage.open(tmp_path / "faults.sqlite3")
    yield opened
    await opened.close()


def refuse(api: FakeBotApi, chat_id: int, description: str) -> None:
    """Telegram answers 400 for this one chat, whatever the message."""
    name, send_message = api._methods["sendmessage"]

    def send(params: JSON) -> Any:
        if params.get("chat_id") == chat_id:
            raise bad(description)
        return send_message(params)

    api._methods["sendmessage"] = (name, send)


@pytest.mark.parametrize(
    "description",
    [
        "PEER_ID_INVALID",
        "not enough rights to send text messages to the chat",
        "group chat was upgraded to a supergroup chat",
        "TOPIC_CLOSED",
        "some 400 Telegram adds next year",
    ],
)
async def test_one_recipients_400_marks_them_and_the_job_goes_on(
    api: FakeBotApi, storage: Storage, description: str
) -> None:
    chats = recipients(api, 20)
    refuse(api, chats[2], description)
    outbox = Outbox(storage.connection)
    await outbox.create_job("rem:1", "reminder", [(c, {"text": "Plenary at 10:00"}) for c in chats])
    async with fanout_bot(TOKEN, api.url) as bot:
        sender = RateLimitedSender(TelegramTransport(bot), per_second=200)
        report = await deliver(outbox, "rem:1", sender, on_blocked=Recorder().on_blocked)
    assert report.stopped_reason is None and report.complete
    assert (report.sent, report.failed) == (19, 1)
    assert [len(api.messages(c)) for c in chats].count(1) == 19


async def test_a_content_error_in_a_change_notice_stops_it_and_the_organisers_are_told(
    make_harness: StartHarness, shipped_event
) -> None:
    h = await make_harness(shipped_event, organisers=frozenset({ORGANISER}), send_rate=200)
    h.api.known_chats.add(ORGANISER)
    chats = recipients(h.api, 10)
    svc = h.services
    await svc.storage.set_language(ORGANISER, "en")
    # A change notice goes out as planned (a reminder is rendered afresh when sent, so only a
    # broken template could make Telegram refuse one).
    await svc.outbox.create_job(
        "chg:test", "change", [(c, {"text": "<b>Programme change: opening"}) for c in chats]
    )
    report = await svc.start_delivery("chg:test")
    assert report.stopped_reason is not None
    [notice] = h.api.messages(ORGANISER)
    assert "stopped" in notice["text"] and "can't parse entities" in notice["text"].lower()
    assert "chg:test" in notice["text"]
    assert "0 delegates had received it" in notice["text"]
    assert "10 delegates will not get it" in notice["text"]


class SlowAnswers:
    """The server accepts the message at once but answers after ``delay``: a read timeout."""

    def __init__(self, api: FakeBotApi, delay: float) -> None:
        name, self.inner = api._methods["sendmessage"]
        self.delay = delay
        api._methods["sendmessage"] = (name, self.send)

    async def send(self, params: JSON) -> Any:
        result = self.inner(params)
        await asyncio.sleep(self.delay)
        return result


async def test_a_read_timeout_is_not_resent_and_is_counted_as_unknown(
    api: FakeBotApi, storage: Storage
) -> None:
    """Before: a timeout after Telegram had accepted the message was retried up to 5 times,
    so the delegate got it up to 5 times."""
    chats = recipients(api, 3)
    SlowAnswers(api, delay=0.6)
    outbox = Outbox(storage.connection)
    await outbox.create_job("bc:1", "broadcast", [(c, {"text": "Bus at 17:30"}) for c in chats])
    request = HTTPXRequest(read_timeout=0.2, connection_pool_size=8)
    async with Bot(TOKEN, base_url=f"{api.url}/bot", request=request) as bot:
        sender = RateLimitedSender(TelegramTransport(bot), per_second=200, backoff=0.01)
        report = await deliver(outbox, "bc:1", sender, on_blocked=Recorder().on_blocked)
    assert [len(api.messages(c)) for c in chats] == [1, 1, 1], "nobody got it twice"
    assert report.counts[UNKNOWN] == 3 and report.counts["failed"] == 0
    assert report.stopped_reason is None


async def test_a_request_that_never_left_is_safe_to_retry(api: FakeBotApi) -> None:
    nowhere = fanout_bot(TOKEN, "http://127.0.0.1:9")  # nothing listens: connection refused
    try:
        with pytest.raises(Transient):
            await TelegramTransport(nowhere).send(1, {"text": "hi"})
    finally:
        await nowhere.shutdown()
    [chat] = recipients(api, 1)
    SlowAnswers(api, delay=0.6)
    request = HTTPXRequest(read_timeout=0.2)
    async with Bot(TOKEN, base_url=f"{api.url}/bot", request=request) as slow:
        with pytest.raises(OutcomeUnknown):
            await TelegramTransport(slow).send(chat, {"text": "hi"})


def test_the_organisers_report_counts_the_unknown_outcomes() -> None:
    counts = {"sent": 7, "blocked": 0, "failed": 1, "pending": 0, "sending": 0, UNKNOWN: 2}
    for language, fragment in (("en", "2 may have received it"), ("fr", "2"), ("es", "2")):
        text = final_report(Translator(language, ZoneInfo("UTC")), 4, counts, None)
        assert fragment in text and "❔" in text
    quiet = final_report(Translator("en", ZoneInfo("UTC")), 4, {**counts, UNKNOWN: 0}, None)
    assert "❔" not in quiet
