"""The Telegram side of fan-outs: outbox payloads become ``send_message`` calls (``send_photo`` or
``send_document`` when they carry a file_id, the text as caption), and PTB's errors become the
sender's vocabulary (pause, blocked, bad content, retry), so ``bot/sender.py`` can
pace and retry without knowing Telegram.

Use a bot *without* ``AIORateLimiter`` (``fanout_bot``): the application's bot has one with
``max_retries=3``, which would answer 429s itself, release its queue in bursts and hide the
``RetryAfter`` the sender needs to pause everything. The sender is the only pacing for fan-outs.
Its own HTTP pool also keeps a long broadcast from queueing the bot's replies to delegates.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.request import HTTPXRequest

from bot import metrics
from bot.sender import BadContent, Blocked, Payload, RetryLater, Transient, Undeliverable

KNOWN_KEYS = frozenset({"text", "buttons", "silent", "photo", "document"})
OUTCOMES = {Blocked: "blocked", Undeliverable: "undeliverable", BadContent: "bad_content",
            Transient: "transient"}  # fmt: skip


def fanout_bot(token: str, api_url: str = "https://api.telegram.org", *, pool: int = 16) -> Bot:
    """A plain ``Bot`` for the sender (same token as the application, no rate limiter).

    Call ``await bot.initialize()`` before use and ``await bot.shutdown()`` at the end.
    """
    return Bot(
        token,
        base_url=f"{api_url}/bot",
        base_file_url=f"{api_url}/file/bot",
        request=HTTPXRequest(connection_pool_size=pool),
    )


def _keyboard(rows: Any) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b["label"], callback_data=b["data"]) for b in row] for row in rows]
    )


def _seconds(retry_after: int | float | timedelta) -> float:
    """PTB gives an int, or a timedelta with PTB_TIMEDELTA=1 (which the app and tests set)."""
    if isinstance(retry_after, timedelta):
        return retry_after.total_seconds()
    return float(retry_after)


class TelegramTransport:
    """Sends one outbox payload (see ``bot.sender.payload_for``): an HTML text message, or a
    photo or document by file_id with the text as its caption. Every kind maps errors alike."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, payload: Payload) -> None:
        """Send, counting each outcome (``meetingbot_sends_total``) on the way out."""
        outcome = "cancelled"  # unless the send ends any other way below
        try:
            await self._send(chat_id, payload)
            outcome = "sent"
        except RetryLater:
            outcome = "rate_limited"
            metrics.RATE_LIMITED.inc()
            raise
        except (Blocked, Undeliverable, BadContent, Transient) as exc:
            outcome = OUTCOMES[type(exc)]
            raise
        finally:
            metrics.SENDS.labels(outcome=outcome).inc()

    async def _send(self, chat_id: int, payload: Payload) -> None:
        unknown = set(payload) - KNOWN_KEYS
        if unknown:  # planned by a newer bot than this transport: refuse rather than drop it
            raise BadContent(f"unsupported payload keys: {', '.join(sorted(unknown))}")
        if payload.get("photo") and payload.get("document"):
            raise BadContent("a payload carries a photo or a document, not both")
        text = str(payload.get("text") or "")
        markup = _keyboard(payload.get("buttons"))
        silent = bool(payload.get("silent", False))
        try:
            if payload.get("photo"):
                await self.bot.send_photo(
                    chat_id,
                    str(payload["photo"]),
                    caption=text or None,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                    disable_notification=silent,
                )
            elif payload.get("document"):
                await self.bot.send_document(
                    chat_id,
                    str(payload["document"]),
                    caption=text or None,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                    disable_notification=silent,
                )
            else:
                await self.bot.send_message(
                    chat_id,
                    text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                    disable_notification=silent,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
        except RetryAfter as exc:
            raise RetryLater(_seconds(exc.retry_after)) from exc
        except Forbidden as exc:  # blocked, deactivated, or never started the bot
            raise Blocked(exc.message) from exc
        except ChatMigrated as exc:
            raise Undeliverable(f"group moved to chat {exc.new_chat_id}") from exc
        except BadRequest as exc:  # subclasses NetworkError: must come before it
            if "chat not found" in exc.message.lower():
                raise Undeliverable(exc.message) from exc
            raise BadContent(exc.message) from exc
        except (TimedOut, NetworkError) as exc:
            raise Transient(exc.message) from exc
