"""Backups of the live database, scheduled backups, and a restore that refuses what is unsafe."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.event import Event
from bot.ops.backup import instance_lock, schema_version
from bot.ops.config import OpsSettings
from bot.storage import MIGRATIONS
from tests.conftest import TOKEN, Delegate, Harness, StartHarness, button_data
from tests.test_main import clean_env, run_main


async def delegate_state(delegate: Delegate) -> tuple[str, list[str]]:
    """What the delegate sees of their follows and reminder settings."""
    [agenda] = await delegate.send("/agenda")
    [settings] = await delegate.send("/reminders")
    rows = settings.get("reply_markup", {}).get("inline_keyboard", [])
    return agenda["text"], [button["text"] for row in rows for button in row]


async def follow_a_day_and_choose_settings(harness: Harness, delegate: Delegate) -> None:
    t = harness.services.translator(delegate.language_code)
    [days] = await delegate.send("/programme")
    [day] = await delegate.press(days, t.day(harness.event.days()[1]))
    await delegate.press(day, t.gettext("⭐ Follow this day"))
    [screen] = await delegate.send("/reminders")
    [screen] = await delegate.press(screen, t.gettext("Only sessions I follow"))
    await delegate.press_data(screen, "rem:lead:30")
    [screen] = await delegate.send("/reminders")
    await delegate.press_data(screen, "rem:dig:0730")


async def test_a_backup_taken_while_the_bot_writes_restores_the_same_follows_and_settings(
    make_harness: StartHarness, shipped_event: Event, tmp_path: Path
) -> None:
    live, restored = tmp_path / "live.sqlite3", tmp_path / "restored.sqlite3"
    harness = await make_harness(shipped_event, db_path=live, running=True)
    delegate = harness.delegate("es")
    await follow_a_day_and_choose_settings(harness, delegate)
    before = await delegate_state(delegate)
    assert "☀️" in " ".join(before[1])

    writer, stop, presses = harness.delegate("en"), asyncio.Event(), 0

    async def keep_writing() -> None:
        nonlocal presses
        [days] = await writer.send("/programme")
        [day] = await writer.press(days, "6 November")
        session = button_data(day, harness.event.session("opening").title.get("en")[:15])
        [detail] = await writer.press_data(day, session)
        while not stop.is_set() and presses < 2000:
            [detail] = await writer.press(detail, "Follow")  # follow, unfollow, follow…
            presses += 1

    writing = asyncio.create_task(keep_writing())
    await asyncio.sleep(0.2)
    copy = tmp_path / "copy.sqlite3"
    env = clean_env(TELEGRAM_BOT_TOKEN=TOKEN, BOT_DB=str(live))
    code, out, err = await run_main("backup", str(copy), env=env)
    stop.set()
    await writing
    assert code == 0, err
    assert out.strip() == str(copy) and presses > 5, "the bot was writing during the backup"
    assert schema_version(copy) == len(MIGRATIONS)
    await harness.stop()

    code, out, err = await run_main("restore", str(copy), env={**env, "BOT_DB": str(restored)})
    assert code == 0, err
    again = await make_harness(shipped_event, db_path=restored)
    same = Delegate(again, delegate.user_id, "es")
    assert await delegate_state(same) == before


async def test_restore_refuses_while_the_bot_runs_and_checks_the_schema(tmp_path: Path) -> None:
    live, copy = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3"
    env = clean_env(TELEGRAM_BOT_TOKEN=TOKEN, BOT_DB=str(live))
    with contextlib.closing(sqlite3.connect(live)) as db:
        db.execute("CREATE TABLE delegates (user_id INTEGER PRIMARY KEY, language TEXT)")
        db.execute("INSERT INTO delegates VALUES (7, 'fr')")
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
        db.commit()
    shutil.copy(live, copy)
    with instance_lock(live):  # what the running bot holds
        code, _, err = await run_main("restore", str(copy), env=env)
        assert code == 2 and "running" in err
        code, _, err = await run_main(env=env)  # a second bot on the same database
        assert code == 2 and "another bot is running" in err
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(copy, newer)
    with contextlib.closing(sqlite3.connect(newer)) as db:
        db.execute("DELETE FROM delegates")
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
        db.commit()
    code, _, err = await run_main("restore", str(newer), env=env)
    assert code == 2 and "newer than this code" in err and "nothing was changed" in err
    garbage = tmp_path / "notes.txt"
    garbage.write_text("not a database at all, but long enough to have a header" * 20)
    code, _, err = await run_main("restore", str(garbage), env=env)
    assert code == 2 and "not a SQLite database" in err
    with contextlib.closing(sqlite3.connect(live)) as db:
        assert db.execute("SELECT user_id, language FROM delegates").fetchall() == [(7, "fr")]
    assert not list(tmp_path.glob("live.sqlite3.before-restore-*")), "nothing was touched"
    with contextlib.closing(sqlite3.connect(copy)) as db:
        db.execute("UPDATE delegates SET language = 'es'")
        db.commit()
    code, out, err = await run_main("restore", str(copy), env=env)
    assert code == 0, err
    [kept] = tmp_path.glob("live.sqlite3.before-restore-*")
    assert str(kept) in out, "the replaced database is kept, and the technician told where"
    for path, language in ((live, "es"), (kept, "fr")):
        with contextlib.closing(sqlite3.connect(path)) as db:
            assert db.execute("SELECT language FROM delegates").fetchall() == [(language,)]


async def test_scheduled_backups_keep_the_last_ones_and_one_is_taken_at_shutdown(
    make_harness: StartHarness,
    shipped_event: Event,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="handlers.hosting")
    folder = tmp_path / "backups"
    ops = OpsSettings(backup_dir=folder, backup_every=0.2, backup_keep=2)
    harness = await make_harness(shipped_event, running=True, ops=ops)
    await harness.delegate("en").send("/start")

    def written() -> list[Path]:
        return [Path(r.args[0]) for r in caplog.records if r.msg == "backup written to %s"]

    await harness.api.wait_for(lambda: len(written()) >= 3, timeout=10)
    await harness.stop()
    assert len(written()) >= 4, "three scheduled backups, then one at shutdown"
    kept = sorted(folder.glob("bot-*.sqlite3"))
    assert kept == written()[-2:], "only the last two are kept, the shutdown one included"
    assert [schema_version(path) for path in kept] == [len(MIGRATIONS)] * 2
    assert not list(folder.glob("*.partial"))


async def test_restore_repairs_a_damaged_database_and_keeps_its_bytes(tmp_path: Path) -> None:
    live, good = tmp_path / "live.sqlite3", tmp_path / "good.sqlite3"
    with contextlib.closing(sqlite3.connect(good)) as db:
        db.execute("CREATE TABLE delegates (user_id INTEGER PRIMARY KEY, language TEXT)")
        db.execute("INSERT INTO delegates VALUES (7, 'fr')")
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
        db.commit()
    damaged = bytes(range(256)) * 32
    live.write_bytes(damaged)
    env = clean_env(BOT_DB=str(live))
    code, out, err = await run_main("restore", str(good), env=env)
    assert code == 0, err
    [kept] = tmp_path.glob("live.sqlite3.before-restore-*")
    assert str(kept) in out and "damaged" in out
    assert kept.read_bytes() == damaged, "the damaged file is kept as it was, for forensics"
    with contextlib.closing(sqlite3.connect(live)) as db:
        assert db.execute("SELECT user_id, language FROM delegates").fetchall() == [(7, "fr")]
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _, err = await run_main("restore", str(good), env=clean_env(BOT_DB=str(folder)))
    assert code == 2
    [line] = err.strip().splitlines()
    assert str(folder) in line and "folder" in line
