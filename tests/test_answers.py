"""The free-text answerer, driven without Telegram: what a question is understood as."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from bench.bench_answers import Question, current, load_set, run, semantic_index
from bot.answers.asked_time import read_asked_time
from bot.answers.engine import LEISURE, Answerer
from bot.answers.local_words import LocalCourtesies
from bot.answers.render import render
from bot.answers.rooms import RoomFinder
from bot.answers.speakers import SpeakerNames
from bot.answers.text import keys, words
from bot.answers.understood import (
    Courtesy,
    DayTarget,
    DidYouMean,
    Fallback,
    FaqTarget,
    Kind,
    MeetingDates,
    Moment,
    MomentTarget,
    NoQuestion,
    RoomTarget,
    SessionTarget,
    SmallTalk,
    Understood,
    VenueTarget,
    VenueTopic,
    as_topic,
)
from bot.event import Event, FaqEntry, Speaker, Text
from bot.i18n import Translator
from bot.programme.loader import load_event
from bot.ui import callbacks, views
from tests.conftest import ROOT, SANTO_DOMINGO

DURING = datetime(2024, 11, 6, 10, 30, tzinfo=SANTO_DOMINGO)


@pytest.fixture(scope="module", params=["lexical", "hybrid"])
def answerer(request: pytest.FixtureRequest, shipped_event: Event) -> Answerer:
    """Both engines: the hybrid the bot runs, and the lexical one it falls back on when the
    encoder cannot be loaded. Every understood question below holds for both."""
    return Answerer(
        shipped_event, semantic_index(shipped_event) if request.param == "hybrid" else None
    )


def understood(answerer: Answerer, text: str, now: datetime = DURING) -> tuple[str, str | None]:
    target = answerer.understand(text, now)
    return target.kind, target.id


def on_set(number: int, engine: str) -> tuple[Answerer, list[Question]]:
    """The answerer of one engine over a labelled set's meeting, and the set's questions."""
    event, questions = load_set(ROOT / "bench" / "questions" / f"sample-held-out-{number}.yaml")
    semantic = semantic_index(event, questions) if engine == "hybrid" else None
    return Answerer(event, semantic), questions


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("¿Cuándo se fundó la red PEA?", ("faq", "aspnet-founded")),
        ("quand a été créé le réSEAU ?", ("faq", "aspnet-founded")),
        ("wifi?", ("venue", "wifi")),
        ("clave", ("venue", "wifi")),
        ("mot de passe du wi-fi ?", ("venue", "wifi")),
        ("how do I get there from the airport", ("venue", "directions")),
        ("cual es la direccion del hotel", ("venue", "address")),
        ("donde queda el salon b", ("venue", "room:salon-b")),
        ("where is the terrace", ("venue", "room:terraza")),
        ("donde es el taller de clima?", ("session", "ws-climate")),
        ("la clôture", ("session", "closing")),
        ("when does Ms Soto speak", ("session", "ws-climate")),
        ("what's at 14:30 in salon C", ("session", "ws-peace")),
        ("que hay en la terraza a las 7 de la noche", ("session", "welcome-reception")),
        ("what's on thursday", ("schedule", "2024-11-07")),
        ("programa de mañana", ("schedule", "2024-11-07")),
        ("le dernier jour", ("schedule", "2024-11-08")),
        ("day 2", ("schedule", "2024-11-07")),
        ("what's on now", ("schedule", "now")),
        ("y después?", ("schedule", "next")),
        ("gracias!", ("smalltalk", "thanks")),
        ("hola buenas", ("smalltalk", "greeting")),
        ("au revoir", ("smalltalk", "goodbye")),
        ("bye, see you tmrw", ("smalltalk", "goodbye")),
        ("thanks a lot, super helpful", ("smalltalk", "thanks")),
        ("hasta mañana, gracias", ("smalltalk", "goodbye")),  # thanks and goodbye: it closes
        ("hola, mañana?", ("schedule", "2024-11-07")),
        ("le jour 1 il y avait quoi", ("schedule", "2024-11-06")),  # "avait" asks nothing
        ("que viene despues", ("schedule", "next")),
        ("whats after this talk", ("schedule", "next")),
        ("full schedule for today?", ("schedule", "2024-11-06")),
        ("c quoi le prog aujourd'hui", ("schedule", "2024-11-06")),
        ("will it rain tomorrow?", ("fallback", None)),
        ("is there a workshop on robotics?", ("fallback", None)),
        ("où est la salle D ?", ("fallback", None)),
        ("qui a gagné les élections", ("fallback", None)),
        ("🙂", ("empty", None)),
        # a meal or drinks asked for an evening are that evening's programme, whatever its title
        ("dinner tonight?", ("session", "welcome-reception")),
        ("hay cena hoy", ("session", "welcome-reception")),
        ("y a-t-il un cocktail ce soir ?", ("session", "welcome-reception")),
        ("what's on tonight", ("session", "welcome-reception")),
        ("is there a dinner on thursday night", ("session", "cultural-evening")),
        ("on mange à quelle heure ?", ("session", "lunch-day1")),
        ("thanks, bye", ("smalltalk", "goodbye")),
        ("coucou le bot", ("smalltalk", "greeting")),
        ("que sesion esta en curso", ("schedule", "now")),
        ("et ensuite ?", ("schedule", "next")),
        ("where can i get online", ("venue", "wifi")),
        ("adresse de l'hotel", ("venue", "address")),
        ("va a nevar?", ("fallback", None)),  # this meeting's file says nothing of the weather
        # when a day starts: its first working session, in the morning asked if one is
        ("demain on commence à quelle heure", ("session", "day2-recap")),
        ("first thing tomorrow morning?", ("session", "day2-recap")),
        ("a que hora empieza mañana", ("session", "day2-recap")),
        ("first day programme?", ("schedule", "2024-11-06")),  # "first" names the day here
        ("quels ateliers en ce moment ?", ("schedule", "now")),
        ("c'est quoi la session actuelle", ("schedule", "now")),
        ("y antes de comer que hay", ("session", "panel-evaluation")),  # "comer": lunch
        ("how many days is this thing", ("event", "dates")),
        ("c'est quand le seminaire exactement", ("event", "dates")),  # a seminar is a meeting
        ("no encuentro el salon b", ("venue", "room:salon-b")),  # not the meeting ("encuentro")
        ("cheers mate", ("smalltalk", "thanks")),
        ("thanks a bunch", ("smalltalk", "thanks")),
        ("morning bot", ("smalltalk", "greeting")),
        ("salut, bonne nuit", ("smalltalk", "goodbye")),
        ("ok see ya tmrw", ("smalltalk", "goodbye")),
        ("slt", ("smalltalk", "greeting")),
        ("bjr le bot", ("smalltalk", "greeting")),
        ("merci pour les infos", ("smalltalk", "thanks")),
        ("listo, chau", ("smalltalk", "goodbye")),
        ("à demain alors", ("smalltalk", "goodbye")),  # a day to come, said to take leave
        ("obrigado!", ("smalltalk", "thanks")),
        ("brilliant, thank you so much", ("smalltalk", "thanks")),
        ("que pasa ahora", ("schedule", "now")),
        ("buen dia", ("smalltalk", "greeting")),
        # a room's word in a question the event does not answer asks nothing of the room
        ("can i smoke on the terrace", ("fallback", None)),
        ("on peut fumer sur la terrasse ?", ("fallback", None)),
    ],
)
def test_questions_are_understood(answerer: Answerer, question: str, expected: tuple) -> None:
    assert understood(answerer, question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "is there a shuttle to the airport after the meeting",
        "que compromisos tenemos despues de la reunion",
        "y a-t-il une excursion après la réunion",
        # another topic asked first: the slides, the suitcase, not what is before the talk
        "where do i send my powerpoint before my talk",
        "can i leave my suitcase somewhere after checking out",
    ],
)
def test_after_the_meeting_is_not_after_a_session(answerer: Answerer, question: str) -> None:
    """ "After the meeting" is after all of it, and "my slides before my talk" asks about the
    slides: neither is the session that follows or precedes one named."""
    assert understood(answerer, question)[0] != "session"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the one keynote of the programme, named by its kind alone
        ("what's the keynote about", ("session", "keynote-ecosystem")),
        ("who is the keynote speaker", ("session", "keynote-ecosystem")),
        # thanks and goodbyes said with more warmth
        ("muchas gracias de verdad", ("smalltalk", "thanks")),
        ("thank you so much, really useful", ("smalltalk", "thanks")),
        ("vaya pues, nos vemos mañana", ("smalltalk", "goodbye")),
        ("y ahora qué viene", ("schedule", "next")),
        # the way to the meeting, its street: the venue, not the dates
        ("en qué calle es la reunión", ("venue", "address")),
        ("cómo llegar al lugar del encuentro", ("venue", "directions")),
        # whether the meeting ends on a day is its dates; the time it ends that day, a session
        ("la reunión termina el viernes?", ("event", "dates")),
        ("a qué hora termina la reunión el viernes", ("session", "closing")),
        # "open" beside a topic is when it starts; "who opens the meeting", the opening
        ("when does registration open", ("session", "registration")),
        ("who opens the meeting", ("session", "opening")),
        ("les banques ouvrent à quelle heure", ("fallback", None)),  # banks, not the banquet
    ],
)
def test_a_seventeenth_pass_of_questions_is_understood(
    answerer: Answerer, question: str, expected: tuple
) -> None:
    """Worded as delegates of the San Salvador, Samarkand and Ouagadougou sets wrote them."""
    assert understood(answerer, question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the day it starts or ends, or until which day it lasts: its dates
        ("ça finit quel jour", ("event", "dates")),
        ("hasta qué día es esto?", ("event", "dates")),
        ("what day do we start", ("event", "dates")),
        ("qué día es la clausura", ("session", "closing")),  # a session named: that session
        # "open" beside the meeting alone, and a kind with the meeting beside it: the opening
        ("quién abre el encuentro", ("session", "opening")),
        ("qui ouvre la réunion mercredi", ("session", "opening")),
        ("when is the closing of the meeting", ("session", "closing")),
        ("epa, qué tal", ("smalltalk", "greeting")),
        ("top merci c'est clair", ("smalltalk", "thanks")),
        ("todo claro, gracias", ("smalltalk", "thanks")),
        ("en qué avenida es la reunión", ("venue", "address")),
    ],
)
def test_an_eighteenth_pass_of_questions_is_understood(
    answerer: Answerer, question: str, expected: tuple
) -> None:
    """Worded as delegates of the Caracas, Apia and Kinshasa sets wrote them."""
    assert understood(answerer, question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # "this session", asked from a seat during the keynote, is the keynote
        ("what's this session about", ("session", "keynote-ecosystem")),
        ("¿de qué trata esta sesión?", ("session", "keynote-ecosystem")),
        ("que esta pasando ahora", ("schedule", "now")),  # "está": "is", not "this"
        # when tomorrow starts, however it is conjugated; the first thing on a day named
        ("mañana a qué hora empezamos", ("session", "day2-recap")),
        ("jeudi matin il y a quoi en premier", ("session", "day2-recap")),
        # "how are you" is a greeting, not a question about today's programme
        ("¿qué tal?", ("smalltalk", "greeting")),
        ("how are you", ("smalltalk", "greeting")),
        ("ça va ?", ("smalltalk", "greeting")),
        ("ça va commencer quand ?", ("session", "registration")),
        ("que onda", ("smalltalk", "greeting")),
        ("bonsoir tout le monde", ("smalltalk", "greeting")),
        ("dale, nos vemos", ("smalltalk", "goodbye")),
        ("bonne nuit, à demain matin", ("smalltalk", "goodbye")),
        ("mrc bcp", ("smalltalk", "thanks")),
        # who gives a session named by its kind; a speaker asked about on a day they do not speak
        ("who gives the keynote", ("session", "keynote-ecosystem")),
        ("is samuel baptiste speaking today?", ("session", "panel-sdg47")),
        # a speaker named by the affiliation only they have
        ("when does the coordinator from haiti speak", ("session", "panel-evaluation")),
        ("quién habla por Trinidad y Tobago", ("session", "panel-sdg47")),
        # from which day to which: the dates
        ("du combien au combien ?", ("event", "dates")),
        ("de que dia a que dia es la reunion", ("event", "dates")),
        # where it is held: the venue's address
        ("where exactly is the meeting being held", ("venue", "address")),
        ("la réunion se tient où ?", ("venue", "address")),
    ],
)
def test_a_nineteenth_pass_of_questions_is_understood(
    answerer: Answerer, question: str, expected: tuple
) -> None:
    """Worded as delegates of the Managua, Cap-Haïtien and Phnom Penh sets wrote them."""
    assert understood(answerer, question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # who speaks now, asked during the keynote
        ("who's speaking right now", ("session", "keynote-ecosystem")),
        ("qui parle en ce moment", ("session", "keynote-ecosystem")),
        ("quién habla ahorita", ("session", "keynote-ecosystem")),
        # "the network" one connects to is the wifi
        ("no me puedo conectar a la red", ("venue", "wifi")),
        ("can't connect to the network", ("venue", "wifi")),
        # a thing lost, with nothing else asked: the lost and found
        ("j'ai perdu quelque chose", ("faq", "lost-found")),
        # something planned on an evening: that evening's one thing
        ("quelque chose de prévu mercredi soir ?", ("session", "welcome-reception")),
    ],
)
def test_a_twentieth_pass_of_questions_is_understood(
    answerer: Answerer, question: str, expected: tuple
) -> None:
    """Worded as delegates of the Salta, Bamako and Dhaka sets wrote them."""
    assert understood(answerer, question) == expected


@pytest.mark.parametrize(
    ("number", "now", "question", "expected"),
    [
        # one entry asks the weather: asked with the place or the season only, it is the answer
        (54, datetime(2039, 5, 10, 10), "hace calor?", "weather"),
        (54, datetime(2039, 5, 10, 10), "il va pleuvoir cette semaine ?", "weather"),
        (54, datetime(2039, 5, 10, 10), "temperatures in salta this week?", "weather"),
        (54, datetime(2039, 5, 10, 10), "el clima en salta", "weather"),
        # two: the one whose phrasings have the words asked
        (55, datetime(2039, 6, 7, 10), "il fait chaud ?", "heat"),
        (55, datetime(2039, 6, 7, 10), "necesito paraguas", "rain-storms"),
    ],
)
def test_the_weather_asked_alone_is_the_entry_that_asks_it(
    number: int, now: datetime, question: str, expected: str
) -> None:
    event = load_event(ROOT / "events" / f"sample-held-out-{number}.yaml")
    asked_now = now.replace(tzinfo=event.timezone)
    assert understood(Answerer(event), question, asked_now) == ("faq", expected)


@pytest.mark.parametrize(
    ("number", "question", "expected"),
    [
        # the sights asked with the place or the while only
        (22, "que ver en hanoi", ("faq", "sightseeing")),
        (23, "things to do in tunis", ("faq", "sightseeing")),
        (23, "qu'est-ce qu'il y a à voir à tunis", ("faq", "sightseeing")),
        (24, "tourisme ?", ("faq", "sightseeing")),
        (16, "il fait combien de degres a abidjan en avril", ("faq", "weather")),
        (24, "il fait quel temps a tegucigalpa en ce moment", ("faq", "weather")),
        (55, "que puedo ver en bamako", ("faq", "sightseeing")),
        # a thing lost, a SIM card, cash: the entry all of whose phrasings ask it
        (16, "perdi mi cargador", ("faq", "lost-and-found")),
        (45, "j'ai perdu mes lunettes", ("faq", "lost-and-found")),
        (10, "donde compro un chip para el celular", ("faq", "sim-card")),
        (13, "cajero automatico cerca?", ("faq", "currency")),
        # the buses of an outing, named by its place or as "the visit"
        (17, "a q hora salen los buses para tipon", ("session", "cultural-visit")),
        (28, "le car pour la visite part d'ou", ("session", "field-visit")),
        (36, "on rentre a quelle heure de la visite", ("session", "field-visit")),
        # an address asked with the meeting's own words only
        (28, "l'atelier a lieu a quelle adresse", ("venue", "address")),
        (24, "c'est a quelle adresse l'atelier ?", ("venue", "address")),
        # bags left and a visit reported back on are not an outing's buses
        (13, "where to leave my bags on thursday", ("faq", "luggage")),
        (36, "le retour sur la visite de karma c'est quand", ("session", "plenary-visit-debrief")),
    ],
)
def test_a_twentieth_pass_of_questions_is_understood_on_their_sets(
    number: int, question: str, expected: tuple
) -> None:
    event, questions = load_set(ROOT / "bench" / "questions" / f"sample-held-out-{number}.yaml")
    assert understood(Answerer(event), question, questions[0].now) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the keynote, asked what it is about or by the words for its speaker
        ("de qué trata la conferencia inaugural", ("session", "keynote-ecosystem")),
        ("la conf inaugurale c'est qui", ("session", "keynote-ecosystem")),
        ("quién es la conferencista principal", ("session", "keynote-ecosystem")),
        # the session under way, named as a session, asked during the keynote
        ("de qué se trata la sesión de ahora", ("session", "keynote-ecosystem")),
        ("la sesión de ahora quién la da", ("session", "keynote-ecosystem")),
        # the next or an earlier meeting is not this one
        ("fecha de la próxima reunión", ("fallback", None)),
        ("la reunión del año pasado dónde fue", ("fallback", None)),
        ("where is next year's meeting", ("fallback", None)),
        # the way to the airport is not the way from it
        ("hay traslado al aeropuerto el viernes", ("fallback", None)),
        ("navette pour l'aéroport vendredi ?", ("fallback", None)),
        ("how do i get from the airport", ("venue", "directions")),
        # asked when, the session the words title, not the FAQ entry about it
        ("when is the evaluation", ("session", "panel-evaluation")),
        # Brazil's delegates greet and take leave in Portuguese
        ("oi, bom dia", ("smalltalk", "greeting")),
        ("tchau", ("smalltalk", "goodbye")),
    ],
)
def test_a_twenty_first_pass_of_questions_is_understood(
    answerer: Answerer, question: str, expected: tuple
) -> None:
    """Worded as delegates of the Port of Spain, Cotonou and Punta Arenas sets wrote them."""
    assert understood(answerer, question) == expected


@pytest.mark.parametrize(
    ("number", "question", "expected"),
    [
        # "palu" is malaria
        (44, "y a le palu a libreville ?", ("faq", "malaria")),
        (58, "palu?", ("faq", "malaria")),
        (15, "check out a quelle heure", ("faq", "accommodation")),
        # an outing's bus taken or come back from; "rentre" is not "centre"
        (36, "on prend le bus où pour la visite de demain", ("session", "field-visit")),
        (46, "on rentre a quelle heure de la visite", ("session", "field-visit")),
        (38, "when do we get back from the field visit", ("session", "field-visit")),
        # asked when: the session, not the entry on what to know about it
        (32, "cuando es la visita a la escuela", ("session", "field-visit")),
        (51, "a que hora es el simulacro", ("session", "evacuation-drill")),
    ],
)
def test_a_twenty_first_pass_of_questions_is_understood_on_their_sets(
    number: int, question: str, expected: tuple
) -> None:
    event, questions = load_set(ROOT / "bench" / "questions" / f"sample-held-out-{number}.yaml")
    assert understood(Answerer(event), question, questions[0].now) == expected


@pytest.mark.parametrize(
    ("number", "question", "expected"),
    [
        # a session named by its kind and topic, asked who runs it, where or in which language
        (62, "quien da el taller de batik", ("session", "ws-batik")),
        (27, "candombe workshop where", ("session", "ws-candombe")),
        (59, "wind turbine workshop room?", ("session", "ws-wind-turbines")),
        (15, "l'atelier sur l'eau est traduit en francais ?", ("session", "ws-water-wise")),
        (50, "atelier F en quelle langue", ("session", "ws-radio-school")),
        # ... a kind alone is all of them: the meeting's interpretation
        (47, "hay traduccion al español en las plenarias", ("faq", "interpretation")),
        # ... and who is in charge of something that is no session is the FAQ entry's
        (53, "who is in charge of the young people", ("faq", "youth-delegates")),
        # welcome drinks, not the registration desk's "accueil"
        (61, "il y a un pot d'accueil lundi soir ?", ("session", "welcome-reception")),
        # the way in
        (42, "on entre par quelle porte", ("venue", "directions")),
        (46, "por donde se entra", ("venue", "directions")),
        (54, "on rentre par ou", ("venue", "directions")),
    ],
)
@pytest.mark.parametrize("engine", ["lexical", "hybrid"])
def test_a_twenty_second_pass_of_questions_is_understood_on_their_sets(
    number: int, question: str, expected: tuple, engine: str
) -> None:
    answerer, questions = on_set(number, engine)
    assert understood(answerer, question, questions[0].now) == expected


@pytest.mark.parametrize(
    ("number", "question", "expected"),
    [
        # until what time, or when "we are done", today: the day's last working session
        (21, "hasta q hora vamos hoy??", ("session", "day1-synthesis")),
        (10, "what time are we done today", ("session", "closing")),
        (19, "what time do we wrap up today", ("session", "closing")),
        # a vaccine the file never names is not its entry on malaria; one it names is answered
        (65, "le vaccin contre la fievre jaune est obligatoire ?", ("fallback", None)),
        (58, "vaccin fievre jaune obligatoire ?", ("faq", "yellow-fever")),
        # a room named, lost or asked upstairs: where the room is
        (34, "nkyinkyim room pls, i'm lost", ("venue", "room:nkyinkyim-room")),
        (47, "where's room sourou, is it upstairs?", ("venue", "room:salle-sourou")),
        # a price the entry gives no figure for is offered, not stated; a prize (a "prix") and
        # a speaker named Cuesta ask no price
        (50, "how much is the daily allowance in dollars", ("fallback", None)),
        (58, "c'est combien le per diem par jour", ("fallback", None)),
        (63, "ou vote-t-on pour le prix goutte d'or", ("session", "school-projects-fair")),
        (10, "marcela cuesta a que hora da su taller", ("session", "ws-ocean")),
    ],
)
@pytest.mark.parametrize("engine", ["lexical", "hybrid"])
def test_a_twenty_third_pass_of_questions_is_understood_on_their_sets(
    number: int, question: str, expected: tuple, engine: str
) -> None:
    """Asked at the moment its set gives it (the end of "today" depends on the day)."""
    answerer, questions = on_set(number, engine)
    now = next(q.now for q in questions if q.text == question)
    assert understood(answerer, question, now) == expected


@pytest.mark.parametrize(
    ("number", "question", "expected"),
    [
        # how to say something, or a few words, in the local language: the entry that teaches
        # them, by any name of the language ("rwandan" for Kinyarwanda) or none
        (64, "how do you say hello here", ("faq", "local-words")),
        (67, "como se dice gracias aqui", ("faq", "local-words")),
        (41, "how do you say hello in rwandan", ("faq", "kinyarwanda")),
        (67, "teach me some local phrases", ("faq", "local-words")),
        (46, "teach me some basic words for the bazaar", ("faq", "uzbek-phrases")),
        # ... in a language it does not teach, it is not stated
        (65, "how do you say good morning in tonga", ("fallback", None)),
        # leave to eat or drink in a room: the one entry whose answer rules on it
        (53, "can i bring my coffee into the lab", ("faq", "lab-rules")),
        (54, "on peut manger dans la bibliotheque ?", ("faq", "convent-rules")),
        (46, "are we allowed to bring coffee into the plenary", ("faq", "caravanserai-rules")),
        (27, "puedo entrar con el cafe a la sala del teatro?", ("faq", "theatre-rules")),
    ],
)
@pytest.mark.parametrize("engine", ["lexical", "hybrid"])
def test_a_twenty_fourth_pass_of_questions_is_understood_on_their_sets(
    number: int, question: str, expected: tuple, engine: str
) -> None:
    answerer, questions = on_set(number, engine)
    assert understood(answerer, question, questions[0].now) == expected


@pytest.mark.parametrize(
    ("number", "question", "expected"),
    [
        # the last (or first) of several alike sessions, not the next one
        (71, "last coffee break", ("session", "coffee-d3-pm")),
        (71, "la ultima pausa cafe del miercoles", ("session", "coffee-d3-pm")),
        # days asked in the plural are the meeting's
        (71, "c'est quels jours", ("event", "dates")),
        (44, "que dias son", ("event", "dates")),
        # a hotel's wifi is not the venue's, unless the venue is a hotel
        (71, "wifi password at the hotel", ("fallback", None)),
        (15, "como me conecto a internet en el hotel", ("venue", "wifi")),
    ],
)
@pytest.mark.parametrize("engine", ["lexical", "hybrid"])
def test_a_twenty_fifth_pass_of_questions_is_understood_on_their_sets(
    number: int, question: str, expected: tuple, engine: str
) -> None:
    answerer, questions = on_set(number, engine)
    assert understood(answerer, question, questions[0].now) == expected


def test_the_first_of_several_alike_sessions_is_the_programmes_first() -> None:
    """Asked in the afternoon, "the first coffee break" today is the morning's, which is over:
    the next one would be the afternoon's."""
    answerer, questions = on_set(71, "hybrid")
    afternoon = questions[0].now.replace(hour=14, minute=30)
    question = "la primera pausa cafe de hoy"
    assert understood(answerer, question, afternoon) == ("session", "coffee-d1-am")
    assert understood(answerer, "pausa cafe de hoy", afternoon) == ("session", "coffee-d1-pm")


def test_a_likely_item_no_retriever_brought_up_is_offered() -> None:
    """The word "biblioteca" names a room, so it explains no word of the library's entry; the
    entry is still the likeliest item, and a button."""
    answerer, questions = on_set(71, "hybrid")
    t = Translator("es", answerer.event.timezone)
    reply = answerer.answer("hasta que hora abre la biblioteca", t, questions[0].now)
    assert reply.kind == "fallback"
    assert ("faq", "library-access") in reply.suggestions


def test_water_from_the_tap_in_a_room_is_no_house_rule() -> None:
    """Drinking water is a health matter, which its own entry answers."""
    answerer, questions = on_set(18, "hybrid")
    question = "is it ok to drink water from the sink in my room"
    assert understood(answerer, question, questions[0].now) == ("faq", "drinking-water")


def test_words_of_another_language_offer_the_local_ones() -> None:
    """The entry on Nyanja does not answer for Tonga, but it is what the meeting has."""
    answerer, questions = on_set(65, "hybrid")
    t = Translator("en", answerer.event.timezone)
    reply = answerer.answer("how do you say good morning in tonga", t, questions[0].now)
    assert (reply.kind, reply.suggestions) == ("fallback", (("faq", "local-words"),))


def test_a_prize_typed_is_not_read_as_a_price() -> None:
    """Typo correction reads "prize" as "price"; whether a price is asked is read as typed."""
    answerer, questions = on_set(34, "hybrid")
    question = "how can i put forward one of my pupils for the youth leadership prize"
    assert understood(answerer, question, questions[0].now) == ("faq", "youth-award")


def test_equal_matches_come_in_the_files_order() -> None:
    """A set's order follows the hash seed: "where can i pray" went to the mosque visit or to
    the prayer room from one run to the next. Equals keep the order the file gives them."""
    event, _ = load_set(ROOT / "bench" / "questions" / "sample-held-out-62.yaml")
    index = Answerer(event).index
    numbers = {id(document): n for n, document in enumerate(index.documents)}
    matches = index.score([keys(w) for w in ("pray", "where")])
    tied = [m for m in matches if m.score == matches[0].score]
    assert len(tied) > 1
    assert [numbers[id(m.document)] for m in tied] == sorted(numbers[id(m.document)] for m in tied)


@pytest.mark.parametrize(
    "question", ["where is the nearest pharmacy", "pharmacie la plus proche ?", "farmacia cerca?"]
)
def test_a_pharmacy_is_answered_only_by_a_file_that_names_one(
    shipped_event: Event, question: str
) -> None:
    """The nurse's room is not a pharmacy: on the development sets, 20 of 20 questions for a
    pharmacy that the meeting's file never names were out of scope."""
    assert understood(Answerer(shipped_event), question)[0] == "fallback"
    pharmacy = FaqEntry(
        "pharmacy",
        {
            "en": ("Where is the nearest pharmacy?",),
            "es": ("¿Hay una farmacia cerca?",),
            "fr": ("Où est la pharmacie la plus proche ?",),
        },
        Text({"en": "Farmacia Carol, 200 m away, is open until 22:00."}, "en"),
    )
    naming = replace(shipped_event, faq=(*shipped_event.faq, pharmacy))
    assert understood(Answerer(naming), question) == ("faq", "pharmacy")


def test_what_to_take_on_an_outing_is_not_the_outing() -> None:
    """Taking the bus asks about the outing's bus; taking something along does not."""
    event, questions = load_set(ROOT / "bench" / "questions" / "sample-held-out-36.yaml")
    asked = understood(Answerer(event), "what should i take for the visit", questions[0].now)
    assert asked != ("session", "field-visit")


@pytest.mark.parametrize(
    "question", ["tipo de cambio del euro?", "what's the exchange rate today", "taux de change ?"]
)
def test_todays_exchange_rate_is_answered_only_by_a_file_that_gives_it(
    shipped_event: Event, question: str
) -> None:
    assert understood(Answerer(shipped_event), question)[0] == "fallback"
    rate = FaqEntry(
        "exchange-rate",
        {"en": ("What is the exchange rate?",)},
        Text({"en": "The exchange rate is about 60 pesos to the dollar."}, "en"),
    )
    giving = replace(shipped_event, faq=(*shipped_event.faq, rate))
    assert understood(Answerer(giving), question) == ("faq", "exchange-rate")


def test_a_climate_workshop_is_a_session_not_the_weather() -> None:
    """Accra's meeting is a coordinators' workshop: "atelier" is a word of its name, and yet
    not a place the weather is asked of."""
    event = load_event(ROOT / "events" / "sample-held-out-34.yaml")
    now = datetime(2034, 2, 14, 10, tzinfo=event.timezone)
    assert understood(Answerer(event), "atelier climat ?", now) == ("session", "ws-climate-action")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("taller D de que se trata", "ws-andean-calendar"),
        ("taller A de que trata", "ws-teaching-materials"),
    ],
)
def test_a_workshop_named_by_its_label_is_asked_what_it_is_about(
    question: str, expected: str
) -> None:
    event = load_event(ROOT / "events" / "sample-held-out-54.yaml")
    now = datetime(2039, 5, 10, 10, tzinfo=event.timezone)
    assert understood(Answerer(event), question, now) == ("session", expected)


@pytest.mark.parametrize("question", ["field trip time?", "field visit what time"])
def test_an_outing_is_the_session_whose_title_it_heads(question: str) -> None:
    """Guatemala's "Field visit: San Juan Sacatepéquez bilingual rural school" and "Field visit
    report-back" both have the words in their titles; the first is only that before its colon."""
    event = load_event(ROOT / "events" / "sample-held-out-33.yaml")
    now = datetime(2034, 1, 17, 10, tzinfo=event.timezone)
    assert understood(Answerer(event), question, now) == ("session", "field-visit")


@pytest.mark.parametrize("question", ["va a llover mañana?", "will it rain tomorrow afternoon"])
def test_the_weather_of_one_day_is_a_forecast_the_event_has_not(question: str) -> None:
    """Kinshasa's entry on the rainy season is offered, not stated as tomorrow's forecast; asked
    of the place in general, it is the answer."""
    event = load_event(ROOT / "events" / "sample-held-out-50.yaml")
    answerer = Answerer(event)
    now = datetime(2037, 10, 13, 10, tzinfo=event.timezone)
    asked = answerer.understand(question, now)
    assert (asked.kind, asked.suggestions) == ("fallback", ((Kind.FAQ, "rainy-season"),))
    assert understood(answerer, "does it rain a lot here", now) == ("faq", "rainy-season")


def test_an_exchange_rate_is_not_where_to_change_money() -> None:
    """Today's rate is a figure the file does not give; where to change money, it does."""
    event = load_event(ROOT / "events" / "sample-held-out-50.yaml")
    answerer = Answerer(event)
    now = datetime(2037, 10, 13, 10, tzinfo=event.timezone)
    assert understood(answerer, "what's the exchange rate today", now) == ("fallback", None)
    assert understood(answerer, "where can i change money", now) == ("faq", "currency")


def test_how_the_weather_is_is_not_how_much_time() -> None:
    assert "meteo" in words("il fait quel temps ?")
    assert "meteo" not in words("combien de temps dure l'atelier ?")
    assert "meteo" not in words("qué tiempo tengo para presentar")


def test_french_have_is_not_ai() -> None:
    """ "J'ai" folds to "j ai"; "ai" alone would be the artificial intelligence of a meeting's
    programme."""
    assert words("j'ai perdu mes lunettes") == ["je", "perdu", "mes", "lunettes"]


@pytest.mark.parametrize(
    "question",
    ["time zone?", "décalage horaire ?", "diferencia horaria con Madrid", "fuseau horaire"],
)
def test_a_time_zone_is_one_word_that_time_alone_is_not(question: str) -> None:
    """ "Time" alone says when and is dropped; the clock here against the clock at home is a
    topic an event's FAQ may have."""
    assert "timezone" in words(question)


def test_a_room_whose_name_holds_a_small_word_is_found_by_it() -> None:
    """ "Salle Sans-Souci": "sans" is a function word elsewhere, but here part of the name."""
    finder = RoomFinder(load_event(ROOT / "events" / "sample-held-out-52.yaml"))
    for question in ("ou se trouve la salle sans souci", "no encuentro la sala sans-souci"):
        assert finder.find(words(question)).room_ids == ("salle-sans-souci",)


def test_a_workshop_asked_in_a_room_now_is_the_one_held_there(answerer: Answerer) -> None:
    """ "Taller en el salón B ahorita": the workshop in that room, not every workshop now."""
    at_two_thirty = datetime(2024, 11, 6, 14, 30, tzinfo=SANTO_DOMINGO)
    assert understood(answerer, "taller en el salón B ahorita", at_two_thirty) == (
        "session",
        "ws-climate",
    )


def test_what_comes_right_before_a_session_is_relative_to_it(answerer: Answerer) -> None:
    assert understood(answerer, "what comes right before lunch") == (
        "session",
        "panel-evaluation",
    )


@pytest.mark.parametrize("semantic", [False, True], ids=["lexical", "hybrid"])
def test_an_umbrella_is_no_dress_code(shipped_event: Event, semantic: bool) -> None:
    """This meeting has no weather entry. Other meetings answered this very question with
    theirs: the nearest answered question is as close as can be, but the five nearest vote for
    weather entries that have no counterpart here, so the dress code gets no vote."""
    index = semantic_index(shipped_event) if semantic else None
    assert understood(Answerer(shipped_event, index), "do i need an umbrella") == ("fallback", None)


def test_a_session_named_by_its_topic_and_kind_names_its_room_not_the_room_so_described() -> None:
    """Yaoundé's "Salle Lobéké (workshop room)": "green schools workshop room" asks where that
    workshop is held, not for the room called "workshop room"; "garden" alone names no room
    when a session is about school gardens."""
    finder = RoomFinder(load_event(ROOT / "events" / "sample-held-out-19.yaml"))
    assert finder.find(words("green schools workshop room")).room_ids == ()
    assert finder.find(words("where's the school garden workshop")).room_ids == ()
    assert finder.find(words("where is the workshop room")).room_ids == ("salle-lobeke",)
    assert finder.find(words("the lobeke room?")).room_ids == ("salle-lobeke",)


def test_a_word_of_a_room_name_that_is_a_topic_names_no_room(shipped_event: Event) -> None:
    """ "Salón A (sala plenaria)": "plenaria" alone asks about plenaries, not that room."""
    finder = RoomFinder(shipped_event)
    assert finder.find(words("la plenaria de clausura")).room_ids == ()
    assert finder.find(words("donde esta la terraza")).room_ids == ("terraza",)
    assert finder.find(words("salon a")).room_ids == ("salon-a",)


def test_a_word_of_a_room_description_with_a_meaning_of_its_own_names_no_room(
    shipped_event: Event,
) -> None:
    """ "Open-air terrace" describes the terrace, and finds it; "who opens the meeting" asks
    about the opening, not about that room."""
    open_air = Text({"en": "Terraza"}, "en", (("en", "open-air terrace"),))
    rooms = tuple(
        replace(r, name=open_air) if r.id == "terraza" else r for r in shipped_event.venue.rooms
    )
    event = replace(shipped_event, venue=replace(shipped_event.venue, rooms=rooms))
    finder = RoomFinder(event)
    assert finder.find(words("who opens the meeting")).room_ids == ()
    assert finder.find(words("the open-air terrace")).room_ids == ("terraza",)
    assert understood(Answerer(event, None), "who opens the meeting") == ("session", "opening")


def test_typos_and_missing_accents_are_forgiven(answerer: Answerer) -> None:
    assert understood(answerer, "wher is the wokshop on climat") == ("session", "ws-climate")
    assert understood(answerer, "adress of the hotel") == ("venue", "address")
    # two letters swapped are one typo, not two
    assert understood(answerer, "when is the closign session") == ("session", "closing")


ABIDJAN_EVENT = ROOT / "events" / "sample-held-out-16.yaml"  # validation meetings since the
CUSCO_EVENT = ROOT / "events" / "sample-held-out-17.yaml"  # eleventh pass


@pytest.mark.parametrize(
    ("path", "question", "rooms"),
    [
        (ABIDJAN_EVENT, "como subo a la terraza ebrie", ("terrasse-ebrie",)),  # not "Comoé"
        (ABIDJAN_EVENT, "tai room?", ("salle-tai",)),  # three letters before the word for room
        (CUSCO_EVENT, "la salle plénière c'est où", ("salon-inti",)),  # "salle des plénières"
        (CUSCO_EVENT, "tremblement de terre, on fait quoi", ()),  # "terr" is also "terrasse"
        (CUSCO_EVENT, "when is killa condori on", ()),  # a speaker, not the "Sala Killa"
        (
            CUSCO_EVENT,
            "which room is the workshop on bilingual materials in",
            (),
        ),  # "workshop room"
    ],
)
def test_rooms_are_named_by_their_names_not_by_look_alikes(
    path: Path, question: str, rooms: tuple[str, ...]
) -> None:
    assert RoomFinder(load_event(path)).find(words(question)).room_ids == rooms


def test_a_meeting_called_a_workshop_has_dates_asked_by_that_name() -> None:
    """At the "Atelier sous-régional…", "fechas del taller?" asks for the meeting's dates; at a
    meeting whose name says nothing of workshops, it does not."""
    abidjan = Answerer(load_event(ABIDJAN_EVENT), None)
    assert understood(abidjan, "fechas del taller?") == ("event", "dates")
    assert understood(abidjan, "what days is the workshop on") == ("event", "dates")
    shipped = Answerer(load_event(ROOT / "events" / "aspnet-lac-2024.yaml"), None)
    assert understood(shipped, "fechas del taller?") != ("event", "dates")


def test_tomorrow_is_read_in_the_event_zone(answerer: Answerer) -> None:
    """23:30 on the 6th in Santo Domingo is already the 7th in UTC: tomorrow is still the 7th."""
    late = datetime(2024, 11, 6, 23, 30, tzinfo=SANTO_DOMINGO)
    assert understood(answerer, "programme for tomorrow", late) == ("schedule", "2024-11-07")
    utc_late = late.astimezone(datetime.fromisoformat("2024-11-07T03:30+00:00").tzinfo)
    assert understood(answerer, "programme for tomorrow", utc_late) == ("schedule", "2024-11-07")


def test_the_next_of_several_equal_sessions_is_chosen(answerer: Answerer) -> None:
    assert understood(answerer, "when is the coffee break") == ("session", "coffee-day1-am")
    friday = datetime(2024, 11, 8, 9, 0, tzinfo=SANTO_DOMINGO)
    assert understood(answerer, "when is the coffee break", friday) == ("session", "coffee-day3-am")
    assert understood(answerer, "what time is lunch on thursday") == ("session", "lunch-day2")


def test_answers_are_in_the_delegates_language_whatever_the_question_language(
    answerer: Answerer, shipped_event: Event
) -> None:
    entry = shipped_event.faq_entry("aspnet-founded")
    assert entry is not None
    for language in ("es", "en", "fr"):
        reply = answerer.answer(
            "When was ASPnet founded?", Translator(language, SANTO_DOMINGO), DURING
        )
        assert reply.reply.text == entry.answer.get(language)


AFTERNOON = datetime(2024, 11, 6, 14, 30, tzinfo=SANTO_DOMINGO)


@pytest.mark.parametrize(
    ("question", "now", "expected"),
    [
        ("que hay en el salon b ahorita", AFTERNOON, ("session", "ws-climate")),
        ("que hay en el salon b ahorita", DURING, ("venue", "room:salon-b")),  # nothing there
        ("what's next in salon b", DURING, ("session", "ws-climate")),
        ("what's in salon b at 2.30", DURING, ("session", "ws-climate")),  # 02:30 is 14:30
        ("where is salon b now", AFTERNOON, ("venue", "room:salon-b")),
        ("que hay en el salon b a las 2 y media", DURING, ("session", "ws-climate")),
        ("what's in salon b at half past 2", DURING, ("session", "ws-climate")),
        ("qu'y a-t-il salle b à 3h moins le quart", DURING, ("session", "ws-climate")),
        ("donde queda la terraza del mar", DURING, ("venue", "room:terraza")),
        ("la salle c, je la trouve pas", DURING, ("venue", "room:salon-c")),
    ],
)
def test_a_room_and_a_time_name_the_session_held_there(
    answerer: Answerer, question: str, now: datetime, expected: tuple[str, str]
) -> None:
    assert understood(answerer, question, now) == expected


def test_a_room_named_like_a_session_topic_needs_the_word_room() -> None:
    """In Dakar "Gorée" is a room and the excursion's island: "the bus to Gorée" is the
    excursion, "la salle Gorée" the room."""
    event = load_event(ROOT / "events" / "sample-held-out-2.yaml")
    answerer = Answerer(event)
    now = datetime(2026, 10, 15, 10, 10, tzinfo=event.timezone)
    bus = answerer.understand("a quelle heure part le bus pour goree", now)
    assert (bus.kind, bus.id) == ("session", "excursion-goree")
    room = answerer.understand("c'est ou la salle gorée ? je la trouve pas", now)
    assert (room.kind, room.id) == ("venue", "room:goree")


def test_the_fallback_offers_the_menu_and_the_organisers(answerer: Answerer, shipped_event) -> None:
    reply = answerer.answer("who won the match?", Translator("fr", SANTO_DOMINGO), DURING).reply
    assert all(contact.name.get("fr") in reply.text for contact in shipped_event.contacts)
    assert reply.buttons, "the menu comes with it"


NOUMEA_EVENT = ROOT / "events" / "sample-held-out-6.yaml"  # a validation set's meeting
KEYNOTE = datetime.fromisoformat("2026-10-13T10:15")  # day one, during the keynote, local


def both_engines_on(path: Path, name: str) -> Callable[[pytest.FixtureRequest], Answerer]:
    """A module fixture called ``name``: each test runs with the hybrid answerer and with the
    lexical one, on the meeting of that file."""

    @pytest.fixture(scope="module", params=["lexical", "hybrid"], name=name)
    def answerers(request: pytest.FixtureRequest) -> Answerer:
        event = load_event(path)
        return Answerer(event, semantic_index(event) if request.param == "hybrid" else None)

    return answerers


noumea = both_engines_on(NOUMEA_EVENT, "noumea")


def asked_in_noumea(answerer: Answerer, text: str, at: str = "") -> tuple[str, str | None]:
    now = datetime.fromisoformat(at) if at else KEYNOTE
    return understood(answerer, text, now.replace(tzinfo=answerer.event.timezone))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # a room's name is the event's word: not "corrected" into a session's "coral"
        ("où se trouve la salle corail", ("venue", "room:salle-corail")),
        ("wheres the corail room", ("venue", "room:salle-corail")),
        # "Bureau 104" is asked for with the word for office in any language
        ("where is office 104", ("venue", "room:bureau-104")),
        ("oficina 104??", ("venue", "room:bureau-104")),
        # the meeting itself, by a word for its dates or by its own name
        ("fechas de la reunion", ("event", "dates")),
        ("cuantos dias dura el encuentro", ("event", "dates")),
        ("c quand la reunion sous regionale", ("event", "dates")),
        # the session named best, on its own day, though a panel is held today too
        ("what comes after the youth panel", ("session", "coffee-d2")),
        ("merci bcp c'est top", ("smalltalk", "thanks")),
    ],
)
def test_questions_about_another_meeting_are_understood(
    noumea: Answerer, question: str, expected: tuple
) -> None:
    assert asked_in_noumea(noumea, question) == expected


SAN_JOSE_EVENT = ROOT / "events" / "sample-held-out-7.yaml"  # another validation meeting


san_jose = both_engines_on(SAN_JOSE_EVENT, "san_jose")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # a day of the month with an ordinal ending, the month left out
        ("what's on the 10th", ("schedule", "2027-03-10")),
        ("programme du 11", ("schedule", "2027-03-11")),
        # what a room is, before the word for room; the rest of its name is part of naming it
        ("where's the plenary room", ("venue", "room:sala-guanacaste")),
        ("where is the computer room", ("venue", "room:aula-digital")),
        ("il est où le patio-jardin ?", ("venue", "room:patio-orquideas")),
        # "is there a room…": "a" names no room
        ("is there a room for prayer", ("faq", "prayer-room")),
        # the rooms in general, with now or next: what is on
        ("qu'est-ce qui se passe en ce moment dans les salles", ("schedule", "now")),
        ("what's next in the rooms", ("schedule", "next")),
        # days beside a word for the meeting are its dates
        ("how many days is this meeting", ("event", "dates")),
        ("combien de jours dure la réunion", ("event", "dates")),
        # "planning" is a French word for the programme
        ("ya quoi demain au planning", ("schedule", "2027-03-10")),
        # the anchor of "after" in the part of the day asked
        ("what's after the afternoon coffee break", ("session", "country-reports")),
        # two panels, one named by its title: not "the next of several equal sessions"
        ("table ronde des jeunes c'est quand", ("session", "panel-youth")),
        # stretched words, "for now", a part of the day said to people
        ("holaa", ("smalltalk", "greeting")),
        ("merciii", ("smalltalk", "thanks")),
        ("bye for now", ("smalltalk", "goodbye")),
        ("morning all!", ("smalltalk", "greeting")),
        ("mil gracias x la info", ("smalltalk", "thanks")),
    ],
)
def test_questions_about_a_third_meeting_are_understood(
    san_jose: Answerer, question: str, expected: tuple
) -> None:
    now = datetime(2027, 3, 9, 10, 0, tzinfo=san_jose.event.timezone)
    assert understood(san_jose, question, now) == expected


BRIDGETOWN_EVENT = ROOT / "events" / "sample-held-out-8.yaml"  # a third validation meeting


bridgetown = both_engines_on(BRIDGETOWN_EVENT, "bridgetown")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ok gotta go, bye", ("smalltalk", "goodbye")),
        ("au revoir, bonne nuit", ("smalltalk", "goodbye")),
        ("que hay en este momento", ("schedule", "now")),
        ("qu'est-ce qui vient après", ("schedule", "next")),
        # "Lunch", "Buffet lunch", "Bajan lunch: …": every title names the question, so the
        # next one is meant, not the one whose title is closest to the one word
        ("lunch?", ("session", "lunch-d1")),
    ],
)
def test_questions_about_a_fourth_meeting_are_understood(
    bridgetown: Answerer, question: str, expected: tuple
) -> None:
    now = datetime(2027, 5, 18, 11, 40, tzinfo=bridgetown.event.timezone)
    assert understood(bridgetown, question, now) == expected


def test_the_last_thing_today_is_a_session_not_the_meeting_dates(bridgetown: Answerer) -> None:
    """ "Last" is the end of something, not how long the meeting lasts."""
    event = bridgetown.event
    now = datetime(2027, 5, 18, 11, 40, tzinfo=event.timezone)
    kind, session_id = understood(bridgetown, "what's the last thing on today", now)
    assert kind == "session" and session_id is not None
    session = event.session(session_id)
    assert session is not None
    working = [s for s in event.sessions_on(now.date()) if s.kind not in LEISURE]
    assert session.end == max(s.end for s in working)


def test_a_room_is_named_by_its_words_not_by_their_meaning() -> None:
    """ "Media Lab" shares a concept with "clima" (medio ambiente) in the lexicon, not a word: a
    question about the climate panel names no room."""
    finder = RoomFinder(load_event(BRIDGETOWN_EVENT))
    assert finder.find(words("panel de jovenes sobre el clima donde es")).room_ids == ()
    assert finder.find(words("donde queda el media lab")).room_ids == ("media-lab",)


def test_a_room_is_named_after_the_articles_that_follow_the_word_room() -> None:
    """ "La salle du Léman": "Léman" alone is also a session's word (the dinner on the lake), so
    only the word for room before it, articles skipped, makes it the room."""
    finder = RoomFinder(load_event(ROOT / "events" / "sample-held-out-11.yaml"))
    assert finder.find(words("ou est la salle du leman")).room_ids == ("salle-leman",)
    assert finder.find(words("le diner sur le leman")).room_ids == ()


RABAT_EVENT = ROOT / "events" / "sample-held-out-9.yaml"  # a fourth validation meeting


rabat = both_engines_on(RABAT_EVENT, "rabat")
RABAT_KEYNOTE = datetime(2027, 10, 4, 10, 20)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # "salam" is a greeting, not a typo of "sala"
        ("salam, bonjour", ("smalltalk", "greeting")),
        # a room named with the building around it, or with "¿cómo la encuentro?" (to find)
        ("where's the restaurant in this building", ("venue", "room:restaurant")),
        ("la oficina b12, como la encuentro?", ("venue", "room:bureau-b12")),
        # the host city names the meeting as its own name does
        ("que dias es la reunion en rabat", ("event", "dates")),
        # "el día 5" of a three-day meeting is the 5th of the month; "day 2" is its second day
        ("programa del dia 5", ("schedule", "2027-10-05")),
        ("day 2 programme", ("schedule", "2027-10-05")),
        # SIM cards and "docs" are asked about at any meeting
        ("où trouver une carte sim", ("faq", "sim-card")),
        ("je cherche les docs de la réunion", ("faq", "documents")),
    ],
)
def test_questions_about_a_fifth_meeting_are_understood(
    rabat: Answerer, question: str, expected: tuple
) -> None:
    now = RABAT_KEYNOTE.replace(tzinfo=rabat.event.timezone)
    assert understood(rabat, question, now) == expected


KIGALI_EVENT = ROOT / "events" / "sample-held-out-41.yaml"  # workshops "A" to "F"
kigali = both_engines_on(KIGALI_EVENT, "kigali")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("workshop B room?", ("session", "ws-inclusive-sport")),
        ("taller B donde", ("session", "ws-inclusive-sport")),  # in another language than the title
        ("qui anime l'atelier D", ("session", "ws-olympic-values-kit")),
        ("workshop c what is it about", ("session", "ws-peace-clubs")),
        ("atelier F ??", ("session", "ws-conflict-mediation")),
    ],
)
def test_a_workshop_is_named_by_its_label(kigali: Answerer, question: str, expected: tuple) -> None:
    now = datetime(2034, 2, 21, 10, tzinfo=kigali.event.timezone)
    assert understood(kigali, question, now) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("beatrice uwase anima que taller", ("session", "ws-fair-play-curriculum")),
        ("furaha kasongo de la rdc habla cuando", ("session", "panel-sport-reconciliation")),
        # another person of the same surname is not this speaker
        ("quand parle le professeur alain kasongo", ("fallback", None)),
    ],
)
def test_a_speaker_named_is_the_session_they_speak_in(
    kigali: Answerer, question: str, expected: tuple
) -> None:
    """Both retrievers had left these at "I don't know", the session only offered."""
    now = datetime(2034, 2, 21, 10, tzinfo=kigali.event.timezone)
    assert understood(kigali, question, now) == expected


def test_a_name_counts_only_where_it_names_one_speaker_and_nothing_else() -> None:
    event = load_event(KIGALI_EVENT)
    names = SpeakerNames(event)
    typed = frozenset({"uwase", "beatrice", "kasongo", "alain"})
    assert names.named(["uwase", "taller"], typed) == ("Béatrice Uwase", ["taller"])
    assert names.named(["alain", "kasongo"], typed) == ("Furaha Bahati Kasongo", ["alain"])
    assert names.named(["uwase"], frozenset()) is None  # corrected into a name, not typed one
    twice = replace(
        event,
        sessions=(
            *event.sessions,
            replace(event.sessions[0], id="x", speakers=(Speaker("Ana Uwase"),)),
        ),
    )
    assert SpeakerNames(twice).named(["uwase"], typed) is None  # two speakers called Uwase
    elsewhere = replace(event, name=Text({"en": "The Uwase meeting"}, "en"))
    assert SpeakerNames(elsewhere).named(["uwase"], typed) is None


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # the event's FAQ teaches these Kinyarwanda words ("Muraho: hello. Murakoze: thank you")
        ("muraho", "greeting"),
        ("murakoze", "thanks"),
        ("muraho, merci", "thanks"),  # as "hello, thanks" is
        ("murakoze cyane!", None),  # "cyane" is not in the FAQ: more than the words it teaches
        ("what does muraho mean", None),  # asked about, not said
    ],
)
def test_a_local_greeting_the_faq_teaches_greets(
    kigali: Answerer, question: str, said: str | None
) -> None:
    now = datetime(2034, 2, 21, 10, tzinfo=kigali.event.timezone)
    kind, courtesy = understood(kigali, question, now)
    assert (kind, courtesy) == ("smalltalk", said) if said else kind != "smalltalk"


def test_only_a_glossed_untranslated_phrase_is_a_local_word(shipped_event: Event) -> None:
    """A phrase is local when every language writes it alike and its gloss is a courtesy; a
    name glossed otherwise, a number or a word with a meaning of its own is not."""
    answer = Text(
        {
            "en": "Hello: xin chào. Thank you: cảm ơn. Wi-Fi: Welcome. Hue (28 °C, good mornings).",
            "es": "Hola: xin chào. Gracias: cảm ơn. Wi-Fi: Welcome. Hue (28 °C, buenas mañanas).",
            "fr": "Bonjour : xin chào. Merci : cảm ơn. Wi-Fi : Welcome. Hué (28 °C, beaux matins).",
        },
        "en",
    )
    entry = FaqEntry("phrases", {"en": ("vietnamese words",)}, answer)
    courtesies = LocalCourtesies(replace(shipped_event, faq=(entry,)))
    assert courtesies.said(["xin", "chao"]) is Courtesy.GREETING
    assert courtesies.said(["cam", "on", "please"]) is Courtesy.THANKS
    assert courtesies.said(["wifi"]) is None  # a word of the meeting's languages
    assert courtesies.said(["28"]) is None
    assert courtesies.said(["hue"]) is None
    assert courtesies.said(["xin", "chao", "hue"]) is None  # more than courtesy


@pytest.mark.parametrize(
    ("question", "not_meant"),
    [
        ("el taller a que hora es", "ws-fair-play-curriculum"),  # "a qué hora"
        ("l'atelier c quand", "ws-peace-clubs"),  # "c'est quand"
        ("l'atelier d'écriture c'est où", "ws-olympic-values-kit"),  # "d'écriture"
        # the workshop is named, but the question is about something else
        ("je n'ai pas pu aller à l'atelier A, je récupère le kit où ?", "ws-fair-play-curriculum"),
    ],
)
def test_a_letter_after_workshop_is_not_always_its_label(question: str, not_meant: str) -> None:
    """Lexical alone: the label rule's own decision, which the hybrid may reach otherwise."""
    kigali_lexical = Answerer(load_event(KIGALI_EVENT))
    now = datetime(2034, 2, 21, 10, tzinfo=kigali_lexical.event.timezone)
    assert understood(kigali_lexical, question, now) != ("session", not_meant)


def test_the_next_meeting_is_not_this_one(rabat: Answerer) -> None:
    """ "La prochaine réunion régionale" is another meeting: its dates are not these."""
    now = RABAT_KEYNOTE.replace(tzinfo=rabat.event.timezone)
    assert understood(rabat, "quand aura lieu la prochaine réunion régionale", now)[0] != "event"
    assert understood(rabat, "quand a lieu la réunion régionale", now) == ("event", "dates")


SAN_SALVADOR_EVENT = ROOT / "events" / "sample-held-out-45.yaml"  # a field visit, no other
san_salvador = both_engines_on(SAN_SALVADOR_EVENT, "san_salvador")


@pytest.mark.parametrize(
    "question",
    [
        "when is the field visit",
        "la visite de terrain on part a quelle heure",
        "a que hora salen los buses para la visita de campo",
        "excursion?",
    ],
)
def test_the_field_visit_is_named_by_what_delegates_call_it(
    san_salvador: Answerer, question: str
) -> None:
    """The programme's one outing, asked with its buses and when they leave, is that session:
    not the FAQ entries that mention a bus, nor "I don't know"."""
    now = datetime(2036, 3, 11, 10, tzinfo=san_salvador.event.timezone)
    assert understood(san_salvador, question, now) == ("session", "field-visit")


@pytest.mark.parametrize("question", ["hotel?", "hoteles?", "en q hotel estoy"])
def test_a_hotel_alone_is_where_delegates_sleep_when_the_event_says(
    san_salvador: Answerer, question: str
) -> None:
    """San Salvador's organisers have an entry on accommodation: "hotel?" asks for it."""
    now = datetime(2036, 3, 11, 10, tzinfo=san_salvador.event.timezone)
    assert understood(san_salvador, question, now) == ("faq", "accommodation")
    assert understood(san_salvador, "hotel address?", now) == ("venue", "address")


def test_an_outing_with_something_else_asked_is_not_only_the_outing(san_salvador: Answerer) -> None:
    """What to bring to it asks about more than the outing: the rule leaves it to the
    retrievers."""
    now = datetime(2036, 3, 11, 10, tzinfo=san_salvador.event.timezone)
    assert understood(san_salvador, "what should i bring to the field visit", now) != (
        "session",
        "field-visit",
    )


def test_a_meal_held_every_day_is_the_next_one(noumea: Answerer) -> None:
    """Three lunches with three titles ("buffet", "Pacific cuisine", "farewell") match "lunch?"
    alike: the next one is meant, whichever title the encoder leans to."""
    assert asked_in_noumea(noumea, "lunch?") == ("session", "lunch-d1")
    assert asked_in_noumea(noumea, "lunch?", "2026-10-14T15:00") == ("session", "lunch-d3")


def test_the_same_code_serves_another_event(other_event: Event) -> None:
    answerer = Answerer(other_event)
    now = datetime.fromisoformat("2026-05-20T10:15").replace(tzinfo=other_event.timezone)
    assert answerer.understand("wifi pw", now).id == "wifi"
    assert answerer.understand("where is lab 3", now).id == "room:lab-3"
    assert answerer.understand("programme for tomorrow", now).id == "2026-05-21"


@pytest.mark.parametrize(
    ("question", "target"),
    [
        ("¿Cuándo se fundó la red PEA?", FaqTarget("aspnet-founded")),
        ("donde es el taller de clima?", SessionTarget("ws-climate")),
        ("wifi?", VenueTarget(VenueTopic.WIFI)),
        ("donde queda el salon b", RoomTarget("salon-b")),
        ("what's on thursday", DayTarget(date(2024, 11, 7))),
        ("what's on now", MomentTarget(Moment.NOW)),
        ("y después?", MomentTarget(Moment.NEXT)),
        ("gracias!", SmallTalk(Courtesy.THANKS)),
        ("?!", NoQuestion()),
        ("who won the match?", Fallback()),
    ],
)
def test_what_is_understood_is_typed(answerer: Answerer, question: str, target: object) -> None:
    assert answerer.understand(question, DURING).target == target


def test_a_typed_target_keeps_the_labels_of_the_question_sets() -> None:
    assert [kind.value for kind in Kind] == [
        "faq", "session", "venue", "schedule", "event", "smalltalk", "empty", "fallback"
    ]  # fmt: skip
    assert (RoomTarget("salon-b").kind, RoomTarget("salon-b").id) == ("venue", "room:salon-b")
    assert DayTarget(date(2024, 11, 7)).id == "2024-11-07"
    assert (MeetingDates().kind, MeetingDates().id) == ("event", "dates")
    assert (Fallback().kind, Fallback().id) == ("fallback", None)
    for label in [("faq", "badges"), ("session", "opening"), ("venue", "wifi"),
                  ("venue", "room:terraza"), ("event", "dates")]:  # fmt: skip
        found = as_topic(*label)
        assert (found.kind, found.id) == label


def test_did_you_mean_is_labelled_as_its_best_option() -> None:
    choice = Understood(DidYouMean((FaqTarget("badges"), SessionTarget("opening"))))
    assert (choice.kind, choice.id) == ("faq", "badges")
    assert choice.alternatives == (("session", "opening"),)
    assert choice.suggestions == ()
    unsure = Understood(Fallback((FaqTarget("badges"),)), confidence=0.2)
    assert (unsure.suggestions, unsure.alternatives) == ((("faq", "badges"),), ())


def test_one_renderer_puts_the_delegates_follow_state_on_a_session(shipped_event: Event) -> None:
    t = Translator("en", SANTO_DOMINGO)
    climate = SessionTarget("ws-climate")

    def follow_buttons(followed: set[str] | None) -> list[str]:
        reply = render(shipped_event, climate, t, DURING, followed)
        return [b.label for row in reply.buttons for b in row if "ollow" in b.label]

    session = shipped_event.session("ws-climate")
    assert session is not None
    assert render(shipped_event, climate, t, DURING) == views.session_detail(
        shipped_event, t, session
    )
    assert follow_buttons(None) == []
    assert follow_buttons({"opening"}) == ["⭐ Follow"]
    assert follow_buttons({"ws-climate"}) == ["☆ Unfollow"]


def test_a_did_you_mean_renders_its_options_best_first(shipped_event: Event) -> None:
    t = Translator("en", SANTO_DOMINGO)
    options = (FaqTarget("badges"), SessionTarget("opening"), RoomTarget("terraza"))
    reply = render(shipped_event, DidYouMean(options), t, DURING)
    assert reply.text == t.gettext("Did you mean…?")
    data = [row[0].data for row in reply.buttons]
    assert data == [callbacks.faq("badges"), callbacks.session("opening"), callbacks.VENUE,
                    callbacks.MENU]  # fmt: skip


@pytest.mark.parametrize("language", ["es", "en", "fr"])
def test_parallel_sessions_with_a_long_common_start_get_buttons_that_differ(
    shipped_event: Event, language: str
) -> None:
    """The three planning groups run at the same time, their titles alike up to the region:
    cut at the end, the three buttons read the same and the delegate cannot choose."""
    t = Translator(language, SANTO_DOMINGO)
    groups = ("plan-central-america", "plan-caribbean", "plan-south-america")
    for target in (
        DidYouMean(tuple(SessionTarget(g) for g in groups)),
        Fallback(tuple(SessionTarget(g) for g in groups)),
    ):
        reply = render(shipped_event, target, t, DURING)
        labels = [b.label for row in reply.buttons for b in row if b.data.startswith("ses:")]
        assert len(labels) == 3 == len(set(labels)), labels
        assert all(len(label) <= views.BUTTON_LABEL_LIMIT for label in labels)
    friday = views.day(shipped_event, t, date(2024, 11, 8))
    on_friday = [b.label for row in friday.buttons for b in row if b.data.startswith("ses:")]
    assert len(set(on_friday)) == len(on_friday), on_friday


def test_the_time_asked_about_is_read_and_its_words_set_aside(shipped_event: Event) -> None:
    asked = words("programa de mañana por la tarde")  # "por la tarde" folds to one word
    when = read_asked_time(asked, shipped_event, DURING)
    assert (when.day, when.hours is not None, when.now, when.next) == (
        date(2024, 11, 7),
        True,
        False,
        False,
    )
    assert [asked[i] for i in sorted(when.used)] == ["manana", "afternoon"]
    assert when.any_time


# Regression floors for the labelled sets (bench/bench_answers.py prints the figures), for the
# hybrid answerer the bot runs and for the lexical engine it falls back on. Issue 9's targets
# (90% top-1, at most 5% of out-of-scope questions answered) are met on some sets, not on all:
# these floors sit just under what each engine reaches today, so any regression fails. The
# lexical engine is held on every set; the hybrid, whose run costs about ten seconds a set (CI
# has ten minutes and the machine's speed varies by a minute between runs), on the clean
# held-out sets (Vienna, Cartagena de Indias, Fort-de-France, Thimphu) only; the shipped event's
# questions are asked of both engines by the tests above, and the benchmark prints every set.
# name: (top-1 floor, out-of-scope answered ceiling, right-or-one-tap-away floor).
FLOORS = {
    "hybrid": {
        "sample-held-out-14.yaml": (0.94, 0.05, 0.97),
        "sample-held-out-72.yaml": (0.93, 0.02, 0.97),
        "sample-held-out-73.yaml": (0.91, 0.04, 0.96),
        "sample-held-out-74.yaml": (0.93, 0.04, 0.96),
    },
    "lexical": {
        "aspnet-lac-2024.yaml": (0.78, 0.13, 0.90),
        "sample-other-meeting.yaml": (0.84, 0.13, 0.91),
        "sample-held-out-meeting.yaml": (0.77, 0.28, 0.91),
        "sample-held-out-2.yaml": (0.76, 0.15, 0.85),
        "sample-held-out-3.yaml": (0.69, 0.21, 0.84),
        "sample-held-out-4.yaml": (0.69, 0.16, 0.81),
        "sample-held-out-5.yaml": (0.77, 0.15, 0.90),
        "sample-held-out-6.yaml": (0.76, 0.12, 0.90),
        "sample-held-out-7.yaml": (0.73, 0.20, 0.87),
        "sample-held-out-8.yaml": (0.67, 0.14, 0.81),
        "sample-held-out-9.yaml": (0.75, 0.12, 0.89),
        "sample-held-out-10.yaml": (0.73, 0.20, 0.86),
        "sample-held-out-11.yaml": (0.75, 0.21, 0.90),
        "sample-held-out-12.yaml": (0.74, 0.15, 0.89),
        "sample-held-out-13.yaml": (0.74, 0.16, 0.85),
        "sample-held-out-14.yaml": (0.75, 0.15, 0.90),
        "sample-held-out-15.yaml": (0.77, 0.09, 0.90),
        "sample-held-out-16.yaml": (0.71, 0.18, 0.86),
        "sample-held-out-17.yaml": (0.72, 0.17, 0.85),
        "sample-held-out-18.yaml": (0.69, 0.15, 0.85),
        "sample-held-out-19.yaml": (0.73, 0.16, 0.84),
        "sample-held-out-20.yaml": (0.74, 0.14, 0.87),
        "sample-held-out-21.yaml": (0.73, 0.12, 0.87),
        "sample-held-out-22.yaml": (0.76, 0.11, 0.86),
        "sample-held-out-23.yaml": (0.72, 0.16, 0.87),
        "sample-held-out-24.yaml": (0.76, 0.13, 0.88),
        "sample-held-out-25.yaml": (0.75, 0.18, 0.88),
        "sample-held-out-26.yaml": (0.73, 0.14, 0.89),
        "sample-held-out-27.yaml": (0.76, 0.17, 0.89),
        "sample-held-out-28.yaml": (0.72, 0.15, 0.86),
        "sample-held-out-29.yaml": (0.73, 0.17, 0.86),
        "sample-held-out-30.yaml": (0.74, 0.12, 0.88),
        "sample-held-out-31.yaml": (0.71, 0.19, 0.87),
        "sample-held-out-32.yaml": (0.73, 0.13, 0.88),
        "sample-held-out-33.yaml": (0.76, 0.25, 0.87),
        "sample-held-out-34.yaml": (0.74, 0.16, 0.87),
        "sample-held-out-35.yaml": (0.73, 0.16, 0.89),
        "sample-held-out-36.yaml": (0.72, 0.22, 0.85),
        "sample-held-out-37.yaml": (0.73, 0.18, 0.87),
        "sample-held-out-38.yaml": (0.70, 0.13, 0.87),
        "sample-held-out-39.yaml": (0.71, 0.18, 0.85),
        "sample-held-out-40.yaml": (0.78, 0.18, 0.90),
        "sample-held-out-41.yaml": (0.71, 0.16, 0.86),
        "sample-held-out-42.yaml": (0.69, 0.22, 0.83),
        "sample-held-out-43.yaml": (0.66, 0.15, 0.84),
        "sample-held-out-44.yaml": (0.69, 0.20, 0.82),
        "sample-held-out-45.yaml": (0.76, 0.19, 0.88),
        "sample-held-out-46.yaml": (0.73, 0.16, 0.85),
        "sample-held-out-47.yaml": (0.70, 0.31, 0.85),
        "sample-held-out-48.yaml": (0.74, 0.18, 0.85),
        "sample-held-out-49.yaml": (0.74, 0.11, 0.89),
        "sample-held-out-50.yaml": (0.72, 0.21, 0.85),
        "sample-held-out-51.yaml": (0.75, 0.18, 0.87),
        "sample-held-out-52.yaml": (0.73, 0.18, 0.86),
        "sample-held-out-53.yaml": (0.77, 0.20, 0.88),
        "sample-held-out-54.yaml": (0.74, 0.17, 0.90),
        "sample-held-out-55.yaml": (0.74, 0.21, 0.88),
        "sample-held-out-56.yaml": (0.76, 0.17, 0.86),
        "sample-held-out-57.yaml": (0.78, 0.24, 0.88),
        "sample-held-out-58.yaml": (0.76, 0.16, 0.88),
        "sample-held-out-59.yaml": (0.71, 0.13, 0.87),
        "sample-held-out-60.yaml": (0.77, 0.09, 0.89),
        "sample-held-out-61.yaml": (0.76, 0.17, 0.89),
        "sample-held-out-62.yaml": (0.72, 0.26, 0.86),
        "sample-held-out-63.yaml": (0.72, 0.18, 0.86),
        "sample-held-out-64.yaml": (0.77, 0.12, 0.89),
        "sample-held-out-65.yaml": (0.76, 0.14, 0.89),
        "sample-held-out-66.yaml": (0.76, 0.09, 0.89),
        "sample-held-out-67.yaml": (0.74, 0.16, 0.87),
        "sample-held-out-68.yaml": (0.79, 0.09, 0.89),
        "sample-held-out-69.yaml": (0.73, 0.24, 0.87),
        "sample-held-out-70.yaml": (0.73, 0.11, 0.86),
        "sample-held-out-71.yaml": (0.76, 0.11, 0.86),
        "sample-held-out-72.yaml": (0.76, 0.11, 0.90),
        "sample-held-out-73.yaml": (0.77, 0.16, 0.89),
        "sample-held-out-74.yaml": (0.79, 0.14, 0.90),
    },
}


@pytest.mark.parametrize(
    ("engine", "name"), [(engine, name) for engine, sets in FLOORS.items() for name in sorted(sets)]
)
def test_labelled_set_does_not_regress(engine: str, name: str) -> None:
    event, questions = load_set(ROOT / "bench" / "questions" / name)
    results = run(questions, current(event, questions, semantic=engine == "hybrid"), event)
    top1 = sum(r.right for r in results) / len(results)
    one_tap = sum(r.right or r.one_tap_away for r in results) / len(results)
    out_of_scope = [r for r in results if r.question.kind == "fallback"]
    answered = sum(r.kind not in ("fallback", "smalltalk") for r in out_of_scope)
    floor, ceiling, one_tap_floor = FLOORS[engine][name]
    assert top1 >= floor
    assert answered / len(out_of_scope) <= ceiling
    assert one_tap >= one_tap_floor
