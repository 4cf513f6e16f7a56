"""The meeting as the bot knows it: an immutable model built from one event file.

Everything the delegate sees about a particular meeting comes from here, so the same code serves
any meeting given another file. The loader (``bot.programme.loader``) is the only place that builds
it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

SESSION_KINDS = ("plenary", "panel", "workshop", "break", "meal", "social", "other")


@dataclass(frozen=True)
class Text:
    """Text written once per language; a missing language falls back to the event's default.

    The fallback is resolved here rather than by callers so that no view can forget it.
    """

    values: Mapping[str, str]
    default_language: str
    # other (language, text) forms people may use for the same thing, indexed but never shown:
    # a room is searched by its translated description ("the terrace") as well as its sign
    also: tuple[tuple[str, str], ...] = ()

    def get(self, language: str) -> str:
        if language in self.values:
            return self.values[language]
        if self.default_language in self.values:
            return self.values[self.default_language]
        return next(iter(self.values.values()))

    def variants(self) -> Iterator[tuple[str, str]]:
        """Every (language, text) pair, for indexing text in all languages at once."""
        return iter((*self.values.items(), *self.also))


@dataclass(frozen=True)
class Contact:
    name: Text  # a desk's name is translated ("Meeting secretariat"); a person's is one string
    role: Text | None = None
    email: str | None = None
    phone: str | None = None
    telegram: str | None = None


@dataclass(frozen=True)
class Wifi:
    network: str
    password: str | None = None


@dataclass(frozen=True)
class Room:
    """A room has one name, the one on its sign, shown as is in every language; what it is and
    how to find it ("plenary hall, ground floor") is the translated description."""

    id: str
    name: Text
    directions: Text | None = None
    description: Text | None = None


@dataclass(frozen=True)
class Venue:
    name: Text
    address: Text
    latitude: float | None = None
    longitude: float | None = None
    directions: Text | None = None
    wifi: Wifi | None = None
    rooms: tuple[Room, ...] = ()


@dataclass(frozen=True)
class Speaker:
    name: str
    affiliation: Text | None = None


@dataclass(frozen=True)
class Session:
    id: str
    title: Text
    start: datetime
    end: datetime
    room: Room | None = None
    kind: str = "other"
    speakers: tuple[Speaker, ...] = ()
    description: Text | None = None
    floor_language: str | None = None
    interpretation: tuple[str, ...] = ()


@dataclass(frozen=True)
class FaqEntry:
    id: str
    questions: Mapping[str, tuple[str, ...]]
    answer: Text


@dataclass(frozen=True)
class Event:
    id: str
    name: Text
    timezone: ZoneInfo
    languages: tuple[str, ...]
    default_language: str
    venue: Venue
    sessions: tuple[Session, ...]
    description: Text | None = None
    website: str | None = None
    contacts: tuple[Contact, ...] = ()
    lead_minutes: tuple[int, ...] = (15,)
    faq: tuple[FaqEntry, ...] = ()
    # the name as it reads inside a sentence, with its article ("la Réunion régionale…")
    name_in_sentence: Text | None = None
    # the CLDR locale that writes each language's dates ({"en": "en_GB"}); unlisted: default
    locales: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    _sessions_by_id: dict[str, Session] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._sessions_by_id.update((s.id, s) for s in self.sessions)

    def language_or_default(self, language: str | None) -> str:
        """The language the bot should speak to someone whose client says ``language``."""
        if language:
            base = language.split("-")[0].lower()
            if base in self.languages:
                return base
        return self.default_language

    def sentence_name(self) -> Text:
        """The name to put inside a sentence: with its article when the file gives one."""
        return self.name_in_sentence or self.name

    def session(self, session_id: str) -> Session | None:
        return self._sessions_by_id.get(session_id)

    def room(self, room_id: str) -> Room | None:
        return next((r for r in self.venue.rooms if r.id == room_id), None)

    def faq_entry(self, faq_id: str) -> FaqEntry | None:
        return next((f for f in self.faq if f.id == faq_id), None)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.timezone)

    def days(self) -> tuple[date, ...]:
        """The meeting's days in its own time zone, in order."""
        return tuple(sorted({self.local(s.start).date() for s in self.sessions}))

    def sessions_on(self, day: date) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if self.local(s.start).date() == day)
