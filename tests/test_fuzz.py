"""Random updates at the real Application: nothing a client can send makes the bot fail.

A seeded generator throws thousands of updates at the bot through the fake Bot API: any text
(emoji, right-to-left scripts, control characters, over 4,096 characters), commands with junk
arguments, button presses with real, forged and truncated callback data, edited messages, in
private chats and groups, from delegates and an organiser. The bot must never reach its error
handler, and every request it makes must be one Telegram accepts (the fake server refuses, as
Telegram does, text over 4,096 characters, callback data over 64 bytes and broken HTML).
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

import pytest

from bot.event import Event
from handlers.transport import is_content_error
from tests.botapi import utf16_len
from tests.conftest import JSON, Harness, StartHarness

SEED = 20241106
UPDATES = 1000
ORGANISER = 7001
GROUPS = (-9101, -1000000009102)  # a group and a supergroup
COMMANDS = (
    "start", "help", "programme", "program", "programa", "now", "next", "venue", "about",
    "language", "forget", "agenda", "reminders", "calendar", "news", "broadcast", "broadcasts",
    "reload", "faqexport", "cancel", "unknowncmd",
)  # fmt: skip
WORDS = (
    "wifi", "lunch", "mañana", "salle B", "taller", "clave", "où", "¿cuándo?", "plenary",
    "10h30", "3pm", "a las 7", "demain", "gorée", "yes", "no", "<b>", "&amp;", "</i>", "<>",
)  # fmt: skip
SCRIPTS = (
    "مرحبا متى تبدأ الجلسة؟",  # Arabic, right to left
    "שלום איפה האולם",  # Hebrew
    "\u202eevil\u202c override",  # bidi control characters
    "👩🏽‍💻🎉🔥 ✨🇩🇴",  # emoji with joiners, skin tones and flags
    "ｆｕｌｌｗｉｄｔｈ　ｔｅｘｔ",
    "Zalgo t̸̢͔e̶͍͝x̷̺̾t̵̰͂",
    "\x00\x07\t\r\n tabs and nulls",
    "中文 日本語 한국어",
)
FORGED = (
    "", "x", "prog", "day:", "day:9999-99-99", "ses:", "ses:../../etc", "fol:", "fol:nope",
    "bc:go:", "bc:go:abc", "bc:drop:-1", "bc:lang:zz", "bc:ses:" + "a" * 60, "hfaq:x",
    "hfaq:99999999999999999999", "cal:", "cal:theirs", "lang:xx", "rem:lead:999", "ask:send",
    "forget:yes", "menu:", "🙂", "a" * 64, "\u0000",
)  # fmt: skip


class Fuzzer:
    """Builds the next random update from what is in the chats now (so presses hit real
    buttons as well as forged ones)."""

    def __init__(self, h: Harness, rng: random.Random) -> None:
        self.h, self.rng = h, rng
        self.users = [h.delegate(rng.choice(["es", "en", "fr", "pt", "de"])) for _ in range(12)]
        self.users[0].user_id = ORGANISER
        for group in GROUPS:
            h.api.known_chats.add(group)

    def text(self) -> str:
        r = self.rng.random()
        if r < 0.25:
            return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(1, 8)))
        if r < 0.4:
            return self.rng.choice(SCRIPTS)
        if r < 0.5:  # over Telegram's limit for a message: what a client could never send
            return "".join(
                self.rng.choice("ab ñ€👍\n<&") for _ in range(self.rng.randint(4000, 5000))
            )
        if r < 0.75:
            junk = self.rng.choice(["", " ", " fr", " 42", " --5", " 😀", " " + "x" * 300, "@bot"])
            return f"/{self.rng.choice(COMMANDS)}{junk}"
        if r < 0.85:
            return "".join(
                chr(self.rng.randint(32, 0x2FFF)) for _ in range(self.rng.randint(1, 40))
            )
        return self.rng.choice(["14:00", "tomorrow 09:30", "2024-11-07 08:00", "hoy 25:61", "?"])

    def update(self) -> tuple[JSON, int]:
        user = self.rng.choice(self.users)
        in_group = self.rng.random() < 0.25
        chat = self.rng.choice(GROUPS) if in_group else user.user_id
        kind = self.rng.random()
        if kind < 0.35:
            return self.press(user.user_id, chat, user.language_code), chat
        text = self.text()
        if in_group and self.rng.random() < 0.5:
            text = f"@{self.h.api.bot_username} {text}"
        chat_type = "private"
        if in_group:
            chat_type = "group" if chat == GROUPS[0] else "supergroup"
        options: dict[str, Any] = {
            "chat_id": chat if in_group else None,
            "chat_type": chat_type,
            "language_code": user.language_code,
            "first_name": self.rng.choice(["Ana", "<b>Zoë</b>", "محمد", "🙂", "&"]),
        }
        bot_messages = self.h.api.messages(chat)
        if bot_messages and self.rng.random() < 0.15:
            options["reply_to"] = self.rng.choice(bot_messages)["message_id"]
        if kind > 0.93:
            try:
                return self.h.api.message_update(user.user_id, text, edited=True, **options), chat
            except ValueError:  # no message of theirs to edit yet
                pass
        return self.h.api.message_update(user.user_id, text, **options), chat

    def press(self, user_id: int, chat: int, language: str) -> JSON:
        messages = [m for m in self.h.api.messages(chat) if m.get("reply_markup")]
        real = [
            b["callback_data"]
            for m in messages
            for row in m["reply_markup"].get("inline_keyboard", [])
            for b in row
            if "callback_data" in b
        ]
        r = self.rng.random()
        if real and r < 0.6:
            message = self.rng.choice(messages)
            datas = [
                b["callback_data"]
                for row in message["reply_markup"]["inline_keyboard"]
                for b in row
                if "callback_data" in b
            ]
            if datas:
                data = self.rng.choice(datas)
                return self.h.api.callback_update(user_id, message, data, language_code=language)
        if real and r < 0.8:
            data = self.rng.choice(real)
            data = data[: self.rng.randint(0, len(data))]  # truncated
        else:
            data = self.rng.choice(FORGED)
        base = messages[-1] if messages else self._stranger_message(chat)
        forged = {**base, "message_id": base["message_id"] + 10**6}
        forged.pop("reply_markup", None)
        return self.h.api.callback_update(user_id, forged, data, language_code=language)

    def _stranger_message(self, chat: int) -> JSON:
        kind = "private" if chat > 0 else "group"
        return {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": chat, "type": kind, "title": "t"}
            if chat < 0
            else {"id": chat, "type": kind},
            "from": self.h.api.bot_user,
            "text": "an old message",
        }


@pytest.mark.filterwarnings("ignore::ResourceWarning")
async def test_random_updates_never_break_the_bot(
    make_harness: StartHarness, shipped_event: Event, caplog: pytest.LogCaptureFixture
) -> None:
    h = await make_harness(
        shipped_event, organisers=frozenset({ORGANISER}), organisers_chat=GROUPS[0],
        send_rate=1000,  # the pace is not what this test measures
    )  # fmt: skip
    caplog.set_level(logging.ERROR, logger="handlers.errors")
    fuzzer = Fuzzer(h, random.Random(SEED))
    started = time.monotonic()
    failed: list[tuple[JSON, BaseException | None]] = []
    for _ in range(UPDATES):
        update, chat = fuzzer.update()
        before = len(caplog.records)
        await h.feed(update, chat)
        errors = [r for r in caplog.records[before:] if r.name == "handlers.errors"]
        failed += [(update, r.exc_info[1] if r.exc_info else None) for r in errors]
    elapsed = time.monotonic() - started
    assert not failed, f"{len(failed)} updates failed: {failed[:3]}"
    refused = [
        (c.method, c.response.get("description"))
        for c in h.api.calls
        if not c.ok and is_content_error(str(c.response.get("description", "")))
    ]
    assert refused == [], refused[:5]
    for call in h.api.calls:
        text = call.params.get("text")
        if isinstance(text, str):
            assert utf16_len(text) <= 4096
        markup = call.params.get("reply_markup")
        if isinstance(markup, dict):
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    assert len(button.get("callback_data", "").encode()) <= 64
    assert len(h.api.calls) > UPDATES, "the bot answered"
    assert elapsed < 90, f"{UPDATES} updates took {elapsed:.0f} s"


async def test_a_press_without_data_is_expired_not_a_failure(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """Found by the fuzzer: PTB routes a press with empty data to the first pattern handler."""
    delegate = harness.delegate("en")
    [menu] = await delegate.send("/start")
    await delegate.forge(menu, "")
    answer = harness.api.calls_to("answerCallbackQuery")[-1].params
    assert answer["text"] == "This button has expired. Please use the menu again."
    assert not [r for r in caplog.records if r.name == "handlers.errors"]


async def test_a_press_on_a_message_deleted_meanwhile_still_gets_its_answer(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """Found by the fuzzer: in a group the answer quotes the pressed message, and Telegram
    refuses to quote a message that no longer exists."""
    harness.api.known_chats.add(GROUPS[1])
    member = harness.delegate("en", chat_id=GROUPS[1], chat_type="supergroup")
    [menu] = await member.send("/start")
    await member.forge(menu, "venue")
    assert not [r for r in caplog.records if r.name == "handlers.errors"]
    assert len(harness.api.messages(GROUPS[1])) > 1, "the venue was shown"
