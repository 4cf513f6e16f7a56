"""Organiser announcements: the draft, its audience, the message delegates get; no Telegram.

An announcement is one row in ``broadcasts`` (migration 4, ``bot/announcements/store.py``) and, once
it goes out, one outbox job ``bc:<id>`` with a row per recipient, so delivery, pacing, resuming
after a kill and counting are the outbox's and the sender's (``bot/fanout/outbox.py``,
``bot/fanout/delivery.py``). This module is the model the other announcement modules share: the
draft and its steps, the callback data of the desk's buttons, *who* (the audience; its recipients
are planned from SQLite when the message leaves, so a delegate who joined in between is included)
and *what* each delegate sees (their language's version, else the event's default language),
measured as Telegram measures it. Organiser text is plain text: it is HTML-escaped here, in one
place, so a "<" or an "&" can never break a message to hundreds of people.

The organiser's screens are ``bot/announcements/screens.py`` (drafting) and
``bot/announcements/reports.py`` (progress, reports, /broadcasts, /news); typed send times are read
by ``bot/announcements/send_time.py``.

Statuses (``Status``, stored as their values): ``scheduled`` (waits for its JobQueue job),
``sending`` (its outbox job exists or is being planned), ``sent``, ``stopped`` (Telegram refused
the content) and ``cancelled``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.event import Event
from bot.fanout.sender import Payload, payload_for
from bot.i18n import Translator, for_event
from bot.ui import callbacks
from bot.ui.split import visible_length
from bot.ui.views import Reply, esc

JOB_PREFIX = "bc:"
KIND = "broadcast"
TEXT_LIMIT = 4096  # Telegram's limit for a message, after entities are parsed
CAPTION_LIMIT = 1024  # ... and for a photo's or a document's caption


class Status(StrEnum):
    SCHEDULED = "scheduled"
    SENDING = "sending"
    SENT = "sent"
    STOPPED = "stopped"
    CANCELLED = "cancelled"


# The members by the names the rest of the code reads them with (as ``re`` does with its flags);
# SENDING and SENT are the outbox's own statuses, hence the suffix.
SCHEDULED, SENDING_STATUS, SENT_STATUS, STOPPED, CANCELLED = Status
DELIVERED = (SENDING_STATUS, SENT_STATUS)  # what /news shows: on its way or done

PHOTO = "photo"
DOCUMENT = "document"


# ---- callback data ------------------------------------------------------------------------
# Built and parsed in bot/ui/callbacks.py with every other button; the desk's names for them:

AUDIENCE_PATTERN = callbacks.ANNOUNCE_AUDIENCE_PATTERN
LANGUAGE_PATTERN = callbacks.ANNOUNCE_LANGUAGE_PATTERN
DAY_PATTERN = callbacks.ANNOUNCE_DAY_PATTERN
SESSION_PATTERN = callbacks.ANNOUNCE_SESSION_PATTERN
TEXT_MODE_PATTERN = callbacks.ANNOUNCE_TEXT_MODE_PATTERN
SKIP_PATTERN = callbacks.ANNOUNCE_SKIP_PATTERN
NO_MEDIA_PATTERN = callbacks.ANNOUNCE_NO_MEDIA_PATTERN
SOUND_PATTERN = callbacks.ANNOUNCE_SOUND_PATTERN
NOW_PATTERN = callbacks.ANNOUNCE_NOW_PATTERN
SEND_PATTERN = callbacks.ANNOUNCE_SEND_PATTERN
EDIT_PATTERN = callbacks.ANNOUNCE_EDIT_PATTERN
FIX_PATTERN = callbacks.ANNOUNCE_FIX_PATTERN
CANCEL_PATTERN = callbacks.ANNOUNCE_CANCEL_PATTERN
DROP_PATTERN = callbacks.ANNOUNCE_DROP_PATTERN
ANY_PATTERN = callbacks.ANNOUNCE_ANY_PATTERN
data = callbacks.announcement


def job_of(announcement_id: int) -> str:
    return f"{JOB_PREFIX}{announcement_id}"


def id_of(job: str) -> int | None:
    """The announcement id of an outbox job name, or None for another kind of job."""
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
    # the /broadcast message that opened this draft: its prompts come after it, so a button
    # on an earlier message belongs to another draft
    opened_by: int | None = None
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


def text_for(texts: dict[str, str], language: str, default_language: str) -> str:
    """A delegate's version: their language's, else the event's default language's."""
    return texts.get(language) or texts.get(default_language) or next(iter(texts.values()), "")


def announcement(t: Translator, text: str) -> str:
    """The message a delegate receives: a header in their language, then the organiser's text
    taken as plain text (escaped), so it reads the same in a message and in a caption."""
    header = t.gettext("📣 <b>Announcement from the organisers</b>")
    return f"{header}\n\n{esc(t.typeset(text.strip()))}"


def longest(event: Event, text: str) -> int:
    """The longest this text gets once rendered, whichever language's header it is shown with."""
    return max(
        visible_length(announcement(for_event(event, lang), text)) for lang in event.languages
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
