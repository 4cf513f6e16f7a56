"""Hosting glue: the health and metrics server, the update probe, scheduled backups.

The health server is a small tornado app on ``HEALTH_PORT``, in both modes. PTB's webhook server
(``Updater.start_webhook``) builds its own tornado application with one route and offers no hook
to add another; reaching into its private attributes would break on any PTB upgrade. tornado
itself comes with PTB's ``webhooks`` extra, so this adds no dependency.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from datetime import datetime

import tornado.httpserver
import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST
from telegram import Update
from telegram.ext import Application, TypeHandler

from bot.agenda.reminders import JOB_PREFIXES
from bot.ops import backup, health, logs, metrics
from bot.ops.config import OpsSettings
from handlers.context import SERVICES_KEY, BotContext, services_of
from handlers.update_order import OneChatAtATime

log = logging.getLogger(__name__)

LIVENESS_KEY = "liveness"
SERVER_KEY = "health_server"
OPS_KEY = "ops_settings"
BACKUP_JOB = "backup"
PROBE_GROUP = -2  # before handoff.REPLIES_GROUP


async def _update_seen(update: Update, context: BotContext) -> None:
    """Every update passes here first (and nothing else happens here): a group of its own,
    since a group runs only its first matching handler (the organisers' replies are in -1)."""
    chat = update.effective_chat
    logs.bind(update_id=update.update_id, chat_id=chat.id if chat else None)
    kind = next(
        (k for k in ("message", "edited_message", "callback_query") if getattr(update, k)), "other"
    )
    metrics.UPDATES.labels(type=kind).inc()
    liveness: health.Liveness = context.application.bot_data[LIVENESS_KEY]
    liveness.update_started(update.update_id)


def next_reminder_due(application: Application) -> datetime | None:
    jobs = application.job_queue.jobs() if application.job_queue else ()
    times = [j.next_t for j in jobs if j.name and j.name.startswith(JOB_PREFIXES) and j.next_t]
    return min(times, default=None)


async def health_report(application: Application) -> tuple[bool, dict[str, object]]:
    svc = services_of(application)
    backlog = await health.outbox_backlog(svc.storage.connection)
    metrics.OUTBOX_BACKLOG.set(backlog)
    writable = await asyncio.to_thread(health.database_writable, svc.settings.db_path)
    return health.report(
        application.bot_data[LIVENESS_KEY],
        event_id=svc.event.id,
        mode="webhook" if application.bot_data[OPS_KEY].webhook_url else "polling",
        waiting=application.update_queue.qsize() + _taken_not_begun(application),
        backlog=backlog,
        next_reminder=next_reminder_due(application),
        writable=writable,
    )


def _taken_not_begun(application: Application) -> int:
    """Updates out of the queue that wait for their chat's previous one (``OneChatAtATime``)."""
    processor = application.update_processor
    return processor.waiting if isinstance(processor, OneChatAtATime) else 0


class _HealthHandler(tornado.web.RequestHandler):
    def initialize(self, bot_app: Application) -> None:
        self.bot_app = bot_app

    async def get(self) -> None:
        healthy, body = await health_report(self.bot_app)
        self.set_status(200 if healthy else 503)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))


class _MetricsHandler(_HealthHandler):
    async def get(self) -> None:
        svc = services_of(self.bot_app)
        metrics.OUTBOX_BACKLOG.set(await health.outbox_backlog(svc.storage.connection))
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(metrics.exposition())


async def _backup_job(context: BotContext) -> None:
    await run_backup(context.application)


async def run_backup(application: Application) -> None:
    svc = services_of(application)
    ops: OpsSettings = application.bot_data[OPS_KEY]
    assert ops.backup_dir is not None
    logs.bind(job=BACKUP_JOB)
    try:
        path = await asyncio.to_thread(
            backup.scheduled_backup, svc.settings.db_path, ops.backup_dir, ops.backup_keep
        )
    except (OSError, sqlite3.Error):
        log.exception("backup into %s failed", ops.backup_dir)
        return
    log.info("backup written to %s", path)


async def start(application: Application, ops: OpsSettings) -> None:
    """After post_init built the services: probe, health server, backup schedule."""
    application.bot_data[OPS_KEY] = ops
    application.bot_data[LIVENESS_KEY] = health.Liveness(ops.stuck_after)
    application.add_handler(TypeHandler(Update, _update_seen), group=PROBE_GROUP)
    if ops.health_port is not None:
        routes = [("/health", _HealthHandler), ("/metrics", _MetricsHandler)]
        server = tornado.httpserver.HTTPServer(
            tornado.web.Application([(p, h, {"bot_app": application}) for p, h in routes])
        )
        server.listen(ops.health_port, ops.health_listen)
        application.bot_data[SERVER_KEY] = server
        log.info("health and metrics on http://%s:%d/health", ops.health_listen, ops.health_port)
    if ops.backup_dir is not None and application.job_queue is not None:
        application.job_queue.run_repeating(
            _backup_job,
            interval=ops.backup_every,
            first=ops.backup_every,
            name=BACKUP_JOB,
            job_kwargs={"id": BACKUP_JOB, "replace_existing": True},
        )


async def stop(application: Application) -> None:
    """At shutdown, before the database closes: stop serving health, take the last backup."""
    server: tornado.httpserver.HTTPServer | None = application.bot_data.pop(SERVER_KEY, None)
    if server is not None:
        server.stop()
        await server.close_all_connections()
    ops: OpsSettings | None = application.bot_data.get(OPS_KEY)
    if SERVICES_KEY in application.bot_data and ops is not None and ops.backup_dir is not None:
        await run_backup(application)
