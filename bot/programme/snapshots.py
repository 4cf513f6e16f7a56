"""The programme as the bot last saw it, kept in SQLite.

Comparing the event file with this snapshot tells what changed, whether the change came with a
/reload or while the bot was down; it also remembers cancelled sessions (gone from the file) and
a sequence number per session, which calendar files need so phones update their copies.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.event import Session
from bot.storage import transaction


@dataclass(frozen=True)
class Snapshot:
    session_id: str
    title: Mapping[str, str]
    start: datetime
    end: datetime
    room_id: str | None
    kind: str
    sequence: int = 0
    cancelled: bool = False

    @classmethod
    def of(cls, session: Session, sequence: int = 0) -> Snapshot:
        room = session.room.id if session.room else None
        title = dict(session.title.values)
        return cls(session.id, title, session.start, session.end, room, session.kind, sequence)


class ProgrammeStore:
    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._db = connection

    async def load(self, event_id: str) -> dict[str, Snapshot]:
        async with self._db.execute(
            "SELECT session_id, title, start, end, room_id, kind, sequence, cancelled"
            " FROM programme WHERE event_id = ?",
            (event_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return {
            str(r[0]): Snapshot(
                str(r[0]),
                json.loads(r[1]),
                datetime.fromisoformat(r[2]),
                datetime.fromisoformat(r[3]),
                r[4],
                str(r[5]),
                int(r[6]),
                bool(r[7]),
            )
            for r in rows
        }

    async def save(self, event_id: str, snapshots: Iterable[Snapshot]) -> None:
        async with transaction(self._db) as db:
            await db.executemany(
                "INSERT INTO programme (event_id, session_id, title, start, end, room_id, kind,"
                " sequence, cancelled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(event_id, session_id) DO UPDATE SET title = excluded.title,"
                " start = excluded.start, end = excluded.end, room_id = excluded.room_id,"
                " kind = excluded.kind, sequence = excluded.sequence,"
                " cancelled = excluded.cancelled",
                [
                    (
                        event_id,
                        s.session_id,
                        json.dumps(dict(s.title), ensure_ascii=False),
                        s.start.isoformat(),
                        s.end.isoformat(),
                        s.room_id,
                        s.kind,
                        s.sequence,
                        int(s.cancelled),
                    )
                    for s in snapshots
                ],
            )
