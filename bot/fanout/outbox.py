"""The durable outbox: every fan-out is planned into SQLite before the first message leaves.

A reminder or a broadcast can reach hundreds of delegates and takes minutes at Telegram's pace,
so the bot may be stopped or killed in the middle. One row per recipient, with its status
committed after each send, lets the next start resume exactly where the last one stopped: rows
still 'sending' after a crash are the only ones that may have gone out without being recorded,
and ``recover`` hands them back (they are the "in flight at the kill" ones, the only possible
duplicates). No Telegram types here: the outbox only knows chat ids and JSON payloads.

Tables are created by migration 2 in ``bot/storage.py``; the outbox shares the bot's connection.
One ``deliver`` per job at a time: two would each claim their own rows, but ``recover`` assumes
that nothing is sending when it runs (call it at start-up, before any delivery).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import aiosqlite

from bot.clock import Clock, stamp, system_clock
from bot.storage import transaction


class Status(StrEnum):
    """A recipient row's status; the values are what the ``outbox.status`` column holds."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"
    # Never stored (the schema's CHECK stays as it is): a 'failed' row whose error starts with
    # UNKNOWN_ERROR, because the request left and no answer came. ``counts`` reports these apart.
    UNKNOWN = "unknown"


STORED = frozenset(Status) - {Status.UNKNOWN}
UNKNOWN_ERROR = "outcome unknown"
# The statuses by their old names, which bot/announcements/reports.py and tests import.
PENDING, SENDING, SENT = Status.PENDING, Status.SENDING, Status.SENT
BLOCKED, FAILED, UNKNOWN = Status.BLOCKED, Status.FAILED, Status.UNKNOWN

Payload = dict[str, Any]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutboxRow:
    id: int
    job: str
    chat_id: int
    payload: Payload
    attempts: int


@dataclass(frozen=True)
class OutboxJob:
    job: str
    kind: str
    created_at: str
    finished_at: str | None
    stopped_reason: str | None


class StaleJob(Exception):
    """The job's message no longer holds (its session started, moved or was cancelled)."""


Refresh = Callable[[str, list["OutboxRow"]], Awaitable[list["OutboxRow"]]]


class Outbox:
    """Jobs and their recipients; each method is one committed transaction, so a SIGKILL
    loses no decision and never keeps half of one (a job without its recipients)."""

    def __init__(self, connection: aiosqlite.Connection, clock: Clock = system_clock) -> None:
        self.clock = clock
        self._db = connection
        self._refreshers: dict[str, Refresh] = {}

    def refresh_with(self, prefix: str, refresh: Refresh) -> None:
        """Check and re-render the rows of jobs named ``prefix…`` each time they are claimed.

        A reminder planned at 09:45 and sent at 09:50, or after a restart at 11:00, must say
        what is true when it leaves: ``refresh`` returns the rows with payloads rendered from
        the current programme, or raises ``StaleJob`` to stop the job (its rows stay pending
        as the record of who did not get it).
        """
        self._refreshers[prefix] = refresh

    async def create_job(
        self, job: str, kind: str, recipients: Iterable[tuple[int, Payload]]
    ) -> int:
        """Plan a fan-out; returns how many recipients were new.

        Planning is idempotent (a restart, or a reminder armed twice, re-plans the same job):
        a recipient already in the job keeps its row and status, so nobody is messaged twice.
        Recipients added to a finished job reopen it, so a late follower still gets the message.
        """
        now = stamp(self.clock, "milliseconds")
        rows = [
            (job, int(chat_id), json.dumps(payload, ensure_ascii=False, sort_keys=True), now)
            for chat_id, payload in recipients
        ]
        async with transaction(self._db) as db:  # the job with all its recipients, or nothing
            await db.execute(
                "INSERT OR IGNORE INTO outbox_jobs (job, kind, created_at) VALUES (?, ?, ?)",
                (job, kind, now),
            )
            cursor = await db.executemany(
                "INSERT OR IGNORE INTO outbox"
                " (job, chat_id, payload, status, attempts, updated_at)"
                " VALUES (?, ?, ?, 'pending', 0, ?)",
                rows,
            )
            added = max(cursor.rowcount, 0)  # summed over the rows; ignored duplicates add 0
            if added:
                await db.execute(
                    "UPDATE outbox_jobs SET finished_at = NULL"
                    " WHERE job = ? AND finished_at IS NOT NULL AND stopped_reason IS NULL",
                    (job,),
                )
        return added

    async def claim(self, job: str, limit: int) -> list[OutboxRow]:
        """Take up to ``limit`` pending rows for sending, in plan order.

        Selecting and marking 'sending' is one statement, so a row is never handed out twice and
        a crash right after leaves it 'sending' for ``recover``. A stopped job yields nothing.
        """
        if limit <= 0:
            return []
        async with transaction(self._db) as db:
            rows = await db.execute_fetchall(
                "UPDATE outbox SET status = 'sending', updated_at = ?"
                " WHERE id IN (SELECT id FROM outbox WHERE job = ? AND status = 'pending'"
                "              ORDER BY id LIMIT ?)"
                " AND NOT EXISTS (SELECT 1 FROM outbox_jobs"
                "                 WHERE job = ? AND stopped_reason IS NOT NULL)"
                " RETURNING id, job, chat_id, payload, attempts",
                (stamp(self.clock, "milliseconds"), job, limit, job),
            )
        claimed = sorted(
            (OutboxRow(int(r[0]), str(r[1]), int(r[2]), json.loads(r[3]), int(r[4])) for r in rows),
            key=lambda row: row.id,
        )
        refresh = next((f for p, f in self._refreshers.items() if job.startswith(p)), None)
        if refresh is None or not claimed:
            return claimed
        try:
            return await refresh(job, claimed)
        except StaleJob as exc:
            log.warning("job %s dropped, not sent: %s", job, exc)
            async with transaction(self._db):
                await self.release(row.id for row in claimed)
                await self.stop(job, f"stale: {exc}")
            return []

    async def mark(
        self, row_id: int, status: Status, error: str | None = None, *, attempts: int = 1
    ) -> None:
        """Record a row's outcome, committed at once.

        Committing each outcome keeps the duplicates after a SIGKILL down to the sends whose
        answer had arrived but was not yet written (a commit costs under a millisecond in WAL,
        against 36 ms between sends). ``attempts`` adds the transport calls this outcome took.
        """
        if status not in STORED:
            raise ValueError(f"unknown outbox status {status!r}")
        async with transaction(self._db) as db:
            await db.execute(
                "UPDATE outbox SET status = ?, error = ?, attempts = attempts + ?, updated_at = ?"
                " WHERE id = ?",
                (status, error, attempts, stamp(self.clock, "milliseconds"), row_id),
            )

    async def still_claimed(self, row_id: int) -> bool:
        """Whether a claimed row is still to be sent: ``forget`` may have deleted it while it
        waited for its turn (a 429's pause can last a minute)."""
        async with self._db.execute(
            "SELECT 1 FROM outbox WHERE id = ? AND status = 'sending'", (row_id,)
        ) as cursor:
            return await cursor.fetchone() is not None

    async def release(self, row_ids: Iterable[int]) -> int:
        """Hand claimed rows that were never sent back to 'pending' (a graceful stop)."""
        ids = [(row_id,) for row_id in row_ids]
        if not ids:
            return 0
        async with transaction(self._db) as db:
            cursor = await db.executemany(
                "UPDATE outbox SET status = 'pending' WHERE id = ? AND status = 'sending'", ids
            )
        return max(cursor.rowcount, 0)

    async def recover(self) -> int:
        """At start-up: rows a killed process left 'sending' go back to 'pending'.

        Each may or may not have reached Telegram before the kill, so the count returned is the
        upper bound on duplicates the resumed delivery can cause.
        """
        async with transaction(self._db) as db:
            cursor = await db.execute(
                "UPDATE outbox SET status = 'pending', updated_at = ? WHERE status = 'sending'",
                (stamp(self.clock, "milliseconds"),),
            )
        return max(cursor.rowcount, 0)

    async def counts(self, job: str) -> dict[str, int]:
        """Rows per status, every status present (zero included) so callers need no defaults."""
        counts = dict.fromkeys(Status, 0)
        rows = await self._db.execute_fetchall(
            "SELECT CASE WHEN status = 'failed' AND error LIKE ? THEN ? ELSE status END AS s,"
            " COUNT(*) FROM outbox WHERE job = ? GROUP BY s",
            (f"{UNKNOWN_ERROR}%", Status.UNKNOWN, job),
        )
        for status, count in rows:
            counts[Status(status)] = int(count)
        return counts

    async def get_job(self, job: str) -> OutboxJob | None:
        rows = await self._db.execute_fetchall(
            "SELECT job, kind, created_at, finished_at, stopped_reason FROM outbox_jobs"
            " WHERE job = ?",
            (job,),
        )
        return OutboxJob(*rows[0]) if rows else None

    async def unfinished_jobs(self) -> list[str]:
        """Jobs to resume at start-up, oldest first; stopped jobs wait for a person instead."""
        rows = await self._db.execute_fetchall(
            "SELECT job FROM outbox_jobs WHERE finished_at IS NULL AND stopped_reason IS NULL"
            " ORDER BY created_at, job"
        )
        return [str(r[0]) for r in rows]

    async def forget(self, chat_id: int) -> int:
        """Delete a delegate's rows in every job (``/forget`` promises everything goes); they
        are also left out of what is still pending."""
        async with transaction(self._db) as db:
            cursor = await db.execute("DELETE FROM outbox WHERE chat_id = ?", (chat_id,))
        return max(cursor.rowcount, 0)

    async def finish(self, job: str, reason: str | None = None) -> None:
        """Close a job; a ``reason`` (if given) is kept as why it ended early."""
        async with transaction(self._db) as db:
            await db.execute(
                "UPDATE outbox_jobs SET finished_at = COALESCE(finished_at, ?),"
                " stopped_reason = COALESCE(?, stopped_reason) WHERE job = ?",
                (stamp(self.clock, "milliseconds"), reason, job),
            )

    async def stop(self, job: str, reason: str) -> None:
        """Stop a job for good (bad content, an organiser's cancel); its pending rows stay
        pending, as the record of who did not get it, and ``claim`` hands out no more of them."""
        async with transaction(self._db) as db:
            await db.execute(
                "UPDATE outbox_jobs SET stopped_reason = ?, finished_at = COALESCE(finished_at, ?)"
                " WHERE job = ?",
                (reason, stamp(self.clock, "milliseconds"), job),
            )
