"""/health and /metrics of a running bot, and what turns them unhealthy."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession
from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from bot.event import Event
from bot.fanout.sender import Blocked, RetryLater
from bot.ops.config import OpsSettings
from handlers.transport import TelegramTransport
from tests.conftest import StartHarness
from tests.test_main import clean_env, run_main
from tests.test_webhook import free_port


async def get(port: int, path: str = "/health") -> tuple[int, Any]:
    async with ClientSession() as http, http.get(f"http://127.0.0.1:{port}{path}") as answer:
        body = await (answer.json() if path == "/health" else answer.text())
        return answer.status, body


def value(exposition: str, name: str) -> float:
    """One sample of the Prometheus text format (0 while the labelled child does not exist)."""
    lines = [line for line in exposition.splitlines() if line.startswith(name + " ")]
    return float(lines[0].split()[-1]) if lines else 0.0


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """The file cannot be opened for writing, by anyone: root ignores permission bits, so as
    root the file is made immutable (chattr +i), which stops root too."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"running as root and chattr +i is refused here: {made.stderr!r}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


async def test_health_turns_503_when_the_database_cannot_be_written(
    make_harness: StartHarness, shipped_event: Event, tmp_path: Path
) -> None:
    port = free_port()
    db = tmp_path / "bot.sqlite3"
    harness = await make_harness(
        shipped_event, db_path=db, running=True, ops=OpsSettings(health_port=port)
    )
    await harness.delegate("en").send("/start")
    status, body = await get(port)
    assert status == 200, body
    assert body["status"] == "ok" and body["database_writable"] is True
    assert body["event"] == shipped_event.id and body["mode"] == "polling"
    assert body["last_update"]["id"] == 1 and body["outbox_backlog"] == 0
    assert body["uptime_seconds"] >= 0 and "next_reminder_due" in body
    with read_only(db):
        status, body = await get(port)
        assert status == 503
        assert body["status"] == "unhealthy" and body["database_writable"] is False
    status, body = await get(port)
    assert status == 200 and body["database_writable"] is True


async def test_health_turns_503_when_the_dispatcher_is_stuck(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    port = free_port()
    harness = await make_harness(
        shipped_event, running=True, ops=OpsSettings(health_port=port, stuck_after=0.3)
    )
    release = asyncio.Event()

    async def hang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message and update.message.text == "hang":
            await release.wait()

    app, api = harness.app, harness.api
    app.add_handler(TypeHandler(Update, hang), group=-1)  # after the probe, as any handler
    api.known_chats.add(5151)
    for update_id, text in enumerate(("hang", "/start"), start=1):
        raw = {**api.message_update(5151, text), "update_id": update_id}
        await app.update_queue.put(Update.de_json(raw, app.bot))
    # "/start" waits behind "hang" (one chat's updates run in order): in the queue, or taken
    # from it and waiting for its chat
    await api.wait_for(lambda: app.update_queue.qsize() + app.update_processor.waiting == 1)
    status, body = await get(port)
    assert status == 200 and body["updates_waiting"] == 1, "a backlog just seen is not a hang"
    await asyncio.sleep(0.5)
    status, body = await get(port)
    assert status == 503 and body["dispatcher_stuck"] is True
    release.set()
    await api.wait_for(lambda: api.messages(5151), timeout=10)
    status, body = await get(port)
    assert status == 200 and body["dispatcher_stuck"] is False


async def test_metrics_count_updates_answers_and_fallbacks(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    port = free_port()
    harness = await make_harness(shipped_event, ops=OpsSettings(health_port=port))
    _, before = await get(port, "/metrics")
    delegate = harness.delegate("en")
    [answer] = await delegate.send("When was the ASPnet founded?")
    await delegate.send("will it rain on the moon tomorrow?")
    await delegate.send("and the wifi?", reply_to=answer)  # a reply: another handler group
    _, after = await get(port, "/metrics")

    updates = 'meetingbot_updates_total{type="message"}'
    assert value(after, updates) - value(before, updates) == 3
    assert (
        value(after, "meetingbot_fallbacks_total") - value(before, "meetingbot_fallbacks_total")
        == 1
    )
    faq = 'meetingbot_answers_total{kind="faq"}'
    assert value(after, faq) - value(before, faq) == 1
    assert "meetingbot_outbox_backlog 0.0" in after
    assert "meetingbot_reminder_lag_seconds" in after


async def test_the_health_command_without_an_endpoint_says_why(tmp_path: Path) -> None:
    env = clean_env(BOT_DB=str(tmp_path / "db"))
    code, _, err = await run_main("health", env=env)
    assert code == 2 and "HEALTH_PORT" in err
    code, out, _ = await run_main("health", env={**env, "HEALTH_PORT": str(free_port())})
    assert code == 1 and '"unreachable"' in out


async def test_metrics_count_fan_out_sends_by_outcome_and_429s(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    port = free_port()
    harness = await make_harness(shipped_event, ops=OpsSettings(health_port=port))
    transport = TelegramTransport(harness.app.bot_data["fanout_bot"])
    api = harness.api
    api.known_chats.update({61, 62, 63})
    api.block(62)
    api.rate_limit(1)
    _, before = await get(port, "/metrics")
    await transport.send(61, {"text": "first"})
    with pytest.raises(Blocked):
        await transport.send(62, {"text": "blocked"})
    with pytest.raises(RetryLater):
        await transport.send(63, {"text": "too fast"})
    _, after = await get(port, "/metrics")
    for name, delta in (
        ('meetingbot_sends_total{outcome="sent"}', 1),
        ('meetingbot_sends_total{outcome="blocked"}', 1),
        ('meetingbot_sends_total{outcome="rate_limited"}', 1),
        ("meetingbot_rate_limited_total", 1),
    ):
        assert value(after, name) - value(before, name) == delta, name
