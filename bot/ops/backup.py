"""Backups of the live database with SQLite's online backup API, and a guarded restore.

``sqlite3.Connection.backup`` copies a consistent snapshot while the bot keeps writing (WAL lets
the copy read while the bot writes), so a backup never needs the bot stopped. A restore is the
opposite: it must not happen under a running bot, which would go on with its own pages. The
running bot holds an exclusive ``flock`` on ``<database>.lock`` for its whole life; the kernel
drops it when the process dies, even by SIGKILL, so a crash never leaves a stale lock behind
(a pid file would).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.storage import MIGRATIONS

BACKUP_PATTERN = "bot-*.sqlite3"


class BotRunning(RuntimeError):
    """Another process (the bot) holds the database's instance lock."""


class InvalidBackup(ValueError):
    """A file that cannot replace the database; the message says why."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextlib.contextmanager
def instance_lock(db_path: Path) -> Iterator[None]:
    """Hold the database for this process: the bot while it runs, a restore while it copies."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(db_path), "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            raise BotRunning(f"{db_path} is in use by process {holder}") from None
        lock.truncate(0)
        lock.write(str(os.getpid()))
        lock.flush()
        try:
            yield
        finally:
            lock.truncate(0)
            fcntl.flock(lock, fcntl.LOCK_UN)


def backup_file_name(now: datetime | None = None) -> str:
    """Sortable by name, so the oldest is the first to go when only the last N are kept."""
    return f"bot-{(now or datetime.now(UTC)):%Y%m%dT%H%M%S%fZ}.sqlite3"


def backup_database(db_path: Path, target: Path) -> Path:
    """Copy the live database to ``target`` atomically: a reader never finds half a backup."""
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    source = sqlite3.connect(db_path)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)  # all pages in one step: one consistent snapshot
        finally:
            copy.close()
    finally:
        source.close()
    os.replace(partial, target)
    return target


def scheduled_backup(db_path: Path, directory: Path, keep: int) -> Path:
    """One backup into ``directory``, then only the newest ``keep`` backups stay."""
    target = backup_database(db_path, directory / backup_file_name())
    for old in sorted(directory.glob(BACKUP_PATTERN))[:-keep]:
        old.unlink(missing_ok=True)
    return target


def schema_version(path: Path) -> int:
    """The schema version of a backup, refused unless this code can run on it."""
    if not path.is_file():
        raise InvalidBackup(f"{path}: no such file")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if connection.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise InvalidBackup(f"{path}: the database is damaged")
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise InvalidBackup(f"{path}: not a SQLite database ({exc})") from None
    if version == 0 or "delegates" not in tables:
        raise InvalidBackup(f"{path}: not a database of this bot")
    if version > len(MIGRATIONS):
        raise InvalidBackup(
            f"{path}: schema version {version} is newer than this code's "
            f"({len(MIGRATIONS)}): restore it with the version of the bot that wrote it"
        )
    return version


@dataclass(frozen=True)
class Kept:
    """Where the replaced database was put aside, and whether only as raw bytes."""

    path: Path
    raw: bool


def restore(backup: Path, db_path: Path) -> Kept | None:
    """Replace the database with ``backup``; returns where the replaced one was kept, if any.

    Refuses (``BotRunning``) while the bot runs and (``InvalidBackup``) a file this code cannot
    use, before touching anything. The copy goes through the backup API into the database
    itself, so a WAL file left by a crash cannot replay old pages over the restored ones.
    An older schema is fine: the bot migrates it at start-up.

    A damaged database is the usual reason to restore, and SQLite cannot copy it: its bytes
    (and those of its WAL) are kept aside as they are, then it is removed with its WAL and
    shared-memory files, so nothing of it is replayed into the restored one.
    """
    with instance_lock(db_path):
        schema_version(backup)
        if db_path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a database file", db_path)
        kept = None
        if db_path.exists():
            aside = db_path.with_name(f"{db_path.name}.before-restore-{backup_file_name()}")
            try:
                kept = Kept(backup_database(db_path, aside), raw=False)
            except sqlite3.DatabaseError:
                kept = Kept(_keep_damaged(db_path, aside), raw=True)
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(db_path)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        return kept


def _keep_damaged(db_path: Path, aside: Path) -> Path:
    """Copy a database SQLite cannot read to ``aside`` byte for byte, then remove it."""
    aside.with_name(aside.name + ".partial").unlink(missing_ok=True)
    for suffix in ("", "-wal"):
        if Path(f"{db_path}{suffix}").exists():
            shutil.copyfile(f"{db_path}{suffix}", f"{aside}{suffix}")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    return aside
