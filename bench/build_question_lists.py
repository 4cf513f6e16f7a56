"""Rebuild the answerer's three lists of other meetings' questions, and their vectors, from the
development and validation question sets.

    python bench/build_question_lists.py

- ``bot/answers/off_topic.txt`` (and ``off_topic.npz``): every out-of-scope question;
- ``bot/answers/answered.txt`` (and ``answered.npz``): every question a meeting's file answered
  (small talk aside: it never reaches the hybrid choice);
- ``bot/answers/paraphrases.yaml`` (and ``paraphrases.npz``): each FAQ entry and session that
  delegates asked about, its example phrasings or title with the questions they asked.

The held-out sets (``bench_answers.HELD_OUT``) are left out: a clean set's questions must not
teach the answerer anything. Questions are whitespace-normalised and deduplicated;
near-identical ones from different sets all stay, because the benchmark takes a set's own
questions out of the lists when it measures that set, and the twin from another meeting is what
a meeting never seen would have. Each file's comment header is kept. The vectors are the
encoder's, in half precision (a cosine moves by less than 0.002), with its model id: the bot
reads them instead of embedding 5,000 questions on a cold start (``bot.answers.semantic``).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from bench.bench_answers import HELD_OUT, Question, _encoder_and_cache, load_set  # noqa: E402
from bot.answers.semantic import (  # noqa: E402
    ANSWERED_VECTORS,
    EVENT_QUESTIONS,
    OFF_TOPIC_VECTORS,
    PARAPHRASES_VECTORS,
    VENUE_QUESTIONS,
    Paraphrases,
)
from bot.event import Event  # noqa: E402


def _sets() -> list[Path]:
    return [
        p for p in sorted((ROOT / "bench" / "questions").glob("*.yaml")) if p.name not in HELD_OUT
    ]


@functools.cache
def _load(path: Path) -> tuple[Event, list[Question]]:
    """Each set read once per process: the three lists (and their test) read the same sets."""
    return load_set(path)


def _normal(text: str) -> str:
    return " ".join(text.split())


def _questions(wanted: set[str] | None, unwanted: set[str]) -> list[str]:
    found: dict[str, None] = {}
    for path in _sets():
        _, questions = _load(path)
        found.update(
            dict.fromkeys(
                _normal(q.text)
                for q in questions
                if (wanted is None or q.kind in wanted) and q.kind not in unwanted
            )
        )
    return list(found)


def out_of_scope_questions() -> list[str]:
    return _questions({"fallback"}, set())


def answered_questions() -> list[str]:
    return _questions(None, {"fallback", "smalltalk"})


def paraphrases() -> list[Paraphrases]:
    """Each FAQ entry, session, venue topic and the meeting's dates, of each set's meeting, that
    a question of the set is labelled with, in the order of the sets and of the items in their
    files. The venue topics and the dates stand for themselves by the bot's own phrasings of
    them (``semantic.VENUE_QUESTIONS``, ``EVENT_QUESTIONS``): every meeting has the same ones."""
    found = []
    for path in _sets():
        event, questions = _load(path)
        items = [
            *(("faq", e.id, [p for ps in e.questions.values() for p in ps]) for e in event.faq),
            *(("session", s.id, [t for _, t in s.title.variants()]) for s in event.sessions),
            *(("venue", topic, list(phrasings)) for topic, phrasings in VENUE_QUESTIONS.items()),
            ("event", "dates", list(EVENT_QUESTIONS)),
        ]
        for kind, item_id, entry in items:
            asked = [_normal(q.text) for q in questions if (q.kind, q.id) == (kind, item_id)]
            if asked:
                normal = tuple(dict.fromkeys(map(_normal, entry)))
                found.append(Paraphrases(event.id, kind, normal, tuple(dict.fromkeys(asked))))
    return found


def _header(listing: Path) -> list[str]:
    return [line for line in listing.read_text(encoding="utf-8").splitlines() if line[:1] == "#"]


def _write(vectors_path: Path, questions: list[str]) -> None:
    listing = vectors_path.with_suffix(".txt")
    listing.write_text("\n".join([*_header(listing), *questions]) + "\n", encoding="utf-8")
    _write_vectors(vectors_path, questions)
    print(f"{len(questions)} questions, and their vectors, in {listing.relative_to(ROOT)}")


def _write_paraphrases(vectors_path: Path, groups: list[Paraphrases]) -> None:
    listing = vectors_path.with_suffix(".yaml")
    body = yaml.safe_dump(
        [
            {"meeting": g.meeting, "kind": g.kind, "entry": list(g.entry), "asked": list(g.asked)}
            for g in groups
        ],
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    listing.write_text("\n".join([*_header(listing), body]), encoding="utf-8")
    # the questions' vectors are in answered.npz: every one of them is in that list
    _write_vectors(vectors_path, list(dict.fromkeys(t for g in groups for t in g.entry)))
    print(f"{len(groups)} items, and their phrasings' vectors, in {listing.relative_to(ROOT)}")


def _write_vectors(vectors_path: Path, questions: list[str]) -> None:
    encoder, cache = _encoder_and_cache()  # the bot's cache: the vectors it would compute
    if encoder is None:
        raise SystemExit("no encoder on this machine: the lists are written, their vectors are not")
    np.savez_compressed(
        vectors_path,
        model=np.array(encoder.model_id),
        questions=np.array(questions),
        vectors=cache.embed(encoder, questions, query=True).astype(np.float16),
    )


def main() -> int:
    _write(OFF_TOPIC_VECTORS, out_of_scope_questions())
    _write(ANSWERED_VECTORS, answered_questions())
    _write_paraphrases(PARAPHRASES_VECTORS, paraphrases())
    return 0


if __name__ == "__main__":
    sys.exit(main())
