"""What an organiser reads when a reload would cancel many sessions, and its buttons.

A file caught half-copied, or cut by a bad edit, reads as "most sessions cancelled"; applied,
it would tell every delegate so. Such a reload waits for an organiser who has seen the list.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.event import Event
from bot.i18n import Translator
from bot.programme.changes import SessionChange, title_in
from bot.ui import callbacks
from bot.ui.views import Button, Reply, esc

MAX_LISTED = 15


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
