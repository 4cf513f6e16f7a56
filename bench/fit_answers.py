"""Fit the hybrid answer model's weights (``bot/answers/hybrid.py``) on the development question
sets.

    python bench/fit_answers.py [SET ...]

Every question of the sets that reaches the hybrid choice gives its candidates, each with its
signals and whether it is the labelled answer. Two logistic regressions (L2-regularised,
Newton's method, NumPy only) are fitted: stage 1 ranks the candidates, stage 2 decides whether
the best one is the answer. The script prints both sets of weights, to copy into
``bot/answers/hybrid.py``, and for a range of answer thresholds what they give, twice: fitted and
measured on the same sets (optimistic), and leave-one-set-out (each set measured with weights
fitted on the others: what to expect on a meeting never seen).

Only development sets may be given (by default every set in bench/questions except the
held-out ones in ``bench_answers.HELD_OUT``, one list for both scripts): a set fitted on is no
longer a measure of anything.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_answers import HELD_OUT, load_set, semantic_index  # noqa: E402
from bot.answers import hybrid  # noqa: E402
from bot.answers.engine import Answerer  # noqa: E402
from bot.answers.hybrid import Scored  # noqa: E402

REGULARISATION = 1.0
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)


@dataclass(frozen=True)
class Asked:
    """One question that reached the hybrid choice: its candidates and the labelled answer."""

    set_name: str
    ranked: tuple[Scored, ...]
    want: tuple[str, str | None]

    @property
    def in_scope(self) -> bool:
        return self.want[0] != "fallback"

    def right(self, scored: Scored) -> bool:
        return (scored.candidate.kind, scored.candidate.id) == self.want


def collect(paths: list[Path]) -> list[Asked]:
    asked = []
    for path in paths:
        event, items = load_set(path)
        answerer = Answerer(event, semantic_index(event, items))
        for q in items:
            understood = answerer.understand(q.text, q.now)
            if understood.scored:
                asked.append(Asked(path.name, understood.scored, (q.kind, q.id)))
    return asked


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression with a bias column first, by Newton's method."""
    design = np.hstack([np.ones((len(x), 1)), x])
    weights = np.zeros(design.shape[1])
    penalty = REGULARISATION * np.eye(design.shape[1])
    penalty[0, 0] = 0.0  # the bias is not shrunk
    for _ in range(100):
        p = 1 / (1 + np.exp(-design @ weights))
        gradient = design.T @ (p - y) + penalty @ weights
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


def _named(weights: np.ndarray, names: tuple[str, ...]) -> tuple[float, dict[str, float]]:
    return float(weights[0]), dict(zip(names, map(float, weights[1:]), strict=True))


def rerank(asked: Asked, bias: float, weights: dict[str, float]) -> list[Scored]:
    rescored = [
        replace(s, probability=hybrid.rank_probability(s.signals, weights, bias))
        for s in asked.ranked
    ]
    return sorted(rescored, key=lambda s: -s.probability)


def fit_both(asked: list[Asked]) -> tuple[tuple[float, dict], tuple[float, dict]]:
    x = np.array([[s.signals[n] for n in hybrid.SIGNALS] for a in asked for s in a.ranked])
    y = np.array([float(a.right(s)) for a in asked for s in a.ranked])
    rank = _named(fit(x, y), hybrid.SIGNALS)
    reranked = [(a, rerank(a, *rank)) for a in asked]
    x2 = np.array([[hybrid.acceptance_signals(r)[n] for n in hybrid.ACCEPT_SIGNALS]
                   for _, r in reranked])  # fmt: skip
    y2 = np.array([float(a.in_scope and a.right(r[0])) for a, r in reranked])
    return rank, _named(fit(x2, y2), hybrid.ACCEPT_SIGNALS)


def decide(asked: list[Asked], rank: tuple, accept: tuple, threshold: float) -> tuple[int, ...]:
    right = wrong = out = 0
    for a in asked:
        ranked = rerank(a, *rank)
        if hybrid.acceptance(ranked, accept[1], accept[0]) < threshold:
            continue
        if not a.in_scope:
            out += 1
        elif a.right(ranked[0]):
            right += 1
        else:
            wrong += 1
    return right, wrong, out


def table(title: str, results: dict[float, np.ndarray], asked: list[Asked]) -> None:
    in_scope = sum(a.in_scope for a in asked)
    out_of_scope = len(asked) - in_scope
    print(title)
    for threshold, (right, wrong, out) in results.items():
        print(
            f"  answer at {threshold:.1f}: right {right / in_scope:6.1%}, wrong stated "
            f"{wrong / in_scope:5.1%}, out of scope answered {out / out_of_scope:5.1%}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path)
    args = parser.parse_args()
    paths = args.sets or [
        p for p in sorted((ROOT / "bench" / "questions").glob("*.yaml")) if p.name not in HELD_OUT
    ]
    if any(p.name in HELD_OUT for p in paths):
        print("refused: a held-out set is never fitted on")
        return 2
    asked = collect(paths)
    print(f"{len(asked)} questions reach the hybrid choice")
    rank, accept = fit_both(asked)
    for title, (bias, weights) in (("RANK", rank), ("ACCEPT", accept)):
        print(f"{title}_BIAS = {bias:.2f}")
        print(f"{title}_WEIGHTS = " + ", ".join(f"{k}: {v:.2f}" for k, v in weights.items()))
    table("fitted and measured on the same sets:",
          {t: np.array(decide(asked, rank, accept, t)) for t in THRESHOLDS}, asked)  # fmt: skip
    out_of_set = {t: np.zeros(3) for t in THRESHOLDS}
    for name in sorted({a.set_name for a in asked}):
        train = [a for a in asked if a.set_name != name]
        test = [a for a in asked if a.set_name == name]
        fold = fit_both(train)
        for t in THRESHOLDS:
            out_of_set[t] += decide(test, *fold, t)
    table("leave one set out:", out_of_set, asked)
    return 0


if __name__ == "__main__":
    sys.exit(main())
