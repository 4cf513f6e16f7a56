"""An announcement on its way: planned, delivered with live progress, resumed, or scheduled.

Sending never blocks the bot: Send stores the row, plans one outbox job ``bc:<id>`` and
delivers it in a background task through the shared sender, editing one progress message in
the organiser's chat every few seconds and ending with a report. The row keeps where that
message is, so a restarted bot (``resume``, called from ``post_init``) reattaches to it.
Scheduled announcements are JobQueue jobs re-armed from SQLite at start-up, with delays from
the bot's clock so a rehearsal (``--rehearse``) fires them at the rehearsed time.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from telegram import Bot
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application

from bot.announcements import model as bc
from bot.announcements import reports
from bot.announcements.store import Broadcast, BroadcastStore
from bot.fanout.delivery import deliver
from bot.fanout.sender import Payload
from bot.i18n import Translator
from bot.services import Services
from bot.ui.split import split_message
from handlers.context import BotContext, services_of

log = logging.getLogger(__name__)

JOB_PREFIX = bc.JOB_PREFIX  # outbox jobs "bc:<id>", resumed here rather than generically
PROGRESS_EVERY = 3.0  # seconds between edits of the progress message


async def _organiser_translator(svc: Services, broadcast: Broadcast) -> Translator:
    """The language the organiser wrote in (stored with the row), else their stored choice."""
    if broadcast.organiser_language:
        return svc.translator(broadcast.organiser_language)
    return svc.translator(await svc.language_for(broadcast.organiser_id, None))


async def plan(svc: Services, broadcast: Broadcast) -> int:
    """The outbox job: one row per recipient with their language's payload; idempotent.

    Recipients are chosen now (not when the draft was written), so the latest followers and
    language choices count; blocked delegates are left out.
    """
    blocked = await svc.storage.blocked_users()
    recipients = await svc.announcements.recipients(
        broadcast.audience, svc.event, svc.follows, blocked
    )
    payloads: dict[str, Payload] = {}
    rows = []
    for user_id, language in recipients:
        if language not in payloads:
            payloads[language] = bc.payload(
                svc.event, svc.translator(language), broadcast.texts, broadcast.media,
                silent=broadcast.silent,
            )  # fmt: skip
        rows.append((user_id, payloads[language]))
    added = await svc.outbox.create_job(broadcast.job, bc.KIND, rows)
    log.info("announcement #%d planned for %d delegates", broadcast.id, len(rows))
    return added


async def launch(
    application: Application, broadcast: Broadcast, t: Translator | None = None
) -> asyncio.Task[None]:
    """Plan and deliver in the background: a fan-out of minutes must never block anyone."""
    svc = services_of(application)
    await plan(svc, broadcast)
    return svc.track(_run(application, broadcast.id, t), name=broadcast.job)


class _Progress:
    """The organiser's live progress message: one message, edited, never awaited by delivery.

    ``update`` only records the latest counts and starts an edit if none is running, so a slow
    or flood-limited edit never holds up the sends.
    """

    def __init__(
        self, bot: Bot, broadcasts: BroadcastStore, broadcast: Broadcast, t: Translator
    ) -> None:
        self.bot, self.broadcasts, self.t = bot, broadcasts, t
        self.id = broadcast.id
        self.chat = broadcast.progress_chat or broadcast.organiser_id
        self.message = broadcast.progress_message
        self.latest: dict[str, int] | None = None
        self.task: asyncio.Task[None] | None = None

    async def attach(self, counts: dict[str, int]) -> None:
        """Show the counts in the stored message (a restart), or post a new one."""
        await self._show(counts)

    async def update(self, counts: dict[str, int]) -> None:
        self.latest = counts
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._drain(), name=f"progress {self.id}")

    async def _drain(self) -> None:
        while self.latest is not None:
            counts, self.latest = self.latest, None
            await self._show(counts)

    async def settle(self) -> None:
        if self.task is not None:
            await self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    async def _show(self, counts: dict[str, int]) -> None:
        text = reports.progress(self.t, self.id, counts)
        if self.message is not None:
            try:
                await self.bot.edit_message_text(text, self.chat, self.message)
                return
            except BadRequest as exc:
                reason = str(exc).lower()
                if "not modified" in reason:
                    return
                if "not found" not in reason and "can't be edited" not in reason:
                    log.warning("progress of announcement #%d not shown: %s", self.id, exc)
                    return
            except TelegramError as exc:
                log.warning("progress of announcement #%d not shown: %s", self.id, exc)
                return
        try:
            sent = await self.bot.send_message(self.chat, text)
        except TelegramError as exc:
            log.warning("progress of announcement #%d not shown: %s", self.id, exc)
            return
        self.message = sent.message_id
        await self.broadcasts.set_progress(self.id, self.chat, sent.message_id)

    async def report(self, counts: dict[str, int], stopped_reason: str | None) -> None:
        text = reports.final_report(self.t, self.id, counts, stopped_reason)
        try:
            for chunk in split_message(text):
                await self.bot.send_message(self.chat, chunk)
        except TelegramError as exc:
            log.warning("report of announcement #%d not sent: %s", self.id, exc)


async def _run(application: Application, broadcast_id: int, t: Translator | None) -> None:
    svc = services_of(application)
    broadcasts = svc.announcements
    broadcast = await broadcasts.get(broadcast_id)
    assert broadcast is not None and svc.sender is not None
    t = t or await _organiser_translator(svc, broadcast)
    progress = _Progress(application.bot, broadcasts, broadcast, t)
    await progress.attach(await svc.outbox.counts(broadcast.job))

    async def blocked(chat_id: int) -> None:
        await svc.storage.mark_blocked(chat_id)

    try:
        report = await deliver(
            svc.outbox, broadcast.job, svc.sender,
            on_blocked=blocked, on_progress=progress.update, progress_every=PROGRESS_EVERY,
        )  # fmt: skip
    except BaseException:  # a graceful stop (cancel): the next start resumes from the outbox
        progress.cancel()
        raise
    await progress.settle()
    status = bc.STOPPED if report.stopped_reason else bc.SENT_STATUS
    await broadcasts.finish(broadcast.id, status)  # before the report: never reported twice
    log.info("announcement #%d %s: %s", broadcast.id, status, report.counts)
    await progress.report(report.counts, report.stopped_reason)


async def resume(application: Application) -> int:
    """At start-up, after ``outbox.recover()``: finish announcements a stop or a kill
    interrupted (progress and report go to the stored message and chat), and re-arm the
    scheduled ones. Returns how many deliveries were resumed."""
    svc = services_of(application)
    broadcasts = svc.announcements
    ids = {b.id for b in await broadcasts.with_status(bc.SENDING_STATUS)}
    for job in await svc.outbox.unfinished_jobs():
        broadcast_id = bc.id_of(job)
        if broadcast_id is not None:
            ids.add(broadcast_id)
    resumed = 0
    for broadcast_id in sorted(ids):
        broadcast = await broadcasts.get(broadcast_id)
        if broadcast is None:  # an outbox job without its row: deliver it plainly
            svc.start_delivery(bc.job_of(broadcast_id))
            continue
        if await svc.outbox.get_job(broadcast.job) is None:  # killed while planning
            await plan(svc, broadcast)
        svc.track(_run(application, broadcast.id, None), name=broadcast.job)
        resumed += 1
    if resumed:
        log.warning("%d announcements interrupted by the last stop are resumed", resumed)
    await arm(application)
    return resumed


def arm_one(application: Application, broadcast: Broadcast) -> None:
    """One JobQueue job per scheduled announcement, named and identified by its outbox job,
    so arming it again replaces it; the delay comes from the bot's clock (rehearsals)."""
    svc = services_of(application)
    assert application.job_queue is not None and broadcast.send_at is not None
    delay = max(0.0, (broadcast.send_at - svc.clock()).total_seconds())
    application.job_queue.run_once(
        _fire,
        when=timedelta(seconds=delay),
        data=broadcast.id,
        name=broadcast.job,
        job_kwargs={"id": broadcast.job, "replace_existing": True, "misfire_grace_time": None},
    )


async def arm(application: Application) -> int:
    """Re-arm every scheduled announcement (at start-up: jobs live in memory only).

    One whose time passed while the bot was down goes out at once: the organiser asked for it
    to be sent, and the report tells them when it actually went.
    """
    svc = services_of(application)
    scheduled = await svc.announcements.with_status(bc.SCHEDULED)
    for broadcast in scheduled:
        arm_one(application, broadcast)
    return len(scheduled)


async def _fire(context: BotContext) -> None:
    svc = context.svc
    assert context.job is not None
    broadcast_id = context.job.data
    assert isinstance(broadcast_id, int)
    broadcasts = svc.announcements
    if not await broadcasts.start_sending(broadcast_id, svc.clock()):
        return  # cancelled, or already on its way
    broadcast = await broadcasts.get(broadcast_id)
    assert broadcast is not None
    await launch(context.application, broadcast)
