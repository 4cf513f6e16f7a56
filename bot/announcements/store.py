"""The ``broadcasts`` table (migration 4): one row per announcement, and who it goes to.

Apart from the model so that SQL stays in one place: the rows and their statuses, the
once-only status changes a scheduled job and a cancel can race on, the recipients an audience
covers when the message leaves, and what /news may show a delegate.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import aiosqlite

from bot.agenda.follows import FollowStore
from bot.announcements.model import (
    CANCELLED,
    DELIVERED,
    EVERYONE,
    SCHEDULED,
    SENDING_STATUS,
    Audience,
    Draft,
    Media,
    Status,
    job_of,
)
from bot.event import Event
from bot.storage import transaction

NEWS_LIMIT = 5
LIST_LIMIT = 10


@dataclass(frozen=True)
class Announcement:
    id: int
    organiser_id: int
    audience: Audience
    texts: dict[str, str]
    media: Media | None
    silent: bool
    send_at: datetime | None
    status: Status
    created_at: datetime
    sent_at: datetime | None
    progress_chat: int | None
    progress_message: int | None
    organiser_language: str | None = None  # what the organiser wrote in: their reports' language

    @property
    def job(self) -> str:
        return job_of(self.id)


_COLUMNS = (
    "id, organiser_id, audience, texts, media_kind, media_file_id, silent, send_at, status,"
    " created_at, sent_at, progress_chat, progress_message, organiser_language"
)


def _moment(value: object) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value else None


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


def _row(row: Sequence[object]) -> Announcement:
    media = Media(str(row[4]), str(row[5])) if row[4] and row[5] else None
    created = _moment(row[9])
    assert created is not None
    return Announcement(
        id=int(str(row[0])),
        organiser_id=int(str(row[1])),
        audience=Audience.decode(str(row[2])),
        texts=dict(json.loads(str(row[3]))),
        media=media,
        silent=bool(row[6]),
        send_at=_moment(row[7]),
        status=Status(str(row[8])),
        created_at=created,
        sent_at=_moment(row[10]),
        progress_chat=int(str(row[11])) if row[11] is not None else None,
        progress_message=int(str(row[12])) if row[12] is not None else None,
        organiser_language=str(row[13]) if row[13] else None,
    )


class BroadcastStore:
    """The ``broadcasts`` rows, on the bot's shared connection; every change is committed at once
    so a kill never leaves an announcement half-decided."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._db = connection

    async def create(
        self,
        organiser_id: int,
        draft: Draft,
        *,
        now: datetime,
        progress_chat: int | None,
        organiser_language: str | None = None,
    ) -> Announcement:
        """Store a finished draft: 'scheduled' if it has a send time, else 'sending' at once."""
        assert draft.audience is not None and draft.texts
        status = SCHEDULED if draft.send_at else SENDING_STATUS
        async with transaction(self._db) as db:
            cursor = await db.execute(
                "INSERT INTO broadcasts (organiser_id, audience, texts, media_kind, media_file_id,"
                " silent, send_at, status, created_at, sent_at, progress_chat, organiser_language)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    organiser_id,
                    draft.audience.encode(),
                    json.dumps(draft.texts, ensure_ascii=False, sort_keys=True),
                    draft.media.kind if draft.media else None,
                    draft.media.file_id if draft.media else None,
                    int(bool(draft.silent)),
                    _iso(draft.send_at),
                    status,
                    _iso(now),
                    None if draft.send_at else _iso(now),
                    progress_chat,
                    organiser_language,
                ),
            )
        assert cursor.lastrowid is not None
        found = await self.get(cursor.lastrowid)
        assert found is not None
        return found

    async def get(self, announcement_id: int) -> Announcement | None:
        rows = await self._db.execute_fetchall(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE id = ?", (announcement_id,)
        )
        return _row(next(iter(rows))) if rows else None

    async def with_status(self, status: Status) -> list[Announcement]:
        rows = await self._db.execute_fetchall(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE status = ? ORDER BY id", (status,)
        )
        return [_row(r) for r in rows]

    async def recent(self, limit: int = LIST_LIMIT) -> list[Announcement]:
        rows = await self._db.execute_fetchall(
            f"SELECT {_COLUMNS} FROM broadcasts ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [_row(r) for r in rows]

    async def start_sending(self, announcement_id: int, now: datetime) -> bool:
        """A scheduled announcement's moment came: 'scheduled' → 'sending', once.

        One statement, so a job armed twice (start-up and a re-arm) or a cancel at the same
        moment can never send it twice: only the caller that changed the row goes on.
        """
        async with transaction(self._db) as db:
            cursor = await db.execute(
                "UPDATE broadcasts SET status = ?, sent_at = ? WHERE id = ? AND status = ?",
                (SENDING_STATUS, _iso(now), announcement_id, SCHEDULED),
            )
        return cursor.rowcount > 0

    async def cancel_scheduled(self, announcement_id: int) -> bool:
        async with transaction(self._db) as db:
            cursor = await db.execute(
                "UPDATE broadcasts SET status = ? WHERE id = ? AND status = ?",
                (CANCELLED, announcement_id, SCHEDULED),
            )
        return cursor.rowcount > 0

    async def finish(self, announcement_id: int, status: Status) -> None:
        async with transaction(self._db) as db:
            await db.execute(
                "UPDATE broadcasts SET status = ? WHERE id = ?", (status, announcement_id)
            )

    async def set_progress(self, announcement_id: int, chat_id: int, message_id: int) -> None:
        """Where the live progress is shown, so a restarted bot edits the same message."""
        async with transaction(self._db) as db:
            await db.execute(
                "UPDATE broadcasts SET progress_chat = ?, progress_message = ? WHERE id = ?",
                (chat_id, message_id, announcement_id),
            )

    async def recipients(
        self,
        audience: Audience,
        event: Event,
        follows: FollowStore,
        blocked: set[int],
    ) -> list[tuple[int, str]]:
        """(user id, language) of everyone the audience covers now, blocked delegates left out
        (each would only cost a 403), in a stable order so a re-plan matches the first plan."""
        rows = await self._db.execute_fetchall("SELECT user_id, language FROM delegates")
        languages = {int(r[0]): event.language_or_default(str(r[1])) for r in rows}
        if audience.kind == "all":
            chosen = dict(languages)
        elif audience.kind == "lang":
            chosen = {u: lang for u, lang in languages.items() if lang == audience.value}
        else:
            followers = await follows.followers(audience.value)
            chosen = {u: languages.get(u, event.default_language) for u in followers}
        return sorted((u, lang) for u, lang in chosen.items() if u not in blocked)

    async def news(
        self, language: str, followed: Iterable[str], limit: int = NEWS_LIMIT
    ) -> list[Announcement]:
        """The latest announcements that went to an audience this delegate belongs to now:
        everyone, their language, or a session they follow; newest first."""
        audiences = [EVERYONE.encode(), Audience("lang", language).encode()]
        audiences += [Audience("ses", s).encode() for s in sorted(set(followed))]
        marks = ", ".join("?" * len(audiences))
        rows = await self._db.execute_fetchall(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE status IN (?, ?) AND audience IN ({marks})"
            " ORDER BY sent_at DESC, id DESC LIMIT ?",
            (*DELIVERED, *audiences, limit),
        )
        return [_row(r) for r in rows]
