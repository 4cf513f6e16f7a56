"""/language: the event's languages as buttons; the choice is stored and used from then on."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.ui import views
from handlers.common import edit, send, services, translator
from handlers.expired import expired


async def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(
        update, views.language_picker(services(context).event, await translator(update, context))
    )


async def language_menu_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.callback_query
    t = await translator(update, context)
    await edit(update.callback_query, views.language_picker(services(context).event, t))


async def language_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query and context.matches
    svc = services(context)
    code = context.matches[0].group(1)
    if code not in svc.event.languages:
        await expired(update, context)
        return
    await svc.storage.set_language(query.from_user.id, code)
    await edit(query, views.language_set(svc.event, svc.translator(code)))
