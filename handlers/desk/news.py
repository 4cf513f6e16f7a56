"""The announcements already made: /broadcasts for organisers, /news for delegates.

Outside the /broadcast conversation: the organisers' list (with a Cancel button for each
scheduled one), the guard for desk buttons pressed outside their step, and the delegates'
catch-up for those who joined late. ``handlers/desk/announcements.py`` registers them after the
conversation.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Message, Update

from bot.announcements import model as bc
from bot.announcements import reports
from bot.ui import views
from handlers.common import edit, matched, send
from handlers.context import BotContext
from handlers.desk.organisers import organisers_only

log = logging.getLogger(__name__)


@organisers_only("broadcasts")
async def list_command(update: Update, context: BotContext) -> None:
    await send(update, await _listing(update, context))


async def _listing(update: Update, context: BotContext) -> views.Reply:
    svc = context.svc
    t = context.t
    items = [(b, await svc.outbox.counts(b.job)) for b in await svc.announcements.recent()]
    return reports.listing(svc.event, t, items)


@organisers_only("broadcast: cancel a scheduled one")
async def drop_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query
    svc = context.svc
    broadcast_id = int(matched(context))
    done = await svc.announcements.cancel_scheduled(broadcast_id)
    if done and context.application.job_queue is not None:
        for job in context.application.job_queue.get_jobs_by_name(bc.job_of(broadcast_id)):
            job.schedule_removal()
        log.info("scheduled announcement #%d cancelled by %s", broadcast_id, query.from_user.id)
    t = context.t
    await query.answer(reports.dropped(t, broadcast_id, done), show_alert=True)
    await _refresh(query, await _listing(update, context))


async def _refresh(query: CallbackQuery, reply: views.Reply) -> None:
    if isinstance(query.message, Message):
        await edit(query, reply, answered=True)


@organisers_only("broadcast: stray button")
async def stray_button(update: Update, context: BotContext) -> None:
    """A desk button outside its step (an old message): nothing happens, and the organiser is
    told; anyone else was already refused by the guard."""
    query = update.callback_query
    assert query
    await query.answer(views.expired(context.t), show_alert=True)


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
