"""Parallel workshops called by their letter or number: "workshop B room?", "taller C donde".

Programmes name parallel workshops "Workshop A: …", "Taller 3 – …", and delegates use the label
alone, in any of the three languages. A single letter carries no weight in the lexical index
(it is dropped as a function word) and the encoder finds every workshop alike, so the label is
read here, from the titles of the event file, and names its workshop whatever the language.

A lowercase "a", "c" or "d" after a word for workshop is often not a label: "el taller a qué
hora", "l'atelier c'est où" (texted "c quand"), "l'atelier d'écriture". Such letters count only
where they cannot be those words; a capital letter always counts.
"""

from __future__ import annotations

import re

from bot.answers.text import keys, words
from bot.event import Event

WORKSHOP = "@workshop"
# In a title: a word for workshop, perhaps one more word ("Atelier parallèle B"), then the label
# and the punctuation that ends it ("Workshop A:", "Taller 3 –").
_TITLE_LABEL = re.compile(r"(\w+)(?:\s+\w+)?\s+([A-Z]|\d{1,2})\s*[:.–—-]")
# In a question, where the label's case is still known.
_WRITTEN_LABEL = re.compile(r"\b(\w+)\s+([A-Z]|\d{1,2})\b")
# Words that follow the preposition "a" ("a qué hora", "à quelle salle"), not a label "A".
_AFTER_PREPOSITION_A = frozenset(
    "que q quelle quel quelles quels la las los lo el l les partir qui quien cual donde ou".split()
)

# Words that follow a texted "c" ("c'est"): "atelier c quand", "l'atelier c loin ?".
_AFTER_TEXTED_C = frozenset(
    """
    est etait quoi koi quand ou qui comment combien pour a au aux la le les l dans un une bien
    pas ok loin quel quelle quels quelles par ici possible complet fini gratuit obligatoire
    """.split()
)


class WorkshopLabels:
    """The event's workshop labels (folded: "a", "3") and the session each names."""

    def __init__(self, event: Event) -> None:
        named: dict[str, set[str]] = {}
        for session in event.sessions:
            for _, title in session.title.variants():
                for head, label in _TITLE_LABEL.findall(title):
                    if _names_workshop(head):
                        named.setdefault(label.lower(), set()).add(session.id)
        # a label two sessions share ("Workshop 1" on each day) names neither
        self._sessions = {label: ids.pop() for label, ids in named.items() if len(ids) == 1}

    def find(self, text: str, folded: list[str]) -> str | None:
        """The session a question names by its label, if it names exactly one."""
        if not self._sessions:
            return None
        found = {
            self._sessions[label.lower()]
            for head, label in _WRITTEN_LABEL.findall(text)
            if label.lower() in self._sessions and _names_workshop(head) and not text.isupper()
        }
        for i, word in enumerate(folded[:-1]):
            label = folded[i + 1]
            named = label in self._sessions and _names_workshop(word)
            if named and _plain_label(label, folded[i + 2 : i + 3]):
                found.add(self._sessions[label])
        return found.pop() if len(found) == 1 else None


def _names_workshop(word: str) -> bool:
    folded = words(word)
    return len(folded) == 1 and WORKSHOP in keys(folded[0])


def _plain_label(label: str, following: list[str]) -> bool:
    """Whether a lowercase letter after a word for workshop is a label, not a word."""
    after = following[0] if following else ""
    if label == "a":  # "taller a q hora"; "a las 10" is already a time ("t1000")
        return after not in _AFTER_PREPOSITION_A and not re.fullmatch(r"t\d{4}", after)
    if label == "c":  # "atelier c quand" is "c'est quand"
        return after not in _AFTER_TEXTED_C
    if label == "d":  # "atelier d histoire": "d'" elides before a vowel or an h
        return not after or after[0] not in "aeiouyh"
    return True
