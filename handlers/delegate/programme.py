"""/programme with its day and session screens, and /now, /next."""

from __future__ import annotations

from datetime import date

from telegram import Update
from telegram.ext import ContextTypes

from bot.ui import views
from handlers.common import edit, send, services, translator
from handlers.expired import expired


async def programme(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update, views.programme(services(context).event, await translator(update, context)))


async def programme_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.callback_query
    t = await translator(update, context)
    await edit(update.callback_query, views.programme(services(context).event, t))


async def day_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A day of the programme; a forged or outdated date is an expired button."""
    query = update.callback_query
    assert query and context.matches
    event = services(context).event
    try:
        value = date.fromisoformat(context.matches[0].group(1))
    except ValueError:
        value = None
    if value not in event.days():
        await expired(update, context)
        return
    await edit(query, views.day(event, await translator(update, context), value))


async def session_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query and context.matches
    event = services(context).event
    session = event.session(context.matches[0].group(1))
    if session is None:
        await expired(update, context)
        return
    following = session.id in await services(context).follows.followed(query.from_user.id)
    t = await translator(update, context)
    await edit(query, views.session_detail(event, t, session, following=following))


async def now(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    await send(update, views.now_next(svc.event, await translator(update, context), svc.clock()))


async def next_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    await send(update, views.next_only(svc.event, await translator(update, context), svc.clock()))


async def now_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.callback_query
    svc = services(context)
    t = await translator(update, context)
    await edit(update.callback_query, views.now_next(svc.event, t, svc.clock()))
