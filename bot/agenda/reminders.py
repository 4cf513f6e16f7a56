"""Reminder planning and fan-out: one job per (session, lead time), never one per delegate.

A *slot* is one moment something goes out: a reminder (``ReminderSlot``: a session and a lead
time) or a morning digest (``DigestSlot``: a day and a time); its ``key`` names both its outbox
job and its JobQueue job.

The plan is computed from the programme, the lead times delegates chose, and the outbox (the
delivery log): a slot whose outbox job exists was already planned, so a restart neither loses
nor doubles it. A slot whose moment passed while the bot was down is sent late if its session
has not started yet, and skipped (logged) otherwise. Who receives a reminder is decided when it
fires, with one query, so planning costs grow with sessions, not with delegates.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.agenda import screens as reminder_views
from bot.agenda.follows import FollowStore
from bot.event import Event, Session
from bot.fanout.outbox import Outbox, OutboxRow, StaleJob
from bot.fanout.sender import Payload, payload_for
from bot.i18n import Translator
from bot.ui.views import Reply

log = logging.getLogger(__name__)

REMINDER_KIND = "reminder"
DIGEST_KIND = "digest"
REMINDER_PREFIX = "rem:"
DIGEST_PREFIX = "dig:"
JOB_PREFIXES = (REMINDER_PREFIX, DIGEST_PREFIX)  # also the names of their JobQueue jobs
KEY_TIME = "%Y%m%dT%H%MZ"


@dataclass(frozen=True)
class ReminderSlot:
    session_id: str
    lead: int
    start: datetime

    @property
    def fire_at(self) -> datetime:
        """In UTC: aware arithmetic in the event's zone is wall-clock arithmetic, an hour off
        (or in a gap that does not exist) when summer time begins or ends in between."""
        return self.start.astimezone(UTC) - timedelta(minutes=self.lead)

    @property
    def key(self) -> str:
        """The outbox job: a moved session gets a new key, so its new time is reminded too."""
        start = self.start.astimezone(UTC).strftime(KEY_TIME)
        return f"{REMINDER_PREFIX}{self.session_id}:{self.lead}:{start}"

    @classmethod
    def from_key(cls, key: str) -> ReminderSlot:
        session_id, lead, start = key.removeprefix(REMINDER_PREFIX).split(":")
        moment = datetime.strptime(start, KEY_TIME).replace(tzinfo=UTC)
        return cls(session_id, int(lead), moment)


@dataclass(frozen=True)
class DigestSlot:
    day: date
    at: time
    fire_at: datetime

    @property
    def key(self) -> str:
        return f"{DIGEST_PREFIX}{self.day.isoformat()}:{self.at:%H%M}"


def plan_reminders(
    event: Event, leads: Iterable[int], now: datetime
) -> tuple[list[ReminderSlot], list[ReminderSlot]]:
    """Slots to run (future, or overdue with the session not started) and slots too late."""
    due, missed = [], []
    for session in event.sessions:
        for lead in sorted(set(leads)):
            slot = ReminderSlot(session.id, lead, session.start)
            (due if session.start > now else missed).append(slot)
    return due, missed


def plan_digests(event: Event, times: Iterable[time], now: datetime) -> list[DigestSlot]:
    """Morning digests still worth sending: before the day's first session has started."""
    slots = []
    for day in event.days():
        first = event.sessions_on(day)[0].start
        for at in times:
            fire_at = datetime.combine(day, at, tzinfo=event.timezone).astimezone(UTC)
            if first > now:
                slots.append(DigestSlot(day, at, fire_at))
    return slots


class ReminderPlanner:
    """Turns due slots into outbox jobs; the caller delivers them through the shared sender."""

    def __init__(
        self,
        event: Callable[[], Event],
        follows: FollowStore,
        outbox: Outbox,
        translator: Callable[[str], Translator],
        clock: Callable[[], datetime],
    ) -> None:
        self._event = event
        self.follows = follows
        self.outbox = outbox
        self._translator = translator
        self._clock = clock

    async def pending(
        self, slots: Iterable[ReminderSlot | DigestSlot]
    ) -> list[ReminderSlot | DigestSlot]:
        """The slots that have no outbox job yet (the others ran, or are being resumed)."""
        return [slot for slot in slots if await self.outbox.get_job(slot.key) is None]

    async def reminder_job(self, slot: ReminderSlot) -> str | None:
        """Create the outbox job of a reminder slot as it fires; None when nothing is to send.

        A slot whose session moved, was cancelled or has started is dropped (and logged): the
        new time has a slot of its own.
        """
        event = self._event()
        session = event.session(slot.session_id)
        now = self._clock()
        if session is None or session.start != slot.start:
            log.info("reminder %s dropped: the session changed", slot.key)
            return None
        if session.start <= now:
            log.warning(
                "reminder %s skipped: the session started before it could be sent", slot.key
            )
            return None
        recipients = await self.follows.reminder_recipients(
            session.id, session.kind, slot.lead, event.lead_minutes
        )
        payloads: dict[str, Payload] = {}
        for recipient in recipients:
            if recipient.language not in payloads:
                t = self._translator(recipient.language)
                payloads[recipient.language] = payload_for(
                    reminder_views.reminder(event, t, session, self._minutes_left(session, slot))
                )
        rows = [(r.user_id, payloads[r.language]) for r in recipients]
        await self.outbox.create_job(slot.key, REMINDER_KIND, rows)
        log.info("reminder %s planned for %d delegates", slot.key, len(rows))
        return slot.key

    async def digest_job(self, slot: DigestSlot) -> str | None:
        event = self._event()
        if slot.day not in event.days():
            return None
        recipients = await self.follows.digest_recipients(slot.at)
        payloads: dict[str, Payload] = {}
        rows = []
        for user_id, language in recipients:
            if language not in payloads:
                t = self._translator(language)
                payloads[language] = payload_for(reminder_views.digest(event, t, slot.day))
            rows.append((user_id, payloads[language]))
        await self.outbox.create_job(slot.key, DIGEST_KIND, rows)
        return slot.key

    async def refresh_reminder(self, job: str, rows: list[OutboxRow]) -> list[OutboxRow]:
        """A reminder as it leaves: still true (same session, same start, not started yet),
        and rendered from the programme in use now, so a room changed since it was planned is
        the room it names; otherwise ``StaleJob``, and nobody else gets it."""
        slot = ReminderSlot.from_key(job)
        event = self._event()
        session = event.session(slot.session_id)
        if session is None:
            raise StaleJob("the session is no longer on the programme")
        if session.start.astimezone(UTC).replace(second=0, microsecond=0) != slot.start:
            raise StaleJob("the session moved to another time")
        if session.start <= self._clock():
            raise StaleJob("the session has started")
        lead = self._minutes_left(session, slot)
        render = lambda t: reminder_views.reminder(event, t, session, lead)  # noqa: E731
        return await self._rendered(rows, render)

    def _minutes_left(self, session: Session, slot: ReminderSlot) -> int:
        """The slot's lead, or fewer when it leaves late (after a restart, behind a 429): "in 15
        minutes" sent 5 minutes before the start would send delegates off to lunch."""
        left = math.ceil((session.start - self._clock()).total_seconds() / 60)
        return max(1, min(slot.lead, left))

    async def refresh_digest(self, job: str, rows: list[OutboxRow]) -> list[OutboxRow]:
        """A morning digest as it leaves: the day's programme as it is now, and only before the
        day's first session has started."""
        day = date.fromisoformat(job.removeprefix(DIGEST_PREFIX).split(":")[0])
        event = self._event()
        sessions = event.sessions_on(day) if day in event.days() else ()
        if not sessions:
            raise StaleJob("the day is no longer on the programme")
        if sessions[0].start <= self._clock():
            raise StaleJob("the day's programme has started")
        return await self._rendered(rows, lambda t: reminder_views.digest(event, t, day))

    async def _rendered(
        self, rows: list[OutboxRow], render: Callable[[Translator], Reply]
    ) -> list[OutboxRow]:
        languages = await self.follows.languages(row.chat_id for row in rows)
        payloads: dict[str, Payload] = {}
        fresh = []
        for row in rows:
            language = languages.get(row.chat_id)
            if language is None:  # blocked meanwhile: its 403 is recorded as usual
                fresh.append(row)
                continue
            if language not in payloads:
                payloads[language] = payload_for(render(self._translator(language)))
            fresh.append(dataclasses.replace(row, payload=payloads[language]))
        return fresh
