"""``python main.py qr``: the onboarding codes and their printable sheet.

Without ``--bot`` the bot's username is asked from the Bot API (getMe) with TELEGRAM_BOT_TOKEN
at TELEGRAM_API_URL, so the codes always point at the bot the token belongs to.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import httpx

from bot.config import Settings
from bot.dashboard.qr import TAG, USERNAME, write_codes
from bot.programme.loader import InvalidEventFile, load_event

EXIT_ERRORS = 2


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser("qr", help="QR codes that open the bot in each language, A4 sheet")
    cmd.add_argument("--bot", help="the bot's username (default: asked with getMe)")
    cmd.add_argument("--out", default="qr", help="folder for the files (default: qr)")
    cmd.add_argument("--tag", help="source tag counted by /stats, e.g. poster (a-z 0-9 _)")
    cmd.add_argument("--event", help="event file (default: EVENT_FILE)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        event = load_event(Path(args.event) if args.event else settings.event_file)
    except InvalidEventFile as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return EXIT_ERRORS
    if args.tag and not TAG.match(args.tag):
        print(f"--tag {args.tag}: use 1 to 24 of a-z, 0-9 and _", file=sys.stderr)
        return EXIT_ERRORS
    username = (args.bot or "").lstrip("@") or bot_username(settings)
    if username is None:
        return EXIT_ERRORS
    if not USERNAME.match(username):
        print(f"'{username}' is not a Telegram bot username", file=sys.stderr)
        return EXIT_ERRORS
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"--out {args.out}: is a file; give a folder for the codes", file=sys.stderr)
        return EXIT_ERRORS
    try:
        written = write_codes(event, username, out, args.tag)
    except OSError as exc:  # a folder that cannot be created or written
        print(f"--out {args.out}: cannot write there: {exc.strerror}", file=sys.stderr)
        return EXIT_ERRORS
    for path in written:
        print(path)
    return 0


def bot_username(settings: Settings) -> str | None:
    """getMe's username, or None after telling why (the token itself is never printed)."""
    if not settings.token:
        print("give --bot USERNAME, or set TELEGRAM_BOT_TOKEN to ask Telegram", file=sys.stderr)
        return None
    try:
        response = httpx.get(f"{settings.api_url}/bot{settings.token}/getMe", timeout=20)
        data = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        print(f"getMe failed: {type(exc).__name__}", file=sys.stderr)
        return None
    if not data.get("ok"):
        print(f"getMe failed: {data.get('description', 'no answer')}", file=sys.stderr)
        return None
    return str(data["result"]["username"])
