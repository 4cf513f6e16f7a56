"""How updates arrive: long polling, or a webhook when ``WEBHOOK_URL`` is set.

Both go through python-telegram-bot's own loops (``run_polling``, ``run_webhook``). Neither drops
pending updates: Telegram keeps undelivered updates for 24 hours whichever way the bot fetched
them before, so a restart that switches modes picks up where the other left off. The webhook's
secret token is checked by PTB on every request (403 without it); unless ``WEBHOOK_SECRET`` is
set, one is generated once and kept in the database, so it survives restarts and moves with
the database.
"""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from telegram.ext import Application

from bot.ops.config import OpsSettings
from bot.storage import Storage

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
SECRET_KEY = "webhook_secret"


async def stored_secret(db_path: Path) -> str:
    """The webhook secret kept in the database, created on first use."""
    storage = await Storage.open(db_path)
    try:
        async with storage.transaction() as db:
            await db.execute(
                "INSERT OR IGNORE INTO ops_state (key, value) VALUES (?, ?)",
                (SECRET_KEY, secrets.token_urlsafe(32)),
            )
        async with db.execute("SELECT value FROM ops_state WHERE key = ?", (SECRET_KEY,)) as cur:
            row = await cur.fetchone()
    finally:
        await storage.close()
    assert row is not None
    return str(row[0])


def serve(application: Application, ops: OpsSettings, db_path: Path) -> None:
    """Run until SIGINT/SIGTERM, by webhook if configured, else by long polling."""
    if not ops.webhook_url:
        application.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
        return
    secret = ops.webhook_secret or asyncio.run(stored_secret(db_path))
    application.run_webhook(
        listen=ops.webhook_listen,
        port=ops.webhook_port,
        url_path=urlsplit(ops.webhook_url).path.lstrip("/"),
        webhook_url=ops.webhook_url,
        secret_token=secret,
        allowed_updates=ALLOWED_UPDATES,
        drop_pending_updates=False,
    )
