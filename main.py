"""The meeting bot's command line: run the bot, check an event file, ask a question, list gaps.

python main.py                     run the bot (long polling); needs TELEGRAM_BOT_TOKEN
python main.py check [FILE]        validate an event file
python main.py ask [--event FILE] [--lang LANG] [--now ISO] [--json] [QUESTION]
python main.py unanswered          questions the bot could not answer, most frequent first
python main.py faq-pending         FAQ entries drafted from organisers' answers, as event YAML
python main.py import SOURCE       a programme (.ics, frab XML/JSON, CSV, XLSX) into the event file
python main.py qr [--bot NAME]     QR codes that start the bot in each language, and an A4 sheet
python main.py stats               the organisers' dashboard: delegates, questions, deliveries
python main.py health              ask the running bot's health endpoint (exit 1 when unhealthy)
python main.py backup [FILE]       copy the live database (SQLite online backup)
python main.py restore FILE        replace the database with a backup (the bot must be stopped)
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Coroutine, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

# python-telegram-bot reads this when imported (lazily, by run): timedelta RetryAfter, no warning.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram.error import InvalidToken

from bot.answers.embedding_cache import EmbeddingCache
from bot.answers.encoder import load_encoder
from bot.answers.engine import build_answerer
from bot.answers.written_language import written_in
from bot.config import ConfigError, Settings
from bot.dashboard import qr_command, stats_command
from bot.event import Event
from bot.handoffs.store import HandoffStore, faq_export_header, faq_yaml
from bot.heap import limit_arenas
from bot.i18n import Translator, for_event
from bot.ops.config import OpsSettings
from bot.programme import import_command
from bot.programme.loader import InvalidEventFile, load_event
from bot.programme.overlaps import file_room_overlap_warnings
from bot.programme.samples import file_sample_warnings
from bot.storage import Storage

EXIT_USAGE = 2
EXIT_REJECTED = 1
NO_TOKEN = (
    "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram (/newbot), "
    "then run TELEGRAM_BOT_TOKEN=<token> python main.py"
)

REJECTED_TOKEN = (
    "TELEGRAM_BOT_TOKEN was rejected by the Bot API server at {url}: the token is wrong or "
    "revoked (get the current one from @BotFather, /mybots), or TELEGRAM_API_URL is not a Bot "
    "API server"
)


class RedactToken(logging.Filter):
    """Keeps the bot token out of every log line (HTTP libraries log URLs that contain it).

    The whole record is cleaned, not just its message: a traceback attached to it can carry
    the token too (PTB's ``InvalidToken`` names it), so the traceback and stack are formatted
    here, redacted, and left on the record as text for the handler to print.
    """

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = ()
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True

    def redact(self, text: str) -> str:
        return text.replace(self.token, "<token>")


class RedactedStream(io.TextIOBase):
    """stderr with the token replaced: what Python itself prints (an uncaught traceback, a
    warning) never goes through logging. Writes are passed on whole, so a token is never split
    between two writes of one traceback line."""

    def __init__(self, stream: TextIO, token: str) -> None:
        super().__init__()
        self.stream = stream
        self.token = token

    def write(self, text: str) -> int:
        self.stream.write(text.replace(self.token, "<token>"))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def writable(self) -> bool:
        return True


def setup_logging(token: str | None, log_format: str = "text", log_level: str = "INFO") -> None:
    if token:
        sys.stderr = RedactedStream(sys.stderr, token)
    logging.basicConfig(
        level=log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if token:
        for handler in logging.getLogger().handlers:
            handler.addFilter(RedactToken(token))
    if log_format == "json":
        from bot.ops.logs import use_json

        use_json(token)


def read_event(path: Path) -> Event | None:
    try:
        return load_event(path)
    except InvalidEventFile as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return None


def database_failed(db_path: Path, exc: sqlite3.Error | OSError) -> int:
    """One line for a database that cannot be used (not SQLite, a folder): a traceback would
    bury the reason, and the exit code lets a restart policy see the failure."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    print(f"cannot open database {db_path}: {reason}", file=sys.stderr)
    return EXIT_USAGE


def report(command: Coroutine[Any, Any, int], db_path: Path) -> int:
    """Run a command that reads the database, turning a database it cannot open into one line."""
    try:
        return asyncio.run(command)
    except (sqlite3.Error, OSError) as exc:
        return database_failed(db_path, exc)


async def open_database(db_path: Path) -> None:
    """Open (and migrate) the database once before the bot starts, so that one it cannot use
    stops the start with one line before Telegram is contacted."""
    storage = await Storage.open(db_path)
    await storage.close()


def run(settings: Settings, ops: OpsSettings, rehearse: str | None = None) -> int:
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return EXIT_USAGE
    event = read_event(settings.event_file)
    if event is None:
        return EXIT_USAGE
    try:
        asyncio.run(open_database(settings.db_path))
    except (sqlite3.Error, OSError) as exc:
        return database_failed(settings.db_path, exc)
    setup_logging(settings.token, ops.log_format, ops.log_level)
    limit_arenas()  # before any thread starts (``bot.heap``)
    from bot.clock import rehearsal_clock, system_clock
    from bot.ops.backup import BotRunning, instance_lock
    from handlers.app import build_application
    from handlers.webhook import serve

    clock = rehearsal_clock(rehearse, event) if rehearse else system_clock
    application = build_application(settings, event, clock, signals=True, ops=ops)
    logging.getLogger(__name__).info(
        "serving %s from %s with %d sessions%s",
        event.id,
        settings.event_file,
        len(event.sessions),
        f", rehearsing from {rehearse}" if rehearse else "",
    )
    try:
        with instance_lock(settings.db_path):
            serve(application, ops, settings.db_path)
    except BotRunning as exc:
        print(f"another bot is running: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InvalidToken:
        print(REJECTED_TOKEN.format(url=settings.api_url), file=sys.stderr)
        return EXIT_REJECTED
    return 0


def check(path: Path, *, strict: bool = False) -> int:
    """Validate an event file; sample placeholders are warnings, or errors with ``strict``."""
    event = read_event(path)
    if event is None:
        return EXIT_USAGE
    warnings = file_sample_warnings(path)
    overlaps = file_room_overlap_warnings(path, event)  # may be meant: never refused
    for warning in sorted([*warnings, *overlaps], key=lambda w: w.line):
        print(warning, file=sys.stderr)
    if strict and warnings:
        print(f"{path}: {len(warnings)} sample placeholder(s) left (--strict)", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"{path}: OK: {len(event.sessions)} sessions over {len(event.days())} days, "
        f"{len(event.venue.rooms)} rooms, {len(event.faq)} FAQ entries, "
        f"languages {', '.join(event.languages)}"
        + (f"; {len(warnings)} warning(s): sample data left" if warnings else "")
        + (f"; {len(overlaps)} session(s) overlapping another in its room" if overlaps else "")
    )
    return 0


def ask(args: argparse.Namespace, settings: Settings) -> int:
    event = read_event(Path(args.event) if args.event else settings.event_file)
    if event is None:
        return EXIT_USAGE
    language = event.language_or_default(args.lang)
    now = datetime.now(UTC)
    if args.now:
        try:
            now = datetime.fromisoformat(args.now)
        except ValueError:
            print(
                f"--now '{args.now}' is not a date and time like 2024-11-06T10:30", file=sys.stderr
            )
            return EXIT_USAGE
        if now.tzinfo is None:
            now = now.replace(tzinfo=event.timezone)
    encoder = load_encoder() if settings.answer_encoder else None
    answerer = build_answerer(event, encoder, EmbeddingCache(settings.embedding_cache))
    questions = [args.question] if args.question else (line.rstrip("\n") for line in sys.stdin)
    for question in questions:
        if not question.strip():
            continue
        written = written_in(question, event.languages)
        asked_in = written or language  # as the bot does: the language the question is in
        answer = answerer.answer(question, for_event(event, asked_in), now)
        if args.json:
            record = {"question": question, "kind": answer.kind, "id": answer.id}
            if answer.confidence is not None:
                record["confidence"] = round(answer.confidence, 3)
            if answer.alternatives:
                record["did_you_mean"] = [f"{kind}/{i}" for kind, i in answer.alternatives]
            if answer.suggestions:
                record["suggestions"] = [f"{kind}/{i}" for kind, i in answer.suggestions]
            print(json.dumps({**record, "answer": answer.reply.text}, ensure_ascii=False))
        else:
            print(f"[{answer.kind}:{answer.id}] {answer.reply.text}\n")
    return 0


async def list_unanswered(settings: Settings) -> int:
    rows = await Storage.read_existing(settings.db_path, lambda storage: storage.unanswered())
    if rows is None:
        print(f"no database at {settings.db_path}: nothing recorded yet")
        return 0
    for row in rows:
        print(f"{row.count:4d}  [{row.language}]  {row.text}")
    if not rows:
        print("no unanswered questions")
    return 0


async def faq_pending(settings: Settings) -> int:
    """The same YAML as /faqexport, for an organiser at the server rather than in Telegram."""
    entries = await Storage.read_existing(
        settings.db_path, lambda storage: HandoffStore(storage.connection).pending_faq()
    )
    if entries is None:
        print(f"no database at {settings.db_path}: nothing pending")
        return 0
    if not entries:
        print("no pending FAQ entries")
        return 0
    try:  # ids must not clash with the event file's; a broken file just cannot be checked
        taken = {entry.id for entry in load_event(settings.event_file).faq}
    except InvalidEventFile:
        taken = set()
    header = faq_export_header(Translator("en", ZoneInfo("UTC")))
    print(faq_yaml(entries, taken, header), end="")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="main.py", description=__doc__.splitlines()[0])
    root.add_argument(
        "--rehearse",
        metavar="ISO",
        default=os.environ.get("REHEARSE_AT") or None,
        help="run with the clock starting at this moment (default: REHEARSE_AT)",
    )
    commands = root.add_subparsers(dest="command")
    check_cmd = commands.add_parser("check", help="validate an event file")
    check_cmd.add_argument("file", nargs="?", help="event file (default: EVENT_FILE)")
    check_cmd.add_argument(
        "--strict",
        action="store_true",
        help="sample placeholders left in the file are errors (the day before the meeting)",
    )
    ask_cmd = commands.add_parser("ask", help="answer a question as the bot would")
    ask_cmd.add_argument("--event", help="event file (default: EVENT_FILE)")
    ask_cmd.add_argument("--lang", help="the delegate's language (default: the event's)")
    ask_cmd.add_argument("--now", help="current time, ISO 8601 (local to the event if naive)")
    ask_cmd.add_argument("--json", action="store_true", help="one JSON object per line")
    ask_cmd.add_argument("question", nargs="?", help="the question (default: one per stdin line)")
    commands.add_parser("unanswered", help="questions that got the fallback, most frequent first")
    commands.add_parser("faq-pending", help="FAQ entries drafted from answers, as event YAML")
    import_command.add_parser(commands)
    qr_command.add_parser(commands)
    stats_command.add_parser(commands)
    commands.add_parser("health", help="the running bot's health (HEALTH_PORT); exit 1 if not ok")
    backup_cmd = commands.add_parser("backup", help="copy the live database")
    backup_cmd.add_argument("file", nargs="?", help="target (default: BACKUP_DIR/bot-<time>)")
    restore_cmd = commands.add_parser("restore", help="replace the database with a backup")
    restore_cmd.add_argument("file", help="a backup made by 'backup'")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        ops = OpsSettings.from_env()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    if args.command == "check":
        return check(Path(args.file) if args.file else settings.event_file, strict=args.strict)
    if args.command == "ask":
        return ask(args, settings)
    if args.command == "unanswered":
        return report(list_unanswered(settings), settings.db_path)
    if args.command == "faq-pending":
        return report(faq_pending(settings), settings.db_path)
    if args.command == "import":
        return import_command.run(args, settings.event_file)
    if args.command == "qr":
        return qr_command.run(args, settings)
    if args.command == "stats":
        event = read_event(settings.event_file)
        if event is None:
            return EXIT_USAGE
        return report(stats_command.run(args, settings, event), settings.db_path)
    if args.command in ("health", "backup", "restore"):
        from bot.ops.hosting_cli import COMMANDS

        return COMMANDS[args.command](args, settings, ops)
    if args.rehearse:
        try:
            datetime.fromisoformat(args.rehearse)
        except ValueError:
            print(f"--rehearse: '{args.rehearse}' is not a date and time", file=sys.stderr)
            return EXIT_USAGE
    return run(settings, ops, args.rehearse)


if __name__ == "__main__":
    sys.exit(main())
