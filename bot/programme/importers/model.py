"""The programme as read from a source file, before it becomes part of an event file.

Every reader fills the same plain values, so the checks and the writing are shared; every
problem carries the place in the source (``FILE:LINE`` or a sheet and row) so an organiser can
fix them all from one report.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$")
MAX_ID = 48


@dataclass(frozen=True)
class Problem:
    """One error in the source, told where it is."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ImportFailed(Exception):
    """Raised with every problem found: nothing is written when there is any."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Target:
    """What the readers need to know about the event being filled.

    ``language`` is the language the source's texts are written in: a title found there fills
    that language only, the others are reported as missing rather than invented.
    """

    timezone: ZoneInfo
    languages: tuple[str, ...]
    language: str


@dataclass
class ImportedSpeaker:
    name: str
    affiliation: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportedSession:
    where: str
    id: str
    title: dict[str, str]
    start: datetime
    end: datetime
    room: str | None = None
    kind: str = "other"
    speakers: list[ImportedSpeaker] = field(default_factory=list)
    description: dict[str, str] = field(default_factory=dict)
    floor_language: str | None = None
    interpretation: list[str] = field(default_factory=list)
    id_from_source: bool = True
    # Fields this source says nothing about: a re-import keeps the file's values for them.
    absent: frozenset[str] = frozenset()


def fold(text: str) -> str:
    """Lowercase without accents or punctuation runs, for matching names across sources."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def stable_id(raw: str) -> str:
    """A session or room id from the source's own identifier (UID, GUID, slug, day + title).

    The same source identifier always gives the same id, so followers and reminders survive
    a re-import; one too long for the 48 characters of a button id keeps its start and gets a
    short hash of the whole, which stays unique.
    """
    slug = fold(raw)
    if SLUG.match(slug):
        return slug
    digest = hashlib.sha1(raw.encode("utf-8")).hexdigest()[:8]
    head = slug[: MAX_ID - len(digest) - 1].strip("-")
    return f"{head}-{digest}" if head else f"s-{digest}"


def local(moment: datetime, zone: ZoneInfo) -> datetime:
    """A source time in the event's zone: floating times are already local, others converted."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def line_of(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    """The 1-based line where ``needle`` next occurs from ``start``, and where the search ends.

    The parsers used (icalendar, ElementTree, json) keep no positions, so a component's line is
    found by walking its markers through the raw text in document order.
    """
    index = text.find(needle, start)
    if index < 0:
        return 1, start
    return text.count("\n", 0, index) + 1, index + len(needle)
