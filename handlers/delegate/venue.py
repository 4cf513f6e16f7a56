"""/venue: the map pin first (so it opens in the phone's maps), then the written details."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from bot.config import Settings
from bot.ui import callbacks, views
from bot.ui.views import Reply
from handlers.common import button, command, send
from handlers.context import BotContext


async def send_venue(update: Update, context: BotContext, reply: Reply) -> None:
    """Send a reply that may carry a map pin, as the /venue command and venue answers do."""
    chat = update.effective_chat
    svc = context.svc
    if chat is not None and reply.location is not None:
        t = context.t
        latitude, longitude = reply.location
        await context.bot.send_venue(
            chat.id,
            latitude=latitude,
            longitude=longitude,
            title=t.text(svc.event.venue.name),
            address=t.text(svc.event.venue.address),
        )
    await send(update, reply)


async def venue(update: Update, context: BotContext) -> None:
    svc = context.svc
    await send_venue(update, context, views.venue(svc.event, context.t))


async def venue_button(update: Update, context: BotContext) -> None:
    assert update.callback_query
    await update.callback_query.answer()
    await venue(update, context)


def handlers(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    return [command("venue", venue), button(callbacks.VENUE, venue_button)]
