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
from functools import cache
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


def features(text: str) -> list[str]:
    """Words that carry meaning, adjacent word pairs, and five-letter pieces of longer words
    ("overdos", "unalive"). Little words alone say nothing ("i", "my" are in every message)."""
    tokens = text.split()
    found = [f"w:{t}" for t in tokens if t not in STOPWORDS]
    found += [f"b:{a}_{b}" for a, b in pairwise(tokens)]
    for token in tokens:
        if len(token) >= PIECE and token not in STOPWORDS:
            found += [f"c:{token[i : i + PIECE]}" for i in range(len(token) - PIECE + 1)]
    return found


def _sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


@dataclass(frozen=True)
class Model:
    """Every label's weight for a feature in one lookup (a message is scored for all). The
    weights sit packed as 32-bit floats, len(LABELS) per feature, which keeps ~90k features
    in a few MB where a tuple of Python floats per feature took over ten."""

    offsets: dict[str, int]  # feature -> where its weights start in `values`
    values: array[float]  # float32, len(LABELS) per feature
    bias: dict[str, float]

    @classmethod
    def from_weights(cls, weights: dict[str, dict[str, float]], bias: dict[str, float]) -> Model:
        features = sorted({f for table in weights.values() for f in table})
        values = array("f")
        offsets = {}
        for n, feature in enumerate(features):
            offsets[feature] = n * len(LABELS)
            values.extend(weights.get(label, {}).get(feature, 0.0) for label in LABELS)
        return cls(offsets, values, bias)

    def weight(self, feature: str, label: str) -> float:
        offset = self.offsets.get(feature)
        return 0.0 if offset is None else self.values[offset + LABELS.index(label)]

    @property
    def weights(self) -> dict[str, dict[str, float]]:
        """label -> feature -> weight (built on demand: for saving and for counting)."""
        found: dict[str, dict[str, float]] = {label: {} for label in LABELS}
        for feature, offset in self.offsets.items():
            for i, label in enumerate(LABELS):
                if self.values[offset + i] != 0.0:
                    found[label][feature] = self.values[offset + i]
        return found

    def probabilities(self, text: str) -> dict[str, float]:
        scores = [self.bias[label] for label in LABELS]
        offsets, values, width = self.offsets, self.values, len(LABELS)
        for feature in set(features(text)):
            offset = offsets.get(feature)
            if offset is not None:
                for i in range(width):
                    scores[i] += values[offset + i]
        return {label: _sigmoid(score) for label, score in zip(LABELS, scores, strict=True)}

    def labels(self, text: str) -> tuple[str, ...]:
        return tuple(label for label, p in self.probabilities(text).items() if p >= THRESHOLD[label])

    def explain(self, label: str, text: str, top: int = 5) -> list[tuple[str, float]]:
        scored = [(f, self.weight(f, label)) for f in set(features(text)) if self.weight(f, label) != 0.0]
        return sorted(scored, key=lambda item: -item[1])[:top]

    def to_json(self) -> str:
        rounded = {k: {f: round(w, 4) for f, w in sorted(t.items())} for k, t in self.weights.items()}
        return json.dumps({"bias": self.bias, "weights": rounded}, indent=0, sort_keys=True)


def train(
    examples: list[tuple[str, set[str]]], epochs: int = 40, rate: float = 0.2, l2: float = 0.03, seed: int = 0
) -> Model:
    """Logistic regression by stochastic gradient descent, one binary model per label.
    Weights smaller than 0.01 are dropped so the file stays small."""
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
        weights[label] = {f: w for f, w in table.items() if abs(w) >= PRUNE}
    return Model.from_weights(weights, bias)


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
