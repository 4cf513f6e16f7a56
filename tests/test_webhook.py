"""Webhook mode as a technician runs it: ``python main.py`` with WEBHOOK_URL, then polling again.

The update is POSTed over real HTTP to the bot's webhook server (PTB's own), with and without
the secret token; the fake Bot API delivers pending updates to the webhook as Telegram does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import socket
import sqlite3
import sys
from pathlib import Path

from aiohttp import ClientSession

from tests.botapi import FakeBotApi
from tests.conftest import ROOT, TOKEN
from tests.test_main import clean_env, run_main

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def listening(port: int, timeout: float = 15) -> None:
    """Until a server accepts connections on the port: setWebhook may reach Telegram (here the
    fake API) before the bot's webhook server listens, and a POST then would be refused."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.05)
        else:
            writer.close()
            await writer.wait_closed()
            return


async def start_bot(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "main.py", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def stop_bot(process: asyncio.subprocess.Process) -> str:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, err.decode()
    return out.decode() + err.decode()


async def test_webhook_checks_the_secret_and_switching_modes_loses_no_update(
    api: FakeBotApi, tmp_path: Path
) -> None:
    port, health_port = free_port(), free_port()
    db = tmp_path / "db.sqlite3"
    base = clean_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url, BOT_DB=str(db),
                     LOG_FORMAT="json", HEALTH_PORT=str(health_port))  # fmt: skip
    webhook_env = {**base, "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
                   "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(port)}  # fmt: skip
    process = await start_bot(webhook_env)
    logs = []
    try:
        [call] = await api.wait_for_calls("setWebhook", 1, timeout=30)
        secret = call.params["secret_token"]
        assert len(secret) >= 32 and call.params["url"] == webhook_env["WEBHOOK_URL"]
        assert not call.params.get("drop_pending_updates")
        await api.wait_for(lambda: api.calls_to("setMyCommands"), timeout=15)
        await listening(port)
        await listening(health_port)
        url = webhook_env["WEBHOOK_URL"]
        async with ClientSession() as http:
            api.known_chats.update({4242, 4243})  # as if both had opened the chat
            forged = {**api.message_update(4242, "/start", language_code="en"), "update_id": 9001}
            for headers in ({}, {SECRET_HEADER: "not-the-secret"}):
                async with http.post(url, json=forged, headers=headers) as answer:
                    assert answer.status == 403
            genuine = {**api.message_update(4243, "/start", language_code="en"), "update_id": 9002}
            async with http.post(url, json=genuine, headers={SECRET_HEADER: secret}) as answer:
                assert answer.status == 200
            await api.wait_for(lambda: api.messages(4243), timeout=15)
            # Telegram's own delivery: the fake API POSTs pending updates with the secret.
            pushed = api.push_update(api.message_update(4244, "/start", language_code="fr"))
            await api.wait_for(lambda: api.messages(4244), timeout=15)
            async with http.get(f"http://127.0.0.1:{health_port}/health") as answer:
                assert answer.status == 200
                health = await answer.json()
            async with http.get(f"http://127.0.0.1:{health_port}/metrics") as answer:
                exposition = await answer.text()
        assert api.messages(4242) == [], "a request without the secret is never processed"
        assert health["mode"] == "webhook" and health["database_writable"] is True
        assert health["last_update"]["id"] == pushed
        assert 'meetingbot_updates_total{type="message"} 2.0' in exposition
        code, out, _ = await run_main("health", env=base)
        assert code == 0 and json.loads(out)["status"] == "ok"
        logs.append(await stop_bot(process))

        # Down: Telegram keeps the update (the webhook answers nothing) until the bot is back,
        # here in polling mode.
        while_down = api.push_update(api.message_update(4245, "/start", language_code="es"))
        await asyncio.sleep(0.5)
        assert [u for u, status in api.webhook_posts if u == while_down and status == 200] == []
        process = await start_bot(base)
        await api.wait_for(lambda: api.messages(4245), timeout=30)
        assert api.last_message(4245)["text"].startswith("¡Le damos la bienvenida")
        deleted = api.calls_to("deleteWebhook")[-1]
        assert not deleted.params.get("drop_pending_updates")
        logs.append(await stop_bot(process))
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    with contextlib.closing(sqlite3.connect(db)) as connection:
        kept = connection.execute("SELECT value FROM ops_state WHERE key = 'webhook_secret'")
        assert kept.fetchone() == (secret,), "the generated secret is kept for the next start"
    lines = [line for line in "".join(logs).splitlines() if line]
    assert lines and all(json.loads(line)["level"] for line in lines)
    assert TOKEN not in "\n".join(logs)
