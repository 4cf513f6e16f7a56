"""Who an announcement goes to and what each of them gets, decided when it leaves.

Recipients are read when the announcement is sent (not when the draft was written), so the
latest followers and language choices count; delegates who blocked the bot are left out (each
would only cost a 403). Each language's message is rendered once and shared by its delegates.
The rows become one outbox job ``bc:<id>``; delivering it is ``bot.fanout``'s.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.agenda.follows import FollowStore
from bot.announcements import model
from bot.announcements.model import Audience
from bot.announcements.store import Announcement, BroadcastStore
from bot.event import Event
from bot.fanout.outbox import Outbox
from bot.fanout.sender import Payload
from bot.i18n import for_event
from bot.storage import Storage


async def recipients(
    storage: Storage,
    announcements: BroadcastStore,
    follows: FollowStore,
    event: Event,
    audience: Audience,
) -> list[tuple[int, str]]:
    """(user id, language) of every reachable delegate the audience covers now."""
    blocked = await storage.blocked_users()
    return await announcements.recipients(audience, event, follows, blocked)


def outbox_rows(
    event: Event, announcement: Announcement, chosen: Sequence[tuple[int, str]]
) -> list[tuple[int, Payload]]:
    """One row per recipient, with their language's message."""
    payloads: dict[str, Payload] = {}
    rows = []
    for user_id, language in chosen:
        if language not in payloads:
            payloads[language] = model.payload(
                event, for_event(event, language), announcement.texts, announcement.media,
                silent=announcement.silent,
            )  # fmt: skip
        rows.append((user_id, payloads[language]))
    return rows


async def plan(
    storage: Storage,
    announcements: BroadcastStore,
    follows: FollowStore,
    outbox: Outbox,
    event: Event,
    announcement: Announcement,
) -> list[tuple[int, Payload]]:
    """Write the announcement's outbox job and return its rows.

    Idempotent: planned again (a restart killed the first planning), a recipient already in the
    job keeps their row and status, so nobody gets it twice.
    """
    chosen = await recipients(storage, announcements, follows, event, announcement.audience)
    rows = outbox_rows(event, announcement, chosen)
    await outbox.create_job(announcement.job, model.KIND, rows)
    return rows
