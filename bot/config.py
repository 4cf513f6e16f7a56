"""Settings from environment variables, read once at start-up (documented in the README)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_EVENT_FILE = Path(__file__).resolve().parent.parent / "events" / "aspnet-lac-2024.yaml"
DEFAULT_API_URL = "https://api.telegram.org"
DEFAULT_DB = "data/bot.sqlite3"
DEFAULT_EMBEDDING_CACHE = "data/embeddings.sqlite3"
# Fan-outs (reminders, announcements) are paced evenly just under Telegram's ~30 messages/s.
DEFAULT_SEND_RATE = 29.0


class ConfigError(ValueError):
    """A setting that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    token: str | None
    api_url: str
    event_file: Path
    db_path: Path
    organiser_ids: frozenset[int]
    send_rate: float = DEFAULT_SEND_RATE
    organisers_chat_id: int | None = None
    embedding_cache: Path = Path(DEFAULT_EMBEDDING_CACHE)
    answer_encoder: bool = True

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        ids: set[int] = set()
        for part in environ.get("ORGANISER_IDS", "").replace(" ", "").split(","):
            if not part:
                continue
            if not part.lstrip("-").isdigit():
                raise ConfigError(f"ORGANISER_IDS: '{part}' is not a Telegram user id")
            ids.add(int(part))
        rate_text = environ.get("SEND_RATE", "").strip()
        try:
            send_rate = float(rate_text) if rate_text else DEFAULT_SEND_RATE
        except ValueError:
            raise ConfigError(f"SEND_RATE: '{rate_text}' is not a number") from None
        if not 0 < send_rate <= 1000:
            raise ConfigError("SEND_RATE: must be between 0 and 1000 messages a second")
        chat_text = environ.get("ORGANISERS_CHAT_ID", "").strip()
        if chat_text and not chat_text.lstrip("-").isdigit():
            raise ConfigError(f"ORGANISERS_CHAT_ID: '{chat_text}' is not a Telegram chat id")
        return cls(
            token=environ.get("TELEGRAM_BOT_TOKEN", "").strip() or None,
            api_url=environ.get("TELEGRAM_API_URL", "").strip().rstrip("/") or DEFAULT_API_URL,
            event_file=Path(environ.get("EVENT_FILE", "").strip() or DEFAULT_EVENT_FILE),
            db_path=Path(environ.get("BOT_DB", "").strip() or DEFAULT_DB),
            organiser_ids=frozenset(ids),
            send_rate=send_rate,
            organisers_chat_id=int(chat_text) if chat_text else None,
            answer_encoder=environ.get("ANSWER_ENCODER", "on").strip().lower()
            not in {"off", "0", "no", "false"},
            embedding_cache=Path(
                environ.get("EMBEDDING_CACHE", "").strip() or DEFAULT_EMBEDDING_CACHE
            ),
        )
