"""Who is an organiser, checked on every organiser action, buttons included.

Any client can send any command or forge any callback data, so rights come from the Telegram
user id of the update (ORGANISER_IDS), never from what the button or the chat says. Refusals
change nothing and are logged. ``organisers_only`` puts that check in front of a handler.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import ConversationHandler

from handlers.context import BotContext

log = logging.getLogger(__name__)

Callback = Callable[[Update, BotContext], Coroutine[Any, Any, int | None]]


async def is_organiser(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.svc.settings.organiser_ids


async def refuse(update: Update, context: BotContext, action: str) -> None:
    user = update.effective_user
    log.warning("organiser action %r refused for user %s", action, user.id if user else None)
    t = context.t
    text = t.gettext("Sorry, this is for the organisers only.")
    if update.callback_query:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_text(text)


def organisers_only(action: str) -> Callable[[Callback], Callback]:
    """Refuse (and log) anyone not in ORGANISER_IDS before the handler changes anything."""

    def wrap(callback: Callback) -> Callback:
        @functools.wraps(callback)
        async def guarded(update: Update, context: BotContext) -> int | None:
            if not await is_organiser(update, context):
                await refuse(update, context, action)
                return ConversationHandler.END
            return await callback(update, context)

        return guarded

    return wrap
