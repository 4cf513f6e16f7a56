"""The JobQueue side of reminders: one job per reminder or digest moment, armed at start-up,
after every programme reload (``handlers/desk/reload.py``) and when a delegate picks a new lead
or digest time (``handlers/delegate/reminders.py``); when it fires, the core plans the recipients
and the outbox delivers."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram.ext import Application

from bot.agenda.reminders import (
    JOB_PREFIXES,
    DigestSlot,
    ReminderSlot,
    plan_digests,
    plan_reminders,
)
from bot.ops import logs, metrics
from handlers.context import BotContext, services_of

log = logging.getLogger(__name__)


async def arm(application: Application) -> int:
    """Schedule every reminder and digest slot that has no outbox job yet; returns how many.

    Idempotent: jobs are named by their slot and replaced, and slots already planned in the
    outbox are left to the delivery log (finished, or resumed at start-up). Delays come from
    the bot's clock, so a rehearsal clock (``--rehearse``) moves them too.
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
    """Only create the outbox job and start its delivery in the background."""
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
