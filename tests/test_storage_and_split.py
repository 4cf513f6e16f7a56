"""SQLite store (versioned schema, WAL, deletion) and the splitting of long replies."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from bot.storage import MIGRATIONS, Storage
from bot.ui.split import MAX_MESSAGE_LENGTH, split_message, utf16_length, visible_length


async def test_schema_is_versioned_and_migrations_run_once(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    storage = await Storage.open(path)
    assert await storage.schema_version() == len(MIGRATIONS)
    await storage.set_language(1, "fr")
    await storage.close()
    storage = await Storage.open(path)  # reopening must not re-run (or fail on) old migrations
    assert await storage.language(1) == "fr"
    await storage.close()
    async with aiosqlite.connect(path) as db, db.execute("PRAGMA journal_mode") as cursor:
        assert (await cursor.fetchone())[0] == "wal"


async def test_forget_removes_only_that_delegate(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "bot.sqlite3")
    await storage.set_language(1, "fr")
    await storage.set_language(2, "es")
    await storage.set_language(1, "en")
    assert await storage.language(1) == "en"
    await storage.forget(1)
    assert await storage.language(1) is None
    assert await storage.language(2) == "es"
    await storage.close()


async def test_a_question_counted_meanwhile_does_not_commit_a_transaction_half_written(
    tmp_path: Path,
) -> None:
    """A reminder's recipients, or a new programme and its change notice, are written in one
    transaction; a delegate's question counted in the middle must not commit half of it."""
    storage = await Storage.open(tmp_path / "bot.sqlite3")
    half_written, counted = asyncio.Event(), asyncio.Event()

    async def planning_that_fails() -> None:
        async with storage.transaction() as db:
            await db.execute(
                "INSERT INTO delegates (user_id, language, created_at, updated_at)"
                " VALUES (7, 'es', '2024-11-06', '2024-11-06')"
            )
            half_written.set()
            with contextlib.suppress(TimeoutError):  # the count waits for the lock
                await asyncio.wait_for(counted.wait(), 0.2)
            raise RuntimeError("the process dies before the second half")

    async def count_and_source() -> None:
        await half_written.wait()
        await storage.count_question("es", True, datetime(2024, 11, 6, 15, tzinfo=UTC))
        await storage.set_source(7, "poster")
        counted.set()

    results = await asyncio.gather(
        planning_that_fails(), count_and_source(), return_exceptions=True
    )
    assert isinstance(results[0], RuntimeError) and results[1] is None
    assert await storage.language(7) is None, "the failed transaction left nothing behind"
    async with storage.connection.execute("SELECT count FROM question_counts") as cursor:
        assert [row[0] for row in await cursor.fetchall()] == [1]
    await storage.close()


def test_short_text_is_one_message() -> None:
    assert split_message("hola\nmundo") == ["hola\nmundo"]


def test_long_text_is_cut_at_line_boundaries() -> None:
    lines = [f"<b>línea {i}</b> " + "x" * 90 for i in range(200)]
    chunks = split_message("\n".join(lines))
    assert len(chunks) > 1
    assert all(visible_length(c) <= MAX_MESSAGE_LENGTH for c in chunks)
    assert "\n".join(chunks).split("\n") == lines, "nothing lost, no line broken"


def test_a_single_huge_line_is_cut_by_utf16_length() -> None:
    text = "😀" * 3000  # 6,000 UTF-16 code units
    chunks = split_message(text)
    assert [utf16_length(c) for c in chunks] == [4096, 1904]
    assert "".join(chunks) == text


def test_a_huge_line_is_cut_at_a_space_and_never_inside_an_entity() -> None:
    """An FAQ answer on one line of 4,000+ characters: "R&amp;D" cut after "R&amp" read as
    "R&" and then ";D" in the next message."""
    text = "Shuttle to the R&amp;D corner and Q&amp;A desk. " * 120
    chunks = split_message(text)
    assert len(chunks) == 2 and "".join(chunks) == text
    assert all(visible_length(c) <= MAX_MESSAGE_LENGTH for c in chunks)
    assert chunks[0].endswith(" ") and not chunks[1].startswith(" "), "cut between words"


def test_escaped_characters_count_as_telegram_reads_them() -> None:
    """A 1,000-character question full of "<" and "&", echoed in italics, is 4,000 characters
    of HTML but 1,000 as read: one message, its tags whole."""
    echoed = "<i>" + "&lt;&amp;" * 500 + "</i>"
    assert split_message(f"🙋 Send this question?\n{echoed}") == [
        f"🙋 Send this question?\n{echoed}"
    ]
