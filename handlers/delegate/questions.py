"""Free text: a question in a private chat, or in a group when the bot is addressed."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Message, MessageEntity, Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.answers.render import render
from bot.answers.understood import Kind, SessionTarget
from bot.answers.written_language import written_in
from bot.config import Settings
from bot.ops import metrics
from bot.ui import views
from handlers.common import NEW_MESSAGES, remember_unanswered, send
from handlers.context import BotContext
from handlers.delegate.venue import send_venue

STORED_QUESTION_LIMIT = 500


def addressed_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question in a group message meant for the bot, without the @mention; else None.

    In groups the bot stays quiet unless mentioned or replied to: delegates chat there with
    each other, and an assistant that answers every line is noise.
    """
    text = message.text or ""
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot_id:
        return text
    mention = f"@{bot_username}".lower()
    for entity, value in message.parse_entities([MessageEntity.MENTION]).items():
        if value.lower() == mention:
            # Telegram counts offsets in UTF-16 code units: an emoji before the mention is two
            units = text.encode("utf-16-le")
            start, end = 2 * entity.offset, 2 * (entity.offset + entity.length)
            return (units[:start] + units[end:]).decode("utf-16-le").strip()
    return None


async def question(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    text = message.text
    if message.chat.type != "private":
        addressed = addressed_text(message, context.bot.username, context.bot.id)
        if addressed is None:
            return
        text = addressed
    svc = context.svc
    t = context.t
    written = written_in(text, svc.event.languages)
    if written and written != t.language:
        t = svc.translator(written)  # answer in the language the delegate just wrote in
    now = svc.clock()
    answerer = svc.answerer  # one event for the ids understood and their reply, reload or not
    # In a worker thread: embedding a question takes milliseconds of C code that would
    # otherwise hold up the fan-outs and jobs sharing the event loop.
    understood = await asyncio.to_thread(answerer.understand, text, now)
    await svc.storage.count_question(t.language, understood.kind != Kind.FALLBACK, now)
    metrics.ANSWERS.labels(kind=understood.kind).inc()
    if understood.kind == Kind.FALLBACK:
        metrics.FALLBACKS.inc()
        await svc.storage.record_unanswered(text[:STORED_QUESTION_LIMIT], t.language)
        if message.chat.type == "private":
            remember_unanswered(context, message.message_id, text)
    followed = None
    if isinstance(understood.target, SessionTarget) and update.effective_user:
        followed = await svc.follows.followed(update.effective_user.id)
    await send_venue(update, context, render(answerer.event, understood.target, t, now, followed))


async def not_text(update: Update, context: BotContext) -> None:
    """Stickers, photos, voice notes: say what the bot can read instead of staying silent."""
    await send(update, views.not_text(context.t))


def handlers(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    """Registered last: any text no conversation, command or hand-off took is a question."""
    return [
        MessageHandler(NEW_MESSAGES & filters.TEXT & ~filters.COMMAND, question),
        MessageHandler(
            NEW_MESSAGES
            & filters.ChatType.PRIVATE
            & ~filters.TEXT
            & ~filters.COMMAND
            & ~filters.StatusUpdate.ALL,
            not_text,
        ),
    ]
