"""/reminders settings. Their JobQueue jobs are ``handlers.common.arm_reminders``, shared
with the programme reload: armed at start-up, after a reload and when a delegate picks a new
lead time."""

from __future__ import annotations

from datetime import time

from telegram import Update

from bot.agenda import screens as reminder_views
from bot.agenda.follows import LEAD_CHOICES, ReminderSettings
from handlers.common import arm_reminders as arm
from handlers.common import edit, send
from handlers.context import BotContext
from handlers.expired import expired


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
    value = context.matches[0].group(1)
    kind = query.data.split(":")[1] if query.data else ""
    if kind == "mode":
        changed = ReminderSettings(value, current.leads, current.digest)
    elif kind == "lead" and int(value) in LEAD_CHOICES:
        leads = set(current.lead_minutes(svc.event.lead_minutes)) ^ {int(value)}
        changed = ReminderSettings(current.mode, tuple(sorted(leads)), current.digest)
    elif kind == "dig":
        digest = None if value == "none" else _digest_time(value)
        if value != "none" and digest not in reminder_views.DIGEST_CHOICES:
            await expired(update, context)
            return
        changed = ReminderSettings(current.mode, current.leads, digest)
    else:
        await expired(update, context)
        return
    t = context.t
    if await svc.storage.language(user_id) is None:
        await svc.storage.set_language(user_id, t.language)
    await svc.follows.save_settings(user_id, changed)
    if kind != "mode":  # a new lead time or digest time may need jobs; a mode never does
        await arm(context.application)
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


def _digest_time(value: str) -> time | None:
    try:
        return time(int(value[:2]), int(value[2:]))
    except ValueError:
        return None
