"""The last resort: log the failure and tell the delegate, never crash the bot."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.ui import views
from handlers.context import BotContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    log.error("update failed", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        t = await context.load_translator()  # an error's context is not refreshed
        await context.bot.send_message(update.effective_chat.id, views.error(t))
    except (TelegramError, OSError):
        log.warning("could not tell the user about the failure", exc_info=True)
