"""Food and drink in the rooms: "can i bring my coffee into the lab", "se puede comer en la
sala", "on peut manger dans la bibliothèque ?".

Meetings in a convent, a theatre or a lab have a house rule on eating inside, and delegates ask
it as a permission about a room, in words that share little with the entry that gives it ("Rules
of the caravanserai?"): the ranker answered 11 of the 25 such questions of the development sets.
The entry is found in the event's own FAQ, never named here: the one answer that, in one of its
languages, speaks of food or drink, of a room or a building, and restricts ("only in the patio",
"no se permite", "interdit"). When no entry or several do, the ranker decides.
"""

from __future__ import annotations

import re

from bot.answers.text import words
from bot.event import Event

_ASKED_FOOD = frozenset(
    "coffee coffees cafe cafes food snack snacks sandwich eat eating drink drinks comer comida"
    " merienda bocadillo bebida bebidas manger boire nourriture boisson boissons".split()
)
# Drinking water is a health question ("can i drink from the tap in my room"), not a house rule
_WATER = frozenset("water agua eau tap taps llave grifo robinet sink lavabo".split())
_PERMISSION = re.compile(
    r"\b(can (i|we|you)|may (i|we)|se puede|puedo|podemos|on peut|peut on|je peux|allowed"
    r"|permitido|permis|droit|ok to|is it ok)\b"
)
_INSIDE = frozenset(
    "room rooms sala salas salle salles hall halls auditorium auditorio amphi amphitheatre"
    " plenary plenaria pleniere lab labs laboratorio laboratoire library biblioteca bibliotheque"
    " chapel capilla chapelle theatre teatro inside dentro adentro interieur workshop workshops"
    " taller talleres atelier ateliers".split()
)
# What the entry's answer says, in any of its languages
_FOOD_SAID = frozenset(
    "food drink drinks coffee eat eating snacks beverages comida comer bebidas cafe alimentos"
    " nourriture manger boire boissons repas".split()
)
_ROOMS_SAID = frozenset(
    "room rooms hall halls auditorium building inside indoors lab laboratory library chapel"
    " theatre cloister workshops plenary classroom classrooms sala salas salon auditorio edificio"
    " dentro laboratorio biblioteca capilla teatro claustro talleres plenaria aulas salle salles"
    " amphitheatre batiment interieur laboratoire bibliotheque chapelle cloitre ateliers"
    " pleniere".split()
)
_RESTRICTS = re.compile(
    r"\b(not allowed|not permitted|prohibited|forbidden|only|outside|except|no food|no drinks?"
    r"|no se permite|prohibid[oa]s?|solo|solamente|fuera|excepto|interdit|interdits|uniquement"
    r"|seulement|dehors|sauf|pas de)\b"
)


class FoodRules:
    """The FAQ entry that says where food and drink may go, if exactly one does."""

    def __init__(self, event: Event) -> None:
        ruling = [
            entry.id
            for entry in event.faq
            if any(_rules_on_food(text) for _, text in entry.answer.variants())
        ]
        self.entry_id = ruling[0] if len(ruling) == 1 else None

    def asked(self, folded: list[str], room_named: bool) -> str | None:
        """The entry, for a question asking leave to eat or drink in a room."""
        asked = set(folded)
        if (
            self.entry_id is None
            or asked.isdisjoint(_ASKED_FOOD)
            or not asked.isdisjoint(_WATER)
            or not (room_named or not asked.isdisjoint(_INSIDE))
            or not _PERMISSION.search(" ".join(folded))
        ):
            return None
        return self.entry_id


def _rules_on_food(text: str) -> bool:
    folded = words(text)
    said = set(folded)
    return (
        not said.isdisjoint(_FOOD_SAID)
        and not said.isdisjoint(_ROOMS_SAID)
        and bool(_RESTRICTS.search(" ".join(folded)))
    )
