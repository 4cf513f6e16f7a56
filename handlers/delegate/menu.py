"""/start, /help and the main menu."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler

from bot.config import Settings
from bot.dashboard.qr import parse_payload
from bot.ui import callbacks, views
from handlers.common import button, command, edit, send
from handlers.context import BotContext

REACHABLE_GROUP = -3  # a group of its own: every update passes, whichever handler answers it


async def start(update: Update, context: BotContext) -> None:
    """Welcome; a deep-link payload (/start fr) or the Telegram language picks the language.

    A payload may carry a source tag (/start fr-poster), kept for the organisers' dashboard.

    The choice is stored at once so every later screen, and later reminders, use it.
    """
    svc = context.svc
    user = update.effective_user
    if user is None:
        return
    payload = parse_payload(context.args[0] if context.args else None, svc.event.languages)
    stored = await svc.storage.language(user.id)
    if payload.language:
        language = payload.language
    elif stored in svc.event.languages:
        language = stored
    else:
        language = svc.event.language_or_default(user.language_code)
    if language != stored:
        await svc.storage.set_language(user.id, language)
    if payload.tag:
        await svc.storage.set_source(user.id, payload.tag)
    await send(update, views.welcome(svc.event, svc.translator(language)))


async def back_in_touch(update: Update, context: BotContext) -> None:
    """A delegate marked as having blocked the bot who writes or presses anything in private has
    unblocked it (Telegram's "Unblock" sends nothing, not even /start): reachable again, so
    reminders, change notices and announcements include them once more."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        return
    if await context.svc.storage.is_blocked(user.id):  # a read: no write for every update
        await context.svc.storage.unblock(user.id)


async def help_command(update: Update, context: BotContext) -> None:
    await send(update, views.help_text(context.t))


async def menu_button(update: Update, context: BotContext) -> None:
    assert update.callback_query
    await edit(
        update.callback_query,
        views.menu(context.svc.event, context.t),
    )


async def help_button(update: Update, context: BotContext) -> None:
    assert update.callback_query
    await edit(update.callback_query, views.help_text(context.t))


def handlers(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    return [
        command("start", start),
        command("help", help_command),
        button(callbacks.MENU, menu_button),
        button(callbacks.HELP, help_button),
    ]
