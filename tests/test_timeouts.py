"""Conversations end after an idle time, and the user is told: a hand-off question or an
announcement draft left alone does not capture text typed hours later."""

from __future__ import annotations

from telegram.ext import Application, ConversationHandler

from bot.event import Event
from tests.conftest import StartHarness
from tests.test_broadcast import open_desk
from tests.test_handoff import GROUP, ORGANISER, ask_out_of_scope

IDLE = 1.5  # longer than any one step of the conversation takes on a loaded machine


def open_conversations(app: Application) -> int:
    """Conversations in progress. The timeout's message is sent before its conversation is
    ended, so the chat alone does not tell a test when the next text is read afresh."""
    return sum(
        len(handler._conversations)  # PTB keeps the states there; there is no public view
        for group in app.handlers.values()
        for handler in group
        if isinstance(handler, ConversationHandler)
    )


async def test_an_unfinished_hand_off_ends_and_later_text_is_not_posted(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h = await make_harness(
        shipped_event, organisers=frozenset({ORGANISER}), organisers_chat=GROUP, running=True,
        handoff_idle=IDLE,
    )  # fmt: skip
    h.api.known_chats.add(GROUP)
    delegate = h.delegate("en")
    await ask_out_of_scope(delegate)
    await h.api.wait_for(
        lambda: "waited too long" in delegate.screen()[-1]["text"], timeout=IDLE + 5
    )
    await h.api.wait_for(lambda: open_conversations(h.app) == 0, timeout=5)
    [answer] = await delegate.send("Where is the opening session?")
    assert "Sent to the organisers" not in answer["text"]
    assert h.api.messages(GROUP) == [], "nothing was posted to the organisers"


async def test_an_idle_draft_ends_and_later_text_is_not_read_as_its_time(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h, organiser = await open_desk(make_harness, shipped_event, running=True, draft_idle=IDLE)
    [screen] = await organiser.send("/broadcast")
    [screen] = await organiser.press(screen, "Everyone")
    [screen] = await organiser.press(screen, "One text for all")
    screen = (await organiser.send("Lunch moves to the terrace."))[-1]
    [screen] = await organiser.press(screen, "No attachment")
    [screen] = await organiser.press(screen, "With sound")  # now: "when?" (text is a time)
    await h.api.wait_for(lambda: "put aside" in organiser.screen()[-1]["text"], timeout=IDLE + 5)
    await h.api.wait_for(lambda: open_conversations(h.app) == 0, timeout=5)
    out = await organiser.send("tomorrow 09:30")
    assert out, "the text got an answer"
    assert all("as delegates will see it" not in m["text"] for m in out)
