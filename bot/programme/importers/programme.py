"""Reading any supported source, and the checks no single format can make.

The format is chosen by the file's extension. Problems from the reader and from the checks are
collected together, so an organiser sees every problem of a file at once.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from bot.programme.importers.frab import read_frab_json, read_frab_xml
from bot.programme.importers.ical import read_ics
from bot.programme.importers.model import ImportedSession, ImportFailed, Problem, Target
from bot.programme.importers.sheet import read_csv, read_xlsx

Reader = Callable[[str, bytes, Target], tuple[list[ImportedSession], list[Problem]]]
READERS: dict[str, Reader] = {
    ".ics": read_ics,
    ".ical": read_ics,
    ".xml": read_frab_xml,
    ".json": read_frab_json,
    ".csv": read_csv,
    ".xlsx": read_xlsx,
}


def read_programme(path: Path, target: Target) -> list[ImportedSession]:
    """Every session of the source in start order, or ``ImportFailed`` with every problem."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        formats = ", ".join(sorted(READERS))
        raise ImportFailed([Problem(str(path), f"unknown format: expected one of {formats}")])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailed([Problem(str(path), f"cannot read the file: {exc}")]) from exc
    sessions, problems = reader(str(path), raw, target)
    problems += check(sessions)
    if problems:
        raise ImportFailed(problems)
    return sorted(sessions, key=lambda s: (s.start, s.end, s.id))


def check(sessions: list[ImportedSession]) -> list[Problem]:
    """Times in order, one id per session, and no two sessions in one room at once."""
    problems = [
        Problem(s.where, "ends before it starts (or lasts no time)")
        for s in sessions
        if s.end <= s.start
    ]
    _unique_ids(sessions, problems)
    by_room: dict[str, list[ImportedSession]] = defaultdict(list)
    for session in sessions:
        if session.room and session.end > session.start:
            by_room[session.room.casefold()].append(session)
    for room_sessions in by_room.values():
        room_sessions.sort(key=lambda s: (s.start, s.end))
        for earlier, later in itertools.pairwise(room_sessions):
            if later.start < earlier.end:
                problems.append(
                    Problem(
                        later.where,
                        f"overlaps '{next(iter(earlier.title.values()))}' ({earlier.where}) "
                        f"in room '{later.room}'",
                    )
                )
    return problems


def _unique_ids(sessions: list[ImportedSession], problems: list[Problem]) -> None:
    """Ids made from day + title get the start time added when two would clash (two coffee
    breaks a day); ids given by the source must be unique as they are."""
    seen: dict[str, ImportedSession] = {}
    for session in sorted(sessions, key=lambda s: (not s.id_from_source, s.start)):
        if session.id in seen and not session.id_from_source:
            session.id = f"{session.id[:43].rstrip('-')}-{session.start:%H%M}"
        if session.id in seen:
            problems.append(
                Problem(session.where, f"same id '{session.id}' as {seen[session.id].where}")
            )
        else:
            seen[session.id] = session
