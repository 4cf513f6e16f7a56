"""Splitting long replies so no message exceeds Telegram's 4,096 characters.

Telegram measures a message after parsing its HTML: a tag counts nothing and an entity
("&amp;") is one character. A question echoed back with many "&" and "<" is four times longer as
HTML than as read, so lengths here are measured the way Telegram measures them.
"""

from __future__ import annotations

import re
from html import unescape

MAX_MESSAGE_LENGTH = 4096
_TAG = re.compile(r"<[^>]*>")
# a tag or an entity, which a cut must never split: the reader would see "R&" then ";D"
_MARKUP = re.compile(r"<[^>]*>|&[^;\s<&]*;")


def utf16_length(text: str) -> int:
    """Telegram counts UTF-16 code units: an emoji outside the BMP counts twice."""
    return len(text.encode("utf-16-le")) // 2


def visible_length(html_text: str) -> int:
    """What Telegram counts against its limits: the text after tags and entities are parsed."""
    return utf16_length(unescape(_TAG.sub("", html_text)))


def split_message(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Cut at line boundaries; a single line longer than the limit is cut where it must be.

    Views keep each HTML tag within one line, so a cut between lines never breaks markup.
    """
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while visible_length(line) > limit:
            head = _longest_prefix(line, limit)
            if current:
                chunks.append(current)
                current = ""
            chunks.append(head)
            line = line[len(head) :]
        candidate = f"{current}\n{line}" if current else line
        if visible_length(candidate) > limit:
            chunks.append(current)
            candidate = line
        current = candidate
    if current.strip():
        chunks.append(current)
    return [c for c in chunks if c.strip()] or [text[:limit]]


def _longest_prefix(html_text: str, limit: int) -> str:
    """The longest start of ``html_text`` within ``limit`` as Telegram counts, ending after a
    space when one is in its second half, and never inside a tag or an entity."""
    size = index = after_space = 0
    while index < len(html_text):
        markup = _MARKUP.match(html_text, index)
        piece = markup.group(0) if markup else html_text[index]
        width = visible_length(piece)
        if size + width > limit:
            break
        size += width
        index += len(piece)
        if piece == " ":
            after_space = index
    return html_text[: after_space if after_space > index // 2 else index]
