"""Which language a question is written in, when that is clear enough to answer in it.

A delegate whose bot speaks Spanish may still type "where is the closing ceremony": the answer
then comes in English, the language they just used. A short or ambiguous message ("wifi?",
"ok") says nothing about the language and keeps their setting. ``py3langid`` (a maintained
fork of langid.py, model shipped in the wheel) is restricted to the event's languages and its
probabilities normalised, so "confident" has one meaning: at least ``MIN_CONFIDENCE``.
"""

from __future__ import annotations

import re
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

MIN_WORDS = 3  # "what's on now" is enough; "wifi pw?" is not
MIN_CONFIDENCE = 0.95
_WORD = re.compile(r"[^\W\d_]{2,}")


@cache
def _identifier(languages: tuple[str, ...]) -> LanguageIdentifier | None:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = [language for language in languages if language in identifier.nb_classes]
    if len(known) < 2:
        return None  # one language (or none the model knows): nothing to tell apart
    identifier.set_languages(known)
    return identifier


def written_in(text: str, languages: tuple[str, ...]) -> str | None:
    """The event language ``text`` is clearly written in, or None when it is not clear."""
    if len(_WORD.findall(text)) < MIN_WORDS:
        return None
    identifier = _identifier(tuple(sorted(languages)))
    if identifier is None:
        return None
    language, confidence = identifier.classify(text)
    return str(language) if confidence >= MIN_CONFIDENCE else None
