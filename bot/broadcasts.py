"""Organiser announcements: the draft, the store, the audience and every screen, no Telegram types.

An announcement is one row in ``broadcasts`` (migration 4) and, once it goes out, one outbox job
``bc:<id>`` with a row per recipient, so delivery, pacing, resuming after a kill and counting
are the outbox's and the sender's (``bot/outbox.py``, ``bot/delivery.py``). This module decides
*who* (the audience, planned from SQLite when the message leaves, so a delegate who joined in
between is included) and *what* each delegate sees (their language's version, else the event's
default language). Organiser text is plain text: it is HTML-escaped here, in one place, so a
"<" or an "&" can never break a message to hundreds of people.

Statuses: ``scheduled`` (waits for its JobQueue job), ``sending`` (its outbox job exists or is
being planned), ``sent``, ``stopped`` (Telegram refused the content) and ``cancelled``.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from html import unescape
from zoneinfo import ZoneInfo

import aiosqlite

from bot.callbacks import MAX_CALLBACK_BYTES
from bot.event import Event
from bot.follows import FollowStore
from bot.i18n import Translator
from bot.outbox import BLOCKED, FAILED, PENDING, SENDING, SENT
from bot.sender import Payload, payload_for
from bot.split import utf16_length
from bot.views import Button, Reply, esc, short_label

JOB_PREFIX = "bc:"
KIND = "broadcast"
TEXT_LIMIT = 4096  # Telegram's limit for a message, after entities are parsed
CAPTION_LIMIT = 1024  # ... and for a photo's or a document's caption
NEWS_LIMIT = 5
LIST_LIMIT = 10
EXCERPT = 60

SCHEDULED = "scheduled"
SENDING_STATUS = "sending"
SENT_STATUS = "sent"
STOPPED = "stopped"
CANCELLED = "cancelled"
DELIVERED = (SENDING_STATUS, SENT_STATUS)  # what /news shows: on its way or done

PHOTO = "photo"
DOCUMENT = "document"


# ---- callback data ------------------------------------------------------------------------
# Every button of the desk starts with "bc:"; handlers check the user on each press, because a
# client can forge any of these. Values are slugs, dates or a short nonce: at most 55 bytes.

AUDIENCE_PATTERN = re.compile(r"^bc:aud:(all|lang|ses)$")
LANGUAGE_PATTERN = re.compile(r"^bc:lang:([a-z]{2,3})$")
DAY_PATTERN = re.compile(r"^bc:day:(\d{4}-\d{2}-\d{2})$")
SESSION_PATTERN = re.compile(r"^bc:ses:([a-z0-9-]{1,48})$")
TEXT_MODE_PATTERN = re.compile(r"^bc:txt:(one|per)$")
SKIP_PATTERN = re.compile(r"^bc:skip$")
NO_MEDIA_PATTERN = re.compile(r"^bc:media:none$")
SOUND_PATTERN = re.compile(r"^bc:snd:(on|off)$")
NOW_PATTERN = re.compile(r"^bc:when:now$")
SEND_PATTERN = re.compile(r"^bc:go:([A-Za-z0-9_-]{1,16})$")
EDIT_PATTERN = re.compile(r"^bc:edit$")
FIX_PATTERN = re.compile(r"^bc:fix:(aud|txt|media|snd|when|back)$")
CANCEL_PATTERN = re.compile(r"^bc:cancel$")
DROP_PATTERN = re.compile(r"^bc:drop:(\d{1,12})$")
ANY_PATTERN = re.compile(r"^bc:")



def data(*parts: str) -> str:
    """``bc:`` callback data, checked against Telegram's 64 bytes (a longer one is a bug)."""
    value = ":".join(("bc", *parts))
    if len(value.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {value!r}")
    return value


def job_of(broadcast_id: int) -> str:
    return f"{JOB_PREFIX}{broadcast_id}"


def id_of(job: str) -> int | None:
    """The broadcast id of an outbox job name, or None for another kind of job."""
    if not job.startswith(JOB_PREFIX) or not job[len(JOB_PREFIX) :].isdigit():
        return None
    return int(job[len(JOB_PREFIX) :])


# ---- audience and draft -------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    """Everyone, the delegates who use one language, or the followers of one session."""

    kind: str  # "all" | "lang" | "ses"
    value: str = ""

    def encode(self) -> str:
        return self.kind if self.kind == "all" else f"{self.kind}:{self.value}"

    @classmethod
    def decode(cls, text: str) -> Audience:
        kind, _, value = text.partition(":")
        if kind not in ("all", "lang", "ses") or (kind != "all") != bool(value):
            raise ValueError(f"unknown audience {text!r}")
        return cls(kind, value)


EVERYONE = Audience("all")


@dataclass(frozen=True)
class Media:
    kind: str  # PHOTO | DOCUMENT
    file_id: str


class Step(StrEnum):
    AUDIENCE = "audience"
    TEXT_MODE = "text_mode"
    TEXT = "text"
    MEDIA = "media"
    SOUND = "sound"
    WHEN = "when"
    PREVIEW = "preview"


@dataclass
class Draft:
    """What the organiser has chosen so far; kept in memory for one conversation.

    Each part is None until chosen; ``next_step`` asks for the first missing one, so "Edit"
    only clears a part and the conversation comes back to the preview once it is chosen again.
    """

    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(6))
    audience: Audience | None = None
    text_mode: str | None = None  # "one": one text for all; "per": a version per language
    texts: dict[str, str] = field(default_factory=dict)
    asking: list[str] = field(default_factory=list)  # languages whose text is still wanted
    texts_done: bool = False
    media: Media | None = None
    media_done: bool = False
    silent: bool | None = None
    send_at: datetime | None = None
    when_done: bool = False

    def next_step(self, event: Event) -> Step:
        if self.audience is None:
            return Step.AUDIENCE
        if not self.texts_done:
            if self.text_mode is None:
                if self.audience.kind == "lang" or len(event.languages) == 1:
                    self.start_texts(event, "one")
                else:
                    return Step.TEXT_MODE
            return Step.TEXT
        if not self.media_done:
            return Step.MEDIA
        if self.silent is None:
            return Step.SOUND
        if not self.when_done:
            return Step.WHEN
        return Step.PREVIEW

    def start_texts(self, event: Event, mode: str) -> None:
        """Ask for the text(s) afresh: the default language first, it is everyone's fallback."""
        self.text_mode = mode
        self.texts = {}
        self.texts_done = False
        others = [lang for lang in event.languages if lang != event.default_language]
        self.asking = [event.default_language, *(others if mode == "per" else [])]

    def take_text(self, text: str) -> None:
        self.texts[self.asking.pop(0)] = text
        self.texts_done = not self.asking

    def skip_text(self) -> None:
        self.asking.pop(0)
        self.texts_done = not self.asking

    def clear(self, part: str) -> None:
        """Forget one part so the conversation asks for it again ("Edit")."""
        if part == "aud":
            self.audience = None
        elif part == "txt":
            self.text_mode, self.texts, self.asking, self.texts_done = None, {}, [], False
        elif part == "media":
            self.media, self.media_done = None, False
        elif part == "snd":
            self.silent = None
        elif part == "when":
            self.send_at, self.when_done = None, False

    @property
    def limit(self) -> int:
        return CAPTION_LIMIT if self.media else TEXT_LIMIT

    def renew(self) -> None:
        """A new preview gets a new Send button: one from an earlier preview (before an Edit)
        must not send what the organiser has not seen."""
        self.nonce = secrets.token_urlsafe(6)


# ---- rendering ----------------------------------------------------------------------------


def visible_length(html_text: str) -> int:
    """What Telegram counts against its limits: the text after tags and entities are parsed,
    in UTF-16 code units (an emoji outside the BMP counts twice)."""
    return utf16_length(unescape(re.sub(r"<[^>]*>", "", html_text)))


def text_for(texts: dict[str, str], language: str, default_language: str) -> str:
    """A delegate's version: their language's, else the event's default language's."""
    return texts.get(language) or texts.get(default_language) or next(iter(texts.values()), "")


def announcement(t: Translator, text: str) -> str:
    """The message a delegate receives: a header in their language, then the organiser's text
    taken as plain text (escaped), so it reads the same in a message and in a caption."""
    header = t.gettext("📣 <b>Announcement from the organisers</b>")
    return f"{header}\n\n{esc(text.strip())}"


def longest(event: Event, text: str) -> int:
    """The longest this text gets once rendered, whichever language's header it is shown with."""
    return max(
        visible_length(announcement(Translator(lang, event.timezone), text))
        for lang in event.languages
    )


def too_long(event: Event, texts: dict[str, str], limit: int) -> dict[str, int]:
    """Versions that would exceed ``limit`` once rendered, with their length."""
    lengths = {lang: longest(event, text) for lang, text in texts.items()}
    return {lang: length for lang, length in lengths.items() if length > limit}


def payload(
    event: Event,
    t: Translator,
    texts: dict[str, str],
    media: Media | None,
    *,
    silent: bool,
) -> Payload:
    """The outbox payload for delegates of one language (the preview uses the same one)."""
    body = announcement(t, text_for(texts, t.language, event.default_language))
    return payload_for(
        Reply(body),
        silent=silent,
        photo=media.file_id if media and media.kind == PHOTO else None,
        document=media.file_id if media and media.kind == DOCUMENT else None,
    )


# ---- time ---------------------------------------------------------------------------------

_TODAY = {"today", "hoy", "aujourd'hui", "aujourd’hui", "auj"}
_TOMORROW = {"tomorrow", "mañana", "manana", "demain"}
_WHEN = re.compile(
    r"^\s*(?:(?P<day>\d{4}-\d{2}-\d{2}|[^\d\s]+)\s+)?(?P<h>\d{1,2})[:h.](?P<m>\d{2})\s*$",
    re.IGNORECASE,
)


class SendTimeError(ValueError):
    """An unreadable send time (``past`` False) or one already gone (``past`` True)."""

    def __init__(self, reason: str, *, past: bool = False, moment: datetime | None = None) -> None:
        super().__init__(reason)
        self.past = past
        self.moment = moment


def parse_send_time(text: str, now: datetime, zone: ZoneInfo) -> datetime:
    """Read "today 14:00", "tomorrow 09:30", "2024-11-07 08:00" or "14:00" in the event's zone.

    Parsed here, not guessed by a library: organisers type in three languages ("mañana 9:30",
    "demain 9h30" also work) and an ambiguous "07/11" must not become July. A moment that is
    not in the future is refused: an announcement cannot be sent in the past.
    """
    match = _WHEN.match(text)
    if not match:
        raise SendTimeError(f"unreadable send time {text!r}")
    today = now.astimezone(zone).date()
    word = (match["day"] or "today").lower()
    if word in _TODAY:
        day = today
    elif word in _TOMORROW:
        day = today + timedelta(days=1)
    else:
        try:
            day = date.fromisoformat(word)
        except ValueError:
            raise SendTimeError(f"unreadable day {word!r}") from None
    hour, minute = int(match["h"]), int(match["m"])
    if hour > 23 or minute > 59:
        raise SendTimeError(f"no such time {hour}:{minute:02d}")
    moment = datetime.combine(day, time(hour, minute), tzinfo=zone)
    if moment <= now:
        raise SendTimeError("in the past", past=True, moment=moment)
    return moment


# ---- the store ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Broadcast:
    id: int
    organiser_id: int
    audience: Audience
    texts: dict[str, str]
    media: Media | None
    silent: bool
    send_at: datetime | None
    status: str
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


def _row(row: Sequence[object]) -> Broadcast:
    media = Media(str(row[4]), str(row[5])) if row[4] and row[5] else None
    created = _moment(row[9])
    assert created is not None
    return Broadcast(
        id=int(str(row[0])),
        organiser_id=int(str(row[1])),
        audience=Audience.decode(str(row[2])),
        texts=dict(json.loads(str(row[3]))),
        media=media,
        silent=bool(row[6]),
        send_at=_moment(row[7]),
        status=str(row[8]),
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
    ) -> Broadcast:
        """Store a finished draft: 'scheduled' if it has a send time, else 'sending' at once."""
        assert draft.audience is not None and draft.texts
        status = SCHEDULED if draft.send_at else SENDING_STATUS
        cursor = await self._db.execute(
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
        await self._db.commit()
        assert cursor.lastrowid is not None
        found = await self.get(cursor.lastrowid)
        assert found is not None
        return found

    async def get(self, broadcast_id: int) -> Broadcast | None:
        rows = await self._db.execute_fetchall(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE id = ?", (broadcast_id,)
        )
        return _row(next(iter(rows))) if rows else None

    async def with_status(self, status: str) -> list[Broadcast]:
        rows = await self._db.execute_fetchall(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE status = ? ORDER BY id", (status,)
        )
        return [_row(r) for r in rows]

    async def recent(self, limit: int = LIST_LIMIT) -> list[Broadcast]:
        rows = await self._db.execute_fetchall(
            f"SELECT {_COLUMNS} FROM broadcasts ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [_row(r) for r in rows]

    async def start_sending(self, broadcast_id: int, now: datetime) -> bool:
        """A scheduled announcement's moment came: 'scheduled' → 'sending', once.

        One statement, so a job armed twice (start-up and a re-arm) or a cancel at the same
        moment can never send it twice: only the caller that changed the row goes on.
        """
        cursor = await self._db.execute(
            "UPDATE broadcasts SET status = ?, sent_at = ? WHERE id = ? AND status = ?",
            (SENDING_STATUS, _iso(now), broadcast_id, SCHEDULED),
        )
        await self._db.commit()
        return cursor.rowcount > 0

    async def cancel_scheduled(self, broadcast_id: int) -> bool:
        cursor = await self._db.execute(
            "UPDATE broadcasts SET status = ? WHERE id = ? AND status = ?",
            (CANCELLED, broadcast_id, SCHEDULED),
        )
        await self._db.commit()
        return cursor.rowcount > 0

    async def finish(self, broadcast_id: int, status: str) -> None:
        await self._db.execute(
            "UPDATE broadcasts SET status = ? WHERE id = ?", (status, broadcast_id)
        )
        await self._db.commit()

    async def set_progress(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        """Where the live progress is shown, so a restarted bot edits the same message."""
        await self._db.execute(
            "UPDATE broadcasts SET progress_chat = ?, progress_message = ? WHERE id = ?",
            (chat_id, message_id, broadcast_id),
        )
        await self._db.commit()

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
    ) -> list[Broadcast]:
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


# ---- screens ------------------------------------------------------------------------------


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
    rows = tuple(
        (Button(short_label(f"{t.time(s.start)} {s.title.get(t.language)}"), data("ses", s.id)),)
        for s in event.sessions_on(day)
    )
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
        title = session.title.get(t.language) if session else audience.value
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


def cancelled(t: Translator) -> str:
    return t.gettext("Cancelled: nothing was sent.")


def preview_refused(t: Translator, reason: str) -> str:
    return t.gettext(
        "Telegram refused the preview ({reason}). Please change the announcement."
    ).format(reason=esc(reason))


def scheduled(t: Translator, broadcast: Broadcast) -> str:
    return t.gettext(
        "🕒 Announcement #{id} is scheduled for {when}. /broadcasts lists it, and cancels it."
    ).format(id=broadcast.id, when=when_label(t, broadcast.send_at))


def private_only(t: Translator) -> str:
    return t.gettext("Please write /broadcast in your private chat with me.")


def _counts_lines(t: Translator, counts: dict[str, int]) -> list[str]:
    pending = counts.get(PENDING, 0) + counts.get(SENDING, 0)
    return [
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


def progress(t: Translator, broadcast_id: int, counts: dict[str, int]) -> str:
    """The live message, edited every few seconds while the announcement goes out."""
    total = sum(counts.values())
    done = total - counts.get(PENDING, 0) - counts.get(SENDING, 0)
    head = t.gettext("📣 Announcement #{id}: sending… {done} of {total}").format(
        id=broadcast_id, done=done, total=total
    )
    return "\n".join([head, *_counts_lines(t, counts)])


def final_report(
    t: Translator, broadcast_id: int, counts: dict[str, int], stopped_reason: str | None
) -> str:
    if stopped_reason:
        head = t.gettext(
            "⛔ Announcement #{id} was stopped: Telegram refused it ({reason}). "
            "Nobody else will get it; please send a corrected one."
        ).format(id=broadcast_id, reason=esc(stopped_reason))
    else:
        head = t.gettext("📣 Announcement #{id} is finished.").format(id=broadcast_id)
    return "\n".join([head, *_counts_lines(t, counts)])


def excerpt(text: str, size: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1] + "…"


def status_label(t: Translator, broadcast: Broadcast) -> str:
    labels = {
        SCHEDULED: t.gettext("scheduled for {when}").format(when=when_label(t, broadcast.send_at)),
        SENDING_STATUS: t.gettext("sending"),
        SENT_STATUS: t.gettext("sent"),
        STOPPED: t.gettext("stopped"),
        CANCELLED: t.gettext("cancelled"),
    }
    return labels.get(broadcast.status, esc(broadcast.status))


def listing(
    event: Event,
    t: Translator,
    items: Sequence[tuple[Broadcast, dict[str, int]]],
) -> Reply:
    """/broadcasts: the latest announcements with their counts; scheduled ones can be cancelled."""
    if not items:
        return Reply(t.gettext("No announcements yet. /broadcast writes one."))
    lines = [t.gettext("<b>Announcements</b>")]
    rows = []
    for broadcast, counts in items:
        moment = broadcast.sent_at or broadcast.created_at
        lines += [
            "",
            t.gettext("<b>#{id}</b> · {day}, {time} · {status}").format(
                id=broadcast.id,
                day=esc(t.short_day(t.local_day(moment))),
                time=t.time(moment),
                status=status_label(t, broadcast),
            ),
            t.gettext("To {audience}: {text}").format(
                audience=audience_label(event, t, broadcast.audience),
                text=esc(excerpt(text_for(broadcast.texts, t.language, event.default_language))),
            ),
        ]
        if broadcast.status != SCHEDULED and broadcast.status != CANCELLED:
            lines.append(" · ".join(line for line in _counts_lines(t, counts)))
        if broadcast.status == SCHEDULED:
            label = t.gettext("✖ Cancel #{id}").format(id=broadcast.id)
            rows.append((Button(label, data("drop", str(broadcast.id))),))
    return Reply("\n".join(lines), tuple(rows))


def dropped(t: Translator, broadcast_id: int, done: bool) -> str:
    if done:
        return t.gettext("Announcement #{id} is cancelled.").format(id=broadcast_id)
    return t.gettext("Announcement #{id} is no longer scheduled.").format(id=broadcast_id)


def news(event: Event, t: Translator, items: Sequence[Broadcast]) -> Reply:
    """/news: recent announcements for a delegate who joined late, in their language."""
    if not items:
        return Reply(t.gettext("No announcements from the organisers yet."))
    lines = [t.gettext("📣 <b>Latest announcements</b>")]
    for broadcast in items:
        moment = broadcast.sent_at or broadcast.created_at
        when = t.gettext("{day}, {time}").format(
            day=t.day(t.local_day(moment)), time=t.time(moment)
        )
        text = text_for(broadcast.texts, t.language, event.default_language)
        lines += ["", f"<b>{esc(when)}</b>", esc(text.strip())]
        if broadcast.media:
            kind = t.gettext("photo") if broadcast.media.kind == PHOTO else t.gettext("document")
            lines.append(t.gettext("📎 With a {kind}").format(kind=kind))
    return Reply("\n".join(lines))
