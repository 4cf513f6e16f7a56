"""Buttons the bot does not recognise: old ones, or forged callback data. Nothing changes."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot import views
from handlers.common import translator

log = logging.getLogger(__name__)


async def expired(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    log.info("unrecognised button data from user %s", query.from_user.id)
    await query.answer(views.expired(await translator(update, context)), show_alert=True)
