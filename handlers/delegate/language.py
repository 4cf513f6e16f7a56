"""/language: the event's languages as buttons; the choice is stored and used from then on."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from bot.config import Settings
from bot.ui import callbacks, views
from handlers.common import button, command, edit, send
from handlers.context import BotContext
from handlers.expired import expired


async def language(update: Update, context: BotContext) -> None:
    await send(update, views.language_picker(context.svc.event, context.t))


async def language_menu_button(update: Update, context: BotContext) -> None:
    assert update.callback_query
    t = context.t
    await edit(update.callback_query, views.language_picker(context.svc.event, t))


async def language_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query and context.matches
    svc = context.svc
    code = context.matches[0].group(1)
    if code not in svc.event.languages:
        await expired(update, context)
        return
    await svc.storage.set_language(query.from_user.id, code)
    await edit(query, views.language_set(svc.event, svc.translator(code)))


def handlers(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    return [
        command("language", language),
        button(callbacks.LANGUAGES, language_menu_button),
        button(callbacks.LANGUAGE_PATTERN, language_button),
    ]
