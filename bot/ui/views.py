"""What the delegate sees: every screen of the bot as plain text plus buttons, no Telegram types.

Views take the event, a ``Translator`` and the data to show, and return a ``Reply``; handlers
only turn that into Telegram calls. Event text is HTML-escaped here, in one place, because the
bot sends HTML and an organiser's "R&D" must not break a message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape

from bot.event import Event, FaqEntry, Room, Session, Text
from bot.i18n import Translator
from bot.ui import callbacks
from bot.ui.commands import DELEGATE_COMMANDS

FAQ_PAGE_SIZE = 8
BUTTON_LABEL_LIMIT = 48


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    location: tuple[float, float] | None = field(default=None)


def esc(value: str) -> str:
    return escape(value, quote=False)


def text_of(text: Text | None, t: Translator) -> str:
    """An event file's text in the delegate's language, typeset and escaped for HTML."""
    return esc(t.text(text))


def room_label(room: Room, t: Translator) -> str:
    """A room as its sign says, with what it is in the delegate's language when the file says:
    "Salón A (plenary hall)". The sign's name is never translated: delegates look for it."""
    if room.description is None:
        return text_of(room.name, t)
    return t.gettext("{room} ({description})").format(
        room=text_of(room.name, t), description=text_of(room.description, t)
    )


def short_label(value: str) -> str:
    return value if len(value) <= BUTTON_LABEL_LIMIT else value[: BUTTON_LABEL_LIMIT - 1] + "…"


def short_labels(values: Sequence[str]) -> list[str]:
    """Labels of buttons shown together, each short, and different when the full ones are.

    Parallel sessions often share a long start ("Planificación de acciones 2025: América
    Central", "…: Caribe"); cut at the end, they would read alike and the delegate could not
    choose. A label that would read like another keeps its end instead of its middle.
    """
    short = [short_label(value) for value in values]
    head = BUTTON_LABEL_LIMIT // 2
    return [
        value[: head - 1] + "…" + value[head - BUTTON_LABEL_LIMIT :]
        if short.count(label) > 1 and values.count(value) == 1
        else label
        for value, label in zip(values, short, strict=True)
    ]


def session_rows(
    t: Translator, sessions: Sequence[Session], data_of: Callable[[Session], str]
) -> tuple[tuple[Button, ...], ...]:
    """A button a row per session, "09:00 Title", labels told apart (``short_labels``)."""
    labels = short_labels([f"{t.time(s.start)} {t.text(s.title)}" for s in sessions])
    return tuple((Button(label, data_of(s)),) for label, s in zip(labels, sessions, strict=True))


def _back(t: Translator, data: str) -> tuple[Button, ...]:
    return (Button(t.gettext("« Back"), data), Button(t.gettext("Menu"), callbacks.MENU))


def main_menu(t: Translator) -> tuple[tuple[Button, ...], ...]:
    return (
        (
            Button(t.gettext("📅 Programme"), callbacks.PROGRAMME),
            Button(t.gettext("⏱ Now / Next"), callbacks.NOW),
        ),
        (
            Button(t.gettext("📍 Venue"), callbacks.VENUE),
            Button(t.gettext("ℹ️ About"), callbacks.about()),
        ),
        (
            Button(t.gettext("🌐 Language"), callbacks.LANGUAGES),
            Button(t.gettext("❓ Help"), callbacks.HELP),
        ),
    )


def welcome(event: Event, t: Translator) -> Reply:
    text = t.gettext(
        "Welcome to <b>{event}</b>!\n\n"
        "I can show you the programme, what is on now and next, and the venue. "
        "You can also just type a question, for example “where is lunch?”."
    ).format(event=text_of(event.sentence_name(), t))
    return Reply(text, main_menu(t))


def menu(event: Event, t: Translator) -> Reply:
    return Reply(
        t.gettext("<b>{event}</b>\nWhat would you like to see?").format(
            event=text_of(event.name, t)
        ),
        main_menu(t),
    )


def help_text(t: Translator) -> Reply:
    lines = [t.gettext("<b>What I can do</b>")]
    lines += [
        t.gettext("/{command} – {description}").format(
            command=command, description=t.gettext(description)
        )
        for command, description in DELEGATE_COMMANDS
    ]
    lines += ["", t.gettext("Or just type your question.")]
    return Reply("\n".join(lines), main_menu(t))


def programme(event: Event, t: Translator) -> Reply:
    days = event.days()
    if not days:
        return Reply(t.gettext("The programme has not been published yet."), main_menu(t))
    rows = tuple((Button(t.day(d), callbacks.day(d)),) for d in days)
    return Reply(
        t.gettext("<b>Programme</b>\nChoose a day:"),
        (*rows, (Button(t.gettext("Menu"), callbacks.MENU),)),
    )


def session_line(session: Session, t: Translator) -> str:
    line = f"{t.time_range(session.start, session.end)}  <b>{text_of(session.title, t)}</b>"
    if session.room:
        line = t.gettext("{session} · {room}").format(
            session=line, room=text_of(session.room.name, t)
        )
    return line


def day(event: Event, t: Translator, value: date) -> Reply:
    sessions = event.sessions_on(value)
    count = t.ngettext("{count} session", "{count} sessions", len(sessions)).format(
        count=len(sessions)
    )
    lines = [f"<b>{esc(t.day(value))}</b> · {count}", ""]
    lines += [session_line(s, t) for s in sessions]
    rows = session_rows(t, sessions, lambda s: callbacks.session(s.id))
    follow_all = (Button(t.gettext("⭐ Follow this day"), callbacks.follow_day(value)),)
    return Reply("\n".join(lines), (*rows, follow_all, _back(t, callbacks.PROGRAMME)))


def speaker_lines(session: Session, t: Translator) -> list[str]:
    lines = []
    for speaker in session.speakers:
        if speaker.affiliation:
            lines.append(
                t.gettext("• {name}, {affiliation}").format(
                    name=esc(speaker.name), affiliation=text_of(speaker.affiliation, t)
                )
            )
        else:
            lines.append(t.gettext("• {name}").format(name=esc(speaker.name)))
    return lines


def session_detail(
    event: Event, t: Translator, session: Session, following: bool | None = None
) -> Reply:
    """One session; ``following`` (None when unknown) adds the Follow / Unfollow button."""
    lines = [
        f"<b>{text_of(session.title, t)}</b>",
        t.gettext("🗓 {day} · {time}").format(
            day=esc(t.day(t.local_day(session.start))),
            time=t.time_range(session.start, session.end),
        ),
    ]
    if session.room:
        lines.append(t.gettext("📍 {room}").format(room=room_label(session.room, t)))
        if session.room.directions:
            lines.append(text_of(session.room.directions, t))
    if session.speakers:
        lines.append(
            t.ngettext("<b>Speaker</b>", "<b>Speakers</b>", len(session.speakers)).format(
                count=len(session.speakers)
            )
        )
        lines += speaker_lines(session, t)
    if session.floor_language:
        lines.append(
            t.gettext("🗣 Spoken in {language}").format(
                language=esc(t.language_name(session.floor_language))
            )
        )
    if session.interpretation:
        names = ", ".join(esc(t.language_name(code)) for code in session.interpretation)
        lines.append(t.gettext("🎧 Interpretation: {languages}").format(languages=names))
    if session.description:
        lines += ["", text_of(session.description, t)]
    back_day = callbacks.day(t.local_day(session.start))
    rows: tuple[tuple[Button, ...], ...] = (_back(t, back_day),)
    if following is not None:
        label = t.gettext("☆ Unfollow") if following else t.gettext("⭐ Follow")
        rows = ((Button(label, callbacks.follow(session.id, following=following)),), *rows)
    return Reply("\n".join(lines), rows)


def _sessions_block(sessions: Iterable[Session], t: Translator) -> list[str]:
    return [session_line(s, t) for s in sessions]


def now_next(event: Event, t: Translator, now: datetime) -> Reply:
    """What is on now and what comes next, as a delegate in the corridor needs it."""
    sessions = event.sessions
    buttons = (_back(t, callbacks.PROGRAMME),)
    if not sessions:
        return Reply(t.gettext("The programme has not been published yet."), buttons)
    first, last_end = sessions[0], max(s.end for s in sessions)
    if now < first.start:
        text = t.gettext("The meeting starts on {day} at {time}.").format(
            day=esc(t.day(t.local_day(first.start))), time=t.time(first.start)
        )
        return Reply("\n".join([text, "", *_sessions_block(upcoming(event, now), t)]), buttons)
    if now >= last_end:
        return Reply(t.gettext("The meeting is over. Thank you for taking part!"), buttons)
    lines = []
    current = happening(event, now)
    if current:
        lines += [t.gettext("<b>Now</b>"), *_sessions_block(current, t)]
    else:
        lines.append(t.gettext("Nothing is on right now."))
    following = upcoming(event, now)
    if following:
        next_day = t.local_day(following[0].start)
        heading = t.gettext("<b>Next</b>")
        if next_day != t.local_day(now):
            heading = t.gettext("<b>Next</b>, {day}").format(day=esc(t.day(next_day)))
        lines += ["", heading, *_sessions_block(following, t)]
    return Reply("\n".join(lines), buttons)


def happening(event: Event, now: datetime) -> tuple[Session, ...]:
    return tuple(s for s in event.sessions if s.start <= now < s.end)


def upcoming(event: Event, now: datetime) -> tuple[Session, ...]:
    """The sessions that start next (all those sharing the earliest start after ``now``)."""
    later = [s for s in event.sessions if s.start > now]
    if not later:
        return ()
    soonest = min(s.start for s in later)
    return tuple(s for s in later if s.start == soonest)


def next_only(event: Event, t: Translator, now: datetime) -> Reply:
    following = upcoming(event, now)
    buttons = (_back(t, callbacks.PROGRAMME),)
    if not following:
        if event.sessions and now >= max(s.end for s in event.sessions):
            return Reply(t.gettext("The meeting is over. Thank you for taking part!"), buttons)
        return Reply(t.gettext("Nothing else is planned."), buttons)
    heading = t.gettext("<b>Next</b>, {day}").format(
        day=esc(t.day(t.local_day(following[0].start)))
    )
    return Reply("\n".join([heading, *_sessions_block(following, t)]), buttons)


def venue_address(event: Event, t: Translator) -> str:
    venue = event.venue
    return t.gettext("📍 <b>{name}</b>\n{address}").format(
        name=text_of(venue.name, t), address=text_of(venue.address, t)
    )


def venue_wifi(event: Event, t: Translator) -> str | None:
    wifi = event.venue.wifi
    if wifi is None:
        return None
    if wifi.password:
        return t.gettext(
            "📶 Wifi: <code>{network}</code>, password <code>{password}</code>"
        ).format(network=esc(wifi.network), password=esc(wifi.password))
    return t.gettext("📶 Wifi: <code>{network}</code> (no password)").format(
        network=esc(wifi.network)
    )


def venue_directions(event: Event, t: Translator) -> str | None:
    if event.venue.directions is None:
        return None
    return t.gettext("🚕 <b>Getting there</b>\n{directions}").format(
        directions=text_of(event.venue.directions, t)
    )


def room_line(room: Room, t: Translator) -> str:
    """A room in the venue list: its sign's name in bold, what it is, how to get there."""
    line = t.gettext("• <b>{room}</b>").format(room=text_of(room.name, t))
    if room.description:
        line = t.gettext("{room} ({description})").format(
            room=line, description=text_of(room.description, t)
        )
    if room.directions:
        line = t.gettext("{room}: {directions}").format(
            room=line, directions=text_of(room.directions, t)
        )
    return line


def venue(event: Event, t: Translator) -> Reply:
    parts = [venue_address(event, t)]
    parts += [p for p in (venue_directions(event, t), venue_wifi(event, t)) if p]
    if event.venue.rooms:
        rooms = [room_line(r, t) for r in event.venue.rooms]
        parts.append("\n".join([t.gettext("🚪 <b>Rooms</b>"), *rooms]))
    return Reply("\n\n".join(parts), (_back(t, callbacks.MENU)[1:],), venue_location(event))


def venue_location(event: Event) -> tuple[float, float] | None:
    if event.venue.latitude is None or event.venue.longitude is None:
        return None
    return (event.venue.latitude, event.venue.longitude)


def faq_label(entry: FaqEntry, t: Translator, default_language: str) -> str:
    """A topic's button label: its first example question in the delegate's language."""
    for lang in (t.language, default_language, *entry.questions):
        if entry.questions.get(lang):
            return short_label(t.typeset(entry.questions[lang][0]))
    return entry.id


def about(event: Event, t: Translator, page: int) -> Reply:
    pages = max(1, -(-len(event.faq) // FAQ_PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    lines = [f"<b>{text_of(event.name, t)}</b>"]
    if event.description:
        lines.append(text_of(event.description, t))
    if event.website:
        lines.append(esc(event.website))
    if event.faq:
        lines += [
            "",
            t.gettext("Frequent questions ({page}/{pages}):").format(page=page + 1, pages=pages),
        ]
    entries = event.faq[page * FAQ_PAGE_SIZE : (page + 1) * FAQ_PAGE_SIZE]
    rows: list[tuple[Button, ...]] = [
        (Button(faq_label(entry, t, event.default_language), callbacks.faq(entry.id)),)
        for entry in entries
    ]
    nav = []
    if page > 0:
        nav.append(Button(t.gettext("« Previous"), callbacks.about(page - 1)))
    if page < pages - 1:
        nav.append(Button(t.gettext("More »"), callbacks.about(page + 1)))
    if nav:
        rows.append(tuple(nav))
    rows.append((Button(t.gettext("Menu"), callbacks.MENU),))
    return Reply("\n".join(lines), tuple(rows))


def event_dates(event: Event, t: Translator) -> Reply:
    """When and where the meeting is, from its programme and venue: right even if no FAQ
    entry says it, and never out of date when the programme changes."""
    days = event.days()
    venue = text_of(event.venue.name, t)
    name = text_of(event.name, t)
    if not days:
        text = t.gettext(
            "<b>{event}</b> takes place at {venue}; the programme is not published yet."
        )
        return Reply(text.format(event=name, venue=venue), main_menu(t))
    if len(days) == 1:
        text = t.gettext("<b>{event}</b> takes place on {day}, at {venue}.")
        return Reply(text.format(event=name, day=t.day(days[0]), venue=venue), main_menu(t))
    text = t.gettext("<b>{event}</b> takes place from {first} to {last}, at {venue}.")
    return Reply(
        text.format(event=name, first=t.day(days[0]), last=t.day(days[-1]), venue=venue),
        main_menu(t),
    )


def faq_answer(event: Event, t: Translator, entry: FaqEntry) -> Reply:
    page = event.faq.index(entry) // FAQ_PAGE_SIZE
    return Reply(text_of(entry.answer, t), (_back(t, callbacks.about(page)),))


def contacts(event: Event, t: Translator) -> list[str]:
    lines = []
    for contact in event.contacts:
        reach = [esc(v) for v in (contact.email, contact.phone, contact.telegram) if v]
        if contact.role:
            line = t.gettext("• {name} ({role})").format(
                name=text_of(contact.name, t), role=text_of(contact.role, t)
            )
        else:
            line = t.gettext("• {name}").format(name=text_of(contact.name, t))
        if reach:
            line = t.gettext("{contact}: {reach}").format(contact=line, reach=", ".join(reach))
        lines.append(line)
    return lines


def fallback(event: Event, t: Translator, suggestions: Sequence[Button] = ()) -> Reply:
    """The honest "I don't know"; ``suggestions`` are topics that match part of the question."""
    if suggestions:
        intro = t.gettext(
            "Sorry, I am not sure I understood. Is it one of these? If not, try the menu "
            "below, or ask the organisers."
        )
    else:
        intro = t.gettext(
            "Sorry, I don't know the answer to that. Try the menu below, or ask the organisers."
        )
    lines = [intro]
    reach = contacts(event, t)
    if reach:
        lines += ["", t.gettext("<b>Organisers</b>"), *reach]
    # A human can take over what the bot cannot answer (handlers/desk/handoff.py).
    ask = (Button(t.gettext("🙋 Ask the organisers"), callbacks.ASK),)
    offered = tuple((option,) for option in suggestions)
    return Reply("\n".join(lines), (*offered, *main_menu(t), ask))


def language_picker(event: Event, t: Translator) -> Reply:
    rows = tuple(
        (
            Button(
                ("✅ " if code == t.language else "") + t.own_language_name(code),
                callbacks.language(code),
            ),
        )
        for code in event.languages
    )
    return Reply(t.gettext("Choose your language:"), rows)


def language_set(event: Event, t: Translator) -> Reply:
    text = t.gettext("Done: I will speak {language} with you.").format(
        language=esc(t.language_name(t.language))
    )
    return Reply(text, main_menu(t))


def forget_confirm(t: Translator) -> Reply:
    return Reply(
        t.gettext(
            "This deletes everything I store about you (your language choice). Are you sure?"
        ),
        (
            (
                Button(t.gettext("Yes, delete my data"), callbacks.FORGET_YES),
                Button(t.gettext("No, keep it"), callbacks.FORGET_NO),
            ),
        ),
    )


def forgotten(t: Translator, removed: int = 0, kept: int = 0) -> Reply:
    """Says plainly what went and what stays: questions posted to the organisers are deleted
    where Telegram allows it; their answers are the organisers' own messages and stay."""
    done = t.gettext("Done: I deleted everything I stored about you. Send /start to begin again.")
    lines = [done]
    if removed:
        lines.append(t.ngettext(
            "{count} of your questions was also deleted from the organisers' chat.",
            "{count} of your questions were also deleted from the organisers' chat.",
            removed,
        ).format(count=removed))  # fmt: skip
    if kept:
        lines.append(t.ngettext(
            "{count} question stays in the organisers' chat: Telegram lets me delete only "
            "messages under 48 hours old. Ask the organisers to delete it.",
            "{count} questions stay in the organisers' chat: Telegram lets me delete only "
            "messages under 48 hours old. Ask the organisers to delete them.",
            kept,
        ).format(count=kept))  # fmt: skip
    if removed or kept:
        lines.append(t.gettext("The organisers' own replies to you stay in their chat."))
    return Reply("\n".join(lines))


def kept(t: Translator) -> Reply:
    return Reply(t.gettext("Nothing was deleted."), main_menu(t))


def expired(t: Translator) -> str:
    return t.gettext("This button has expired. Please use the menu again.")


def not_text(t: Translator) -> Reply:
    return Reply(
        t.gettext("I can only read text messages. Type your question or use the menu."),
        main_menu(t),
    )


def too_long(t: Translator, limit: int) -> Reply:
    return Reply(
        t.gettext(
            "That message is too long for me. Please ask in under {limit} characters."
        ).format(limit=limit),
        main_menu(t),
    )


def error(t: Translator) -> str:
    return t.gettext("Sorry, something went wrong on my side. Please try again in a moment.")


def greeting(t: Translator) -> Reply:
    return Reply(
        t.gettext("Hello! Ask me anything about the meeting, or use the menu."), main_menu(t)
    )


def thanks(t: Translator) -> Reply:
    return Reply(t.gettext("You're welcome! Enjoy the meeting."))


def goodbye(t: Translator) -> Reply:
    return Reply(t.gettext("Goodbye, and see you at the meeting!"))


def no_question(t: Translator) -> Reply:
    return Reply(
        t.gettext("Type a question, for example “where is lunch?”, or use the menu."),
        main_menu(t),
    )


def did_you_mean(t: Translator, options: Sequence[Button]) -> Reply:
    rows = tuple((option,) for option in options)
    return Reply(t.gettext("Did you mean…?"), (*rows, (Button(t.gettext("Menu"), callbacks.MENU),)))


def no_wifi(event: Event, t: Translator) -> Reply:
    lines = [t.gettext("I have no wifi details for this meeting. Please ask the organisers.")]
    lines += contacts(event, t)
    return Reply("\n".join(lines), main_menu(t))


def room_answer(event: Event, t: Translator, room_id: str) -> Reply:
    room = event.room(room_id)
    assert room is not None
    lines = [room_line(room, t), "", venue_address(event, t)]
    return Reply("\n".join(lines), (_back(t, callbacks.VENUE)[1:],))
