"""A programme change: who is told what, and what the organiser reads about the reload.

Every delegate concerned gets one message with all their changes, in their language: the
followers of a changed session and, for a plenary, everyone reminded of every session (a
plenary concerns them whether they follow it or not). Decided here, without Telegram, so the
rule is tested as plain Python; ``handlers/desk/reload.py`` only reads the file and replies.

A file caught half-copied, or cut by a bad edit, reads as "most sessions cancelled"; applied,
it would tell every delegate so. Such a reload waits for an organiser who has seen the list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from bot.agenda.follows import FollowStore
from bot.event import Event
from bot.fanout.sender import Payload, payload_for
from bot.i18n import Translator, for_event
from bot.programme.changes import (
    SessionChange,
    cancellations_to_confirm,
    render_changes,
    title_in,
)
from bot.programme.snapshots import Snapshot
from bot.ui import callbacks
from bot.ui.views import Button, Reply, esc

MAX_LISTED = 15
KIND = "change"  # the outbox kind of change notices
JOB_PREFIX = "chg:"


class NeedsConfirmation(Exception):
    """The reload would cancel too many sessions to apply without an organiser's word."""

    def __init__(self, cancelled: list[SessionChange], others: int, total: int) -> None:
        super().__init__(f"would cancel {len(cancelled)} of {total} sessions")
        self.cancelled = cancelled
        self.others = others
        self.total = total


def confirmation_needed(
    previous: Mapping[str, Snapshot], changes: list[SessionChange]
) -> NeedsConfirmation | None:
    """Why these changes wait for an organiser (many cancellations), or None to apply them."""
    cancelled = cancellations_to_confirm(previous, changes)
    if not cancelled:
        return None
    live = sum(1 for snapshot in previous.values() if not snapshot.cancelled)
    return NeedsConfirmation(cancelled, len(changes) - len(cancelled), live)


def job_name() -> str:
    """A new outbox job per reload, named by the wall clock: unique even when a rehearsal
    clock stands still."""
    return f"{JOB_PREFIX}{datetime.now(UTC):%Y%m%dT%H%M%S.%f}"


async def concerned(
    follows: FollowStore, changes: Sequence[SessionChange]
) -> dict[int, list[SessionChange]]:
    """Each delegate concerned, with the changes that concern them, in programme order."""
    by_user: dict[int, list[SessionChange]] = {}
    everyone: set[int] | None = None
    for change in changes:
        users = await follows.followers(change.session_id)
        snapshot = change.after or change.before
        if snapshot is not None and snapshot.kind == "plenary":
            if everyone is None:
                everyone = await follows.everyone_reminded_of_all()
            users |= everyone
        for user_id in users:
            by_user.setdefault(user_id, []).append(change)
    return by_user


async def notices(
    follows: FollowStore, event: Event, changes: Sequence[SessionChange]
) -> list[tuple[int, Payload]]:
    """The outbox rows: one message per reachable delegate concerned, in their language.

    A delegate whose changes say nothing in their language (only a title in another language
    changed) gets no message.
    """
    by_user = await concerned(follows, changes)
    rows = []
    for user_id, language in (await follows.reachable(by_user)).items():
        t = for_event(event, language)
        reply = render_changes(by_user[user_id], event, t)
        if reply.text:
            rows.append((user_id, payload_for(reply)))
    return rows


def cancelled_lines(cancelled: Sequence[SessionChange], event: Event, t: Translator) -> list[str]:
    lines = []
    for change in cancelled[:MAX_LISTED]:
        before = change.before
        assert before is not None  # a cancellation always has the session as it was
        lines.append(
            t.gettext("• {title} ({day}, {time})").format(
                title=esc(title_in(before, t.language, event.default_language)),
                day=esc(t.short_day(t.local_day(before.start))),
                time=t.time_range(before.start, before.end),
            )
        )
    if len(cancelled) > MAX_LISTED:
        more = len(cancelled) - MAX_LISTED
        lines.append(t.ngettext("…and {count} more", "…and {count} more", more).format(count=more))
    return lines


def confirm_reload(
    cancelled: Sequence[SessionChange],
    others: int,
    total: int,
    event: Event,
    t: Translator,
    fingerprint: str,
) -> Reply:
    """The summary /reload shows before applying a file that cancels many sessions."""
    lines = [
        t.ngettext(
            "⚠️ This event file would cancel {count} of the {total} sessions:",
            "⚠️ This event file would cancel {count} of the {total} sessions:",
            len(cancelled),
        ).format(count=len(cancelled), total=total),
        *cancelled_lines(cancelled, event, t),
    ]
    if others:
        lines.append(
            t.ngettext(
                "It also makes {count} other change.",
                "It also makes {count} other changes.",
                others,
            ).format(count=others)
        )
    lines += [
        "",
        t.gettext(
            "A file still being copied looks like this. Apply it and tell the delegates concerned?"
        ),
    ]
    buttons = (
        (Button(t.gettext("✅ Apply this file"), callbacks.reload_apply(fingerprint)),),
        (Button(t.gettext("✖️ Keep the current programme"), callbacks.RELOAD_KEEP),),
    )
    return Reply("\n".join(lines), buttons)


def refused_by_signal(count: int, total: int, t: Translator) -> str:
    """Told to every organiser when SIGHUP found such a file: plain text."""
    return t.ngettext(
        "The event file would cancel {count} of the {total} sessions, so the reload was not "
        "applied (a file still being copied looks like this). If it is intended, send "
        "/reload to review it and confirm.",
        "The event file would cancel {count} of the {total} sessions, so the reload was not "
        "applied (a file still being copied looks like this). If it is intended, send "
        "/reload to review it and confirm.",
        count,
    ).format(count=count, total=total)


def file_changed(t: Translator) -> str:
    return t.gettext(
        "The event file has changed since this summary; nothing was applied. Send /reload again."
    )


def kept(t: Translator) -> str:
    return t.gettext("Kept: the programme in use is unchanged.")


def reloaded(t: Translator, event: Event, changes: Sequence[SessionChange]) -> str:
    """The organiser's summary of a reload that was applied: plain text."""
    return t.ngettext(
        "Reloaded: {sessions} sessions, {count} change announced.",
        "Reloaded: {sessions} sessions, {count} changes announced.",
        len(changes),
    ).format(sessions=len(event.sessions), count=len(changes))


def file_errors(t: Translator, errors: Sequence[str], *, html: bool) -> str:
    """Why the file was not used; escaped when it goes out as HTML (the organisers' notice)."""
    heading = t.gettext("The event file has errors; the programme in use is unchanged.")
    return "\n".join([heading, *(esc(e) if html else e for e in errors)])
