"""Who is an organiser, checked on every organiser action, buttons included.

Any client can send any command or forge any callback data, so rights come from the Telegram
user id of the update (ORGANISER_IDS), never from what the button or the chat says. Refusals
change nothing and are logged. ``organisers_only`` puts that check in front of every organiser
command, button and conversation step; ``is_organiser`` alone is for the one handler that
serves everyone but acts only for organisers (a reply to a hand-off).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Update
from telegram.ext import ConversationHandler

from handlers.context import BotContext

log = logging.getLogger(__name__)

R = TypeVar("R")


async def is_organiser(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.svc.settings.organiser_ids


async def _refuse(update: Update, context: BotContext, action: str) -> None:
    user = update.effective_user
    log.warning("organiser action %r refused for user %s", action, user.id if user else None)
    t = context.t
    text = t.gettext("Sorry, this is for the organisers only.")
    if update.callback_query:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_text(text)


def organisers_only(
    action: str,
) -> Callable[
    [Callable[[Update, BotContext], Awaitable[R]]],
    Callable[[Update, BotContext], Awaitable[R | int]],
]:
    """Refuse (and log) anyone not in ORGANISER_IDS before the handler changes anything; in a
    conversation the refusal also ends it."""

    def wrap(
        callback: Callable[[Update, BotContext], Awaitable[R]],
    ) -> Callable[[Update, BotContext], Awaitable[R | int]]:
        @functools.wraps(callback)
        async def guarded(update: Update, context: BotContext) -> R | int:
            if not await is_organiser(update, context):
                await _refuse(update, context, action)
                return ConversationHandler.END
            return await callback(update, context)

        return guarded

    return wrap
