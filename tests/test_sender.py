"""The paced sender and the delivery loop: in virtual time against a fake transport (pacing,
spacing, pauses, backoff), then for real against the fake Bot API (limits, 403s, bad HTML,
resuming after a stop).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from telegram import Bot
from telegram.error import BadRequest

from bot.fanout.delivery import deliver
from bot.fanout.outbox import Outbox
from bot.fanout.sender import (
    BadContent,
    Blocked,
    Outcome,
    RateLimitedSender,
    RetryLater,
    Transient,
    Undeliverable,
    payload_for,
)
from bot.storage import Storage
from bot.ui.views import Button, Reply
from handlers.transport import TelegramTransport, cannot_edit, fanout_bot, not_modified
from tests.botapi import FakeBotApi
from tests.conftest import TOKEN

T = TypeVar("T")


class VirtualTime:
    """A clock whose sleeps end in wake-up order as soon as every task is idle, so minutes of
    pacing run in milliseconds and timings are exact."""

    def __init__(self, lateness: float = 0.0, stall_every: int = 0) -> None:
        self.now = 0.0
        self.lateness = lateness  # real timers wake a little late
        self.stall_every = stall_every  # and now and then a busy loop wakes one 0.3 s late
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        seq = next(self._seq)
        stall = 0.3 if self.stall_every and seq % self.stall_every == self.stall_every - 1 else 0
        when = self.now + max(delay, 0.0) + self.lateness + stall
        heapq.heappush(self._sleepers, (when, seq, future))
        await future

    async def run(self, awaitable: Awaitable[T]) -> T:
        task = asyncio.ensure_future(awaitable)
        for _ in range(100_000):
            for _ in range(50):  # let every woken task run until it sleeps again
                await asyncio.sleep(0)
            if task.done():
                return task.result()
            while self._sleepers and self._sleepers[0][2].done():
                heapq.heappop(self._sleepers)  # cancelled sleeps
            if not self._sleepers:
                raise AssertionError("deadlock: nothing sleeps and nothing finished")
            when, _, future = heapq.heappop(self._sleepers)
            self.now = max(self.now, when)
            future.set_result(None)
        raise AssertionError("virtual run did not finish")


@dataclass
class FakeTransport:
    """Records when each request starts; ``script`` makes a chat's next calls fail."""

    time: VirtualTime
    latency: float = 0.0
    script: dict[int, list[Exception]] = field(default_factory=dict)
    starts: list[tuple[float, int]] = field(default_factory=list)

    async def send(self, chat_id: int, payload: dict[str, Any]) -> None:
        self.starts.append((self.time.now, chat_id))
        if self.latency:
            await self.time.sleep(self.latency)
        if self.script.get(chat_id):
            raise self.script[chat_id].pop(0)

    def times(self, chat_id: int) -> list[float]:
        return [t for t, c in self.starts if c == chat_id]


def most_in_one_second(times: list[float]) -> int:
    ordered = sorted(times)
    return max(sum(1 for u in ordered if t <= u < t + 1.0 - 1e-9) for t in ordered)


async def send_all(sender: RateLimitedSender, chats: list[int]) -> list[Outcome]:
    results = await asyncio.gather(*(sender.send(c, {"text": "hi"}) for c in chats))
    return [r.outcome for r in results]


async def test_starts_are_evenly_paced_and_latency_does_not_cap_the_rate() -> None:
    vt = VirtualTime()
    transport = FakeTransport(vt, latency=0.3)  # 3 round trips per 10 starts: needs overlap
    sender = RateLimitedSender(transport, per_second=10, clock=vt.clock, sleep=vt.sleep)
    outcomes = await vt.run(send_all(sender, list(range(1, 46))))
    assert outcomes == [Outcome.SENT] * 45
    times = [t for t, _ in transport.starts]
    assert most_in_one_second(times) <= 10
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.1 - 1e-9, "no burst"
    assert times[-1] - times[0] <= 4.4 + 1e-6, "no slower than the pace"


async def test_late_timers_do_not_slow_the_pace_nor_cause_bursts() -> None:
    vt = VirtualTime(lateness=0.004)  # 4% of the interval, every time
    transport = FakeTransport(vt)
    sender = RateLimitedSender(transport, per_second=10, clock=vt.clock, sleep=vt.sleep)
    await vt.run(send_all(sender, list(range(1, 102))))
    times = [t for t, _ in transport.starts]
    assert most_in_one_second(times) <= 10
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.09 - 1e-9
    assert times[-1] - times[0] <= 10.05, "lateness does not add up (0.4 s if it did)"


async def test_a_stalled_loop_neither_bursts_nor_slows_the_pace_afterwards() -> None:
    vt = VirtualTime(lateness=0.002, stall_every=15)
    transport = FakeTransport(vt)
    sender = RateLimitedSender(transport, per_second=10, clock=vt.clock, sleep=vt.sleep)
    await vt.run(send_all(sender, list(range(1, 102))))
    times = [t for t, _ in transport.starts]
    assert most_in_one_second(times) <= 10
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.09 - 1e-9
    assert times[-1] - times[0] <= 10.0 + 6 * 0.3 + 0.05, "a stall costs its own length only"


async def test_one_chat_gets_at_most_one_message_a_second_without_holding_up_others() -> None:
    vt = VirtualTime()
    transport = FakeTransport(vt)
    sender = RateLimitedSender(transport, per_second=50, clock=vt.clock, sleep=vt.sleep)
    outcomes = await vt.run(send_all(sender, [1, 1, 2, 1, 3, 4, 1, 5, 6, 7, 8, 9]))
    assert set(outcomes) == {Outcome.SENT}
    ones = transport.times(1)
    assert len(ones) == 4
    assert min(b - a for a, b in itertools.pairwise(ones)) >= 1.0 - 1e-9
    others = [t for t, c in transport.starts if c != 1]
    assert max(others) < 0.3


async def test_retry_later_pauses_all_sending_and_is_not_an_attempt() -> None:
    vt = VirtualTime()
    transport = FakeTransport(vt, script={5: [RetryLater(2.0)]})
    sender = RateLimitedSender(
        transport, per_second=20, max_attempts=1, clock=vt.clock, sleep=vt.sleep
    )
    outcomes = await vt.run(send_all(sender, list(range(1, 21))))
    assert outcomes == [Outcome.SENT] * 20  # chat 5 too, although max_attempts=1
    flood = transport.times(5)[0]
    assert len(transport.times(5)) == 2
    assert not [t for t, _ in transport.starts if flood < t < flood + 2.0 - 1e-9]
    assert transport.times(5)[1] >= flood + 2.0 - 1e-9


async def test_transient_errors_back_off_exponentially_then_fail() -> None:
    vt = VirtualTime()
    flaky = [Transient("Timed out")]
    dead = [Transient("Network error") for _ in range(10)]
    transport = FakeTransport(vt, script={1: flaky, 2: dead})
    sender = RateLimitedSender(
        transport, per_second=100, max_attempts=3, backoff=0.5, clock=vt.clock, sleep=vt.sleep
    )
    results = await vt.run(
        asyncio.gather(sender.send(1, {"text": "a"}), sender.send(2, {"text": "b"}))
    )
    assert results[0].outcome is Outcome.SENT and results[0].calls == 2
    assert results[1].outcome is Outcome.FAILED and results[1].calls == 3
    assert results[1].error == "gave up after 3 attempts: Network error"
    t = transport.times(2)
    assert t[1] - t[0] == pytest.approx(1.0, abs=0.02)  # 0.5 s backoff, then per-chat spacing
    assert t[2] - t[1] == pytest.approx(1.0, abs=0.02)


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (Blocked("Forbidden: bot was blocked by the user"), Outcome.BLOCKED),
        (Undeliverable("Chat not found"), Outcome.FAILED),
        (BadContent("Can't parse entities"), Outcome.BAD_CONTENT),
        (KeyError("text"), Outcome.ERROR),
    ],
)
async def test_permanent_errors_are_not_retried(error: Exception, outcome: Outcome) -> None:
    vt = VirtualTime()
    transport = FakeTransport(vt, script={1: [error, error]})
    sender = RateLimitedSender(transport, clock=vt.clock, sleep=vt.sleep)
    result = await vt.run(sender.send(1, {"text": "x"}))
    assert result.outcome is outcome and result.calls == 1


# ---- delivery through the outbox ---------------------------------------------------------------


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    store = await Storage.open(tmp_path / "bot.sqlite3")
    yield store
    await store.close()


@dataclass
class Recorder:
    blocked: list[int] = field(default_factory=list)
    progress: list[dict[str, int]] = field(default_factory=list)

    async def on_blocked(self, chat_id: int) -> None:
        self.blocked.append(chat_id)

    async def on_progress(self, counts: dict[str, int]) -> None:
        self.progress.append(counts)


class InstantTransport:
    """Real time, no network: for the delivery loop's bookkeeping."""

    def __init__(self, fail: dict[int, Exception]) -> None:
        self.fail, self.calls = fail, []

    async def send(self, chat_id: int, payload: dict[str, Any]) -> None:
        self.calls.append(chat_id)
        await asyncio.sleep(0.001)
        if chat_id in self.fail:
            raise self.fail[chat_id]


async def test_bad_content_stops_the_job_and_leaves_the_rest_pending(storage: Storage) -> None:
    outbox = Outbox(storage.connection)
    await outbox.create_job("b1", "broadcast", [(c, {"text": "x"}) for c in range(1, 41)])
    transport = InstantTransport({3: BadContent("Can't parse entities: unclosed start tag")})
    sender = RateLimitedSender(transport, per_second=400, max_in_flight=4)
    rec = Recorder()
    report = await deliver(
        outbox, "b1", sender, on_blocked=rec.on_blocked, on_progress=rec.on_progress
    )
    assert report.stopped_reason == "bad content: Can't parse entities: unclosed start tag"
    assert not report.complete
    counts = await outbox.counts("b1")
    assert counts["failed"] == 1 and counts["sending"] == 0
    assert counts["pending"] == 40 - len(transport.calls) >= 30
    assert max(transport.calls) <= 3 + 4, "at most the requests already in flight"
    assert await outbox.claim("b1", 10) == [] and await outbox.unfinished_jobs() == []
    assert rec.progress[-1] == counts


async def test_blocked_and_unreachable_recipients_do_not_stop_the_job(storage: Storage) -> None:
    outbox = Outbox(storage.connection)
    await outbox.create_job("r1", "reminder", [(c, {"text": "x"}) for c in range(1, 21)])
    transport = InstantTransport({4: Blocked("blocked"), 9: Undeliverable("Chat not found")})
    rec = Recorder()
    sender = RateLimitedSender(transport, per_second=400)
    report = await deliver(outbox, "r1", sender, on_blocked=rec.on_blocked)
    assert (report.sent, report.blocked, report.failed) == (18, 1, 1)
    assert report.complete and rec.blocked == [4]
    assert sorted(transport.calls) == list(range(1, 21))
    assert await outbox.unfinished_jobs() == []


async def test_a_delegate_forgotten_while_their_message_waits_does_not_get_it(
    storage: Storage,
) -> None:
    """Claimed rows wait for their turn, here behind a 429's pause; /forget deletes one meanwhile."""
    outbox = Outbox(storage.connection)
    await outbox.create_job("b2", "broadcast", [(c, {"text": "x"}) for c in (1, 2, 3)])
    flooded = asyncio.Event()

    class FloodOnce(InstantTransport):
        async def send(self, chat_id: int, payload: dict[str, Any]) -> None:
            if not flooded.is_set():
                flooded.set()
                raise RetryLater(0.3)
            await super().send(chat_id, payload)

    transport = FloodOnce({})
    sender = RateLimitedSender(transport, per_second=400, per_chat_interval=0.0)
    delivery = asyncio.create_task(deliver(outbox, "b2", sender, on_blocked=Recorder().on_blocked))
    await flooded.wait()
    assert await outbox.forget(2) == 1, "its row was claimed, waiting"
    report = await delivery
    assert sorted(transport.calls) == [1, 3]
    assert report.complete and report.sent == 2


# ---- against the fake Bot API ------------------------------------------------------------------


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with fanout_bot(TOKEN, api.url) as plain:
        yield plain


def recipients(api: FakeBotApi, n: int) -> list[int]:
    chats = list(range(5001, 5001 + n))
    api.known_chats.update(chats)
    return chats


def sends_to(api: FakeBotApi, chat_id: int) -> int:
    return sum(1 for c in api.calls_to("sendMessage") if c.params.get("chat_id") == chat_id)


async def test_two_hundred_recipients_at_28_a_second_draw_no_429(
    api: FakeBotApi, bot: Bot, storage: Storage
) -> None:
    api.rate_limit(30)
    chats = recipients(api, 200)
    outbox = Outbox(storage.connection)
    await outbox.create_job("r1", "reminder", [(c, {"text": f"Hi <b>{c}</b>"}) for c in chats])
    sender = RateLimitedSender(TelegramTransport(bot), per_second=28)
    report = await deliver(outbox, "r1", sender, on_blocked=Recorder().on_blocked)
    assert report.complete and report.sent == 200
    assert [len(api.messages(c)) for c in chats] == [1] * 200
    assert api.messages(5010)[0]["text"] == "Hi 5010"
    assert api.count_429 == 0


async def test_a_blocked_chat_is_reported_once_and_never_retried(
    api: FakeBotApi, bot: Bot, storage: Storage
) -> None:
    chats = recipients(api, 12)
    api.block(chats[3])
    stranger = 777  # never talked to the bot: "chat not found"
    outbox = Outbox(storage.connection)
    plan = [(c, {"text": "Hola"}) for c in [*chats, stranger]]
    await outbox.create_job("b1", "broadcast", plan)
    rec = Recorder()
    sender = RateLimitedSender(TelegramTransport(bot), per_second=200)
    report = await deliver(outbox, "b1", sender, on_blocked=rec.on_blocked)
    assert rec.blocked == [chats[3]]
    assert sends_to(api, chats[3]) == 1 and sends_to(api, stranger) == 1
    assert (report.sent, report.blocked, report.failed, report.stopped_reason) == (11, 1, 1, None)


async def test_broken_html_stops_the_job_with_the_reason(
    api: FakeBotApi, bot: Bot, storage: Storage
) -> None:
    chats = recipients(api, 20)
    outbox = Outbox(storage.connection)
    await outbox.create_job("b1", "broadcast", [(c, {"text": "<b>x"}) for c in chats])
    sender = RateLimitedSender(TelegramTransport(bot), per_second=50, max_in_flight=4)
    report = await deliver(outbox, "b1", sender, on_blocked=Recorder().on_blocked)
    assert report.stopped_reason is not None
    assert "can't parse entities" in report.stopped_reason.lower()
    tried = len(api.calls_to("sendMessage"))
    assert 1 <= tried <= 4
    assert report.counts["pending"] == 20 - tried and report.counts["failed"] == tried


async def test_a_cancelled_delivery_resumes_without_skipping_or_doubling(
    api: FakeBotApi, bot: Bot, tmp_path: Path
) -> None:
    chats = recipients(api, 40)
    path = tmp_path / "bot.sqlite3"
    storage = await Storage.open(path)
    outbox = Outbox(storage.connection)
    await outbox.create_job("r1", "reminder", [(c, {"text": "Opening soon"}) for c in chats])
    sender = RateLimitedSender(TelegramTransport(bot), per_second=40)
    task = asyncio.create_task(deliver(outbox, "r1", sender, on_blocked=Recorder().on_blocked))
    await api.wait_for(lambda: len(api.calls_to("sendMessage")) >= 20)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    counts = await outbox.counts("r1")
    delivered = sum(len(api.messages(c)) for c in chats)
    assert counts["sending"] == 0, "a graceful stop leaves nothing in flight"
    assert counts["sent"] == delivered < 40, "every request that went out is recorded"
    await storage.close()

    storage = await Storage.open(path)  # the next start
    outbox = Outbox(storage.connection)
    assert await outbox.recover() == 0
    assert await outbox.unfinished_jobs() == ["r1"]
    sender = RateLimitedSender(TelegramTransport(bot), per_second=40)
    report = await deliver(outbox, "r1", sender, on_blocked=Recorder().on_blocked)
    assert report.complete and report.sent == 40 - delivered
    assert [len(api.messages(c)) for c in chats] == [1] * 40
    await storage.close()


async def test_transport_maps_telegram_errors(api: FakeBotApi, bot: Bot) -> None:
    chat, blocked = recipients(api, 2)
    api.block(blocked)
    transport = TelegramTransport(bot)
    reply = Reply("<b>Plenary</b> moved to room B", ((Button("Programme", "programme"),),))
    await transport.send(chat, payload_for(reply, silent=True))
    sent = api.messages(chat)[0]
    assert sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "programme"
    assert api.calls_to("sendMessage")[0].params["disable_notification"] is True

    cases: list[tuple[int, dict[str, Any], type[Exception]]] = [
        (blocked, {"text": "hi"}, Blocked),
        (424242, {"text": "hi"}, Undeliverable),
        (chat, {"text": "x" * 4097}, BadContent),
        (chat, {"text": ""}, BadContent),
        (chat, {"text": "hi", "photo": "abc"}, BadContent),
    ]
    for target, payload, expected in cases:
        with pytest.raises(expected):
            await transport.send(target, payload)

    api.rate_limit(1, retry_after=3)
    await transport.send(chat, {"text": "one"})
    with pytest.raises(RetryLater) as flood:
        await transport.send(chat, {"text": "two"})
    assert flood.value.seconds == 3.0

    nowhere = fanout_bot(TOKEN, "http://127.0.0.1:9")  # nothing listens there
    try:
        with pytest.raises(Transient):
            await TelegramTransport(nowhere).send(chat, {"text": "hi"})
    finally:
        await nowhere.shutdown()


def test_edit_refusals_are_told_apart() -> None:
    unchanged = BadRequest("Message is not modified: specified new message content is the same")
    gone = BadRequest("Message to edit not found")
    old = BadRequest("Message can't be edited")
    assert not_modified(unchanged) and not cannot_edit(unchanged)
    assert cannot_edit(gone) and cannot_edit(old) and not not_modified(gone)
    assert not cannot_edit(BadRequest("Can't parse entities")), "a broken message is raised"
