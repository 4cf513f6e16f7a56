"""Which language a question is written in, when that is clear enough to answer in it.

A delegate whose bot speaks Spanish may still type "where is the closing ceremony": the answer
then comes in English, the language they just used. A short or ambiguous message ("wifi?",
"ok") says nothing about the language and keeps their setting. ``py3langid`` (a maintained
fork of langid.py, model shipped in the wheel) is restricted to the event's languages and its
probabilities normalised, so "confident" has one meaning: at least ``MIN_CONFIDENCE``.

The identifier is built from the model's parts rather than with ``from_model_file`` and
``set_languages``: those keep all 97 languages' probabilities beside the restricted ones and the
tokeniser's output table as a Python list of ints. Here the model keeps only the event's
languages and the table is an ``array`` of 4-byte ints: the same classifier, about 45 MB instead
of 75 (measured alone; most of what is left is the tokeniser's automaton, for all 97 languages).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from functools import cache

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import load_model

MIN_WORDS = 3  # "what's on now" is enough; "wifi pw?" is not
MIN_CONFIDENCE = 0.95
_WORD = re.compile(r"[^\W\d_]{2,}")


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
        next_move,
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
