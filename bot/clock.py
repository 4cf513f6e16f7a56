"""The bot's one clock: real time, or a rehearsal's.

Everything that asks "what time is it" — now/next, reminders, scheduled announcements, the
timestamps stores write — asks the ``Clock`` the bot was started with, so a rehearsal
(``main.py run --rehearse``) moves all of them together.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.event import Event

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def rehearsal_clock(start: str, event: Event) -> Clock:
    """A clock that starts at ``start`` (in the event's zone if naive) and runs at normal speed,
    so organisers can rehearse reminders and now/next before the meeting."""
    begin = datetime.fromisoformat(start)
    if begin.tzinfo is None:
        begin = begin.replace(tzinfo=event.timezone)
    origin = time.monotonic()
    return lambda: begin + timedelta(seconds=time.monotonic() - origin)


def stamp(clock: Clock, timespec: str = "seconds") -> str:
    """The moment a row is written, as stored in SQLite (ISO 8601, UTC)."""
    return clock().astimezone(UTC).isoformat(timespec=timespec)
