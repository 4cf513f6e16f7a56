"""The durable outbox: planning is idempotent, claims are exclusive, a crash loses nobody."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.fanout.outbox import STORED, Outbox, Status
from bot.storage import Storage


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    store = await Storage.open(tmp_path / "bot.sqlite3")
    yield store
    await store.close()


def plan(n: int, text: str = "Reminder: <b>Opening</b> in 15 min") -> list[tuple[int, dict]]:
    return [(100 + i, {"text": text, "n": i}) for i in range(n)]


async def test_planning_twice_never_duplicates_a_recipient(storage: Storage) -> None:
    outbox = Outbox(storage.connection)
    assert await outbox.create_job("r1", "reminder", plan(5)) == 5
    assert await outbox.create_job("r1", "reminder", plan(7)) == 2  # only the two new ones
    assert (await outbox.counts("r1"))["pending"] == 7
    job = await outbox.get_job("r1")
    assert job is not None and job.kind == "reminder" and job.finished_at is None


async def test_claim_hands_each_row_out_once_and_mark_records_outcomes(storage: Storage) -> None:
    outbox = Outbox(storage.connection)
    await outbox.create_job("b1", "broadcast", plan(5, "¡Hola & adiós!"))
    first = await outbox.claim("b1", 3)
    second = await outbox.claim("b1", 3)
    assert [r.chat_id for r in first] == [100, 101, 102]
    assert [r.chat_id for r in second] == [103, 104]
    assert first[0].payload == {"text": "¡Hola & adiós!", "n": 0}
    assert await outbox.claim("b1", 3) == []
    assert (await outbox.counts("b1"))["sending"] == 5
    await outbox.mark(first[0].id, "sent", attempts=2)
    await outbox.mark(first[1].id, "blocked", "Forbidden: bot was blocked by the user")
    await outbox.mark(first[2].id, "failed", "Chat not found")
    assert await outbox.release([r.id for r in second]) == 2
    assert await outbox.counts("b1") == {
        "pending": 2, "sending": 0, "sent": 1, "blocked": 1, "failed": 1, "unknown": 0,
    }  # fmt: skip
    with pytest.raises(ValueError):
        await outbox.mark(first[0].id, "delivered")


async def test_recover_returns_rows_a_killed_process_left_sending(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    storage = await Storage.open(path)
    outbox = Outbox(storage.connection)
    await outbox.create_job("r1", "reminder", plan(6))
    claimed = await outbox.claim("r1", 4)
    await outbox.mark(claimed[0].id, "sent")
    await storage.close()  # the process dies here: three rows were out, unrecorded

    storage = await Storage.open(path)
    outbox = Outbox(storage.connection)
    assert await outbox.unfinished_jobs() == ["r1"]
    assert await outbox.recover() == 3
    assert await outbox.recover() == 0
    again = await outbox.claim("r1", 10)
    assert [r.chat_id for r in again] == [101, 102, 103, 104, 105]  # nobody skipped
    await storage.close()


async def test_a_stopped_job_hands_out_nothing_and_keeps_its_pending_rows(
    storage: Storage,
) -> None:
    outbox = Outbox(storage.connection)
    await outbox.create_job("b1", "broadcast", plan(4))
    await outbox.create_job("r2", "reminder", plan(2))
    await outbox.claim("b1", 1)
    await outbox.stop("b1", "bad content: can't parse entities")
    assert await outbox.claim("b1", 10) == []
    assert (await outbox.counts("b1"))["pending"] == 3
    job = await outbox.get_job("b1")
    assert job is not None and job.stopped_reason == "bad content: can't parse entities"
    assert await outbox.unfinished_jobs() == ["r2"]
    await outbox.finish("r2")
    assert await outbox.unfinished_jobs() == []
    assert await outbox.create_job("r2", "reminder", plan(3)) == 1  # a late follower
    assert await outbox.unfinished_jobs() == ["r2"]


async def test_forgetting_a_delegate_removes_them_from_every_job(storage: Storage) -> None:
    outbox = Outbox(storage.connection)
    await outbox.create_job("r1", "reminder", plan(3))
    await outbox.create_job("b1", "broadcast", plan(2))
    assert await outbox.forget(101) == 2
    assert [r.chat_id for r in await outbox.claim("r1", 10)] == [100, 102]
    assert (await outbox.counts("b1"))["pending"] == 1


async def test_blocked_delegates_are_remembered_until_they_come_back(storage: Storage) -> None:
    await storage.set_language(1, "es")
    await storage.set_language(2, "fr")
    assert not await storage.is_blocked(1)
    assert await storage.mark_blocked(1)
    assert not await storage.mark_blocked(999)  # a stranger has no row to mark
    assert await storage.is_blocked(1) and not await storage.is_blocked(2)
    assert await storage.blocked_users() == {1}
    await storage.unblock(1)
    assert not await storage.is_blocked(1)
    assert await storage.language(1) == "es"


def test_statuses_are_the_strings_the_schema_stores() -> None:
    assert {str(s) for s in STORED} == {"pending", "sending", "sent", "blocked", "failed"}
    assert Status.UNKNOWN not in STORED, "counted apart from 'failed', never written"
