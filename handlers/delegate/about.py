"""/about: the meeting, and its frequent questions as buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.ui import views
from handlers.common import edit, send, services, translator
from handlers.expired import expired


async def about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update, views.about(services(context).event, await translator(update, context), 0))


async def about_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query and context.matches
    page = int(context.matches[0].group(1) or 0)
    await edit(query, views.about(services(context).event, await translator(update, context), page))


async def faq_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query and context.matches
    event = services(context).event
    entry = event.faq_entry(context.matches[0].group(1))
    if entry is None:
        await expired(update, context)
        return
    await edit(query, views.faq_answer(event, await translator(update, context), entry))
