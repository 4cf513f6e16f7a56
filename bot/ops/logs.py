"""Log lines as JSON objects, one per line, for a log shipper (``LOG_FORMAT=json``).

Each line has time, level, logger and message, plus the context of the work in hand: the update
id, the chat (hashed: a log store must not become a list of who talked to the bot) and the job.
The token is redacted here itself, in the message and the traceback, so a JSON line is safe
whatever filters the handlers carry.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

CONTEXT_FIELDS = ("update_id", "chat_id", "job")
_context: ContextVar[dict[str, Any] | None] = ContextVar("log_context", default=None)


def bind(**fields: Any) -> None:
    """Fields for every log line of the current task from now on (an update, a job).

    Set anew for each update, so a value never outlives the update it belongs to.
    """
    _context.set({key: value for key, value in fields.items() if value is not None})


class JsonFormatter(logging.Formatter):
    def __init__(self, token: str | None) -> None:
        super().__init__()
        # Telegram URLs may carry the token percent-encoded (":" as %3A): redact both spellings.
        self._secrets = [s for s in {token, quote(token or "", safe="")} if s]
        # Keyed by the token: chats hash alike across restarts, yet no one without the token
        # can test a known chat id against the logs.
        self._key = (token or secrets.token_hex(16)).encode()

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "<token>")
        return text

    def chat_hash(self, chat_id: Any) -> str:
        return hmac.new(self._key, str(chat_id).encode(), hashlib.sha256).hexdigest()[:16]

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": self.redact(record.getMessage()),
        }
        fields = dict(_context.get() or {})
        fields.update({k: getattr(record, k) for k in CONTEXT_FIELDS if hasattr(record, k)})
        if "chat_id" in fields:
            line["chat"] = self.chat_hash(fields.pop("chat_id"))
        line.update({k: self.redact(v) if isinstance(v, str) else v for k, v in fields.items()})
        if record.exc_info:
            line["exception"] = self.redact(self.formatException(record.exc_info))
        elif record.exc_text:  # formatted already, by the token filter the bot's handlers carry
            line["exception"] = self.redact(record.exc_text)
        if record.stack_info:
            line["stack"] = self.redact(self.formatStack(record.stack_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def use_json(token: str | None) -> None:
    """Every handler of the root logger writes JSON lines from now on."""
    for handler in logging.getLogger().handlers:
        handler.setFormatter(JsonFormatter(token))
