"""Settings from environment variables, read once at start-up (documented in the README)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_EVENT_FILE = Path(__file__).resolve().parent.parent / "events" / "aspnet-lac-2024.yaml"
DEFAULT_API_URL = "https://api.telegram.org"
DEFAULT_DB = "data/bot.sqlite3"
DEFAULT_EMBEDDING_CACHE = "data/embeddings.sqlite3"
ENCODER_ON = frozenset({"on", "1", "yes", "true"})
ENCODER_OFF = frozenset({"off", "0", "no", "false"})
# Everything the bot sends is paced evenly just under Telegram's ~30 messages/s.
DEFAULT_SEND_RATE = 29.0
TELEGRAM_RATE_LIMIT = 30.0  # a faster pace only earns 429s, and repeated ones a longer ban


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
    # Seconds between two messages to one chat: Telegram allows about one a second, and 5% more
    # absorbs network jitter between two requests. Not an environment setting: tests that do
    # not measure spacing shorten it.
    chat_interval: float = 1.05
    group_per_minute: int = 20  # Telegram's limit for messages to one group
    # Idle seconds after which a conversation ends (the user is told): the hand-off question,
    # and an organiser's announcement draft. Not environment settings: tests shorten them.
    handoff_idle: float = 600.0
    draft_idle: float = 1800.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        rate_text = environ.get("SEND_RATE", "").strip()
        try:
            send_rate = float(rate_text) if rate_text else DEFAULT_SEND_RATE
        except ValueError:
            raise ConfigError(f"SEND_RATE: '{rate_text}' is not a number") from None
        if not 0 < send_rate <= TELEGRAM_RATE_LIMIT:
            raise ConfigError(
                f"SEND_RATE: {rate_text} is not between 0 and {TELEGRAM_RATE_LIMIT:g} messages a "
                "second (Telegram's limit for a bot; every message the bot sends shares it)"
            )
        chat_text = environ.get("ORGANISERS_CHAT_ID", "").strip()
        if chat_text and not re.fullmatch(r"-?[0-9]+", chat_text):
            raise ConfigError(f"ORGANISERS_CHAT_ID: '{chat_text}' is not a Telegram chat id")
        api_url = environ.get("TELEGRAM_API_URL", "").strip().rstrip("/") or DEFAULT_API_URL
        if not re.match(r"https?://[^/\s]", api_url):
            raise ConfigError(f"TELEGRAM_API_URL: '{api_url}' is not an http(s):// address")
        encoder_text = environ.get("ANSWER_ENCODER", "on").strip().lower() or "on"
        if encoder_text not in ENCODER_ON | ENCODER_OFF:
            raise ConfigError(f"ANSWER_ENCODER: '{encoder_text}' is neither on nor off")
        return cls(
            token=environ.get("TELEGRAM_BOT_TOKEN", "").strip() or None,
            api_url=api_url,
            event_file=Path(environ.get("EVENT_FILE", "").strip() or DEFAULT_EVENT_FILE),
            db_path=Path(environ.get("BOT_DB", "").strip() or DEFAULT_DB),
            organiser_ids=organiser_ids(environ.get("ORGANISER_IDS", "")),
            send_rate=send_rate,
            organisers_chat_id=int(chat_text) if chat_text else None,
            answer_encoder=encoder_text in ENCODER_ON,
            embedding_cache=Path(
                environ.get("EMBEDDING_CACHE", "").strip() or DEFAULT_EMBEDDING_CACHE
            ),
        )


def organiser_ids(text: str) -> frozenset[int]:
    """Comma-separated positive user ids; spaces, tabs and a CRLF file's CR are trimmed.

    Strict because a mistake here is a privilege: a group id (negative) is not a person, and
    ``int()`` alone would accept "+5", "5_0" or non-ASCII digits.
    """
    ids: set[int] = set()
    for raw in text.split(","):
        part = raw.strip()
        if not part:
            continue
        if not (part.isascii() and part.isdigit() and int(part) > 0):
            raise ConfigError(
                f"ORGANISER_IDS: {part!r} is not a Telegram user id "
                "(a positive number; group ids are negative)"
            )
        ids.add(int(part))
    return frozenset(ids)
