"""One sender for every fan-out (reminders, change notices, announcements).

The pace itself is the bot's one ``SendBudget`` (``bot/fanout/budget.py``), shared with the replies
to delegates, which go first. On top of it this sender keeps several requests in flight so
network latency does not cap the rate, one message at a time per chat, retries what is worth
retrying with backoff, and stops gracefully; a 429 pauses the whole budget.

The transport (``handlers/transport.py`` for Telegram, a fake in tests) turns the API's errors
into the exceptions below, so the pacing and retry rules here hold without Telegram types.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from bot.fanout.budget import Priority, SendBudget, Sleep, Timer
from bot.ui.views import Reply

log = logging.getLogger(__name__)

Payload = dict[str, Any]
INTERACTIVE_RETRIES = 3  # 429s a waiting person's message sits out before the error is shown


class RetryLater(Exception):
    """Flood control: nothing may be sent for ``seconds``; the message itself was fine."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = float(seconds)


class Blocked(Exception):
    """The delegate blocked the bot (or never started it): retrying only costs requests."""


class Undeliverable(Exception):
    """This recipient can never get it (chat not found, group moved); others still can."""


class BadContent(Exception):
    """The message itself is refused (broken HTML, too long): every recipient would fail."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Transient(Exception):
    """A timeout or network error: the same request may well succeed a little later."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OutcomeUnknown(Exception):
    """The request left but no answer came (a read timeout, a dropped connection): Telegram
    may well have delivered it. Never retried, since a retry could double the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Transport(Protocol):
    async def send(self, chat_id: int, payload: Payload) -> None:
        """Deliver one message or raise one of this module's exceptions."""
        ...


class Outcome(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"  # this recipient only: undeliverable, or retries used up
    BAD_CONTENT = "bad_content"  # the message: the job must stop
    ERROR = "error"  # an unexpected exception (a bug, a revoked token): the job must stop too
    NOT_SENT = "not_sent"  # stopped before the request went out: safe to send later
    UNKNOWN = "unknown"  # the request left and no answer came: maybe delivered, not resent


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    error: str | None = None
    calls: int = 0  # requests made, 429s included


def payload_for(
    reply: Reply,
    *,
    silent: bool = False,
    photo: str | None = None,
    document: str | None = None,
) -> Payload:
    """The outbox payload for a view, so fan-outs reuse the screens delegates already see.

    Stored as JSON in the outbox, read back by the transport: ``text`` (HTML, escaped by the
    views), ``buttons`` as rows of ``{"label", "data"}`` and ``silent`` (no notification sound,
    for non-urgent news). ``photo`` or ``document`` is a Telegram ``file_id`` (an organiser's
    upload, reused for every recipient so the file travels once): the text becomes its caption.
    A view's location pin is not carried.
    """
    if photo and document:
        raise ValueError("a message carries a photo or a document, not both")
    payload: Payload = {"text": reply.text}
    if reply.buttons:
        payload["buttons"] = [
            [{"label": button.label, "data": button.data} for button in row]
            for row in reply.buttons
        ]
    if silent:
        payload["silent"] = True
    if photo:
        payload["photo"] = photo
    if document:
        payload["document"] = document
    return payload


@dataclass
class _ChatTurn:
    lock: asyncio.Lock
    users: int = 0


class RateLimitedSender:
    """Shared by every delivery of the bot; its pace is the bot's one ``SendBudget``.

    Fan-outs ask for ``BULK`` turns, so a delegate's reply (``INTERACTIVE``, through the same
    budget) is never stuck behind an announcement. The sender adds what a fan-out needs on top
    of the budget: a bounded number of requests in flight, retries with backoff, and a
    graceful stop.
    """

    def __init__(
        self,
        transport: Transport,
        *,
        per_second: float = 28.0,
        per_chat_interval: float = 1.0,
        budget: SendBudget | None = None,
        max_in_flight: int = 8,
        max_attempts: int = 5,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        max_pauses: int = 20,
        clock: Timer = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if max_in_flight < 1 or max_attempts < 1:
            raise ValueError("max_in_flight and max_attempts must be positive")
        self.transport = transport
        self.budget = budget or SendBudget(
            per_second, per_chat_interval=per_chat_interval, clock=clock, sleep=sleep
        )
        self.max_in_flight = max_in_flight
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_pauses = max_pauses  # bounds a message's 429 retries if floods never end
        self._clock = clock
        self._sleep = sleep
        self._permits = asyncio.Semaphore(max_in_flight)
        self._chats: dict[int, _ChatTurn] = {}

    @property
    def per_second(self) -> float:
        return self.budget.per_second

    async def send_interactive(self, chat_id: int, payload: Payload) -> None:
        """Send one message for a person waiting for it (an organiser's preview) now, ahead of
        any fan-out, within the same budget. Raises the transport's exceptions, except a 429,
        which pauses the whole budget and is retried a few times."""
        for pauses in itertools.count(1):
            await self.budget.acquire(chat_id, Priority.INTERACTIVE)
            try:
                await self.transport.send(chat_id, payload)
                return
            except RetryLater as exc:
                self.budget.pause(exc.seconds)
                if pauses >= INTERACTIVE_RETRIES:
                    raise

    async def send(
        self,
        chat_id: int,
        payload: Payload,
        *,
        stop: asyncio.Event | None = None,
        wanted: Callable[[], Awaitable[bool]] | None = None,
    ) -> SendResult:
        """Send one message as soon as the pace allows, retrying what is worth retrying.

        Never raises for delivery problems: the outcome says what happened. Once ``stop`` is set
        no new request starts (the result is NOT_SENT), but one already out is awaited, so the
        caller can record it: that is what makes a graceful stop lose and double nothing.
        ``wanted`` is asked just before each request leaves: a message withdrawn while it
        waited (its delegate deleted their data) is NOT_SENT too.
        """
        calls = failures = pauses = 0
        async with self._chat_turn(chat_id):
            while True:
                if not await self._start_turn(chat_id, stop):
                    return SendResult(Outcome.NOT_SENT, "stopped before sending", calls)
                if wanted is not None and not await wanted():
                    self._permits.release()
                    return SendResult(Outcome.NOT_SENT, "withdrawn before sending", calls)
                calls += 1
                try:
                    await self.transport.send(chat_id, payload)
                    return SendResult(Outcome.SENT, None, calls)
                except RetryLater as exc:  # not the message's fault: not counted as an attempt
                    pauses += 1
                    self.budget.pause(exc.seconds)
                    if pauses > self.max_pauses:
                        return SendResult(Outcome.FAILED, f"flood control {pauses} times", calls)
                    continue
                except Transient as exc:
                    failures += 1
                    if failures >= self.max_attempts:
                        reason = f"gave up after {failures} attempts: {exc.reason}"
                        return SendResult(Outcome.FAILED, reason, calls)
                    reason = exc.reason
                except OutcomeUnknown as exc:
                    return SendResult(Outcome.UNKNOWN, exc.reason, calls)
                except Blocked as exc:
                    return SendResult(Outcome.BLOCKED, str(exc) or "blocked", calls)
                except Undeliverable as exc:
                    return SendResult(Outcome.FAILED, str(exc) or "undeliverable", calls)
                except BadContent as exc:
                    return SendResult(Outcome.BAD_CONTENT, exc.reason, calls)
                except Exception as exc:
                    log.exception("unexpected error sending to chat %s", chat_id)
                    return SendResult(Outcome.ERROR, f"{type(exc).__name__}: {exc}", calls)
                finally:
                    self._permits.release()  # before any backoff: a waiting retry holds no permit
                if not await self._wait(self._backoff_delay(failures), stop):
                    return SendResult(Outcome.NOT_SENT, f"stopped after {reason}", calls)

    def _backoff_delay(self, failures: int) -> float:
        return min(self.backoff * 2 ** (failures - 1), self.max_backoff)

    async def _start_turn(self, chat_id: int, stop: asyncio.Event | None) -> bool:
        """Wait for this chat's spacing, a free request slot and the budget's turn.

        The chat's spacing is waited out before taking a request slot, so a slot is not held
        idle; the slot is taken before the turn, so if answers are slow the next start waits
        for one to come back instead of a backlog leaving in a burst later. On True the caller
        holds a permit and must release it.
        """
        delay = self.budget.chat_ready_at(chat_id) - self._clock()
        if delay > 0 and not await self._wait(delay, stop):
            return False
        await self._permits.acquire()
        try:
            if await self.budget.acquire(chat_id, Priority.BULK, stop):
                return True
        except BaseException:
            self._permits.release()
            raise
        self._permits.release()
        return False

    async def _wait(self, delay: float, stop: asyncio.Event | None) -> bool:
        """Sleep, cut short by ``stop``; False if stopped."""
        if stop is None:
            await self._sleep(delay)
            return True
        if stop.is_set():
            return False
        sleeper = asyncio.ensure_future(self._sleep(delay))
        stopper = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({sleeper, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            stopper.cancel()
        return not stop.is_set()

    @asynccontextmanager
    async def _chat_turn(self, chat_id: int) -> AsyncIterator[None]:
        """One message at a time per chat (retries included), so spacing is measured simply."""
        turn = self._chats.setdefault(chat_id, _ChatTurn(asyncio.Lock()))
        turn.users += 1
        try:
            async with turn.lock:
                yield
        finally:
            turn.users -= 1
            if turn.users == 0:
                del self._chats[chat_id]
