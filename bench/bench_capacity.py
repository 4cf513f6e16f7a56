"""What one bot process holds: delegates and follows in SQLite, and questions answered per second
end-to-end through the real Application against the fake Bot API on 127.0.0.1.

    python bench/bench_capacity.py [--delegates 20000] [--follows 10] [--questions 300]

Prints, for a small meeting (1,000 delegates, the baseline) and for --delegates: database size, the
per-delegate reads a button press makes, choosing a reminder's recipients, planning its fan-out
into the outbox, an online backup and the health probe; then questions per second for the lexical
answerer alone (baseline) and the bot's answerer (the hybrid) alone, end-to-end as shipped (the
bot's send budget paces its replies at SEND_RATE, 29 messages/s, and one a second per chat) and
end-to-end with both caps lifted (what the process itself can do), and the end-to-end latency of
one question at a time. The fake Bot API runs in the same process and on the same core, so
end-to-end figures are lower bounds for the bot alone.
Loopback only; every loop is bounded by its count and a deadline.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

os.environ.setdefault("PTB_TIMEDELTA", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402 - the repository root is put on the path first
from telegram.ext import Application  # noqa: E402

import handlers.app  # noqa: E402
from bot.agenda.reminders import ReminderSlot  # noqa: E402
from bot.answers.engine import Answerer  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.event import Event  # noqa: E402
from bot.i18n import Translator  # noqa: E402
from bot.ops import backup, health  # noqa: E402
from bot.programme.loader import load_event  # noqa: E402
from handlers.context import SERVICES_KEY  # noqa: E402
from handlers.webhook import ALLOWED_UPDATES  # noqa: E402
from tests.botapi import FakeBotApi  # noqa: E402

TOKEN = "123456:BENCH"
EVENT_FILE = ROOT / "events" / "aspnet-lac-2024.yaml"
QUESTIONS_FILE = ROOT / "bench" / "questions" / "aspnet-lac-2024.yaml"
NOW = datetime(2024, 11, 6, 8, 0, tzinfo=ZoneInfo("America/Santo_Domingo"))
FIRST_USER = 100_000
DEADLINE = 300.0


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def median_ms(action: Callable[[], Awaitable[Any]], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        await action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


async def start_bot(
    api: FakeBotApi, event: Event, db: Path, *, polling: bool, capped: bool = True
) -> Application:
    settings = Settings(TOKEN, api.url, EVENT_FILE, db, frozenset())
    if not capped:  # no overall or per-chat pacing; everything else as shipped
        settings = replace(settings, send_rate=1e6, chat_interval=0.0)
    app = handlers.app.build_application(settings, event, lambda: NOW)
    await app.initialize()
    assert app.post_init
    await app.post_init(app)
    if polling:
        assert app.updater
        await app.updater.start_polling(poll_interval=0.0, allowed_updates=ALLOWED_UPDATES)
        await app.start()
    return app


async def stop_bot(app: Application) -> None:
    if app.updater and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    assert app.post_shutdown
    await app.post_shutdown(app)
    await app.shutdown()


async def storage_figures(api: FakeBotApi, event: Event, delegates: int, follows: int) -> dict:
    """Fill a database as a meeting of ``delegates`` would, then time what the bot does with it."""
    sessions = [s.id for s in event.sessions if s.start > NOW]
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bot.sqlite3"
        app = await start_bot(api, event, db, polling=False)
        svc = app.bot_data["services"]
        conn = svc.storage.connection
        rng = random.Random(7)
        users = range(FIRST_USER, FIRST_USER + delegates)
        start = time.perf_counter()
        await conn.executemany(
            "INSERT INTO delegates (user_id, language, created_at, updated_at)"
            " VALUES (?, ?, '2024-11-06', '2024-11-06')",
            [(u, ("es", "en", "fr")[u % 3]) for u in users],
        )
        await conn.executemany(
            "INSERT INTO follows (user_id, session_id, created_at) VALUES (?, ?, '2024-11-06')",
            [(u, s) for u in users for s in rng.sample(sessions, min(follows, len(sessions)))],
        )
        await conn.executemany(
            "INSERT INTO reminder_settings (user_id, mode, leads, digest) VALUES (?, ?, ?, ?)",
            [(u, ("all", "followed")[u % 2], "10,30", "07:30") for u in users if u % 3 == 0],
        )
        await conn.commit()
        fill = time.perf_counter() - start
        await conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = db.stat().st_size
        session = event.session(sessions[0])
        assert session is not None
        picks = [rng.choice(users) for _ in range(200)]
        press = iter(picks * 2)
        read = await median_ms(lambda: svc.follows.followed(next(press)), 200)
        settings_read = await median_ms(lambda: svc.follows.settings(next(press)), 200)
        recipients_ms = await median_ms(
            lambda: svc.follows.reminder_recipients(session.id, session.kind, 15, [15]), 5
        )
        recipients = await svc.follows.reminder_recipients(session.id, session.kind, 15, [15])
        slot = ReminderSlot(session.id, 15, session.start)
        start = time.perf_counter()
        assert await svc.planner.reminder_job(slot) == slot.key
        plan_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        await asyncio.to_thread(backup.backup_database, db, Path(folder) / "copy.sqlite3")
        backup_ms = (time.perf_counter() - start) * 1000
        probe_ms = await median_ms(lambda: asyncio.to_thread(health.database_writable, db), 20)
        await stop_bot(app)
    return {
        "delegates": delegates,
        "follows": delegates * min(follows, len(sessions)),
        "fill_s": fill,
        "db_mb": size / 1e6,
        "followed_ms": read,
        "settings_ms": settings_read,
        "recipients": len(recipients),
        "recipients_ms": recipients_ms,
        "plan_ms": plan_ms,
        "backup_ms": backup_ms,
        "probe_ms": probe_ms,
    }


def load_questions() -> list[tuple[str, str]]:
    data = yaml.safe_load(QUESTIONS_FILE.read_text())
    return [(str(q["q"]), str(q["lang"])) for q in data["questions"]]


def answerer_alone(answerer: Answerer, questions: list[tuple[str, str]], count: int) -> float:
    event = answerer.event
    translators = {lang: Translator(lang, event.timezone) for lang in event.languages}
    start = time.perf_counter()
    for i in range(count):
        text, lang = questions[i % len(questions)]
        answerer.answer(text, translators[lang], NOW)
    return count / (time.perf_counter() - start)


async def end_to_end(
    event: Event, questions: list[tuple[str, str]], count: int, *, capped: bool
) -> tuple[float, int]:
    """Questions/s through getUpdates, the handlers, SQLite and sendMessage; and the 429s."""
    api = FakeBotApi(TOKEN)
    await api.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "bot.sqlite3"
            app = await start_bot(api, event, db, polling=True, capped=capped)
            chats = [FIRST_USER + i for i in range(100)]
            api.known_chats.update(chats)
            start = time.perf_counter()
            for i in range(count):
                text, lang = questions[i % len(questions)]
                api.push_update(api.message_update(chats[i % len(chats)], text, language_code=lang))
            sentinel = FIRST_USER - 1
            api.push_update(api.message_update(sentinel, "/about", language_code="en"))
            await api.wait_for(lambda: api.messages(sentinel), timeout=DEADLINE)
            rate = count / (time.perf_counter() - start)
            await stop_bot(app)
    finally:
        await api.stop()
    return rate, api.count_429


async def as_served(event: Event, questions: list[tuple[str, str]], count: int) -> float:
    """The answerer the bot serves (the hybrid, with its encoder), without Telegram around it."""
    api = FakeBotApi(TOKEN)
    await api.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            app = await start_bot(api, event, Path(folder) / "bot.sqlite3", polling=False)
            rate = answerer_alone(app.bot_data[SERVICES_KEY].answerer, questions, count)
            await stop_bot(app)
    finally:
        await api.stop()
    return rate


def status_mb(pid: int, field: str) -> float:
    """A line of /proc/PID/status (VmRSS: resident now, VmHWM: the peak), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def memory(pid: int) -> str:
    """Resident memory, and how much of it is the process's own (anonymous) and how much is files
    mapped into it: mostly the encoder's weights, which are mmapped, so a page becomes resident
    when a question first touches it; the kernel can drop such pages and read them again."""
    rss, anon, mapped = (status_mb(pid, f) for f in ("VmRSS", "RssAnon", "RssFile"))
    return f"{rss:.0f} MB ({anon:.0f} anonymous, {mapped:.0f} mapped files)"


async def bot_process(questions: list[tuple[str, str]], count: int) -> tuple[str, str, float]:
    """The bot as it is run (``main.py``, its own process) answering questions: its memory when
    ready and after ``count`` questions, and its peak RSS. Issue 9's 250 MB is about this one."""
    api = FakeBotApi(TOKEN)
    await api.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            env = {
                **os.environ,
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_URL": api.url,
                "BOT_DB": str(Path(folder) / "bot.sqlite3"),
                "REHEARSE_AT": NOW.isoformat(),
                "LOG_LEVEL": "WARNING",
            }
            process = await asyncio.create_subprocess_exec(
                sys.executable, str(ROOT / "main.py"), env=env, cwd=ROOT,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
            )  # fmt: skip
            try:
                sentinel = FIRST_USER - 1
                api.known_chats.add(sentinel)
                api.push_update(api.message_update(sentinel, "/about", language_code="en"))
                await api.wait_for(lambda: api.messages(sentinel), timeout=DEADLINE)
                ready = memory(process.pid)
                chats = [FIRST_USER + i for i in range(100)]
                api.known_chats.update(chats)
                for i in range(count):
                    text, lang = questions[i % len(questions)]
                    update = api.message_update(chats[i % len(chats)], text, language_code=lang)
                    api.push_update(update)
                api.push_update(api.message_update(sentinel, "/about", language_code="en"))
                await api.wait_for(lambda: len(api.messages(sentinel)) > 1, timeout=DEADLINE)
                return ready, memory(process.pid), status_mb(process.pid, "VmHWM")
            finally:
                process.terminate()
                await process.wait()
    finally:
        await api.stop()


async def latency(event: Event, questions: list[tuple[str, str]], count: int) -> list[float]:
    api = FakeBotApi(TOKEN)
    await api.start()
    times = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            app = await start_bot(api, event, Path(folder) / "bot.sqlite3", polling=True)
            chat = FIRST_USER
            api.known_chats.add(chat)
            for i in range(count):
                text, lang = questions[(i * 7) % len(questions)]
                before = len(api.messages(chat))
                start = time.perf_counter()
                api.push_update(api.message_update(chat, text, language_code=lang))
                await api.wait_for(lambda b=before: len(api.messages(chat)) > b, timeout=30)
                times.append((time.perf_counter() - start) * 1000)
                await asyncio.sleep(1.05)  # one message a second per chat, as Telegram allows
            await stop_bot(app)
    finally:
        await api.stop()
    return times


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=20_000)
    parser.add_argument("--follows", type=int, default=10, help="sessions each delegate follows")
    parser.add_argument("--questions", type=int, default=300)
    args = parser.parse_args()
    event = load_event(EVENT_FILE)
    questions = load_questions()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs (shared), loopback fake API\n")

    api = FakeBotApi(TOKEN)
    await api.start()
    try:
        rows = [await storage_figures(api, event, n, args.follows) for n in (1000, args.delegates)]
    finally:
        await api.stop()
    print("storage (SQLite, WAL)               baseline 1,000   this run")
    lines = [
        ("delegates", "delegates", "{:,.0f}"),
        ("follows", "follows", "{:,.0f}"),
        ("database size (MB)", "db_mb", "{:.1f}"),
        ("fill (s)", "fill_s", "{:.2f}"),
        ("a delegate's follows (ms, median)", "followed_ms", "{:.3f}"),
        ("a delegate's settings (ms, median)", "settings_ms", "{:.3f}"),
        ("recipients of one reminder", "recipients", "{:,.0f}"),
        ("choosing them (ms, median)", "recipients_ms", "{:.1f}"),
        ("planning the fan-out (ms)", "plan_ms", "{:.0f}"),
        ("online backup (ms)", "backup_ms", "{:.0f}"),
        ("health probe write (ms, median)", "probe_ms", "{:.2f}"),
    ]
    for label, key, fmt in lines:
        print(f"  {label:34s} {fmt.format(rows[0][key]):>14s} {fmt.format(rows[1][key]):>10s}")
    send_s = rows[1]["recipients"] / 29
    print(f"  sending that reminder at SEND_RATE 29/s takes {send_s / 60:.1f} min\n")

    lexical = answerer_alone(Answerer(event), questions, 2000)
    served = await as_served(event, questions, 1000)
    capped, capped_429 = await end_to_end(event, questions, args.questions, capped=True)
    free, free_429 = await end_to_end(event, questions, args.questions, capped=False)
    lat = sorted(await latency(event, questions, 20))
    ready, answered, peak = await bot_process(questions, args.questions)
    print(f"questions ({args.questions} from 100 delegates, {len(questions)} phrasings)")
    print(f"  lexical answerer alone (baseline)    {lexical:8.0f} questions/s")
    print(f"  the bot's answerer alone (hybrid)    {served:8.0f} questions/s")
    print(f"  end-to-end, as shipped (29/s cap)    {capped:8.1f} questions/s  429s: {capped_429}")
    print(f"  end-to-end, cap lifted               {free:8.1f} questions/s  429s: {free_429}")
    print(f"  one at a time: latency p50 {statistics.median(lat):.1f} ms, max {lat[-1]:.1f} ms")
    print(f"the bot's own process (main.py), target RSS <= 250 MB:\n  ready: {ready}\n"
          f"  after {args.questions} questions: {answered}\n  peak RSS {peak:.0f} MB")  # fmt: skip
    print(f"this benchmark's process (three bots, 20,000 delegates): peak RSS {rss_mb():.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
