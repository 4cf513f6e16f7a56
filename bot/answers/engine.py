"""Free-text questions in, what they mean out: the seam between a delegate's words and the event.

``Answerer.understand`` is plain Python (text, now → ``Understood``, a typed target from
``bot.answers.understood``) so the bot, the ``ask`` command and the benchmark run the very same
code; ``bot.answers.render`` puts it into words. The method, in order:

1. fold the text (case, accents, punctuation, known phrases) and answer pure small talk;
2. read *when* the question is about (day, part of day, clock time, now/next) and which rooms
   it names, relative to the current time in the event's zone;
3. score the remaining content words against every FAQ entry, session and venue topic by
   IDF-weighted coverage (``bot.answers.index``), sessions filtered by the time and room asked
   about;
4. answer the best match if it explains enough of the question, a day's programme or now/next
   if the question has no topic of its own, a room if only a room was named — and otherwise say
   honestly that the bot does not know. Two close matches make it ask "Did you mean…?".
5. an "I don't know" still offers, as buttons, the few matches that explain part of the
   question: the bot states no fact it is unsure of, and the delegate is one tap from the
   answer when a paraphrase shared too few words with the event file.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.answers import hybrid
from bot.answers.asked_time import AskedTime, read_asked_time
from bot.answers.embedding_cache import EmbeddingCache
from bot.answers.encoder import Encoder
from bot.answers.food_rules import FoodRules
from bot.answers.hybrid import NO_SIMILARITY, Candidate, Scored
from bot.answers.index import EventIndex, Match, content_words
from bot.answers.labels import WORKSHOP, WorkshopLabels
from bot.answers.lexicon import (
    ABOUT,
    AFTER_WORDS,
    ANOTHER,
    BEFORE_WORDS,
    CONCEPTS,
    DAYS,
    EAT_WORDS,
    GOODBYES,
    GREETED,
    GREETING_TIMES,
    GREETINGS,
    HOTELS,
    HOTELS_AS,
    HOW_ARE_YOU,
    LONE_BESIDE,
    LONE_OBJECTS,
    LONE_TOPICS,
    MONTHS,
    OPENS,
    OPENS_AS,
    OPENS_MEETING_AS,
    ORDINALS,
    PLACE_CONCEPTS,
    RELATIVE_DAYS,
    SCHEDULE_CONCEPTS,
    SEE_YOU,
    SESSION_NOUNS,
    SMALLTALK_WORDS,
    THANKS,
    THIS,
    UNDER_WAY,
    UNTIL,
    VENUE_TOPICS,
    WHEN_WORDS,
    WHERE_WORDS,
    WHICH,
)
from bot.answers.local_words import LocalCourtesies
from bot.answers.render import render
from bot.answers.rooms import RoomFinder, RoomMention
from bot.answers.semantic import SemanticIndex, document_key
from bot.answers.speakers import SpeakerNames
from bot.answers.text import keys, words
from bot.answers.understood import (
    Courtesy,
    DayTarget,
    DidYouMean,
    Fallback,
    FaqTarget,
    MeetingDates,
    Moment,
    MomentTarget,
    NoQuestion,
    RoomTarget,
    SessionTarget,
    SmallTalk,
    Target,
    Topic,
    Understood,
    VenueTarget,
    VenueTopic,
    as_topic,
)
from bot.event import Event, Session, Text
from bot.i18n import Translator
from bot.ui.views import Reply

log = logging.getLogger(__name__)

ACCEPT = 0.6  # share of the question a match must explain to be given as the answer
FAQ_WHEN_ASKED_WHEN = 0.8  # "when"/"where" questions and dated ones are about the programme
CLARIFY_MARGIN = 0.04  # two matches closer than this (and both acceptable) make the bot ask
MAX_QUESTION_WORDS = 80  # a whole essay pasted in is cut: the question is near the start
MAX_QUESTION_CHARS = 280  # ... and so is a 4,000-character "word": encoding costs grow with it
SUGGEST = 0.35  # share of the question a match must explain to be offered on an "I don't know"
MAX_SUGGESTIONS = 3
CANDIDATES = 8  # items each retriever brings to the hybrid choice
LEISURE = frozenset({"break", "meal", "social"})  # not what "when does it finish" is about
HEADLINE_NAMED = 0.5  # share of an FAQ phrasing a question names for the entry to be its own
MEETING_CONCEPTS = frozenset({"@meeting", "@start", "@end", "@dates"})  # "when is the meeting"
EVENING_CONCEPTS = frozenset({"@dinner", "@reception"})  # what a delegate calls the evening's event
# What a delegate asks of a session beside its name: where, who speaks or runs it, what it is
# about, when it starts or ends
ASKED_OF_A_SESSION = PLACE_CONCEPTS | {WORKSHOP, "@speaker", "@manage", "@theme", "@start", "@end"}
# ... and in which language ("¿el taller C en inglés?"), when the session is named by a label or
# its topic; "hay traducción en las plenarias", "is the plenary translated" (the one plenary)
# ask about the meeting's interpretation
LANGUAGE_ASKED = frozenset({"@interpretation", "@language"})
# What a question relative to another session may ask for first: "what's the workshop after
# lunch", "what comes right before lunch"; any other topic is what it asks about
SESSION_KINDS = frozenset(
    {"@workshop", "@panel", "@plenary", "@keynote", "@break", "@lunch", "@dinner", "@breakfast",
     "@reception", "@opening", "@closing"}
)  # fmt: skip
NAMED_BY_KIND = SESSION_KINDS | {"@outing"}
RATE = "exchangerate"  # the token of "exchange rate", "tipo de cambio", "taux de change"…
PHARMACY = frozenset(
    "pharmacy pharmacies pharmacie farmacia farmacias drugstore drugstores chemist chemists "
    "botica boticas".split()
)
# A vaccine, or yellow fever, which needs one: "vaccin fièvre jaune obligatoire ?"
VACCINES = frozenset(
    "vaccin vaccins vaccine vaccines vaccinated vaccination vaccinations vacciner vaccinee "
    "vacuna vacunas vacunar vacunarme vacunarse vacunado vacunada vacunacion amarilla "
    "amarile".split()
)
# Not "prix" (a prize too), "cuesta" (a surname too) or "cost" ("claim my flight cost back")
PRICE_WORDS = frozenset(
    "price prices precio precios tarif tarifs tarifa tarifas coute coutent fee fees".split()
)
PRICE_PAIRS = frozenset(
    tuple(pair.split("+"))
    for pair in "how+much est+combien fait+combien cuanto+es cuanto+sale cuanto+pagan "
    "cuanto+dan cuanto+cobran cuanto+cuesta cuanto+cuestan".split()
)
# "How much time is left", "how much cash do i need": no price
NOT_PRICED = frozenset("time longer later cash money".split())
# A figure in a text: a number that is no time of day ("8:00", "9h30", "de 8 h à 10 h"), no year
FIGURE = re.compile(r"(?<![\d:])(?<!\dh)(?<!\d h )(?!(?:19|20)\d\d\b)\d+(?!\d|\s?[:h]\d\d|\s?h\b)")
# Where a room is, beside its name; "upstairs", no word of the lexicon, may be read "stairs"
UP_OR_DOWN = frozenset("upstairs downstairs stairs arriba abajo".split())
YELLOW_FEVER = (frozenset({"yellow", "fever"}), frozenset({"fievre", "jaune"}))
# A file that says "yellow" or "jaune" may well speak of yellow fever: it is left to answer
VACCINES_NAMED = VACCINES | {"yellow", "jaune"}
# What an address is asked with: which part of it, and how exactly
ADDRESS_WORDS = frozenset(
    """
    street calle rue postal code codigo exact exacta exacto exacte exactement full complete
    completa complet
    """.split()
)
# "Who's speaking now": who speaks, asked of the moment
SPEAKING = frozenset({"@speak", "@speaker"})
# "Quién da el taller de batik": who speaks or runs something, which an FAQ entry never does
RUNNING = SPEAKING | {"@manage"}
WHO_WORDS = frozenset({"who", "whos", "quien", "quienes", "qui"})
# What a delegate asks beside a speaker's name: "when does X speak", "X's workshop, which room"
ASKED_OF_A_SPEAKER = ASKED_OF_A_SESSION | SESSION_KINDS | {"@speak", "@participant"}
# Leaving by bus or coming back: an outing's, whatever else is asked
LEAVING = frozenset(
    """
    bus buses busses coach coaches autocar autocares autobus autobuses minibus minibuses salen
    sale parten partent depart departs departure vuelve volvemos regresamos
    """.split()
)
# What one asks of an outing beside its name: the buses, when they leave and come back. The
# words beside ``LEAVING`` count for an outing only beside a visit named: one leaves bags,
# parks a car ("car" is also a French coach), goes into a building ("on rentre dans le lycée")
# or reports back ("le retour sur la visite")
OUTING_WORDS = LEAVING | frozenset(
    """
    car cars leave leaves part partons return back regreso rentre rentrons retour guide guia
    """.split()
)
# "To the airport": where a shuttle goes
TOWARDS = frozenset("to al pour vers hacia".split())
# Taking the bus is asking about the bus: "on prend le bus où pour la visite de demain"
BOARDING = frozenset(
    "take takes prend prendre prends tomar toma tomo tomamos coger cogemos".split()
)
# What a delegate calls an outing when its buses are asked about: "la visita", "the trip"
VISIT_WORDS = frozenset(
    """
    visit visits visita visitas visite visites trip trips viaje sortie sorties salida excursion
    excursiones tour gira
    """.split()
)
# Kinds of session one takes a bus to; a talk's kind named ("retour sur la visite en
# plénière") asks for the talk
OUTING_KINDS = frozenset({"other", "social", "meal"})
TALK_KINDS = frozenset({"@workshop", "@panel", "@plenary", "@keynote"})
RIGHT_BEFORE = frozenset("right just juste justo inmediatamente immediately straight".split())
LUNCH_HOURS = (11, 15)  # "después de comer": the meal that starts then is lunch
EVENING_HOURS = (17, 24)  # a dinner asked with a day alone ("hay cena hoy") is in the evening


@dataclass(frozen=True)
class Answer:
    """What was understood and its reply, for those that show both: ``main.py ask``, the
    benchmark, tests. The bot renders the ``Understood`` itself, with the delegate's follows."""

    understood: Understood
    reply: Reply

    @property
    def kind(self) -> str:
        return self.understood.kind

    @property
    def id(self) -> str | None:
        return self.understood.id

    @property
    def alternatives(self) -> tuple[tuple[str, str], ...]:
        return self.understood.alternatives

    @property
    def suggestions(self) -> tuple[tuple[str, str], ...]:
        return self.understood.suggestions

    @property
    def confidence(self) -> float | None:
        return self.understood.confidence


class Answerer:
    """Answers questions about one event; built once per event (re)load.

    With a ``SemanticIndex`` the topic of a question is chosen by the hybrid model
    (``bot.answers.hybrid``); without one (no encoder on this machine) by lexical coverage alone.
    """

    def __init__(self, event: Event, semantic: SemanticIndex | None = None) -> None:
        self.event = event
        self.semantic = semantic
        self.index = EventIndex(event)
        self.rooms = RoomFinder(event)
        self.labels = WorkshopLabels(event)
        self.local_words = LocalCourtesies(event)
        self.food_rules = FoodRules(event)
        self.speakers = SpeakerNames(event)
        # The meeting's own name and where it is held ("la reunión de la redPEA en Rabat"): the
        # venue's words, not their concepts ("a venue" names any place)
        venue = _text_keys(event.venue.name) | _text_keys(event.venue.address)
        self._name_keys = _text_keys(event.name) | {k for k in venue if not k.startswith("@")}
        self._title_keys = {s.id: _text_keys(s.title) for s in event.sessions}
        # what may stand beside "du combien au combien": the meeting, "l'atelier" of its name
        self._dated_beside = MEETING_CONCEPTS | self._name_keys | {"@aspnet", "@count"}
        self._heads = {s.id: _heads(s.title) for s in event.sessions}
        self._visits = {s.id for s in event.sessions if _names_visit(s.title)}
        folded = {e.id: [words(p) for ps in e.questions.values() for p in ps] for e in event.faq}
        self._lone_entries = {concept: _entries_asking(folded, concept) for concept in LONE_TOPICS}
        self._lodging = bool(self.index.score([keys(HOTELS_AS)], kinds={"faq"}))
        self._held_in_hotel = not HOTELS.isdisjoint(_text_keys(event.venue.name))
        self._phrasings = {
            " ".join(words(p)): entry.id
            for entry in event.faq
            for phrasings in entry.questions.values()
            for p in phrasings
        }

    def answer(self, text: str, t: Translator, now: datetime) -> Answer:
        understood = self.understand(text, now)
        return Answer(understood, render(self.event, understood.target, t, now))

    def understand(self, text: str, now: datetime) -> Understood:
        folded = [self.index.correct(w) for w in words(text)[:MAX_QUESTION_WORDS]]
        if not folded:
            # letters of a script the engine does not read ("Где обед?") still make a
            # question: the honest "I don't know", with the organisers, not "type a question"
            lettered = any(character.isalpha() for character in text)
            return Understood(Fallback() if lettered else NoQuestion())
        small = _smalltalk(folded) or self.local_words.said(folded)
        if small:
            return Understood(SmallTalk(small))
        exact = self._phrasings.get(" ".join(folded))
        if exact:
            return Understood(FaqTarget(exact))
        # "como se dice gracias en fon": the entry that teaches local words; in a language it
        # does not name ("how do you say good morning in Tonga") the ranker decides, and that
        # entry is offered, not stated (below)
        how_to_say = self.local_words.asked_how_to_say(words(text)[:MAX_QUESTION_WORDS])
        if how_to_say and how_to_say[1]:
            return Understood(FaqTarget(how_to_say[0]))
        relative = self._relative(folded, now)
        if relative:
            return Understood(relative)
        when = read_asked_time(folded, self.event, now)
        asks_where = any(w in WHERE_WORDS for w in folded)
        asks_when = asks_where or any(w in WHEN_WORDS for w in folded)
        rooms = self.rooms.find(folded)
        food_rule = self.food_rules.asked(folded, bool(rooms.room_ids))
        if food_rule:  # "can i bring my coffee into the lab": the house rule on eating inside
            return Understood(FaqTarget(food_rule))
        remaining = [w for i, w in enumerate(folded) if i not in when.used and i not in rooms.used]
        content = content_words(remaining)
        topical = [w for w in content if not (keys(w) & SCHEDULE_CONCEPTS)]
        others = [w for w in topical if w not in OPENS]
        meeting_words = sum("@meeting" in keys(w) for w in others)
        if len(others) < len(topical) and others and meeting_words in (0, len(others)):
            opens = OPENS_MEETING_AS if meeting_words else OPENS_AS
            topical = [opens if w in OPENS else w for w in topical]
        if topical and self._lodging and all(w in HOTELS for w in topical):
            topical = [HOTELS_AS]
        question = " ".join(text.split()[:MAX_QUESTION_WORDS])[:MAX_QUESTION_CHARS]
        labelled = self.labels.find(question, folded)
        if labelled and self._only_about(labelled, topical):
            return Understood(SessionTarget(labelled))
        if not when.day and not rooms.room_ids and _asks_which_day(folded, topical):
            return Understood(MeetingDates())
        if _asks_date_range(folded) and all(keys(w) & self._dated_beside for w in topical):
            return Understood(MeetingDates())
        if (
            _asks_until_when(folded)
            and not rooms.room_ids
            and all(keys(w) & {"@meeting", "@end"} for w in topical)
        ):  # "hasta q hora vamos hoy??", "jusqu'à quelle heure on reste ?": the day's end
            last = self._last_session(when.day or self._default_day(now))
            if last:
                return Understood(SessionTarget(last.id))
        current = self._current(folded, topical, when, rooms, now)
        if current:
            return Understood(current)
        # "first thing tomorrow morning?", "jeudi matin il y a quoi en premier"
        if not rooms.room_ids and when.day and all(ORDINALS.get(w) == 1 for w in topical):
            first = any(ORDINALS.get(w) == 1 for i, w in enumerate(folded) if i not in when.used)
            session = self._first_session(when.day, when.hours) if first else None
            if session:
                return Understood(SessionTarget(session.id))
        decided = self._decide(question, topical, when, rooms, now, asks_when, asks_where)
        # "how much is the daily allowance", "cuánto cuesta el taxi": an entry with no figure in
        # it does not say (on the development sets, 116 of the 119 price questions an FAQ entry
        # answers have a figure in its answer); nor does the local-words entry for a language it
        # does not name; nor is the venue's wifi a hotel's, unless the venue is a hotel (on the
        # development sets, so labelled in all 19 questions on a hotel's wifi). Each is offered,
        # not stated
        unpriced = _asks_price(words(question)) and self._without_figures(decided.target)
        untaught = bool(how_to_say) and (decided.kind, decided.id) == ("faq", how_to_say[0])
        hotel_wifi = (decided.kind, decided.id) == ("venue", "wifi") and not (
            self._held_in_hotel or HOTELS.isdisjoint(folded)
        )
        if unpriced or untaught or hotel_wifi:
            return Understood(Fallback(self._suggestions([(decided.kind, decided.id or "")])))
        return decided

    def _without_figures(self, target: Target) -> bool:
        """Whether the FAQ entry or session stated has no figure in any of its texts: a number
        that is no time of day ("from 8:00 to 10:00") and no year."""
        if isinstance(target, FaqTarget):
            entry = self.event.faq_entry(target.entry_id)
            texts = [entry.answer] if entry else []
        elif isinstance(target, SessionTarget):
            session = self.event.session(target.session_id)
            texts = [session.title, session.description] if session else []
        else:
            return False
        return not any(
            FIGURE.search(value) for text in texts if text for _, value in text.variants()
        )

    def _decide(
        self,
        question: str,
        topical: list[str],
        when: AskedTime,
        rooms: RoomMention,
        now: datetime,
        asks_when: bool,
        asks_where: bool,
    ) -> Understood:
        if rooms.room_ids:  # "the restaurant in the building": the room is the place asked
            topical = [w for w in topical if "@venue" not in keys(w)]
            if topical and all(w in UP_OR_DOWN or "@lost" in keys(w) for w in topical):
                # "nkyinkyim room pls, i'm lost", "room sourou, is it upstairs?": where it is
                topical, asks_where = [], True
        asked_place = [w for w in topical if keys(w) & PLACE_CONCEPTS]
        topic = [w for w in topical if w not in asked_place]
        about_meeting = self._about_meeting(topic, when, now, asks_when, asks_where, asked_place)
        if about_meeting and not rooms.room_ids:  # "la oficina b12": the room is asked about
            return Understood(about_meeting)
        # a day's forecast, today's exchange rate, another meeting, a pharmacy or a vaccine the
        # file never names: what the file does not give; its entry on the climate, on changing
        # money, on first aid or on malaria is offered, not stated (the rate: 36 questions on
        # the development sets, all out of scope; the pharmacy: 20 of 20; the vaccine: 55 of 55)
        typed = frozenset(words(question))  # as typed, before typos are corrected
        forecast = bool(when.day) and self._forecast(topic)
        rate = RATE in topic and not self.index.known(RATE)
        pharmacy = not typed.isdisjoint(PHARMACY) and not self.index.names(PHARMACY)
        vaccine = _asks_vaccine(typed) and not self.index.names(VACCINES_NAMED)
        if forecast or rate or pharmacy or vaccine or _another_meeting(topic, typed):
            matches = self._matches([keys(w) for w in topic], when, rooms, now, False)
            return Understood(Fallback(self._suggestions(_items(matches, SUGGEST))))
        lone = None if rooms.room_ids else self._lone_topic(topic, when, typed)
        if lone:
            return Understood(FaqTarget(lone))
        # "quién da el taller de batik", "l'atelier candombe c'est dans quelle salle", "taller C
        # en inglés?": who runs a workshop, a panel… named by its kind, where or in which
        # language it is, asks for the session (``_titled_instead``)
        in_language = any(keys(w) & LANGUAGE_ASKED for w in topical)
        of_session = bool(typed & WHO_WORDS or asks_where or asked_place or in_language) and any(
            keys(w) & NAMED_BY_KIND for w in topical
        )
        if when.now and topic and all("@workshop" in keys(w) or w in UNDER_WAY for w in topic):
            # "quels ateliers en ce moment ?"; "taller en el salón Ilopango ahorita": its own
            in_room = self._room_session(when, rooms, now) if rooms.room_ids else None
            return Understood(SessionTarget(in_room.id) if in_room else MomentTarget(Moment.NOW))
        if (
            when.now
            and not when.next
            and topic
            and all(keys(w) & SPEAKING or w in SESSION_NOUNS or w in ABOUT for w in topic)
        ):
            # "who's speaking right now", "qui parle en ce moment", "la sesión de ahora quién
            # la da", "de qué se trata la sesión de ahora": the session under way
            return Understood(self._under_way(rooms, now))
        evening = None if rooms.room_ids else self._evening(topic, when, now)
        if evening:
            return Understood(SessionTarget(evening.id))
        meal = self._meal_time(topic, when, now) if asks_when and not asks_where else None
        if meal:
            return Understood(SessionTarget(meal.id))
        session = self._session_at(when, rooms, now) if when.clock else None
        if session and (rooms.room_ids or not topic or self._explains(topic, session)):
            return Understood(SessionTarget(session.id))
        only_titled = self._only_titled(topic, when, rooms, now)
        if only_titled:
            return Understood(SessionTarget(only_titled.id))
        if rooms.unknown and not topic:
            return Understood(Fallback())
        departure = self._departure(topic, when, rooms, now) if asks_when or asks_where else None
        if departure:
            return Understood(SessionTarget(departure.id))
        by_speaker = self._speaker_session(typed, topic, when, rooms, now)
        if by_speaker:
            return Understood(SessionTarget(by_speaker.id))
        if topic:
            favour_sessions = asks_when or when.any_time
            matches = self._matches([keys(w) for w in topical], when, rooms, now, favour_sessions)
            if self.semantic is not None:
                asked = hybrid.Asked(
                    time=asks_when and not asks_where,
                    place=asks_where,
                    dated=when.any_time,
                    of_session=of_session,
                )
                return self._hybrid(question, topical, matches, when, rooms, now, asked)
            candidates = _items(matches, 0.0)
            stated = bool(matches) and matches[0].coverage >= ACCEPT and not _mixed_venue(topical)
            if stated and _directions_to_airport(question, candidates[0]):  # as in ``_hybrid``
                stated = False
            titled = None
            asked_when = asks_when and not asks_where
            if stated and (asked_when or of_session):  # as in ``_hybrid``
                titled = self._titled_instead(candidates, topical, asked_when)
            if titled:
                return Understood(SessionTarget(titled))
            if stated:
                ordered = self._next_match_first(matches, topical, now, when.ordinal)
                return Understood(self._with_alternatives(ordered))
            if rooms.room_ids and not matches and (asks_where or rooms.explicit):
                return Understood(RoomTarget(rooms.room_ids[0]))  # as in ``_hybrid``
            return Understood(Fallback(self._suggestions(_items(matches, SUGGEST))))
        if rooms.room_ids:
            in_room = None if asks_where else self._room_session(when, rooms, now)
            if in_room:
                return Understood(SessionTarget(in_room.id))
            return Understood(RoomTarget(rooms.room_ids[0]))
        if asked_place and not (when.any_time or when.now or when.next):  # "now in the rooms"
            matches = self._matches([keys(w) for w in asked_place], when, rooms, now, False)
            if matches and matches[0].coverage >= ACCEPT:
                return Understood(self._with_alternatives(matches))
        return Understood(self._schedule(when, now))

    def _relative(self, folded: list[str], now: datetime) -> SessionTarget | None:
        """ "What's after lunch?", "¿qué hay antes de la clausura?": the session that follows
        (or precedes) the one named, on the same day. The words that say when ("after the
        workshops this afternoon") do not name the anchor; with no day asked, the anchor is the
        session named best, today's first among equals, then any day's ("what's after the
        youth panel" on day one). A question that names another topic first asks about that
        topic ("where do I send my slides before my talk"): on the development sets, 25 of the
        33 questions so worded were answered with a wrong session. And "after the meeting" is
        after all of it."""
        position = next((i for i, w in enumerate(folded) if w in AFTER_WORDS | BEFORE_WORDS), None)
        if position is None:
            return None
        when = read_asked_time(folded, self.event, now)
        asked_first = [
            w for w in content_words(
                [w for i, w in enumerate(folded[:position]) if i not in when.used]
            )
            if not keys(w) & (SCHEDULE_CONCEPTS | SESSION_KINDS) and w not in RIGHT_BEFORE
        ]  # fmt: skip
        if asked_first:  # "where do i send my powerpoint before my talk": the slides are asked
            return None
        named = [
            w for w in content_words(
                [w for i, w in enumerate(folded) if i > position and i not in when.used]
            )
            if not (keys(w) & SCHEDULE_CONCEPTS) and w not in RELATIVE_DAYS
        ]  # fmt: skip
        if not named or all(keys(w) & {"@meeting"} for w in named):
            return None  # "a shuttle to the airport after the meeting": after all the sessions
        if all(w in EAT_WORDS for w in named):  # "y antes de comer": the midday meal
            midday = self._started_within(self.event.sessions, LUNCH_HOURS)
            sessions = sorted((s for s in midday if s.kind == "meal"), key=lambda s: s.start)
        else:
            sessions = self._named_sessions(named, when, now)
        if when.hours:  # "after the afternoon coffee break"
            sessions = self._started_within(sessions, when.hours)
        day = when.day or self._default_day(now)
        on_day = [s for s in sessions if self.event.local(s.start).date() == day]
        if not when.day and not on_day:
            on_day = sessions[:1]
        if not on_day:
            return None
        anchor = on_day[0]
        day = self.event.local(anchor.start).date()
        same_day = self.event.sessions_on(day)
        if folded[position] in AFTER_WORDS:
            found = [s for s in same_day if s.start >= anchor.end and s.id != anchor.id]
            chosen = min(found, key=lambda s: s.start, default=None)
        else:
            found = [s for s in same_day if s.end <= anchor.start and s.id != anchor.id]
            chosen = max(found, key=lambda s: s.end, default=None)
        return SessionTarget(chosen.id) if chosen else None

    def _current(
        self,
        folded: list[str],
        topical: list[str],
        when: AskedTime,
        rooms: RoomMention,
        now: datetime,
    ) -> SessionTarget | MomentTarget | None:
        """ "What's this session about?", "qui parle dans cet atelier ?": asked from a seat,
        "this" session is the one under way; with parallel ones under way, all of them."""
        pointed = any(
            w in THIS and (n in SESSION_NOUNS or keys(n) & SESSION_KINDS)
            for w, n in itertools.pairwise(folded)
        )
        today = self.event.local(now).date()
        if (
            not pointed
            or rooms.room_ids
            or when.clock
            or when.next
            or (when.day and when.day != today)
            or any(w in AFTER_WORDS | BEFORE_WORDS for w in folded)
            or not all(keys(w) & ASKED_OF_A_SPEAKER or w in ABOUT for w in topical)
        ):
            return None
        if not any(s.start <= now < s.end for s in self.event.sessions):
            return None
        return self._under_way(rooms, now)

    def _under_way(self, rooms: RoomMention, now: datetime) -> SessionTarget | MomentTarget:
        """The session under way in the room asked, or the only one; with parallel ones under
        way, or none, the programme of the moment says what is on."""
        under_way = [
            s for s in self.event.sessions if s.start <= now < s.end and _held_in(s, rooms)
        ]
        if len(under_way) == 1:
            return SessionTarget(under_way[0].id)
        return MomentTarget(Moment.NOW)

    def _speaker_session(
        self,
        typed: frozenset[str],
        topic: list[str],
        when: AskedTime,
        rooms: RoomMention,
        now: datetime,
    ) -> Session | None:
        """The session of the one speaker the question names (``SpeakerNames``), asked when,
        where or who, with no other word beside it ("quand parle le professeur martin dubois"
        is another Dubois): the only one of theirs that fits the day, time and room asked (their
        only one if none does), or the only one whose title names the kind asked ("Julien
        Moreau's workshop")."""
        named = self.speakers.named(topic, typed)
        if named is None:
            return self._affiliated_session(topic)
        speaker, others = named
        if not all(keys(w) & ASKED_OF_A_SPEAKER for w in others):
            return None
        theirs = [
            s for session_id in sorted(self.speakers.sessions(speaker))
            if (s := self.event.session(session_id)) is not None
        ]  # fmt: skip
        # "is samuel baptiste speaking today?" when he speaks on thursday: his session says so
        sessions = [s for s in theirs if self._fits(s, when, rooms, now)] or theirs
        kinds = [w for w in others if keys(w) & SESSION_KINDS]
        if len(sessions) > 1 and kinds:
            sessions = [s for s in sessions if all(self._titled([w], s.id) for w in kinds)]
        return sessions[0] if len(sessions) == 1 else None

    def _affiliated_session(self, topic: list[str]) -> Session | None:
        """ "When does the coordinator from haiti speak", "qui parle pour le Pérou": asked who
        speaks, the one session of the speakers whose affiliation has the question's other
        words. Two sessions with a speaker from the ministry leave it to the retrievers, and so
        does a kind of session named ("qui parle à la plénière des jeunes"), and "who is the
        president of ecuador", which asks no one to speak."""
        asks_speaking = any(keys(w) & SPEAKING for w in topic)
        if not asks_speaking or any(keys(w) & SESSION_KINDS for w in topic):
            return None
        rest = [w for w in topic if not keys(w) & ASKED_OF_A_SPEAKER]
        sessions = {
            s for name in self.speakers.affiliated(rest) for s in self.speakers.sessions(name)
        }
        return self.event.session(sessions.pop()) if len(sessions) == 1 else None

    def _named_sessions(self, named: list[str], when: AskedTime, now: datetime) -> list[Session]:
        """The sessions the words name, best first: with no day asked, only the best named (on
        whichever day), the next of them first."""
        anchors = [
            m for m in self.index.score([keys(w) for w in named], kinds={"session"})
            if m.coverage >= ACCEPT
        ]  # fmt: skip
        ranked = _rank(anchors, self.event, now, True)
        if ranked and not when.day:
            most = max(m.coverage for m in ranked)
            ranked = [m for m in ranked if most - m.coverage < CLARIFY_MARGIN]
        return [s for m in ranked if (s := self.event.session(m.document.id)) is not None]

    def _about_meeting(
        self,
        topic: list[str],
        when: AskedTime,
        now: datetime,
        asks_when: bool,
        asks_where: bool,
        asked_place: list[str],
    ) -> SessionTarget | VenueTarget | MeetingDates | None:
        """The meeting itself ("¿dónde es la reunión?", "when is the conference", "fechas del
        encuentro") and the end of a day's programme ("a qué hora termina hoy"), from
        the programme and the venue. Beside a word for "meeting", the words of the meeting's own
        name say which one ("c quand la réunion sous-régionale"). The way to the meeting ("cómo
        llegar al centro de congresos") is the venue's directions, not its dates."""
        concepts = [keys(w) & MEETING_CONCEPTS for w in topic]
        beside = self._name_keys | {"@count", "@aspnet"}
        # "adresse de la fac", "c'est à quelle adresse l'atelier ?", "street address and postal
        # code of the venue?": an address asked with only the venue's or the meeting's words
        addressed = beside | {"@address", "@venue", "@meeting"}
        if _asked(topic, "@address") and all(
            keys(w) & addressed or w in ADDRESS_WORDS for w in topic
        ):
            return VenueTarget(VenueTopic.ADDRESS)
        # "how many days", "fechas del taller" at the "Atelier sous-régional…": days or dates
        # asked with only the meeting's own name (or a count) beside them
        asked = list(zip(concepts, topic, strict=True))
        dated = any(w in DAYS or "@dates" in c for c, w in asked)
        own_name = dated and all(c or w in DAYS or keys(w) & beside for c, w in asked)
        said_meeting = any("@meeting" in c for c in concepts)
        names_meeting = own_name or said_meeting
        asks_place = asks_where or bool(asked_place) or _asked(topic, "@address")
        if names_meeting:  # "la réunion sous-régionale", "el seminario redPEA"
            if asks_place:  # "en qué calle está el centro de congresos": the venue's words too
                beside |= {"@address", "@venue"}
            concepts = [c or ({"@dates"} if w in DAYS else keys(w) & beside) for c, w in asked]
        if not topic or not all(concepts) or (names_meeting and when.next):
            return None  # "la prochaine réunion" is another meeting
        asks_end = any("@end" in c for c in concepts)
        if names_meeting and when.any_time and not asks_end:
            return None  # "is there a meeting tonight" asks about the evening, not the dates
        asks_dates = any("@dates" in c for c in concepts)
        # "what time does the forum end on wednesday" asks for a time; "la reunión termina el
        # jueves?" whether that is its last day: its dates
        if asks_end and ((when.day and (asks_when or not said_meeting)) or not names_meeting):
            last = self._last_session(when.day or self._default_day(now))
            return SessionTarget(last.id) if last else None
        if not names_meeting and all("@start" in c for c in concepts):  # "demain on commence…"
            first = self._first_session(when.day or self._default_day(now))
            return SessionTarget(first.id) if first else None
        if not names_meeting:  # "dates?" alone: the event's own FAQ entry may say more
            return None
        if _asked(asked_place, "@getthere") and not asks_dates:
            return VenueTarget(VenueTopic.DIRECTIONS)
        if asks_place and not asks_dates:
            return VenueTarget(VenueTopic.ADDRESS)
        dates = [w for w, c in zip(topic, concepts, strict=True) if "@dates" in c]
        if self._faq_names(dates):  # the organisers' own entry on the dates says more
            return None
        return MeetingDates()

    def _forecast(self, topic: list[str]) -> bool:
        """ "Va a llover mañana?", "will it rain on thursday?": the weather of a day is a
        forecast, which no event file has; the event's entry on its climate ("va a llover esta
        semana?") is offered, not stated. On the development sets, 15 questions asked the
        weather of one day and all were out of scope; 16 asked it of the week or the season and
        all wanted the entry."""
        beside = {"@weather"} | self._name_keys  # "va a llover mañana en quito?"
        return _asked(topic, "@weather") and all(keys(w) & beside for w in topic)

    def _lone_topic(self, topic: list[str], when: AskedTime, typed: frozenset[str]) -> str | None:
        """ "Hace calor?", "il va pleuvoir cette semaine ?", "que ver en hanoi", "perdí mi
        cargador", "chip para el celular", "cajero automático cerca?": the weather, the
        sights, a thing lost, a SIM card or cash asked with nothing else but the place
        and the while (and the thing lost) are the entry whose phrasings ask them. Of two, "the
        heat" and "the rains", it is the one whose phrasings have the words asked; of the lost
        and found and the badge ("what if I lose my badge?"), the one all of whose phrasings
        ask it. The retrievers weigh such questions against every entry on clothes, storms,
        outings, money or the city and, one word against many, said "I don't know" to 52
        weather (or heat) questions and 49 sightseeing ones on the development sets. The words
        that ask are as typed: "sound" corrected into "found" asks nothing."""
        asked = [
            w for w in topic
            if not _place_named(w, self._name_keys)
            and w not in LONE_BESIDE and w not in MONTHS and "@count" not in keys(w)
        ]  # fmt: skip
        for concept, entries in self._lone_entries.items():
            asking = [w for w in asked if _asks(w, concept) and w in typed]
            objects = LONE_OBJECTS.get(concept)
            if not asking or not all(
                w in asking
                or (objects is not None and (keys(w) & objects or not self.index.known(w)))
                for w in asked
            ):
                continue
            if concept == "@weather" and when.day:
                return None  # one day's weather is a forecast
            found = [
                entry for entry, (forms, _) in entries.items()
                if len(entries) == 1 or all(keys(w) & forms for w in asking)
            ]  # fmt: skip
            if len(found) > 1:
                found = [entry for entry in found if entries[entry][1]]
            return found[0] if len(found) == 1 else None
        return None

    def _evening(self, topic: list[str], when: AskedTime, now: datetime) -> Session | None:
        """ "dinner tonight?", "hay cena hoy", "y a-t-il un cocktail ce soir": a meal or drinks
        asked for a day or an evening are that evening's social programme, whatever its title
        calls it: the welcome reception is where a delegate who asks about dinner eats. Without
        a day or an evening asked, "la recepción" may be the hotel's desk: the ranking decides."""
        if not topic or not all(keys(w) & EVENING_CONCEPTS for w in topic):
            return None
        if when.hours:
            if when.hours[0] < EVENING_HOURS[0]:
                return None
        elif not (when.day and all("@dinner" in keys(w) for w in topic)):
            return None
        on_day = self.event.sessions_on(when.day or self._default_day(now))
        hours = when.hours or EVENING_HOURS
        evening = [s for s in self._started_within(on_day, hours) if s.kind in {"meal", "social"}]
        explained = self._explained(topic)
        named = [s for s in evening if s.id in explained]
        meals = [s for s in evening if s.kind == "meal"]
        return next(iter(named or meals or evening), None)

    def _meal_time(self, topic: list[str], when: AskedTime, now: datetime) -> Session | None:
        """ "On mange à quelle heure ?", "what time do we eat": the day's next meal; the
        catering FAQ entry says what is served, not when."""
        if not topic or not all(w in EAT_WORDS for w in topic):
            return None
        day = when.day or self._default_day(now)
        meals = [
            s for s in self.event.sessions_on(day)
            if s.kind == "meal" and (not when.hours or self._fits(s, when, RoomMention(), now))
        ]  # fmt: skip
        return next((s for s in meals if s.end > now), meals[0] if meals else None)

    def _started_within(self, sessions: Iterable[Session], hours: tuple[int, int]) -> list[Session]:
        """The sessions that start in these hours of their day, in the event's zone."""
        start, end = hours
        return [s for s in sessions if start <= self.event.local(s.start).hour < end]

    def _faq_names(self, asked: list[str]) -> bool:
        """Whether an FAQ entry's phrasing is about these words ("which days…", "las fechas
        del encuentro" in an entry's own question)."""
        matches = self.index.score([keys(w) for w in asked], kinds={"faq"})
        return any(m.coverage >= ACCEPT and m.headline >= HEADLINE_NAMED for m in matches)

    def _working(self, day: date, hours: tuple[int, int] = (0, 24)) -> list[Session]:
        """The day's sessions that are work, started in these hours: a breakfast before them
        is not when the day starts, the reception or dinner after them not when it ends."""
        within = self._started_within(self.event.sessions_on(day), hours)
        return [s for s in within if s.kind not in LEISURE]

    def _last_session(self, day: date) -> Session | None:
        return max(self._working(day), key=lambda s: s.end, default=None)

    def _first_session(self, day: date, hours: tuple[int, int] | None = None) -> Session | None:
        """The day's (or its morning's...) first working session."""
        return min(self._working(day, hours or (0, 24)), key=lambda s: s.start, default=None)

    def _schedule(
        self, when: AskedTime, now: datetime
    ) -> DayTarget | MomentTarget | SessionTarget | Fallback:
        if when.hours:  # "anything planned for wednesday night?": the one thing on then
            day = when.day or self._default_day(now)
            within = self._started_within(self.event.sessions_on(day), when.hours)
            if len(within) == 1:
                return SessionTarget(within[0].id)
        if when.day:
            if when.day in self.event.days():
                return DayTarget(when.day)
            return Fallback()
        if when.next:
            return MomentTarget(Moment.NEXT)
        if when.now:
            return MomentTarget(Moment.NOW)
        return DayTarget(self._default_day(now))

    def _default_day(self, now: datetime) -> date:
        """Today during the meeting; before it the first day, after it the last."""
        today = self.event.local(now).date()
        days = self.event.days() or (today,)
        if today in days:
            return today
        return days[0] if today < days[0] else days[-1]

    def _matches(
        self,
        question: list[frozenset[str]],
        when: AskedTime,
        rooms: RoomMention,
        now: datetime,
        favour_sessions: bool,
    ) -> list[Match]:
        matches = []
        for match in self.index.score(question):
            if match.document.kind == "session":
                session = self.event.session(match.document.id)
                assert session is not None
                if not self._fits(session, when, rooms, now):
                    continue
            matches.append(match)
        return _rank(matches, self.event, now, favour_sessions)

    def _fits(self, session: Session, when: AskedTime, rooms: RoomMention, now: datetime) -> bool:
        local = self.event.local(session.start)
        if when.day and local.date() != when.day:
            return False
        if when.hours and not when.hours[0] <= local.hour < when.hours[1]:
            return False
        if not _held_in(session, rooms):
            return False
        return not (when.next and session.start <= now)

    def _session_at(self, when: AskedTime, rooms: RoomMention, now: datetime) -> Session | None:
        """The session at the clock time asked; "at 3.15" with nothing at 03:15 means 15:15."""
        assert when.clock
        day = when.day or self._default_day(now)
        clocks = [when.clock]
        if when.clock.hour < 12:
            clocks.append(when.clock.replace(hour=when.clock.hour + 12))
        for clock in clocks:
            moment = datetime.combine(day, clock, tzinfo=self.event.timezone)
            for session in self.event.sessions:
                if session.start <= moment < session.end and _held_in(session, rooms):
                    return session
        return None

    def _room_session(self, when: AskedTime, rooms: RoomMention, now: datetime) -> Session | None:
        """The session held in the room asked about ("what's in salon B now / next / this
        afternoon"): the current one, the next one, or the only one in the day or part of day."""
        if not (when.now or when.next or when.day or when.hours):
            return None
        sessions = self.event.sessions
        if when.now and not when.next:
            return next(
                (s for s in sessions if s.start <= now < s.end and _held_in(s, rooms)), None
            )
        found = [s for s in sessions if self._fits(s, when, rooms, now)]
        if when.next:
            return min(found, key=lambda s: s.start, default=None)
        # "what's on in salon A this afternoon": the one on now or next, else the first
        ahead = [s for s in found if s.end > now] or found
        return min(ahead, key=lambda s: s.start, default=None)

    def _only_about(self, session_id: str, topical: list[str]) -> bool:
        """Whether a question that names a workshop by its label ("workshop B room?") asks
        about that workshop, not about something beside it ("je n'ai pas pu aller à l'atelier A,
        je récupère le kit où ?"): its other words ask what one asks of a session or are the
        session's own."""
        asked = ASKED_OF_A_SESSION | LANGUAGE_ASKED
        rest = [w for w in topical if not keys(w) & asked and w not in ABOUT]
        session = self.event.session(session_id)
        return session is not None and (not rest or self._explains(rest, session))

    def _only_titled(
        self, topic: list[str], when: AskedTime, rooms: RoomMention, now: datetime
    ) -> Session | None:
        """ "What's the keynote about", "what time do the buses leave for the field trip": a
        kind of session (``NAMED_BY_KIND``) that titles one session of the programme, with
        nothing beside it but what one asks of a session or of an outing, is that session. The
        retrievers weigh it against every FAQ answer that mentions the keynote or a bus and, one
        word against many, too often said "I don't know". Any other words of a title would do as
        well, were titles not made of the words delegates ask with: "parking?", "visa?" and
        "hay ascensor?" each title one session somewhere (172 wrong answers on the development
        sets, against 64 right). The meeting said beside it ("who opens the meeting on
        tuesday") says whose session it is, not another topic."""
        beside = ASKED_OF_A_SESSION | {"@meeting", "@speak"}  # "who gives the keynote"
        # "de qué trata la conferencia inaugural": what it is about
        named = [
            w for w in topic if not keys(w) & beside and w not in OUTING_WORDS and w not in ABOUT
        ]
        if not named or not all(keys(w) & NAMED_BY_KIND for w in named):
            return None
        titled = [
            s for s in self.event.sessions
            if self._titled(named, s.id) and self._fits(s, when, rooms, now)
        ]  # fmt: skip
        # "Field visit: …", not "Plenary: report-back from the field visit" nor "Field visit
        # report-back": what the title is before it says what about, and nothing more. Among
        # sessions of one kind (three lunches), the next one is meant (``_next_alike``)
        asked = [keys(w) for w in named]
        for heading in (_heads_with, _headed_by):
            if len({s.kind for s in titled}) > 1:
                titled = [s for s in titled if heading(self._heads[s.id], asked)]
        return titled[0] if len(titled) == 1 else None

    def _departure(
        self, topic: list[str], when: AskedTime, rooms: RoomMention, now: datetime
    ) -> Session | None:
        """ "A q hora salen los buses para tipon", "on rentre à quelle heure de la visite",
        "what time do the buses leave for the gala dinner": when or where the buses leave for an
        outing, or come back from it, is that outing's. It is the one outing, dinner or social
        event that the question's other words name, or, named only "la visita" or "the trip",
        the one whose title calls it a visit or a trip. The retrievers found the hotel shuttle,
        the entry on what to bring or nothing: 55 such questions on the development sets got "I
        don't know" or another answer."""
        named_visit = any(w in VISIT_WORDS or "@outing" in keys(w) for w in topic)
        leaving = any(
            w in LEAVING or (named_visit and w in OUTING_WORDS and w != "retour") for w in topic
        )
        if not leaving or any(keys(w) & TALK_KINDS for w in topic):
            return None
        if not named_visit and any(w in HOTELS for w in topic):
            return None  # "the bus from the hotel" is the shuttle
        going = OUTING_WORDS | VISIT_WORDS | HOTELS | BOARDING
        asked = ASKED_OF_A_SESSION | {"@outing"}
        rest = [w for w in topic if w not in going and not keys(w) & asked]
        if not rest and not named_visit:
            return None
        named = self._explained(rest) if rest else self._visits
        outings = [
            s for s in self.event.sessions
            if s.kind in OUTING_KINDS and self._fits(s, when, rooms, now) and s.id in named
        ]  # fmt: skip
        return outings[0] if len(outings) == 1 else None

    def _explains(self, topic: list[str], session: Session) -> bool:
        return session.id in self._explained(topic)

    def _explained(self, topic: list[str]) -> set[str]:
        """The sessions the words explain enough to be what they ask about."""
        matches = self.index.score([keys(w) for w in topic], kinds={"session"})
        return {m.document.id for m in matches if m.coverage >= ACCEPT}

    def _hybrid(
        self,
        question: str,
        topical: list[str],
        matches: list[Match],
        when: AskedTime,
        rooms: RoomMention,
        now: datetime,
        asked: hybrid.Asked,
    ) -> Understood:
        """The lexical and the semantic candidates, weighed together (``bot.answers.hybrid``)."""
        assert self.semantic is not None
        vector = self.semantic.embed(question)
        asked = replace(asked, neighbours=self.semantic.neighbours(vector))
        similarities = self.semantic.similarities(vector, asked.neighbours)
        lexical = {(m.document.kind, m.document.id): m for m in matches[:CANDIDATES]}
        nearest = sorted(
            (key for key in similarities if self._allowed(key, when, rooms, now)),
            key=lambda key: -similarities[key].borrowed,
        )[:CANDIDATES]
        pool = dict.fromkeys([*lexical, *(tuple(key.split(":", 1)) for key in nearest)])
        candidates = []
        for kind, target_id in pool:
            match = lexical.get((kind, target_id))
            candidates.append(
                Candidate(
                    kind,
                    target_id,
                    match.coverage if match else 0.0,
                    match.headline if match else 0.0,
                    similarities.get(document_key(kind, target_id), NO_SIMILARITY),
                )
            )
        unknown = self.index.unknown_share([keys(w) for w in topical])
        spread = hybrid.spread(list(similarities.values()))
        scored = hybrid.score(candidates, unknown, asked, spread)
        ranked = _by_probability(scored, self.event, now)
        confidence = hybrid.acceptance(ranked)
        found = tuple(ranked)
        if not when.any_time or when.ordinal:
            ranked = self._next_scored_first(ranked, topical, now, when.ordinal)
        ranked_keys = [(s.candidate.kind, s.candidate.id) for s in ranked]
        if confidence >= hybrid.ANSWER_AT and (asked.time or asked.of_session):
            titled = self._titled_instead(ranked_keys, topical, asked.time)
            if titled:
                return Understood(SessionTarget(titled), found, confidence)
        stated = confidence >= hybrid.ANSWER_AT and not _mixed_venue(topical)
        if stated and _directions_to_airport(question, ranked_keys[0]):
            stated = False
        if stated:
            chosen = [s.candidate for s in (ranked[0], *hybrid.close_to_best(ranked))]
            options = tuple(as_topic(c.kind, c.id) for c in chosen)
            return Understood(_one_or_choice(options), found, confidence)
        # a room named as a room, asked where ("no encuentro la sala cocle"), is that room; a
        # word of a room's name in a question about nothing the event knows ("can i smoke on
        # the terrace", "quién fue Túpac Amaru" beside the Sala Amaru) is not asking for it:
        # on the development sets, 18 of the 20 questions so worded did not
        asked_for_room = asked.place or rooms.explicit
        if rooms.room_ids and asked_for_room and (not matches or (asked.place and rooms.explicit)):
            return Understood(RoomTarget(rooms.room_ids[0]), found)
        worth = [s for s in ranked if hybrid.worth_offering(s)]
        offered = [(s.candidate.kind, s.candidate.id) for s in worth]
        # of sessions of one kind, those nearly as likely as the least likely offered
        least = min((s.probability for s in worth), default=1.0)
        alike = [
            key for key, s in zip(ranked_keys, ranked, strict=True) if s.probability >= least / 2
        ]
        offered = _next_sessions_first(offered, alike, self.event, now)
        return Understood(Fallback(self._suggestions(offered)), found, confidence)

    def _titled_instead(
        self, ranked: list[tuple[str, str]], topical: list[str], asked_when: bool
    ) -> str | None:
        """ "Cuándo es la visita a la escuela", "a qué hora es el simulacro", "when is the
        evaluation", "quién da el taller de batik": asked when, or who runs a session named by
        its kind, where or in which language it is, an FAQ entry on what to know about it is not
        the answer, the likeliest session among the candidates whose title names what is asked
        is: an FAQ answer rarely gives a time, a speaker, a room or a session's language."""
        if not ranked or ranked[0][0] != "faq":
            return None
        # "what is this ASPnet thing? first time here": the network titles a panel too
        beside = ASKED_OF_A_SESSION | LANGUAGE_ASKED | RUNNING | {"@aspnet", "@meeting"}
        # "la visita" names a "Visita de campo", folded into one word with its "campo"
        named = [
            keys(w) | {"@outing"} if w in VISIT_WORDS else keys(w)
            for w in topical if not keys(w) & beside
        ]  # fmt: skip
        # asked who, where or in which language, a kind alone ("las plenarias") is not one
        # session but all of them (the one keynote is ``_only_titled``'s)
        if not asked_when and all(k & NAMED_BY_KIND for k in named):
            return None
        titled = (
            target_id for kind, target_id in ranked
            if kind == "session"
            and named and all(k & self._title_keys.get(target_id, frozenset()) for k in named)
        )  # fmt: skip
        return next(titled, None)

    def _next_alike(
        self,
        best: tuple[str, str],
        candidates: list[tuple[str, str]],
        topical: list[str],
        now: datetime,
        ordinal: int,
    ) -> tuple[str, set[tuple[str, str]]] | None:
        """ "Lunch?" names the buffet lunch, the Bajan lunch and the farewell "Lunch" alike:
        every title names the whole question (``_titled``), and which one a retriever prefers
        (a shorter title is closer to a one-word question) says nothing about which is meant.
        Among the candidates that are sessions of the best one's kind whose titles name the
        whole question, the next one is meant (see ``_soonest``), or the first or the last in
        the programme when the question says so (``AskedTime.ordinal``): its id and all of
        their (kind, id) keys, or None when the best is not such a session or has no such
        sibling. Two panels that "table ronde des jeunes" matches, one by its title, the other
        by a word of its description, are not alike: the retrievers' choice stands."""
        kind, best_id = best
        if ordinal:  # "last" is in no coffee break's title
            topical = [w for w in topical if ORDINALS.get(w) != ordinal]
        session = self.event.session(best_id) if kind == "session" else None
        if session is None or not self._titled(topical, best_id):
            return None
        starts = {
            i: other.start for k, i in candidates
            if k == "session" and self._titled(topical, i)
            and (other := self.event.session(i)) is not None and other.kind == session.kind
        }  # fmt: skip
        alike = list(starts)
        if len(alike) < 2:
            return None
        if ordinal:  # "last coffee break", "la ultima pausa cafe del miercoles"
            chosen = sorted(alike, key=starts.__getitem__)[0 if ordinal == 1 else -1]
        else:
            chosen = min(alike, key=lambda i: _soonest(self.event, "session", i, now))
        return chosen, {("session", i) for i in alike}

    def _next_match_first(
        self, matches: list[Match], topical: list[str], now: datetime, ordinal: int
    ) -> list[Match]:
        """The lexical engine's order: the next of the alike sessions alone (``_next_alike``)."""
        ids = [(m.document.kind, m.document.id) for m in matches]
        found = self._next_alike(ids[0], ids, topical, now, ordinal)
        if found is None:
            return matches
        chosen, alike = found
        siblings = [m for m in matches if (m.document.kind, m.document.id) in alike]
        first = next(m for m in siblings if m.document.id == chosen)
        return [first, *(m for m in matches if m not in siblings)]

    def _next_scored_first(
        self, ranked: list[Scored], topical: list[str], now: datetime, ordinal: int
    ) -> list[Scored]:
        """The hybrid's order (``_next_alike`` among the likely candidates, ``LIKELY_AT``): the
        next one first, with the best one's probability; the others go last, so they make no
        "Did you mean…?"."""
        if not ranked:
            return ranked
        likely = [
            (s.candidate.kind, s.candidate.id) for s in ranked if s.probability >= hybrid.LIKELY_AT
        ]
        best = ranked[0].candidate
        found = self._next_alike((best.kind, best.id), likely, topical, now, ordinal)
        if found is None:
            return ranked
        chosen, alike = found
        siblings = [s for s in ranked if (s.candidate.kind, s.candidate.id) in alike]
        first = next(s for s in siblings if s.candidate.id == chosen)
        rest = [s for s in ranked if s not in siblings]
        others = [s for s in siblings if s is not first]
        return [replace(first, probability=ranked[0].probability), *rest, *others]

    def _titled(self, topical: list[str], session_id: str) -> bool:
        """Whether the session's title names every word of the question ("lunch" in "Buffet
        lunch" and in "Farewell lunch"; not "jeunes" in "Table ronde : du corridor…")."""
        title = self._title_keys.get(session_id, frozenset())
        return bool(topical) and all(keys(w) & title for w in topical)

    def _allowed(self, key: str, when: AskedTime, rooms: RoomMention, now: datetime) -> bool:
        """A semantic candidate obeys the same day, time and room filters as a lexical one."""
        kind, target_id = key.split(":", 1)
        if kind != "session":
            return True
        session = self.event.session(target_id)
        return session is not None and self._fits(session, when, rooms, now)

    def _suggestions(self, items: list[tuple[str, str]]) -> tuple[Topic, ...]:
        """The best partial matches, each offered once: every venue topic opens the same venue
        screen, and a session held under one title on several days is offered on one of them."""
        found: list[Topic] = []
        seen: set[str] = set()
        for kind, target_id in items:
            if len(found) == MAX_SUGGESTIONS:
                break
            session = self.event.session(target_id) if kind == "session" else None
            same = f"session:{session.title.get(self.event.default_language)}" if session else kind
            if same in seen:
                continue
            if kind != "faq":
                seen.add(same)
            found.append(as_topic(kind, target_id))
        return tuple(found)

    @staticmethod
    def _with_alternatives(matches: list[Match]) -> Topic | DidYouMean:
        best = matches[0]
        close = [
            m
            for m in matches[1:3]
            if m.coverage >= ACCEPT and best.score - m.score < CLARIFY_MARGIN
        ]
        return _one_or_choice(
            tuple(as_topic(m.document.kind, m.document.id) for m in (best, *close))
        )


def build_answerer(event: Event, encoder: Encoder | None, cache: EmbeddingCache) -> Answerer:
    """The hybrid answerer when the encoder is there, else the lexical one. Embedding a large
    event takes seconds on a cold cache: call it from a worker thread, not the event loop."""
    if encoder is None:
        return Answerer(event)
    try:
        semantic = SemanticIndex(event, encoder, cache)
    except Exception:  # the engine is C code: whatever it raises, answer without it
        log.exception("answers: semantic index failed; lexical engine only")
        return Answerer(event)
    return Answerer(event, semantic)


def _one_or_choice(options: tuple[Topic, ...]) -> Topic | DidYouMean:
    """The best topic alone, or with its close runners-up a "Did you mean…?"."""
    return options[0] if len(options) == 1 else DidYouMean(options)


def _items(matches: list[Match], least: float) -> list[tuple[str, str]]:
    """The matches that explain at least ``least`` of the question, best first."""
    return [(m.document.kind, m.document.id) for m in matches if m.coverage >= least]


def _by_probability(scored: list[Scored], event: Event, now: datetime) -> list[Scored]:
    """Most probable first; among equals the next session first (see ``_soonest``)."""
    return sorted(
        scored,
        key=lambda item: (
            -round(item.probability, 3),
            *_soonest(event, item.candidate.kind, item.candidate.id, now),
        ),
    )


def _text_keys(text: Text) -> frozenset[str]:
    """Every key of every word of a text, in all its languages."""
    return frozenset(k for _, value in text.variants() for w in words(value) for k in keys(w))


def _heads(title: Text) -> list[list[frozenset[str]]]:
    """What a title is before it says what about ("Field visit" in "Field visit: the Umayyad
    cistern…"; the whole title when it does not say), in each language: its words' keys."""
    heads = (re.split(r"[:–—]| - ", value, maxsplit=1)[0] for _, value in title.variants())
    return [[keys(w) for w in content_words(words(head))] for head in heads]


def _heads_with(heads: list[list[frozenset[str]]], asked: list[frozenset[str]]) -> bool:
    """Whether a title's head, in some language, has every word asked."""
    return any(all(any(a & h for h in head) for a in asked) for head in heads)


def _headed_by(heads: list[list[frozenset[str]]], asked: list[frozenset[str]]) -> bool:
    """Whether a title's head, in some language, is only the words asked."""
    return any(head and all(any(a & h for a in asked) for h in head) for head in heads)


def _held_in(session: Session, rooms: RoomMention) -> bool:
    """Whether the session is in one of the rooms asked about (any session, if none was)."""
    if not rooms.room_ids:
        return True
    return session.room is not None and session.room.id in rooms.room_ids


def _smalltalk(folded: list[str]) -> Courtesy | None:
    """Greetings, thanks and goodbyes on their own get a friendly word, not the fallback. A
    stretched word is the same word ("holaa", "merciii")."""
    asked_how = [pair for pair in itertools.pairwise(folded) if pair in HOW_ARE_YOU]
    allowed = SMALLTALK_WORDS.union(*asked_how)  # "¿qué onda?"
    found = {w if w in allowed else re.sub(r"(.)\1+", r"\1", w) for w in folded}
    days_to_come = {w for w in found if RELATIVE_DAYS.get(w, 0) > 0}
    parting = bool(found & GOODBYES or (found & SEE_YOU and days_to_come))  # "à demain alors"
    if parting:
        # "bye, see you tomorrow", "bye for now" ask nothing about tomorrow or now
        # ... nor "à demain matin" about tomorrow morning
        said = {"@now", "@morning", "@afternoon"}
        allowed |= RELATIVE_DAYS.keys() | {w for w in found if CONCEPTS.get(w) in said}
    if not all(w in allowed or CONCEPTS.get(w) == "@evening" for w in found):
        return None
    if parting:  # "gracias y adiós": the conversation is closing
        return Courtesy.GOODBYE
    if found & THANKS:
        return Courtesy.THANKS
    if found & GREETINGS or asked_how or (found & GREETING_TIMES and found & GREETED):
        return Courtesy.GREETING
    return None


def _asks_which_day(folded: list[str], topical: list[str]) -> bool:
    """ "Ça finit quel jour ?", "what day do we start", "¿hasta qué día es esto?": the day the
    meeting starts or ends is one of its dates. Without a day asked ("a qué hora termina") it
    is the end of today's programme (``Answerer._about_meeting``), and "what day is the
    closing" is that session. Days asked in the plural ("¿qué días son?", "c'est quels jours")
    are the meeting's, even with nothing else said."""
    pairs = list(itertools.pairwise(folded))
    which_day = any(w in WHICH and "@day" in keys(n) for w, n in pairs)
    which_days = any(w.removesuffix("s") in WHICH and _plural_day(n) for w, n in pairs)
    if not (which_day or which_days) or not all(keys(w) & MEETING_CONCEPTS for w in topical):
        return False
    return bool(topical) or which_days or any(w in UNTIL for w in folded)


def _plural_day(word: str) -> bool:
    """ "days", "días", "jours", "jornadas": "@day" in the plural, which the stemmers miss."""
    return word.endswith("s") and "@day" in keys(word.removesuffix("s"))


def _asks_price(typed: list[str]) -> bool:
    """ "How much is the per diem", "¿cuánto cuesta?", "c'est combien", "tarif du taxi"; not
    "how much time do we have". Read as typed: "prize" is a letter away from "price"."""
    if not PRICE_WORDS.isdisjoint(typed):
        return True
    following = [*typed[2:], ""]
    return any(
        pair in PRICE_PAIRS and then not in NOT_PRICED
        for pair, then in zip(itertools.pairwise(typed), following, strict=False)
    )


def _asks_vaccine(typed: frozenset[str]) -> bool:
    return not typed.isdisjoint(VACCINES) or any(pair <= typed for pair in YELLOW_FEVER)


def _asks_until_when(folded: list[str]) -> bool:
    """ "Hasta qué hora", "jusqu'à quelle heure", "until what time", "till when": the word for
    "until", then "what" (or "à quelle") at most, then a word for when."""
    for i, word in enumerate(folded):
        if word not in UNTIL:
            continue
        for then in folded[i + 1 : i + 4]:
            if then in WHEN_WORDS:
                return True
            if then not in WHICH and then != "a":
                break
    return False


def _asks_date_range(folded: list[str]) -> bool:
    """ "Du combien au combien ?", "¿de qué día a qué día es el taller?": from which day to
    which, the meeting's dates."""
    which_days = sum(w in WHICH and "@day" in keys(n) for w, n in itertools.pairwise(folded))
    return folded.count("combien") >= 2 or which_days >= 2


def _another_meeting(topic: list[str], typed: frozenset[str]) -> bool:
    """ "Fecha de la próxima reunión", "la reunión del año pasado dónde fue": the next or an
    earlier meeting, whose dates and place the file does not give. The retrievers found this
    one's dates. "La próxima conferencia" may be the next talk: not a meeting."""
    named = any("@meeting" in keys(w) and w not in SESSION_NOUNS for w in topic)
    return named and bool(typed & ANOTHER)


def _asked(asked: list[str], concept: str) -> bool:
    """Whether a word of the question carries the concept."""
    return any(concept in keys(w) for w in asked)


def _names_visit(title: Text) -> bool:
    """Whether a title calls its session a visit, a trip or an outing."""
    said = (w for _, variant in title.variants() for w in words(variant))
    return any(w in VISIT_WORDS or "@outing" in keys(w) for w in said)


def _asks(word: str, concept: str) -> bool:
    return word in LONE_TOPICS[concept] or concept in keys(word)


def _place_named(word: str, name_keys: frozenset[str]) -> bool:
    """A word of the meeting's name or address that is not a concept: "Dhaka", not the
    "workshop" of a "Subregional Workshop" ("atelier climat ?" asks for a session)."""
    found = keys(word)
    return bool(found & name_keys) and not any(k.startswith("@") for k in found)


def _entries_asking(
    phrasings: dict[str, list[list[str]]], concept: str
) -> dict[str, tuple[frozenset[str], bool]]:
    """The FAQ entries (their phrasings' words, by id) at least half of whose phrasings ask a
    lone topic (not the dress code's "is it cold in the rooms" among five others): the keys of
    the words that ask it, and whether every phrasing asks it."""
    found: dict[str, tuple[frozenset[str], bool]] = {}
    for entry_id, folded in phrasings.items():
        said = [[w for w in phrasing if _asks(w, concept)] for phrasing in folded]
        if 2 * sum(1 for ws in said if ws) >= len(said) > 0:
            forms = frozenset().union(*(keys(w) for ws in said for w in ws))
            found[entry_id] = (forms, all(said))
    return found


def _directions_to_airport(question: str, best: tuple[str, str]) -> bool:
    """ "Hay traslado al aeropuerto el viernes", "navette pour l'aéroport ?": the venue's
    directions (how to come from the airport) are not the way back to it. On the development
    sets, the 5 questions answered with the directions were all out of scope."""
    if best != ("venue", VenueTopic.DIRECTIONS):
        return False
    said = words(question)
    return any(
        w in TOWARDS and any("@airport" in keys(n) for n in said[i + 1 : i + 3])
        for i, w in enumerate(said)
    )


def _mixed_venue(topical: list[str]) -> bool:
    """A question about two venue topics at once ("the wifi at the airport") is about neither.
    The address for the taxi driver is the address: on the development sets, every one of the
    29 questions that asked for an address and named a taxi wanted it."""
    asked = frozenset().union(*(keys(w) for w in topical)) - {"@venue"}  # "the hotel": context
    if "@address" in asked:
        asked -= {"@taxi"}
    return sum(1 for concepts in VENUE_TOPICS.values() if asked & concepts) > 1


def _next_sessions_first(
    offered: list[tuple[str, str]],
    candidates: list[tuple[str, str]],
    event: Event,
    now: datetime,
) -> list[tuple[str, str]]:
    """The places offered meals, breaks or social events of one kind hold ("food?": lunches)
    go to the soonest candidates of that kind (``_soonest``): today's lunch is a button before
    Friday's, even when the retrievers liked Friday's a little more (its title, "Farewell
    lunch", is nearer to nothing but a word); the day asked chooses among them, and none is
    asked. The candidates are those nearly as likely as the offered ones: "what time is the gala
    dinner" offers the dinner, not the lunches of the same kind, which it does not ask about.
    Talks keep the retrievers' order: the likelier workshop first."""

    def leisure(key: tuple[str, str]) -> str | None:
        session = event.session(key[1]) if key[0] == "session" else None
        return session.kind if session is not None and session.kind in LEISURE else None

    kinds: dict[str, list[int]] = {}
    for place, key in enumerate(offered):
        if (kind := leisure(key)) is not None:
            kinds.setdefault(kind, []).append(place)
    reordered = list(offered)
    for kind, places in kinds.items():
        alike = sorted(
            (key for key in candidates if leisure(key) == kind),
            key=lambda key: _soonest(event, *key, now),
        )
        for place, key in zip(places, alike, strict=False):
            reordered[place] = key
    return reordered


def _rank(matches: list[Match], event: Event, now: datetime, favour_sessions: bool) -> list[Match]:
    """Best first; a question about *when* leans to sessions, and among equals the next
    session first (see ``_soonest``)."""

    def rank(match: Match) -> tuple[float, int, float]:
        kind = match.document.kind
        score = match.score * (FAQ_WHEN_ASKED_WHEN if favour_sessions and kind == "faq" else 1)
        return (-round(score, 3), *_soonest(event, kind, match.document.id, now))

    return sorted(matches, key=rank)


def _soonest(event: Event, kind: str, target_id: str, now: datetime) -> tuple[int, float]:
    """Among sessions that match equally ("lunch" on three days), the next one comes first: a
    delegate asking "where is lunch?" at 10:30 means today's lunch, not Friday's."""
    session = event.session(target_id) if kind == "session" else None
    if session is None:
        return (0, 0.0)
    return (int(session.end <= now), abs((session.start - now).total_seconds()))
