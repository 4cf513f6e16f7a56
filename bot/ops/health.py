"""Is the bot alive and able to keep its promises? The figures behind ``/health``.

Healthy means two things a technician cannot see from outside: the database can be written
(a follow pressed now would be kept) and the dispatcher makes progress (updates waiting are being
handled). Everything else in the report is there to read, not to judge.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

PROBE_TIMEOUT = 2.0


@dataclass
class Liveness:
    """What the dispatcher did last; fed by one handler that sees every update first."""

    stuck_after: float
    started: float = field(default_factory=time.monotonic)
    last_update_id: int | None = None
    last_update_at: datetime | None = None
    _last_progress: float = field(default_factory=time.monotonic)
    _backlog_since: float | None = None

    def update_started(self, update_id: int) -> None:
        self.last_update_id = update_id
        self.last_update_at = datetime.now(UTC)
        self._last_progress = time.monotonic()

    def stuck(self, waiting: int) -> bool:
        """Updates have been waiting, with none started, for longer than ``stuck_after``.

        The wait is counted from the later of the last update started and the first probe that
        saw updates waiting, so a probe that lands between an update's arrival and its pick-up
        (microseconds, after a quiet hour) is not taken for a hang.
        """
        now = time.monotonic()
        if waiting <= 0:
            self._backlog_since = None
            return False
        if self._backlog_since is None:
            self._backlog_since = now
        return now - max(self._last_progress, self._backlog_since) > self.stuck_after

    def uptime(self) -> float:
        return time.monotonic() - self.started


def database_writable(db_path: Path) -> bool:
    """Can the file be opened for writing, and does a real write transaction commit?

    The first part asks the kernel (``access``, which also sees an immutable file or a
    read-only mount, even for root) whether the file and its folder, where SQLite creates the
    WAL, could be opened for writing by a fresh start. It cannot be learnt by opening the file:
    SQLite in this process reuses the descriptors its open connections hold, and closing any
    other descriptor of the file would drop the bot's POSIX locks. The second part writes one
    row, and fails as the bot would on a full disk, a damaged file or a lock held too long.
    (The bot's open connection may keep appending to its WAL after the file became read-only;
    nothing it writes could be checkpointed, so that is unhealthy already.) Blocking: run it
    in a thread.
    """
    if not (os.access(db_path, os.W_OK) and os.access(db_path.parent, os.W_OK)):
        return False
    try:
        connection = sqlite3.connect(db_path, timeout=PROBE_TIMEOUT, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(
                "INSERT OR REPLACE INTO ops_state (key, value) VALUES ('health_probe', ?)",
                (datetime.now(UTC).isoformat(timespec="seconds"),),
            )
            connection.execute("COMMIT")
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return True


async def outbox_backlog(connection: aiosqlite.Connection) -> int:
    async with connection.execute(
        "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')"
    ) as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


def report(
    liveness: Liveness,
    *,
    event_id: str,
    mode: str,
    waiting: int,
    backlog: int,
    next_reminder: datetime | None,
    writable: bool,
) -> tuple[bool, dict[str, Any]]:
    """(healthy, the JSON body): 503 material when the database or the dispatcher fails."""
    stuck = liveness.stuck(waiting)
    healthy = writable and not stuck
    body = {
        "status": "ok" if healthy else "unhealthy",
        "mode": mode,
        "event": event_id,
        "uptime_seconds": round(liveness.uptime()),
        "last_update": None
        if liveness.last_update_at is None
        else {"id": liveness.last_update_id, "at": liveness.last_update_at.isoformat()},
        "updates_waiting": waiting,
        "dispatcher_stuck": stuck,
        "outbox_backlog": backlog,
        "next_reminder_due": next_reminder.isoformat() if next_reminder else None,
        "database_writable": writable,
    }
    return healthy, body


def fetch(host: str, port: int, timeout: float = 5.0) -> tuple[bool, str]:
    """Ask a running bot (``python main.py health``): (healthy, what to print)."""
    host = "127.0.0.1" if host in ("0.0.0.0", "") else host
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/health", timeout=timeout) as answer:
            return True, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return False, exc.read().decode()
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return False, json.dumps({"status": "unreachable", "error": str(reason)})
