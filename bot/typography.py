"""Each language's typographic spaces, applied when a text is rendered for a delegate.

French puts a space before the high punctuation ``? ! ; :`` and inside « », and that space must
never break: on a phone an ordinary space lets "?" wrap onto a line of its own. Catalogs, event
files and organisers' messages are written with ordinary spaces (nobody types U+202F), so the
rule lives here, once, and the ``Translator`` applies it to every text it renders.

Only spaces that are already there are changed (plus the inside of « »): a colon with no space
before it is a clock time ("09:00"), a URL ("https://") or a ratio, never French prose. HTML tags
and the contents of ``<code>``/``<pre>`` (a wifi password, a command) are left exactly as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

NARROW_NO_BREAK_SPACE = "\u202f"
NO_BREAK_SPACE = "\u00a0"

_SPACES = "[ \t\u00a0\u202f]"
_PROTECTED = re.compile(
    r"<(code|pre)\b[^>]*>.*?</\1>"  # literal text: a password must stay byte for byte
    r"|<[a-zA-Z/][^<>]*>"  # a tag and its attributes
    r"|(?:https?://|www\.)[^\s<]+",  # a URL written out in the text
    re.DOTALL | re.IGNORECASE,
)
_BEFORE_HIGH = re.compile(rf"(?<=\S){_SPACES}+(?=[?!;])")
_BEFORE_COLON = re.compile(rf"(?<=\S){_SPACES}+(?=:)")
_AFTER_OPENING = re.compile(rf"«{_SPACES}*")
_BEFORE_CLOSING = re.compile(rf"{_SPACES}*»")


def _french(prose: str) -> str:
    prose = _BEFORE_HIGH.sub(NARROW_NO_BREAK_SPACE, prose)
    prose = _BEFORE_COLON.sub(NO_BREAK_SPACE, prose)
    prose = _AFTER_OPENING.sub("«" + NO_BREAK_SPACE, prose)
    return _BEFORE_CLOSING.sub(NO_BREAK_SPACE + "»", prose)


RULES: dict[str, Callable[[str], str]] = {"fr": _french}


_HOLE = "\ue000"  # stands for a protected span while the rule runs: not a space, never typed


@lru_cache(maxsize=4096)
def typeset(text: str, language: str) -> str:
    """``text`` (plain or Telegram HTML) with ``language``'s spacing rules; idempotent.

    Protected spans are swapped for a placeholder before the rule runs, so a space between a
    closing tag and the punctuation ("<b>…</b> !") is seen as the space it is.
    """
    rule = RULES.get(language.split("_")[0].split("-")[0])
    if rule is None or not text or _HOLE in text:
        return text
    kept = [match.group(0) for match in _PROTECTED.finditer(text)]
    result = rule(_PROTECTED.sub(_HOLE, text))
    pieces = result.split(_HOLE)
    return "".join(piece + (kept[i] if i < len(kept) else "") for i, piece in enumerate(pieces))
