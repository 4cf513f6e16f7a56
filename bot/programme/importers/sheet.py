"""Spreadsheet programmes, CSV and XLSX, with the documented header (docs/programme-template).

One row is one session. Columns, in any order (header names are case-insensitive):

    day, start, end                     2024-11-06, 09:00, 10:30 (local to the event); an end
                                        at or before the start is on the next day, 24:00 is
                                        the midnight that ends the day
    title_<lang> (at least one)         title_es, title_en, title_fr …
    id                                  optional; else a slug of day + the title in the
                                        source language (else the first title given)
    room, kind, speakers                speakers: "Name (Affiliation); Name"
    description_<lang>                  optional, per language
    floor_language, interpretation      es; "en, fr"

Affiliations in the ``speakers`` column are in the source language (``--lang``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from bot.event import SESSION_KINDS
from bot.programme.importers.model import (
    ImportedSession,
    ImportedSpeaker,
    Problem,
    Target,
    stable_id,
)

FIXED_COLUMNS = (
    "day", "start", "end", "id", "room", "kind", "speakers", "floor_language", "interpretation",
)  # fmt: skip
PER_LANGUAGE = ("title", "description")
OPTIONAL = ("room", "kind", "speakers", "floor_language", "interpretation")
SPEAKER = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<affiliation>.*)\))?$")
CLOCK = re.compile(r"^(\d{1,2})[:h.](\d{2})$")

Row = tuple[str, dict[str, Any]]


def header(languages: Sequence[str]) -> list[str]:
    """The template's header for an event in ``languages``."""
    columns = ["day", "start", "end", "id"]
    columns += [f"title_{lang}" for lang in languages]
    columns += ["room", "kind", "speakers"]
    columns += [f"description_{lang}" for lang in languages]
    return [*columns, "floor_language", "interpretation"]


def read_csv(path: str, raw: bytes, target: Target) -> tuple[list[ImportedSession], list[Problem]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(f"{path}:1", "not UTF-8 text: save the CSV as UTF-8")]
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        first = next(reader, None)
    except csv.Error as exc:
        return [], [Problem(f"{path}:1", f"not a CSV file: {exc}")]
    if first is None:
        return [], [Problem(f"{path}:1", "the file is empty")]
    problems: list[Problem] = []
    columns = _columns(first, f"{path}:1", target, problems)
    rows: list[Row] = []
    try:
        line = reader.line_num + 1
        for cells in reader:
            rows.append((f"{path}:{line}", dict(zip(columns, cells, strict=False))))
            if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
                problems.append(Problem(f"{path}:{line}", "more cells than header columns"))
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(f"{path}:{reader.line_num}", f"broken CSV row: {exc}"))
    return _sessions(rows, f"{path}:1", target, problems)


def read_xlsx(path: str, raw: bytes, target: Target) -> tuple[list[ImportedSession], list[Problem]]:
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        return [], [Problem(path, f"not an XLSX workbook: {exc}")]
    try:
        sheet = book.worksheets[0]
        name = sheet.title
        values = list(sheet.iter_rows(values_only=True))
    finally:
        book.close()
    if not values:
        return [], [Problem(f"{path}: sheet '{name}', row 1", "the sheet is empty")]
    problems: list[Problem] = []
    first = ["" if v is None else str(v) for v in values[0]]
    columns = _columns(first, f"{path}: sheet '{name}', row 1", target, problems)
    rows = [
        (f"{path}: sheet '{name}', row {number}", dict(zip(columns, cells, strict=False)))
        for number, cells in enumerate(values[1:], start=2)
    ]
    return _sessions(rows, f"{path}: sheet '{name}', row 1", target, problems)


def _columns(first: list[str], where: str, target: Target, problems: list[Problem]) -> list[str]:
    columns = [c.strip().lower() for c in first]
    known = set(FIXED_COLUMNS)
    known |= {f"{field}_{lang}" for field in PER_LANGUAGE for lang in target.languages}
    for column in columns:
        if column and column not in known:
            problems.append(
                Problem(where, f"unknown column '{column}' (expected: {_expected(target)})")
            )
        elif column and columns.count(column) > 1:
            problems.append(Problem(where, f"column '{column}' appears twice"))
    missing = [c for c in ("day", "start", "end") if c not in columns]
    if missing:
        problems.append(Problem(where, f"missing column(s) {', '.join(missing)}"))
    if not any(c.startswith("title_") for c in columns):
        problems.append(Problem(where, "needs at least one title_<language> column"))
    return columns


def _expected(target: Target) -> str:
    return ", ".join(header(target.languages))


def _sessions(
    rows: list[Row], header_where: str, target: Target, problems: list[Problem]
) -> tuple[list[ImportedSession], list[Problem]]:
    if problems:  # a wrong header makes every row wrong: say it once
        return [], problems
    sessions = []
    for where, row in rows:
        if all(_cell(v) == "" for v in row.values()):
            continue
        session = _row(where, row, target, problems)
        if session is not None:
            sessions.append(session)
    if not sessions and not problems:
        problems.append(Problem(rows[0][0] if rows else header_where, "no sessions in the sheet"))
    return sessions, problems


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _row(
    where: str, row: dict[str, Any], target: Target, problems: list[Problem]
) -> ImportedSession | None:
    found = len(problems)
    day = _day(row.get("day"), where, problems)
    start = _clock(row.get("start"), "start", where, problems)
    end = _clock(row.get("end"), "end", where, problems, midnight=True)
    titles = _per_language(row, "title")
    if not titles:
        problems.append(Problem(where, "no title in any title_<language> column"))
    kind = _cell(row.get("kind")).lower() or "other"
    if kind not in SESSION_KINDS:
        problems.append(Problem(where, f"unknown kind '{kind}' ({' | '.join(SESSION_KINDS)})"))
    floor = _cell(row.get("floor_language")).lower() or None
    interpretation = [
        x for x in re.split(r"[\s,;]+", _cell(row.get("interpretation")).lower()) if x
    ]
    for lang in [floor, *interpretation]:
        if lang and lang not in target.languages:
            problems.append(Problem(where, f"language '{lang}' is not one of the event's"))
    speakers = list(_speakers(_cell(row.get("speakers")), target.language, where, problems))
    if len(problems) > found or day is None or start is None or end is None:
        return None
    midnight = datetime.combine(day, time(), tzinfo=target.timezone)
    begins = midnight + start
    # A row holds one day: an end at or before its start is the next day's (a gala dinner
    # until 01:00), not a session that ends before it begins.
    ends = midnight + end + (timedelta(days=1) if end <= start else timedelta())
    given_id = _cell(row.get("id"))
    # The source language's title names the session: filling in another language later must
    # not change its id, which would cancel it and lose its followers.
    title = titles.get(target.language) or next(iter(titles.values()))
    return ImportedSession(
        where=where,
        id=stable_id(given_id or f"{day.isoformat()}-{title}"),
        title=titles,
        start=begins,
        end=ends,
        room=_cell(row.get("room")) or None,
        kind=kind,
        speakers=speakers,
        description=_per_language(row, "description"),
        floor_language=floor,
        interpretation=interpretation,
        id_from_source=bool(given_id),
        absent=frozenset(
            {c for c in OPTIONAL if c not in row}
            | ({"description"} if not any(k.startswith("description_") for k in row) else set())
        ),
    )


def _per_language(row: dict[str, Any], field: str) -> dict[str, str]:
    prefix = f"{field}_"
    return {k[len(prefix) :]: _cell(v) for k, v in row.items() if k.startswith(prefix) and _cell(v)}


def _day(value: Any, where: str, problems: list[Problem]) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell(value)
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        problems.append(Problem(where, f"day '{text}' is not a date like 2024-11-06"))
        return None


def _clock(
    value: Any, column: str, where: str, problems: list[Problem], *, midnight: bool = False
) -> timedelta | None:
    """The time of day as the wall-clock time since the row's midnight, to the minute.

    ``midnight`` also accepts 24:00 (an end at the close of the day), written as text or as
    the 1-day duration a spreadsheet's ``[h]:mm`` cell gives.
    """
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return timedelta(hours=value.hour, minutes=value.minute)
    if isinstance(value, timedelta) and timedelta() <= value <= timedelta(days=1):
        minutes = value // timedelta(minutes=1)
        if minutes < 24 * 60 or midnight:
            return timedelta(minutes=minutes)
    text = _cell(value)
    match = CLOCK.match(text[:5] if len(text) == 8 and text.count(":") == 2 else text)
    if match and int(match[2]) < 60:
        hours, minutes = int(match[1]), int(match[2])
        if hours < 24 or (midnight and (hours, minutes) == (24, 0)):
            return timedelta(hours=hours, minutes=minutes)
    problems.append(Problem(where, f"{column} '{text}' is not a time like 09:30"))
    return None


def _speakers(
    cell: str, language: str, where: str, problems: list[Problem]
) -> Iterator[ImportedSpeaker]:
    for part in (p.strip() for p in cell.split(";")):
        if not part:
            continue
        match = SPEAKER.match(part)
        if match is None:
            problems.append(Problem(where, f"speaker '{part}' is not 'Name (Affiliation)'"))
            continue
        affiliation = (match["affiliation"] or "").strip()
        yield ImportedSpeaker(match["name"].strip(), {language: affiliation} if affiliation else {})
