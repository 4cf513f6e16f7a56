"""/stats: the organisers' dashboard in the chat, as text and a questions-per-hour chart."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from bot.config import Settings
from bot.dashboard.stats import chart, collect, render
from bot.ui.views import Reply
from handlers.common import command, send
from handlers.context import BotContext
from handlers.desk.organisers import organisers_only


@organisers_only("stats")
async def stats(update: Update, context: BotContext) -> None:
    svc = context.svc
    t = context.t
    dashboard = await collect(svc.storage, svc.event)
    await send(update, Reply(render(dashboard, svc.event, t)))
    message = update.effective_message
    if dashboard.per_hour and message is not None:
        # Rendering takes a few hundred milliseconds: off the event loop, others keep chatting.
        png = await asyncio.to_thread(chart, dashboard, t)
        await message.reply_photo(png, caption=t.gettext("Questions per hour"))


def handlers(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    return [command("stats", stats)]
