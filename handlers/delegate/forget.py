"""/forget: a delegate deletes everything the bot stores about them, after confirming."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.handoffs.store import HandoffStore
from bot.ui import views
from handlers.common import edit, send, services, translator

log = logging.getLogger(__name__)


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update, views.forget_confirm(await translator(update, context)))


async def forget_yes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Only the presser's own data goes: the user id comes from Telegram, not the button.

    Their questions posted to the organisers go too (the bot knows where it posted them); what
    Telegram will not let a bot delete (over 48 hours old) is named in the confirmation.
    """
    query = update.callback_query
    assert query
    t = await translator(update, context)
    svc = services(context)
    postings = await HandoffStore(svc.storage.connection).postings(query.from_user.id)
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


async def forget_no(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.callback_query
    await edit(update.callback_query, views.kept(await translator(update, context)))
