"""Questions handed to a human: the store, what each side sees, and the FAQ drafted from them.

When the bot has to say "I don't know", a delegate can hand the question to the organisers;
an organiser answers by replying in Telegram and the bot delivers the answer. Only what the
exchange needs is stored: the delegate's user id (to deliver the answer), their language, the
question, the answer, the times, and which organiser message carries the question. The
delegate's name is shown to the organisers but never stored. ``/forget`` deletes it all.

One row of ``handoffs`` is one posting of a question: in the organisers' group there is one;
without a group each organiser gets their own copy, each its own row, so that a reply to any
copy is found by (chat, message) alone with the index migration 5 created.

An answer worth keeping becomes a pending FAQ entry (``faq_pending``, without any user id),
exported as YAML in the event file's ``faq`` format for the organisers to paste and complete.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, timedelta
from enum import StrEnum
from typing import Any

import aiosqlite
import yaml

from bot.clock import Clock, stamp, system_clock
from bot.event import Event
from bot.i18n import Translator
from bot.storage import transaction
from bot.ui import callbacks
from bot.ui.views import Button, Reply, contacts, esc, main_menu

# A question fits in one organiser message with room to spare, and reads as one question.
QUESTION_LIMIT = 1000
# One delegate may not flood the organisers: questions still waiting for an answer, and
# questions in the last 24 hours (a question posted to several organisers counts once).
OPEN_LIMIT = 5
DAILY_LIMIT = 10
SLUG_BASE_LIMIT = 40  # leaves room for "-2", "-3"… under the loader's 48 characters
_COLUMNS = "id, user_id, language, question, asked_at, answer, answered_at"


class Limit(StrEnum):
    """Which limit a delegate reached (OPEN_LIMIT questions waiting, or DAILY_LIMIT a day)."""

    OPEN = "open"
    DAILY = "daily"


class FaqOutcome(StrEnum):
    """What "Make it an FAQ" did to the pending list."""

    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Handoff:
    id: int
    user_id: int
    language: str
    question: str
    asked_at: str
    answer: str | None = None
    answered_at: str | None = None


@dataclass(frozen=True)
class PendingFaq:
    id: int
    language: str
    question: str
    answer: str


def _handoff(row: Sequence[Any]) -> Handoff:
    return Handoff(int(row[0]), int(row[1]), str(row[2]), str(row[3]), str(row[4]), row[5], row[6])


class HandoffStore:
    """Hand-offs and pending FAQ entries, on the bot's shared SQLite connection."""

    def __init__(self, connection: aiosqlite.Connection, clock: Clock = system_clock) -> None:
        self.clock = clock
        self._db = connection

    async def create(self, user_id: int, language: str, question: str) -> Handoff:
        """A posting about to be sent: its id goes into the organisers' "Make it an FAQ"."""
        asked_at = stamp(self.clock)
        async with transaction(self._db) as db:
            cursor = await db.execute(
                "INSERT INTO handoffs (user_id, language, question, asked_at) VALUES (?, ?, ?, ?)",
                (user_id, language, question, asked_at),
            )
        assert cursor.lastrowid is not None
        return Handoff(cursor.lastrowid, user_id, language, question, asked_at)

    async def limit_reached(self, user_id: int) -> tuple[Limit, int] | None:
        """The limit this delegate reached, with its size, when they may not ask now."""
        since = (self.clock().astimezone(UTC) - timedelta(days=1)).isoformat(timespec="seconds")
        rows = await self._db.execute_fetchall(
            "SELECT COUNT(DISTINCT CASE WHEN answered = 0 THEN question END),"
            " COUNT(DISTINCT CASE WHEN asked_at >= ? THEN question END)"
            " FROM (SELECT question, MAX(asked_at) AS asked_at,"
            "              MAX(answer IS NOT NULL) AS answered"
            "       FROM handoffs WHERE user_id = ? GROUP BY question)",
            (since, user_id),
        )
        waiting, today = rows[0] if rows else (0, 0)
        if waiting >= OPEN_LIMIT:
            return (Limit.OPEN, OPEN_LIMIT)
        if today >= DAILY_LIMIT:
            return (Limit.DAILY, DAILY_LIMIT)
        return None

    async def posted(self, handoff_id: int, chat_id: int, message_id: int) -> None:
        """Where the question landed: a reply to that message is the answer."""
        async with transaction(self._db) as db:
            await db.execute(
                "UPDATE handoffs SET organiser_chat = ?, organiser_message = ? WHERE id = ?",
                (chat_id, message_id, handoff_id),
            )

    async def drop(self, handoff_id: int) -> None:
        """A posting that never reached anyone is not kept."""
        async with transaction(self._db) as db:
            await db.execute("DELETE FROM handoffs WHERE id = ?", (handoff_id,))

    async def get(self, handoff_id: int) -> Handoff | None:
        async with self._db.execute(
            f"SELECT {_COLUMNS} FROM handoffs WHERE id = ?", (handoff_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _handoff(row) if row else None

    async def find(self, chat_id: int, message_id: int) -> Handoff | None:
        """The hand-off an organiser replied to, from the chat and the replied message."""
        async with self._db.execute(
            f"SELECT {_COLUMNS} FROM handoffs WHERE organiser_chat = ? AND organiser_message = ?",
            (chat_id, message_id),
        ) as cursor:
            row = await cursor.fetchone()
        return _handoff(row) if row else None

    async def answered(self, handoff_id: int, answer: str) -> Handoff | None:
        """Keep the latest answer: it is what "Make it an FAQ" drafts the entry from."""
        async with transaction(self._db) as db:
            await db.execute(
                "UPDATE handoffs SET answer = ?, answered_at = ? WHERE id = ?",
                (answer, stamp(self.clock), handoff_id),
            )
        return await self.get(handoff_id)

    async def of_user(self, user_id: int) -> list[Handoff]:
        async with self._db.execute(
            f"SELECT {_COLUMNS} FROM handoffs WHERE user_id = ? ORDER BY id", (user_id,)
        ) as cursor:
            rows = await cursor.fetchall()
        return [_handoff(r) for r in rows]

    async def postings(self, user_id: int) -> list[tuple[int, int]]:
        """(chat, message) of every posting of this delegate's questions: /forget deletes them
        from the organisers' chats too, since they carry the delegate's name and words."""
        rows = await self._db.execute_fetchall(
            "SELECT organiser_chat, organiser_message FROM handoffs"
            " WHERE user_id = ? AND organiser_message IS NOT NULL ORDER BY id",
            (user_id,),
        )
        return [(int(chat), int(message)) for chat, message in rows]

    async def forget(self, user_id: int) -> int:
        """Delete a delegate's hand-offs; returns how many.

        FAQ entries an organiser drafted from them stay (they are the organisers' work and hold
        no user id) but lose their link to the deleted hand-off.
        """
        async with transaction(self._db) as db:
            await db.execute(
                "UPDATE faq_pending SET handoff_id = NULL"
                " WHERE handoff_id IN (SELECT id FROM handoffs WHERE user_id = ?)",
                (user_id,),
            )
            cursor = await db.execute("DELETE FROM handoffs WHERE user_id = ?", (user_id,))
        return cursor.rowcount

    async def add_faq(self, handoff: Handoff) -> tuple[FaqOutcome, int]:
        """Put an answered hand-off on the pending FAQ list: what it did, and the list's
        size. A hand-off already on it takes its latest answer (an
        organiser who corrected an answer wants the correction), and the same question and
        answer twice make one entry, so a second press changes nothing."""
        assert handoff.answer is not None, "only an answered question makes an FAQ entry"
        async with transaction(self._db) as db:
            async with db.execute(
                "SELECT id, answer FROM faq_pending WHERE handoff_id = ?"
                " OR (language = ? AND question = ? AND answer = ?) ORDER BY id LIMIT 1",
                (handoff.id, handoff.language, handoff.question, handoff.answer),
            ) as cursor:
                row = await cursor.fetchone()
            if row is not None and row[1] == handoff.answer:
                outcome = FaqOutcome.UNCHANGED
            elif row is not None:
                outcome = FaqOutcome.UPDATED
                await db.execute(
                    "UPDATE faq_pending SET answer = ? WHERE id = ?", (handoff.answer, row[0])
                )
            else:
                outcome = FaqOutcome.ADDED
                await db.execute(
                    "INSERT INTO faq_pending (handoff_id, language, question, answer, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        handoff.id,
                        handoff.language,
                        handoff.question,
                        handoff.answer,
                        stamp(self.clock),
                    ),
                )
        return outcome, len(await self.pending_faq())

    async def pending_faq(self) -> list[PendingFaq]:
        async with self._db.execute(
            "SELECT id, language, question, answer FROM faq_pending ORDER BY id"
        ) as cursor:
            rows = await cursor.fetchall()
        return [PendingFaq(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


# ---- the delegate's side ---------------------------------------------------------------------


def ask_prompt(t: Translator, offered: str | None) -> Reply:
    """Ask for the question; the one the bot could not answer is offered, to send as it is."""
    cancel = Button(t.gettext("Cancel"), callbacks.ASK_CANCEL)
    if offered is None:
        text = t.gettext(
            "🙋 Write your question for the organisers in one message. "
            "Their answer will come here. Send /cancel to stop."
        )
        return Reply(text, ((cancel,),))
    text = t.gettext(
        "🙋 Should I send this question to the organisers?\n\n<i>{question}</i>\n\n"
        "Or write it again in your own words. Send /cancel to stop."
    ).format(question=esc(offered))
    return Reply(text, ((Button(t.gettext("📨 Send it"), callbacks.ASK_SEND), cancel),))


def ask_in_private(t: Translator) -> str:
    """An alert (at most 200 characters): groups are no place for a question to a person."""
    return t.gettext("Write to me in a private chat to ask the organisers.")


def nobody_to_ask(t: Translator) -> str:
    return t.gettext("The organisers cannot be reached through me. Please use the contacts above.")


def too_many(event: Event, t: Translator, kind: Limit, limit: int) -> Reply:
    """The delegate reached a limit (see OPEN_LIMIT, DAILY_LIMIT): why, and who else to ask."""
    if kind is Limit.OPEN:
        text = t.ngettext(
            "You already have {count} question waiting for the organisers' answer. Please wait "
            "for their answer before asking another, or contact them directly:",
            "You already have {count} questions waiting for the organisers' answers. Please "
            "wait for their answers before asking more, or contact them directly:",
            limit,
        )
    else:
        text = t.ngettext(
            "You have sent {count} question to the organisers today, the most I can pass on "
            "in a day. Please contact them directly:",
            "You have sent {count} questions to the organisers today, the most I can pass on "
            "in a day. Please contact them directly:",
            limit,
        )
    return Reply("\n".join([text.format(count=limit), *contacts(event, t)]), main_menu(t))


def question_too_long(t: Translator) -> Reply:
    return Reply(
        t.gettext("Please keep your question under {limit} characters.").format(
            limit=QUESTION_LIMIT
        )
    )


def sent(t: Translator) -> Reply:
    return Reply(
        t.gettext("✅ Sent to the organisers. Their answer will come here, in this chat."),
        main_menu(t),
    )


def unreachable(event: Event, t: Translator) -> Reply:
    lines = [t.gettext("Sorry, I could not reach the organisers. Please contact them directly.")]
    lines += contacts(event, t)
    return Reply("\n".join(lines), main_menu(t))


def timed_out(t: Translator) -> Reply:
    return Reply(
        t.gettext(
            "⌛ Your question for the organisers was not sent: I waited too long for it. "
            "Press 🙋 Ask the organisers again when you are ready."
        ),
        main_menu(t),
    )


def cancelled(t: Translator) -> Reply:
    return Reply(t.gettext("Cancelled: nothing was sent."), main_menu(t))


def delivery(t: Translator, handoff: Handoff, answer: str) -> str:
    """The answer as the delegate receives it, in plain text: the organiser's words verbatim."""
    return t.gettext(
        "💬 Answer from the organisers:\n{answer}\n\n(Your question: {question})"
    ).format(answer=answer, question=handoff.question)


# ---- the organisers' side --------------------------------------------------------------------


def organiser_post(t: Translator, handoff: Handoff, name: str) -> Reply:
    """The question in the organisers' chat; a reply to it is the answer."""
    text = t.gettext(
        "❓ Question from <b>{name}</b> ({language}):\n{question}\n\n"
        "<i>Reply to this message to answer.</i>"
    ).format(
        name=esc(name),
        language=esc(t.language_name(handoff.language)),
        question=esc(handoff.question),
    )
    button = Button(t.gettext("➕ Make it an FAQ"), callbacks.handoff_faq(handoff.id))
    return Reply(text, ((button,),))


def delivered(t: Translator, name: str) -> str:
    return t.gettext("✅ Sent to {name}.").format(name=esc(name))


def undeliverable(t: Translator) -> str:
    return t.gettext("⚠️ The answer could not be delivered: the delegate has blocked the bot.")


def withdrawn(t: Translator) -> str:
    return t.gettext("This question is no longer available: the delegate deleted their data.")


def faq_needs_answer(t: Translator) -> str:
    return t.gettext("Answer the question first (reply to it), then make it an FAQ.")


def faq_added(t: Translator, count: int) -> str:
    return t.gettext("Added to the pending FAQ list ({count}).").format(count=count)


def faq_already(t: Translator) -> str:
    return t.gettext("This answer is already in the pending FAQ list.")


def faq_updated(t: Translator, count: int) -> str:
    return t.gettext("Updated with the latest answer in the pending FAQ list ({count}).").format(
        count=count
    )


def faq_none(t: Translator) -> str:
    return t.gettext(
        "No pending FAQ entries yet: press “➕ Make it an FAQ” on an answered question."
    )


def faq_export_caption(t: Translator, count: int) -> str:
    return t.ngettext(
        "{count} FAQ entry drafted from your answers: paste it under faq: in the event file.",
        "{count} FAQ entries drafted from your answers: paste them under faq: in the event file.",
        count,
    ).format(count=count)


def faq_export_header(t: Translator) -> str:
    return t.gettext(
        "Drafted from the organisers' answers. Paste under faq: in the event file, "
        "add the other languages, then run: python main.py check"
    )


# ---- the export ------------------------------------------------------------------------------


def slug(text: str, taken: Collection[str] = ()) -> str:
    """An FAQ id from a question: ASCII words joined by '-', unique among ``taken``.

    It satisfies the loader's slug rule (a-z 0-9 -, at most 48 characters) so the exported
    entry loads as it is; a question with no Latin letters at all becomes "question".
    """
    folded = unicodedata.normalize("NFKD", text.lower())
    words = re.findall(r"[a-z0-9]+", "".join(c for c in folded if not unicodedata.combining(c)))
    base = ""
    for word in words:
        candidate = f"{base}-{word}" if base else word
        if len(candidate) > SLUG_BASE_LIMIT:
            break
        base = candidate
    base = base or (words[0][:SLUG_BASE_LIMIT] if words else "") or "question"
    result, number = base, 1
    while result in taken:
        number += 1
        result = f"{base}-{number}"
    return result


class _Dumper(yaml.SafeDumper):
    """Writes multi-line answers as literal blocks, the way organisers write them by hand."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    )


_Dumper.add_representer(str, _text)


def faq_yaml(entries: Sequence[PendingFaq], taken: Collection[str], header: str = "") -> str:
    """The pending entries as event-file ``faq`` items, ids unique against ``taken``."""
    used = set(taken)
    items = []
    for entry in entries:
        faq_id = slug(entry.question, used)
        used.add(faq_id)
        items.append(
            {
                "id": faq_id,
                "questions": {entry.language: [entry.question]},
                "answer": {entry.language: entry.answer},
            }
        )
    body = yaml.dump(
        items, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2
    )
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + body
