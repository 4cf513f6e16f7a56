"""``python main.py import``: a programme file into an event file, all or nothing.

The event file given with ``--into`` (else EVENT_FILE) supplies the zone, languages, rooms and
everything that is not the programme. The result goes to ``--out``, else back into the
``--into`` file, else to standard output; it is written only if it loads without an error.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bot.programme.importers.event_file import merge, summary
from bot.programme.importers.model import ImportFailed, Target
from bot.programme.importers.programme import read_programme
from bot.programme.loader import InvalidEventFile, load_event

EXIT_ERRORS = 2


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser(
        "import", help="import a programme (.ics, frab .xml/.json, .csv, .xlsx)"
    )
    cmd.add_argument("source", help="the programme file")
    cmd.add_argument("--into", help="event file whose sessions are replaced (default: EVENT_FILE)")
    cmd.add_argument("--out", help="write here instead (default: the --into file, else stdout)")
    cmd.add_argument("--lang", help="language of the source's texts (default: the event's)")


def run(args: argparse.Namespace, event_file: Path) -> int:
    base_path = Path(args.into) if args.into else event_file
    try:
        base = load_event(base_path, programme_to_come=True)
    except InvalidEventFile as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return EXIT_ERRORS
    language = args.lang or base.default_language
    if language not in base.languages:
        print(f"--lang {language}: not one of {', '.join(base.languages)}", file=sys.stderr)
        return EXIT_ERRORS
    destination = args.out or args.into
    try:
        sessions = read_programme(
            Path(args.source), Target(base.timezone, base.languages, language)
        )
        imported = merge(base, base_path.read_text(encoding="utf-8"), sessions, destination or "-")
    except ImportFailed as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s): nothing written", file=sys.stderr)
        return EXIT_ERRORS
    except InvalidEventFile as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(
            "the imported programme does not fit the event file: nothing written", file=sys.stderr
        )
        return EXIT_ERRORS
    for room_id, name in imported.new_rooms:
        print(f"warning: new room '{name}' added to venue.rooms as '{room_id}'", file=sys.stderr)
    for session_id, languages in imported.missing_titles:
        print(f"warning: {session_id}: no title in {', '.join(languages)}", file=sys.stderr)
    if destination:
        _write(Path(destination), imported.text)
    else:
        sys.stdout.write(imported.text)
    report = sys.stdout if destination else sys.stderr
    print(f"{len(sessions)} sessions imported from {args.source}", file=report)
    changes = summary(imported, language)
    if changes:
        print(changes, file=report)
    return 0


def _write(path: Path, text: str) -> None:
    """Replace the file in one step, so a crash never leaves half an event file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
    ) as handle:
        handle.write(text)
    os.replace(handle.name, path)
