"""The searchable form of an event: one document per FAQ entry, session, venue topic and room.

A question's content words are scored against each document by *coverage*: how much of the
question (weighted by how rare each word is in the event, an IDF) the document explains, and
how much of the document's own headline the question names. Coverage, unlike a raw BM25 sum,
stays between 0 and 1 whatever the question's length, so one threshold separates "this is it"
from "I don't know" for a short "wifi?" and a long rambling message alike. Unknown words weigh
the most: a question about robotics is not answered by the workshop it shares a word with.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.answers.lexicon import FILLER, KNOWN_WORDS, NEUTRAL, STOPWORDS, VENUE_TOPICS
from bot.answers.text import keys, words
from bot.event import Event, Text

WEAK = 0.6
MIN_FUZZY_LENGTH = 6
# Five-letter typos ("coffe") are corrected only towards the event's own words: among the
# lexicon's short words too many are one letter apart ("match" and "march").
MIN_EVENT_FUZZY_LENGTH = 5
# A word the event never uses weighs like one found in this many documents: it is evidence that
# the question is about something else, but typos and chatter make it weaker than a rare word.
UNKNOWN_FREQUENCY = 5.0


@dataclass
class Document:
    kind: str
    id: str
    strong: set[str] = field(default_factory=set)
    weak: set[str] = field(default_factory=set)
    headlines: list[list[frozenset[str]]] = field(default_factory=list)
    words: set[str] = field(default_factory=set)

    def add(
        self, text: str, language: str | None = None, *, weak: bool = False, headline: bool = False
    ) -> None:
        content = content_words(words(text))
        self.words.update(content)
        target = self.weak if weak else self.strong
        word_keys = [keys(word, language) for word in content]
        for found in word_keys:
            target.update(found)
        if headline and content:
            self.headlines.append(word_keys)

    def add_text(self, text: Text | None, *, weak: bool = False, headline: bool = False) -> None:
        """Every language of a text; a plain string (one for all languages) has no language."""
        if text is None:
            return
        plain = len(text.values) == 1
        for language, value in text.variants():
            self.add(value, None if plain else language, weak=weak, headline=headline)

    def add_topic(self, concepts: frozenset[str]) -> None:
        """A venue topic: its concepts are what it is about, each a headline of its own."""
        self.strong.update(concepts)
        self.headlines.extend([frozenset({c})] for c in concepts)


def content_words(folded: Iterable[str]) -> list[str]:
    """The words that say what is asked: not function words, not chatter, not single letters."""
    return [
        w
        for w in folded
        if w not in STOPWORDS and w not in FILLER and w not in NEUTRAL and len(w) > 1
    ]


@dataclass(frozen=True)
class Match:
    document: Document
    coverage: float
    headline: float

    @property
    def score(self) -> float:
        return self.coverage * (0.8 + 0.2 * self.headline)


class EventIndex:
    """Built once per event load; answering a question then costs a few set operations."""

    def __init__(self, event: Event) -> None:
        self.documents = list(_documents(event))
        self._postings: dict[str, set[int]] = defaultdict(set)
        for number, document in enumerate(self.documents):
            for key in document.strong | document.weak:
                self._postings[key].add(number)
        # Room names are read by their own finder (``bot.answers.rooms``), not indexed here, but
        # they are the event's words all the same: "salle corail" must not be "corrected" into
        # the "coral" of a session's description.
        self._room_words = {
            w for room in event.venue.rooms for _, name in room.name.variants() for w in words(name)
        }
        event_words = {w for d in self.documents for w in d.words} | self._room_words
        self.vocabulary = sorted((event_words | KNOWN_WORDS) - {""})
        self._event_vocabulary = sorted(event_words - {""})
        self._event_words = frozenset(event_words)
        self._unknown_weight = math.log(1 + len(self.documents) / UNKNOWN_FREQUENCY)

    def weight(self, word_keys: frozenset[str]) -> float:
        """IDF of a word: rare in the event means it says much about what is asked."""
        frequency = len(set().union(*(self._postings.get(k, set()) for k in word_keys)))
        if frequency == 0:
            return self._unknown_weight
        return math.log(1 + len(self.documents) / frequency)

    def unknown_share(self, question: list[frozenset[str]]) -> float:
        """The share of the question's weight carried by words the event never uses."""
        weights = [self.weight(k) for k in question]
        total = sum(weights)
        unknown = sum(w for k, w in zip(question, weights, strict=True) if not self._found(k))
        return unknown / total if total else 0.0

    def _found(self, word_keys: frozenset[str]) -> bool:
        return any(k in self._postings for k in word_keys)

    def names(self, any_of: frozenset[str]) -> bool:
        """Whether the event's own text has one of these words as written, not only a word
        of the same concept: a nurse's room is not a pharmacy."""
        return not self._event_words.isdisjoint(any_of)

    def known(self, word: str) -> bool:
        return word in self._room_words or any(k in self._postings for k in keys(word))

    def correct(self, word: str) -> str:
        """A typo's nearest known word ("wokshop" → "workshop", "tomorow" → "tomorrow")."""
        if len(word) < MIN_EVENT_FUZZY_LENGTH or word in KNOWN_WORDS or self.known(word):
            return word
        if not word.isalpha():
            return word
        limit = 1 if len(word) < 8 else 2
        choices = self.vocabulary if len(word) >= MIN_FUZZY_LENGTH else self._event_vocabulary
        # two letters swapped ("closign") are one typo, as in the optimal string alignment
        found = process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=limit)
        return found[0] if found else word

    def score(self, question: list[frozenset[str]], kinds: set[str] | None = None) -> list[Match]:
        """Every document that explains part of the question, best first."""
        if not question:
            return []
        weights = [self.weight(k) for k in question]
        total = sum(weights)
        candidates: set[int] = set()
        for word_keys in question:
            for key in word_keys:
                candidates |= self._postings.get(key, set())
        matches = []
        # in the file's order: a sort keeps equals as they come, and a set's order would
        # follow the hash seed ("where can i pray": the mosque visit or the prayer room)
        for number in sorted(candidates):
            document = self.documents[number]
            if kinds is not None and document.kind not in kinds:
                continue
            explained = 0.0
            for word_keys, weight in zip(question, weights, strict=True):
                if word_keys & document.strong:
                    explained += weight
                elif word_keys & document.weak:
                    explained += weight * WEAK
            matches.append(Match(document, explained / total, _headline(document, question)))
        matches.sort(key=lambda m: m.score, reverse=True)
        return matches


def _headline(document: Document, question: list[frozenset[str]]) -> float:
    """The best share of one headline (an FAQ phrasing, a title) that the question names."""
    asked = frozenset().union(*question)
    best = 0.0
    for headline in document.headlines:
        named = sum(1 for word_keys in headline if word_keys & asked)
        best = max(best, named / len(headline))
    return best


def _documents(event: Event) -> Iterable[Document]:
    for entry in event.faq:
        document = Document("faq", entry.id)
        for language, phrasings in entry.questions.items():
            for phrasing in phrasings:
                document.add(phrasing, language, headline=True)
        document.add_text(entry.answer, weak=True)
        yield document
    for session in event.sessions:
        document = Document("session", session.id)
        document.add_text(session.title, headline=True)
        document.add(session.kind, "en")
        document.strong.update({"@start", "@end"})
        if session.speakers:
            document.strong.update({"@speak", "@speaker"})
        for speaker in session.speakers:
            document.add(speaker.name)
            document.add_text(speaker.affiliation, weak=True)
        document.add_text(session.description, weak=True)
        yield document
    venue = event.venue
    address = Document("venue", "address")
    address.add_topic(VENUE_TOPICS["address"])
    address.add_text(venue.name)
    address.add_text(venue.address, weak=True)
    yield address
    directions = Document("venue", "directions")
    directions.add_topic(VENUE_TOPICS["directions"])
    directions.strong.add("@venue")  # directions *to the venue*, not its address
    directions.add_text(venue.directions, weak=True)
    yield directions
    if venue.wifi:
        wifi = Document("venue", "wifi")
        wifi.add_topic(VENUE_TOPICS["wifi"])
        wifi.strong.add("@venue")  # the venue's wifi; its address is not its network
        wifi.add(venue.wifi.network, weak=True)
        yield wifi
    dates = Document("event", "dates")  # "dates?", "cuántos días dura el encuentro"
    dates.add_topic(frozenset({"@dates"}))
    dates.strong.add("@meeting")
    yield dates
