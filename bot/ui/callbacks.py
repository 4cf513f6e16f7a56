"""Callback data for inline buttons: short, parseable, and never trusted.

Telegram allows 64 bytes of callback data and any client can forge it, so every value is
built here, checked against that limit, and parsed back with strict patterns; anything else is
treated as an expired button by the handlers.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, time

MAX_CALLBACK_BYTES = 64

MENU = "menu"
PROGRAMME = "prog"
NOW = "now"
VENUE = "venue"
HELP = "help"
LANGUAGES = "lang"
FORGET_YES = "forget:yes"
FORGET_NO = "forget:no"
REMINDERS_OFF = "rem:off"
CALENDAR_MINE = "cal:mine"
CALENDAR_ALL = "cal:all"

DAY_PATTERN = re.compile(r"^day:(\d{4}-\d{2}-\d{2})$")
SESSION_PATTERN = re.compile(r"^ses:([a-z0-9-]{1,48})$")
ABOUT_PATTERN = re.compile(r"^about(?::(\d{1,3}))?$")
FAQ_PATTERN = re.compile(r"^faq:([a-z0-9-]{1,48})$")
LANGUAGE_PATTERN = re.compile(r"^lang:([a-z]{2,3})$")
FOLLOW_PATTERN = re.compile(r"^(fol|unf):([a-z0-9-]{1,48})$")
FOLLOW_DAY_PATTERN = re.compile(r"^fday:(\d{4}-\d{2}-\d{2})$")
REMINDER_MODE_PATTERN = re.compile(r"^rem:mode:(all|followed|off)$")
CALENDAR_PATTERN = re.compile(r"^cal:(mine|all)$")
REMINDER_LEAD_PATTERN = re.compile(r"^rem:lead:(\d{1,2})$")
REMINDER_DIGEST_PATTERN = re.compile(r"^rem:dig:(\d{4}|none)$")
REMINDER_MODE, REMINDER_LEAD, REMINDER_DIGEST = "mode", "lead", "dig"
NO_DIGEST = "none"
REMINDER_PATTERNS = {
    REMINDER_MODE: REMINDER_MODE_PATTERN,
    REMINDER_LEAD: REMINDER_LEAD_PATTERN,
    REMINDER_DIGEST: REMINDER_DIGEST_PATTERN,
}


def checked(data: str) -> str:
    """Callback data as sent: any value longer than Telegram allows is a bug, raised here."""
    if not 1 <= len(data.encode()) <= MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def day(value: date) -> str:
    return checked(f"day:{value.isoformat()}")


def day_of(value: str, days: Collection[date]) -> date | None:
    """The day a button names, if the programme still has it; None: the button expired (a day
    since removed, or a forged date that passed the pattern, such as 2026-02-31)."""
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed in days else None


def session(session_id: str) -> str:
    return checked(f"ses:{session_id}")


def about(page: int = 0) -> str:
    return checked(f"about:{page}")


def faq(faq_id: str) -> str:
    return checked(f"faq:{faq_id}")


def language(code: str) -> str:
    return checked(f"lang:{code}")


def follow(session_id: str, *, following: bool) -> str:
    """The Follow button, or Unfollow when the delegate already follows the session."""
    return checked(f"{'unf' if following else 'fol'}:{session_id}")


def follow_day(value: date) -> str:
    return checked(f"fday:{value.isoformat()}")


def reminder_mode(mode: str) -> str:
    return checked(f"rem:{REMINDER_MODE}:{mode}")


def reminder_lead(minutes: int) -> str:
    return checked(f"rem:{REMINDER_LEAD}:{minutes}")


def reminder_digest(at: time | None) -> str:
    return checked(f"rem:{REMINDER_DIGEST}:{at.strftime('%H%M') if at else NO_DIGEST}")


def reminder_choice(data: str) -> tuple[str, str] | None:
    """(kind, value) of a /reminders button: kind is ``REMINDER_MODE``, ``REMINDER_LEAD`` or
    ``REMINDER_DIGEST``; None if the data is none of them."""
    for kind, pattern in REMINDER_PATTERNS.items():
        if match := pattern.match(data):
            return kind, match.group(1)
    return None


def clock_time(value: str) -> time | None:
    """A time of day written HHMM, as the digest buttons carry it; None if there is no such time."""
    try:
        return time(int(value[:2]), int(value[2:]))
    except ValueError:
        return None


# Questions handed to the organisers (handlers/desk/handoff.py).
ASK = "ask"
ASK_SEND = "ask:send"
ASK_CANCEL = "ask:cancel"
HANDOFF_FAQ_PATTERN = re.compile(r"^hfaq:(\d{1,12})$")


def handoff_faq(handoff_id: int) -> str:
    """The organisers' "Make it an FAQ" button; the presser's rights are checked on each press."""
    return checked(f"hfaq:{handoff_id}")


# Confirming a reload that cancels many sessions (handlers/desk/reload.py): the fingerprint names
# the file the organiser was shown; the presser's rights are checked on each press.
RELOAD_APPLY_PATTERN = re.compile(r"^rld:ok:([0-9a-f]{16})$")
RELOAD_KEEP = "rld:no"


def reload_apply(fingerprint: str) -> str:
    return checked(f"rld:ok:{fingerprint}")


# The organisers' announcement desk (handlers/desk/announcements.py, handlers/desk/news.py):
# every button starts with "bc:"; the presser's rights are checked on each press. Values are
# slugs, dates or a short nonce: at most 55 bytes.
ANNOUNCE_AUDIENCE_PATTERN = re.compile(r"^bc:aud:(all|lang|ses)$")
ANNOUNCE_LANGUAGE_PATTERN = re.compile(r"^bc:lang:([a-z]{2,3})$")
ANNOUNCE_DAY_PATTERN = re.compile(r"^bc:day:(\d{4}-\d{2}-\d{2})$")
ANNOUNCE_SESSION_PATTERN = re.compile(r"^bc:ses:([a-z0-9-]{1,48})$")
ANNOUNCE_TEXT_MODE_PATTERN = re.compile(r"^bc:txt:(one|per)$")
ANNOUNCE_SKIP_PATTERN = re.compile(r"^bc:skip$")
ANNOUNCE_NO_MEDIA_PATTERN = re.compile(r"^bc:media:none$")
ANNOUNCE_SOUND_PATTERN = re.compile(r"^bc:snd:(on|off)$")
ANNOUNCE_NOW_PATTERN = re.compile(r"^bc:when:now$")
ANNOUNCE_SEND_PATTERN = re.compile(r"^bc:go:([A-Za-z0-9_-]{1,16})$")
ANNOUNCE_EDIT_PATTERN = re.compile(r"^bc:edit$")
ANNOUNCE_FIX_PATTERN = re.compile(r"^bc:fix:(aud|txt|media|snd|when|back)$")
ANNOUNCE_CANCEL_PATTERN = re.compile(r"^bc:cancel$")
ANNOUNCE_DROP_PATTERN = re.compile(r"^bc:drop:(\d{1,12})$")
ANNOUNCE_ANY_PATTERN = re.compile(r"^bc:")


def announcement(*parts: str) -> str:
    """A desk button's data: ``bc:`` and ``parts`` joined by colons."""
    return checked(":".join(("bc", *parts)))
