"""The bot as an organiser runs it: ``python main.py`` against a Bot API server, then stopped."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import rehearsal_clock
from bot.programme.loader import load_event
from bot.storage import Storage
from tests.botapi import FakeBotApi
from tests.conftest import OTHER_EVENT, ROOT, TOKEN


async def run_main(
    *args: str, env: dict[str, str], stdin: bytes | None = None, timeout: float = 60
) -> tuple[int, str, str]:
    """main.py's exit code, stdout and stderr; a process still running after ``timeout`` is
    killed (a hang fails the test instead of outliving it)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "main.py", *args, cwd=ROOT, env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        out, err = await asyncio.wait_for(process.communicate(stdin), timeout=timeout)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "EVENT_", "BOT_"))}
    return {**env, **extra}


async def test_the_bot_starts_answers_and_stops_cleanly(api: FakeBotApi, tmp_path: Path) -> None:
    env = clean_env(
        TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url, BOT_DB=str(tmp_path / "db.sqlite3")
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "main.py", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await api.wait_for_calls("deleteWebhook", 1, timeout=30)  # polling starts right after
        languages = {c.params.get("language_code") for c in api.calls_to("setMyCommands")}
        assert languages == {None, "es", "en", "fr"}
        assert {
            c.params.get("language_code") for c in api.calls_to("setMyDescription")
        } == languages
        assert api.my_commands("es")[0]["command"] == "start"
        api.push_update(api.message_update(777, "/start", language_code="fr"))
        await api.wait_for(lambda: api.messages(777), timeout=15)
        assert api.last_message(777)["text"].startswith("Bienvenue")
        api.push_update(api.message_update(777, "/programme", language_code="fr"))
        await api.wait_for(lambda: len(api.messages(777)) == 2, timeout=15)
        process.send_signal(signal.SIGTERM)
        await asyncio.sleep(0.5)
        api.push_update(api.message_update(777, "wakes the pending long poll", language_code="fr"))
        out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, err.decode()
    log = out.decode() + err.decode()
    assert TOKEN not in log
    assert "Traceback" not in log
    assert (tmp_path / "db.sqlite3").exists()


async def test_without_a_token_it_says_how_to_get_one(tmp_path: Path) -> None:
    code, _, err = await run_main(env=clean_env(BOT_DB=str(tmp_path / "db")))
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "@BotFather" in err and "TELEGRAM_BOT_TOKEN" in err


async def test_an_invalid_event_file_stops_the_start(tmp_path: Path) -> None:
    broken = tmp_path / "event.yaml"
    broken.write_text(
        OTHER_EVENT.read_text(encoding="utf-8").replace(
            "default_language: en", "default_language: xx"
        )
    )
    code, _, err = await run_main(env=clean_env(TELEGRAM_BOT_TOKEN=TOKEN, EVENT_FILE=str(broken)))
    assert code == 2
    assert f"{broken}:" in err and "default_language" in err
    assert TOKEN not in err


async def test_ask_answers_as_the_bot_would_in_json(tmp_path: Path) -> None:
    code, out, err = await run_main(
        "ask", "--lang", "en", "--json", "--now", "2024-11-06T10:30",
        env=clean_env(), stdin="¿Cuándo se fundó la red PEA?\n\nwho will win the world cup\n".encode(),
    )  # fmt: skip
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["kind"], r["id"]) for r in rows] == [("faq", "aspnet-founded"), ("fallback", None)]
    assert "1953" in rows[0]["answer"]
    assert rows[1]["question"] == "who will win the world cup"


async def test_unanswered_lists_the_most_frequent_first(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    storage = await Storage.open(db)
    for text in ("parking?", "Parking? ", "weather", "parking?"):
        await storage.record_unanswered(text, "en")
    await storage.close()
    code, out, _ = await run_main("unanswered", env=clean_env(BOT_DB=str(db)))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["3", "[en]", "Parking?"] or lines[0].split()[0] == "3"
    assert "weather" in lines[1]


@pytest.mark.parametrize("sent", ["once ready", "while starting"])
async def test_sighup_reloads_and_an_invalid_file_is_reported_to_organisers(
    api: FakeBotApi, tmp_path: Path, sent: str
) -> None:
    """Also while starting: SIGHUP's default action ends a process, and systemd does not
    restart a service killed by it, so `systemctl reload` right after a start stopped the bot
    for good. It is carried out once the bot is ready."""
    event_file = tmp_path / "event.yaml"
    source = (ROOT / "events" / "aspnet-lac-2024.yaml").read_text(encoding="utf-8")
    event_file.write_text(source, encoding="utf-8")
    env = clean_env(
        TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url, BOT_DB=str(tmp_path / "db"),
        EVENT_FILE=str(event_file), ORGANISER_IDS="4242",
    )  # fmt: skip
    api.known_chats.add(4242)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "main.py", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        if sent == "once ready":
            await api.wait_for_calls("deleteWebhook", 1, timeout=30)  # polling starts after it
            organiser_menu = api.my_commands(scope={"type": "chat", "chat_id": 4242})
            assert "reload" in {c["command"] for c in organiser_menu}
            assert "reload" not in {c["command"] for c in api.my_commands()}
        else:
            await api.wait_for_calls("getMe", 1, timeout=30)  # started, not yet ready
        event_file.write_text(source.replace("end: 2024-11-06T10:00", "end: 2024-11-06T08:00"))
        process.send_signal(signal.SIGHUP)
        await api.wait_for(lambda: api.messages(4242), timeout=30)
        report = api.last_message(4242)["text"]
        assert f"{event_file}:" in report and "must be after start" in report
        process.send_signal(signal.SIGTERM)
        await asyncio.sleep(0.5)
        api.push_update(api.message_update(777, "wakes the pending long poll"))
        await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0


async def test_rehearsal_starts_the_clock_at_the_given_moment(tmp_path: Path) -> None:
    event = load_event(ROOT / "events" / "aspnet-lac-2024.yaml")
    clock = rehearsal_clock("2024-11-06T08:30", event)
    first = clock()
    assert first.utcoffset().total_seconds() == -4 * 3600
    assert (first.hour, first.minute) == (8, 30)
    await asyncio.sleep(0.2)
    assert 0.15 < (clock() - first).total_seconds() < 2
    code, _, err = await run_main(
        "--rehearse", "next tuesday", env=clean_env(TELEGRAM_BOT_TOKEN=TOKEN)
    )
    assert code == 2 and "--rehearse" in err


async def test_a_database_that_cannot_be_opened_ends_reports_and_the_bot_with_one_line(
    api: FakeBotApi, tmp_path: Path
) -> None:
    junk = tmp_path / "bot.sqlite3"
    junk.write_text("this is not sqlite")
    folder = tmp_path / "folder"
    folder.mkdir()
    for db, reason in ((junk, "file is not a database"), (folder, "is a folder")):
        env = clean_env(BOT_DB=str(db), TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url)
        for command in (["unanswered"], ["stats"], ["faq-pending"], []):
            code, _, err = await run_main(*command, env=env, timeout=20)
            assert code == 2, (command, err)
            [line] = err.strip().splitlines()
            assert line.startswith(f"cannot open database {db}: ") and reason in line, command
    assert not api.calls_to("getUpdates"), "the bot stops before polling Telegram"


async def test_bad_paths_and_times_on_the_command_line_are_one_line_and_exit_2(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.sqlite3"
    storage = await Storage.open(db)
    await storage.count_question("en", True, datetime(2024, 11, 6, 12, tzinfo=UTC))
    await storage.close()
    a_file = tmp_path / "file"
    a_file.write_text("x")
    env = clean_env(BOT_DB=str(db), ANSWER_ENCODER="off")
    cases = {
        ("ask", "--now", "garbage", "where is lunch"): "--now 'garbage'",
        ("stats", "--chart", str(tmp_path / "no" / "dir" / "chart.png")): "No such file",
        ("stats", "--chart", str(a_file / "chart.png")): "Not a directory",
        ("qr", "--bot", "testbot_bot", "--out", str(a_file)): f"--out {a_file}: is a file",
    }
    for args, reason in cases.items():
        code, out, err = await run_main(*args, env=env)
        assert code == 2, (args, err)
        [line] = err.strip().splitlines()
        assert reason in line, (args, line)
        assert out == "", "nothing half done on stdout"
