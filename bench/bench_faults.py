"""Fault run: the real bot killed with SIGKILL at random moments, restarted on the same database.

The bot (``main.py``, a subprocess with a rehearsal clock) talks to the fake Bot API on
127.0.0.1 (``tests/botapi.py``, started here through ``bench_sender.start_server``: 30 msg/s
enforced). N delegates follow one session. Three fan-outs run while the bot is killed and
restarted (``--kills`` times in all, spread over them):

1. the session's 15-minute reminder;
2. a change notice: at one of the restarts the event file names another room for that
   session, so the restarted bot announces the change and must render the rest of the
   reminder with the new room;
3. an announcement to everyone (stored while the bot is down, as the /broadcast preview's
   Send does, and resumed by the next start).

Figures: messages lost (a delegate without one of the three; must be 0), doubled (must be at
most the rows left 'sending' at the kills: those in flight), stale reminders (one naming the
old room, sent by a bot that had read the new file; must be 0). A baseline is not meaningful
here: without a kill nothing is lost or doubled, and the figures before the fixes are the
failing tests in tests/test_faults.py.

The baseline is the same run, same seed, against the bot as it was before these faults were
fixed (``--baseline-ref``, default the commit before issue 10, extracted with ``git archive``
into a temporary folder; ``--baseline-ref ''`` skips it).

Run: ``.venv/bin/python bench/bench_faults.py [--delegates N] [--kills K] [--seed S]``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_sender import TOKEN, chats, start_server  # noqa: E402

from bot.agenda.follows import FollowStore  # noqa: E402
from bot.announcements.model import EVERYONE, Draft  # noqa: E402
from bot.announcements.store import BroadcastStore  # noqa: E402
from bot.event import Event  # noqa: E402
from bot.programme.loader import load_event  # noqa: E402
from bot.storage import Storage  # noqa: E402
from tests.botapi import Call, FakeBotApi  # noqa: E402

EVENT = ROOT / "events" / "aspnet-lac-2024.yaml"
SESSION = "panel-evaluation"
ORGANISER = 9
LANGUAGES = ("es", "en", "fr")
ANNOUNCEMENT = "BENCH announcement: the closing dinner moves to the terrace"
REMINDER_MARK = "⏰"
CHANGE_MARK = "📣"


BASELINE_REF = "6280b72"  # main before issue 10 part A (stale reminders after a restart)


@dataclass
class Run:
    api: FakeBotApi
    workdir: Path
    n: int
    root: Path = ROOT  # the bot's source tree: this one, or the baseline's
    started: float = field(default_factory=time.monotonic)
    polls: int = 0
    in_flight: list[int] = field(default_factory=list)
    kills_by_phase: dict[str, int] = field(default_factory=dict)

    @property
    def db(self) -> Path:
        return self.workdir / "bot.sqlite3"

    @property
    def event_file(self) -> Path:
        return self.workdir / "event.yaml"


def kind_of(text: str) -> str:
    if ANNOUNCEMENT in text:
        return "announcement"
    if text.startswith(REMINDER_MARK):
        return "reminder"
    if text.startswith(CHANGE_MARK):
        return "change"
    return "other"


async def seed(run: Run) -> None:
    """The delegates (three languages), each following the session, before the first start."""
    storage = await Storage.open(run.db)
    follows = FollowStore(storage.connection)
    for i, chat in enumerate(chats(run.n)):
        await storage.set_language(chat, LANGUAGES[i % len(LANGUAGES)])
        await follows.follow(chat, [SESSION])
    await storage.close()


async def store_announcement(run: Run) -> None:
    """What /broadcast's Send stores; the next start plans and delivers it."""
    storage = await Storage.open(run.db)
    draft = Draft(audience=EVERYONE, texts={lang: ANNOUNCEMENT for lang in LANGUAGES})
    draft.texts_done = draft.media_done = draft.when_done = True
    draft.silent = False
    await BroadcastStore(storage.connection).create(
        ORGANISER, draft, now=datetime.now(UTC), progress_chat=ORGANISER
    )
    await storage.close()


async def spawn(run: Run, rehearse_origin: datetime) -> asyncio.subprocess.Process:
    """Start the bot; its rehearsal clock carries on from where the last one was."""
    now = rehearse_origin + timedelta(seconds=time.monotonic() - run.started)
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": run.api.url,
        "EVENT_FILE": str(run.event_file),
        "BOT_DB": str(run.db),
        "ORGANISER_IDS": str(ORGANISER),
        "REHEARSE_AT": now.replace(tzinfo=None).isoformat(timespec="seconds"),
        "LOG_LEVEL": "WARNING",
    }
    polls = run.polls
    log = open(run.workdir / "bot.log", "ab")  # noqa: SIM115 - closed when the process ends
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(run.root / "main.py"), env=env, stdout=log, stderr=log, cwd=run.root
    )
    log.close()
    deadline = time.monotonic() + 60
    while run.polls == polls and proc.returncode is None and time.monotonic() < deadline:
        await asyncio.sleep(0.02)  # up once it starts polling (start-up work is done)
    return proc


def sending_rows(db: Path) -> int:
    """Rows a killed bot left 'sending': in flight at the kill, the only possible doubles."""
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT COUNT(*) FROM outbox WHERE status = 'sending'")
                   .fetchone()[0])  # fmt: skip


def delivered(run: Run, kind: str) -> list[int]:
    return [
        sum(1 for m in run.api.messages(c) if kind_of(m.get("text", "")) == kind)
        for c in chats(run.n)
    ]


async def kill(run: Run, proc: asyncio.subprocess.Process, phase: str, rng: random.Random) -> None:
    await asyncio.sleep(rng.uniform(0.1, 1.2))
    if proc.returncode is None:
        os.kill(proc.pid, signal.SIGKILL)
    await proc.wait()
    run.in_flight.append(sending_rows(run.db))
    run.kills_by_phase[phase] = run.kills_by_phase.get(phase, 0) + 1


async def fault_run(
    n: int, kills: int, seed_value: int, workdir: Path, root: Path = ROOT, name: str = "fault run"
) -> dict[str, int]:
    rng = random.Random(seed_value)
    workdir.mkdir(parents=True, exist_ok=True)
    run_ref: list[Run] = []

    def on_call(call: Call) -> None:
        if call.method == "deleteWebhook" and run_ref:  # run_polling, after post_init
            run_ref[0].polls += 1

    api = await start_server(n, on_call=on_call)
    api.known_chats.add(ORGANISER)
    run = Run(api, workdir, n, root)
    run_ref.append(run)
    source = EVENT.read_text(encoding="utf-8")
    run.event_file.write_text(source, encoding="utf-8")
    event = load_event(run.event_file)
    session = event.session(SESSION)
    assert session is not None and session.room is not None
    old_room = session.room
    new_room = next(r for r in event.venue.rooms if r.id != old_room.id)
    origin = (session.start - timedelta(minutes=15, seconds=3)).astimezone(event.timezone)
    await seed(run)
    per_phase = max(1, kills // 3)
    change_at = per_phase // 2  # this restart reads the file with the new room
    phases = [
        ("reminder", per_phase),
        ("change", per_phase),
        ("announcement", kills - 2 * per_phase),
    ]
    started = time.perf_counter()
    stale_before = 0
    try:
        for phase, count in phases:
            if phase == "announcement":
                await store_announcement(run)
            for k in range(count):
                if phase == "reminder" and k == change_at:
                    block_start = source.index(f"  - id: {SESSION}\n")
                    block_end = source.index("  - id:", block_start + 5)
                    block = source[block_start:block_end]
                    moved = block.replace(f"room: {old_room.id}", f"room: {new_room.id}")
                    tmp = run.event_file.with_suffix(".tmp")
                    tmp.write_text(source.replace(block, moved), encoding="utf-8")
                    tmp.replace(run.event_file)  # the atomic replacement the README asks for
                    stale_before = stale_reminders(run, event, old_room.id)
                proc = await spawn(run, origin)
                await kill(run, proc, phase, rng)
        proc = await spawn(run, origin)  # the last start runs to the end
        deadline = time.monotonic() + 60 + 3 * n / 25
        want = ("reminder", "change", "announcement")
        while time.monotonic() < deadline and not all(
            0 not in delivered(run, kind) for kind in want
        ):
            await asyncio.sleep(0.2)
        await asyncio.sleep(2)  # anything doubled late would arrive now
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 30)
    finally:
        await api.stop()
    wall = time.perf_counter() - started
    stale = stale_reminders(run, event, old_room.id) - stale_before
    in_flight = sum(run.in_flight)
    print(f"{name}: {n} delegates following one session, {len(run.in_flight)} SIGKILLs")
    print(f"  kills       {run.kills_by_phase} (random moments 0.1-1.2 s after each start)")
    print(f"  in flight   {in_flight} rows left 'sending' over all kills: {run.in_flight}")
    total_doubled = 0
    total_lost = 0
    for kind in ("reminder", "change", "announcement"):
        got = delivered(run, kind)
        lost, doubled = got.count(0), sum(c - 1 for c in got if c > 1)
        total_lost += lost
        total_doubled += doubled
        print(f"  {kind:<12} delivered {sum(min(c, 1) for c in got)}/{n}, lost {lost}, "
              f"doubled {doubled}")  # fmt: skip
    fresh = stale_reminders(run, event, new_room.id)
    print(f"  stale       {stale} reminders naming the old room after the change was read")
    print(f"              ({fresh} reminders named the new room: the change came mid-fan-out)")
    print(f"  429s        {api.count_429} of {len(api.calls_to('sendMessage'))} sendMessage")
    print(f"  wall time   {wall:.1f} s", flush=True)
    checks = {
        "messages lost: 0": total_lost == 0,
        "doubled <= in flight at the kills": total_doubled <= in_flight,
        "stale reminders: 0": stale == 0,
        "at least 20 kills": len(run.in_flight) >= 20,
    }
    print("targets:")
    for check, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {check}")
    print(flush=True)
    return {
        "ok": all(checks.values()),
        "lost": total_lost,
        "doubled": total_doubled,
        "in flight": in_flight,
        "stale": stale,
    }


def stale_reminders(run: Run, event: Event, room_id: str) -> int:
    """Reminders whose room line names this room, counted over every delegate's chat."""
    room = event.room(room_id)
    assert room is not None
    named = 0
    for i, chat in enumerate(chats(run.n)):
        name = room.name.get(LANGUAGES[i % len(LANGUAGES)])
        for message in run.api.messages(chat):
            text = message.get("text", "")
            if kind_of(text) == "reminder" and f"📍 {name}" in text.splitlines():
                named += 1
    return named


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=300)
    parser.add_argument("--kills", type=int, default=21)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--baseline-ref", default=BASELINE_REF, help="git commit of the baseline")
    return parser.parse_args()


def extract(ref: str, into: Path) -> bool:
    """The bot's tree at ``ref``, from this repository's own history (nothing downloaded)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=False
    )
    if archive.returncode != 0:
        print(f"baseline skipped: git archive {ref}: {archive.stderr.decode().strip()}")
        return False
    into.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return True


async def main(args: argparse.Namespace) -> int:
    print("fake Bot API on 127.0.0.1, 30 messages/s enforced (429, retry_after 1)\n")
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)  # requests cut by a kill
    with tempfile.TemporaryDirectory() as tmp:
        now = await fault_run(args.delegates, args.kills, args.seed, Path(tmp) / "now")
        if args.baseline_ref and extract(args.baseline_ref, Path(tmp) / "tree"):
            name = f"baseline ({args.baseline_ref}, before the fixes)"
            old = await fault_run(
                args.delegates, args.kills, args.seed, Path(tmp) / "old", Path(tmp) / "tree", name
            )
            print("now vs baseline:")
            for figure in ("lost", "doubled", "in flight", "stale"):
                print(f"  {figure:<10} {now[figure]:>5} vs {old[figure]:>5}")
    return 0 if now["ok"] else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse())))
