"""Programme changes: /reload (organisers only) and SIGHUP re-read the event file.

An invalid file keeps the running programme and the organiser gets every error. A valid one is
compared with the programme as the bot last saw it (kept in SQLite), reminders are re-planned,
and every delegate concerned is told what changed, in one message, in their language: the
followers of a changed session and, for plenaries, everyone reminded of every session. The
same comparison runs at start-up, so changes made while the bot was down are announced too.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.changes import SessionChange, compare, render_changes
from bot.event import Event
from bot.loader import InvalidEventFile, load_event
from bot.sender import payload_for
from bot.services import Services
from bot.split import split_message
from handlers import reminders
from handlers.common import SERVICES_KEY, services, translator
from handlers.organisers import is_organiser, refuse

log = logging.getLogger(__name__)

CHANGE_KIND = "change"


async def apply_event(application: Application, event: Event) -> list[SessionChange]:
    """Serve ``event`` from now on and tell the delegates concerned what changed."""
    svc: Services = application.bot_data[SERVICES_KEY]
    previous = await svc.programme.load(event.id)
    changes, snapshots = compare(previous, event)
    await svc.programme.save(event.id, snapshots)
    svc.replace_event(event)
    await reminders.arm(application)
    if changes:
        await _notify(svc, changes)
    return changes


async def _notify(svc: Services, changes: list[SessionChange]) -> None:
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
        reply = render_changes(concerned[user_id], svc.event, svc.translator(language))
        if reply.text:  # e.g. only a title in another language changed: nothing to tell
            rows.append((user_id, payload_for(reply)))
    job = f"chg:{datetime.now(UTC):%Y%m%dT%H%M%S.%f}"
    await svc.outbox.create_job(job, CHANGE_KIND, rows)
    log.info("%d programme changes announced to %d delegates", len(changes), len(rows))
    svc.start_delivery(job)


async def reload_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await is_organiser(update, context):
        await refuse(update, context, "reload")
        return
    svc = services(context)
    t = await translator(update, context)
    try:
        event = load_event(svc.settings.event_file)
    except InvalidEventFile as exc:
        text = t.gettext("The event file has errors; the programme in use is unchanged.")
        await send_plain(update, "\n".join([text, *(str(e) for e in exc.errors)]))
        return
    changes = await apply_event(context.application, event)
    await send_plain(
        update,
        t.ngettext(
            "Reloaded: {sessions} sessions, {count} change announced.",
            "Reloaded: {sessions} sessions, {count} changes announced.",
            len(changes),
        ).format(sessions=len(event.sessions), count=len(changes)),
    )


async def send_plain(update: Update, text: str) -> None:
    """Organiser reports carry file paths and '<' signs: sent as plain text, split if long."""
    message = update.effective_message
    if message is None:
        return
    for chunk in split_message(text):
        await message.reply_text(chunk, parse_mode=None)


async def reload_from_signal(application: Application) -> None:
    """SIGHUP: reload, and send the errors of an invalid file to every organiser."""
    svc: Services = application.bot_data[SERVICES_KEY]
    try:
        event = load_event(svc.settings.event_file)
    except InvalidEventFile as exc:
        log.error("SIGHUP: the event file has errors; keeping the programme in use")
        for organiser in svc.settings.organiser_ids:
            t = svc.translator(await svc.storage.language(organiser) or "")
            text = t.gettext("The event file has errors; the programme in use is unchanged.")
            for chunk in split_message("\n".join([text, *(str(e) for e in exc.errors)])):
                await application.bot.send_message(organiser, chunk, parse_mode=None)
        return
    changes = await apply_event(application, event)
    log.info("SIGHUP: reloaded %s, %d changes", svc.settings.event_file, len(changes))
