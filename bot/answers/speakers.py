"""Speakers named in a question: "when does budi santoso speak", "cuando habla el dr bounmy".

A delegate who names a speaker asks about the session they speak in. Both retrievers see the
name among many other words of the session, and the questions other meetings' delegates asked
about speakers *their* file did not have look the same to the encoder: on the development sets,
31 such questions got "I don't know" with the right session only offered as a button.

A name counts only where it can mean nothing else: a word of a speaker's name that the event
uses elsewhere ("Paz" at a meeting on peace, a contact's name, a room named after a poet) is
left to the retrievers, and so is a word two speakers share ("Condori" alone).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.answers.text import keys, words
from bot.event import Event, Text

# Titles before a name: they name nobody
TITLES = frozenset(
    "dr dra doctor doctora prof profe professeur professor mr mrs ms don dona sr sra mme".split()
)
SHORTEST_NAME = 3  # "Li" or "Ba" also spell other words too often
SHORTEST_STEM = 8  # "es:anim" (7 characters, the tag included) says too little


class SpeakerNames:
    """The words of the event's speakers' names that name one speaker and nothing else."""

    def __init__(self, event: Event) -> None:
        elsewhere = set(_words_of(_texts_besides_speakers(event)))
        self._speakers: dict[str, set[str]] = {}  # a speaker's name → the sessions they speak in
        self._names: dict[str, set[str]] = {}  # a word of a name → the names it is in
        self._affiliations: dict[str, frozenset[str]] = {}  # a name → its affiliation's keys
        for session in event.sessions:
            for speaker in session.speakers:
                self._speakers.setdefault(speaker.name, set()).add(session.id)
                named = [w for w in words(speaker.name) if w not in TITLES]
                for word in named:
                    if len(word) >= SHORTEST_NAME and word not in elsewhere:
                        self._names.setdefault(word, set()).add(speaker.name)
                if speaker.affiliation is not None:
                    known = self._affiliations.get(speaker.name, frozenset())
                    self._affiliations[speaker.name] = known | _keys_of(speaker.affiliation)

    def named(self, asked: list[str], typed: frozenset[str]) -> tuple[str, list[str]] | None:
        """The one speaker the question names, and the question's other words. A name is as
        typed: "maths" corrected to a speaker's "Matos" names nobody."""
        name_words = [w for w in asked if w in self._names and w in typed]
        if not name_words:
            return None
        speakers = set.intersection(*(self._names[w] for w in name_words))
        if len(speakers) != 1:
            return None
        speaker = speakers.pop()
        affiliation = self._affiliations.get(speaker, frozenset())
        others = [w for w in asked if w not in name_words and w not in TITLES]
        return speaker, [w for w in others if not keys(w) & affiliation]

    def affiliated(self, asked: list[str]) -> list[str]:
        """The speakers whose affiliation has every word asked ("the coordinator from haiti",
        "quién habla por Trinidad y Tobago": the words besides what one asks of a speaker)."""
        if not asked:
            return []
        spelt = [_spelt(w) for w in asked]  # once, not once for each speaker
        return sorted(
            name
            for name, affiliation in self._affiliations.items()
            if all(forms & affiliation for forms in spelt)
        )

    def sessions(self, speaker: str) -> set[str]:
        return self._speakers.get(speaker, set())


def _texts_besides_speakers(event: Event) -> Iterable[Text | str | None]:
    yield event.name
    yield event.description
    yield event.venue.name
    yield event.venue.address
    yield event.venue.directions
    for room in event.venue.rooms:
        yield from (room.name, room.directions, room.description)
    for contact in event.contacts:
        yield contact.name
    for session in event.sessions:
        yield from (session.title, session.description)
    for entry in event.faq:
        yield entry.answer
        for phrasings in entry.questions.values():
            yield from phrasings


def _words_of(texts: Iterable[Text | str | None]) -> Iterable[str]:
    for text in texts:
        if isinstance(text, str):
            yield from words(text)
        elif text is not None:
            for _, variant in text.variants():
                yield from words(variant)


def _spelt(word: str) -> frozenset[str]:
    """A word and its stems long enough to say which word it is: Spanish "anim" would make
    "animal" the "animadora" of an affiliation."""
    stems = (k for k in keys(word) if ":" in k and len(k) >= SHORTEST_STEM)
    return frozenset(stems) | {word}


def _keys_of(text: Text) -> frozenset[str]:
    """The keys of an affiliation's words in every language, concepts included: "from ecuador",
    "del museo nacional" say which speaker, not what is asked."""
    found: set[str] = set()
    for word in _words_of([text]):
        found |= {k for k in keys(word) if not k.startswith("@")} | {word}
    return frozenset(found)
