"""Callback data: built and parsed in one place, with the strings old buttons in chats carry."""

from __future__ import annotations

import re
from datetime import date, time

import pytest

from bot.ui import callbacks


def test_a_day_button_names_a_day_of_the_programme_or_has_expired() -> None:
    days = (date(2026, 11, 6), date(2026, 11, 7))
    assert callbacks.day_of("2026-11-07", days) == date(2026, 11, 7)
    assert callbacks.day_of("2026-11-08", days) is None
    assert callbacks.day_of("2026-02-31", days) is None


def test_reminder_choices_read_back_what_the_buttons_carry() -> None:
    assert callbacks.reminder_mode("followed") == "rem:mode:followed"
    assert callbacks.reminder_lead(15) == "rem:lead:15"
    assert callbacks.reminder_digest(time(7, 30)) == "rem:dig:0730"
    assert callbacks.reminder_digest(None) == "rem:dig:none"
    assert callbacks.reminder_choice("rem:mode:followed") == ("mode", "followed")
    assert callbacks.reminder_choice("rem:lead:15") == ("lead", "15")
    assert callbacks.reminder_choice("rem:dig:0730") == ("dig", "0730")
    assert callbacks.reminder_choice("rem:off") is None
    assert callbacks.clock_time("0730") == time(7, 30)
    assert callbacks.clock_time("2599") is None


@pytest.mark.parametrize(
    ("data", "pattern"),
    [
        (callbacks.day(date(2026, 11, 6)), callbacks.DAY_PATTERN),
        (callbacks.session("opening"), callbacks.SESSION_PATTERN),
        (callbacks.about(2), callbacks.ABOUT_PATTERN),
        (callbacks.faq("wifi"), callbacks.FAQ_PATTERN),
        (callbacks.language("fr"), callbacks.LANGUAGE_PATTERN),
        (callbacks.follow("opening", following=True), callbacks.FOLLOW_PATTERN),
        (callbacks.follow_day(date(2026, 11, 6)), callbacks.FOLLOW_DAY_PATTERN),
        (callbacks.CALENDAR_MINE, callbacks.CALENDAR_PATTERN),
        (callbacks.CALENDAR_ALL, callbacks.CALENDAR_PATTERN),
        (callbacks.handoff_faq(12), callbacks.HANDOFF_FAQ_PATTERN),
        (callbacks.reload_apply("0123456789abcdef"), callbacks.RELOAD_APPLY_PATTERN),
        (callbacks.announcement("aud", "lang"), callbacks.ANNOUNCE_AUDIENCE_PATTERN),
        (callbacks.announcement("day", "2026-11-06"), callbacks.ANNOUNCE_DAY_PATTERN),
        (callbacks.announcement("go", "Ab_9-"), callbacks.ANNOUNCE_SEND_PATTERN),
        (callbacks.announcement("drop", "12"), callbacks.ANNOUNCE_DROP_PATTERN),
    ],
)
def test_every_built_button_is_routed_by_its_pattern(data: str, pattern: re.Pattern[str]) -> None:
    assert callbacks.checked(data) == data
    assert pattern.match(data)
