"""/calendar: the delegate's sessions, or the whole programme, as a file for their phone."""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden
from telegram.ext import BaseHandler

from bot.agenda import calendar
from bot.config import Settings
from bot.event import Session
from bot.i18n import Translator
from bot.programme.snapshots import Snapshot
from bot.services import Services
from bot.ui import callbacks, views
from handlers.common import button, command, edit, keyboard, send
from handlers.context import BotContext

log = logging.getLogger(__name__)


async def calendar_command(update: Update, context: BotContext) -> None:
    """The choice; how many sessions the asker follows is theirs, so a group sees no count."""
    svc = context.svc
    user = update.effective_user
    chat = update.effective_chat
    count: int | None = None
    if user is not None and chat is not None and chat.type == ChatType.PRIVATE:
        followed = await svc.follows.followed(user.id)
        programme = await svc.programme.load(svc.event.id)
        sessions, cancelled = _selection(svc, programme, followed)
        count = len(sessions) + len(cancelled)
    await send(update, calendar.calendar_choice(context.t, count))


async def calendar_button(update: Update, context: BotContext) -> None:
    """The file is built for whoever pressed, from Telegram's user id, never from the button.

    In a group the presser need not be who asked, and their follows are theirs alone: "My
    sessions" goes to their private chat (or they are told how to open one), never the group.
    """
    query = update.callback_query
    assert query and context.matches
    svc = context.svc
    t = context.t
    user_id = query.from_user.id
    mine = query.data == callbacks.CALENDAR_MINE
    chat = update.effective_chat
    if mine and chat is not None and chat.type != ChatType.PRIVATE:
        await _mine_privately(update, context, t)
        return
    store = svc.follows
    followed = await store.followed(user_id)
    programme = await svc.programme.load(svc.event.id)
    sessions, cancelled = _selection(svc, programme, followed if mine else None)
    if not sessions and not cancelled:
        await edit(query, calendar.nothing_followed(t) if mine else views.programme(svc.event, t))
        return
    await query.answer()
    await context.bot.send_document(
        chat.id if chat else user_id,
        document=await _file(svc, t, user_id, mine, sessions, cancelled, followed, programme),
        filename=f"{svc.event.id}-mine.ics" if mine else f"{svc.event.id}.ics",
        caption=calendar.file_caption(t),
    )


async def _mine_privately(update: Update, context: BotContext, t: Translator) -> None:
    """ "My sessions" pressed in a group: the file (or the hint to follow sessions) goes to the
    presser's private chat; a person who never opened one with the bot is told to."""
    query = update.callback_query
    assert query is not None
    svc = context.svc
    user_id = query.from_user.id
    followed = await svc.follows.followed(user_id)
    programme = await svc.programme.load(svc.event.id)
    sessions, cancelled = _selection(svc, programme, followed)
    try:
        if sessions or cancelled:
            data = await _file(svc, t, user_id, True, sessions, cancelled, followed, programme)
            await context.bot.send_document(
                user_id,
                document=data,
                filename=f"{svc.event.id}-mine.ics",
                caption=calendar.file_caption(t),
            )
        else:
            hint = calendar.nothing_followed(t)
            await context.bot.send_message(user_id, hint.text, reply_markup=keyboard(hint))
    except (Forbidden, BadRequest) as exc:  # never started the bot, or blocked it
        log.info("calendar for %s not sent privately: %s", user_id, exc)
        await query.answer(calendar.open_private_chat(t), show_alert=True)
        return
    await query.answer(calendar.sent_privately(t))


async def _file(
    svc: Services,
    t: Translator,
    user_id: int,
    mine: bool,
    sessions: list[Session],
    cancelled: list[Snapshot],
    followed: Collection[str],
    programme: dict[str, Snapshot],
) -> bytes:
    store = svc.follows
    settings = await store.settings(user_id)
    return calendar.calendar_file(
        svc.event,
        t,
        sessions,
        cancelled=cancelled,
        sequences={session_id: s.sequence for session_id, s in programme.items()},
        lead_minutes=settings.lead_minutes(svc.event.lead_minutes),
        alarmed={s.id for s in sessions if calendar.reminded(s, followed, settings.mode)},
        now=svc.clock(),
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


def handlers(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    return [
        command("calendar", calendar_command),
        button(callbacks.CALENDAR_PATTERN, calendar_button),
    ]
