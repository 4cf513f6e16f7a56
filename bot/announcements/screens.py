"""The organiser's screens while drafting an announcement, from /broadcast to Send.

One function per prompt, error or confirmation, each a ``Reply`` or a string in the organiser's
language; the conversation (``handlers/desk/announcements.py``) only picks which one to show. What
is shown once an announcement exists (progress, reports, lists) is ``bot/announcements/reports.py``.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.announcements.model import CAPTION_LIMIT, PHOTO, Audience, Draft, data
from bot.announcements.store import Announcement
from bot.event import Event
from bot.i18n import Translator
from bot.ui.views import Button, Reply, esc, session_rows, short_label


def _cancel_row(t: Translator) -> tuple[Button, ...]:
    return (Button(t.gettext("✖ Cancel"), data("cancel")),)


def ask_audience(t: Translator) -> Reply:
    return Reply(
        t.gettext("📣 <b>New announcement</b>\nWho should receive it?"),
        (
            (Button(t.gettext("👥 Everyone"), data("aud", "all")),),
            (Button(t.gettext("🌐 Delegates who use one language"), data("aud", "lang")),),
            (Button(t.gettext("⭐ Followers of a session"), data("aud", "ses")),),
            _cancel_row(t),
        ),
    )


def ask_language(event: Event, t: Translator) -> Reply:
    rows = tuple(
        (Button(t.own_language_name(lang), data("lang", lang)),) for lang in event.languages
    )
    return Reply(t.gettext("Which language do they use?"), (*rows, _cancel_row(t)))


def ask_day(event: Event, t: Translator) -> Reply:
    rows = tuple((Button(t.day(day), data("day", day.isoformat())),) for day in event.days())
    return Reply(
        t.gettext("The followers of which session? Choose the day:"), (*rows, _cancel_row(t))
    )


def ask_session(event: Event, t: Translator, day: date) -> Reply:
    """Parallel sessions whose titles start alike keep labels that differ (``short_labels``):
    the announcement must reach the followers of the session the organiser meant."""
    rows = session_rows(t, event.sessions_on(day), lambda s: data("ses", s.id))
    back = (Button(t.gettext("« Back"), data("aud", "ses")),)
    return Reply(
        t.gettext("<b>{day}</b>\nChoose the session:").format(day=esc(t.day(day))),
        (*rows, back, _cancel_row(t)),
    )


def ask_text_mode(t: Translator) -> Reply:
    return Reply(
        t.gettext("One text for everyone, or a version in each language?"),
        (
            (Button(t.gettext("One text for all"), data("txt", "one")),),
            (Button(t.gettext("A version per language"), data("txt", "per")),),
            _cancel_row(t),
        ),
    )


def ask_text(event: Event, t: Translator, draft: Draft) -> Reply:
    """The prompt for the next text; non-default languages may be skipped (they fall back)."""
    language = draft.asking[0]
    limit = t.gettext("At most {limit} characters, as plain text.").format(limit=draft.limit)
    if draft.text_mode == "per":
        prompt = t.gettext("Send the text in <b>{language}</b>.").format(
            language=esc(t.language_name(language))
        )
    else:
        prompt = t.gettext("Send the text of the announcement.")
    rows: tuple[tuple[Button, ...], ...] = ()
    if draft.text_mode == "per" and language != event.default_language:
        label = t.gettext("Skip: they get the {language} text").format(
            language=t.language_name(event.default_language)
        )
        rows = ((Button(short_label(label), data("skip")),),)
    return Reply(f"{prompt}\n{limit}", (*rows, _cancel_row(t)))


def text_first(t: Translator) -> str:
    return t.gettext("The text first, please: you can add a photo or a document right after.")


def text_too_long(t: Translator, length: int, limit: int) -> str:
    if limit == CAPTION_LIMIT:
        return t.gettext(
            "With a photo or a document the text becomes its caption, and a caption holds at "
            "most {limit} characters; this one has {length}. Please send a shorter text."
        ).format(limit=limit, length=length)
    return t.gettext(
        "A message holds at most {limit} characters; this one has {length}. "
        "Please send a shorter text."
    ).format(limit=limit, length=length)


def empty_text(t: Translator) -> str:
    return t.gettext("Please send the announcement as a text message.")


def ask_media(t: Translator) -> Reply:
    return Reply(
        t.gettext(
            "Add a photo or a document? Send it now (the text becomes its caption), "
            "or press “No attachment”."
        ),
        ((Button(t.gettext("No attachment"), data("media", "none")),), _cancel_row(t)),
    )


def captions_too_long(event: Event, t: Translator, lengths: dict[str, int]) -> str:
    longest_length = max(lengths.values())
    names = ", ".join(t.language_name(lang) for lang in sorted(lengths))
    return t.gettext(
        "The attachment is kept, but its caption holds at most {limit} characters and the "
        "text ({languages}) has {length}. Please send a shorter text."
    ).format(limit=CAPTION_LIMIT, languages=esc(names), length=longest_length)


def ask_sound(t: Translator) -> Reply:
    return Reply(
        t.gettext("With a notification sound, or silent?"),
        (
            (
                Button(t.gettext("🔔 With sound"), data("snd", "on")),
                Button(t.gettext("🔕 Silent"), data("snd", "off")),
            ),
            _cancel_row(t),
        ),
    )


def ask_when(event: Event, t: Translator) -> Reply:
    return Reply(
        t.gettext(
            "When? Press “Send now”, or write a time ({zone}): “today 14:00”, "
            "“tomorrow 09:30” or “2024-11-07 08:00”."
        ).format(zone=esc(str(event.timezone))),
        ((Button(t.gettext("▶️ Send now"), data("when", "now")),), _cancel_row(t)),
    )


def bad_time(t: Translator) -> str:
    return t.gettext(
        "I could not read that time. Write for example “today 14:00”, “tomorrow 09:30” "
        "or “2024-11-07 08:00”."
    )


def far_time(t: Translator, moment: datetime) -> str:
    return t.gettext(
        "{date} at {time} is more than two months away. Please check the date."
    ).format(date=esc(t.date_with_year(t.local_day(moment))), time=t.time(moment))


def past_time(t: Translator, moment: datetime) -> str:
    return t.gettext("{day} at {time} has already passed. Please choose a later time.").format(
        day=esc(t.day(t.local_day(moment))), time=t.time(moment)
    )


def audience_label(event: Event, t: Translator, audience: Audience) -> str:
    if audience.kind == "lang":
        return t.gettext("delegates who use {language}").format(
            language=esc(t.language_name(audience.value))
        )
    if audience.kind == "ses":
        session = event.session(audience.value)
        title = t.text(session.title) if session else audience.value
        return t.gettext("followers of “{session}”").format(session=esc(title))
    return t.gettext("everyone")


def when_label(t: Translator, moment: datetime | None) -> str:
    if moment is None:
        return t.gettext("now")
    return t.gettext("{day} at {time}").format(
        day=esc(t.day(t.local_day(moment))), time=t.time(moment)
    )


def preview_languages(event: Event, draft: Draft, own: str) -> list[str]:
    """The languages to preview in, so the organiser sees what delegates will see: each version
    written; for one language's delegates, theirs; else the organiser's own (the header is the
    only part that changes with the language)."""
    if draft.audience is not None and draft.audience.kind == "lang":
        return [draft.audience.value]
    if draft.text_mode == "per":
        return [lang for lang in event.languages if lang in draft.texts]
    return [own]


def summary(event: Event, t: Translator, draft: Draft, count: int) -> Reply:
    """Under the preview: what will happen, and Send / Edit / Cancel."""
    assert draft.audience is not None
    lines = [
        t.gettext("<b>This is the announcement as delegates will see it.</b>"),
        t.ngettext(
            "👥 To: {audience} ({count} delegate now)",
            "👥 To: {audience} ({count} delegates now)",
            count,
        ).format(audience=audience_label(event, t, draft.audience), count=count),
    ]
    if draft.text_mode == "per":
        fallback = [lang for lang in event.languages if lang not in draft.texts]
        if fallback:
            lines.append(
                t.gettext(
                    "🌐 Without a version of their own ({languages}): the {default} text."
                ).format(
                    languages=esc(", ".join(t.language_name(lang) for lang in fallback)),
                    default=esc(t.language_name(event.default_language)),
                )
            )
    if draft.media:
        kind = t.gettext("photo") if draft.media.kind == PHOTO else t.gettext("document")
        lines.append(t.gettext("📎 With a {kind}").format(kind=kind))
    lines.append(t.gettext("🔕 Silent") if draft.silent else t.gettext("🔔 With sound"))
    lines.append(t.gettext("🕒 Sending: {when}").format(when=when_label(t, draft.send_at)))
    send = t.gettext("✅ Schedule") if draft.send_at else t.gettext("✅ Send")
    return Reply(
        "\n".join(lines),
        (
            (Button(send, data("go", draft.nonce)), Button(t.gettext("✏️ Edit"), data("edit"))),
            _cancel_row(t),
        ),
    )


def edit_menu(t: Translator) -> Reply:
    labels = {
        "aud": t.gettext("👥 Audience"),
        "txt": t.gettext("📝 Text"),
        "media": t.gettext("📎 Attachment"),
        "snd": t.gettext("🔔 Sound"),
        "when": t.gettext("🕒 Time"),
    }
    rows = tuple((Button(label, data("fix", part)),) for part, label in labels.items())
    back = (Button(t.gettext("« Back to the preview"), data("fix", "back")),)
    return Reply(t.gettext("What would you like to change?"), (*rows, back, _cancel_row(t)))


def timed_out(t: Translator) -> str:
    return t.gettext(
        "⌛ Your draft announcement was put aside after a long pause: nothing was sent. "
        "Send /broadcast to start again."
    )


def cancelled(t: Translator) -> str:
    return t.gettext("Cancelled: nothing was sent.")


def preview_refused(t: Translator, reason: str) -> str:
    return t.gettext(
        "Telegram refused the preview ({reason}). Please change the announcement."
    ).format(reason=esc(reason))


def scheduled(t: Translator, announcement: Announcement) -> str:
    return t.gettext(
        "🕒 Announcement #{id} is scheduled for {when}. /broadcasts lists it, and cancels it."
    ).format(id=announcement.id, when=when_label(t, announcement.send_at))


def private_only(t: Translator) -> str:
    return t.gettext("Please write /broadcast in your private chat with me.")
