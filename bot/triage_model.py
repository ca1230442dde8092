"""A small linear model beside the triage lexicon: it catches crisis and emergency wordings
the lexicon has no pattern for ("planning to be with her by her birthday").

Features are the message's words, word pairs and four-letter pieces of words (so "unalive",
"overdosing" and misspellings share pieces with what it was trained on). Weights are a
plain JSON file trained by `python -m bot train-triage FILES` from labelled messages; the
model is explainable (`explain` lists the features that pushed a message over) and costs
one dictionary lookup per feature.
"""

from __future__ import annotations

import json
import math
import random
from array import array
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

from bot.matcher import STOPWORDS

LABELS = ("crisis", "emergency", "decision", "distress")
WEIGHTS_FILE = "triage_weights.json"
PRUNE = 0.15  # smaller weights say little and cost memory: dropped (RSS stays under 100 MB)
# Chosen on held-out dev sets. With dev21-dev26 (1,650 messages) left out of training, crisis
# 0.5 caught 4 more of 365 crises than 0.6 for 2 more false alarms in 750 ordinary messages
# (safety first), and emergency 0.35 one more of 240 emergencies than 0.4 for none.
THRESHOLD = {"crisis": 0.5, "emergency": 0.35, "decision": 0.7, "distress": 0.7}
PIECE = 5
TOKEN_CACHE = 32768  # words whose rows are kept (a few MB at most)


def word_features(token: str) -> list[str]:
    """One word's own features: the word and, for a longer word, its five-letter pieces
    ("overdos", "unalive"). Little words alone say nothing ("i", "my" are in every message)."""
    if token in STOPWORDS:
        return []
    found = [f"w:{token}"]
    if len(token) >= PIECE:
        found += [f"c:{token[i : i + PIECE]}" for i in range(len(token) - PIECE + 1)]
    return found


def features(text: str) -> list[str]:
    """Each word's own features (`word_features`) and adjacent word pairs."""
    tokens = text.split()
    found = [feature for token in tokens for feature in word_features(token)]
    found += [f"b:{a}_{b}" for a, b in pairwise(tokens)]
    return found


def _sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


@dataclass(frozen=True)
class Model:
    """Every feature's row number in one lookup, then each label's weights summed over those
    rows in one pass. The weights sit packed as 32-bit floats, one column per label, which
    keeps ~90k features in a few MB where a tuple of Python floats per feature took over ten."""

    rows: dict[str, int]  # feature -> its row in every column
    columns: tuple[array[float], ...]  # float32, one column per label, in LABELS' order
    bias: dict[str, float]

    def __post_init__(self) -> None:
        # A word's own rows (the word, its five-letter pieces) are the same in every message.
        object.__setattr__(self, "_rows_of", lru_cache(maxsize=TOKEN_CACHE)(self._token_rows))

    def _token_rows(self, token: str) -> tuple[int, ...]:
        return tuple(row for row in map(self.rows.get, word_features(token)) if row is not None)

    @classmethod
    def from_weights(cls, weights: dict[str, dict[str, float]], bias: dict[str, float]) -> Model:
        features = sorted({f for table in weights.values() for f in table})
        rows = {feature: n for n, feature in enumerate(features)}
        columns = tuple(
            array("f", (weights.get(label, {}).get(f, 0.0) for f in features)) for label in LABELS
        )
        return cls(rows, columns, bias)

    def weight(self, feature: str, label: str) -> float:
        row = self.rows.get(feature)
        return 0.0 if row is None else self.columns[LABELS.index(label)][row]

    @property
    def weights(self) -> dict[str, dict[str, float]]:
        """label -> feature -> weight (built on demand: for saving and for counting)."""
        found: dict[str, dict[str, float]] = {label: {} for label in LABELS}
        for label, column in zip(LABELS, self.columns, strict=True):
            table = found[label]
            for feature, row in self.rows.items():
                if column[row] != 0.0:
                    table[feature] = column[row]
        return found

    def probabilities(self, text: str) -> dict[str, float]:
        """Each label's chance: the rows of the message's features (as `features` lists them,
        each once), summed per label."""
        tokens = text.split()
        present: set[int] = set()
        rows_of = self._rows_of  # type: ignore[attr-defined]
        for token in tokens:
            present.update(rows_of(token))
        rows = self.rows
        for first, second in pairwise(tokens):
            row = rows.get(f"b:{first}_{second}")
            if row is not None:
                present.add(row)
        return {
            label: _sigmoid(self.bias[label] + sum(map(column.__getitem__, present)))
            for label, column in zip(LABELS, self.columns, strict=True)
        }

    def labels(self, text: str) -> tuple[str, ...]:
        return tuple(label for label, p in self.probabilities(text).items() if p >= THRESHOLD[label])

    def explain(self, label: str, text: str, top: int = 5) -> list[tuple[str, float]]:
        scored = [(f, self.weight(f, label)) for f in set(features(text)) if self.weight(f, label) != 0.0]
        return sorted(scored, key=lambda item: -item[1])[:top]

    def to_json(self) -> str:
        rounded = {k: {f: round(w, 4) for f, w in sorted(t.items())} for k, t in self.weights.items()}
        return json.dumps({"bias": self.bias, "weights": rounded}, indent=0, sort_keys=True)


SEEDS = (0, 1, 2)


def train(
    examples: list[tuple[str, set[str]]],
    epochs: int = 40,
    rate: float = 0.2,
    l2: float = 0.03,
    seeds: tuple[int, ...] = SEEDS,
) -> Model:
    """Logistic regression by stochastic gradient descent, one binary model per label,
    trained once per seed (the order examples are seen in) and averaged: one run's weights
    swing with the order, so adding a few hundred messages moved verdicts on thousands of
    others; the average of three moves far less. Small weights are then dropped."""
    runs = [_train_once(examples, epochs, rate, l2, seed) for seed in seeds]
    weights: dict[str, dict[str, float]] = {}
    for label in LABELS:
        summed: dict[str, float] = {}
        for run_weights, _ in runs:
            for f, w in run_weights[label].items():
                summed[f] = summed.get(f, 0.0) + w
        weights[label] = {f: w / len(runs) for f, w in summed.items() if abs(w / len(runs)) >= PRUNE}
    bias = {label: sum(run_bias[label] for _, run_bias in runs) / len(runs) for label in LABELS}
    return Model.from_weights(weights, bias)


def _train_once(
    examples: list[tuple[str, set[str]]], epochs: int, rate: float, l2: float, seed: int
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    rng = random.Random(seed)
    data = [(sorted(set(features(text))), labels) for text, labels in examples]  # same order every run
    weights: dict[str, dict[str, float]] = {label: {} for label in LABELS}
    bias = {label: 0.0 for label in LABELS}
    for label in LABELS:
        table = weights[label]
        positives = sum(label in labels for _, labels in data)
        balance = (len(data) - positives) / max(positives, 1)  # positives are rarer: weigh them up
        for epoch in range(epochs):
            rng.shuffle(data)
            step = rate / (1 + epoch * 0.1)
            for feats, labels in data:
                target = 1.0 if label in labels else 0.0
                score = bias[label] + sum(table.get(f, 0.0) for f in feats)
                predicted = _sigmoid(score)
                error = (target - predicted) * (balance if target else 1.0)
                bias[label] += step * error
                for f in feats:
                    w = table.get(f, 0.0)
                    table[f] = w + step * (error - l2 * w)
    return weights, bias


def load(path: Path | None = None) -> Model:
    text = (
        path.read_text(encoding="utf-8")
        if path
        else resources.files("bot").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    )
    data = json.loads(text)
    return Model.from_weights(data["weights"], data["bias"])


@cache
def shipped() -> Model | None:
    """The model shipped in the package, or None when it is missing or unreadable (the
    lexicon then triages alone, and `bot check` says so)."""
    try:
        return load()
    except (OSError, ValueError, KeyError):
        return None
