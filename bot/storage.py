"""The bot's SQLite store: what each delegate chose, and the questions it could not answer.

Only what the bot needs is kept: a delegate's Telegram id and chosen language. Unanswered
questions are stored without any user id so organisers can improve the FAQ without profiling
anyone. The schema is versioned; migrations run in order, each in its own transaction.

Every store shares the one connection, and SQLite's transaction belongs to the connection, not
to a coroutine: a ``commit()`` would also commit another coroutine's half-written rows. So every
write goes through ``transaction(connection)``: one lock per connection, commit at the end,
rollback on any exception (a cancel included). A store operation that runs inside another's
transaction (saving the programme and planning its change notice) joins it.
"""

from __future__ import annotations

import asyncio
import errno
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar
from weakref import WeakKeyDictionary

import aiosqlite

from bot.clock import Clock, stamp, system_clock

MIGRATIONS: Sequence[str] = (
    """
    CREATE TABLE delegates (
        user_id INTEGER PRIMARY KEY,
        language TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE unanswered (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        text TEXT NOT NULL,
        language TEXT NOT NULL,
        asked_at TEXT NOT NULL
    );
    """,
    # 2: the delivery outbox (bot/fanout/outbox.py) and delegates who blocked the bot.
    """
    CREATE TABLE outbox_jobs (
        job TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        stopped_reason TEXT
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        job TEXT NOT NULL REFERENCES outbox_jobs(job),
        chat_id INTEGER NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'sending', 'sent', 'blocked', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (job, chat_id)
    );
    CREATE INDEX outbox_job_status ON outbox (job, status);
    ALTER TABLE delegates ADD COLUMN blocked_at TEXT;
    """,
    # 3: following sessions, reminder settings, and the programme as last seen (for changes).
    """
    CREATE TABLE follows (
        user_id INTEGER NOT NULL,
        session_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (user_id, session_id)
    );
    CREATE INDEX follows_session ON follows (session_id);
    CREATE TABLE reminder_settings (
        user_id INTEGER PRIMARY KEY,
        mode TEXT NOT NULL DEFAULT 'all' CHECK (mode IN ('all', 'followed', 'off')),
        leads TEXT,
        digest TEXT
    );
    CREATE TABLE programme (
        event_id TEXT NOT NULL,
        session_id TEXT NOT NULL,
        title TEXT NOT NULL,
        start TEXT NOT NULL,
        end TEXT NOT NULL,
        room_id TEXT,
        kind TEXT NOT NULL,
        sequence INTEGER NOT NULL DEFAULT 0,
        cancelled INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (event_id, session_id)
    );
    """,
    # 4: organiser announcements; each one's deliveries are an outbox job "bc:<id>".
    """
    CREATE TABLE broadcasts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        organiser_id INTEGER NOT NULL,
        audience TEXT NOT NULL,
        texts TEXT NOT NULL,
        media_kind TEXT,
        media_file_id TEXT,
        silent INTEGER NOT NULL DEFAULT 0,
        send_at TEXT,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        progress_chat INTEGER,
        progress_message INTEGER
    );
    """,
    # 5: questions handed to a human, and FAQ entries drafted from their answers.
    """
    CREATE TABLE handoffs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id INTEGER NOT NULL,
        language TEXT NOT NULL,
        question TEXT NOT NULL,
        asked_at TEXT NOT NULL,
        organiser_chat INTEGER,
        organiser_message INTEGER,
        answer TEXT,
        answered_at TEXT
    );
    CREATE INDEX handoffs_message ON handoffs (organiser_chat, organiser_message);
    CREATE TABLE faq_pending (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        handoff_id INTEGER,
        language TEXT NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    """,
    # 6: the language an announcement's organiser wrote in, for reports sent after a restart
    # or by a scheduled send (no update to read it from then).
    """
    ALTER TABLE broadcasts ADD COLUMN organiser_language TEXT;
    """,
    # 7: the dashboard (/stats): the deep-link source tag a delegate came with, and questions
    # counted per hour and language, answered or not, without any user id or text.
    """
    ALTER TABLE delegates ADD COLUMN source TEXT;
    CREATE TABLE question_counts (
        hour TEXT NOT NULL,
        language TEXT NOT NULL,
        answered INTEGER NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (hour, language, answered)
    );
    """,
    # 8: the hosting's own state: the generated webhook secret, the health probe's last write.
    """
    CREATE TABLE ops_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
)


_locks: WeakKeyDictionary[aiosqlite.Connection, asyncio.Lock] = WeakKeyDictionary()
_holders: WeakKeyDictionary[aiosqlite.Connection, asyncio.Task[object]] = WeakKeyDictionary()


@asynccontextmanager
async def transaction(db: aiosqlite.Connection) -> AsyncIterator[aiosqlite.Connection]:
    """All writes inside are committed together or not at all, whatever else runs meanwhile.

    Writers wait for each other (reads need no lock: they never commit anything). The task
    already holding the transaction joins it instead of waiting for itself.
    """
    task = asyncio.current_task()
    if task is not None and _holders.get(db) is task:
        yield db
        return
    lock = _locks.setdefault(db, asyncio.Lock())
    async with lock:
        if task is not None:
            _holders[db] = task
        try:
            yield db
        except BaseException:
            await asyncio.shield(db.rollback())
            raise
        else:
            await db.commit()
        finally:
            _holders.pop(db, None)


@dataclass(frozen=True)
class UnansweredQuestion:
    text: str
    language: str
    count: int
    last_asked: str


T = TypeVar("T")


class Storage:
    """One aiosqlite connection, opened at start-up and closed at shutdown."""

    def __init__(self, connection: aiosqlite.Connection, clock: Clock = system_clock) -> None:
        self.clock = clock
        self._db = connection

    def transaction(self) -> AbstractAsyncContextManager[aiosqlite.Connection]:
        """One transaction over several stores' writes (see ``transaction``)."""
        return transaction(self._db)

    @classmethod
    async def open(cls, path: str | Path, clock: Clock = system_clock) -> Storage:
        """The database at ``path``, created and migrated if needed.

        On failure (a folder, a file that is not SQLite) the connection is closed before the
        error is raised: its worker thread is not a daemon and would keep the process alive.
        """
        if str(path) != ":memory:":
            if Path(path).is_dir():  # SQLite would only say "unable to open database file"
                raise IsADirectoryError(errno.EISDIR, "is a folder, not a database file", path)
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path)
        try:
            await connection.execute("PRAGMA journal_mode=WAL")
            await connection.execute("PRAGMA foreign_keys=ON")
            storage = cls(connection, clock)
            await storage._migrate()
        except BaseException:
            await asyncio.shield(connection.close())
            raise
        return storage

    @classmethod
    async def read_existing(cls, path: Path, read: Callable[[Storage], Awaitable[T]]) -> T | None:
        """``read`` from the database at ``path`` for a command-line report, or None when the bot
        has not created it yet: a report must not leave an empty database behind."""
        if not path.exists():
            return None
        storage = await cls.open(path)
        try:
            return await read(storage)
        finally:
            await storage.close()

    async def close(self) -> None:
        await self._db.close()

    @property
    def connection(self) -> aiosqlite.Connection:
        """The shared connection, for feature stores (outbox, follows) that add their tables."""
        return self._db

    async def schema_version(self) -> int:
        async with self._db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        version = await self.schema_version()
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            await self._db.executescript(
                f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
            )

    async def language(self, user_id: int) -> str | None:
        async with self._db.execute(
            "SELECT language FROM delegates WHERE user_id = ?", (user_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row else None

    async def set_language(self, user_id: int, language: str) -> None:
        now = stamp(self.clock)
        async with transaction(self._db) as db:
            await db.execute(
                "INSERT INTO delegates (user_id, language, created_at, updated_at)"
                " VALUES (?, ?, ?, ?)"
                " ON CONFLICT(user_id) DO UPDATE SET language = excluded.language,"
                " updated_at = excluded.updated_at",
                (user_id, language, now, now),
            )

    async def set_source(self, user_id: int, tag: str) -> None:
        """The deep-link tag a delegate first came with (which poster or slide worked).

        Only the first is kept: later links say nothing about how they found the bot.
        """
        async with transaction(self._db) as db:
            await db.execute(
                "UPDATE delegates SET source = ? WHERE user_id = ? AND source IS NULL",
                (tag, user_id),
            )

    async def count_question(self, language: str, answered: bool, at: datetime) -> None:
        """One more question in this hour (UTC): a count, with no text and no user id."""
        hour = at.astimezone(UTC).isoformat(timespec="hours")[:13]  # a key, not a date to read
        async with transaction(self._db) as db:
            await db.execute(
                "INSERT INTO question_counts (hour, language, answered, count)"
                " VALUES (?, ?, ?, 1)"
                " ON CONFLICT(hour, language, answered) DO UPDATE SET count = count + 1",
                (hour, language, int(answered)),
            )

    async def forget(self, user_id: int) -> None:
        """Delete everything stored about one delegate (their right, and /forget's promise)."""
        async with transaction(self._db) as db:
            await db.execute("DELETE FROM delegates WHERE user_id = ?", (user_id,))

    async def mark_blocked(self, user_id: int) -> bool:
        """Remember that a delegate blocked the bot, so fan-outs stop knocking on a closed door.

        Only a known delegate can be marked (there is no language to store for a stranger);
        returns whether a row was marked. The first date is kept: it says since when.
        """
        async with transaction(self._db) as db:
            cursor = await db.execute(
                "UPDATE delegates SET blocked_at = COALESCE(blocked_at, ?) WHERE user_id = ?",
                (stamp(self.clock), user_id),
            )
        return cursor.rowcount > 0

    async def unblock(self, user_id: int) -> None:
        """A delegate who writes to the bot again has unblocked it: they are reachable again."""
        async with transaction(self._db) as db:
            await db.execute(
                "UPDATE delegates SET blocked_at = NULL"
                " WHERE user_id = ? AND blocked_at IS NOT NULL",
                (user_id,),
            )

    async def is_blocked(self, user_id: int) -> bool:
        async with self._db.execute(
            "SELECT blocked_at IS NOT NULL FROM delegates WHERE user_id = ?", (user_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return bool(row and row[0])

    async def blocked_users(self) -> set[int]:
        """Delegates to leave out when planning a fan-out (each would only cost a 403)."""
        async with self._db.execute(
            "SELECT user_id FROM delegates WHERE blocked_at IS NOT NULL"
        ) as cursor:
            rows = await cursor.fetchall()
        return {int(r[0]) for r in rows}

    async def record_unanswered(self, text: str, language: str) -> None:
        async with transaction(self._db) as db:
            await db.execute(
                "INSERT INTO unanswered (text, language, asked_at) VALUES (?, ?, ?)",
                (text, language, stamp(self.clock)),
            )

    async def unanswered(self, limit: int = 100) -> list[UnansweredQuestion]:
        """Fallback questions, most frequent first (same text, ignoring case and spaces)."""
        async with self._db.execute(
            "SELECT MIN(text), language, COUNT(*) AS n, MAX(asked_at) FROM unanswered"
            " GROUP BY lower(trim(text)), language ORDER BY n DESC, MAX(asked_at) DESC LIMIT ?",
            (limit,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [UnansweredQuestion(str(r[0]), str(r[1]), int(r[2]), str(r[3])) for r in rows]
