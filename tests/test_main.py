"""The bot as an organiser runs it: ``python main.py`` against a Bot API server, then stopped."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

from tests.botapi import FakeBotApi
from tests.conftest import OTHER_EVENT, ROOT, TOKEN


async def run_main(
    *args: str, env: dict[str, str], stdin: bytes | None = None
) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "main.py", *args, cwd=ROOT, env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(stdin), timeout=60)
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
    from bot.storage import Storage

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
