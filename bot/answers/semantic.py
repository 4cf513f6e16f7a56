"""The event as vectors: which FAQ entry, session, venue topic or room a question *means*.

The lexical index (``bot.answers.index``) knows which words a question shares with the event; this
one knows what it is about, whatever the words and the language. Each document of the event gets
several texts, embedded once (``bot.answers.embedding_cache``):

- *headline* texts, embedded as queries because a delegate's question is compared with them
  like with like: an FAQ entry's example phrasings, a session's title, a room's name, and for
  the venue topics (address, directions, wifi) a few generic questions that every meeting has,
  written here in each supported language rather than in any one event file;
- *body* texts, embedded as passages: an FAQ answer, a session's title with its description
  and speakers, a room's directions, the venue's address and directions.

A question's similarity to a document is the best cosine over each kind of text. The two are
kept apart: a question is closer to another question than to any answer, so their scales differ.

Beside the event, the index holds other meetings' questions: those no meeting answered
(``off_topic.txt``) and those a meeting did (``answered.txt``). How close a question comes to the
nearest of each, and to the three nearest, is what the acceptance stage weighs its best
candidate against (``bot.answers.hybrid``).

Other meetings' FAQ entries, sessions, venue topics and dates come with the questions delegates
asked about them (``paraphrases.yaml``). Each is matched with the item of this event, of the same
kind, that means the same: the means of their phrasings' (or titles') vectors at least
``SAME_TOPIC`` close, and each the other's nearest (this event's item among its own, the other
among its meeting's). Its questions become *borrowed* phrasings of that item. A delegate's
paraphrase rarely uses the organisers' words, but it is often close to what another delegate typed
about the same matter elsewhere.

Their vectors ship beside the lists (``off_topic.npz``, ``answered.npz``,
``paraphrases.npz``, written with them by ``bench/build_question_lists.py``): embedding their
18,000 texts would take about three minutes on a cold start. For another model they are embedded
like the event's texts.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from bot.answers.embedding_cache import EmbeddingCache
from bot.answers.encoder import Encoder
from bot.event import Event, Speaker, Text

log = logging.getLogger(__name__)

OFF_TOPIC_VECTORS = Path(__file__).with_name("off_topic.npz")
ANSWERED_VECTORS = Path(__file__).with_name("answered.npz")
PARAPHRASES_VECTORS = Path(__file__).with_name("paraphrases.npz")


def _listed(path: Path) -> tuple[str, ...]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@dataclass(frozen=True)
class Paraphrases:
    """An FAQ entry, a session, a venue topic or the dates of another meeting: its example
    phrasings, its title or the bot's own phrasings of it, and what delegates asked about it
    there."""

    meeting: str
    kind: str
    entry: tuple[str, ...]
    asked: tuple[str, ...]


def _paraphrases(path: Path) -> tuple[Paraphrases, ...]:
    listed = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or []
    return tuple(
        Paraphrases(g["meeting"], g["kind"], tuple(g["entry"]), tuple(g["asked"])) for g in listed
    )


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
OFF_TOPIC = _listed(OFF_TOPIC_VECTORS.with_suffix(".txt"))
ANSWERED = _listed(ANSWERED_VECTORS.with_suffix(".txt"))
PARAPHRASES = _paraphrases(PARAPHRASES_VECTORS.with_suffix(".yaml"))
# The nearest questions of each list that stand for it: one question alone may be a fluke.
NEAREST = 3
# The nearest questions of both lists together that vote for the items they were lent to
# (``Similarity.votes``). Leave one set out on 39 sets, at 0.7: 89.2% right instead of 88.4%,
# 1.5% wrong stated instead of 1.6%, 4.1% of out-of-scope questions answered instead of 4.3%
# (bench/README.md).
VOTERS = 5
# Sessions that recur each day: a vote for one lunch is a vote for every lunch, since which one
# is meant is the question's day (``bot.answers.engine``), not what other delegates asked.
RECURRING = frozenset({"meal", "break"})
# Two FAQ entries (sessions, venue topics) mean the same when the means of their phrasings'
# (titles') vectors are this close, and each is the other's nearest. On the development sets,
# with each set's own questions never lent to it, borrowing from the nearest entry above it put
# the right entry first for 89% of FAQ questions on the cosines alone, instead of 74%; leave one
# set out, the fitted answerer was equally right at 0.91, 0.94 and 0.96 (bench/README.md).
SAME_TOPIC = 0.94
# Sessions' titles say more than their kind ("Official dinner and intore dance performance"
# against another meeting's "Official dinner", 0.936): two sessions mean the same a little
# further apart, still each the other's nearest. Leave one set out on 42 sets, refitted, at 0.7:
# 89.1% right instead of 89.0%, 1.5% wrong stated instead of 1.6%, 4.2% of out-of-scope
# questions answered instead of 4.3% (bench/README.md).
SAME_SESSION = 0.92
# Items this close to the nearest one are equally near: the three lunches of a meeting share a
# title, and each borrows what delegates asked about each of another meeting's lunches.
SAME_TIE = 0.002

# Questions every meeting's venue answers; the bot's own, so they serve any event file.
VENUE_QUESTIONS: dict[str, tuple[str, ...]] = {
    "address": (
        "Where is the meeting held? What is the address of the venue?",
        "¿Dónde es el encuentro? ¿Cuál es la dirección de la sede?",
        "Où a lieu la réunion ? Quelle est l'adresse du lieu ?",
    ),
    "directions": (
        "How do I get to the venue from the airport? Taxi or transport to the hotel",
        "¿Cómo llego a la sede desde el aeropuerto? Taxi o transporte al hotel",
        "Comment aller au lieu de la réunion depuis l'aéroport ? Taxi ou transport",
    ),
    "wifi": (
        "What is the wifi password? How do I connect to the internet?",
        "¿Cuál es la clave del wifi? ¿Cómo me conecto a internet?",
        "Quel est le mot de passe du wifi ? Comment me connecter à internet ?",
    ),
}


# And questions about the meeting itself, answered from its programme (``views.event_dates``).
EVENT_QUESTIONS: tuple[str, ...] = (
    "When is the meeting? What are the dates of the conference? How many days does it last?",
    "¿Cuándo es el encuentro? ¿Qué fechas son la reunión? ¿Cuántos días dura?",
    "Quand a lieu la réunion ? Quelles sont les dates de la rencontre ? Combien de jours ?",
)


@dataclass(frozen=True)
class Neighbours:
    """How close a question comes to other meetings' questions (``SemanticIndex.neighbours``)."""

    off_topic: float = 0.0  # cosine to the nearest question no meeting answered
    answered: float = 0.0  # ... and to the nearest one a meeting answered
    # the mean cosine to the ``NEAREST`` nearest of each list
    off_topic_near: float = 0.0
    answered_near: float = 0.0
    # the cosine of the last of the ``VOTERS`` nearest questions of both lists together
    voters_floor: float = 1.0
    # every answered question's cosine, which ``similarities`` reads the borrowed questions'
    # from rather than computing the 19,000 products again (1.4 ms a question)
    answered_cosines: np.ndarray | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Similarity:
    """How close a question is to one document: best headline and best body cosine, and best
    headline cosine once what every text of the event shares is taken out (``centred``)."""

    headline: float
    body: float
    centred: float = 0.0
    # best cosine to its headlines and to the questions other meetings' delegates asked about
    # the same matter, if any (``lent``)
    borrowed: float = 0.0
    lent: bool = False
    # the share of the question's ``VOTERS`` nearest questions, asked at other meetings, that
    # were asked about this item's counterparts: a vote of other delegates, where the best
    # cosine (``borrowed``) is one delegate's word
    votes: float = 0.0

    @property
    def best(self) -> float:
        return max(self.headline, self.body)


@dataclass
class _Texts:
    headlines: list[tuple[str, str]] = field(default_factory=list)  # (document key, text)
    bodies: list[tuple[str, str]] = field(default_factory=list)

    def headline(self, key: str, text: Text | str | None) -> None:
        self.headlines.extend((key, value) for value in _values(text))

    def body(self, key: str, text: Text | str | None) -> None:
        self.bodies.extend((key, value) for value in _values(text))


def _values(text: Text | str | None) -> Iterable[str]:
    if text is None:
        return ()
    if isinstance(text, str):
        return (text,) if text.strip() else ()
    return dict.fromkeys(v for _, v in text.variants() if v.strip())


def document_key(kind: str, target_id: str) -> str:
    return f"{kind}:{target_id}"


class SemanticIndex:
    """Built once per event (re)load, in a worker thread; a question then costs one embedding
    and two matrix products."""

    def __init__(
        self,
        event: Event,
        encoder: Encoder,
        cache: EmbeddingCache,
        off_topic: Sequence[str] = OFF_TOPIC,
        answered: Sequence[str] = ANSWERED,
        paraphrases: Sequence[Paraphrases] = PARAPHRASES,
    ) -> None:
        started = time.monotonic()
        self.encoder = encoder
        texts = _event_texts(event)
        self._headline_keys = [key for key, _ in texts.headlines]
        self._body_keys = [key for key, _ in texts.bodies]
        self._headlines = cache.embed(encoder, [t for _, t in texts.headlines], query=True)
        self._bodies = cache.embed(encoder, [t for _, t in texts.bodies], query=False)
        self._off_topic = shipped_vectors(encoder, cache, off_topic, OFF_TOPIC_VECTORS)
        self._answered = shipped_vectors(encoder, cache, answered, ANSWERED_VECTORS)
        # Every text of a meeting is about a meeting, in the same few languages: that common
        # part lifts every cosine alike. Cosines between vectors from which the event's mean is
        # taken out say more about which item a question is closer to than to the others.
        self._mean = np.vstack([self._headlines, self._bodies]).mean(axis=0)
        self._centred_headlines = _unit(self._headlines - self._mean)
        recurring = {
            document_key("session", s.id): f"session-{s.kind}"
            for s in event.sessions
            if s.kind in RECURRING
        }
        self._voter_of = {key: recurring.get(key, key) for key in self._headline_keys}
        self._borrowed_keys, self._lent_from, self._lent_rows, voters = self._borrow(
            encoder, cache, paraphrases, answered
        )
        self._voter_rows = np.array(voters, dtype=np.intp)
        self._by_headline = _ByKey(self._headline_keys)
        self._by_body = _ByKey(self._body_keys)
        self._by_borrowed = _ByKey(self._borrowed_keys)
        self._by_voter = _ByKey([self._voter_of[self._borrowed_keys[row]] for row in voters])
        self.keys = sorted(set(self._headline_keys) | set(self._body_keys))
        log.info(
            "answers: semantic index of %d documents (%d texts, %d borrowed) ready in %.1f s",
            len(self.keys),
            len(self._headline_keys) + len(self._body_keys),
            len(self._borrowed_keys),
            time.monotonic() - started,
        )

    def _borrow(
        self,
        encoder: Encoder,
        cache: EmbeddingCache,
        others: Sequence[Paraphrases],
        answered: Sequence[str],
    ) -> tuple[list[str], np.ndarray, np.ndarray, list[int]]:
        """Other meetings' questions about an FAQ entry, a session, a venue topic or the dates,
        for the item of this event that means the same: of the same kind, near enough
        (``SAME_TOPIC``), and each the other's nearest (or as near, ``SAME_TIE``). Nearest both
        ways, because the nearest item alone may mean something else: a meeting without a
        weather entry would borrow what was asked about another's weather for its dress code,
        and state it for "do i need an umbrella"."""
        borrowed_keys: list[str] = []
        borrowed: list[int] = []  # each borrowed question's row of ``lent_from``
        voters: list[int] = []  # the rows that vote: one per question and item it votes for
        voted: set[tuple[str, str]] = set()
        vectors: dict[str, np.ndarray] = {}
        lent: set[tuple[str, str]] = set()
        # the questions are among the answered ones (``ANSWERED``), whose vectors ship apart and
        # are kept anyway: a borrowed question is its row of ``self._answered``, not a copy of
        # its vector (10 MB less in the bot, for the 6,872 the shipped event borrows), nor a
        # row read from ``answered.npz`` again (the start-up peak: 60 MB more); the items'
        # phrasings serve this build alone
        phrasings = list(dict.fromkeys(t for g in others for t in g.entry))
        if phrasings:
            shipped = shipped_vectors(encoder, cache, phrasings, PARAPHRASES_VECTORS, kept=False)
            vectors.update(zip(phrasings, shipped, strict=True))
        asked = list(dict.fromkeys(t for g in others for t in g.asked))
        row_of = {text: row for row, text in enumerate(answered)}
        lent_from = self._answered
        if not all(text in row_of for text in asked):
            lent_from = shipped_vectors(encoder, cache, asked, ANSWERED_VECTORS)
            row_of = {text: row for row, text in enumerate(asked)}
        vectors.update((text, lent_from[row_of[text]]) for text in asked)
        topics = {kind: self._topics(kind) for kind in {g.kind for g in others}}
        lenders: dict[tuple[str, str], list[Paraphrases]] = {}
        for group in others:
            lenders.setdefault((group.meeting, group.kind), []).append(group)
        for (_, kind), groups in lenders.items():
            item_keys, item_topics = topics[kind]
            if not item_keys:
                continue
            lender_topics = [_unit(np.mean([vectors[t] for t in g.entry], axis=0)) for g in groups]
            closeness = np.stack(lender_topics) @ item_topics.T  # each lender against each item
            nearest_item = closeness >= closeness.max(axis=1, keepdims=True) - SAME_TIE
            nearest_lender = closeness >= closeness.max(axis=0, keepdims=True) - SAME_TIE
            for row, column in zip(*np.nonzero(nearest_item & nearest_lender), strict=True):
                if closeness[row, column] < (SAME_SESSION if kind == "session" else SAME_TOPIC):
                    continue
                key = item_keys[column]
                # "wifi?" asked at five meetings is lent once: one delegate, one vote
                for text in groups[row].asked:
                    if (key, text) not in lent:
                        lent.add((key, text))
                        if (self._voter_of[key], text) not in voted:
                            voted.add((self._voter_of[key], text))
                            voters.append(len(borrowed))
                        borrowed_keys.append(key)
                        borrowed.append(row_of[text])
        return borrowed_keys, lent_from, np.array(borrowed, dtype=np.intp), voters

    def _topics(self, kind: str) -> tuple[list[str], np.ndarray]:
        """This event's items of a kind, each with the mean of its headlines' vectors: what it
        is about, whatever the language of each phrasing."""
        item_keys = sorted({key for key in self._headline_keys if key.startswith(f"{kind}:")})
        rows = np.array(self._headline_keys)
        means = [self._headlines[rows == key].mean(axis=0) for key in item_keys]
        return item_keys, _unit(np.stack(means)) if means else np.zeros((0, 0))

    def embed(self, question: str) -> np.ndarray:
        return self.encoder.queries([question])[0]

    def neighbours(self, vector: np.ndarray) -> Neighbours:
        """The other meetings' questions nearest to this one: those none answered, and those one
        did."""
        # each list's nearest, partitioned once: the voters are the nearest of both lists'
        off_topic_top = _highest(_cosines(self._off_topic, vector), max(NEAREST, VOTERS))
        answered_cosines = _cosines(self._answered, vector)
        answered_top = _highest(answered_cosines, max(NEAREST, VOTERS))
        off_topic_near = off_topic_top[:NEAREST]
        answered_near = answered_top[:NEAREST]
        voters = _highest(np.concatenate([off_topic_top, answered_top]), VOTERS)
        return Neighbours(
            off_topic=float(off_topic_near[:1].sum()),
            answered=float(answered_near[:1].sum()),
            off_topic_near=_mean(off_topic_near),
            answered_near=_mean(answered_near),
            voters_floor=float(voters[-1]) if len(voters) else 1.0,
            answered_cosines=answered_cosines,
        )

    def similarities(
        self, vector: np.ndarray, near: Neighbours = Neighbours()
    ) -> dict[str, Similarity]:
        """Every document's similarity to the question vector; the votes of its nearest
        questions (``near``, from ``neighbours`` of the same vector)."""
        headline = self._by_headline.best(_cosines(self._headlines, vector))
        body = self._by_body.best(_cosines(self._bodies, vector))
        centred = self._by_headline.best(
            _cosines(self._centred_headlines, _unit(vector - self._mean))
        )
        # the borrowed questions are rows of the answered ones (``_borrow``), unless some were
        # not among them and had to be embedded apart
        lent = near.answered_cosines if self._lent_from is self._answered else None
        if lent is None:
            lent = _cosines(self._lent_from, vector)
        borrowed_cosines = lent[self._lent_rows]
        borrowed = self._by_borrowed.best(borrowed_cosines)
        votes = self._by_voter.count(borrowed_cosines[self._voter_rows] >= near.voters_floor)
        # An item with no body text (the wifi, a room without directions) is not less likely
        # for it: its headline stands for its body. One nobody asked about elsewhere is not
        # either: its headlines stand for the borrowed questions.
        return {
            key: Similarity(
                headline.get(key, 0.0),
                body.get(key, headline.get(key, 0.0)),
                centred.get(key, 0.0),
                max(headline.get(key, 0.0), borrowed.get(key, 0.0)),
                key in borrowed,
                min(votes.get(self._voter_of.get(key, key), 0), VOTERS) / VOTERS,
            )
            for key in self.keys
        }


def shipped_vectors(
    encoder: Encoder,
    cache: EmbeddingCache,
    questions: Sequence[str],
    path: Path,
    *,
    kept: bool = True,
) -> np.ndarray:
    """The vectors shipped in ``path`` when they are this model's and hold every question asked
    for (the benchmark asks for a list without the set it measures); otherwise the cache
    embeds them. The whole list, as the bot asks for it, is the shipped matrix itself, shared
    by every (re)load, not a copy: 20 MB less in the bot. What is shared is the matrix and a
    digest of its questions, not the questions (the bot holds them once, from the ``.txt``):
    2.7 MB less. A list only read while an index is built (``kept`` false: the lending items'
    phrasings) is read again at each build rather than held: 11 MB less, for about 0.1 s a
    (re)load."""
    if kept:
        digest, matrix = _shipped(path, encoder.model_id)
        if not len(matrix):  # another model's, or unusable (said once, when read)
            return cache.embed(encoder, list(questions), query=True)
        if _digest(questions) == digest:
            return matrix
    texts, matrix = _read_shipped(path, encoder.model_id)
    if texts and list(questions) == texts:
        return matrix
    rows = {text: row for row, text in enumerate(texts)}
    if questions and all(q in rows for q in questions):
        return matrix[[rows[q] for q in questions]]
    return cache.embed(encoder, list(questions), query=True)


_NOTHING_SHIPPED: tuple[list[str], np.ndarray] = ([], np.zeros((0, 0)))


def _read_shipped(path: Path, model_id: str) -> tuple[list[str], np.ndarray]:
    """The shipped questions and their vectors (read-only, since ``_shipped`` shares them)."""
    try:
        with np.load(path, allow_pickle=False) as shipped:
            if str(shipped["model"]) != model_id:
                return _NOTHING_SHIPPED
            texts = shipped["questions"].tolist()
            matrix = shipped["vectors"].astype(np.float32)
    except (OSError, KeyError, ValueError) as error:
        log.warning("answers: %s unusable (%s); embedding its questions", path, error)
        return _NOTHING_SHIPPED
    if len(texts) != len(matrix):
        log.warning("answers: %s unusable (questions and vectors differ); embedding", path)
        return _NOTHING_SHIPPED
    matrix.flags.writeable = False
    return texts, matrix


@functools.cache
def _shipped(path: Path, model_id: str) -> tuple[bytes, np.ndarray]:
    """The shipped matrix and the digest of its questions, shared by every (re)load."""
    texts, matrix = _read_shipped(path, model_id)
    return _digest(texts), matrix


def _digest(questions: Iterable[str]) -> bytes:
    found = hashlib.blake2b(digest_size=16)
    for question in questions:
        found.update(question.encode("utf-8") + b"\n")
    return found.digest()


def _cosines(vectors: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Each row's dot product with ``vector``, on this thread. A BLAS product of a few thousand
    rows wakes its worker threads, which then spin on the cores the encoder needs for the next
    question: with the 3,250 answered questions, a question took 24 ms instead of 9 (p99 116
    ms). ``einsum`` takes 0.2 ms for them alone."""
    return np.einsum("ij,j->i", vectors, vector)


def _highest(cosines: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` highest cosines, highest first."""
    if len(cosines) > count:
        cosines = np.partition(cosines, -count)[-count:]
    return np.sort(cosines)[::-1]


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else 0.0


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


class _ByKey:
    """Rows of vectors grouped by the document each stands for. A question's best cosine per
    document is then one ``np.maximum.reduceat`` over its cosines in document order, not a
    Python loop over every row: the borrowed questions alone are some 5,000 rows."""

    def __init__(self, keys: Sequence[str]) -> None:
        self._order = np.argsort(np.array(keys, dtype=str), kind="stable")
        ordered = [keys[i] for i in self._order]
        starts = [i for i, key in enumerate(ordered) if i == 0 or key != ordered[i - 1]]
        self._starts = np.array(starts, dtype=np.intp)
        self.keys = [ordered[i] for i in starts]

    def best(self, cosines: np.ndarray) -> dict[str, float]:
        if not self.keys:
            return {}
        best = np.maximum.reduceat(cosines[self._order], self._starts)
        return dict(zip(self.keys, best.tolist(), strict=True))

    def count(self, chosen: np.ndarray) -> dict[str, int]:
        """How many of each document's rows are ``chosen`` (a boolean per row)."""
        if not self.keys:
            return {}
        counts = np.add.reduceat(chosen[self._order].astype(np.intp), self._starts)
        return dict(zip(self.keys, counts.tolist(), strict=True))


def _speaker(speaker: Speaker, language: str) -> str:
    """A speaker as delegates name them when they forget the name: "the linguist from
    Kisangani", "le monsieur de la protection civile"."""
    if speaker.affiliation is None:
        return speaker.name
    return f"{speaker.name} ({speaker.affiliation.get(language)})"


def _event_texts(event: Event) -> _Texts:
    texts = _Texts()
    for entry in event.faq:
        key = document_key("faq", entry.id)
        for phrasings in entry.questions.values():
            for phrasing in phrasings:
                texts.headline(key, phrasing)
        texts.body(key, entry.answer)
    for session in event.sessions:
        key = document_key("session", session.id)
        texts.headline(key, session.title)
        for language, title in session.title.variants():
            description = session.description.get(language) if session.description else ""
            speakers = ", ".join(_speaker(s, language) for s in session.speakers)
            texts.body(key, " ".join(p for p in (title + ".", description, speakers) if p))
    venue = event.venue
    for topic, questions in VENUE_QUESTIONS.items():
        if topic == "wifi" and not venue.wifi:
            continue
        key = document_key("venue", topic)
        for question in questions:
            texts.headline(key, question)
    for language, address in venue.address.variants():
        texts.body(document_key("venue", "address"), f"{venue.name.get(language)}, {address}")
    texts.body(document_key("venue", "directions"), venue.directions)
    for question in EVENT_QUESTIONS:
        texts.headline(document_key("event", "dates"), question)
    for room in venue.rooms:
        key = document_key("venue", f"room:{room.id}")
        texts.headline(key, room.name)
        texts.body(key, room.directions)
    return texts
