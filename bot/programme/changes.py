"""What changed in the programme since the bot last saw it, and how to tell a delegate.

Organisers edit the event file and reload it; delegates have planned their day on the old
version, so every difference that can send someone to the wrong room at the wrong time is found
here (added, cancelled, moved, re-roomed, retitled) and told in the delegate's language, old →
new, several changes in one message so a busy reload does not become a burst of notifications.

The comparison is against the snapshot kept in SQLite (``bot.programme.snapshots``), never against
the previous ``Event`` in memory, so changes made while the bot was down are found too, and a
session removed from the file stays cancelled across any number of later reloads.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from bot.event import Event
from bot.i18n import Translator
from bot.programme.snapshots import Snapshot
from bot.ui import callbacks
from bot.ui.split import MAX_MESSAGE_LENGTH, utf16_length
from bot.ui.views import Button, Reply, short_label

ADDED = "added"
CANCELLED = "cancelled"
MOVED = "moved"
ROOM = "room"
RETITLED = "retitled"

MAX_BUTTON_ROWS = 6
# A reload that cancels more sessions than this, or more than a quarter of the programme, is
# not applied without an organiser's confirmation: a file caught half-copied looks like that.
MAX_UNCONFIRMED_CANCELLATIONS = 3


@dataclass(frozen=True)
class SessionChange:
    """One session's difference between the saved programme and the event file.

    ``before`` is the snapshot as last saved (None for a session never seen; a cancelled
    snapshot for a reinstated one); ``after`` is the snapshot saved now (None when cancelled),
    so the new sequence number is at hand for calendar updates.
    """

    session_id: str
    kinds: frozenset[str]
    before: Snapshot | None
    after: Snapshot | None

    @property
    def start(self) -> datetime:
        """Where the change sorts: the session's current start, or its last one if cancelled."""
        shown = self.after or self.before
        assert shown is not None  # a change always has at least one side
        return shown.start


def compare(
    previous: Mapping[str, Snapshot], event: Event
) -> tuple[list[SessionChange], list[Snapshot]]:
    """The changes to announce, in programme order, and every snapshot to save.

    With no previous snapshot (the first start on this database) there is nothing to compare
    against, so nothing is announced: everyone would otherwise be told the whole programme is
    new. A changed session's sequence grows by one per compare however much changed in it, so
    calendar apps replace their copy exactly once per reload.
    """
    if not previous:
        return [], [Snapshot.of(session) for session in event.sessions]
    changes: list[SessionChange] = []
    saved: list[Snapshot] = []
    for session in event.sessions:
        old = previous.get(session.id)
        new = Snapshot.of(session, old.sequence if old else 0)
        if old is None:
            changes.append(SessionChange(session.id, frozenset({ADDED}), None, new))
        elif old.cancelled:
            new = dataclasses.replace(new, sequence=old.sequence + 1)
            changes.append(SessionChange(session.id, frozenset({ADDED}), old, new))
        else:
            kinds = _differences(old, new)
            if kinds:
                new = dataclasses.replace(new, sequence=old.sequence + 1)
                changes.append(SessionChange(session.id, kinds, old, new))
            # A change of kind alone is saved silently: it moves nobody anywhere.
        saved.append(new)
    gone = sorted(
        (s for s in previous.values() if event.session(s.session_id) is None),
        key=lambda s: (s.start, s.session_id),
    )
    for old in gone:
        if old.cancelled:
            saved.append(old)
            continue
        saved.append(dataclasses.replace(old, cancelled=True, sequence=old.sequence + 1))
        changes.append(SessionChange(old.session_id, frozenset({CANCELLED}), old, None))
    changes.sort(key=lambda c: (c.start, c.session_id))
    return changes, saved


def cancellations_to_confirm(
    previous: Mapping[str, Snapshot], changes: Sequence[SessionChange]
) -> list[SessionChange]:
    """The cancellations of a reload when there are too many to apply unconfirmed, else [].

    Too many: more than ``MAX_UNCONFIRMED_CANCELLATIONS``, or more than a quarter of the
    sessions on the programme now (all of them included).
    """
    cancelled = [c for c in changes if CANCELLED in c.kinds]
    live = sum(1 for s in previous.values() if not s.cancelled)
    if len(cancelled) > MAX_UNCONFIRMED_CANCELLATIONS or 4 * len(cancelled) > live:
        return cancelled
    return []


def _differences(old: Snapshot, new: Snapshot) -> frozenset[str]:
    kinds = set()
    if not (_same_instant(old.start, new.start) and _same_instant(old.end, new.end)):
        kinds.add(MOVED)
    if old.room_id != new.room_id:
        kinds.add(ROOM)
    if dict(old.title) != dict(new.title):
        kinds.add(RETITLED)
    return frozenset(kinds)


def _same_instant(a: datetime, b: datetime) -> bool:
    """Compare in UTC: Python never finds two datetimes of different zones equal when one falls
    in the hour repeated at the end of summer time, so a saved 02:30+02:00 would look moved
    from the file's 02:30 Europe/Madrid on every reload.
    """
    return a.astimezone(UTC) == b.astimezone(UTC)


def title_in(snapshot: Snapshot, language: str, default_language: str) -> str:
    """The title a delegate knows the session by, with the event file's own fallback order."""
    for lang in (language, default_language):
        if snapshot.title.get(lang):
            return snapshot.title[lang]
    return next((v for v in snapshot.title.values() if v), snapshot.session_id)


def relevant(change: SessionChange, event: Event, language: str) -> bool:
    """Whether the change alters anything a delegate reading ``language`` can see.

    A title corrected only in French is a change for the file, not for a Spanish reader, who
    would otherwise be told that "Apertura" is now called "Apertura".
    """
    if change.kinds - {RETITLED}:
        return True
    if change.before is None or change.after is None:
        return False
    lang, default = language, event.default_language
    return title_in(change.before, lang, default) != title_in(change.after, lang, default)


def render_changes(changes: Sequence[SessionChange], event: Event, t: Translator) -> Reply:
    """One message telling one delegate every change that concerns them.

    Changes that mean nothing in the delegate's language (see ``relevant``) are left out; if
    none is left the reply has no text and no buttons, and the caller must send nothing.
    The text always fits one Telegram message: past the limit, the remaining changes are
    counted instead of listed, since the buttons and the programme still show them.
    """
    if t.timezone != event.timezone:
        t = dataclasses.replace(t, timezone=event.timezone)
    shown = [c for c in changes if relevant(c, event, t.language)]
    if not shown:
        return Reply("")
    heading = t.ngettext("📣 Programme change", "📣 Programme changes", len(shown))
    lines = [f"<b>{escape(heading, quote=False)}</b>"]
    for index, change in enumerate(shown):
        block = _lines(change, event, t)
        rest = len(shown) - index - 1
        more = _more(t, rest) if rest else ""
        candidate = "\n".join([*lines, *block, more]).rstrip("\n")
        if utf16_length(candidate) > MAX_MESSAGE_LENGTH:
            lines.append(_more(t, rest + 1))
            break
        lines += block
    rows = tuple(
        (Button(_label(change, event, t), callbacks.session(change.session_id)),)
        for change in shown
        if change.after is not None and CANCELLED not in change.kinds
    )
    return Reply("\n".join(lines), rows[:MAX_BUTTON_ROWS])


def _more(t: Translator, count: int) -> str:
    return t.ngettext("…and {count} more change", "…and {count} more changes", count).format(
        count=count
    )


def _label(change: SessionChange, event: Event, t: Translator) -> str:
    assert change.after is not None
    return short_label(title_in(change.after, t.language, event.default_language))


class _Format:
    """The pieces of a change line, each escaped and in the delegate's language and zone."""

    def __init__(self, event: Event, t: Translator) -> None:
        self.event, self.t = event, t

    def title(self, snapshot: Snapshot) -> str:
        return escape(title_in(snapshot, self.t.language, self.event.default_language), quote=False)

    def day(self, snapshot: Snapshot) -> str:
        return escape(self.t.day(self.t.local_day(snapshot.start)), quote=False)

    def time(self, snapshot: Snapshot) -> str:
        return escape(self.t.time_range(snapshot.start, snapshot.end), quote=False)

    def room(self, room_id: str) -> str:
        """A room's name now; a room gone from the file is shown by its id, still recognisable."""
        room = self.event.room(room_id)
        return escape(self.t.text(room.name) if room else room_id, quote=False)


def _lines(change: SessionChange, event: Event, t: Translator) -> list[str]:
    f = _Format(event, t)
    before, after = change.before, change.after
    if CANCELLED in change.kinds:
        assert before is not None
        return [
            t.gettext("• <b>{title}</b> ({day}, {time}) is cancelled").format(
                title=f.title(before), day=f.day(before), time=f.time(before)
            )
        ]
    assert after is not None
    if ADDED in change.kinds:
        return [_added(f, before, after)]
    assert before is not None
    lines = []
    if RETITLED in change.kinds and f.title(before) != f.title(after):
        lines.append(
            t.gettext("• <b>{old_title}</b> is now called <b>{new_title}</b>").format(
                old_title=f.title(before), new_title=f.title(after)
            )
        )
    if MOVED in change.kinds:
        lines.append(_moved(f, before, after))
    if ROOM in change.kinds:
        lines.append(_room(f, before, after))
    return lines


def _added(f: _Format, before: Snapshot | None, after: Snapshot) -> str:
    """A new session, or one back after a cancellation (which the delegate was told about)."""
    t, values = f.t, {"title": f.title(after), "day": f.day(after), "time": f.time(after)}
    back = before is not None
    if after.room_id is None:
        if back:
            return t.gettext("• Back on the programme: <b>{title}</b>, {day} {time}").format(
                **values
            )
        return t.gettext("• New: <b>{title}</b>, {day} {time}").format(**values)
    values["room"] = f.room(after.room_id)
    if back:
        return t.gettext("• Back on the programme: <b>{title}</b>, {day} {time}, {room}").format(
            **values
        )
    return t.gettext("• New: <b>{title}</b>, {day} {time}, {room}").format(**values)


def _moved(f: _Format, before: Snapshot, after: Snapshot) -> str:
    t = f.t
    if t.local_day(before.start) == t.local_day(after.start):
        return t.gettext("• <b>{title}</b>: new time {old_time} → {new_time} ({day})").format(
            title=f.title(after), old_time=f.time(before), new_time=f.time(after), day=f.day(after)
        )
    return t.gettext("• <b>{title}</b> moved: {old_day} {old_time} → {new_day} {new_time}").format(
        title=f.title(after),
        old_day=f.day(before),
        old_time=f.time(before),
        new_day=f.day(after),
        new_time=f.time(after),
    )


def _room(f: _Format, before: Snapshot, after: Snapshot) -> str:
    t, title = f.t, f.title(after)
    if before.room_id is None:
        assert after.room_id is not None
        return t.gettext("• <b>{title}</b>: now in {new_room}").format(
            title=title, new_room=f.room(after.room_id)
        )
    if after.room_id is None:
        return t.gettext("• <b>{title}</b>: no longer in {old_room}").format(
            title=title, old_room=f.room(before.room_id)
        )
    return t.gettext("• <b>{title}</b>: now in {new_room} (was {old_room})").format(
        title=title, new_room=f.room(after.room_id), old_room=f.room(before.room_id)
    )
