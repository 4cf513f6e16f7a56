"""Writes docs/programme-template.csv and .xlsx: the spreadsheet header organisers fill in.

The rows are the shipped event's first sessions, exported by the same code the round-trip
test checks, so the template is always one the importer reads. Run after changing the header:
``.venv/bin/python scripts/programme_template.py``.
"""

from __future__ import annotations

from pathlib import Path

from bot.programme.importers.export import to_csv, to_xlsx
from bot.programme.loader import load_event

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_ROWS = 4


def main() -> None:
    event = load_event(ROOT / "events" / "aspnet-lac-2024.yaml")
    sessions = event.sessions[:EXAMPLE_ROWS]
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "programme-template.csv").write_bytes(to_csv(event, sessions, event.default_language))
    (docs / "programme-template.xlsx").write_bytes(to_xlsx(event, sessions, event.default_language))


if __name__ == "__main__":
    main()
