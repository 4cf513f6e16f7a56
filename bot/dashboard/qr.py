"""Onboarding codes: a QR code per event language that opens the bot in that language.

A delegate who scans the code on a badge, slide or poster lands in the bot with ``/start <lang>``
already typed; an optional source tag (``fr-poster``) tells the dashboard which poster worked.
segno writes PNG and SVG with no imaging library, and the printable A4 sheet is a plain SVG
that embeds the same PNGs, so what is printed is exactly what the files decode to.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from html import escape
from pathlib import Path

import segno

from bot.event import Event
from bot.i18n import Translator

TAG = re.compile(r"^[a-z0-9_]{1,24}$")
USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
SHEET_NAME = "onboarding-sheet.svg"
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 210, 297, 15  # A4, millimetres
HEADER = 30
WRAP = 38  # characters a line of the instruction holds beside the code


@dataclass(frozen=True)
class Payload:
    """What a ``/start`` deep link carried: a language of the event, and a source tag."""

    language: str | None
    tag: str | None


def deep_link(username: str, language: str, tag: str | None = None) -> str:
    start = f"{language}-{tag}" if tag else language
    return f"https://t.me/{username}?start={start}"


def parse_payload(payload: str | None, languages: tuple[str, ...]) -> Payload:
    """``fr``, ``fr-poster`` or ``poster``: anything else is ignored, never an error to show."""
    if not payload:
        return Payload(None, None)
    head, _, rest = payload.lower().partition("-")
    if head in languages:
        return Payload(head, rest if TAG.match(rest) else None)
    return Payload(None, payload.lower() if TAG.match(payload.lower()) else None)


def write_codes(event: Event, username: str, out: Path, tag: str | None = None) -> list[Path]:
    """``qr-<lang>.png`` and ``.svg`` for each language, and the A4 sheet; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    rows = []
    for language in event.languages:
        link = deep_link(username, language, tag)
        code = segno.make(link, error="m", micro=False)
        for kind in ("png", "svg"):
            path = out / f"qr-{language}.{kind}"
            code.save(str(path), kind=kind, scale=10, border=4)
            written.append(path)
        t = Translator(language, event.timezone)
        instruction = t.gettext(
            "Scan this code with your phone's camera and press Start: the meeting's assistant "
            "will answer you in {language}."
        ).format(language=Translator.own_language_name(language))
        rows.append((code.png_data_uri(scale=10, border=4), instruction, link))
    sheet = out / SHEET_NAME
    sheet.write_text(_sheet(event.name.get(event.default_language), rows), encoding="utf-8")
    written.append(sheet)
    return written


def _sheet(title: str, rows: list[tuple[str, str, str]]) -> str:
    """One A4 page: the meeting's name, then a code per language with its instruction."""
    height = (PAGE_HEIGHT - 2 * MARGIN - HEADER) / max(len(rows), 1)
    size = min(height - 8, 70)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_WIDTH}mm" '
        f'height="{PAGE_HEIGHT}mm" viewBox="0 0 {PAGE_WIDTH} {PAGE_HEIGHT}">',
        f'<rect width="{PAGE_WIDTH}" height="{PAGE_HEIGHT}" fill="#fff"/>',
        f'<text x="{PAGE_WIDTH / 2}" y="{MARGIN + 10}" font-family="sans-serif" font-size="7" '
        f'font-weight="bold" text-anchor="middle">{escape(title)}</text>',
    ]
    for index, (uri, instruction, link) in enumerate(rows):
        top = MARGIN + HEADER + index * height
        text_x = MARGIN + size + 8
        parts.append(
            f'<image x="{MARGIN}" y="{top:.1f}" width="{size:.1f}" height="{size:.1f}" '
            f'href="{uri}"/>'
        )
        lines = textwrap.wrap(instruction, WRAP)
        spans = "".join(
            f'<tspan x="{text_x}" dy="{0 if n == 0 else 7}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(
            f'<text x="{text_x}" y="{top + 10:.1f}" font-family="sans-serif" '
            f'font-size="5.5">{spans}</text>'
        )
        parts.append(
            f'<text x="{text_x}" y="{top + size - 4:.1f}" font-family="monospace" '
            f'font-size="4">{escape(link)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
