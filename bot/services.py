"""What every handler needs, gathered once: the event, its answerer, the stores and the clock."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from bot.agenda.follows import FollowStore
from bot.agenda.reminders import (
    DIGEST_PREFIX,
    REMINDER_PREFIX,
    DigestSlot,
    ReminderPlanner,
    ReminderSlot,
)
from bot.announcements.store import BroadcastStore
from bot.answers.embedding_cache import EmbeddingCache
from bot.answers.encoder import Encoder, load_encoder
from bot.answers.engine import Answerer, build_answerer
from bot.answers.written_language import prepare as prepare_written_language
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.event import Event
from bot.fanout.delivery import DeliveryReport, deliver
from bot.fanout.notices import stopped_notice
from bot.fanout.outbox import Outbox
from bot.fanout.sender import RateLimitedSender
from bot.handoffs.store import HandoffStore
from bot.heap import release_freed_memory
from bot.i18n import Translator, for_event, preload
from bot.programme.snapshots import ProgrammeStore
from bot.storage import Storage
from bot.ui.split import split_message

log = logging.getLogger(__name__)


class ForgetSafePlanner(ReminderPlanner):
    """Plans each job (recipients read, then the job written) under the lock /forget holds,
    so a delegate forgotten in between is never written back; see ``Services.forget``."""

    def __init__(self, *args: Any, forgetting: asyncio.Lock) -> None:
        super().__init__(*args)
        self.forgetting = forgetting

    async def reminder_job(self, slot: ReminderSlot) -> str | None:
        async with self.forgetting:
            return await super().reminder_job(slot)

    async def digest_job(self, slot: DigestSlot) -> str | None:
        async with self.forgetting:
            return await super().digest_job(slot)


@dataclass
class Services:
    settings: Settings
    event: Event
    storage: Storage
    clock: Clock = system_clock
    sender: RateLimitedSender | None = None
    answerer: Answerer = field(init=False)
    encoder: Encoder | None = field(init=False)
    embeddings: EmbeddingCache = field(init=False)
    _semantic: asyncio.Task[None] | None = field(default=None, init=False)
    follows: FollowStore = field(init=False)
    outbox: Outbox = field(init=False)
    programme: ProgrammeStore = field(init=False)
    handoffs: HandoffStore = field(init=False)
    announcements: BroadcastStore = field(init=False)
    planner: ReminderPlanner = field(init=False)
    reload_lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)
    _deliveries: set[asyncio.Task[Any]] = field(default_factory=set, init=False)
    _running_jobs: dict[str, asyncio.Task[DeliveryReport]] = field(default_factory=dict, init=False)
    # Held by /forget, and by whoever reads recipients and then writes their outbox job
    # (reminders, digests, announcements, change notices): a delegate forgotten in between
    # would otherwise be written back, and messaged.
    forgetting: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)

    def __post_init__(self) -> None:
        self.encoder = load_encoder() if self.settings.answer_encoder else None
        self.embeddings = EmbeddingCache(self.settings.embedding_cache)
        # Lexical until the start-up reload (``reload.apply_event``) builds the hybrid once.
        preload(self.event.languages, chosen=self.event.locales)
        prepare_written_language(self.event.languages)
        self.answerer = Answerer(self.event)
        connection = self.storage.connection
        self.follows = FollowStore(connection, self.clock)
        self.outbox = Outbox(connection, self.clock)
        self.programme = ProgrammeStore(connection)
        self.handoffs = HandoffStore(connection, self.clock)
        self.announcements = BroadcastStore(connection)
        self.planner = ForgetSafePlanner(
            lambda: self.event,
            self.follows,
            self.outbox,
            self.translator,
            self.clock,
            forgetting=self.forgetting,
        )
        self.outbox.refresh_with(REMINDER_PREFIX, self.planner.refresh_reminder)
        self.outbox.refresh_with(DIGEST_PREFIX, self.planner.refresh_digest)

    def replace_event(self, event: Event) -> None:
        """Serve a reloaded event file from the next update on.

        The lexical answerer is ready at once; the hybrid one needs the event's texts embedded
        (seconds on a cold cache), so it is built in a worker thread and takes over when ready.
        """
        self.event = event
        preload(event.languages, chosen=event.locales)
        prepare_written_language(event.languages)
        self.answerer = Answerer(event)
        if self.encoder is not None:
            if self._semantic is not None:
                self._semantic.cancel()
            self._semantic = asyncio.create_task(self._build_semantic(event), name="semantic")

    async def _build_semantic(self, event: Event) -> None:
        answerer = await asyncio.to_thread(build_answerer, event, self.encoder, self.embeddings)
        release_freed_memory()  # the lists' temporary arrays (``bot.heap``)
        if self.event is event:  # not replaced again meanwhile
            self.answerer = answerer

    async def answerer_ready(self) -> None:
        """Wait until the hybrid answerer serves the current event (start-up, tests)."""
        if self._semantic is not None:
            await asyncio.shield(self._semantic)

    def translator(self, language: str) -> Translator:
        return for_event(self.event, language)

    async def language_for(self, user_id: int, client_language: str | None) -> str:
        """The delegate's stored choice, else their Telegram language if offered, else default."""
        stored = await self.storage.language(user_id)
        if stored in self.event.languages:
            return stored
        return self.event.language_or_default(client_language)

    async def forget(self, user_id: int) -> None:
        """Everything about one delegate: follows, settings, pending messages, language.

        Under the planner's lock: a reminder whose recipients were read just before would
        otherwise write the delegate's chat id back into the outbox (and message them).
        """
        async with self.forgetting, self.storage.transaction():  # all of it, or none
            await self.follows.forget(user_id)
            await self.outbox.forget(user_id)
            await self.handoffs.forget(user_id)
            await self.storage.forget(user_id)

    def start_delivery(self, job: str) -> asyncio.Task[DeliveryReport]:
        """Deliver an outbox job in the background: a fan-out must never block anyone's reply.

        One delivery per job: a job already being delivered (a change notice started by the
        start-up reload, then found unfinished) keeps its task. A job Telegram refused (the
        message itself) is stopped, and the organisers are told: delegates are waiting for a
        reminder or a change notice that will not come.
        """
        assert self.sender is not None, "the sender is created at start-up"
        running = self._running_jobs.get(job)
        if running is not None and not running.done():
            return running
        task = self.track(self._deliver(job), job)
        self._running_jobs[job] = task
        task.add_done_callback(lambda done: self._job_done(job, done))
        return task

    async def _deliver(self, job: str) -> DeliveryReport:
        assert self.sender is not None
        report = await deliver(self.outbox, job, self.sender, on_blocked=self._blocked)
        if report.stopped_reason is not None:
            await self.tell_organisers(lambda t: stopped_notice(t, report))
        return report

    def organiser_chats(self) -> list[int]:
        """Where organisers are told things: their group, else each of them privately."""
        if self.settings.organisers_chat_id is not None:
            return [self.settings.organisers_chat_id]
        return sorted(self.settings.organiser_ids)

    async def tell_organisers(self, text_for: Callable[[Translator], str]) -> None:
        """A notice to the organisers in the language each chose (their group: the event's
        default), ahead of any fan-out; one unreachable organiser does not stop the others."""
        assert self.sender is not None
        for chat in self.organiser_chats():
            stored = await self.storage.language(chat) if chat > 0 else None
            t = self.translator(stored or self.event.default_language)
            try:
                for chunk in split_message(text_for(t)):  # a long list of file errors
                    await self.sender.send_interactive(chat, {"text": chunk})
            except Exception:
                log.exception("could not tell the organisers in chat %s", chat)

    def track(self, coroutine: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        """A background task that a graceful stop cancels and awaits (see stop_deliveries)."""
        task = asyncio.create_task(coroutine, name=name)
        self._deliveries.add(task)
        task.add_done_callback(self._delivery_done)
        return task

    def _job_done(self, job: str, task: asyncio.Task[DeliveryReport]) -> None:
        if self._running_jobs.get(job) is task:
            del self._running_jobs[job]

    async def _blocked(self, chat_id: int) -> None:
        await self.storage.mark_blocked(chat_id)

    def _delivery_done(self, task: asyncio.Task[Any]) -> None:
        self._deliveries.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("delivery %s failed", task.get_name(), exc_info=task.exception())

    async def stop_deliveries(self) -> None:
        """A graceful stop: requests already out finish and are recorded, the rest stay pending."""
        tasks = list(self._deliveries)
        if self._semantic is not None:
            tasks.append(self._semantic)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
