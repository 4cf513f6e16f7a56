"""Greetings and thanks in the host country's language, as the event's own FAQ teaches them.

Meetings teach delegates a few words of the local language ("Muraho: hello. Murakoze: thank
you."), and delegates then use them on the bot: "muraho", "salamat po", "akiba". Said alone,
such a word greets or thanks; it does not ask for the FAQ entry that teaches it. Nothing about
a language is written here: the words and what they mean are read from the FAQ answers, where
a local phrase stands before its gloss ("Mbolo" (hello…), "¿Qué volá?: what's up?").

A phrase counts as local when it is written the same in every language of the answer (it is not
translated) and its gloss starts with a greeting, thanks or a farewell.
"""

from __future__ import annotations

import re
from itertools import pairwise

from bot.answers.lexicon import GOODBYES, GREETINGS, SMALLTALK_WORDS, STOPWORDS, THANKS
from bot.answers.text import keys, words
from bot.answers.understood import Courtesy
from bot.event import Event

MAX_PHRASE_WORDS = 3
GLOSS_WORDS = 3  # how far into the gloss its courtesy may come ("thank you very much")
# What stands between words and their gloss: "Muraho: hello", "«Mbolo» (hello…", "Hello: xin
# chào", "Qué volá?: what's up"; a sentence's end is between two glosses, not inside one
_SEPARATOR = re.compile(r"([^\w\s']+)")
_GLOSSING = re.compile(r"[:(=]")
_SENTENCE_END = re.compile(r"[.;!)]")
# Glosses that greet in more than one word
_GREETING_GLOSSES = re.compile(
    r"(how are you|what s up|comment ca va|ca va|como estas|good (morning|afternoon|evening)"
    r"|buen(os|as) (dias|tardes|noches))\b"
)


class LocalCourtesies:
    """The local words the event's FAQ glosses as a greeting, thanks or a farewell."""

    def __init__(self, event: Event) -> None:
        self._meanings: dict[str, Courtesy] = {}
        for entry in event.faq:
            variants = [text for _, text in entry.answer.variants()]
            folded_variants = [" ".join(words(text)) for text in variants]
            for text in variants:
                for first, second in pairwise(_glossed_pairs(text)):
                    for phrase, gloss in ((first, second), (second, first)):
                        meaning = _courtesy(gloss)
                        if meaning and _untranslated(phrase, folded_variants):
                            for word in phrase.split():
                                if _foreign(word):
                                    self._meanings.setdefault(word, meaning)

    def said(self, folded: list[str]) -> Courtesy | None:
        """What a message of local words (with small talk beside them) says, if it is one."""
        local = {self._meanings[w] for w in folded if w in self._meanings}
        if not local or not all(w in self._meanings or w in SMALLTALK_WORDS for w in folded):
            return None
        said = local | {_courtesy(w) for w in folded if w not in self._meanings}
        # as in small talk in the meeting's languages: "hello, thanks" thanks, "thanks, bye" closes
        return next(c for c in (Courtesy.GOODBYE, Courtesy.THANKS, Courtesy.GREETING) if c in said)


def _glossed_pairs(text: str) -> list[str]:
    """The text's pieces, folded, with a blank piece between two that are not glossed one by
    the other: ``pairwise`` then yields only a piece and its gloss (or a blank)."""
    pieces: list[str] = []
    separator = ""
    for i, part in enumerate(_SEPARATOR.split(text)):
        folded = " ".join(words(part))
        if i % 2 or not folded:  # a separator, or a piece in a script folding drops
            separator += part
            continue
        if pieces and not (_GLOSSING.search(separator) and not _SENTENCE_END.search(separator)):
            pieces.append("")
        pieces.append(folded)
        separator = ""
    return pieces


def _foreign(word: str) -> bool:
    """Not a word of the meeting's own vocabulary: in "Wi-Fi: Welcome", "wifi" is not a local
    greeting, nor is a number ("28 °C, good mornings")."""
    return (
        word not in STOPWORDS
        and not word.isdigit()
        and not any(k.startswith("@") for k in keys(word))
    )


def _untranslated(phrase: str, folded_variants: list[str]) -> bool:
    """A local phrase is written alike in every language of the answer."""
    found = phrase.split()
    return (
        0 < len(found) <= MAX_PHRASE_WORDS
        and len(folded_variants) > 1
        and all(re.search(rf"\b{re.escape(phrase)}\b", v) for v in folded_variants)
    )


def _courtesy(gloss: str) -> Courtesy | None:
    if _GREETING_GLOSSES.match(gloss):
        return Courtesy.GREETING
    for word in gloss.split()[:GLOSS_WORDS]:
        if word in THANKS:
            return Courtesy.THANKS
        if word in GOODBYES:
            return Courtesy.GOODBYE
        if word in GREETINGS or word == "welcome":
            return Courtesy.GREETING
    return None
