"""/about: the meeting, and its frequent questions as buttons."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from bot.config import Settings
from bot.ui import callbacks, views
from handlers.common import button, command, edit, send
from handlers.context import BotContext
from handlers.expired import expired


async def about(update: Update, context: BotContext) -> None:
    await send(update, views.about(context.svc.event, context.t, 0))


async def about_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query and context.matches
    page = int(context.matches[0].group(1) or 0)
    await edit(query, views.about(context.svc.event, context.t, page))


async def faq_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query and context.matches
    event = context.svc.event
    entry = event.faq_entry(context.matches[0].group(1))
    if entry is None:
        await expired(update, context)
        return
    await edit(query, views.faq_answer(event, context.t, entry))


def handlers(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    return [
        command("about", about),
        button(callbacks.ABOUT_PATTERN, about_button),
        button(callbacks.FAQ_PATTERN, faq_button),
    ]
