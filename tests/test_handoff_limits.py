"""One delegate cannot flood the organisers: at most 5 questions waiting for an answer and 10
a day (bot/handoffs/store.py OPEN_LIMIT, DAILY_LIMIT), with a clear message instead."""

from __future__ import annotations

from bot.event import Event
from bot.handoffs.store import DAILY_LIMIT, OPEN_LIMIT
from tests.conftest import Delegate, StartHarness
from tests.test_handoff import GROUP, ask_out_of_scope, organisers_group


async def ask(delegate: Delegate, n: int) -> str:
    prompt = await ask_out_of_scope(delegate)
    out = await delegate.send(f"Question number {n}: can I bring my dog?")
    return out[-1]["text"] if out else prompt["text"]


async def test_a_delegate_with_five_open_questions_is_asked_to_wait(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h, organiser = await organisers_group(make_harness, shipped_event)
    delegate = h.delegate("en")
    for n in range(OPEN_LIMIT):
        assert "Sent to the organisers" in await ask(delegate, n)
    assert len(h.api.messages(GROUP)) == OPEN_LIMIT
    [fallback] = await delegate.send("Can I bring my cat?")
    await delegate.press(fallback, "Ask the organisers")
    refusal = delegate.screen()[-1]["text"]
    assert "5 questions waiting" in refusal
    assert len(h.api.messages(GROUP)) == OPEN_LIMIT, "nothing more was posted"
    first = h.api.messages(GROUP)[0]
    await organiser.send("Yes, on a lead.", reply_to=first)
    assert "Sent to the organisers" in await ask(delegate, 99), "an answer frees a place"
    other = h.delegate("en")
    assert "Sent to the organisers" in await ask(other, 1), "the limit is per delegate"


async def test_ten_questions_a_day_at_most(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h, organiser = await organisers_group(make_harness, shipped_event)
    delegate = h.delegate("en")
    for n in range(DAILY_LIMIT):
        assert "Sent to the organisers" in await ask(delegate, n)
        await organiser.send("Yes.", reply_to=h.api.messages(GROUP)[-1])
    [fallback] = await delegate.send("Can I bring my cat?")
    await delegate.press(fallback, "Ask the organisers")
    assert "10 questions to the organisers today" in delegate.screen()[-1]["text"]
    assert len(h.api.messages(GROUP)) == 2 * DAILY_LIMIT, "posts and receipts, nothing more"
