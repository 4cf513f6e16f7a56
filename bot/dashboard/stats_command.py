"""``python main.py stats``: the /stats dashboard at the server, with the chart as a PNG file."""

from __future__ import annotations

import argparse
import re
from html import unescape
from pathlib import Path

from bot.config import Settings
from bot.dashboard.stats import chart, collect, render
from bot.event import Event
from bot.i18n import Translator
from bot.storage import Storage

TAG = re.compile(r"<[^>]+>")


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser("stats", help="the organisers' dashboard (delegates, questions)")
    cmd.add_argument("--lang", default="en", help="language of the report (default: en)")
    cmd.add_argument("--chart", help="also write questions per hour as a PNG here")


async def run(args: argparse.Namespace, settings: Settings, event: Event) -> int:
    dashboard = await Storage.read_existing(
        settings.db_path, lambda storage: collect(storage, event)
    )
    if dashboard is None:
        print(f"no database at {settings.db_path}: nothing recorded yet")
        return 0
    t = Translator(args.lang, event.timezone)
    print(unescape(TAG.sub("", render(dashboard, event, t))))
    if args.chart and dashboard.per_hour:
        Path(args.chart).write_bytes(chart(dashboard, t))
        print(args.chart)
    return 0
