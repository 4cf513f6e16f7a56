"""The announcements already made: /broadcasts for organisers, /news for delegates.

Outside the /broadcast conversation: the organisers' list (with a Cancel button for each
scheduled one), the guard for desk buttons pressed outside their step, and the delegates'
catch-up for those who joined late. Registered after the /broadcast conversation, whose own
buttons its guard would otherwise catch.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.ext import BaseHandler

from bot.announcements import model, reports
from bot.config import Settings
from bot.ui import views
from handlers.common import button, command, edit, matched, send
from handlers.context import BotContext
from handlers.desk.organisers import organisers_only
from handlers.expired import expired

log = logging.getLogger(__name__)


@organisers_only("announcements")
async def list_command(update: Update, context: BotContext) -> None:
    await send(update, await _listing(update, context))


async def _listing(update: Update, context: BotContext) -> views.Reply:
    svc = context.svc
    t = context.t
    items = [(a, await svc.outbox.counts(a.job)) for a in await svc.announcements.recent()]
    return reports.listing(svc.event, t, items)


@organisers_only("announcement: cancel a scheduled one")
async def drop_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query
    svc = context.svc
    announcement_id = int(matched(context))
    done = await svc.announcements.cancel_scheduled(announcement_id)
    if done and context.application.job_queue is not None:
        for job in context.application.job_queue.get_jobs_by_name(model.job_of(announcement_id)):
            job.schedule_removal()
        log.info("scheduled announcement #%d cancelled by %s", announcement_id, query.from_user.id)
    t = context.t
    await query.answer(reports.dropped(t, announcement_id, done), show_alert=True)
    await _refresh(query, await _listing(update, context))


async def _refresh(query: CallbackQuery, reply: views.Reply) -> None:
    if isinstance(query.message, Message):
        await edit(query, reply, answered=True)


@organisers_only("announcement: stray button")
async def stray_button(update: Update, context: BotContext) -> None:
    """A desk button outside its step (an old message): nothing happens, and the organiser is
    told; anyone else was already refused by the guard."""
    await expired(update, context)


async def news_command(update: Update, context: BotContext) -> None:
    """/news: the latest announcements meant for this delegate, in their language."""
    svc = context.svc
    user = update.effective_user
    if user is None:
        return
    t = context.t
    followed = await svc.follows.followed(user.id)
    items = await svc.announcements.news(t.language, followed)
    await send(update, reports.news(svc.event, t, items))


def handlers(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    """After the /broadcast conversation: the Cancel of a scheduled announcement, the guard for
    any other desk button, then /broadcasts and /news."""
    return [
        button(model.DROP_PATTERN, drop_button),
        button(model.ANY_PATTERN, stray_button),
        command("broadcasts", list_command),
        command("news", news_command),
    ]
