"""The fake Bot API must behave like Telegram as PTB sees it, or bot tests prove nothing.

Every test talks to it through a real ``telegram.Bot`` over HTTP, so PTB's own encoding
(form fields, JSON-encoded values, multipart uploads) and error mapping are exercised too.
"""

import os

os.environ.setdefault("PTB_TIMEDELTA", "1")  # else RetryAfter warns, and warnings are errors

import asyncio
import datetime as dtm
import io
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from tests.botapi import NOT_MODIFIED, FakeBotApi, UploadedFile, parse_html

TOKEN = "123:ABC"
USER = 42


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    server = FakeBotApi(token=TOKEN, bot_username="meeting_test_bot")
    await server.start()
    yield server
    await server.stop()


@pytest_asyncio.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    client = Bot(TOKEN, base_url=api.url + "/bot", base_file_url=api.url + "/file/bot")
    await client.initialize()
    api.known_chats.add(USER)
    yield client
    await client.shutdown()


def keyboard(*datas: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"b{i}", callback_data=d)]
                                 for i, d in enumerate(datas)])  # fmt: skip


@pytest.mark.asyncio
async def test_get_me_has_telegram_shape(api: FakeBotApi, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123, True, "meeting_test_bot")
    result = api.calls_to("getMe")[-1].response["result"]
    assert result["can_read_all_group_messages"] is False
    assert result["supports_inline_queries"] is False
    assert "can_join_groups" in result


@pytest.mark.asyncio
async def test_wrong_token_and_unknown_method(api: FakeBotApi) -> None:
    wrong = Bot("999:WRONG", base_url=api.url + "/bot")
    try:
        with pytest.raises(InvalidToken):
            await wrong.initialize()
    finally:
        await wrong.shutdown()
    assert api.calls[-1].response == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    async with httpx.AsyncClient() as http:
        missing = await http.post(f"{api.url}/bot{TOKEN}/sendTelepathy")
        lower = await http.get(f"{api.url}/bot{TOKEN}/getme")
    assert missing.status_code == 404
    assert missing.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert lower.json()["result"]["username"] == "meeting_test_bot"


@pytest.mark.asyncio
async def test_long_poll_returns_pushed_update_and_offset_confirms(
    api: FakeBotApi, bot: Bot
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert not poll.done()  # it is waiting, as a long poll should
    update_id = api.push_update(api.message_update(USER, "/start"))
    updates = await asyncio.wait_for(poll, 1)
    assert [u.update_id for u in updates] == [update_id]
    message = updates[0].message
    assert message is not None and message.text == "/start"
    assert message.entities[0].type == "bot_command"
    assert len(await bot.get_updates(timeout=0)) == 1  # not confirmed yet, so delivered again
    assert await bot.get_updates(offset=update_id + 1, timeout=0) == ()


@pytest.mark.asyncio
async def test_send_edit_delete_track_message_state(api: FakeBotApi, bot: Bot) -> None:
    first = await bot.send_message(USER, "Hello", reply_markup=keyboard("a", "b"))
    second = await bot.send_message(USER, "Second")
    assert second.message_id == first.message_id + 1
    assert api.last_message(USER)["text"] == "Second"
    await bot.edit_message_text("Hello again", USER, first.message_id, reply_markup=keyboard("c"))
    state = api.messages(USER)[0]
    assert state["text"] == "Hello again"
    assert state["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "c"
    await bot.edit_message_text("No keyboard", USER, first.message_id)
    assert "reply_markup" not in api.messages(USER)[0]  # Telegram drops an omitted markup
    await bot.delete_message(USER, second.message_id)
    assert [m["text"] for m in api.messages(USER)] == ["No keyboard"]
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", USER, 999)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(777, "stranger")


@pytest.mark.asyncio
async def test_message_length_counts_utf16_units(api: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(USER, "a" * 4096)
    await bot.send_message(USER, "a" * 4094 + "😀")  # the emoji is two UTF-16 units: 4096
    for text in ("a" * 4097, "a" * 4095 + "😀"):
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await bot.send_message(USER, text)
    assert api.calls_to("sendMessage")[-1].response["description"] == (
        "Bad Request: message is too long"
    )
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode=ParseMode.HTML)


@pytest.mark.asyncio
async def test_callback_data_limit_is_64_bytes(api: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(USER, "ok", reply_markup=keyboard("x" * 64))
    for data in ("x" * 65, "é" * 33):  # 33 characters but 66 bytes
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await bot.send_message(USER, "too long", reply_markup=keyboard(data))
    assert len(api.messages(USER)) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("Q&A", 'Unescaped "&", use &amp; at byte offset 1'),
    ],
)
async def test_broken_html_is_rejected(api: FakeBotApi, bot: Bot, html: str, detail: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(USER, html, parse_mode=ParseMode.HTML)
    description = api.calls_to("sendMessage")[-1].response["description"]
    assert description == f"Bad Request: can't parse entities: {detail}"


@pytest.mark.asyncio
async def test_valid_nested_html_becomes_text_and_entities(api: FakeBotApi, bot: Bot) -> None:
    html = (
        '<b>bold <i>both</i></b> &lt;3 &amp; &#128512; <a href="https://x.org/?a=1&amp;b=2">'
        'link</a> <span class="tg-spoiler">s</span> <blockquote expandable>q</blockquote>'
        '<pre><code class="language-python">x = 1</code></pre>'
    )
    sent = await bot.send_message(USER, html, parse_mode=ParseMode.HTML)
    assert sent.text == "bold both <3 & 😀 link s qx = 1"
    got = {(e.type, e.offset, e.length) for e in sent.entities}
    assert {("bold", 0, 9), ("italic", 5, 4), ("text_link", 18, 4), ("spoiler", 23, 1)} <= got
    assert ("expandable_blockquote", 25, 1) in got
    pre = next(e for e in sent.entities if e.type == "pre")
    assert (pre.offset, pre.length, pre.language) == (26, 5, "python")
    assert next(e for e in sent.entities if e.type == "text_link").url == "https://x.org/?a=1&b=2"
    assert "code" not in {e.type for e in sent.entities}


def test_parse_html_offsets_are_utf16() -> None:
    text, entities = parse_html("😀 <b>x</b>")
    assert text == "😀 x"
    assert entities == [{"type": "bold", "offset": 3, "length": 1}]
    assert parse_html("Q&A", strict_amp=False)[0] == "Q&A"  # what Telegram itself accepts


@pytest.mark.asyncio
async def test_identical_edit_is_not_modified(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(USER, "Same", reply_markup=keyboard("a"))
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Same", USER, sent.message_id, reply_markup=keyboard("a"))
    assert api.calls[-1].response["description"] == f"Bad Request: {NOT_MODIFIED}"
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=keyboard("a"))


@pytest.mark.asyncio
async def test_blocked_chat_answers_403(api: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(USER, "before")
    api.block(USER)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(USER, "after")
    assert api.calls[-1].response["error_code"] == 403


@pytest.mark.asyncio
async def test_rate_limit_answers_429_with_retry_after(api: FakeBotApi, bot: Bot) -> None:
    api.known_chats.update({1, 2, 3})
    api.rate_limit(2, retry_after=3)
    await bot.send_message(1, "one")
    await bot.send_message(2, "two")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(3, "three")
    assert caught.value.retry_after == dtm.timedelta(seconds=3)
    assert api.count_429 == 1
    assert api.calls[-1].response == {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }  # fmt: skip
    await bot.send_chat_action(1, "typing")  # not a message, so not limited

    api.rate_limit(None, per_chat_per_second=1)
    await bot.send_message(1, "one")
    await bot.send_message(2, "two")  # another chat has its own budget
    with pytest.raises(RetryAfter):
        await bot.send_message(1, "again")
    assert api.count_429 == 2


@pytest.mark.asyncio
async def test_commands_are_stored_per_language_and_scope(api: FakeBotApi, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
    await bot.set_my_commands([BotCommand("start", "Empezar")], language_code="es")
    private = BotCommandScopeAllPrivateChats()
    await bot.set_my_commands([BotCommand("menu", "Menu")], scope=private)
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert [c.description for c in await bot.get_my_commands(language_code="es")] == ["Empezar"]
    assert await bot.get_my_commands(language_code="fr") == ()
    assert api.my_commands(scope={"type": "all_private_chats"}) == [
        {"command": "menu", "description": "Menu"}
    ]
    for bad_command in (BotCommand("Start", "x"), BotCommand("/start", "x")):
        with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
            await bot.set_my_commands([bad_command])
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand(f"c{i}", "x") for i in range(101)])
    await bot.delete_my_commands(language_code="es")
    assert api.my_commands("es") == []
    await bot.set_my_short_description("Short", language_code="es")
    assert (await bot.get_my_short_description("es")).short_description == "Short"
    with pytest.raises(BadRequest):
        await bot.set_my_description("x" * 513)


@pytest.mark.asyncio
async def test_send_document_multipart_is_recorded(api: FakeBotApi, bot: Bot) -> None:
    payload = b"%PDF-1.4 agenda"
    sent = await bot.send_document(
        USER, io.BytesIO(payload), filename="agenda.pdf", caption="<b>Agenda</b>",
        parse_mode=ParseMode.HTML,
    )  # fmt: skip
    upload = api.calls_to("sendDocument")[-1].params["document"]
    assert isinstance(upload, UploadedFile)
    assert (upload.filename, upload.size, upload.data) == ("agenda.pdf", len(payload), payload)
    assert sent.document is not None and sent.document.file_name == "agenda.pdf"
    assert sent.caption == "Agenda" and sent.caption_entities[0].type == "bold"
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_document(USER, io.BytesIO(b"x"), filename="x.txt", caption="c" * 1025)


@pytest.mark.asyncio
async def test_venue_copy_forward_and_callback_answers(api: FakeBotApi, bot: Bot) -> None:
    venue = await bot.send_venue(USER, 48.85, 2.29, "UNESCO", "7 Place de Fontenoy")
    assert venue.venue is not None and venue.venue.title == "UNESCO"
    assert api.last_message(USER)["venue"]["location"]["latitude"] == 48.85
    copied = await bot.copy_message(USER, USER, venue.message_id)
    assert api.messages(USER)[-1]["message_id"] == copied.message_id
    forwarded = await bot.forward_message(USER, USER, venue.message_id)
    assert forwarded.forward_origin is not None
    chat = await bot.get_chat(USER)
    assert chat.type == "private"

    menu = await bot.send_message(USER, "Pick", reply_markup=keyboard("yes", "no"))
    update = api.callback_update(USER, api.last_message(USER), "yes")
    with pytest.raises(ValueError, match="no button"):
        api.callback_update(USER, api.last_message(USER), "maybe")
    query_id = update["callback_query"]["id"]
    with pytest.raises(BadRequest, match=r"(?i)message_too_long"):
        await bot.answer_callback_query(query_id, "x" * 201)
    assert await bot.answer_callback_query(query_id, "Done")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id, "twice")
    assert menu.message_id == update["callback_query"]["message"]["message_id"]


@pytest.mark.asyncio
async def test_application_polls_and_replies(api: FakeBotApi) -> None:
    """The real Application loop (deleteWebhook, long polling, handlers) against the server."""

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("Hi!", do_quote=True, reply_markup=keyboard("go"))

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer()
        await update.callback_query.edit_message_text("Gone")

    app = (
        Application.builder().token(TOKEN).base_url(api.url + "/bot")
        .base_file_url(api.url + "/file/bot").build()
    )  # fmt: skip
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=2)
        try:
            api.push_update(api.message_update(USER, "/start"))
            await api.wait_for(lambda: any(m.get("text") == "Hi!" for m in api.messages(USER)))
            api.push_update(api.callback_update(USER, api.last_message(USER), "go"))
            await api.wait_for(lambda: api.last_message(USER)["text"] == "Gone")
            await api.wait_for_calls("answerCallbackQuery", 1)
            assert api.last_message(USER)["reply_to_message"]["text"] == "/start"
        finally:
            await app.updater.stop()
            await app.stop()
    assert api.calls_to("deleteWebhook")
    assert [c for c in api.calls if not c.ok] == []
