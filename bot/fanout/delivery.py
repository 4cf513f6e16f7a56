"""Deliver an outbox job through the shared sender: the loop both reminders and broadcasts run.

It claims a few rows at a time (as many as the sender can have in flight, so a SIGKILL leaves
at most that many rows 'sending', the only possible duplicates), records every outcome as it
comes, and stops the whole job on the first content error: if Telegram refuses the message for
one delegate it will refuse it for all, and the organiser must hear about it, not a log file.

Run it as a background task (``application.create_task``): it takes minutes for a large fan-out
and the bot must keep answering everyone else meanwhile. Cancelling the task is a graceful
stop: requests already out are awaited and recorded, rows not yet sent go back to 'pending'.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.fanout.outbox import UNKNOWN_ERROR, Outbox, OutboxRow, Status
from bot.fanout.sender import Outcome, RateLimitedSender, SendResult

log = logging.getLogger(__name__)

OnBlocked = Callable[[int], Awaitable[None]]
OnProgress = Callable[[dict[str, int]], Awaitable[None]]


@dataclass(frozen=True)
class DeliveryReport:
    """What happened to a job: this run's outcomes, and the whole job's rows at the end."""

    job: str
    sent: int
    blocked: int
    failed: int
    unknown: int = 0  # the request left, no answer came: maybe delivered, never resent
    counts: dict[str, int] = field(default_factory=dict)
    stopped_reason: str | None = None
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        """Every recipient has a final status and nothing stopped the job."""
        left = self.counts.get(Status.PENDING, 0) + self.counts.get(Status.SENDING, 0)
        return self.stopped_reason is None and left == 0


async def deliver(
    outbox: Outbox,
    job: str,
    sender: RateLimitedSender,
    *,
    on_blocked: OnBlocked,
    on_progress: OnProgress | None = None,
    progress_every: float = 3.0,
) -> DeliveryReport:
    """Send a job's pending rows; returns when none is left, or the job was stopped.

    ``on_blocked(chat_id)`` runs for each 403 (the caller marks the delegate); ``on_progress``
    gets the job's counts every ``progress_every`` seconds and at the end (not on cancel). One
    deliver per job at a time; several jobs may run at once and share the sender's pace.
    """
    stop = asyncio.Event()
    run = asyncio.ensure_future(
        _Delivery(outbox, job, sender, stop, on_blocked, on_progress, progress_every).run()
    )
    try:
        return await asyncio.shield(run)
    except asyncio.CancelledError:
        stop.set()  # no new request starts; those already out are awaited and recorded
        await run
        raise


async def resume(
    outbox: Outbox, sender: RateLimitedSender, *, on_blocked: OnBlocked
) -> list[DeliveryReport]:
    """Finish every job a previous run left unfinished (call ``outbox.recover()`` first).

    The jobs run side by side, sharing the sender's pace, so a reminder is not stuck behind a
    long broadcast.
    """
    jobs = await outbox.unfinished_jobs()
    return list(
        await asyncio.gather(*(deliver(outbox, j, sender, on_blocked=on_blocked) for j in jobs))
    )


class _Delivery:
    def __init__(
        self,
        outbox: Outbox,
        job: str,
        sender: RateLimitedSender,
        stop: asyncio.Event,
        on_blocked: OnBlocked,
        on_progress: OnProgress | None,
        progress_every: float,
    ) -> None:
        self.outbox, self.job, self.sender, self.stop = outbox, job, sender, stop
        self.on_blocked = on_blocked
        self.on_progress = on_progress
        self.progress_every = progress_every
        self.workers: dict[asyncio.Task[SendResult], OutboxRow] = {}
        self.tally: Counter[str] = Counter()
        self.stopped_reason: str | None = None
        loop = asyncio.get_running_loop()
        self.clock = loop.time
        self.started = self.clock()
        self.next_progress = self.started + progress_every

    async def run(self) -> DeliveryReport:
        while await self._pump() and not self.stop.is_set():
            if not await self._more_planned():  # rows planned while the last batch went out
                break
        return await self._report()

    async def _pump(self) -> bool:
        """Claim and send until nothing is left to claim; whether anything was claimed."""
        claimed_any = exhausted = False
        while True:
            free = self.sender.max_in_flight - len(self.workers)
            if free > 0 and not exhausted and not self.stop.is_set():
                rows = await self.outbox.claim(self.job, free)
                exhausted = not rows
                claimed_any = claimed_any or bool(rows)
                for row in rows:
                    wanted = functools.partial(self.outbox.still_claimed, row.id)
                    send = self.sender.send(row.chat_id, row.payload, stop=self.stop, wanted=wanted)
                    self.workers[asyncio.ensure_future(send)] = row
            if not self.workers:
                return claimed_any
            timeout = None
            if self.on_progress is not None:
                timeout = max(0.0, self.next_progress - self.clock())
            done, _ = await asyncio.wait(
                self.workers, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            for task in done:
                await self._record(self.workers.pop(task), _result(task))
            if self.on_progress is not None and self.clock() >= self.next_progress:
                await self._progress()

    async def _more_planned(self) -> bool:
        counts = await self.outbox.counts(self.job)
        job = await self.outbox.get_job(self.job)
        return bool(counts[Status.PENDING]) and job is not None and job.stopped_reason is None

    async def _record(self, row: OutboxRow, result: SendResult) -> None:
        outcome = result.outcome
        if outcome is Outcome.NOT_SENT:
            await self.outbox.release([row.id])
            return
        status = {Outcome.SENT: Status.SENT, Outcome.BLOCKED: Status.BLOCKED}.get(
            outcome, Status.FAILED
        )
        error = result.error
        if outcome is Outcome.UNKNOWN:
            error = f"{UNKNOWN_ERROR}: {error}"
        await self.outbox.mark(row.id, status, error, attempts=result.calls)
        self.tally[Status.UNKNOWN if outcome is Outcome.UNKNOWN else status] += 1
        if outcome is Outcome.BLOCKED:
            try:
                await self.on_blocked(row.chat_id)
            except Exception:
                log.exception("on_blocked failed for chat %s", row.chat_id)
        elif outcome in (Outcome.BAD_CONTENT, Outcome.ERROR) and self.stopped_reason is None:
            kind = "bad content" if outcome is Outcome.BAD_CONTENT else "unexpected error"
            self.stopped_reason = f"{kind}: {result.error}"
            log.error("job %s stopped: %s", self.job, self.stopped_reason)
            self.stop.set()
            await self.outbox.stop(self.job, self.stopped_reason)

    async def _progress(self) -> None:
        self.next_progress = self.clock() + self.progress_every
        if self.on_progress is None:
            return
        try:
            await self.on_progress(await self.outbox.counts(self.job))
        except Exception:
            log.exception("on_progress failed for job %s", self.job)

    async def _report(self) -> DeliveryReport:
        counts = await self.outbox.counts(self.job)
        job = await self.outbox.get_job(self.job)
        stopped = self.stopped_reason or (job.stopped_reason if job else None)
        cancelled = self.stop.is_set() and self.stopped_reason is None
        if (
            not cancelled
            and stopped is None
            and not counts[Status.PENDING] + counts[Status.SENDING]
        ):
            await self.outbox.finish(self.job)
        if not cancelled:
            await self._progress()
        return DeliveryReport(
            job=self.job,
            sent=self.tally[Status.SENT],
            blocked=self.tally[Status.BLOCKED],
            failed=self.tally[Status.FAILED],
            unknown=self.tally[Status.UNKNOWN],
            counts=counts,
            stopped_reason=stopped,
            seconds=self.clock() - self.started,
        )


def _result(task: asyncio.Task[SendResult]) -> SendResult:
    """A send that raised (a bug) stops the job like a content error rather than vanishing."""
    exc = task.exception()
    if exc is None:
        return task.result()
    log.error("send raised", exc_info=exc)
    return SendResult(Outcome.ERROR, f"{type(exc).__name__}: {exc}")
