"""The send time an organiser types for a scheduled announcement, read in the event's zone.

Apart from the draft because it is a small parser of its own, with its own error: the
conversation only needs "a moment in the future" or why not.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_TODAY = {"today", "hoy", "aujourd'hui", "aujourd’hui", "auj"}
_TOMORROW = {"tomorrow", "mañana", "manana", "demain"}
_WHEN = re.compile(
    r"^\s*(?:(?P<day>\d{4}-\d{2}-\d{2}|[^\d\s]+)\s+)?(?P<h>\d{1,2})(?::|\.|\s*h\s*)(?P<m>\d{2})\s*$",
    re.IGNORECASE,
)


# A meeting's announcements go out within weeks: further ahead is a mistyped year ("2025-11-07"
# on 6 November 2024), which the preview's "Friday 7 November" would hide.
MAX_AHEAD = timedelta(days=62)


class SendTimeError(ValueError):
    """An unreadable send time (``past`` False) or one already gone (``past`` True)."""

    def __init__(
        self,
        reason: str,
        *,
        past: bool = False,
        far: bool = False,
        moment: datetime | None = None,
    ) -> None:
        super().__init__(reason)
        self.past = past
        self.far = far
        self.moment = moment


def parse_send_time(text: str, now: datetime, zone: ZoneInfo) -> datetime:
    """Read "today 14:00", "tomorrow 09:30", "2024-11-07 08:00" or "14:00" in the event's zone.

    Parsed here, not guessed by a library: organisers type in three languages ("mañana 9:30",
    "demain 9h30", "demain 9 h 30" also work) and an ambiguous "07/11" must not become July. A
    moment that is not in the future is refused: an announcement cannot be sent in the past.
    """
    match = _WHEN.match(text)
    if not match:
        raise SendTimeError(f"unreadable send time {text!r}")
    today = now.astimezone(zone).date()
    word = (match["day"] or "today").lower()
    if word in _TODAY:
        day = today
    elif word in _TOMORROW:
        day = today + timedelta(days=1)
    else:
        try:
            day = date.fromisoformat(word)
        except ValueError:
            raise SendTimeError(f"unreadable day {word!r}") from None
    hour, minute = int(match["h"]), int(match["m"])
    if hour > 23 or minute > 59:
        raise SendTimeError(f"no such time {hour}:{minute:02d}")
    moment = datetime.combine(day, time(hour, minute), tzinfo=zone)
    if moment <= now:
        raise SendTimeError("in the past", past=True, moment=moment)
    if moment - now > MAX_AHEAD:
        raise SendTimeError("too far ahead", far=True, moment=moment)
    return moment
