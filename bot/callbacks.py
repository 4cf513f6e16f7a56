"""Callback data for inline buttons: short, parseable, and never trusted.

Telegram allows 64 bytes of callback data and any client can forge it, so every value is
built here, checked against that limit, and parsed back with strict patterns; anything else is
treated as an expired button by the handlers.
"""

from __future__ import annotations

import re
from datetime import date

MAX_CALLBACK_BYTES = 64

MENU = "menu"
PROGRAMME = "prog"
NOW = "now"
VENUE = "venue"
HELP = "help"
LANGUAGES = "lang"
FORGET_YES = "forget:yes"
FORGET_NO = "forget:no"

DAY_PATTERN = re.compile(r"^day:(\d{4}-\d{2}-\d{2})$")
SESSION_PATTERN = re.compile(r"^ses:([a-z0-9-]{1,48})$")
ABOUT_PATTERN = re.compile(r"^about(?::(\d{1,3}))?$")
FAQ_PATTERN = re.compile(r"^faq:([a-z0-9-]{1,48})$")
LANGUAGE_PATTERN = re.compile(r"^lang:([a-z]{2,3})$")


def _checked(data: str) -> str:
    if not 1 <= len(data.encode()) <= MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def day(value: date) -> str:
    return _checked(f"day:{value.isoformat()}")


def session(session_id: str) -> str:
    return _checked(f"ses:{session_id}")


def about(page: int = 0) -> str:
    return _checked(f"about:{page}")


def faq(faq_id: str) -> str:
    return _checked(f"faq:{faq_id}")


def language(code: str) -> str:
    return _checked(f"lang:{code}")
