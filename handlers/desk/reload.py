"""Programme changes: /reload (organisers only) and SIGHUP re-read the event file.

An invalid file keeps the running programme and the organiser gets every error. A valid one is
compared with the programme as the bot last saw it (kept in SQLite), reminders are re-planned,
and every delegate concerned is told what changed (who, and what: ``bot.agenda.change_notices``).
The same comparison runs at start-up, so changes made while the bot was down are announced too.

Reloads wait for each other (two SIGHUPs, or SIGHUP and /reload, would otherwise both compare
against the same old programme and tell everyone twice), and the new programme is saved in the
same transaction as the change notice's outbox job: a kill or an error in between leaves both
undone, and the next reload or start finds the change again. A file that would cancel many
sessions (``bot.programme.changes.cancellations_to_confirm``) is not applied by SIGHUP, and
/reload shows it to the organiser to confirm.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application, BaseHandler

from bot.agenda import change_notices
from bot.agenda.change_notices import NeedsConfirmation
from bot.config import Settings
from bot.event import Event
from bot.programme.changes import SessionChange, compare
from bot.programme.loader import InvalidEventFile, read_event
from bot.ui import callbacks
from bot.ui.split import split_message
from bot.ui.views import Reply
from handlers.common import button, command, edit, matched, send
from handlers.context import BotContext, services_of
from handlers.desk.organisers import organisers_only
from handlers.reminder_jobs import arm as arm_reminders

log = logging.getLogger(__name__)


async def apply_event(
    application: Application, event: Event, *, confirmed: bool = True
) -> list[SessionChange]:
    """Serve ``event`` from now on and tell the delegates concerned what changed.

    With ``confirmed=False`` a file that cancels too many sessions raises
    ``NeedsConfirmation`` and nothing changes.
    """
    svc = services_of(application)
    async with svc.reload_lock:
        previous = await svc.programme.load(event.id)
        changes, snapshots = compare(previous, event)
        if not confirmed and (wait := change_notices.confirmation_needed(previous, changes)):
            raise wait
        async with svc.forgetting:
            rows = await change_notices.notices(svc.follows, event, changes)
            job = change_notices.job_name() if rows else None
            async with svc.storage.transaction():
                await svc.programme.save(event.id, snapshots)
                if job is not None:
                    await svc.outbox.create_job(job, change_notices.KIND, rows)
        svc.replace_event(event)
        await arm_reminders(application)
        if job is not None:
            log.info("%d programme changes announced to %d delegates", len(changes), len(rows))
            svc.start_delivery(job)
    return changes


@organisers_only("reload")
async def reload_command(update: Update, context: BotContext) -> None:
    svc = context.svc
    t = context.t
    try:
        event, fingerprint = read_event(svc.settings.event_file)
    except InvalidEventFile as exc:
        errors = [str(e) for e in exc.errors]
        await _send_plain(update, change_notices.file_errors(t, errors, html=False))
        return
    try:
        changes = await apply_event(context.application, event, confirmed=False)
    except NeedsConfirmation as wait:
        await send(
            update,
            change_notices.confirm_reload(
                wait.cancelled, wait.others, wait.total, event, t, fingerprint
            ),
        )
        return
    await _send_plain(update, change_notices.reloaded(t, event, changes))


@organisers_only("reload")
async def confirm_button(update: Update, context: BotContext) -> None:
    """Apply the file the organiser was shown, if it is still the file on disk."""
    query = update.callback_query
    assert query is not None
    svc = context.svc
    t = context.t
    try:
        event, fingerprint = read_event(svc.settings.event_file)
    except InvalidEventFile:
        fingerprint = ""
    if fingerprint != matched(context):
        await query.answer()
        await _send_plain(update, change_notices.file_changed(t))
        return
    await query.answer()
    changes = await apply_event(context.application, event)
    log.info("reload with many cancellations confirmed by organiser %s", query.from_user.id)
    with contextlib.suppress(BadRequest):  # the summary's buttons are spent
        await query.edit_message_reply_markup(reply_markup=None)
    await _send_plain(update, change_notices.reloaded(t, event, changes))


@organisers_only("reload")
async def keep_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    await edit(query, Reply(change_notices.kept(context.t)))


async def _send_plain(update: Update, text: str) -> None:
    """Organiser reports carry file paths and '<' signs: sent as plain text, split if long."""
    message = update.effective_message
    if message is None:
        return
    for chunk in split_message(text):
        await message.reply_text(chunk, parse_mode=None)


async def reload_from_signal(application: Application) -> None:
    """SIGHUP: reload; the errors of an invalid file, or a file that would cancel many
    sessions, go to every organiser instead."""
    svc = services_of(application)
    try:
        event, _ = read_event(svc.settings.event_file)
        changes = await apply_event(application, event, confirmed=False)
    except InvalidEventFile as exc:
        log.error("SIGHUP: the event file has errors; keeping the programme in use")
        errors = [str(e) for e in exc.errors]
        await svc.tell_organisers(lambda t: change_notices.file_errors(t, errors, html=True))
        return
    except NeedsConfirmation as wait:
        log.error("SIGHUP: not applied, the event file %s", wait)
        count, total = len(wait.cancelled), wait.total
        await svc.tell_organisers(lambda t: change_notices.refused_by_signal(count, total, t))
        return
    log.info("SIGHUP: reloaded %s, %d changes", svc.settings.event_file, len(changes))


def handlers(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    """/reload, and the Apply / Keep buttons of the summary it shows before many cancellations."""
    return [
        command("reload", reload_command),
        button(callbacks.RELOAD_APPLY_PATTERN, confirm_button),
        button(callbacks.RELOAD_KEEP, keep_button),
    ]
