"""Following sessions (one, or a whole day) and /agenda, the delegate's own programme."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from bot.agenda import follows
from bot.agenda import screens as reminder_views
from bot.config import Settings
from bot.ui import callbacks, views
from handlers.common import button, command, edit, matched_day, send
from handlers.context import BotContext
from handlers.expired import expired


async def follow_button(update: Update, context: BotContext) -> None:
    """Follow or unfollow the session on screen; the detail is redrawn with the other button."""
    query = update.callback_query
    assert query and context.matches
    svc = context.svc
    action, session_id = context.matches[0].group(1), context.matches[0].group(2)
    session = svc.event.session(session_id)
    if session is None:
        await expired(update, context)
        return
    t = context.t
    user_id = query.from_user.id
    await _ensure_delegate(update, context, t.language)
    if action == "fol":
        clashes = follows.clashes(svc.event, session, await svc.follows.followed(user_id))
        await svc.follows.follow(user_id, [session.id])
        await query.answer(
            reminder_views.followed_notice(t, session, clashes), show_alert=bool(clashes)
        )
    else:
        await svc.follows.unfollow(user_id, session.id)
        await query.answer(t.gettext("Unfollowed."))
    reply = views.session_detail(svc.event, t, session, following=action == "fol")
    await edit(query, reply, answered=True)


async def follow_day_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query and context.matches
    svc = context.svc
    day = matched_day(context)
    if day is None:
        await expired(update, context)
        return
    t = context.t
    await _ensure_delegate(update, context, t.language)
    sessions = svc.event.sessions_on(day)
    await svc.follows.follow(query.from_user.id, [s.id for s in sessions])
    await query.answer(reminder_views.day_followed_notice(t, len(sessions)))


async def agenda(update: Update, context: BotContext) -> None:
    svc = context.svc
    user = update.effective_user
    if user is None:
        return
    followed = await svc.follows.followed(user.id)
    await send(update, reminder_views.agenda(svc.event, context.t, followed))


async def _ensure_delegate(update: Update, context: BotContext, language: str) -> None:
    """Reminders go to known delegates: following makes one of whoever presses the button."""
    svc = context.svc
    user = update.effective_user
    if user is not None and await svc.storage.language(user.id) is None:
        await svc.storage.set_language(user.id, language)


def handlers(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    return [
        command("agenda", agenda),
        button(callbacks.FOLLOW_PATTERN, follow_button),
        button(callbacks.FOLLOW_DAY_PATTERN, follow_day_button),
    ]
