"""Rebuild ``bot/answers/off_topic.txt`` and its vectors (``off_topic.npz``) from the development
and validation question sets.

    python bench/build_off_topic.py

Every out-of-scope question of the sets in bench/questions, except the held-out ones
(``bench_answers.HELD_OUT``): a clean set's questions must not teach the answerer anything.
Questions are whitespace-normalised and deduplicated; near-identical ones from different sets
all stay, because the benchmark takes a set's own questions out of the list when it measures
that set, and the twin from another meeting is what a meeting never seen would have. The
file's comment header is kept. The vectors are the encoder's, with its model id: the bot uses
them instead of embedding the list on a cold start (``bot.answers.semantic``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.bench_answers import HELD_OUT, _encoder_and_cache, load_set  # noqa: E402
from bot.answers.semantic import OFF_TOPIC_VECTORS  # noqa: E402

LIST = ROOT / "bot" / "answers" / "off_topic.txt"


def out_of_scope_questions() -> list[str]:
    found: dict[str, None] = {}
    for path in sorted((ROOT / "bench" / "questions").glob("*.yaml")):
        if path.name in HELD_OUT:
            continue
        _, questions = load_set(path)
        found.update(
            dict.fromkeys(" ".join(q.text.split()) for q in questions if q.kind == "fallback")
        )
    return list(found)


def main() -> int:
    text = LIST.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    questions = out_of_scope_questions()
    LIST.write_text("\n".join([*header, *questions]) + "\n", encoding="utf-8")
    encoder, cache = _encoder_and_cache()  # the bot's cache: the vectors it would compute
    if encoder is None:
        print("no encoder on this machine: the list is written, its vectors are not")
        return 1
    vectors = cache.embed(encoder, questions, query=True)
    np.savez_compressed(
        OFF_TOPIC_VECTORS,
        model=np.array(encoder.model_id),
        questions=np.array(questions),
        vectors=vectors.astype(np.float32),
    )
    print(f"{len(questions)} out-of-scope questions, and their vectors, in {LIST.parent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
