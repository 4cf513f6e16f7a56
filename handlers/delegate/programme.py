"""/programme with its day and session screens, and /now, /next."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from bot.config import Settings
from bot.ui import callbacks, views
from handlers.common import button, command, edit, matched_day, send
from handlers.context import BotContext
from handlers.expired import expired


async def programme(update: Update, context: BotContext) -> None:
    await send(update, views.programme(context.svc.event, context.t))


async def programme_button(update: Update, context: BotContext) -> None:
    assert update.callback_query
    t = context.t
    await edit(update.callback_query, views.programme(context.svc.event, t))


async def day_button(update: Update, context: BotContext) -> None:
    """A day of the programme; a forged or outdated date is an expired button."""
    query = update.callback_query
    assert query and context.matches
    value = matched_day(context)
    if value is None:
        await expired(update, context)
        return
    await edit(query, views.day(context.svc.event, context.t, value))


async def session_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query and context.matches
    event = context.svc.event
    session = event.session(context.matches[0].group(1))
    if session is None:
        await expired(update, context)
        return
    following = session.id in await context.svc.follows.followed(query.from_user.id)
    t = context.t
    await edit(query, views.session_detail(event, t, session, following=following))


async def now(update: Update, context: BotContext) -> None:
    svc = context.svc
    await send(update, views.now_next(svc.event, context.t, svc.clock()))


async def next_command(update: Update, context: BotContext) -> None:
    svc = context.svc
    await send(update, views.next_only(svc.event, context.t, svc.clock()))


async def now_button(update: Update, context: BotContext) -> None:
    assert update.callback_query
    svc = context.svc
    t = context.t
    await edit(update.callback_query, views.now_next(svc.event, t, svc.clock()))


def handlers(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    return [
        *(command(name, programme) for name in ("programme", "program", "programa")),
        command("now", now),
        command("next", next_command),
        button(callbacks.PROGRAMME, programme_button),
        button(callbacks.DAY_PATTERN, day_button),
        button(callbacks.SESSION_PATTERN, session_button),
        button(callbacks.NOW, now_button),
    ]
