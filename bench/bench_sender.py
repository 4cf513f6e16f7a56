"""Benchmark of the fan-out engine against the fake Bot API on 127.0.0.1 (not a test).

Three runs, each with its own server enforcing 30 messages a second (429, retry_after 1):
1. the outbox + ``RateLimitedSender`` at the bot's configured default pace
   (``bot.config.DEFAULT_SEND_RATE``, what ``SEND_RATE`` defaults to), or ``--per-second``;
2. the baseline: the same sends through PTB's ``AIORateLimiter(max_retries=3)`` and
   ``asyncio.gather`` (fewer recipients by default, to keep the whole run under five minutes);
3. a kill test: the bot side runs as a subprocess (``--child``) at the same pace, is SIGKILLed
   when about half the recipients are served, and is started again on the same database;
4. the same announcement while 50 of its recipients ask two questions each and the organiser's
   progress message is edited every 3 s (server: 30/s overall and 1/s per chat), through the
   bot's one send budget, then through the old design as the baseline (fan-out sender and
   PTB's ``AIORateLimiter`` for replies, side by side): answers' p95, the announcement's rate,
   the share of 429s.

Run: ``.venv/bin/python bench/bench_sender.py [--recipients N] [--mixed-only]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import math
import os
import random
import resource
import signal
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.botapi, which is not an installed package
os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram.constants import ParseMode  # noqa: E402
from telegram.error import TelegramError  # noqa: E402
from telegram.ext import AIORateLimiter, ExtBot  # noqa: E402
from telegram.request import HTTPXRequest  # noqa: E402

from bot.config import DEFAULT_SEND_RATE, Settings  # noqa: E402
from bot.fanout.budget import Priority, SendBudget  # noqa: E402
from bot.fanout.delivery import deliver  # noqa: E402
from bot.fanout.outbox import Outbox  # noqa: E402
from bot.fanout.sender import RateLimitedSender  # noqa: E402
from bot.storage import Storage  # noqa: E402
from handlers.transport import PacedRequest, TelegramTransport, fanout_bot  # noqa: E402
from tests.botapi import Call, FakeBotApi  # noqa: E402

TOKEN = "123456:BENCH-token"
LIMIT = 30
JOB = "bench-broadcast"
FIRST_CHAT = 10_001


def chats(n: int) -> list[int]:
    return list(range(FIRST_CHAT, FIRST_CHAT + n))


def marker(storage: Storage) -> Callable[[int], Awaitable[None]]:
    """``deliver`` wants an ``on_blocked`` returning None; the store's returns whether it marked."""

    async def mark(chat_id: int) -> None:
        await storage.mark_blocked(chat_id)

    return mark


def text_for(chat_id: int) -> str:
    return f"<b>Reminder</b>: the plenary starts in 15 minutes (#{chat_id})"


@dataclass
class Figures:
    name: str
    recipients: int
    wall: float
    delivered: int
    lost: int
    duplicates: int
    requests: int
    answered_429: int
    traced_peak: int
    maxrss_kib: int
    pace: float | None = None
    note: str = ""

    def show(self) -> None:
        rate = self.delivered / self.wall if self.wall else 0.0
        share_429 = 100 * self.answered_429 / self.requests if self.requests else 0.0
        pace = f" ({100 * rate / self.pace:.1f}% of its {self.pace:g}/s pace)" if self.pace else ""
        print(f"{self.name}, {self.recipients} recipients:")
        limit = f"{100 * rate / LIMIT:.1f}% of the {LIMIT}/s limit"
        print(f"  rate        {rate:.2f} msg/s = {limit}{pace}")
        print(f"  lost        {self.lost}   duplicates {self.duplicates}")
        print(f"  429s        {self.answered_429} of {self.requests} requests ({share_429:.2f}%)")
        print(
            f"  memory      tracemalloc peak {self.traced_peak / 2**20:.1f} MiB (bot and server),"
            f" ru_maxrss {self.maxrss_kib / 1024:.1f} MiB (process so far)"
        )
        print(f"  wall time   {self.wall:.1f} s", flush=True)
        if self.note:
            print(f"  note        {self.note}", flush=True)


async def start_server(n: int, on_call: Callable[[Call], None] | None = None) -> FakeBotApi:
    api = FakeBotApi(token=TOKEN, on_call=on_call)
    await api.start()
    api.rate_limit(LIMIT, retry_after=1)
    api.known_chats.update(chats(n))
    return api


def tally(api: FakeBotApi, name: str, n: int, wall: float, pace: float | None) -> Figures:
    received = [len(api.messages(c)) for c in chats(n)]
    requests = len(api.calls_to("sendMessage"))
    _, peak = tracemalloc.get_traced_memory()
    return Figures(
        name=name,
        recipients=n,
        wall=wall,
        delivered=sum(min(r, 1) for r in received),
        lost=received.count(0),
        duplicates=sum(r - 1 for r in received if r > 1),
        requests=requests,
        answered_429=api.count_429,
        traced_peak=peak,
        maxrss_kib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        pace=pace,
    )


async def bench_sender(n: int, workdir: Path, per_second: float) -> Figures:
    api = await start_server(n)
    storage = await Storage.open(workdir / "sender.sqlite3")
    outbox = Outbox(storage.connection)
    bot = fanout_bot(TOKEN, api.url)
    await bot.initialize()
    tracemalloc.start()
    try:
        await outbox.create_job(JOB, "broadcast", [(c, {"text": text_for(c)}) for c in chats(n)])
        sender = RateLimitedSender(TelegramTransport(bot), per_second=per_second)
        started = time.perf_counter()
        report = await deliver(outbox, JOB, sender, on_blocked=marker(storage))
        wall = time.perf_counter() - started
        figures = tally(api, "sender (outbox + even pace)", n, wall, sender.per_second)
        if not report.complete:
            print(f"  ! job not complete: {report}")
        return figures
    finally:
        tracemalloc.stop()
        await bot.shutdown()
        await storage.close()
        await api.stop()


async def bench_baseline(n: int) -> Figures:
    api = await start_server(n)
    bot = ExtBot(TOKEN, base_url=f"{api.url}/bot", rate_limiter=AIORateLimiter(max_retries=3))
    await bot.initialize()
    errors: Counter[str] = Counter()

    async def one(chat_id: int) -> None:
        try:
            await bot.send_message(chat_id, text_for(chat_id), parse_mode=ParseMode.HTML)
        except TelegramError as exc:
            errors[type(exc).__name__] += 1

    tracemalloc.start()
    try:
        started = time.perf_counter()
        await asyncio.gather(*(one(c) for c in chats(n)))
        wall = time.perf_counter() - started
        figures = tally(api, "baseline (AIORateLimiter(max_retries=3) + gather)", n, wall, None)
        if errors:
            figures.note = f"errors raised to the caller (lost): {dict(errors)}"
        return figures
    finally:
        tracemalloc.stop()
        await bot.shutdown()
        await api.stop()


# ---- an announcement while delegates ask questions ------------------------------------------

ASKERS = 50
QUESTIONS_EACH = 2
ORGANISER_CHAT = FIRST_CHAT - 1


@dataclass
class Mixed:
    name: str
    recipients: int
    fanout_wall: float
    delivered: int
    lost: int
    duplicates: int
    answers: list[float]
    answer_errors: int
    edits: int
    requests: int
    answered_429: int

    @property
    def rate(self) -> float:
        return self.delivered / self.fanout_wall if self.fanout_wall else 0.0

    @property
    def p95(self) -> float:
        ordered = sorted(self.answers)
        return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else math.inf

    @property
    def share_429(self) -> float:
        return self.answered_429 / self.requests if self.requests else 0.0

    def show(self) -> None:
        ordered = sorted(self.answers)
        median = ordered[len(ordered) // 2] if ordered else math.inf
        print(f"{self.name}, {self.recipients} recipients, {len(self.answers)} answers:")
        print(f"  announcement {self.rate:.2f} msg/s = {100 * self.rate / LIMIT:.1f}% of {LIMIT}/s"
              f", lost {self.lost}, duplicates {self.duplicates}")  # fmt: skip
        longest = ordered[-1] if ordered else math.inf
        print(f"  answers     p95 {self.p95:.2f} s, median {median:.2f} s, max {longest:.2f} s,"
              f" not delivered {self.answer_errors}")  # fmt: skip
        print(f"  progress    {self.edits} edits of the organiser's message")
        print(f"  429s        {self.answered_429} of {self.requests} requests"
              f" ({100 * self.share_429:.2f}%)", flush=True)  # fmt: skip


async def bench_mixed(n: int, workdir: Path, per_second: float, design: str) -> Mixed:
    """A 3,000-recipient announcement while 50 of its recipients ask two questions each and
    the organiser's progress message is edited every 3 s, against a server enforcing 30/s
    overall and 1/s per chat. ``design`` is "one budget" (the bot now) or "two limiters" (the
    bot before: the fan-out sender at its pace, replies and edits through PTB's
    ``AIORateLimiter(max_retries=3)``)."""
    api = await start_server(n)
    api.rate_limit(LIMIT, per_chat_per_second=1, retry_after=1)
    api.known_chats.add(ORGANISER_CHAT)
    storage = await Storage.open(workdir / f"mixed-{design.replace(' ', '-')}.sqlite3")
    outbox = Outbox(storage.connection)
    fan = fanout_bot(TOKEN, api.url)
    if design == "one budget":
        budget = SendBudget(per_second, per_chat_interval=Settings.chat_interval)
        sender = RateLimitedSender(TelegramTransport(fan), budget=budget)
        request = PacedRequest(HTTPXRequest(connection_pool_size=64), budget, Priority.INTERACTIVE)
        bot = ExtBot(TOKEN, base_url=f"{api.url}/bot", request=request)
    else:
        sender = RateLimitedSender(TelegramTransport(fan), per_second=per_second)
        bot = ExtBot(TOKEN, base_url=f"{api.url}/bot", rate_limiter=AIORateLimiter(max_retries=3))
    await fan.initialize()
    await bot.initialize()
    rng = random.Random(10)
    askers = rng.sample(chats(n), ASKERS)
    horizon = 0.9 * n / per_second
    moments = sorted((rng.uniform(0, horizon), c) for c in askers for _ in range(QUESTIONS_EACH))
    answers: list[float] = []
    errors = edits = 0
    latest: dict[str, int] | None = None

    async def ask(at: float, chat: int) -> None:
        nonlocal errors
        await asyncio.sleep(at)
        began = time.perf_counter()
        try:
            await bot.send_message(chat, f"The answer to your question, delegate {chat}.")
            answers.append(time.perf_counter() - began)
        except TelegramError:
            errors += 1

    async def progress(counts: dict[str, int]) -> None:
        nonlocal latest
        latest = counts

    async def show_progress(message_id: int, done: asyncio.Event) -> None:
        nonlocal edits, latest
        while not done.is_set():
            if latest is not None:
                counts, latest = latest, None
                with contextlib.suppress(TelegramError):
                    await bot.edit_message_text(
                        f"sending… {counts.get('sent', 0)} of {n}", ORGANISER_CHAT, message_id
                    )
                    edits += 1
            await asyncio.sleep(0.05)

    try:
        await outbox.create_job(JOB, "broadcast", [(c, {"text": text_for(c)}) for c in chats(n)])
        first = await bot.send_message(ORGANISER_CHAT, "sending…")
        api.clear()
        done = asyncio.Event()
        shown = asyncio.ensure_future(show_progress(first.message_id, done))
        asking = asyncio.gather(*(ask(at, chat) for at, chat in moments))
        started = time.perf_counter()
        await deliver(outbox, JOB, sender, on_blocked=marker(storage), on_progress=progress,
                      progress_every=3.0)  # fmt: skip
        wall = time.perf_counter() - started
        await asking
        done.set()
        await shown
        received = [
            sum(1 for m in api.messages(c) if f"(#{c})" in m.get("text", "")) for c in chats(n)
        ]
        requests = sum(1 for c in api.calls if c.method.startswith(("send", "edit")))
        return Mixed(
            f"{design}: announcement + {ASKERS} delegates asking + progress edits",
            n, wall, sum(min(r, 1) for r in received), received.count(0),
            sum(r - 1 for r in received if r > 1), answers, errors, edits, requests,
            api.count_429,
        )  # fmt: skip
    finally:
        await bot.shutdown()
        await fan.shutdown()
        await storage.close()
        await api.stop()


# ---- kill test -----------------------------------------------------------------------------


async def child(db: str, url: str, n: int, per_second: float) -> None:
    """The bot side: recover, plan (idempotently) and deliver, reporting on stdout."""
    storage = await Storage.open(db)
    outbox = Outbox(storage.connection)
    bot = fanout_bot(TOKEN, url)
    await bot.initialize()
    try:
        recovered = await outbox.recover()
        planned = await outbox.create_job(
            JOB, "broadcast", [(c, {"text": text_for(c)}) for c in chats(n)]
        )
        print(json.dumps({"recovered": recovered, "planned": planned}), flush=True)
        sender = RateLimitedSender(TelegramTransport(bot), per_second=per_second)
        report = await deliver(outbox, JOB, sender, on_blocked=marker(storage))
        print(json.dumps({"counts": report.counts, "complete": report.complete}), flush=True)
    finally:
        await bot.shutdown()
        await storage.close()


async def spawn(
    db: Path, url: str, n: int, per_second: float
) -> tuple[asyncio.subprocess.Process, dict]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--child", str(db), url, "--recipients", str(n),
        "--per-second", str(per_second), stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None
    first = await asyncio.wait_for(proc.stdout.readline(), 60)
    return proc, json.loads(first)


async def bench_kill(n: int, workdir: Path, per_second: float) -> bool:
    served = 0

    def count(call: Call) -> None:
        nonlocal served
        served += call.method == "sendMessage" and call.ok

    api = await start_server(n, on_call=count)
    db = workdir / "kill.sqlite3"
    budget = 2 * n / per_second + 60  # every wait below is bounded
    try:
        started = time.perf_counter()
        proc, hello = await spawn(db, api.url, n, per_second)
        deadline = time.monotonic() + budget
        while served < n // 2 and proc.returncode is None and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        await proc.wait()
        at_kill = served
        proc, hello = await spawn(db, api.url, n, per_second)
        assert proc.stdout is not None
        last = await asyncio.wait_for(proc.stdout.readline(), budget)
        await asyncio.wait_for(proc.wait(), 30)
        wall = time.perf_counter() - started
        final = json.loads(last) if last else {}
        received = [len(api.messages(c)) for c in chats(n)]
        lost, dups = received.count(0), sum(r - 1 for r in received if r > 1)
        in_flight = hello["recovered"]
        print(f"kill test, {n} recipients (bot in a subprocess, {per_second:g}/s):")
        print(f"  SIGKILL     after {at_kill} recipients served")
        print(f"  restart     recovered {in_flight} rows left 'sending' (in flight at the kill),")
        print(f"              re-planning added {hello['planned']} rows (idempotent: 0 expected)")
        verdict = "OK" if dups <= in_flight else "TOO MANY"
        print(f"  lost        {lost}   duplicates {dups} (<= {in_flight} in flight: {verdict})")
        print(f"  outbox      {final.get('counts')} complete={final.get('complete')}")
        print(f"  429s        {api.count_429} of {len(api.calls_to('sendMessage'))} requests")
        print(f"  wall time   {wall:.1f} s (both runs)", flush=True)
        return lost == 0 and dups <= in_flight and hello["planned"] == 0
    finally:
        await api.stop()


async def main(args: argparse.Namespace) -> int:
    n = args.recipients
    pace = args.per_second or DEFAULT_SEND_RATE
    baseline_n = args.baseline_recipients or min(n, 1000)
    # PTB logs a traceback for each send the baseline gives up on; they are counted instead.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    print(f"fake Bot API on 127.0.0.1, {LIMIT} messages/s enforced (429, retry_after 1)\n")
    with tempfile.TemporaryDirectory() as tmp:
        if args.mixed_only:
            return await mixed_runs(n, Path(tmp), pace)
        sender = await bench_sender(n, Path(tmp), pace)
        sender.show()
        print()
        baseline = await bench_baseline(baseline_n)
        if baseline_n < n:
            print(f"(baseline with {baseline_n} recipients instead of {n}, to save time)")
        baseline.show()
        print()
        killed_ok = await bench_kill(n, Path(tmp), pace)
        print()
        await mixed_runs(n, Path(tmp), pace)
    rate = sender.delivered / sender.wall
    checks = {
        f"rate >= 95% of {LIMIT}/s": rate >= 0.95 * LIMIT,
        "rate >= 95% of the sender's pace": sender.pace is not None and rate >= 0.95 * sender.pace,
        "nobody lost": sender.lost == 0,
        "429s <= 1% of requests": sender.answered_429 <= 0.01 * sender.requests,
        "kill: nobody lost, duplicates <= in flight": killed_ok,
    }
    print("\ntargets:")
    for name, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    return 0


async def mixed_runs(n: int, workdir: Path, pace: float) -> int:
    print(f"with delegates' questions: {LIMIT}/s overall and 1/s per chat enforced\n")
    now = await bench_mixed(n, workdir, pace, "one budget")
    now.show()
    print()
    before = await bench_mixed(n, workdir, pace, "two limiters")
    before.show()
    checks = {
        "answers p95 <= 1.5 s": now.p95 <= 1.5 and now.answer_errors == 0,
        f"announcement >= 90% of {LIMIT}/s": now.rate >= 0.9 * LIMIT,
        "429s <= 1% of requests": now.share_429 <= 0.01,
        "announcement: nobody lost, nobody twice": now.lost == 0 and now.duplicates == 0,
    }
    print("\ntargets (one budget):")
    for name, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    return 0


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=3000)
    parser.add_argument("--baseline-recipients", type=int, default=0, help="default min(N, 1000)")
    parser.add_argument(
        "--per-second",
        type=float,
        default=None,
        help=f"sender pace to try (default: the bot's SEND_RATE default, {DEFAULT_SEND_RATE:g})",
    )
    parser.add_argument(
        "--mixed-only", action="store_true", help="only the runs with delegates' questions"
    )
    parser.add_argument("--child", nargs=2, metavar=("DB", "URL"), help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse()
    if arguments.child:
        db_path, api_url = arguments.child
        pace = arguments.per_second or DEFAULT_SEND_RATE
        asyncio.run(child(db_path, api_url, arguments.recipients, pace))
    else:
        sys.exit(asyncio.run(main(arguments)))
