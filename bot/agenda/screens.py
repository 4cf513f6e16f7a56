"""Screens of the personal agenda: reminders, /agenda, /reminders settings, follow notices."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bot.agenda.follows import DIGEST_CHOICES, LEAD_CHOICES, MODES, ReminderSettings
from bot.event import Event, Session
from bot.i18n import Translator
from bot.ui import callbacks
from bot.ui.split import MAX_MESSAGE_LENGTH, utf16_length
from bot.ui.views import (
    Button,
    Reply,
    esc,
    main_menu,
    room_label,
    session_line,
    speaker_lines,
    text_of,
)

ALERT_LIMIT = 200  # characters Telegram allows in the answer to a button press


def reminder(event: Event, t: Translator, session: Session, lead: int) -> Reply:
    lines = [
        t.ngettext(
            "⏰ In {minutes} minute: <b>{title}</b>",
            "⏰ In {minutes} minutes: <b>{title}</b>",
            lead,
        ).format(minutes=lead, title=text_of(session.title, t)),
        t.gettext("🕘 {time}").format(time=t.time_range(session.start, session.end)),
    ]
    if session.room:
        lines.append(t.gettext("📍 {room}").format(room=room_label(session.room, t)))
        if session.room.directions:
            lines.append(text_of(session.room.directions, t))
    lines += speaker_lines(session, t)
    buttons = (
        (Button(t.gettext("Details"), callbacks.session(session.id)),),
        (Button(t.gettext("🔕 Stop these reminders"), callbacks.REMINDERS_OFF),),
    )
    return Reply("\n".join(lines), buttons)


def overlaps(sessions: Iterable[Session]) -> set[str]:
    """Ids of followed sessions that overlap another followed one."""
    ordered = sorted(sessions, key=lambda s: s.start)
    clashing: set[str] = set()
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.start >= first.end:
                break
            clashing.update({first.id, second.id})
    return clashing


def agenda(event: Event, t: Translator, followed: set[str]) -> Reply:
    sessions = [s for s in event.sessions if s.id in followed]
    if not sessions:
        return Reply(
            t.gettext(
                "You follow no session yet. Open a session in /programme and press ⭐ Follow: "
                "you will get a reminder before it starts."
            ),
            main_menu(t),
        )
    clashing = overlaps(sessions)
    lines = [t.gettext("<b>My agenda</b>")]
    current: date | None = None
    for session in sessions:
        day = t.local_day(session.start)
        if day != current:
            lines += ["", f"<b>{esc(t.day(day))}</b>"]
            current = day
        line = session_line(session, t)
        if session.id in clashing:
            line = t.gettext("{session} ⚠️ overlaps").format(session=line)
        lines.append(line)
    rows = tuple(
        (
            Button(
                t.gettext("⭐ {title}").format(title=t.text(s.title)),
                callbacks.session(s.id),
            ),
        )
        for s in sessions[:20]
    )
    return Reply("\n".join(lines), rows)


def followed_notice(t: Translator, session: Session, clashes: list[Session]) -> str:
    """The short answer to a Follow press; it warns of an overlap with what is already followed.

    Telegram refuses a press's answer over ``ALERT_LIMIT`` characters (and the press then looks
    broken), so a long title is shortened to fit."""
    if not clashes:
        return t.gettext("⭐ Followed: you will get a reminder before it starts.")
    other = clashes[0]
    notice = t.gettext("⭐ Followed. ⚠️ It overlaps with {title} ({time}).")
    time_range = t.time_range(other.start, other.end)
    title = t.text(other.title)
    room = ALERT_LIMIT - utf16_length(notice.format(title="", time=time_range))
    if utf16_length(title) > room:
        units = title.encode("utf-16-le")[: 2 * (room - 1)]  # a half emoji is dropped
        title = units.decode("utf-16-le", errors="ignore").rstrip() + "…"
    return notice.format(title=title, time=time_range)


def day_followed_notice(t: Translator, count: int) -> str:
    return t.ngettext(
        "⭐ {count} session of this day followed.",
        "⭐ {count} sessions of this day followed.",
        count,
    ).format(count=count)


def settings(event: Event, t: Translator, current: ReminderSettings) -> Reply:
    mode_labels = {
        "all": t.gettext("Every session"),
        "followed": t.gettext("Only sessions I follow"),
        "off": t.gettext("Off"),
    }
    leads = current.lead_minutes(event.lead_minutes)
    lines = [
        t.gettext("<b>Reminders</b>"),
        t.gettext(
            "Every session: all talks, workshops and plenaries (breaks, meals and social events "
            "only when you follow them)."
        ),
        t.gettext("Before: {minutes}").format(
            minutes=", ".join(
                t.ngettext("{count} minute", "{count} minutes", n).format(count=n) for n in leads
            )
            or "—"
        ),
    ]
    if current.digest:
        lines.append(t.gettext("Morning programme at {time}").format(time=t.clock(current.digest)))
    mark = "✅ "
    rows: list[tuple[Button, ...]] = [
        tuple(
            Button(
                (mark if current.mode == mode else "") + mode_labels[mode],
                callbacks.reminder_mode(mode),
            )
            for mode in MODES
        ),
        tuple(
            Button(
                (mark if n in leads else "") + t.gettext("{count}′").format(count=n),
                callbacks.reminder_lead(n),
            )
            for n in LEAD_CHOICES
        ),
        (
            *(
                Button(
                    (mark if current.digest == at else "")
                    + t.gettext("☀️ {time}").format(time=t.clock(at)),
                    callbacks.reminder_digest(at),
                )
                for at in DIGEST_CHOICES
            ),
            Button(
                (mark if current.digest is None else "") + t.gettext("No digest"),
                callbacks.reminder_digest(None),
            ),
        ),
    ]
    return Reply("\n".join(lines), tuple(rows))


def reminders_stopped(t: Translator) -> str:
    return t.gettext("🔕 Reminders are off. Turn them back on with /reminders.")


def digest(event: Event, t: Translator, day: date) -> Reply:
    """The day in one message, whatever its length: a digest too long for Telegram would be
    refused for every recipient. Past the limit the last sessions are counted instead of
    listed; the button shows them."""
    heading = [t.gettext("☀️ <b>Today, {day}</b>").format(day=esc(t.day(day))), ""]
    listed = [session_line(s, t) for s in event.sessions_on(day)]
    hidden = 0
    text = "\n".join([*heading, *listed])
    while utf16_length(text) > MAX_MESSAGE_LENGTH:
        listed.pop()
        hidden += 1
        more = t.ngettext("…and {count} more", "…and {count} more", hidden).format(count=hidden)
        text = "\n".join([*heading, *listed, more])
    return Reply(text, ((Button(t.gettext("📅 Programme"), callbacks.day(day)),),))
