"""One send budget for the whole bot: replies first, fan-outs after, the limits shared.

In virtual time against the budget itself, then through the real Application: an
announcement, delegates' replies and the organiser's preview all stay within one pace.
"""

from __future__ import annotations

import asyncio
import time

from bot.config import Settings
from bot.fanout.budget import Priority, SendBudget
from tests.botapi import Call
from tests.conftest import StartHarness
from tests.test_broadcast import compose, join, open_desk, report
from tests.test_sender import VirtualTime, most_in_one_second


async def test_interactive_turns_overtake_a_queue_of_bulk_ones() -> None:
    vt = VirtualTime()
    budget = SendBudget(10, clock=vt.clock, sleep=vt.sleep)
    granted: list[tuple[float, str]] = []

    async def one(chat: int, priority: Priority, name: str, after: float = 0.0) -> None:
        await vt.sleep(after)
        await budget.acquire(chat, priority)
        granted.append((vt.now, name))

    async def scene() -> None:
        bulk = [one(100 + i, Priority.BULK, f"bulk{i}") for i in range(50)]
        replies = [one(1 + i, Priority.INTERACTIVE, f"reply{i}", after=2.0) for i in range(3)]
        await asyncio.gather(*bulk, *replies)

    await vt.run(scene())
    when = {name: at for at, name in granted}
    for i in range(3):  # asked at 2.0 s with ~30 bulk turns still queued: served next
        assert 2.0 <= when[f"reply{i}"] <= 2.0 + 3 * 0.1 + 1e-9
    assert most_in_one_second([t for t, _ in granted]) <= 10
    assert len(granted) == 53


async def test_a_pause_holds_every_priority_and_groups_get_twenty_a_minute() -> None:
    vt = VirtualTime()
    budget = SendBudget(30, clock=vt.clock, sleep=vt.sleep)
    group_times: list[float] = []

    async def to_group() -> None:
        await budget.acquire(-42, Priority.INTERACTIVE)
        group_times.append(vt.now)

    async def scene() -> None:
        budget.pause(5.0)
        await asyncio.gather(*(to_group() for _ in range(25)))

    await vt.run(scene())
    assert min(group_times) >= 5.0
    assert sum(1 for t in group_times if t < 5.0 + 60) == 20
    assert max(group_times) >= 5.0 + 60


async def test_a_stopped_wait_gives_its_turn_away() -> None:
    vt = VirtualTime()
    budget = SendBudget(1, clock=vt.clock, sleep=vt.sleep)
    stop = asyncio.Event()

    async def scene() -> list[bool]:
        first = await budget.acquire(1, Priority.BULK, stop)
        waiting = asyncio.ensure_future(budget.acquire(2, Priority.BULK, stop))
        await vt.sleep(0.5)
        stop.set()
        return [first, await waiting, await budget.acquire(3, Priority.INTERACTIVE)]

    assert await vt.run(scene()) == [True, False, True]


async def test_replies_during_an_announcement_share_its_pace_and_come_first(
    make_harness: StartHarness, shipped_event
) -> None:
    """Before: fan-outs had their own limiter and replies another, so together they went over
    the bot's pace (and Telegram's limit); now both stay within SEND_RATE, replies first."""
    h, organiser = await open_desk(make_harness, shipped_event, send_rate=10)
    await join(h, ["en", "es"] * 20)
    _, summary = await compose(organiser, texts=["The buses leave at 17:30."])
    starts: list[float] = []

    def record(call: Call) -> None:
        if call.method.startswith(("send", "edit")):
            starts.append(time.monotonic())

    h.api.on_call = record
    await organiser.press(summary, "Send")
    await asyncio.sleep(0.5)  # the fan-out is under way
    askers = [h.delegate("en") for _ in range(12)]

    async def ask(delegate) -> float:  # type: ignore[no-untyped-def]
        began = time.monotonic()
        await delegate.send("/start")
        return time.monotonic() - began

    waits = await asyncio.gather(*(ask(d) for d in askers))
    final = await report(h, organiser, timeout=20)
    assert "40 delegates received it" in final["text"]
    assert all(d.screen() for d in askers)
    assert most_in_one_second(starts) <= 10 + 1  # one start of slack for the server's clock
    assert max(waits) < 2.5, f"replies waited behind the announcement: {sorted(waits)}"


async def test_the_preview_keeps_to_one_message_a_second_per_chat(
    make_harness: StartHarness, shipped_event
) -> None:
    """Before: the preview went straight to the transport, past any pacing, and a chat limit
    made it fail with a 429; now each copy waits for its turn like any reply."""
    h, organiser = await open_desk(
        make_harness, shipped_event, chat_interval=Settings.chat_interval
    )
    h.api.rate_limit(None, per_chat_per_second=1, retry_after=1)
    previews, summary = await compose(
        organiser,
        mode="A version per language",
        texts=["Hola a todos.", "Hello everyone.", "Bonjour à toutes et à tous."],
    )
    assert len(previews) == 3
    assert "as delegates will see it" in summary["text"]
    assert h.api.count_429 == 0
