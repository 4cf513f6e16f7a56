"""/forget: a delegate deletes everything the bot stores about them, after confirming."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler

from bot.config import Settings
from bot.ui import callbacks, views
from handlers.common import button, command, edit, send
from handlers.context import BotContext

log = logging.getLogger(__name__)


async def forget(update: Update, context: BotContext) -> None:
    await send(update, views.forget_confirm(context.t))


async def forget_yes(update: Update, context: BotContext) -> None:
    """Only the presser's own data goes: the user id comes from Telegram, not the button.

    Their questions posted to the organisers go too (the bot knows where it posted them); what
    Telegram will not let a bot delete (over 48 hours old) is named in the confirmation.
    """
    query = update.callback_query
    assert query
    t = context.t
    svc = context.svc
    postings = await svc.handoffs.postings(query.from_user.id)
    await svc.forget(query.from_user.id)
    if context.user_data is not None:
        context.user_data.clear()
    kept = 0
    for chat_id, message_id in postings:
        try:
            await context.bot.delete_message(chat_id, message_id)
        except TelegramError as exc:
            log.info("a forgotten delegate's question stays in chat %s: %s", chat_id, exc)
            kept += 1
    await edit(query, views.forgotten(t, len(postings) - kept, kept))


async def forget_no(update: Update, context: BotContext) -> None:
    assert update.callback_query
    await edit(update.callback_query, views.kept(context.t))


def handlers(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    return [
        command("forget", forget),
        button(callbacks.FORGET_YES, forget_yes),
        button(callbacks.FORGET_NO, forget_no),
    ]
