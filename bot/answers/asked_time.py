"""When a question is about: a day, a part of the day, a clock time, now or next.

These are read from the folded words before any matching, relative to the current time in the
event's zone ("tomorrow" at 23:30 in Santo Domingo is not tomorrow in UTC), and the words they
use are set aside so they are not mistaken for topics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from bot.answers.lexicon import (
    CONCEPTS,
    MONTHS,
    ORDINALS,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    TODAY_PARTS,
    WEEKDAYS,
)
from bot.event import Event

_CLOCK_TOKEN = re.compile(r"^t(\d{2})(\d{2})$")
_DAY_WORDS = frozenset(w for w, c in CONCEPTS.items() if c == "@day")
_ARTICLES = frozenset("le el the du del this este ce".split())
# "the 10th", "le 1er", "el 10o": a number with an ordinal ending is a day of the month
_DAY_OF_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|er|eme|e|o)$")


@dataclass(frozen=True)
class AskedTime:
    """The time a question asks about; ``used`` are the positions of the words that said it."""

    day: date | None = None
    hours: tuple[int, int] | None = None
    clock: time | None = None
    now: bool = False
    next: bool = False
    used: frozenset[int] = frozenset()
    # "the last coffee break", "la primera pausa": of several alike sessions, the first (1) or
    # the last (-1) in the programme rather than the next one
    ordinal: int = 0

    @property
    def any_time(self) -> bool:
        return bool(self.day or self.hours or self.clock)


def _nth_day(event: Event, n: int) -> date | None:
    days = event.days()
    if not days:
        return None
    if n == -1:
        return days[-1]
    return days[n - 1] if 1 <= n <= len(days) else None


def _weekday(event: Event, weekday: int, today: date) -> date | None:
    """The event day with that weekday, the next one from today if the event has several."""
    matches = [d for d in event.days() if d.weekday() == weekday]
    upcoming = [d for d in matches if d >= today]
    return (upcoming or matches or [None])[0]


def _dated(event: Event, day_of_month: int) -> date | None:
    """ "El día 5" of a three-day meeting is not its fifth day but the 5th of the month."""
    return next((d for d in event.days() if d.day == day_of_month), None)


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() and len(word) <= 2 else None


def _month_day(word: str, before: str) -> int | None:
    """A day of the month without the month: "el 10", "le 7", "the 10th", "le 1er"."""
    if (n := _number(word)) is not None and before in _ARTICLES:
        return n
    match = _DAY_OF_MONTH.match(word)
    return int(match.group(1)) if match else None


def _day_of_month(words: list[str], month_at: int) -> tuple[int, int] | None:
    """The day number next to a month name ("6 de noviembre", "7 novembre", "nov 7"), with
    its position."""
    for at in (month_at - 1, month_at - 2, month_at + 1):
        if 0 <= at < len(words) and (n := _number(words[at])) is not None:
            if at == month_at - 2 and words[month_at - 1] != "de":
                continue
            return n, at
    return None


def read_asked_time(words: list[str], event: Event, now: datetime) -> AskedTime:
    today = event.local(now).date()
    day: date | None = None
    hours: tuple[int, int] | None = None
    clock: time | None = None
    is_now = is_next = False
    ordinal = 0
    used: set[int] = set()
    for i, word in enumerate(words):
        before = words[i - 1] if i > 0 else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if match := _CLOCK_TOKEN.match(word):
            clock = time(int(match.group(1)), int(match.group(2)))
            used.add(i)
        elif word in RELATIVE_DAYS:
            day = date.fromordinal(today.toordinal() + RELATIVE_DAYS[word])
            used.add(i)
        elif word in WEEKDAYS and not (word in {"mar", "sat", "sun", "wed"} and len(words) > 3):
            day = _weekday(event, WEEKDAYS[word], today) or day
            used.add(i)
            if (n := _number(after)) is not None:
                used.add(i + 1)
        elif word in MONTHS and (n := _day_of_month(words, i)) is not None:
            for candidate in event.days():
                if candidate.month == MONTHS[word] and candidate.day == n[0]:
                    day = candidate
            used.update({i, n[1]})
        elif word in _DAY_WORDS and (n := _number(after)) is not None:
            day = _nth_day(event, n) or _dated(event, n) or day
            used.update({i, i + 1})
        elif word in ORDINALS and (after in _DAY_WORDS or before in _DAY_WORDS):
            day = _nth_day(event, ORDINALS[word]) or day
            used.update({i, i + 1 if after in _DAY_WORDS else i - 1})
        elif word in TODAY_PARTS:
            day, hours = today, TODAY_PARTS[word]
            used.add(i)
        elif word in PARTS_OF_DAY:
            hours = PARTS_OF_DAY[word]
            used.add(i)
        elif (n := _month_day(word, before)) is not None and (dated := _dated(event, n)):
            day = dated
            used.add(i)
        elif CONCEPTS.get(word) == "@now":
            is_now = True
            used.add(i)
        elif CONCEPTS.get(word) == "@next":
            is_next = True
            used.add(i)
        elif ORDINALS.get(word) in (1, -1):
            ordinal = ORDINALS[word]
    if clock and hours and clock.hour < 12 <= hours[0]:
        clock = time(clock.hour + 12, clock.minute)  # "a las 7 de la noche"
    return AskedTime(day, hours, clock, is_now, is_next, frozenset(used), ordinal)
