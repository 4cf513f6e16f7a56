"""The Telegram side of sending, around the bot's one ``SendBudget`` (``bot/fanout/budget.py``).

- ``PacedRequest`` is the application bot's HTTP transport: every message it sends or edits
  (replies, screen edits, hand-off posts, progress messages) first gets an ``INTERACTIVE`` turn
  from the budget, and a 429 pauses the whole budget before the request is tried again.
- ``TelegramTransport`` turns outbox payloads into ``send_message`` calls (``send_photo`` or
  ``send_document`` when they carry a file_id, the text as caption), and PTB's errors into the
  sender's vocabulary (pause, blocked, bad content, retry), so ``bot/fanout/sender.py`` can pace and
  retry fan-outs without knowing Telegram. Its bot (``fanout_bot``) is unpaced on its own: the
  sender takes a ``BULK`` turn from the same budget before each request. Its own HTTP pool
  keeps a long broadcast from queueing the bot's replies to delegates.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram._utils.types import ODVInput
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.fanout.budget import Priority, SendBudget
from bot.fanout.sender import (
    BadContent,
    Blocked,
    OutcomeUnknown,
    Payload,
    RetryLater,
    Transient,
    Undeliverable,
)
from bot.ops import metrics

KNOWN_KEYS = frozenset({"text", "buttons", "silent", "photo", "document"})
OUTCOMES = {Blocked: "blocked", Undeliverable: "undeliverable", BadContent: "bad_content",
            Transient: "transient", OutcomeUnknown: "unknown"}  # fmt: skip
# A 400 stops a whole fan-out only when it is about the message itself (every recipient would get
# the same answer); anything else (a chat's rights, a moved group, an error Telegram adds one day)
# fails that recipient alone. Lowercase fragments of Telegram's descriptions.
CONTENT_ERRORS = (
    "message is too long",
    "message text is empty",
    "text must be non-empty",
    "caption is too long",
    "can't parse",
    "unsupported parse_mode",
    "entities",
    "button_data_invalid",
    "button_url_invalid",
    "reply markup is too long",
    "buttons are unallowed",
    "wrong file identifier",
    "wrong remote file identifier",
    "wrong type of the web page content",
    "failed to get http url content",
    "file must be non-empty",
    "photo_invalid_dimensions",
    "media_caption_too_long",
)


# An edit that fails with these leaves the message where it is; a new message is sent instead.
# A button pressed on one of the bot's messages without text (the venue's map pin, the calendar
# file) can only be a forged one, but its screen is still owed: "no text in the message".
EDIT_REFUSED = ("not found", "can't be edited", "no text in the message")


def is_content_error(description: str) -> bool:
    lowered = description.lower()
    return any(fragment in lowered for fragment in CONTENT_ERRORS)


def not_modified(exc: BadRequest) -> bool:
    """The edit would leave the message as it is (a button pressed twice): nothing to do."""
    return "not modified" in exc.message.lower()


def cannot_edit(exc: BadRequest) -> bool:
    """The message to edit was deleted or is too old to edit: only a new message can show it."""
    lowered = exc.message.lower()
    return any(fragment in lowered for fragment in EDIT_REFUSED)


def never_left(exc: BaseException) -> bool:
    """Whether a network error happened before the request reached the server: a refused or
    timed-out connection, or no free connection in the pool. Only then is a retry safe;
    after that (a read timeout, a dropped connection) Telegram may have delivered it."""
    cause = exc.__cause__
    return isinstance(cause, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


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


PACED_METHODS = ("send", "edit", "copy", "forward")  # what Telegram counts as messages
UNPACED_METHODS = frozenset({"sendchataction"})
RETRIES_AFTER_429 = 3


def paced(url: str) -> bool:
    method = url.rsplit("/", 1)[-1].lower()
    return method.startswith(PACED_METHODS) and method not in UNPACED_METHODS


def _chat_of(request_data: RequestData | None) -> int | None:
    if request_data is None:
        return None
    chat = request_data.parameters.get("chat_id")
    if isinstance(chat, int):
        return chat
    try:
        return int(str(chat))
    except ValueError:
        return None  # an @username: paced overall, not per chat


def _retry_after(payload: bytes) -> float:
    try:
        parameters = json.loads(payload).get("parameters") or {}
        return float(parameters.get("retry_after", 1))
    except (ValueError, AttributeError, TypeError):
        return 1.0


class PacedRequest(BaseRequest):
    """Another ``BaseRequest`` (HTTPX) whose message-sending calls wait for a budget turn.

    Pacing at the transport means no handler can forget it, and python-telegram-bot's own
    retry and error handling stay as they are. A 429 pauses the shared budget (fan-outs
    included) and the request waits its turn again, up to ``RETRIES_AFTER_429`` times; then
    PTB raises ``RetryAfter`` to the handler as usual.
    """

    def __init__(self, inner: BaseRequest, budget: SendBudget, priority: Priority) -> None:
        self.inner = inner
        self.budget = budget
        self.priority = priority

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        chat = _chat_of(request_data) if paced(url) else None
        for attempt in range(RETRIES_AFTER_429 + 1):
            if paced(url):
                await self.budget.acquire(chat, self.priority)
            code, payload = await self.inner.do_request(
                url, method, request_data, read_timeout, write_timeout, connect_timeout,
                pool_timeout,
            )  # fmt: skip
            if code != HTTP_TOO_MANY_REQUESTS:
                break
            self.budget.pause(_retry_after(payload))
            if attempt == RETRIES_AFTER_429:
                break
        return code, payload


HTTP_TOO_MANY_REQUESTS = 429


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
    """Sends one outbox payload (see ``bot.fanout.sender.payload_for``): an HTML text message, or a
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
        except (Blocked, Undeliverable, BadContent, Transient, OutcomeUnknown) as exc:
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
            if is_content_error(exc.message):
                raise BadContent(exc.message) from exc
            raise Undeliverable(exc.message) from exc
        except (TimedOut, NetworkError) as exc:
            if never_left(exc) or exc.__cause__ is None:  # no cause: the server answered 5xx
                raise Transient(exc.message) from exc
            raise OutcomeUnknown(exc.message) from exc
