"""``python main.py health | backup | restore``: the technician's commands, kept out of main.py."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from bot.config import Settings
from bot.ops import backup, health
from bot.ops.config import OpsSettings

EXIT_UNHEALTHY = 1
EXIT_REFUSED = 2
DEFAULT_BACKUP_DIR = "backups"


def health_command(args: argparse.Namespace, settings: Settings, ops: OpsSettings) -> int:
    if ops.health_port is None:
        print("HEALTH_PORT is not set: the bot serves no health endpoint", file=sys.stderr)
        return EXIT_REFUSED
    healthy, body = health.fetch(ops.health_listen, ops.health_port)
    print(body)
    return 0 if healthy else EXIT_UNHEALTHY


def backup_command(args: argparse.Namespace, settings: Settings, ops: OpsSettings) -> int:
    directory = ops.backup_dir or settings.db_path.parent / DEFAULT_BACKUP_DIR
    target = Path(args.file) if args.file else directory / backup.backup_file_name()
    try:
        backup.backup_database(settings.db_path, target)
    except (OSError, sqlite3.Error) as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(target)
    return 0


def restore_command(args: argparse.Namespace, settings: Settings, ops: OpsSettings) -> int:
    try:
        kept = backup.restore(Path(args.file), settings.db_path)
    except backup.BotRunning as exc:
        print(f"refused: the bot is running ({exc}); stop it first", file=sys.stderr)
        return EXIT_REFUSED
    except backup.InvalidBackup as exc:
        print(f"refused: {exc}; nothing was changed", file=sys.stderr)
        return EXIT_REFUSED
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"restore failed: {settings.db_path}: {reason}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"restored {args.file} into {settings.db_path}")
    if kept and kept.raw:
        print(
            f"the replaced database could not be read by SQLite (damaged): "
            f"its bytes are kept as they were in {kept.path}"
        )
    elif kept:
        print(f"the replaced database is kept as {kept.path}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings, OpsSettings], int]] = {
    "health": health_command,
    "backup": backup_command,
    "restore": restore_command,
}
