"""/venue: the map pin first (so it opens in the phone's maps), then the written details."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.ui import views
from bot.ui.views import Reply
from handlers.common import send, services, translator


async def send_venue(update: Update, context: ContextTypes.DEFAULT_TYPE, reply: Reply) -> None:
    """Send a reply that may carry a map pin, as the /venue command and venue answers do."""
    chat = update.effective_chat
    svc = services(context)
    if chat is not None and reply.location is not None:
        t = await translator(update, context)
        latitude, longitude = reply.location
        await context.bot.send_venue(
            chat.id,
            latitude=latitude,
            longitude=longitude,
            title=t.text(svc.event.venue.name),
            address=t.text(svc.event.venue.address),
        )
    await send(update, reply)


async def venue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    await send_venue(update, context, views.venue(svc.event, await translator(update, context)))


async def venue_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.callback_query
    await update.callback_query.answer()
    await venue(update, context)
