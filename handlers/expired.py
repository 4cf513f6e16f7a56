"""Buttons the bot does not recognise: old ones, or forged callback data. Nothing changes."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import BaseHandler

from bot.ui import views
from handlers.context import BotContext

log = logging.getLogger(__name__)


class PressWithoutData(BaseHandler[Update, BotContext, None]):
    """A press carrying no callback data (Telegram sends 1-64 bytes, so it is forged).

    PTB's ``CallbackQueryHandler`` takes such a press as a match for *every* pattern, and the
    handler that got it would find no match groups; registered first, this one answers it.
    """

    def check_update(self, update: object) -> bool:
        if not isinstance(update, Update) or update.callback_query is None:
            return False
        query = update.callback_query
        return not query.data and not query.game_short_name


async def expired(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    log.info("unrecognised button data from user %s", query.from_user.id)
    await query.answer(views.expired(context.t), show_alert=True)
