"""An announcement on its way: planned, delivered with live progress, resumed, or scheduled.

Sending never blocks the bot: Send stores the row, plans one outbox job ``bc:<id>`` (whom and
what: ``bot.announcements.planning``) and delivers it in a background task through the shared
sender, editing one progress message in the organiser's chat every few seconds and ending with
a report. The row keeps where that
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

from bot.announcements import model, planning, reports
from bot.announcements.store import Announcement, BroadcastStore
from bot.fanout.delivery import deliver
from bot.i18n import Translator
from bot.services import Services
from bot.ui.split import split_message
from handlers.context import BotContext, services_of
from handlers.transport import cannot_edit, not_modified

log = logging.getLogger(__name__)

JOB_PREFIX = model.JOB_PREFIX  # outbox jobs "bc:<id>", resumed here rather than generically
PROGRESS_EVERY = 3.0  # seconds between edits of the progress message


async def _organiser_translator(svc: Services, announcement: Announcement) -> Translator:
    """The language the organiser wrote in (stored with the row), else their stored choice."""
    if announcement.organiser_language:
        return svc.translator(announcement.organiser_language)
    return svc.translator(await svc.language_for(announcement.organiser_id, None))


async def _plan(svc: Services, announcement: Announcement) -> None:
    async with svc.forgetting:
        rows = await planning.plan(
            svc.storage, svc.announcements, svc.follows, svc.outbox, svc.event, announcement
        )
    log.info("announcement #%d planned for %d delegates", announcement.id, len(rows))


async def launch(
    application: Application, announcement: Announcement, t: Translator | None = None
) -> asyncio.Task[None]:
    """Plan and deliver in the background: a fan-out of minutes must never block anyone."""
    svc = services_of(application)
    await _plan(svc, announcement)
    return svc.track(_run(application, announcement.id, t), name=announcement.job)


class _Progress:
    """The organiser's live progress message: one message, edited, never awaited by delivery.

    ``update`` only records the latest counts and starts an edit if none is running, so a slow
    or flood-limited edit never holds up the sends.
    """

    def __init__(
        self, bot: Bot, announcements: BroadcastStore, announcement: Announcement, t: Translator
    ) -> None:
        self.bot, self.announcements, self.t = bot, announcements, t
        self.id = announcement.id
        self.chat = announcement.progress_chat or announcement.organiser_id
        self.message = announcement.progress_message
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
                if not_modified(exc):
                    return
                if not cannot_edit(exc):
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
        await self.announcements.set_progress(self.id, self.chat, sent.message_id)

    async def report(self, counts: dict[str, int], stopped_reason: str | None) -> None:
        text = reports.final_report(self.t, self.id, counts, stopped_reason)
        try:
            for chunk in split_message(text):
                await self.bot.send_message(self.chat, chunk)
        except TelegramError as exc:
            log.warning("report of announcement #%d not sent: %s", self.id, exc)


async def _run(application: Application, announcement_id: int, t: Translator | None) -> None:
    svc = services_of(application)
    announcements = svc.announcements
    announcement = await announcements.get(announcement_id)
    assert announcement is not None and svc.sender is not None
    t = t or await _organiser_translator(svc, announcement)
    progress = _Progress(application.bot, announcements, announcement, t)
    await progress.attach(await svc.outbox.counts(announcement.job))

    async def blocked(chat_id: int) -> None:
        await svc.storage.mark_blocked(chat_id)

    try:
        report = await deliver(
            svc.outbox, announcement.job, svc.sender,
            on_blocked=blocked, on_progress=progress.update, progress_every=PROGRESS_EVERY,
        )  # fmt: skip
    except BaseException:  # a graceful stop (cancel): the next start resumes from the outbox
        progress.cancel()
        raise
    await progress.settle()
    status = model.STOPPED if report.stopped_reason else model.SENT_STATUS
    await announcements.finish(announcement.id, status)  # before the report: reported once
    log.info("announcement #%d %s: %s", announcement.id, status, report.counts)
    await progress.report(report.counts, report.stopped_reason)


async def resume(application: Application) -> int:
    """At start-up, after ``outbox.recover()``: finish announcements a stop or a kill
    interrupted (progress and report go to the stored message and chat), and re-arm the
    scheduled ones. Returns how many deliveries were resumed."""
    svc = services_of(application)
    announcements = svc.announcements
    ids = {b.id for b in await announcements.with_status(model.SENDING_STATUS)}
    for job in await svc.outbox.unfinished_jobs():
        announcement_id = model.id_of(job)
        if announcement_id is not None:
            ids.add(announcement_id)
    resumed = 0
    for announcement_id in sorted(ids):
        announcement = await announcements.get(announcement_id)
        if announcement is None:  # an outbox job without its row: deliver it plainly
            svc.start_delivery(model.job_of(announcement_id))
            continue
        if await svc.outbox.get_job(announcement.job) is None:  # killed while planning
            await _plan(svc, announcement)
        svc.track(_run(application, announcement.id, None), name=announcement.job)
        resumed += 1
    if resumed:
        log.warning("%d announcements interrupted by the last stop are resumed", resumed)
    await arm(application)
    return resumed


def arm_one(application: Application, announcement: Announcement) -> None:
    """One JobQueue job per scheduled announcement, named and identified by its outbox job,
    so arming it again replaces it; the delay comes from the bot's clock (rehearsals)."""
    svc = services_of(application)
    assert application.job_queue is not None and announcement.send_at is not None
    delay = max(0.0, (announcement.send_at - svc.clock()).total_seconds())
    application.job_queue.run_once(
        _fire,
        when=timedelta(seconds=delay),
        data=announcement.id,
        name=announcement.job,
        job_kwargs={"id": announcement.job, "replace_existing": True, "misfire_grace_time": None},
    )


async def arm(application: Application) -> int:
    """Re-arm every scheduled announcement (at start-up: jobs live in memory only).

    One whose time passed while the bot was down goes out at once: the organiser asked for it
    to be sent, and the report tells them when it actually went.
    """
    svc = services_of(application)
    scheduled = await svc.announcements.with_status(model.SCHEDULED)
    for announcement in scheduled:
        arm_one(application, announcement)
    return len(scheduled)


async def _fire(context: BotContext) -> None:
    svc = context.svc
    assert context.job is not None
    announcement_id = context.job.data
    assert isinstance(announcement_id, int)
    announcements = svc.announcements
    if not await announcements.start_sending(announcement_id, svc.clock()):
        return  # cancelled, or already on its way
    announcement = await announcements.get(announcement_id)
    assert announcement is not None
    await launch(context.application, announcement)
