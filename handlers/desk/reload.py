"""Programme changes: /reload (organisers only) and SIGHUP re-read the event file.

An invalid file keeps the running programme and the organiser gets every error. A valid one is
compared with the programme as the bot last saw it (kept in SQLite), reminders are re-planned,
and every delegate concerned is told what changed, in one message, in their language: the
followers of a changed session and, for plenaries, everyone reminded of every session. The
same comparison runs at start-up, so changes made while the bot was down are announced too.

Reloads wait for each other (two SIGHUPs, or SIGHUP and /reload, would otherwise both compare
against the same old programme and tell everyone twice), and the new programme is saved in the
same transaction as the change notice's outbox job: a kill or an error in between leaves both
undone, and the next reload or start finds the change again. A file that would cancel many
sessions (``bot.programme.changes.cancellations_to_confirm``) is not applied by SIGHUP, and /reload
shows it to the organiser to confirm.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application

from bot.agenda import change_notices as reload_views
from bot.event import Event
from bot.fanout.sender import Payload, payload_for
from bot.i18n import Translator
from bot.programme.changes import SessionChange, cancellations_to_confirm, compare, render_changes
from bot.programme.loader import InvalidEventFile, read_event
from bot.services import Services
from bot.ui import views
from bot.ui.split import split_message
from bot.ui.views import Reply
from handlers.common import edit, matched, send
from handlers.context import BotContext, services_of
from handlers.delegate import reminders
from handlers.desk.organisers import is_organiser, refuse

log = logging.getLogger(__name__)

CHANGE_KIND = "change"


class NeedsConfirmation(Exception):
    """The reload would cancel too many sessions to apply without an organiser's word."""

    def __init__(self, cancelled: list[SessionChange], others: int, total: int) -> None:
        super().__init__(f"would cancel {len(cancelled)} of {total} sessions")
        self.cancelled = cancelled
        self.others = others
        self.total = total


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
        cancelled = cancellations_to_confirm(previous, changes)
        if cancelled and not confirmed:
            live = sum(1 for s in previous.values() if not s.cancelled)
            raise NeedsConfirmation(cancelled, len(changes) - len(cancelled), live)
        rows = await _notices(svc, event, changes) if changes else []
        job = f"chg:{datetime.now(UTC):%Y%m%dT%H%M%S.%f}" if rows else None
        async with svc.storage.transaction():
            await svc.programme.save(event.id, snapshots)
            if job is not None:
                await svc.outbox.create_job(job, CHANGE_KIND, rows)
        svc.replace_event(event)
        await reminders.arm(application)
        if job is not None:
            log.info("%d programme changes announced to %d delegates", len(changes), len(rows))
            svc.start_delivery(job)
    return changes


async def _notices(
    svc: Services, event: Event, changes: list[SessionChange]
) -> list[tuple[int, Payload]]:
    """One message per delegate concerned, with all their changes, in their language."""
    concerned: dict[int, list[SessionChange]] = {}
    everyone: set[int] | None = None
    for change in changes:
        users = await svc.follows.followers(change.session_id)
        snapshot = change.after or change.before
        if snapshot is not None and snapshot.kind == "plenary":
            if everyone is None:
                everyone = await svc.follows.everyone_reminded_of_all()
            users |= everyone
        for user_id in users:
            concerned.setdefault(user_id, []).append(change)
    languages = await svc.follows.reachable(concerned)
    rows = []
    for user_id, language in languages.items():
        t = Translator(event.language_or_default(language), event.timezone)
        reply = render_changes(concerned[user_id], event, t)
        if reply.text:  # e.g. only a title in another language changed: nothing to tell
            rows.append((user_id, payload_for(reply)))
    return rows


async def reload_command(update: Update, context: BotContext) -> None:
    if not await is_organiser(update, context):
        await refuse(update, context, "reload")
        return
    svc = context.svc
    t = context.t
    try:
        event, fingerprint = read_event(svc.settings.event_file)
    except InvalidEventFile as exc:
        text = t.gettext("The event file has errors; the programme in use is unchanged.")
        await send_plain(update, "\n".join([text, *(str(e) for e in exc.errors)]))
        return
    try:
        changes = await apply_event(context.application, event, confirmed=False)
    except NeedsConfirmation as wait:
        await send(
            update,
            reload_views.confirm_reload(
                wait.cancelled, wait.others, wait.total, event, t, fingerprint
            ),
        )
        return
    await send_plain(update, _reloaded(t, event, changes))


async def confirm_button(update: Update, context: BotContext) -> None:
    """Apply the file the organiser was shown; rights are checked again (data can be forged)."""
    query = update.callback_query
    assert query is not None
    if not await is_organiser(update, context):
        await refuse(update, context, "reload")
        return
    svc = context.svc
    t = context.t
    try:
        event, fingerprint = read_event(svc.settings.event_file)
    except InvalidEventFile:
        fingerprint = ""
    if fingerprint != matched(context):
        await query.answer()
        await send_plain(update, reload_views.file_changed(t))
        return
    await query.answer()
    changes = await apply_event(context.application, event)
    log.info("reload with many cancellations confirmed by organiser %s", query.from_user.id)
    with contextlib.suppress(BadRequest):  # the summary's buttons are spent
        await query.edit_message_reply_markup(reply_markup=None)
    await send_plain(update, _reloaded(t, event, changes))


async def keep_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    if not await is_organiser(update, context):
        await refuse(update, context, "reload")
        return
    t = context.t
    await edit(query, Reply(reload_views.kept(t)))


def _reloaded(t: Translator, event: Event, changes: list[SessionChange]) -> str:
    return t.ngettext(
        "Reloaded: {sessions} sessions, {count} change announced.",
        "Reloaded: {sessions} sessions, {count} changes announced.",
        len(changes),
    ).format(sessions=len(event.sessions), count=len(changes))


async def send_plain(update: Update, text: str) -> None:
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
        await svc.tell_organisers(_errors_text([str(e) for e in exc.errors]))
        return
    except NeedsConfirmation as wait:
        log.error("SIGHUP: not applied, the event file %s", wait)
        count, total = len(wait.cancelled), wait.total
        await svc.tell_organisers(lambda t: reload_views.refused_by_signal(count, total, t))
        return
    log.info("SIGHUP: reloaded %s, %d changes", svc.settings.event_file, len(changes))


def _errors_text(errors: list[str]) -> Callable[[Translator], str]:
    def text(t: Translator) -> str:
        heading = t.gettext("The event file has errors; the programme in use is unchanged.")
        return "\n".join([heading, *map(views.esc, errors)])  # sent as HTML

    return text
