"""Updates from different chats are handled at once, one chat's in order (``handlers.update_order``).

The Application runs as under polling: updates go through its queue and its update processor,
not straight to ``process_update`` as the conversation tests' ``feed`` does.
"""

from __future__ import annotations

import itertools

from telegram import Update

from bot.event import Event
from tests.botapi import FakeBotApi
from tests.conftest import Harness, StartHarness

ANA, BEN, CARLA = 2001, 2002, 2003
update_ids = itertools.count(10_000)


async def queue(harness: Harness, user_id: int, text: str) -> None:
    """A delegate's message, as the polling loop hands it to the Application."""
    update = harness.api.message_update(user_id, text)
    update["update_id"] = next(update_ids)
    harness.api.known_chats.add(user_id)
    await harness.app.update_queue.put(Update.de_json(update, harness.app.bot))


def sent(api: FakeBotApi, chat_id: int) -> list[tuple[int, str]]:
    """(position among all calls, method) of each message the bot sent to that chat."""
    return [
        (i, call.method)
        for i, call in enumerate(api.calls)
        if call.method.startswith("send") and int(call.params.get("chat_id", 0)) == chat_id
    ]


async def test_a_reply_waiting_for_its_chat_holds_up_no_other_chat(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    """/venue is two messages to one chat, the second a second after the first (Telegram's
    limit per chat); another delegate's question is answered meanwhile."""
    harness = await make_harness(shipped_event, running=True, chat_interval=1.0)
    await queue(harness, ANA, "/venue")
    await queue(harness, BEN, "wifi?")
    await harness.api.wait_for(lambda: len(sent(harness.api, ANA)) == 2, timeout=10)
    await harness.api.wait_for(lambda: sent(harness.api, BEN), timeout=10)
    (pin, method), (directions, _) = sent(harness.api, ANA)
    (answer, _), *_ = sent(harness.api, BEN)
    assert method == "sendVenue"
    assert pin < answer < directions


async def test_one_chats_updates_are_answered_in_order(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    """Three messages from one delegate, queued at once, are answered as if one by one,
    although the first answer's second message waits a second for the chat."""
    harness = await make_harness(shipped_event, running=True, chat_interval=1.0)
    asked = ["/venue", "wifi?", "gracias!"]
    carla = harness.delegate("en")
    for text in asked:  # one by one, each answered before the next is read
        await carla.send(text)
    for text in asked:
        await queue(harness, ANA, text)
    expected = [m.get("text") for m in harness.api.messages(carla.chat)]
    await harness.api.wait_for(lambda: len(harness.api.messages(ANA)) == len(expected), timeout=15)
    assert [m.get("text") for m in harness.api.messages(ANA)] == expected
