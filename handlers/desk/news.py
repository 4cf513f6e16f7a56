"""The announcements already made: /broadcasts for organisers, /news for delegates.

Outside the /broadcast conversation: the organisers' list (with a Cancel button for each
scheduled one), the guard for desk buttons pressed outside their step, and the delegates'
catch-up for those who joined late. ``handlers/desk/announcements.py`` registers them after the
conversation.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Message, Update
from telegram.ext import ContextTypes

from bot.announcements import model as bc
from bot.announcements import reports
from bot.ui import views
from handlers.common import edit, matched, send, services, translator
from handlers.desk.announcement_delivery import store
from handlers.desk.organisers import organisers_only

log = logging.getLogger(__name__)


@organisers_only("broadcasts")
async def list_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update, await _listing(update, context))


async def _listing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> views.Reply:
    svc = services(context)
    t = await translator(update, context)
    items = [(b, await svc.outbox.counts(b.job)) for b in await store(svc).recent()]
    return reports.listing(svc.event, t, items)


@organisers_only("broadcast: cancel a scheduled one")
async def drop_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query
    svc = services(context)
    broadcast_id = int(matched(context))
    done = await store(svc).cancel_scheduled(broadcast_id)
    if done and context.application.job_queue is not None:
        for job in context.application.job_queue.get_jobs_by_name(bc.job_of(broadcast_id)):
            job.schedule_removal()
        log.info("scheduled announcement #%d cancelled by %s", broadcast_id, query.from_user.id)
    t = await translator(update, context)
    await query.answer(reports.dropped(t, broadcast_id, done), show_alert=True)
    await _refresh(query, await _listing(update, context))


async def _refresh(query: CallbackQuery, reply: views.Reply) -> None:
    if isinstance(query.message, Message):
        await edit(query, reply, answered=True)


@organisers_only("broadcast: stray button")
async def stray_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A desk button outside its step (an old message): nothing happens, and the organiser is
    told; anyone else was already refused by the guard."""
    query = update.callback_query
    assert query
    await query.answer(views.expired(await translator(update, context)), show_alert=True)


async def news_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/news: the latest announcements meant for this delegate, in their language."""
    svc = services(context)
    user = update.effective_user
    if user is None:
        return
    t = await translator(update, context)
    followed = await svc.follows.followed(user.id)
    items = await store(svc).news(t.language, followed)
    await send(update, reports.news(svc.event, t, items))
