"""/forget: a delegate deletes everything the bot stores about them, after confirming."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import views
from handlers.common import edit, send, services, translator


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update, views.forget_confirm(await translator(update, context)))


async def forget_yes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Only the presser's own data goes: the user id comes from Telegram, not the button."""
    query = update.callback_query
    assert query
    t = await translator(update, context)
    await services(context).forget(query.from_user.id)
    if context.user_data is not None:
        context.user_data.clear()
    await edit(query, views.forgotten(t))


async def forget_no(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.callback_query
    await edit(update.callback_query, views.kept(await translator(update, context)))
