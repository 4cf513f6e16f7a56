"""Which language a question is written in, when that is clear enough to answer in it.

A delegate whose bot speaks Spanish may still type "where is the closing ceremony": the answer
then comes in English, the language they just used. A short or ambiguous message ("wifi?",
"ok") says nothing about the language and keeps their setting. ``py3langid`` (a maintained
fork of langid.py, model shipped in the wheel) is restricted to the event's languages and its
probabilities normalised, so "confident" has one meaning: at least ``MIN_CONFIDENCE``.

The identifier is built from the model's parts rather than with ``from_model_file`` and
``set_languages``: those keep all 97 languages' probabilities beside the restricted ones and the
tokeniser's output table as a Python list of ints. Here the model keeps only the event's
languages, the output table is an ``array`` of 4-byte ints, and the automaton's transition
table (9.8 million state numbers, 39 MB as the library holds it) takes 17 bits an entry: the
same classifier, about 28 MB instead of 75 (measured alone). The automaton serves all 97
languages and cannot be cut to the event's without changing what it counts.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from functools import cache

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import load_model

MIN_WORDS = 3  # "what's on now" is enough; "wifi pw?" is not
MIN_CONFIDENCE = 0.95
_WORD = re.compile(r"[^\W\d_]{2,}")
_LOW_BITS = 16


class _PackedMoves:
    """The tokeniser's transition table, read by index as the library reads its own.

    The model has 104,583 states: a state number needs 17 bits, so the table is held as its
    low 16 bits and a bit array of the 17th (20 MB instead of 39). Reading an entry costs a
    Python call instead of an array index: 31 instead of 29 microseconds a question (4,859
    questions of the labelled sets).
    """

    __slots__ = ("_high", "_low")

    def __init__(self, moves: np.ndarray) -> None:
        self._low = array("H", [0]) * len(moves)  # filled in place: no 20 MB copies
        np.copyto(np.frombuffer(self._low, dtype=np.uint16), moves, casting="unsafe")
        self._high = np.packbits(moves >= 1 << _LOW_BITS, bitorder="little").tobytes()

    def __getitem__(self, index: int) -> int:
        return self._low[index] | ((self._high[index >> 3] >> (index & 7)) & 1) << _LOW_BITS


def _moves(table: array) -> _PackedMoves | array:
    """The table packed when its state numbers fit 17 bits, else the table as it came."""
    moves = np.frombuffer(table, dtype=np.dtype(table.typecode))
    return _PackedMoves(moves) if moves.max() >> (_LOW_BITS + 1) == 0 else table


@cache
def _identifier(languages: tuple[str, ...]) -> LanguageIdentifier | None:
    probabilities, priors, classes, next_move, rows, output = load_model(MODEL_DIR / MODEL_FILE)
    known = [i for i, language in enumerate(classes) if language in languages]
    if len(known) < 2:
        return None  # one language (or none the model knows): nothing to tell apart
    return LanguageIdentifier(
        probabilities[:, known].copy(),
        priors[known],
        [classes[i] for i in known],
        _moves(next_move),
        array("i", output),
        norm_probs=True,
        tk_row=rows,
    )


def prepare(languages: Iterable[str]) -> None:
    """Load the model at start-up, before the sentence encoder's index: loading it briefly takes
    about 35 MB more than it keeps, which then adds to a small process, not to the bot's peak;
    and the first delegate to type a sentence does not wait half a second for it."""
    _identifier(tuple(sorted(languages)))


def written_in(text: str, languages: tuple[str, ...]) -> str | None:
    """The event language ``text`` is clearly written in, or None when it is not clear."""
    if len(_WORD.findall(text)) < MIN_WORDS:
        return None
    identifier = _identifier(tuple(sorted(languages)))
    if identifier is None:
        return None
    language, confidence = identifier.classify(text)
    return str(language) if confidence >= MIN_CONFIDENCE else None
