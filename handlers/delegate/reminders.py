"""/reminders settings: mode, lead times, morning digest. Their JobQueue jobs are
``handlers/reminder_jobs.py``, re-armed here when a delegate picks a new lead or digest time."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from bot.agenda import screens as reminder_views
from bot.agenda.follows import ReminderSettings, after_press
from bot.config import Settings
from bot.ui import callbacks
from handlers.common import button, command, edit, send
from handlers.context import BotContext
from handlers.expired import expired
from handlers.reminder_jobs import arm


async def reminders(update: Update, context: BotContext) -> None:
    svc = context.svc
    user = update.effective_user
    if user is None:
        return
    t = context.t
    await send(update, reminder_views.settings(svc.event, t, await svc.follows.settings(user.id)))


async def settings_button(update: Update, context: BotContext) -> None:
    """Change one setting from the /reminders screen; the screen is redrawn in place."""
    query = update.callback_query
    assert query and context.matches
    svc = context.svc
    user_id = query.from_user.id
    current = await svc.follows.settings(user_id)
    changed = after_press(current, query.data or "", svc.event.lead_minutes)
    if changed is None:
        await expired(update, context)
        return
    t = context.t
    if await svc.storage.language(user_id) is None:
        await svc.storage.set_language(user_id, t.language)
    await svc.follows.save_settings(user_id, changed)
    if (changed.leads, changed.digest) != (current.leads, current.digest):
        await arm(context.application)  # a new lead or digest time may need jobs; a mode never
    await edit(query, reminder_views.settings(svc.event, t, changed))


async def stop_button(update: Update, context: BotContext) -> None:
    """'Stop these reminders' under a reminder: off at once, and say how to turn them back on."""
    query = update.callback_query
    assert query
    svc = context.svc
    current = await svc.follows.settings(query.from_user.id)
    await svc.follows.save_settings(
        query.from_user.id, ReminderSettings("off", current.leads, current.digest)
    )
    t = context.t
    await query.answer(reminder_views.reminders_stopped(t), show_alert=True)


def handlers(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    return [
        command("reminders", reminders),
        button(callbacks.REMINDERS_OFF, stop_button),
        *(button(pattern, settings_button) for pattern in callbacks.REMINDER_PATTERNS.values()),
    ]
