"""The glue every handler shares: registering commands and buttons, the button's matched
data, sending and editing a Reply, and the questions the bot could not answer (remembered for
"Ask the organisers", which offers to send them instead of having them retyped)."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from datetime import date
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.ui import callbacks
from bot.ui.split import split_message
from bot.ui.views import Reply
from handlers.context import BotContext
from handlers.transport import cannot_edit, not_modified

LAST_UNANSWERED = "last_unanswered"
REMEMBERED_UNANSWERED = 5

# Commands and questions come in new messages only: editing a sent message re-runs nothing.
NEW_MESSAGES = filters.UpdateType.MESSAGE

Callback = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


def command(name: str, callback: Callback) -> CommandHandler[BotContext, None]:
    return CommandHandler(name, callback, filters=NEW_MESSAGES)


def button(
    data: str | re.Pattern[str], callback: Callback
) -> CallbackQueryHandler[BotContext, None]:
    """A str is one button's exact data; a pattern matches a family of them (its groups are
    what ``matched`` reads)."""
    pattern = re.compile(rf"^{re.escape(data)}$") if isinstance(data, str) else data
    return CallbackQueryHandler(callback, pattern=pattern)


def matched(context: BotContext) -> str:
    """The first group of the callback pattern that routed this update here."""
    assert context.matches
    return context.matches[0].group(1)


def matched_day(context: BotContext) -> date | None:
    """The programme day the pressed button names; None: the button expired."""
    return callbacks.day_of(matched(context), context.svc.event.days())


def remember_unanswered(context: BotContext, message_id: int, text: str) -> None:
    """Keep the last few questions the bot could not answer (in ``user_data``: memory, per
    delegate, gone at a restart or with /forget), so "Ask the organisers" can offer to send the
    question instead of having it retyped; ``message_id`` is the question's message."""
    if context.user_data is not None:
        recent = context.user_data.setdefault(LAST_UNANSWERED, [])
        recent[:] = [*recent[-(REMEMBERED_UNANSWERED - 1) :], (message_id, text)]


def last_unanswered(context: BotContext, *, before: int) -> str | None:
    """The unanswered question that a fallback message (id ``before``) replied to."""
    recent = (context.user_data or {}).get(LAST_UNANSWERED, [])
    earlier = [text for message_id, text in recent if message_id < before]
    return str(earlier[-1]) if earlier else None


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    rows = reply.buttons
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in rows]
    )


async def send(update: Update, reply: Reply) -> None:
    """Send a reply to the chat the update came from, split if it is too long.

    In groups the reply quotes the message it answers, so the thread stays readable.
    """
    message = update.effective_message
    if message is None:
        return
    chunks = split_message(reply.text)
    quote = message.chat.type != "private"
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        await message.reply_text(
            chunk,
            reply_markup=keyboard(reply) if last else None,
            do_quote=quote and index == 0,
        )


async def edit(query: CallbackQuery, reply: Reply, *, answered: bool = False) -> None:
    """Show a screen in place of the one whose button was pressed (navigation, not a new message).

    A screen too long for one message, or a message Telegram cannot edit any more, is sent anew.
    ``answered`` says the press was already answered (with a notice of its own).
    """
    if not answered:
        await query.answer()
    chunks = split_message(reply.text)
    message = query.message
    if len(chunks) == 1 and isinstance(message, Message):
        try:
            await message.edit_text(
                chunks[0],
                reply_markup=keyboard(reply),
            )
            return
        except BadRequest as exc:
            if not_modified(exc):
                return
            if not cannot_edit(exc):
                raise
    if message is None:
        return
    for index, chunk in enumerate(chunks):
        await query.get_bot().send_message(
            message.chat.id,
            chunk,
            reply_markup=keyboard(reply) if index == len(chunks) - 1 else None,
        )
