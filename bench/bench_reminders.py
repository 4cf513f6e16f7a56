"""Reminders at scale: 5,000 delegates following one session, against a Bot API that answers
429 above 30 messages a second. Prints delivery timing, duplicates, 429s and memory, and the
planning cost for 500 and 5,000 delegates against a per-delegate-job baseline.

    python bench/bench_reminders.py [--delegates 5000]

Loopback only; every loop is bounded by the number of delegates and a deadline.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram.ext import Application  # noqa: E402 - the repository root is put on the path first

from bot.config import Settings  # noqa: E402
from bot.event import Event  # noqa: E402
from bot.programme.loader import load_event  # noqa: E402
from handlers.app import build_application  # noqa: E402
from handlers.delegate import reminders  # noqa: E402
from tests.botapi import FakeBotApi  # noqa: E402

TOKEN = "123456:BENCH"
LIMIT_PER_SECOND = 30
SESSION = "panel-evaluation"
LEAD = 15


class Clock:
    """The bot's clock, moved by the benchmark so a reminder falls due within seconds."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def add_delegates(app: Application, count: int, api: FakeBotApi | None = None) -> None:
    svc = app.bot_data["services"]
    db = svc.storage.connection
    await db.executemany(
        "INSERT INTO delegates (user_id, language, created_at, updated_at) VALUES (?, ?, '', '')",
        [(10_000 + i, ("es", "en", "fr")[i % 3]) for i in range(count)],
    )
    await db.executemany(
        "INSERT INTO follows (user_id, session_id, created_at) VALUES (?, ?, '')",
        [(10_000 + i, SESSION) for i in range(count)],
    )
    await db.commit()
    if api is not None:
        api.known_chats.update(10_000 + i for i in range(count))


async def planning_cost(delegates: int, api: FakeBotApi, event: Event) -> tuple[float, int]:
    """Seconds to arm every reminder of the programme, and how many jobs that makes."""
    with tempfile.TemporaryDirectory() as folder:
        clock = Clock(event.sessions[0].start - timedelta(days=1))
        settings = Settings(TOKEN, api.url, Path(event.source), Path(folder) / "b.db", frozenset())
        app = build_application(settings, event, clock)
        await app.initialize()
        await app.post_init(app)
        await add_delegates(app, delegates)
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            jobs = await reminders.arm(app)
            runs.append(time.perf_counter() - start)
        await app.post_shutdown(app)
        await app.shutdown()
    return statistics.median(runs), jobs


async def fan_out(delegates: int) -> int:
    event = load_event(ROOT / "events" / "aspnet-lac-2024.yaml")
    session = event.session(SESSION)
    assert session is not None
    api = FakeBotApi(token=TOKEN)
    await api.start()
    api.rate_limit(LIMIT_PER_SECOND, retry_after=1)
    ok = True
    print(f"planning cost (arm every reminder of {len(event.sessions)} sessions):")
    for count in (500, 5000):
        seconds, jobs = await planning_cost(count, api, event)
        naive = count * len(event.sessions)
        print(f"  {count:5d} delegates: {seconds * 1000:6.1f} ms, {jobs} jobs "
              f"(baseline, one job per delegate and session: {naive} jobs)")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        fire_at = session.start - timedelta(minutes=LEAD)
        clock = Clock(fire_at - timedelta(seconds=3))
        settings = Settings(TOKEN, api.url, Path(event.source), Path(folder) / "b.db", frozenset())
        app = build_application(settings, event, clock)
        await app.initialize()
        await app.post_init(app)
        await add_delegates(app, delegates, api)
        tracemalloc.start()
        api.clear()
        await app.start()
        armed_at = time.monotonic()
        clock.now = fire_at - timedelta(seconds=2)
        await reminders.arm(app)
        due = armed_at + 2.0
        deadline = due + delegates / LIMIT_PER_SECOND * 1.5 + 30
        sent_times: list[float] = []
        seen = 0
        while len(sent_times) < delegates and time.monotonic() < deadline:
            calls = api.calls_to("sendMessage")
            for _ in calls[seen:]:
                sent_times.append(time.monotonic())
            seen = len(calls)
            clock.now = fire_at + timedelta(seconds=time.monotonic() - due)
            await asyncio.sleep(0.05)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        await asyncio.sleep(1)
        per_chat = [len(api.messages(10_000 + i)) for i in range(delegates)]
        first, last = sent_times[0] - due, sent_times[-1] - sent_times[0]
        ideal = delegates / LIMIT_PER_SECOND
        requests = len(api.calls_to("sendMessage")) + api.count_429
        print(f"fan-out of one reminder to {delegates} delegates (limit {LIMIT_PER_SECOND}/s):")
        print(f"  delivered exactly once: {per_chat.count(1)}; missing: {per_chat.count(0)}; "
              f"more than once: {sum(n > 1 for n in per_chat)}")  # fmt: skip
        print(f"  first reminder {first:+.2f} s from its moment (target ±1 s)")
        print(f"  last {last:.1f} s after the first; ideal {ideal:.1f} s; "
              f"{(last / ideal - 1) * 100:+.1f}% (target within 5%)")  # fmt: skip
        print(f"  rate {delegates / max(last, 1e-9):.1f}/s; 429 answers {api.count_429} "
              f"({api.count_429 / max(requests, 1):.2%} of requests)")  # fmt: skip
        print(f"  peak traced memory {peak / 1e6:.1f} MB; max RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")  # fmt: skip
        ok &= per_chat.count(1) == delegates and abs(first) <= 1.0 and last <= ideal * 1.05
        await app.post_stop(app)
        await app.stop()
        await app.post_shutdown(app)
        await app.shutdown()
    await api.stop()
    print("targets:", "met" if ok else "MISSED")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=5000)
    return asyncio.run(fan_out(parser.parse_args().delegates))


if __name__ == "__main__":
    sys.exit(main())
