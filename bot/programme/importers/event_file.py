"""Putting an imported programme into an event file, keeping everything else as it was.

Only ``sessions:`` is replaced (and rooms the file lacks are added); the venue, FAQ, contacts
and the comments around them stay, because the file is edited with ruamel.yaml's round-trip
mode rather than re-dumped. The result is validated by the event loader before anything is
written, and compared with the old programme by ``bot.programme.changes``, so the organiser reads
the summary in the same words delegates will read the change notices.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from html import unescape

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Quoted

from bot.event import Event, Session, Text
from bot.i18n import for_event
from bot.programme.changes import SessionChange, compare, render_changes
from bot.programme.importers.model import ImportedSession, ImportedSpeaker, fold, stable_id
from bot.programme.loader import parse_event
from bot.programme.snapshots import Snapshot

TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Imported:
    """The new event file's text, the event it loads as, and what the organiser must hear."""

    text: str
    event: Event
    new_rooms: tuple[tuple[str, str], ...]
    missing_titles: tuple[tuple[str, tuple[str, ...]], ...]
    changes: tuple[SessionChange, ...]


def merge(base: Event, base_text: str, sessions: list[ImportedSession], path: str) -> Imported:
    """The event file ``base_text`` with ``sessions`` as its programme.

    Raises ``InvalidEventFile`` if the result would not load: nothing is written then.
    """
    yaml = _yaml()
    data = yaml.load(base_text)
    rooms = _RoomFinder(base)
    entries = CommentedSeq()
    for session in sessions:
        old = base.session(session.id)
        keep_values(session, old)
        room_id = rooms.find(session.room) if session.room else None
        if "room" in session.absent and old is not None:
            room_id = old.room.id if old.room else None
        entries.append(_entry(session, room_id, base))
        if len(entries) > 1:  # a blank line between sessions, as organisers write them
            entries.yaml_set_comment_before_after_key(len(entries) - 1, before="\n")
    data["sessions"] = entries
    if rooms.added:
        venue = data["venue"]
        if "rooms" not in venue:
            venue["rooms"] = CommentedSeq()
        for room_id, name in rooms.added:
            venue["rooms"].append(CommentedMap([("id", room_id), ("name", Quoted(name))]))
    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue()
    event = parse_event(text, path)
    previous = {s.id: Snapshot.of(s) for s in base.sessions}
    changes, _ = compare(previous, event)
    missing = tuple(
        (s.id, tuple(lang for lang in base.languages if lang not in s.title)) for s in sessions
    )
    return Imported(
        text,
        event,
        tuple(rooms.added),
        tuple(m for m in missing if m[1]),
        tuple(changes),
    )


def keep_values(session: ImportedSession, old: Session | None) -> None:
    """Keep what the file knows and the source does not say, for a session already there.

    A field the format lacks (an .ics has no interpretation) keeps the file's value; the other
    languages of a title, description or affiliation are kept while the source's own language
    is unchanged, since they still translate it. A changed text loses them: a stale
    translation would be worse than the reported gap.
    """
    if old is None:
        return
    absent = session.absent
    if "kind" in absent:
        session.kind = old.kind
    if "floor_language" in absent:
        session.floor_language = old.floor_language
    if "interpretation" in absent:
        session.interpretation = list(old.interpretation)
    session.title = _translations(session.title, old.title)
    if "description" in absent:
        session.description = dict(old.description.values) if old.description else {}
    else:
        session.description = _translations(session.description, old.description)
    if "speakers" in absent:
        session.speakers = [
            ImportedSpeaker(p.name, dict(p.affiliation.values) if p.affiliation else {})
            for p in old.speakers
        ]
        return
    known = {p.name: p for p in old.speakers}
    for speaker in session.speakers:
        former = known.get(speaker.name)
        if former is not None and former.affiliation:  # frab persons carry no affiliation
            speaker.affiliation = (
                _translations(speaker.affiliation, former.affiliation)
                if speaker.affiliation
                else dict(former.affiliation.values)
            )


def _translations(values: dict[str, str], old: Text | None) -> dict[str, str]:
    if old is None or not values:
        return values
    if all(old.values.get(lang) == text for lang, text in values.items()):
        return {**old.values, **values}
    return values


def summary(imported: Imported, language: str) -> str:
    """The change notice a delegate would get, as plain text for the terminal."""
    event = imported.event
    t = for_event(event, language)
    reply = render_changes(imported.changes, event, t)
    return unescape(TAG.sub("", reply.text))


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _clock(moment: datetime, base: Event) -> str:
    local = moment.astimezone(base.timezone)
    return local.strftime("%Y-%m-%dT%H:%M:%S" if local.second else "%Y-%m-%dT%H:%M")


def _texts(values: dict[str, str], base: Event) -> CommentedMap:
    ordered = [lang for lang in base.languages if lang in values]
    return CommentedMap((lang, Quoted(values[lang])) for lang in ordered)


def _entry(session: ImportedSession, room_id: str | None, base: Event) -> CommentedMap:
    entry = CommentedMap()
    entry["id"] = session.id
    entry["title"] = _texts(session.title, base)
    entry["start"] = _clock(session.start, base)
    entry["end"] = _clock(session.end, base)
    if room_id:
        entry["room"] = room_id
    entry["kind"] = session.kind
    if session.speakers:
        speakers = CommentedSeq()
        for speaker in session.speakers:
            item = CommentedMap([("name", Quoted(speaker.name))])
            if speaker.affiliation:
                item["affiliation"] = _texts(speaker.affiliation, base)
            speakers.append(item)
        entry["speakers"] = speakers
    if session.description:
        entry["description"] = _texts(session.description, base)
    if session.floor_language:
        entry["floor_language"] = session.floor_language
    if session.interpretation:
        languages = CommentedSeq(session.interpretation)
        languages.fa.set_flow_style()
        entry["interpretation"] = languages
    return entry


class _RoomFinder:
    """Matches a source's room names to the file's rooms by id or by name in any language.

    An .ics LOCATION often reads "Room, Venue, Address": its first part is tried too, and a
    location that only names the venue means no particular room. Unknown rooms are added.
    """

    def __init__(self, base: Event) -> None:
        self.known: dict[str, str] = {}
        for room in base.venue.rooms:
            self.known[fold(room.id)] = room.id
            for _, name in room.name.variants():
                self.known.setdefault(fold(name), room.id)
        self.venue = {fold(name) for _, name in base.venue.name.variants()}
        self.ids = {room.id for room in base.venue.rooms}
        self.added: list[tuple[str, str]] = []

    def find(self, name: str) -> str | None:
        first = name.split(",", 1)[0].strip()
        for candidate in (name, first):
            room_id = self.known.get(fold(candidate))
            if room_id:
                return room_id
        if any(fold(name).startswith(venue) for venue in self.venue):
            return None
        room_id = stable_id(name)
        while room_id in self.ids:
            room_id = stable_id(f"{room_id}-{len(self.ids)}")
        self.ids.add(room_id)
        self.known[fold(name)] = room_id
        self.added.append((room_id, name))
        return room_id
