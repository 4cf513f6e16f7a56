"""One send budget for everything the bot sends, with interactive replies first.

Telegram counts every message a bot sends against the same limits: about 30 a second overall,
about one a second per chat, 20 a minute per group, and a 429 ``retry_after`` stops them all.
Two separate limiters (one for fan-outs, one for replies) together exceed the overall limit,
and a 429 provoked by one does not pause the other. So every message start, whoever asks for
it, is granted here:

- at an even pace of ``per_second`` (bursting up to the limit draws 429s, see the notes), with
  a hard cap of ``per_second`` starts in any trailing second;
- never two to one chat within ``per_chat_interval``, nor more than ``group_per_minute`` to one
  group (negative chat id) in a minute;
- nothing at all while a 429 pause runs (``pause``);
- among those waiting whose chat may receive now, ``INTERACTIVE`` before ``BULK``, then first
  come, first served. A delegate's answer therefore waits for at most one pace interval
  however long the announcement being delivered, and the announcement gets the rest.

Plain asyncio, no Telegram types: the sender (fan-outs) and the request transport (replies)
both ask it for a turn.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import IntEnum

log = logging.getLogger(__name__)

Timer = Callable[[], float]  # monotonic seconds: pacing, not the bot's clock (bot/clock.py)
Sleep = Callable[[float], Awaitable[None]]
CATCH_UP = 0.1  # a late start may shorten the next gap by this share of the interval, no more
GROUP_WINDOW = 60.0


class Priority(IntEnum):
    INTERACTIVE = 0  # a person is waiting: replies, screen edits, previews, progress
    BULK = 1  # fan-outs: reminders, change notices, announcements


@dataclass
class _Waiter:
    priority: Priority
    seq: int
    chat_id: int | None
    granted: asyncio.Future[None] = field(repr=False)


class SendBudget:
    """Grants message starts; see the module docstring for the rules."""

    def __init__(
        self,
        per_second: float = 28.0,
        *,
        per_chat_interval: float = 1.0,
        group_per_minute: int = 20,
        clock: Timer = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.per_second = per_second
        self.per_chat_interval = per_chat_interval
        self.group_per_minute = group_per_minute
        self._clock = clock
        self._sleep = sleep
        self._interval = 1.0 / per_second
        self._per_window = max(1, math.floor(per_second + 1e-9))
        self._next_start = -math.inf
        self._recent: deque[float] = deque()  # starts in the last second
        self._paused_until = -math.inf
        self._chat_started: dict[int, float] = {}
        self._group_starts: dict[int, deque[float]] = {}
        self._prune_at = 1024
        self._waiters: list[_Waiter] = []
        self._seq = itertools.count()
        self._kicked = asyncio.Event()
        self._dispatcher: asyncio.Task[None] | None = None
        self.granted: dict[Priority, int] = dict.fromkeys(Priority, 0)

    async def acquire(
        self, chat_id: int | None, priority: Priority, stop: asyncio.Event | None = None
    ) -> bool:
        """Wait for this message's turn; False if ``stop`` was set first (nothing may start)."""
        if stop is not None and stop.is_set():
            return False
        granted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        waiter = _Waiter(priority, next(self._seq), chat_id, granted)
        self._waiters.append(waiter)
        self._kick()
        try:
            if stop is None:
                await granted
                return True
            stopper = asyncio.ensure_future(stop.wait())
            try:
                await asyncio.wait({granted, stopper}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stopper.cancel()
            return granted.done() and not stop.is_set()
        finally:
            if not granted.done():
                granted.cancel()
                self._waiters.remove(waiter)

    def chat_ready_at(self, chat_id: int | None) -> float:
        """When this chat may next receive a message (the past if it may now)."""
        if chat_id is None:
            return -math.inf
        ready = self._chat_started.get(chat_id, -math.inf) + self.per_chat_interval
        starts = self._group_starts.get(chat_id)
        if starts is not None:
            while starts and starts[0] <= self._clock() - GROUP_WINDOW:
                starts.popleft()
            if len(starts) >= self.group_per_minute:
                ready = max(ready, starts[0] + GROUP_WINDOW)
        return ready

    def pause(self, seconds: float) -> None:
        """Flood control: nothing starts for ``seconds`` (a 429 stops the whole bot)."""
        until = self._clock() + max(seconds, 0.0)
        if until > self._paused_until:
            log.warning("flood control: pausing all sending for %.1f s", seconds)
            self._paused_until = until
            self._next_start = -math.inf  # resume at the pace, without catching up

    def _kick(self) -> None:
        self._kicked.set()
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.ensure_future(self._dispatch())

    async def _dispatch(self) -> None:
        try:
            while self._waiters:
                self._kicked.clear()
                now = self._clock()
                start = max(self._next_start, self._paused_until, self._window_opens(now))
                if now < start:
                    await self._sleep(start - now)  # nobody may start earlier, whoever comes
                    continue
                best: _Waiter | None = None
                ready_at = math.inf
                for waiter in self._waiters:
                    at = self.chat_ready_at(waiter.chat_id)
                    if at > now:
                        ready_at = min(ready_at, at)
                    elif best is None or (waiter.priority, waiter.seq) < (best.priority, best.seq):
                        best = waiter
                if best is None:  # every waiting chat is spaced: wait for one, or a newcomer
                    await self._sleep_or_kick(ready_at - now)
                    continue
                self._waiters.remove(best)
                self._paced(now)
                self._started(best.chat_id, now)
                self.granted[best.priority] += 1
                best.granted.set_result(None)
        except BaseException as exc:  # never leave a waiter hanging
            for waiter in self._waiters:
                if not waiter.granted.done():
                    waiter.granted.set_exception(RuntimeError(f"send budget failed: {exc!r}"))
            raise

    async def _sleep_or_kick(self, delay: float) -> None:
        sleeper = asyncio.ensure_future(self._sleep(delay))
        kicked = asyncio.ensure_future(self._kicked.wait())
        try:
            await asyncio.wait({sleeper, kicked}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            kicked.cancel()

    def _window_opens(self, now: float) -> float:
        """When the trailing second holds fewer than ``per_second`` starts: Telegram counts per
        second, so this hard cap holds whatever the schedule (or a catching-up timer) does."""
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        return self._recent[0] + 1.0 if len(self._recent) >= self._per_window else -math.inf

    def _paced(self, now: float) -> None:
        """Schedule the next start one interval after this one was due, not after it happened.

        Timers wake a little late (about a millisecond here); starting the next interval from
        the actual start would lose that every time (3-4% of the rate). Keeping to the schedule
        absorbs it, while the gap never shrinks below 90% of the interval (no bursts). A start
        over an interval late (idle, paused, a stalled event loop) restarts the schedule from
        now: the window cap would not let lost time be caught up anyway.
        """
        due = self._next_start if now - self._next_start < self._interval else now
        self._next_start = max(due + self._interval, now + self._interval * (1 - CATCH_UP))
        self._recent.append(now)

    def _started(self, chat_id: int | None, now: float) -> None:
        if chat_id is None:
            return
        self._chat_started[chat_id] = now
        if chat_id < 0:
            self._group_starts.setdefault(chat_id, deque()).append(now)
        if len(self._chat_started) > self._prune_at:  # only recent starts matter for spacing
            horizon = now - self.per_chat_interval
            self._chat_started = {c: t for c, t in self._chat_started.items() if t > horizon}
            group_horizon = now - GROUP_WINDOW
            self._group_starts = {
                c: s for c, s in self._group_starts.items() if s and s[-1] > group_horizon
            }
            self._prune_at = max(1024, 2 * len(self._chat_started))
