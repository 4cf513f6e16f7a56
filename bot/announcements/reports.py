"""What is shown about announcements once they exist: live progress, the final report,
the organisers' /broadcasts list and the delegates' /news.

Apart from the drafting screens because these are read after the conversation is over, by
delivery (``handlers/desk/announcement_delivery.py``) and by the lists (``handlers/desk/news.py``);
all of them count with the outbox's statuses.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.announcements.model import (
    CANCELLED,
    PHOTO,
    SCHEDULED,
    SENDING_STATUS,
    SENT_STATUS,
    STOPPED,
    data,
    text_for,
)
from bot.announcements.screens import audience_label, when_label
from bot.announcements.store import Announcement
from bot.event import Event
from bot.fanout.outbox import BLOCKED, FAILED, PENDING, SENDING, SENT, UNKNOWN
from bot.i18n import Translator
from bot.ui.views import Button, Reply, esc

EXCERPT = 60


def _counts_lines(t: Translator, counts: dict[str, int]) -> list[str]:
    pending = counts.get(PENDING, 0) + counts.get(SENDING, 0)
    lines = [
        t.ngettext("✅ {count} delegate received it", "✅ {count} delegates received it",
                   counts.get(SENT, 0)).format(count=counts.get(SENT, 0)),
        t.ngettext("🚫 {count} has blocked the bot", "🚫 {count} have blocked the bot",
                   counts.get(BLOCKED, 0)).format(count=counts.get(BLOCKED, 0)),
        t.ngettext("⚠️ {count} could not be reached", "⚠️ {count} could not be reached",
                   counts.get(FAILED, 0)).format(count=counts.get(FAILED, 0)),
        t.ngettext("⏳ {count} still pending", "⏳ {count} still pending", pending).format(
            count=pending
        ),
    ]  # fmt: skip
    if unknown := counts.get(UNKNOWN, 0):  # rare: shown only when it happened
        lines.insert(1, t.ngettext(
            "❔ {count} may have received it (Telegram did not answer in time; not sent again)",
            "❔ {count} may have received it (Telegram did not answer in time; not sent again)",
            unknown,
        ).format(count=unknown))  # fmt: skip
    return lines


def progress(t: Translator, announcement_id: int, counts: dict[str, int]) -> str:
    """The live message, edited every few seconds while the announcement goes out."""
    total = sum(counts.values())
    done = total - counts.get(PENDING, 0) - counts.get(SENDING, 0)
    head = t.gettext("📣 Announcement #{id}: sending… {done} of {total}").format(
        id=announcement_id, done=done, total=total
    )
    return "\n".join([head, *_counts_lines(t, counts)])


def final_report(
    t: Translator, announcement_id: int, counts: dict[str, int], stopped_reason: str | None
) -> str:
    if stopped_reason:
        head = t.gettext(
            "⛔ Announcement #{id} was stopped: Telegram refused it ({reason}). "
            "Nobody else will get it; please send a corrected one."
        ).format(id=announcement_id, reason=esc(stopped_reason))
    else:
        head = t.gettext("📣 Announcement #{id} is finished.").format(id=announcement_id)
    return "\n".join([head, *_counts_lines(t, counts)])


def excerpt(text: str, size: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1] + "…"


def status_label(t: Translator, announcement: Announcement) -> str:
    when = when_label(t, announcement.send_at)
    labels = {
        SCHEDULED: t.gettext("scheduled for {when}").format(when=when),
        SENDING_STATUS: t.gettext("sending"),
        SENT_STATUS: t.gettext("sent"),
        STOPPED: t.gettext("stopped"),
        CANCELLED: t.gettext("cancelled"),
    }
    return labels[announcement.status]


def listing(
    event: Event,
    t: Translator,
    items: Sequence[tuple[Announcement, dict[str, int]]],
) -> Reply:
    """/broadcasts: the latest announcements with their counts; scheduled ones can be cancelled."""
    if not items:
        return Reply(t.gettext("No announcements yet. /broadcast writes one."))
    lines = [t.gettext("<b>Announcements</b>")]
    rows = []
    for announcement, counts in items:
        moment = announcement.sent_at or announcement.created_at
        lines += [
            "",
            t.gettext("<b>#{id}</b> · {day}, {time} · {status}").format(
                id=announcement.id,
                day=esc(t.short_day(t.local_day(moment))),
                time=t.time(moment),
                status=status_label(t, announcement),
            ),
            t.gettext("To {audience}: {text}").format(
                audience=audience_label(event, t, announcement.audience),
                text=esc(excerpt(text_for(announcement.texts, t.language, event.default_language))),
            ),
        ]
        if announcement.status != SCHEDULED and announcement.status != CANCELLED:
            lines.append(" · ".join(line for line in _counts_lines(t, counts)))
        if announcement.status == SCHEDULED:
            label = t.gettext("✖ Cancel #{id}").format(id=announcement.id)
            rows.append((Button(label, data("drop", str(announcement.id))),))
    return Reply("\n".join(lines), tuple(rows))


def dropped(t: Translator, announcement_id: int, done: bool) -> str:
    if done:
        return t.gettext("Announcement #{id} is cancelled.").format(id=announcement_id)
    return t.gettext("Announcement #{id} is no longer scheduled.").format(id=announcement_id)


def news(event: Event, t: Translator, items: Sequence[Announcement]) -> Reply:
    """/news: recent announcements for a delegate who joined late, in their language."""
    if not items:
        return Reply(t.gettext("No announcements from the organisers yet."))
    lines = [t.gettext("📣 <b>Latest announcements</b>")]
    for announcement in items:
        moment = announcement.sent_at or announcement.created_at
        when = t.gettext("{day}, {time}").format(
            day=t.day(t.local_day(moment)), time=t.time(moment)
        )
        text = text_for(announcement.texts, t.language, event.default_language)
        lines += ["", f"<b>{esc(when)}</b>", esc(t.typeset(text.strip()))]
        if announcement.media:
            kind = t.gettext("photo") if announcement.media.kind == PHOTO else t.gettext("document")
            lines.append(t.gettext("📎 With a {kind}").format(kind=kind))
    return Reply("\n".join(lines))
