"""What each delegate follows and how they want to be reminded, in SQLite.

Reminders are planned from these rows and the programme, never from memory, so a restart loses
nothing. Only ids, a mode and a few numbers are kept: what the bot needs, and nothing else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import time

import aiosqlite

from bot.clock import Clock, stamp, system_clock
from bot.event import Event, Session
from bot.storage import transaction
from bot.ui import callbacks

MODES = ("all", "followed", "off")
LEAD_CHOICES = (5, 10, 15, 30, 60)
DIGEST_CHOICES = (time(7, 0), time(7, 30), time(8, 0))
# Sessions of these kinds are reminded in "every session" mode only when followed: nobody
# needs a reminder for every coffee break.
FOLLOWED_ONLY_KINDS = frozenset({"break", "meal", "social"})


@dataclass(frozen=True)
class ReminderSettings:
    mode: str = "all"
    leads: tuple[int, ...] | None = None  # None: the event file's reminders.lead_minutes
    digest: time | None = None  # a morning digest of the day's programme at this local time

    def lead_minutes(self, event_default: Sequence[int]) -> tuple[int, ...]:
        return self.leads if self.leads is not None else tuple(event_default)


def after_press(
    current: ReminderSettings, data: str, event_leads: Sequence[int]
) -> ReminderSettings | None:
    """The settings once a /reminders button is pressed; None for a choice the screen never
    offers (an old or forged button), which changes nothing.

    A lead time toggles: pressing a ticked one unticks it, so a delegate can keep several.
    """
    choice = callbacks.reminder_choice(data)
    if choice is None:
        return None
    kind, value = choice
    if kind == callbacks.REMINDER_MODE:
        return dataclasses.replace(current, mode=value)
    if kind == callbacks.REMINDER_LEAD:
        if int(value) not in LEAD_CHOICES:
            return None
        leads = set(current.lead_minutes(event_leads)) ^ {int(value)}
        return dataclasses.replace(current, leads=tuple(sorted(leads)))
    if value == callbacks.NO_DIGEST:
        return dataclasses.replace(current, digest=None)
    digest = callbacks.clock_time(value)
    return dataclasses.replace(current, digest=digest) if digest in DIGEST_CHOICES else None


def clashes(event: Event, session: Session, followed: Collection[str]) -> list[Session]:
    """The followed sessions (in programme order) that overlap ``session``: following it is
    still allowed, but the delegate is warned that they cannot be in both."""
    return [
        s
        for s in event.sessions
        if s.id in followed
        and s.id != session.id
        and s.start < session.end
        and session.start < s.end
    ]


@dataclass(frozen=True)
class Recipient:
    user_id: int
    language: str
    leads: tuple[int, ...] | None


def _leads(stored: object) -> tuple[int, ...] | None:
    """The one reading of ``reminder_settings.leads``, for every query that needs it.

    NULL is "the event file's default"; an empty string is "no reminder time at all" (every
    box un-ticked), which must never fall back to the default; else comma-separated minutes.
    """
    if stored is None:
        return None
    return tuple(int(x) for x in str(stored).split(",") if x)


class FollowStore:
    def __init__(self, connection: aiosqlite.Connection, clock: Clock = system_clock) -> None:
        self.clock = clock
        self._db = connection

    async def follow(self, user_id: int, session_ids: Iterable[str]) -> None:
        async with transaction(self._db) as db:
            await db.executemany(
                "INSERT OR IGNORE INTO follows (user_id, session_id, created_at) VALUES (?, ?, ?)",
                [(user_id, session_id, stamp(self.clock)) for session_id in session_ids],
            )

    async def unfollow(self, user_id: int, session_id: str) -> None:
        async with transaction(self._db) as db:
            await db.execute(
                "DELETE FROM follows WHERE user_id = ? AND session_id = ?", (user_id, session_id)
            )

    async def followed(self, user_id: int) -> set[str]:
        async with self._db.execute(
            "SELECT session_id FROM follows WHERE user_id = ?", (user_id,)
        ) as cursor:
            return {str(row[0]) for row in await cursor.fetchall()}

    async def followers(self, session_id: str) -> set[int]:
        async with self._db.execute(
            "SELECT user_id FROM follows WHERE session_id = ?", (session_id,)
        ) as cursor:
            return {int(row[0]) for row in await cursor.fetchall()}

    async def settings(self, user_id: int) -> ReminderSettings:
        async with self._db.execute(
            "SELECT mode, leads, digest FROM reminder_settings WHERE user_id = ?", (user_id,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return ReminderSettings()
        leads = _leads(row[1])
        digest = time.fromisoformat(str(row[2])) if row[2] else None
        return ReminderSettings(str(row[0]), leads, digest)

    async def save_settings(self, user_id: int, settings: ReminderSettings) -> None:
        leads = None if settings.leads is None else ",".join(map(str, sorted(settings.leads)))
        digest = settings.digest.strftime("%H:%M") if settings.digest else None
        async with transaction(self._db) as db:
            await db.execute(
                "INSERT INTO reminder_settings (user_id, mode, leads, digest) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(user_id) DO UPDATE SET mode = excluded.mode, leads = excluded.leads,"
                " digest = excluded.digest",
                (user_id, settings.mode, leads, digest),
            )

    async def reminder_recipients(
        self, session_id: str, kind: str, lead: int, event_default: Sequence[int]
    ) -> list[Recipient]:
        """Who gets the reminder for one session at one lead time: computed when it fires.

        One query, whatever the number of delegates; blocked delegates are left out.
        """
        followed_only = kind in FOLLOWED_ONLY_KINDS
        async with self._db.execute(
            "SELECT d.user_id, d.language, s.leads,"
            " EXISTS (SELECT 1 FROM follows f WHERE f.user_id = d.user_id AND f.session_id = ?)"
            " , COALESCE(s.mode, 'all')"
            " FROM delegates d LEFT JOIN reminder_settings s ON s.user_id = d.user_id"
            " WHERE d.blocked_at IS NULL",
            (session_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        recipients = []
        for user_id, language, leads_text, follows, mode in rows:
            if mode == "off" or not (follows or (mode == "all" and not followed_only)):
                continue
            leads = _leads(leads_text)
            if lead in (leads if leads is not None else tuple(event_default)):
                recipients.append(Recipient(int(user_id), str(language), leads))
        return recipients

    async def digest_recipients(self, at: time) -> list[tuple[int, str]]:
        async with self._db.execute(
            "SELECT d.user_id, d.language FROM delegates d JOIN reminder_settings s"
            " ON s.user_id = d.user_id WHERE s.digest = ? AND d.blocked_at IS NULL",
            (at.strftime("%H:%M"),),
        ) as cursor:
            return [(int(r[0]), str(r[1])) for r in await cursor.fetchall()]

    async def lead_times_in_use(self, event_default: Sequence[int]) -> set[int]:
        """Every lead time some delegate wants: one job per (session, lead), never per person."""
        async with self._db.execute(
            "SELECT DISTINCT leads FROM reminder_settings WHERE leads IS NOT NULL"
        ) as cursor:
            rows = await cursor.fetchall()
        used = set(event_default)
        for (leads_text,) in rows:
            used.update(_leads(leads_text) or ())
        return used

    async def digest_times_in_use(self) -> set[time]:
        async with self._db.execute(
            "SELECT DISTINCT digest FROM reminder_settings WHERE digest IS NOT NULL"
        ) as cursor:
            return {time.fromisoformat(str(r[0])) for r in await cursor.fetchall()}

    async def everyone_reminded_of_all(self) -> set[int]:
        """Delegates in "every session" mode (the default): they hear of plenary changes."""
        async with self._db.execute(
            "SELECT d.user_id FROM delegates d LEFT JOIN reminder_settings s"
            " ON s.user_id = d.user_id"
            " WHERE d.blocked_at IS NULL AND COALESCE(s.mode, 'all') = 'all'"
        ) as cursor:
            return {int(r[0]) for r in await cursor.fetchall()}

    async def reachable(self, user_ids: Iterable[int]) -> dict[int, str]:
        """Language of each delegate that has not blocked the bot, by id."""
        wanted = set(user_ids)
        async with self._db.execute(
            "SELECT user_id, language FROM delegates WHERE blocked_at IS NULL"
        ) as cursor:
            rows = await cursor.fetchall()
        return {int(r[0]): str(r[1]) for r in rows if int(r[0]) in wanted}

    async def languages(self, user_ids: Iterable[int]) -> dict[int, str]:
        """Language of each of these delegates who has not blocked the bot (one small query,
        for a batch of a fan-out rendered as it leaves)."""
        wanted = sorted(set(user_ids))
        if not wanted:
            return {}
        marks = ", ".join("?" * len(wanted))
        async with self._db.execute(
            f"SELECT user_id, language FROM delegates WHERE blocked_at IS NULL"
            f" AND user_id IN ({marks})",
            wanted,
        ) as cursor:
            return {int(r[0]): str(r[1]) for r in await cursor.fetchall()}

    async def forget(self, user_id: int) -> None:
        async with transaction(self._db) as db:
            await db.execute("DELETE FROM follows WHERE user_id = ?", (user_id,))
            await db.execute("DELETE FROM reminder_settings WHERE user_id = ?", (user_id,))
