"""Sessions booked into the same room at the same time, found before delegates walk in on them.

Two sessions in one room at once is almost always a copy-paste slip in the event file (a room
left unchanged on a duplicated session), yet it can be meant (coffee served in the foyer during
the poster session). So ``python main.py check`` warns, and never refuses: the loader accepts
the file either way.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.event import Event, Session
from bot.programme.loader import EventFileError


def room_overlap_warnings(event: Event, source: str, path: str) -> list[EventFileError]:
    """One warning per session that starts before the previous one in its room has ended,
    at the line of its ``id``."""
    lines = _session_lines(source)
    warnings = []
    by_room: dict[str, list[Session]] = {}
    for session in event.sessions:
        if session.room is not None:
            by_room.setdefault(session.room.id, []).append(session)
    for room_id, sessions in by_room.items():
        ordered = sorted(sessions, key=lambda s: (s.start, s.end))
        latest = ordered[0]  # of those begun so far, the one that ends last
        for later in ordered[1:]:
            if later.start < latest.end:
                starts = later.start.astimezone(event.timezone)
                ends = latest.end.astimezone(event.timezone)
                message = (
                    f"warning: '{later.id}' starts in room '{room_id}' at {starts:%H:%M} on "
                    f"{starts:%Y-%m-%d}, before '{latest.id}' ends there at {ends:%H:%M}"
                )
                warnings.append(EventFileError(path, lines.get(later.id, 1), message))
            if later.end > latest.end:
                latest = later
    return sorted(warnings, key=lambda w: w.line)


def file_room_overlap_warnings(path: Path, event: Event) -> list[EventFileError]:
    """``room_overlap_warnings`` for a file the loader has just read."""
    return room_overlap_warnings(event, path.read_text(encoding="utf-8"), str(path))


def _session_lines(source: str) -> dict[str, int]:
    """Each session's id and the line it is written on (the file has loaded: it is valid)."""
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    sessions = _value(root, "sessions")
    lines: dict[str, int] = {}
    if isinstance(sessions, SequenceNode):
        for item in sessions.value:
            id_node = _value(item, "id")
            if isinstance(id_node, ScalarNode):
                lines.setdefault(id_node.value, id_node.start_mark.line + 1)
    return lines


def _value(node: Node | None, key: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    return next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == key), None)
