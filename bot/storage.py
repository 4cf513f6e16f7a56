"""The bot's SQLite store: what each delegate chose, and the questions it could not answer.

Only what the bot needs is kept: a delegate's Telegram id and chosen language. Unanswered
questions are stored without any user id so organisers can improve the FAQ without profiling
anyone. The schema is versioned; migrations run in order, each in its own transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

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
)


@dataclass(frozen=True)
class UnansweredQuestion:
    text: str
    language: str
    count: int
    last_asked: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Storage:
    """One aiosqlite connection, opened at start-up and closed at shutdown."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._db = connection

    @classmethod
    async def open(cls, path: str | Path) -> Storage:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path)
        await connection.execute("PRAGMA journal_mode=WAL")
        await connection.execute("PRAGMA foreign_keys=ON")
        storage = cls(connection)
        await storage._migrate()
        return storage

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
        now = _now()
        await self._db.execute(
            "INSERT INTO delegates (user_id, language, created_at, updated_at)"
            " VALUES (?, ?, ?, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET language = excluded.language,"
            " updated_at = excluded.updated_at",
            (user_id, language, now, now),
        )
        await self._db.commit()

    async def forget(self, user_id: int) -> None:
        """Delete everything stored about one delegate (their right, and /forget's promise)."""
        await self._db.execute("DELETE FROM delegates WHERE user_id = ?", (user_id,))
        await self._db.commit()

    async def record_unanswered(self, text: str, language: str) -> None:
        await self._db.execute(
            "INSERT INTO unanswered (text, language, asked_at) VALUES (?, ?, ?)",
            (text, language, _now()),
        )
        await self._db.commit()

    async def unanswered(self, limit: int = 100) -> list[UnansweredQuestion]:
        """Fallback questions, most frequent first (same text, ignoring case and spaces)."""
        async with self._db.execute(
            "SELECT MIN(text), language, COUNT(*) AS n, MAX(asked_at) FROM unanswered"
            " GROUP BY lower(trim(text)), language ORDER BY n DESC, MAX(asked_at) DESC LIMIT ?",
            (limit,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [UnansweredQuestion(str(r[0]), str(r[1]), int(r[2]), str(r[3])) for r in rows]
