"""Finding the rooms a question names: "salon b", "la salle C", "room 201", "the terrace".

Room names are short and mostly made of words that mean "room" plus a letter or a number, which
every other matcher would throw away as noise, so rooms get their own small reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answers.lexicon import CONCEPTS, STOPWORDS
from bot.answers.text import keys, words
from bot.event import Event

MIN_STANDALONE = 4  # a room word shorter than this ("a", "b", "mar") must follow "room"/"sala"
MIN_BEFORE = 3  # ... or, before the word for room, be at least this long ("the tai room")
MIN_STEM = 5  # the shortest stem that names a room alone ("plenier" for "plénières")
# What may stand between the word for room and the name: "la salle du Léman", "sala de los
# Filaos"; not "which room is the workshop on…"
ARTICLES = frozenset("the of de del la las le les los el du des d l".split())


@dataclass(frozen=True)
class RoomMention:
    room_ids: tuple[str, ...] = ()
    used: frozenset[int] = frozenset()
    unknown: bool = False  # "salle D" where the venue has no room D
    # named as a room ("la sala cocle", "the quiver tree office"), not by one word that may
    # be a topic too ("garden", "coral")
    explicit: bool = False


def _is_room_word(word: str) -> bool:
    """ "Room", "salle", and "office": "Bureau 104" is asked for as "office 104", "oficina 104"."""
    return CONCEPTS.get(word) in ("@room", "@office")


def _identifying(name: list[str]) -> list[str]:
    """The words that tell one room from another: not "room", not "the"."""
    return [w for w in name if not _is_room_word(w) and _naming(w)]


def _spelling(word: str) -> frozenset[str]:
    """A word and its stems, not its concept: a room's name is a name ("Media Lab" is not about
    the climate, although "medio ambiente" is). A short stem says too little: French "terr" is
    "terrasse" and "terre"."""
    return frozenset(
        k for k in keys(word) if not k.startswith("@") and len(k.split(":")[-1]) >= MIN_STEM
    ) | {word}


def _naming(word: str) -> bool:
    """A word that can be part of a room's identifying name: "a" in "salon a" counts, and so
    does "sans" in "Salle Sans-Souci"; "de" in "Sala de los Filaos" does not."""
    return word not in STOPWORDS or len(word) == 1 or (len(word) >= 4 and word not in ARTICLES)


class RoomFinder:
    def __init__(self, event: Event) -> None:
        self._identifiers: dict[str, list[list[str]]] = {}
        for room in event.venue.rooms:
            sources = [room.id.replace("-", " ")]
            for _, name in room.name.variants():
                # "Salon A (salle plénière)": the sign's name and what people call it
                sources += [part for part in re.split(r"[()]", name) if part.strip()]
            names = [_identifying(words(source)) for source in sources]
            self._identifiers[room.id] = [n for n in names if n]
        self._words = {
            room_id: frozenset(w for name in names for w in name)
            for room_id, names in self._identifiers.items()
        }
        # "Gorée" is a room and the excursion's destination: alone, it names the excursion.
        # A speaker's name is not a room's either ("when is killa condori on").
        self._topics = {w for s in event.sessions for _, t in s.title.variants() for w in words(t)}
        self._topics |= {w for s in event.sessions for p in s.speakers for w in words(p.name)}
        # ... in any of its forms: "garden" is the topic of "school gardens"
        self._topic_spellings = frozenset().union(*map(_spelling, self._topics))
        # the forms of each room's words that name it alone, spelt once here rather than for
        # every word of every question
        self._standalone_spellings = {
            room_id: frozenset().union(*(_spelling(w) for w in room_words if self._standalone(w)))
            for room_id, room_words in self._words.items()
        }

    def _standalone(self, word: str) -> bool:
        """A room word that names the room on its own ("terraza"), not a topic ("plenaria")."""
        return (
            len(word) >= MIN_STANDALONE
            and not any(k.startswith("@") for k in keys(word))  # "open-air": "who opens it"
            and not _spelling(word) & self._topic_spellings
        )

    def _sequence_at(self, question: list[str], start: int) -> tuple[str, list[int]] | None:
        """A room's whole identifying name written out ("lab 3", "las palmas", "jardín de los
        filaos"), articles and prepositions skipped as in the name itself."""
        if not _naming(question[start]):
            return None
        following = [i for i in range(start, len(question)) if _naming(question[i])]
        for room_id, names in self._identifiers.items():
            for name in names:
                span = following[: len(name)]
                if len(name) > 1 and [question[i] for i in span] == name:
                    return room_id, span
        return None

    def find(self, question: list[str]) -> RoomMention:
        found: dict[str, None] = {}
        used: set[int] = set()
        unknown = explicit = False
        for i, word in enumerate(question):
            after = question[i + 1] if i + 1 < len(question) else ""
            if self._room_of_a_session(question, i):
                continue
            if _is_room_word(word) and i > 0 and (named := self._named_by(question[i - 1])):
                found.update(dict.fromkeys(named))  # "the plenary room", "corail room"
                used.update({i - 1, i})
                explicit = True
            elif _is_room_word(word) and after:
                # "la salle du Léman", "sala de los Filaos": articles before the name
                name_at = next(
                    (j for j in range(i + 1, len(question)) if question[j] not in ARTICLES),
                    len(question),
                )
                rooms = self._starting_with(question[name_at]) if name_at < len(question) else []
                if rooms:
                    found.update(dict.fromkeys(rooms))
                    used.update({i, name_at})
                    explicit = True
                elif len(after) <= 3 and after.isalnum() and after not in STOPWORDS - {"a", "d"}:
                    unknown = True
                    used.update({i, i + 1})
            elif sequence := self._sequence_at(question, i):
                room_id, span = sequence
                found[room_id] = None
                used.update(range(span[0], span[-1] + 1))
                explicit = True
            elif len(word) >= MIN_STANDALONE and word not in STOPWORDS:  # "como" is no "Comoé"
                spelt = _spelling(word)
                for room_id, spellings in self._standalone_spellings.items():
                    if spelt & spellings:
                        found[room_id] = None
                        used.add(i)
        if found:
            unknown = False
            # the rest of a room's name is part of naming it: "le patio-jardin" names the patio
            names = frozenset().union(*(self._words[r] for r in found))
            used.update(i for i, w in enumerate(question) if w in names)
            # and so is the word for room beside it: "the quiver tree office"
            used.update(
                i for i, w in enumerate(question)
                if _is_room_word(w) and {i - 1, i + 1} & used
            )  # fmt: skip
        return RoomMention(tuple(found), frozenset(used), unknown, explicit)

    def _room_of_a_session(self, question: list[str], at: int) -> bool:
        """ "Ocean literacy workshop room?": the room of a session, named by its topic and its
        kind, not the room called "(workshop room)". The word before the word for room is a
        word of the sessions' titles, and so is one before it that is not a small word."""
        if not _is_room_word(question[at]) or at < 2:
            return False

        def topical(word: str) -> bool:
            return word in self._topics and word not in STOPWORDS

        return topical(question[at - 1]) and any(map(topical, question[: at - 1]))

    def _starting_with(self, word: str) -> list[str]:
        """The rooms one of whose identifying names starts with this word."""
        spelt = _spelling(word)
        return [
            room_id
            for room_id, names in self._identifiers.items()
            if any(_spelling(name[0]) & spelt for name in names)
        ]

    def _named_by(self, word: str) -> list[str]:
        """The rooms a word put before the word for room names ("the plenary room" for "plenary
        hall", "computer room" for "computer lab")."""
        if len(word) < MIN_BEFORE or word in STOPWORDS:  # "is there a room…" names no "Salon A"
            return []
        return self._starting_with(word)
