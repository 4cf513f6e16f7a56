"""How the bot reads text: folding, tokens, and the keys under which a word is looked up.

Delegates type on phones: no accents, lowercase, typos, another language than the one they
chose. Every word is therefore reduced to a set of *keys* (the folded word, its stem in each
supported language, and its concept from the lexicon), and two words match when their keys
meet. Event text and questions go through the very same function, so they always agree.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from bot.answers.lexicon import CONCEPTS, PHRASES

_SNOWBALL_NAMES = {
    "es": "spanish", "en": "english", "fr": "french", "pt": "portuguese", "it": "italian",
    "de": "german", "nl": "dutch", "ca": "catalan", "ro": "romanian",
}  # fmt: skip
_STEMMERS = {code: snowballstemmer.stemmer(name) for code, name in _SNOWBALL_NAMES.items()}
# Questions may come in any of these; their words are stemmed in each.
QUESTION_LANGUAGES = ("es", "en", "fr")
_WORD = re.compile(r"[a-z0-9]+")
_PHRASE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, PHRASES), key=len, reverse=True)) + r")\b"
)
# Stems shorter than this collide too often across languages to count as the same word.
MIN_STEM = 3


# Clock times ("15:45", "15h45", "9h", "3pm", "3:30 pm") become one token, "t1545".
_CLOCK = re.compile(
    r"\b(\d{1,2})(?:(?:[:.](\d{2}))?\s*(am|pm)\b|\s*[:h]\s*(\d{2})|\s*h\b|[.](\d{2})\b)"
)


def _clock_token(match: re.Match[str]) -> str:
    hour = int(match.group(1))
    minute = int(match.group(2) or match.group(4) or match.group(5) or 0)
    if match.group(3) == "pm" and hour < 12:
        hour += 12
    if match.group(3) == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return match.group(0)
    return f" t{hour:02d}{minute:02d} "


# Quarters and halves said in words: "5 y cuarto", "5 y media", "6 menos cuarto", "17h et
# quart", "5 heures et demie", "6h moins le quart", "half past 5", "quarter to 6".
_QUARTERS = re.compile(
    r"\b(\d{1,2})\s*(?:h|heures?)?\s+"
    r"(?:(?:y|et)\s+(cuarto|quart|media|demie)|(?:menos|moins)\s+(?:le\s+)?(?:cuarto|quart))\b"
)
_PAST_TO = re.compile(r"\b(?:(quarter|half)\s+past|quarter\s+to)\s+(\d{1,2})\b")
_SPOKEN_MINUTES = {"cuarto": 15, "quart": 15, "media": 30, "demie": 30, "quarter": 15, "half": 30}


def _time_token(hour: int, minute: int, said: str) -> str:
    return f" t{hour:02d}{minute:02d} " if 0 <= hour <= 23 else said


def _quarter_token(match: re.Match[str]) -> str:
    hour, added = int(match.group(1)), match.group(2)
    if added:
        return _time_token(hour, _SPOKEN_MINUTES[added], match.group(0))
    return _time_token(hour - 1, 45, match.group(0))  # "menos cuarto", "moins le quart"


def _past_to_token(match: re.Match[str]) -> str:
    hour, past = int(match.group(2)), match.group(1)
    if past:
        return _time_token(hour, _SPOKEN_MINUTES[past], match.group(0))
    return _time_token(hour - 1, 45, match.group(0))  # "quarter to"


# "a las 7", "at 3": an hour said in words; the part of the day may move it to the evening.
_SPOKEN_HOUR = re.compile(r"\b(?:a las|a la|at)\s+(\d{1,2})\b(?!\s*(?:[:h.]\d|am|pm))")


def fold(text: str) -> str:
    """Lowercase, accents removed, punctuation turned into spaces, known phrases joined."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = _PAST_TO.sub(_past_to_token, _QUARTERS.sub(_quarter_token, bare))
    bare = _CLOCK.sub(_clock_token, bare)
    bare = _SPOKEN_HOUR.sub(
        lambda m: f" t{int(m.group(1)):02d}00 " if int(m.group(1)) < 24 else m.group(0), bare
    )
    spaced = " ".join(_WORD.findall(bare.replace("'", " ").replace("’", " ")))
    return _PHRASE.sub(lambda m: PHRASES[m.group(1)], spaced)


def words(text: str) -> list[str]:
    return fold(text).split()


def _stemmed_concepts() -> dict[str, str]:
    """Concepts by stem, so "vegetarianas" finds the concept of "vegetariana"."""
    found: dict[str, str] = {}
    for word, concept in CONCEPTS.items():
        for code in QUESTION_LANGUAGES:
            stem = _STEMMERS[code].stemWord(word)
            if len(stem) >= MIN_STEM + 1:
                found.setdefault(f"{code}:{stem}", concept)
    return found


# Built at import, not on the first question: that delegate should not wait for it.
_CONCEPT_STEMS = _stemmed_concepts()


@lru_cache(maxsize=65536)
def keys(word: str, language: str | None = None) -> frozenset[str]:
    """Every form under which ``word`` can meet another word: itself, its stems, its concept.

    Stems are tagged with their language ("fr:pay" for "pays") so that a stem only meets a stem
    of the same language: English "pay" must not find French "pays" (countries). A word of
    unknown language (a question, a name) is stemmed in every question language.
    """
    found = {word}
    for code in (language,) if language else QUESTION_LANGUAGES:
        stemmer = _STEMMERS.get(code)
        stem = stemmer.stemWord(word) if stemmer else ""
        if len(stem) >= MIN_STEM:
            found.add(f"{code}:{stem}")
            if concept := _CONCEPT_STEMS.get(f"{code}:{stem}"):
                found.add(concept)
    concept = CONCEPTS.get(word)
    if concept:
        found.add(concept)
    return frozenset(found)
