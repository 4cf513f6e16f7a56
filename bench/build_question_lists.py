"""Rebuild the answerer's two lists of other meetings' questions, and their vectors, from the
development and validation question sets.

    python bench/build_question_lists.py

- ``bot/answers/off_topic.txt`` (and ``off_topic.npz``): every out-of-scope question;
- ``bot/answers/answered.txt`` (and ``answered.npz``): every question a meeting's file answered
  (small talk aside: it never reaches the hybrid choice).

The held-out sets (``bench_answers.HELD_OUT``) are left out: a clean set's questions must not
teach the answerer anything. Questions are whitespace-normalised and deduplicated;
near-identical ones from different sets all stay, because the benchmark takes a set's own
questions out of the lists when it measures that set, and the twin from another meeting is what
a meeting never seen would have. Each file's comment header is kept. The vectors are the
encoder's, in half precision (a cosine moves by less than 0.002), with its model id: the bot
reads them instead of embedding 5,000 questions on a cold start (``bot.answers.semantic``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.bench_answers import HELD_OUT, _encoder_and_cache, load_set  # noqa: E402
from bot.answers.semantic import ANSWERED_VECTORS, OFF_TOPIC_VECTORS  # noqa: E402


def _questions(wanted: set[str] | None, unwanted: set[str]) -> list[str]:
    found: dict[str, None] = {}
    for path in sorted((ROOT / "bench" / "questions").glob("*.yaml")):
        if path.name in HELD_OUT:
            continue
        _, questions = load_set(path)
        found.update(
            dict.fromkeys(
                " ".join(q.text.split())
                for q in questions
                if (wanted is None or q.kind in wanted) and q.kind not in unwanted
            )
        )
    return list(found)


def out_of_scope_questions() -> list[str]:
    return _questions({"fallback"}, set())


def answered_questions() -> list[str]:
    return _questions(None, {"fallback", "smalltalk"})


def _write(vectors_path: Path, questions: list[str]) -> None:
    listing = vectors_path.with_suffix(".txt")
    header = [line for line in listing.read_text(encoding="utf-8").splitlines() if line[:1] == "#"]
    listing.write_text("\n".join([*header, *questions]) + "\n", encoding="utf-8")
    encoder, cache = _encoder_and_cache()  # the bot's cache: the vectors it would compute
    if encoder is None:
        raise SystemExit("no encoder on this machine: the lists are written, their vectors are not")
    np.savez_compressed(
        vectors_path,
        model=np.array(encoder.model_id),
        questions=np.array(questions),
        vectors=cache.embed(encoder, questions, query=True).astype(np.float16),
    )
    print(f"{len(questions)} questions, and their vectors, in {listing.relative_to(ROOT)}")


def main() -> int:
    _write(OFF_TOPIC_VECTORS, out_of_scope_questions())
    _write(ANSWERED_VECTORS, answered_questions())
    return 0


if __name__ == "__main__":
    sys.exit(main())
