"""/reminders settings, and the JobQueue jobs that fire reminders and morning digests.

Jobs are armed from the plan at start-up, after a reload and when a delegate picks a new lead
time; each job only creates its outbox job and starts the delivery in the background. Their
delays come from the bot's clock, so a rehearsal clock (``--rehearse``) moves them too.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler

from bot.agenda import screens as reminder_views
from bot.agenda.follows import ReminderSettings, after_press
from bot.agenda.reminders import (
    JOB_PREFIXES,
    DigestSlot,
    ReminderSlot,
    plan_digests,
    plan_reminders,
)
from bot.config import Settings
from bot.ops import logs, metrics
from bot.ui import callbacks
from handlers.common import button, command, edit, send
from handlers.context import BotContext, services_of
from handlers.expired import expired

log = logging.getLogger(__name__)


async def arm(application: Application) -> int:
    """Schedule every reminder and digest slot that has no outbox job yet; returns how many.

    Idempotent: jobs are named by their slot and replaced, and slots already planned in the
    outbox are left to the delivery log (finished, or resumed at start-up).
    """
    svc = services_of(application)
    job_queue = application.job_queue
    assert job_queue is not None
    now = svc.clock()
    leads = await svc.follows.lead_times_in_use(svc.event.lead_minutes)
    due, missed = plan_reminders(svc.event, leads, now)
    if missed:
        log.info("%d reminder slots are past (their sessions started)", len(missed))
    digests = plan_digests(svc.event, await svc.follows.digest_times_in_use(), now)
    slots: list[ReminderSlot | DigestSlot] = await svc.planner.pending([*due, *digests])
    wanted = {slot.key for slot in slots}
    for job in job_queue.jobs():
        if job.name and job.name.startswith(JOB_PREFIXES) and job.name not in wanted:
            job.schedule_removal()
    for slot in slots:
        delay = max(0.0, (slot.fire_at - now).total_seconds())
        job_queue.run_once(
            _fire,
            when=timedelta(seconds=delay),
            data=slot,
            name=slot.key,
            job_kwargs={"id": slot.key, "replace_existing": True, "misfire_grace_time": None},
        )
    return len(slots)


async def _fire(context: BotContext) -> None:
    svc = context.svc
    assert context.job is not None
    slot = context.job.data
    logs.bind(job=slot.key)
    metrics.REMINDER_LAG.set(max(0.0, (svc.clock() - slot.fire_at).total_seconds()))
    if isinstance(slot, ReminderSlot):
        job = await svc.planner.reminder_job(slot)
    else:
        job = await svc.planner.digest_job(slot)
    if job:
        svc.start_delivery(job)


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
