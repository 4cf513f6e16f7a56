"""Greetings and thanks in the host country's language, as the event's own FAQ teaches them.

Meetings teach delegates a few words of the local language ("Muraho: hello. Murakoze: thank
you."), and delegates then use them on the bot: "muraho", "salamat po", "akiba". Said alone,
such a word greets or thanks; it does not ask for the FAQ entry that teaches it. Nothing about
a language is written here: the words and what they mean are read from the FAQ answers, where
a local phrase stands before its gloss ("Mbolo" (hello…), "¿Qué volá?: what's up?").

A phrase counts as local when it is written the same in every language of the answer (it is not
translated) and its gloss starts with a greeting, thanks or a farewell.

The entry that teaches them is also what "how do you say thank you in Fon", "como se dice hola
aqui" ask for, in every meeting's words: such questions share little with its phrasings ("A few
words of Fon?"), so the ranker missed some. It is stated unless the question names another
language than the entry does ("how do you say good morning in Tonga" where it teaches Nyanja):
then the ranker decides ("unas palabras en guaraní" may be the language corner's), and the
entry is at most offered.
"""

from __future__ import annotations

import re
from itertools import pairwise

from bot.answers.lexicon import GOODBYES, GREETINGS, SMALLTALK_WORDS, STOPWORDS, THANKS
from bot.answers.text import keys, words
from bot.answers.understood import Courtesy
from bot.event import Event, FaqEntry

MAX_PHRASE_WORDS = 3
GLOSS_WORDS = 3  # how far into the gloss its courtesy may come ("thank you very much")
# "how do you say…", "cómo se dice…", "comment on dit…" (not "comment saluer": how to greet is a
# custom, a handshake or a kiss, which an entry on etiquette answers)
_HOW_TO_SAY = re.compile(
    r"\b(how (do|can|would|should) (you|i|we) say|how to say|como se dice|como (le )?digo"
    r"|como decir|comment (on )?dit|comment dire)\b"
)
# What stands for the local language after "in": "in the local language", "en el idioma de aqui"
_LOCAL_LANGUAGE = frozenset(
    "local locale here aqui ici idioma idiomas langue langues language languages lengua"
    " lenguas".split()
)
# "some basic aymara words", "quelques mots de bemba", "palabras útiles en el idioma local"
_WORDS = frozenset(
    "words phrases expressions palabras frases expresiones mots vocabulary vocabulario vocabulaire"
    " slang".split()
)
_FEW = frozenset(
    "basic base useful local some few teach quelques algunas algunos unas unos basicas basicos"
    " utiles locales locaux".split()
)
_OF = frozenset("in en of de d".split())  # "in Fon", "en fon", "of Fon", "de fon", "d'argot"
_FOR = frozenset("for to pour para".split())  # "… pour saluer les élèves": what they are for
NAME_PREFIX = 4  # "rwandan" names Kinyarwanda, "indonesio" Indonesia: a shared start or stem
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
        teaching: dict[str, FaqEntry] = {}  # the entries that teach local words, by id
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
                                    teaching[entry.id] = entry
        # one entry, or which of several a question means is the ranker's to find
        self._teacher: tuple[str, set[str]] | None = None
        if len(teaching) == 1:
            (teacher,) = teaching.values()
            self._teacher = (teacher.id, _entry_words(teacher))

    def asked_how_to_say(self, folded: list[str]) -> tuple[str, bool] | None:
        """The entry that teaches local words, for "how do you say…" and "a few words of…"
        questions, and whether to state it (``False``: another language is named)."""
        if self._teacher is None:
            return None
        named = _language_named(folded)
        if named is None:
            return None
        entry_id, known = self._teacher
        return entry_id, all(any(_same_name(w, k) for k in known) for w in named)

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


def _language_named(folded: list[str]) -> list[str] | None:
    """The words naming the language a question asks words of (none: the local one), or
    ``None`` when it does not ask for words."""
    if _HOW_TO_SAY.search(" ".join(folded)):
        of = max((i for i, w in enumerate(folded) if w in ("in", "en")), default=len(folded))
        named = folded[of + 1 :]
    elif not _WORDS.isdisjoint(folded) and not _FEW.isdisjoint(folded):
        noun = next(i for i, w in enumerate(folded) if w in _WORDS)
        of = next((i for i in range(noun, len(folded)) if folded[i] in _OF), len(folded))
        end = next((i for i in range(of, len(folded)) if folded[i] in _FOR), len(folded))
        named = folded[max(noun - 1, 0) : noun] + folded[of + 1 : end]
    else:
        return None
    return [
        w
        for w in named
        if w not in STOPWORDS
        and w not in _LOCAL_LANGUAGE
        and w not in _FEW
        and w not in _WORDS
        and not w.isdigit()
    ]


def _entry_words(entry: FaqEntry) -> set[str]:
    """Its answer's, phrasings' and id's words: "tagalog-phrases" names Tagalog."""
    texts = [entry.id, *(text for _, text in entry.answer.variants())]
    texts += [p for phrasings in entry.questions.values() for p in phrasings]
    return {w for text in texts for w in words(text)}


def _same_name(named: str, known: str) -> bool:
    """Whether a language named in a question is one the entry names, in another language or
    form: "rwandan" names Kinyarwanda, "indonesio" Indonesia; "tonga" does not name Nyanja."""
    return (
        named[:NAME_PREFIX] == known[:NAME_PREFIX]
        or named[: NAME_PREFIX + 1] in known
        or (len(known) > NAME_PREFIX and known[: NAME_PREFIX + 1] in named)
    )


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
