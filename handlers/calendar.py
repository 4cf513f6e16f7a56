"""/calendar: the delegate's sessions, or the whole programme, as a file for their phone."""

from __future__ import annotations

import re
from collections.abc import Collection

from telegram import Update
from telegram.ext import ContextTypes

from bot import calendar, views
from bot.event import Session
from bot.follows import FollowStore
from bot.programme import ProgrammeStore, Snapshot
from bot.services import Services
from handlers.common import edit, send, services, translator

CALENDAR_PATTERN = re.compile(r"^cal:(mine|all)$")


async def calendar_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    user = update.effective_user
    count = 0
    if user is not None:
        followed = await FollowStore(svc.storage.connection).followed(user.id)
        programme = await ProgrammeStore(svc.storage.connection).load(svc.event.id)
        sessions, cancelled = _selection(svc, programme, followed)
        count = len(sessions) + len(cancelled)
    await send(update, calendar.calendar_choice(await translator(update, context), count))


async def calendar_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The file is built for whoever pressed, from Telegram's user id, never from the button.

    In a group the presser need not be who asked, and their follows are theirs alone.
    """
    query = update.callback_query
    assert query and context.matches
    svc = services(context)
    t = await translator(update, context)
    user_id = query.from_user.id
    mine = context.matches[0].group(1) == "mine"
    store = FollowStore(svc.storage.connection)
    followed = await store.followed(user_id)
    programme = await ProgrammeStore(svc.storage.connection).load(svc.event.id)
    sessions, cancelled = _selection(svc, programme, followed if mine else None)
    if not sessions and not cancelled:
        await edit(query, calendar.nothing_followed(t) if mine else views.programme(svc.event, t))
        return
    await query.answer()
    settings = await store.settings(user_id)
    data = calendar.calendar_file(
        svc.event,
        t,
        sessions,
        cancelled=cancelled,
        sequences={session_id: s.sequence for session_id, s in programme.items()},
        lead_minutes=settings.lead_minutes(svc.event.lead_minutes),
        alarmed={s.id for s in sessions if calendar.reminded(s, followed, settings.mode)},
        now=svc.clock(),
    )
    chat = update.effective_chat
    await context.bot.send_document(
        chat.id if chat else user_id,
        document=data,
        filename=f"{svc.event.id}-mine.ics" if mine else f"{svc.event.id}.ics",
        caption=calendar.file_caption(t),
    )


def _selection(
    svc: Services, programme: dict[str, Snapshot], followed: Collection[str] | None
) -> tuple[list[Session], list[Snapshot]]:
    """The sessions to export and the cancelled ones among them (``followed`` None: all)."""
    sessions = [s for s in svc.event.sessions if followed is None or s.id in followed]
    cancelled = [
        snapshot
        for session_id, snapshot in programme.items()
        if snapshot.cancelled
        and svc.event.session(session_id) is None
        and (followed is None or session_id in followed)
    ]
    return sessions, cancelled
