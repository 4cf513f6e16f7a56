"""Settings for running the bot in production: webhook, health, backups, log format.

Kept apart from ``bot.config.Settings`` (which holds what the bot *does*) because these say how
it is *hosted*; every one has a default that keeps the plain ``python main.py`` unchanged.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.config import ConfigError

DEFAULT_WEBHOOK_PORT = 8443
DEFAULT_BACKUP_EVERY = 6 * 3600.0
DEFAULT_BACKUP_KEEP = 12
DEFAULT_STUCK_AFTER = 60.0
LOG_FORMATS = ("text", "json")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
# Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and - as a webhook secret token.
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def duration(name: str, text: str) -> float:
    """``90``, ``90s``, ``30m``, ``6h`` or ``1d`` in seconds: what reads well in a unit file."""
    match = _DURATION.fullmatch(text.strip().lower())
    if not match or float(match.group(1)) <= 0:
        raise ConfigError(f"{name}: '{text}' is not a duration such as 90s, 30m, 6h or 1d")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def port(name: str, text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 65536:
        raise ConfigError(f"{name}: '{text}' is not a TCP port (1-65535)")
    return int(text)


@dataclass(frozen=True)
class OpsSettings:
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = DEFAULT_WEBHOOK_PORT
    webhook_secret: str | None = None
    health_port: int | None = None
    health_listen: str = "127.0.0.1"
    stuck_after: float = DEFAULT_STUCK_AFTER
    backup_dir: Path | None = None
    backup_every: float = DEFAULT_BACKUP_EVERY
    backup_keep: int = DEFAULT_BACKUP_KEEP
    log_format: str = "text"
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> OpsSettings:
        def get(name: str) -> str:
            return environ.get(name, "").strip()

        secret = get("WEBHOOK_SECRET") or None
        if secret and not _SECRET.fullmatch(secret):
            raise ConfigError("WEBHOOK_SECRET: 1-256 characters among A-Z, a-z, 0-9, _ and -")
        port_name = "WEBHOOK_PORT" if get("WEBHOOK_PORT") else "PORT"
        keep = get("BACKUP_KEEP")
        if keep and (not (keep.isascii() and keep.isdigit()) or int(keep) < 1):
            raise ConfigError(f"BACKUP_KEEP: '{keep}' is not a number of files (1 or more)")
        log_format = get("LOG_FORMAT").lower() or "text"
        if log_format not in LOG_FORMATS:
            raise ConfigError(f"LOG_FORMAT: '{log_format}' is not one of {', '.join(LOG_FORMATS)}")
        log_level = get("LOG_LEVEL").upper() or "INFO"
        if log_level not in LOG_LEVELS:
            raise ConfigError(f"LOG_LEVEL: '{log_level}' is not one of {', '.join(LOG_LEVELS)}")
        url = get("WEBHOOK_URL") or None
        if url and not url.startswith(("https://", "http://")):
            raise ConfigError(f"WEBHOOK_URL: '{url}' is not a URL (Telegram needs https://)")
        return cls(
            webhook_url=url,
            webhook_listen=get("WEBHOOK_LISTEN") or cls.webhook_listen,
            webhook_port=port(port_name, get(port_name)) if get(port_name) else cls.webhook_port,
            webhook_secret=secret,
            health_port=port("HEALTH_PORT", get("HEALTH_PORT")) if get("HEALTH_PORT") else None,
            health_listen=get("HEALTH_LISTEN") or cls.health_listen,
            stuck_after=duration("HEALTH_STUCK_AFTER", get("HEALTH_STUCK_AFTER"))
            if get("HEALTH_STUCK_AFTER")
            else cls.stuck_after,
            backup_dir=Path(get("BACKUP_DIR")) if get("BACKUP_DIR") else None,
            backup_every=duration("BACKUP_EVERY", get("BACKUP_EVERY"))
            if get("BACKUP_EVERY")
            else cls.backup_every,
            backup_keep=int(keep) if keep else cls.backup_keep,
            log_format=log_format,
            log_level=log_level,
        )
