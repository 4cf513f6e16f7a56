"""Extract msgids from the code and merge them into every catalog under locales/.

Run after changing any user-visible string:  python scripts/update_catalogs.py
New msgids arrive empty in each translated catalog (the catalog test then fails until they are
translated); the English catalog is the source language, so its msgstr are copies of the msgids.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
TEMPLATE = LOCALES / "messages.pot"
SOURCE_LANGUAGE = "en"


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


def fill_source_catalog(path: Path) -> None:
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale=SOURCE_LANGUAGE)
    for message in catalog:
        if not message.id:
            continue
        message.string = message.id
        message.flags.discard("fuzzy")
    with path.open("wb") as po_file:
        write_po(po_file, catalog, width=100, omit_header=False, sort_output=True)


def main() -> None:
    pybabel(
        "extract", "-F", "babel.cfg", "-k", "N_", "-o", str(TEMPLATE),
        "--no-location", "--sort-output", "--project", "meeting-bot", ".",
    )  # fmt: skip
    for language_dir in sorted(p for p in LOCALES.iterdir() if p.is_dir()):
        po = language_dir / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            pybabel("init", "-i", str(TEMPLATE), "-d", str(LOCALES), "-l", language_dir.name)
        pybabel(
            "update", "-i", str(TEMPLATE), "-d", str(LOCALES), "-l", language_dir.name,
            "--no-fuzzy-matching", "--ignore-obsolete", "-w", "100",
        )  # fmt: skip
        if language_dir.name == SOURCE_LANGUAGE:
            fill_source_catalog(po)


if __name__ == "__main__":
    main()
