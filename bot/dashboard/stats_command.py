"""``python main.py stats``: the /stats dashboard at the server, with the chart as a PNG file."""

from __future__ import annotations

import argparse
import re
import sys
from html import unescape
from pathlib import Path

from bot.config import Settings
from bot.dashboard.stats import chart, collect, render
from bot.event import Event
from bot.i18n import for_event
from bot.storage import Storage

TAG = re.compile(r"<[^>]+>")
EXIT_USAGE = 2


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser("stats", help="the organisers' dashboard (delegates, questions)")
    cmd.add_argument(
        "--lang", help="language of the report (default: en, else the event's default language)"
    )
    cmd.add_argument("--chart", help="also write questions per hour as a PNG here")


def report_language(requested: str | None, event: Event) -> str | None:
    """The event's language for ``--lang``, read as the bot reads a client's (es-ES is es), or
    None after saying why: a language the event lacks would mix English into the report."""
    if requested is None:
        return "en" if "en" in event.languages else event.default_language
    language = re.split(r"[-_]", requested.strip())[0].lower()
    if language not in event.languages:
        print(
            f"--lang {requested}: not one of the event's languages ({', '.join(event.languages)})",
            file=sys.stderr,
        )
        return None
    return language


async def run(args: argparse.Namespace, settings: Settings, event: Event) -> int:
    language = report_language(args.lang, event)
    if language is None:
        return EXIT_USAGE
    dashboard = await Storage.read_existing(
        settings.db_path, lambda storage: collect(storage, event)
    )
    if dashboard is None:
        print(f"no database at {settings.db_path}: nothing recorded yet")
        return 0
    t = for_event(event, language)
    if args.chart and dashboard.per_hour:
        try:  # before the report, so that a wrong path leaves nothing half done
            Path(args.chart).write_bytes(chart(dashboard, t))
        except OSError as exc:
            print(f"--chart {args.chart}: cannot write it: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
    print(unescape(TAG.sub("", render(dashboard, event, t))))
    if args.chart and dashboard.per_hour:
        print(args.chart)
    return 0
