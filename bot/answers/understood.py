"""What a question was understood as, before it is put into words.

The engine decides (``bot.answers.engine``), the renderer speaks (``bot.answers.render``): the
target between them is typed, one small frozen class per family, so a renderer cannot be handed
a room id where a session id belongs and the benchmark can read what was understood without a
reply. Every target still has the ``kind`` and ``id`` strings the labelled question sets and
``main.py ask --json`` have always used ("venue"/"room:salon-b", "schedule"/"2024-11-07").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import ClassVar

from bot.answers.hybrid import Scored


class Kind(StrEnum):
    """The labels of the question sets: what the bench scores and the metrics count."""

    FAQ = "faq"
    SESSION = "session"
    VENUE = "venue"
    SCHEDULE = "schedule"
    EVENT = "event"
    SMALLTALK = "smalltalk"
    EMPTY = "empty"
    FALLBACK = "fallback"


class VenueTopic(StrEnum):
    """The venue questions the event file answers, each with its own screen."""

    ADDRESS = "address"
    DIRECTIONS = "directions"
    WIFI = "wifi"


class Moment(StrEnum):
    """ "What's on now" and "what's next" read the programme at the moment of asking."""

    NOW = "now"
    NEXT = "next"


class Courtesy(StrEnum):
    """Small talk gets a friendly word of its own, not the fallback."""

    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"


@dataclass(frozen=True)
class FaqTarget:
    entry_id: str
    kind: ClassVar[Kind] = Kind.FAQ

    @property
    def id(self) -> str:
        return self.entry_id


@dataclass(frozen=True)
class SessionTarget:
    session_id: str
    kind: ClassVar[Kind] = Kind.SESSION

    @property
    def id(self) -> str:
        return self.session_id


@dataclass(frozen=True)
class VenueTarget:
    topic: VenueTopic
    kind: ClassVar[Kind] = Kind.VENUE

    @property
    def id(self) -> str:
        return self.topic


@dataclass(frozen=True)
class RoomTarget:
    """A room is a venue answer: the sets label it "venue" with the id "room:<room id>"."""

    room_id: str
    kind: ClassVar[Kind] = Kind.VENUE

    @property
    def id(self) -> str:
        return f"room:{self.room_id}"


@dataclass(frozen=True)
class MeetingDates:
    """When and where the meeting itself is, from its programme and venue."""

    kind: ClassVar[Kind] = Kind.EVENT

    @property
    def id(self) -> str:
        return "dates"


@dataclass(frozen=True)
class DayTarget:
    day: date
    kind: ClassVar[Kind] = Kind.SCHEDULE

    @property
    def id(self) -> str:
        return self.day.isoformat()


@dataclass(frozen=True)
class MomentTarget:
    moment: Moment
    kind: ClassVar[Kind] = Kind.SCHEDULE

    @property
    def id(self) -> str:
        return self.moment


@dataclass(frozen=True)
class SmallTalk:
    courtesy: Courtesy
    kind: ClassVar[Kind] = Kind.SMALLTALK

    @property
    def id(self) -> str:
        return self.courtesy


@dataclass(frozen=True)
class NoQuestion:
    """A message with no words in it (only punctuation or emoji)."""

    kind: ClassVar[Kind] = Kind.EMPTY
    id: ClassVar[None] = None


# What the retrievers rank, and so what can be offered as a button.
Topic = FaqTarget | SessionTarget | VenueTarget | RoomTarget | MeetingDates


@dataclass(frozen=True)
class DidYouMean:
    """Two or three topics too close to choose between: the delegate picks. It is labelled as
    the best of them, the one the bot would have stated."""

    options: tuple[Topic, ...]  # the best first, then the close runners-up

    @property
    def kind(self) -> Kind:
        return self.options[0].kind

    @property
    def id(self) -> str:
        return self.options[0].id


@dataclass(frozen=True)
class Fallback:
    """The honest "I don't know", with the topics that explain part of the question."""

    suggestions: tuple[Topic, ...] = ()
    kind: ClassVar[Kind] = Kind.FALLBACK
    id: ClassVar[None] = None


Target = Topic | DayTarget | MomentTarget | SmallTalk | NoQuestion | DidYouMean | Fallback


def as_topic(kind: str, item_id: str) -> Topic:
    """A retriever's item (``bot.answers.index`` documents, ``bot.answers.semantic`` keys)."""
    if kind == Kind.FAQ:
        return FaqTarget(item_id)
    if kind == Kind.SESSION:
        return SessionTarget(item_id)
    if kind == Kind.EVENT:
        return MeetingDates()
    if item_id.startswith("room:"):
        return RoomTarget(item_id.removeprefix("room:"))
    return VenueTarget(VenueTopic(item_id))


def labels(topics: tuple[Topic, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((found.kind, found.id) for found in topics)


@dataclass(frozen=True)
class Understood:
    """The target, and how the hybrid choice reached it (what ``bench/fit_answers.py`` fits)."""

    target: Target
    scored: tuple[Scored, ...] = ()  # the hybrid choice's candidates, to explain and to fit
    confidence: float | None = None  # the hybrid's acceptance probability of the best one

    @property
    def kind(self) -> Kind:
        return self.target.kind

    @property
    def id(self) -> str | None:
        return self.target.id

    @property
    def alternatives(self) -> tuple[tuple[str, str], ...]:
        """The runners-up a "Did you mean…?" offers besides the best, as set labels."""
        if isinstance(self.target, DidYouMean):
            return labels(self.target.options[1:])
        return ()

    @property
    def suggestions(self) -> tuple[tuple[str, str], ...]:
        """The topics an "I don't know" offers, as set labels."""
        if isinstance(self.target, Fallback):
            return labels(self.target.suggestions)
        return ()
