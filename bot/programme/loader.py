"""Reads an event file into an ``Event``, reporting every problem as ``FILE:LINE: message``.

Organisers edit the file by hand, often under time pressure, so the loader never stops at the
first problem: it walks the YAML node tree (which keeps line numbers) and collects all errors,
then refuses the whole file if there was any. Half a programme is worse than the old one.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from babel import Locale, UnknownLocaleError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from bot.event import (
    SESSION_KINDS,
    Contact,
    Event,
    FaqEntry,
    Room,
    Session,
    Speaker,
    Text,
    Venue,
    Wifi,
)
from bot.i18n import catalog_languages

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
FIRST_YEAR, LAST_YEAR = 1900, 2200
# A meeting lasts days, not months: a longer programme is a typo in a date (2025 for 2024).
MAX_PROGRAMME_DAYS = 31
T = TypeVar("T")


@dataclass(frozen=True)
class EventFileError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class InvalidEventFile(Exception):
    """Raised with every error found, so the organiser can fix them all in one go."""

    def __init__(self, errors: list[EventFileError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[EventFileError] = []
        self.languages: tuple[str, ...] = ()
        self.default_language = ""
        self.timezone: ZoneInfo | None = None

    def error(self, node: Node, where: str, message: str) -> None:
        prefix = f"{where}: " if where else ""
        self.errors.append(EventFileError(self.path, node.start_mark.line + 1, prefix + message))

    def mapping(
        self, node: Node, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.error(node, where, "expected a mapping of keys to values")
            return None
        fields: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key not in required and key not in optional:
                self.error(key_node, where, f"unknown key '{key}'")
            elif key in fields:
                self.error(key_node, where, f"duplicate key '{key}'")
            else:
                fields[key] = value_node
        for key in required:
            if key not in fields:
                self.error(node, where, f"missing required key '{key}'")
        return fields

    def sequence(self, node: Node, where: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            self.error(node, where, "expected a list")
            return []
        return list(node.value)

    def string(self, node: Node, where: str) -> str | None:
        if not isinstance(node, ScalarNode) or node.value is None:
            self.error(node, where, "expected text")
            return None
        value = str(node.value).strip()
        if not value:
            self.error(node, where, "must not be empty")
            return None
        return value

    def slug(self, node: Node, where: str) -> str | None:
        value = self.string(node, where)
        if value is not None and not SLUG.match(value):
            self.error(node, where, f"'{value}' is not a slug (a-z, 0-9 and '-', at most 48)")
            return None
        return value

    def language(self, node: Node, where: str) -> str | None:
        value = self.string(node, where)
        if value is not None and self.languages and value not in self.languages:
            self.error(node, where, f"language '{value}' is not in event.languages")
            return None
        return value

    def number(self, node: Node, where: str, low: float, high: float) -> float | None:
        value = self.string(node, where)
        if value is None:
            return None
        try:
            number = float(value)
        except ValueError:
            self.error(node, where, f"'{value}' is not a number")
            return None
        if not low <= number <= high:
            self.error(node, where, f"{value} is outside {low:g}..{high:g}")
            return None
        return number

    def text(self, node: Node, where: str) -> Text | None:
        """A translatable text: one string for every language, or one per language code."""
        if isinstance(node, ScalarNode):
            value = self.string(node, where)
            return (
                None
                if value is None
                else Text({self.default_language: value}, self.default_language)
            )
        fields = self.by_language(node, where)
        if fields is None:
            return None
        values = {lang: self.string(n, f"{where}.{lang}") for lang, n in fields.items()}
        clean = {lang: v for lang, v in values.items() if v is not None}
        if len(clean) != len(values):
            return None
        if not clean:
            self.error(node, where, "needs a text in at least one language")
            return None
        return Text(clean, self.default_language)

    def by_language(self, node: Node, where: str) -> dict[str, Node] | None:
        """A mapping keyed by the event's language codes."""
        if not isinstance(node, MappingNode):
            self.error(node, where, "expected a mapping of language codes to values")
            return None
        fields: dict[str, Node] = {}
        for key_node, value_node in node.value:
            lang = str(key_node.value)
            if lang not in self.languages:
                self.error(key_node, where, f"language '{lang}' is not in event.languages")
            elif lang in fields:
                self.error(key_node, where, f"duplicate key '{lang}'")
            else:
                fields[lang] = value_node
        return fields

    def optional(
        self, fields: dict[str, Node], key: str, where: str, read: Callable[[Node, str], T]
    ) -> T | None:
        node = fields.get(key)
        return None if node is None else read(node, f"{where}.{key}")

    def datetime(self, node: Node, where: str) -> datetime | None:
        value = self.string(node, where)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.error(node, where, f"'{value}' is not a date and time like 2024-11-06T09:00")
            return None
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            # far years overflow when moved to UTC or written in a calendar file
            self.error(node, where, f"year {moment.year} is outside {FIRST_YEAR}..{LAST_YEAR}")
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.timezone or UTC)
            if moment.astimezone(UTC).astimezone(moment.tzinfo) != moment:
                # skipped by a summer-time jump: shown as written, kept an hour off
                self.error(
                    node, where, f"{value} does not exist in {moment.tzinfo} (clocks skip it)"
                )
                return None
        return moment

    def unique(self, items: list[tuple[str, Node]], where: str) -> None:
        seen: set[str] = set()
        for item_id, node in items:
            if item_id in seen:
                self.error(node, where, f"duplicate id '{item_id}'")
            seen.add(item_id)


@dataclass(frozen=True)
class _Header:
    id: str | None
    name: Text | None
    description: Text | None
    website: str | None
    contacts: tuple[Contact, ...]
    name_in_sentence: Text | None = None
    locales: dict[str, str] = field(default_factory=dict)


def _read_event_header(r: _Reader, node: Node) -> _Header | None:
    fields = r.mapping(
        node,
        "event",
        ("id", "name", "timezone", "languages", "default_language"),
        ("description", "website", "contacts", "name_in_sentence", "locales"),
    )
    if fields is None:
        return None
    languages: list[str] = []
    spoken = catalog_languages()
    if "languages" in fields:
        for i, lang_node in enumerate(r.sequence(fields["languages"], "event.languages")):
            lang = r.string(lang_node, f"event.languages[{i}]")
            if lang is None:
                continue
            if not LANGUAGE.match(lang):
                r.error(lang_node, f"event.languages[{i}]", f"'{lang}' is not a language code")
            elif lang in languages:
                r.error(lang_node, f"event.languages[{i}]", f"language '{lang}' listed twice")
            else:
                languages.append(lang)  # kept, so its texts are not reported once more each
                if lang not in spoken:
                    r.error(
                        lang_node,
                        f"event.languages[{i}]",
                        f"no catalog for language '{lang}' under locales/ "
                        f"(the bot speaks {', '.join(spoken)})",
                    )
        if not languages:
            r.error(fields["languages"], "event.languages", "needs at least one language")
    r.languages = tuple(languages)
    default = r.optional(fields, "default_language", "event", r.language)
    r.default_language = default or (languages[0] if languages else "en")
    if "timezone" in fields:
        zone_name = r.string(fields["timezone"], "event.timezone")
        if zone_name:
            try:
                r.timezone = ZoneInfo(zone_name)
            # OSError: the name of a folder of the zone database ("America", "Europe")
            except (ZoneInfoNotFoundError, ValueError, OSError):
                r.error(fields["timezone"], "event.timezone", f"unknown time zone '{zone_name}'")
    contacts = []
    for i, contact_node in enumerate(r.optional(fields, "contacts", "event", r.sequence) or []):
        where = f"event.contacts[{i}]"
        c = r.mapping(contact_node, where, ("name",), ("role", "email", "phone", "telegram"))
        if c is None:
            continue
        name = r.optional(c, "name", where, r.text)
        if name:
            contacts.append(
                Contact(
                    name=name,
                    role=r.optional(c, "role", where, r.text),
                    email=r.optional(c, "email", where, r.string),
                    phone=r.optional(c, "phone", where, r.string),
                    telegram=r.optional(c, "telegram", where, r.string),
                )
            )
    name = r.optional(fields, "name", "event", r.text)
    return _Header(
        id=r.optional(fields, "id", "event", r.slug),
        name=name,
        description=r.optional(fields, "description", "event", r.text),
        website=r.optional(fields, "website", "event", r.string),
        contacts=tuple(contacts),
        name_in_sentence=_read_name_in_sentence(r, fields, name),
        locales=_read_locales(r, fields["locales"]) if "locales" in fields else {},
    )


def _read_name_in_sentence(r: _Reader, fields: dict[str, Node], name: Text | None) -> Text | None:
    """The name with its article, as it reads inside a sentence ("la Reunión Regional…").

    It must contain the name itself, so that renaming the meeting in one place and not the
    other is caught here rather than read by delegates.
    """
    node = fields.get("name_in_sentence")
    text = r.optional(fields, "name_in_sentence", "event", r.text)
    if node is None or text is None or name is None:
        return text
    values = node.value if isinstance(node, MappingNode) else []
    lines = {str(k.value): v for k, v in values}
    for language, phrase in text.values.items():
        if name.get(language).casefold() not in phrase.casefold():
            r.error(
                lines.get(language, node),
                f"event.name_in_sentence.{language}",
                f"'{phrase}' does not contain event.name.{language} '{name.get(language)}' "
                "(write the name with its article, e.g. 'la Réunion régionale…')",
            )
    return text


def _read_locales(r: _Reader, node: Node) -> dict[str, str]:
    """Which CLDR locale writes each language's dates: {en: en_GB} (the default for English)."""
    locales: dict[str, str] = {}
    for language, value_node in (r.by_language(node, "event.locales") or {}).items():
        where = f"event.locales.{language}"
        value = r.string(value_node, where)
        if value is None:
            continue
        try:
            locale = Locale.parse(value.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            r.error(value_node, where, f"unknown locale '{value}' (e.g. en_GB, en_US, es_DO)")
            continue
        if locale.language != language:
            r.error(value_node, where, f"locale '{value}' does not write language '{language}'")
            continue
        locales[language] = str(locale)
    return locales


def _read_venue(r: _Reader, node: Node) -> tuple[Venue | None, dict[str, Room]]:
    """The venue, and its rooms even when the venue itself is incomplete (sessions need them)."""
    fields = r.mapping(
        node,
        "venue",
        ("name", "address"),
        ("latitude", "longitude", "directions", "wifi", "rooms"),
    )
    if fields is None:
        return None, {}
    latitude = r.optional(fields, "latitude", "venue", lambda n, w: r.number(n, w, -90, 90))
    longitude = r.optional(fields, "longitude", "venue", lambda n, w: r.number(n, w, -180, 180))
    if ("latitude" in fields) != ("longitude" in fields):
        r.error(node, "venue", "latitude and longitude go together")
    wifi = None
    if "wifi" in fields:
        w = r.mapping(fields["wifi"], "venue.wifi", ("network",), ("password",))
        network = r.optional(w or {}, "network", "venue.wifi", r.string)
        if network:
            wifi = Wifi(network, r.optional(w or {}, "password", "venue.wifi", r.string))
    rooms: list[Room] = []
    room_nodes: list[tuple[str, Node]] = []
    for i, room_node in enumerate(r.optional(fields, "rooms", "venue", r.sequence) or []):
        where = f"venue.rooms[{i}]"
        f = r.mapping(room_node, where, ("id", "name"), ("description", "directions"))
        if f is None:
            continue
        room_id = r.optional(f, "id", where, r.slug)
        name = r.optional(f, "name", where, r.text)
        description = r.optional(f, "description", where, r.text)
        if room_id and name:
            if description:  # "the terrace" finds the room whose sign says "Terraza del Mar"
                name = Text(name.values, name.default_language, tuple(description.variants()))
            directions = r.optional(f, "directions", where, r.text)
            rooms.append(Room(room_id, name, directions, description))
            room_nodes.append((room_id, f["id"]))
    r.unique(room_nodes, "venue.rooms")
    rooms_by_id = {room.id: room for room in rooms}
    name = r.optional(fields, "name", "venue", r.text)
    address = r.optional(fields, "address", "venue", r.text)
    if name is None or address is None:
        return None, rooms_by_id
    venue = Venue(
        name=name,
        address=address,
        latitude=latitude,
        longitude=longitude,
        directions=r.optional(fields, "directions", "venue", r.text),
        wifi=wifi,
        rooms=tuple(rooms),
    )
    return venue, rooms_by_id


def _read_lead_minutes(r: _Reader, node: Node) -> tuple[int, ...]:
    fields = r.mapping(node, "reminders", (), ("lead_minutes",)) or {}
    if "lead_minutes" not in fields:
        return (15,)
    minutes: list[int] = []
    for i, n in enumerate(r.sequence(fields["lead_minutes"], "reminders.lead_minutes")):
        value = r.number(n, f"reminders.lead_minutes[{i}]", 1, 24 * 60)
        if value is not None:
            if value != int(value):
                r.error(n, f"reminders.lead_minutes[{i}]", "must be a whole number of minutes")
            else:
                minutes.append(int(value))
    return tuple(sorted(set(minutes), reverse=True)) or (15,)


def _read_session(
    r: _Reader, node: Node, where: str, rooms: dict[str, Room], ids: list[tuple[str, Node]]
) -> Session | None:
    f = r.mapping(
        node,
        where,
        ("id", "title", "start", "end"),
        ("room", "kind", "speakers", "description", "floor_language", "interpretation"),
    )
    if f is None:
        return None
    session_id = r.optional(f, "id", where, r.slug)
    if session_id:
        where = f"{where} ({session_id})"
        ids.append((session_id, f["id"]))
    title = r.optional(f, "title", where, r.text)
    start = r.optional(f, "start", where, r.datetime)
    end = r.optional(f, "end", where, r.datetime)
    if start and end and end <= start:
        r.error(f["end"], f"{where}.end", "must be after start")
    room = None
    room_id = r.optional(f, "room", where, r.slug)
    if room_id:
        room = rooms.get(room_id)
        if room is None:
            r.error(f["room"], f"{where}.room", f"unknown room '{room_id}' (not in venue.rooms)")
    kind = r.optional(f, "kind", where, r.string) or "other"
    if kind not in SESSION_KINDS:
        r.error(f["kind"], f"{where}.kind", f"unknown kind '{kind}' ({' | '.join(SESSION_KINDS)})")
    speakers = []
    for i, speaker_node in enumerate(r.optional(f, "speakers", where, r.sequence) or []):
        sw = f"{where}.speakers[{i}]"
        s = r.mapping(speaker_node, sw, ("name",), ("affiliation",))
        name = r.optional(s or {}, "name", sw, r.string)
        if name:
            speakers.append(Speaker(name, r.optional(s or {}, "affiliation", sw, r.text)))
    interpretation = [
        r.language(n, f"{where}.interpretation[{i}]")
        for i, n in enumerate(r.optional(f, "interpretation", where, r.sequence) or [])
    ]
    description = r.optional(f, "description", where, r.text)
    floor_language = r.optional(f, "floor_language", where, r.language)
    if not (session_id and title and start and end) or end <= start:
        return None
    return Session(
        id=session_id,
        title=title,
        start=start,
        end=end,
        room=room,
        kind=kind,
        speakers=tuple(speakers),
        description=description,
        floor_language=floor_language,
        interpretation=tuple(lang for lang in interpretation if lang),
    )


def _check_span(r: _Reader, sessions: list[Session], lines: dict[str, tuple[Node, str]]) -> None:
    """A programme longer than ``MAX_PROGRAMME_DAYS`` has a date typo: each session far from
    the meeting's busiest day is reported (or the farthest one, when none is that far).

    Left alone, one session dated 2025 in a 2024 meeting stretches "the meeting takes place
    from … to …" over a year and adds a day button no delegate needs.
    """
    if not sessions:
        return
    first = min(s.start.date() for s in sessions)
    last = max(s.end.date() for s in sessions)
    span = (last - first).days + 1
    if span <= MAX_PROGRAMME_DAYS:
        return
    # the meeting's busiest day (the earliest of equals): a typo stands alone
    busiest = Counter(s.start.date() for s in sessions).most_common()
    middle = min(day for day, count in busiest if count == busiest[0][1])

    def distance(session: Session) -> tuple[int, str]:
        """How many days the session lies from that day, and which of its keys says so."""
        return max(
            (abs((session.start.date() - middle).days), "start"),
            (abs((session.end.date() - middle).days), "end"),
        )

    far = [s for s in sessions if distance(s)[0] > MAX_PROGRAMME_DAYS // 2]
    for session in far or [max(sessions, key=distance)]:
        node, where = lines[session.id]
        key = distance(session)[1]
        key_node = next((v for k, v in node.value if k.value == key), node)
        r.error(
            key_node,
            f"{where}.{key}",
            f"the programme would span {span} days ({first} to {last}), more than "
            f"{MAX_PROGRAMME_DAYS}: is this date a typo?",
        )


def _read_faq_entry(
    r: _Reader, node: Node, where: str, ids: list[tuple[str, Node]]
) -> FaqEntry | None:
    f = r.mapping(node, where, ("id", "questions", "answer"))
    if f is None:
        return None
    faq_id = r.optional(f, "id", where, r.slug)
    if faq_id:
        where = f"{where} ({faq_id})"
        ids.append((faq_id, f["id"]))
    questions: dict[str, tuple[str, ...]] = {}
    q_fields = r.optional(f, "questions", where, r.by_language)
    for lang, list_node in (q_fields or {}).items():
        qw = f"{where}.questions.{lang}"
        phrasings = [r.string(n, f"{qw}[{i}]") for i, n in enumerate(r.sequence(list_node, qw))]
        questions[lang] = tuple(p for p in phrasings if p)
    if q_fields and not any(questions.values()):
        r.error(f["questions"], f"{where}.questions", "needs at least one example question")
    answer = r.optional(f, "answer", where, r.text)
    if not (faq_id and answer):
        return None
    return FaqEntry(faq_id, questions, answer)


def _compose(source: str, path: str) -> Node | None:
    """The YAML node tree (it keeps the lines), or ``InvalidEventFile`` with the line at fault.

    PyYAML fails in three ways, and each must reach the organiser as ``FILE:LINE`` rather than a
    traceback: a syntax error carries a mark; a character YAML forbids (a control character
    pasted from a word processor) only an offset into the text; and lists or mappings nested
    deeper than Python's stack end in ``RecursionError``, when the reader's line is the nearest
    one to blame.
    """
    try:
        loader = yaml.SafeLoader(source)  # checks every character before reading any
    except ReaderError as exc:
        line = source.count("\n", 0, exc.position) + 1
        message = f"not valid YAML: character U+{exc.character:04X} is not allowed (delete it)"
        raise InvalidEventFile([EventFileError(path, line, message)]) from exc
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise InvalidEventFile(
            [EventFileError(path, line, f"not valid YAML: {exc.problem}")]
        ) from exc
    except RecursionError as exc:
        message = "not valid YAML: lists or mappings nested too deeply"
        raise InvalidEventFile([EventFileError(path, loader.line + 1, message)]) from exc
    finally:
        loader.dispose()


def parse_event(source: str, path: str, *, programme_to_come: bool = False) -> Event:
    """Build an ``Event`` from YAML text, or raise ``InvalidEventFile`` with every error.

    ``programme_to_come``: the file is about to receive its sessions (``main.py import``), so
    an empty programme is what it should have, not a half-copied file."""
    r = _Reader(path)
    root = _compose(source, path)
    if root is None:
        raise InvalidEventFile([EventFileError(path, 1, "the file is empty")])
    top = r.mapping(root, "", ("event", "venue", "sessions"), ("reminders", "faq"))
    if top is None:
        raise InvalidEventFile(r.errors)
    header = _read_event_header(r, top["event"]) if "event" in top else None
    venue, rooms = _read_venue(r, top["venue"]) if "venue" in top else (None, {})
    lead_minutes = _read_lead_minutes(r, top["reminders"]) if "reminders" in top else (15,)
    sessions: list[Session] = []
    session_ids: list[tuple[str, Node]] = []
    lines: dict[str, tuple[Node, str]] = {}
    for i, n in enumerate(r.sequence(top["sessions"], "sessions") if "sessions" in top else []):
        session = _read_session(r, n, f"sessions[{i}]", rooms, session_ids)
        if session:
            sessions.append(session)
            lines.setdefault(session.id, (n, f"sessions[{i}] ({session.id})"))
    r.unique(session_ids, "sessions")
    _check_span(r, sessions, lines)
    listed = top.get("sessions")
    if isinstance(listed, SequenceNode) and not listed.value and not programme_to_come:
        # A half-copied file looks like this: applied, it would cancel the whole programme.
        r.error(top["sessions"], "sessions", "the programme has no session")
    faq: list[FaqEntry] = []
    faq_ids: list[tuple[str, Node]] = []
    for i, n in enumerate(r.optional(top, "faq", "", r.sequence) or []):
        entry = _read_faq_entry(r, n, f"faq[{i}]", faq_ids)
        if entry:
            faq.append(entry)
    r.unique(faq_ids, "faq")
    r.errors.sort(key=lambda e: e.line)
    if r.errors or not (header and header.id and header.name and venue and r.timezone):
        raise InvalidEventFile(r.errors or [EventFileError(path, 1, "incomplete event file")])
    return Event(
        id=header.id,
        name=header.name,
        timezone=r.timezone,
        languages=r.languages,
        default_language=r.default_language,
        venue=venue,
        sessions=tuple(sorted(sessions, key=lambda s: (s.start, s.end, s.id))),
        description=header.description,
        website=header.website,
        contacts=header.contacts,
        name_in_sentence=header.name_in_sentence,
        locales=header.locales,
        lead_minutes=lead_minutes,
        faq=tuple(faq),
        source=path,
    )


def load_event(path: str | Path, *, programme_to_come: bool = False) -> Event:
    """Read and validate an event file from disk."""
    return read_event(path, programme_to_come=programme_to_come)[0]


def read_event(path: str | Path, *, programme_to_come: bool = False) -> tuple[Event, str]:
    """The event and a fingerprint of the exact text it was read from (one read), so an
    organiser's confirmation applies the file they saw, not one changed since."""
    file_path = Path(path)
    try:
        raw = file_path.read_bytes()
    except OSError as exc:
        raise InvalidEventFile(
            [EventFileError(str(path), 1, f"cannot read the file: {exc}")]
        ) from exc
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # one accented letter saved as Latin-1: the organiser needs its line, not an offset
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"byte 0x{raw[exc.start]:02x} is not UTF-8 (save the file as UTF-8)"
        raise InvalidEventFile([EventFileError(str(path), line, message)]) from exc
    source = source.replace("\r\n", "\n").replace("\r", "\n")  # as text mode reads it
    fingerprint = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
    return parse_event(source, str(path), programme_to_come=programme_to_come), fingerprint
