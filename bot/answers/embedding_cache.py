"""Passage vectors kept on disk, so a restart or a /reload embeds only new or changed texts.

Embedding every FAQ phrasing, answer and session of an event costs seconds; most of it is the
same text as last time. Vectors are stored in a small SQLite file of their own (a cache: it can
be deleted at any time, holds nothing about delegates, and needs no backup), keyed by the
model id, the role (query or passage prefix) and a hash of the text. A vector written by another
model has another key, so it is never read back for this one.

A cache file that cannot be opened (a corrupt file, a read-only folder) is reported in one line
and replaced by one in memory, for this run: a cache must never stop the bot from answering.
Plain ``sqlite3``, not aiosqlite: the index is built in a worker thread, away from the event loop.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.answers.encoder import BATCH, DIMENSIONS, Encoder

log = logging.getLogger(__name__)

PROGRESS_EVERY_S = 5.0  # a cold index of a large event takes a minute: say how far it is
READ_AT_ONCE = 500  # digests one query asks for: under the 999 variables of older SQLite builds


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors by (model id, role, text hash); ``path=None`` keeps them in memory only."""

    def __init__(self, path: Path | None) -> None:
        self._connection = self._open(path)

    @classmethod
    def _open(cls, path: Path | None) -> sqlite3.Connection:
        """A file that cannot serve falls back to memory, which still spares a /reload the
        texts this run has embedded: only a restart starts cold."""
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                return cls._with_table(sqlite3.connect(path, check_same_thread=False, timeout=5))
            except (sqlite3.Error, OSError) as error:
                log.warning(
                    "answers: embedding cache %s unusable (%s); kept in memory", path, error
                )
        return cls._with_table(sqlite3.connect(":memory:", check_same_thread=False))

    @staticmethod
    def _with_table(connection: sqlite3.Connection) -> sqlite3.Connection:
        with connection:  # its own file and connection, not the bot's shared one
            connection.execute(
                "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL,"
                " role TEXT NOT NULL, digest TEXT NOT NULL, vector BLOB NOT NULL,"
                " PRIMARY KEY (model, role, digest))"
            )
        return connection

    def embed(self, encoder: Encoder, texts: Sequence[str], *, query: bool) -> np.ndarray:
        """One unit vector per text, in order: cached ones read, the others embedded and kept."""
        role = "query" if query else "passage"
        digests = [_digest(t) for t in texts]
        found = self._read(encoder.model_id, role, set(digests))
        missing = sorted(
            {d: t for d, t in zip(digests, texts, strict=True) if d not in found}.items()
        )
        if missing:
            found.update(self._embed_missing(encoder, role, missing, query=query))
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([found[d] for d in digests])

    def _read(self, model: str, role: str, digests: set[str]) -> dict[str, np.ndarray]:
        """The asked texts' vectors only, a few hundred digests a query: the cache keeps every
        text the event ever had (and, on a machine that runs the benchmark, every meeting's),
        and reading all of its rows took the bot to 300 MB at start-up with 110 MB cached."""
        found: dict[str, np.ndarray] = {}
        asked = sorted(digests)
        try:
            for first in range(0, len(asked), READ_AT_ONCE):
                chunk = asked[first : first + READ_AT_ONCE]
                rows = self._connection.execute(
                    "SELECT digest, vector FROM vectors WHERE model = ? AND role = ?"
                    f" AND digest IN ({', '.join('?' * len(chunk))})",
                    (model, role, *chunk),
                )
                for digest, blob in rows:
                    if len(blob) == DIMENSIONS * 4:
                        found[digest] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.Error as error:
            log.warning("answers: embedding cache unreadable (%s); embedding afresh", error)
            return {}
        return found

    def _embed_missing(
        self, encoder: Encoder, role: str, missing: list[tuple[str, str]], *, query: bool
    ) -> dict[str, np.ndarray]:
        embedded: dict[str, np.ndarray] = {}
        started = last_report = time.monotonic()
        for first in range(0, len(missing), BATCH):
            batch = missing[first : first + BATCH]
            texts = [text for _, text in batch]
            vectors = encoder.queries(texts) if query else encoder.passages(texts)
            embedded.update(zip((d for d, _ in batch), vectors, strict=True))
            if time.monotonic() - last_report >= PROGRESS_EVERY_S:
                last_report = time.monotonic()
                log.info(
                    "answers: embedded %d of %d new %s texts (%.0f s)",
                    len(embedded), len(missing), role, last_report - started,
                )  # fmt: skip
        try:
            with self._connection:
                self._connection.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
                    [(encoder.model_id, role, d, v.astype(np.float32).tobytes())
                     for d, v in embedded.items()],
                )  # fmt: skip
        except sqlite3.Error as error:
            log.warning("answers: embedding cache not written (%s)", error)
        return embedded

    def close(self) -> None:
        self._connection.close()
