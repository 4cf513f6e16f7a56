"""The glue handlers share: the button's matched data, sending and editing a Reply, passing an
update on; and what a delegate's and an organiser's handler both need: the JobQueue jobs of
reminders (armed by /reminders settings and by every programme reload) and the questions the
bot could not answer (offered again by "Ask the organisers")."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.error import BadRequest
from telegram.ext import Application

from bot.agenda.reminders import DigestSlot, ReminderSlot, plan_digests, plan_reminders
from bot.ops import logs, metrics
from bot.ui.split import split_message
from bot.ui.views import Reply
from handlers.context import BotContext, services_of

log = logging.getLogger(__name__)

REMINDER_JOBS = ("rem:", "dig:")  # prefixes of their JobQueue and outbox job names
LAST_UNANSWERED = "last_unanswered"
REMEMBERED_UNANSWERED = 5


def matched(context: BotContext) -> str:
    """The first group of the callback pattern that routed this update here."""
    assert context.matches
    return context.matches[0].group(1)


async def pass_on(update: Update, context: BotContext, callback: Callable[..., Any]) -> None:
    """Give an update to the first handler registered after ``callback``'s that wants it, as if
    ``callback``'s handler had not matched: for a filter that could not tell (it would have
    needed SQLite), without that handler knowing who comes next."""
    application = context.application
    for group in application.handlers.values():
        mine = [i for i, h in enumerate(group) if getattr(h, "callback", None) is callback]
        for later in group[mine[0] + 1 :] if mine else ():
            check = later.check_update(update)
            if check is not None and check is not False:
                await later.handle_update(update, application, check, context)
                return


def remember_unanswered(context: BotContext, message_id: int, text: str) -> None:
    """Keep the last few questions the bot could not answer (in ``user_data``: memory, per
    delegate, gone at a restart or with /forget), so "Ask the organisers" can offer to send the
    question instead of having it retyped; ``message_id`` is the question's message."""
    if context.user_data is not None:
        recent = context.user_data.setdefault(LAST_UNANSWERED, [])
        recent[:] = [*recent[-(REMEMBERED_UNANSWERED - 1) :], (message_id, text)]


def last_unanswered(context: BotContext, *, before: int) -> str | None:
    """The unanswered question that a fallback message (id ``before``) replied to."""
    recent = (context.user_data or {}).get(LAST_UNANSWERED, [])
    earlier = [text for message_id, text in recent if message_id < before]
    return str(earlier[-1]) if earlier else None


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    rows = reply.buttons
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in rows]
    )


async def send(update: Update, reply: Reply) -> None:
    """Send a reply to the chat the update came from, split if it is too long.

    In groups the reply quotes the message it answers, so the thread stays readable.
    """
    message = update.effective_message
    if message is None:
        return
    chunks = split_message(reply.text)
    quote = message.chat.type != "private"
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        await message.reply_text(
            chunk,
            reply_markup=keyboard(reply) if last else None,
            do_quote=quote and index == 0,
        )


async def edit(query: CallbackQuery, reply: Reply, *, answered: bool = False) -> None:
    """Show a screen in place of the one whose button was pressed (navigation, not a new message).

    A screen too long for one message, or a message Telegram cannot edit any more, is sent anew.
    ``answered`` says the press was already answered (with a notice of its own).
    """
    if not answered:
        await query.answer()
    chunks = split_message(reply.text)
    message = query.message
    if len(chunks) == 1 and isinstance(message, Message):
        try:
            await message.edit_text(
                chunks[0],
                reply_markup=keyboard(reply),
            )
            return
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return
            if "not found" not in str(exc).lower() and "can't be edited" not in str(exc).lower():
                raise
    if message is None:
        return
    for index, chunk in enumerate(chunks):
        await query.get_bot().send_message(
            message.chat.id,
            chunk,
            reply_markup=keyboard(reply) if index == len(chunks) - 1 else None,
        )


async def arm_reminders(application: Application) -> int:
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
        if job.name and job.name.startswith(REMINDER_JOBS) and job.name not in wanted:
            job.schedule_removal()
    for slot in slots:
        delay = max(0.0, (slot.fire_at - now).total_seconds())
        job_queue.run_once(
            _fire_reminder,
            when=timedelta(seconds=delay),
            data=slot,
            name=slot.key,
            job_kwargs={"id": slot.key, "replace_existing": True, "misfire_grace_time": None},
        )
    return len(slots)


async def _fire_reminder(context: BotContext) -> None:
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
