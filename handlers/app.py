"""Builds the python-telegram-bot Application: handlers, defaults, start-up and shutdown."""

from __future__ import annotations

import asyncio
import logging
import signal
import threading

from telegram import Bot, BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    Defaults,
    TypeHandler,
)
from telegram.request import HTTPXRequest

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.event import Event
from bot.fanout.budget import Priority, SendBudget
from bot.fanout.sender import RateLimitedSender
from bot.ops.config import OpsSettings
from bot.services import Services
from bot.storage import Storage
from bot.ui.commands import DELEGATE_COMMANDS, ORGANISER_COMMANDS
from handlers import errors, expired, hosting
from handlers.context import CONTEXT_TYPES, SERVICES_KEY
from handlers.delegate import (
    about,
    calendar,
    follow,
    forget,
    language,
    menu,
    programme,
    questions,
    reminders,
    venue,
)
from handlers.desk import announcement_delivery, announcements, handoff, news, reload, stats
from handlers.transport import PacedRequest, TelegramTransport, fanout_bot
from handlers.update_order import OneChatAtATime

log = logging.getLogger(__name__)

DESCRIPTION_LIMIT = 512
SHORT_DESCRIPTION_LIMIT = 120
FANOUT_KEY = "fanout_bot"
DELEGATE_MODULES = (menu, programme, venue, about, language, forget, follow, reminders, calendar)


def build_application(
    settings: Settings,
    event: Event,
    clock: Clock = system_clock,
    *,
    signals: bool = False,
    ops: OpsSettings | None = None,
) -> Application:
    """The bot, ready for ``run_polling`` (or for tests to initialise and feed updates).

    ``signals`` installs the SIGHUP handler (reload the event file) for a bot run from main;
    ``ops`` the hosting settings (health server, backups; see handlers/hosting.py).
    """
    if not settings.token:
        raise ValueError("a bot token is required")
    reload_asked = threading.Event()  # a SIGHUP before the bot is ready: reloaded once it is
    if signals:
        # SIGHUP's default action ends the process, and systemd does not restart a service
        # that died of it: `systemctl reload` right after a start would stop the bot for good.
        signal.signal(signal.SIGHUP, lambda *_: reload_asked.set())

    budget = SendBudget(
        settings.send_rate,
        per_chat_interval=settings.chat_interval,
        group_per_minute=settings.group_per_minute,
    )

    async def post_init(application: Application) -> None:
        storage = await Storage.open(settings.db_path, clock)
        fanout = fanout_bot(settings.token or "", settings.api_url)
        await fanout.initialize()
        sender = RateLimitedSender(TelegramTransport(fanout), budget=budget)
        svc = Services(settings, event, storage, clock, sender)
        application.bot_data[SERVICES_KEY] = svc
        application.bot_data[FANOUT_KEY] = fanout
        await register_commands(application, svc)
        recovered = await svc.outbox.recover()
        # The event file first: a reminder resumed from the outbox is checked against (and
        # rendered from) the programme as it is now, not as it was when it was planned.
        await reload.apply_event(application, event)
        for job in await svc.outbox.unfinished_jobs():
            # Announcements resume below, with their organiser's progress message and report.
            if not job.startswith(announcement_delivery.JOB_PREFIX):
                svc.start_delivery(job)
        await announcement_delivery.resume(application)  # also re-arms scheduled announcements
        if recovered:
            log.warning("%d sends were in flight at the last stop; resent", recovered)
        await svc.answerer_ready()  # the first question gets the hybrid answerer
        await hosting.start(application, ops or OpsSettings())
        if signals:
            asyncio.get_running_loop().add_signal_handler(
                signal.SIGHUP,
                lambda: application.create_task(reload.reload_from_signal(application)),
            )
            if reload_asked.is_set():
                application.create_task(reload.reload_from_signal(application))

    async def post_stop(application: Application) -> None:
        svc: Services | None = application.bot_data.get(SERVICES_KEY)
        if svc is not None:
            await svc.stop_deliveries()

    async def post_shutdown(application: Application) -> None:
        await post_stop(application)
        await hosting.stop(application)
        svc: Services | None = application.bot_data.pop(SERVICES_KEY, None)
        if svc is not None:
            await svc.storage.close()
        fanout: Bot | None = application.bot_data.pop(FANOUT_KEY, None)
        if fanout is not None:
            await fanout.shutdown()

    application = (
        ApplicationBuilder()
        .token(settings.token)
        .context_types(CONTEXT_TYPES)
        .base_url(f"{settings.api_url}/bot")
        .base_file_url(f"{settings.api_url}/file/bot")
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                tzinfo=event.timezone,
                # A reply whose message was deleted meanwhile still arrives, unquoted.
                allow_sending_without_reply=True,
            )
        )
        .request(PacedRequest(HTTPXRequest(connection_pool_size=64), budget, Priority.INTERACTIVE))
        .concurrent_updates(OneChatAtATime())
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
        .build()
    )
    add_handlers(application, settings)
    return application


def add_handlers(application: Application, settings: Settings) -> None:
    """Order matters where patterns or filters overlap: the forged-press guard first, the
    desk's conversations before questions (their steps take text), the catch-all button and
    the questions last."""
    application.add_handler(expired.PressWithoutData(expired.expired))
    application.add_handler(TypeHandler(Update, menu.back_in_touch), group=menu.REACHABLE_GROUP)
    application.add_handler(handoff.reply_handler(), group=handoff.REPLIES_GROUP)
    application.add_handlers(
        [*announcements.handlers(settings), *news.handlers(settings), *handoff.handlers(settings)]
    )
    for module in DELEGATE_MODULES:
        application.add_handlers(module.handlers(settings))
    application.add_handlers([*reload.handlers(settings), *stats.handlers(settings)])
    application.add_handler(CallbackQueryHandler(expired.expired))
    application.add_handlers(questions.handlers(settings))
    application.add_error_handler(errors.on_error)


async def register_commands(application: Application, svc: Services) -> None:
    """The command menu and the bot's profile texts, in every language of the event.

    The entry without a language code is what clients in other languages see: the default.
    """
    bot = application.bot
    event = svc.event
    for code in (None, *event.languages):
        t = svc.translator(code or event.default_language)
        commands = [BotCommand(name, t.gettext(text)) for name, text in DELEGATE_COMMANDS]
        name = t.text(event.sentence_name())
        description = t.gettext(
            "I am the assistant of {event}: the programme, what is on now, the venue, and "
            "answers to your questions in your language. Press Start."
        ).format(event=name)
        short = t.gettext("Programme, venue and answers for {event}").format(event=name)
        await bot.set_my_commands(commands, language_code=code)
        await bot.set_my_description(description[:DESCRIPTION_LIMIT], language_code=code)
        await bot.set_my_short_description(short[:SHORT_DESCRIPTION_LIMIT], language_code=code)
    for organiser in svc.settings.organiser_ids:
        t = svc.translator(await svc.storage.language(organiser) or event.default_language)
        commands = [
            BotCommand(name, t.gettext(text))
            for name, text in (*DELEGATE_COMMANDS, *ORGANISER_COMMANDS)
        ]
        try:
            await bot.set_my_commands(commands, scope=BotCommandScopeChat(organiser))
        except BadRequest:  # an organiser who has not opened a chat with the bot yet
            log.warning("organiser %s has no chat with the bot: commands not listed", organiser)
    log.info("commands registered for %s", ", ".join(event.languages))
