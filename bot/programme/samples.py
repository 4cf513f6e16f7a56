"""Sample placeholders left in an event file, found before delegates read them.

A shipped or copied file carries invented data (an example.org address, a 555 phone number, a
section marked ``# SAMPLE``) that organisers must replace. Such a file is valid, so the loader
accepts it; ``python main.py check`` lists these as warnings, and ``--strict`` (the day before a
meeting) turns them into errors.

The marker for a sample entry is a YAML comment starting with ``# SAMPLE`` on the entry or
section it covers: organisers delete it with the data it describes.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.programme.loader import EventFileError

# example.org/.com/.net are reserved for documentation (RFC 2606), so never a real address.
# A match starts where a run of address characters starts (the lookbehind): the same matches,
# but a long unbroken token is scanned once instead of once from each of its characters.
_EXAMPLE_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]*@?\bexample\.(?:org|com|net)\b", re.IGNORECASE)
# 555 numbers are the North American convention for fictional ones (555-0100 to 0199 reserved).
_FICTIONAL_PHONE = re.compile(r"(?<!\d)555[ .-]?\d{4}(?!\d)")
_SAMPLE_MARK = re.compile(r"(?:^|\s)#\s*SAMPLE\b")


def sample_warnings(source: str, path: str) -> list[EventFileError]:
    """One warning per line that still holds a placeholder, in file order."""
    warnings = []
    for number, line in enumerate(source.splitlines(), start=1):
        if _SAMPLE_MARK.search(line):
            message = "marked # SAMPLE: replace the sample data, then remove the marker"
        elif match := _EXAMPLE_ADDRESS.search(line):
            message = f"'{match.group(0)}' is a placeholder address (example.org)"
        elif match := _FICTIONAL_PHONE.search(line):
            message = f"'{match.group(0)}' is a fictional 555 phone number"
        else:
            continue
        warnings.append(EventFileError(path, number, f"warning: {message}"))
    return warnings


def file_sample_warnings(path: Path) -> list[EventFileError]:
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # the loader has already said why the file cannot be read
    return sample_warnings(source, str(path))
