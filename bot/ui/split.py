"""Splitting long replies so no message exceeds Telegram's 4,096 characters."""

from __future__ import annotations

MAX_MESSAGE_LENGTH = 4096


def utf16_length(text: str) -> int:
    """Telegram counts UTF-16 code units: an emoji outside the BMP counts twice."""
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Cut at line boundaries; a single line longer than the limit is cut where it must be.

    Views keep each HTML tag within one line, so a cut between lines never breaks markup.
    """
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while utf16_length(line) > limit:
            head = _longest_prefix(line, limit)
            if current:
                chunks.append(current)
                current = ""
            chunks.append(head)
            line = line[len(head) :]
        candidate = f"{current}\n{line}" if current else line
        if utf16_length(candidate) > limit:
            chunks.append(current)
            candidate = line
        current = candidate
    if current.strip():
        chunks.append(current)
    return [c for c in chunks if c.strip()] or [text[:limit]]


def _longest_prefix(line: str, limit: int) -> str:
    size = 0
    for index, char in enumerate(line):
        size += 2 if ord(char) > 0xFFFF else 1
        if size > limit:
            return line[:index]
    return line
