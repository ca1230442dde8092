"""Reading level of what families read: the Flesch–Kincaid grade of every fact's text and of a
fixed sample of replies (the reply's own words: sources, notice and citations left out).

The grade comes from textstat, a development tool: where it is not installed (the Docker image),
`available()` is False and `bot check` says so instead of printing figures.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.dating import citation
from bot.engine import Engine
from bot.model import Snapshot

try:  # a development tool (requirements/dev.txt): the image runs without it
    import textstat  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - only where the dev tools are not installed
    textstat = None

TARGET_MEDIAN = 6.0  # grade: an 11- to 12-year-old reads it easily
TARGET_P90 = 8.0
HARDEST = 5  # how many of the hardest facts `bot check` names
# Questions whose replies are measured besides every kind of question for every therapy: the
# ones an honest answer must frame (old news, cures, risks), and the replies that are not answers.
SAMPLE_QUESTIONS = (
    "is layla still alive",
    "is tank still being used",
    "is be-car7 a cure",
    "can it cause a fever",
    "how is joanne now",
    "how old is alyssa now",
    "does it work?",
    "who was the first patient?",
    "is becar7 available now",
    "hello",
    "thanks",
    "what can you ask",
    "what is diabetes",
    "my son has a fever of 40 after the infusion",
    "i don't want to live anymore",
    "i'm so scared for my daughter",
)
# Words the syllable dictionary knows only in their American spelling (it would count
# "leukaemia" as one syllable).
_AMERICAN = {
    "leukaemia": "leukemia",
    "leukaemias": "leukemias",
    "tumour": "tumor",
    "tumours": "tumors",
    "haematology": "hematology",
    "anaemia": "anemia",
    "paediatric": "pediatric",
    "oesophagus": "esophagus",
}
_SPELLING = re.compile(r"\b(" + "|".join(_AMERICAN) + r")\b", re.IGNORECASE)
_MARKUP = re.compile(r"[*_~`|>\\]|^\s*[•\-]\s*", re.MULTILINE)
_SYMBOLS = re.compile(r"[^\w\s.,;:!?'’()%-]")  # emoji and arrows are not words
_SENTENCE_END = re.compile(r"[.!?:]['’\"”)]*\s*$")


def available() -> bool:
    return textstat is not None


def plain(text: str, citations: Iterable[str] = ()) -> str:
    """The words a reader reads: no Markdown, emoji or citations; every line a sentence of its own
    (a heading or a bullet stands alone, as a reader takes it)."""
    for cited in citations:
        text = text.replace(cited, "")
    text = _SYMBOLS.sub(" ", _MARKUP.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    sentences = [line if _SENTENCE_END.search(line) else f"{line}." for line in lines if line]
    return _SPELLING.sub(lambda m: _AMERICAN[m.group(0).lower()], " ".join(sentences))


def grade(text: str, citations: Iterable[str] = ()) -> float:
    """The Flesch–Kincaid grade of ``text`` as a reader reads it."""
    if textstat is None:
        raise RuntimeError("textstat is not installed (pip install -r requirements/dev.txt)")
    words = plain(text, citations)
    return float(textstat.flesch_kincaid_grade(words)) if words.strip() else 0.0


@dataclass(frozen=True)
class Level:
    """The grades of a set of texts: median, 90th percentile, and the hardest ones named."""

    median: float
    p90: float
    count: int
    hardest: tuple[tuple[float, str], ...]  # (grade, name), hardest first

    @staticmethod
    def of(grades: dict[str, float]) -> Level:
        values = sorted(grades.values())
        if not values:
            return Level(0.0, 0.0, 0, ())
        p90 = statistics.quantiles(values, n=10, method="inclusive")[-1] if len(values) > 1 else values[0]
        hardest = sorted(((g, name) for name, g in grades.items()), reverse=True)[:HARDEST]
        return Level(round(statistics.median(values), 1), round(p90, 1), len(values), tuple(hardest))

    @property
    def on_target(self) -> bool:
        return self.median <= TARGET_MEDIAN and self.p90 <= TARGET_P90

    def line(self, what: str) -> str:
        return f"{what}: median {self.median:.1f}, p90 {self.p90:.1f} ({self.count} {what})"


def citations(snapshot: Snapshot) -> list[str]:
    """How the replies cite articles, e.g. "(Positive News, Jan 2026)": left out of the measure,
    as the sources block is."""
    return [f"({citation(a)})" for a in snapshot.articles.values()]


def fact_grades(snapshot: Snapshot) -> dict[str, float]:
    return {fact.id: grade(fact.text) for fact in snapshot.facts.values()}


def sample_replies(engine: Engine) -> dict[str, str]:
    """{what was asked: reply body}: every kind of question for every therapy it is about (as the
    buttons ask them), and SAMPLE_QUESTIONS. The list of articles is left out, as the sources are."""
    snapshot = engine.snapshot
    bodies: dict[str, str] = {}
    for intent in snapshot.intents.values():
        if intent.handler in ("followup", "sources"):
            continue
        therapies = snapshot.therapies if intent.handler == "facts" else (None,)
        for therapy in therapies:
            bodies[f"{intent.name} {therapy or ''}".strip()] = engine.choose(intent.name, therapy, "x").body
    for number, question in enumerate(SAMPLE_QUESTIONS):
        bodies[question] = engine.ask(question, f"sample-{number}").body
    return bodies


def reply_grades(engine: Engine) -> dict[str, float]:
    cited = citations(engine.snapshot)
    return {asked: grade(body, cited) for asked, body in sample_replies(engine).items()}


@dataclass(frozen=True)
class Report:
    facts: Level
    replies: Level

    @property
    def on_target(self) -> bool:
        return self.facts.on_target and self.replies.on_target

    def lines(self) -> list[str]:
        return [
            f"reading level (Flesch–Kincaid grade; target median ≤ {TARGET_MEDIAN:g}, p90 ≤ {TARGET_P90:g}):",
            "  " + self.facts.line("facts"),
            "  " + self.replies.line("replies"),
            "  hardest facts: " + ", ".join(f"{name} {g:.1f}" for g, name in self.facts.hardest),
        ]

    def as_json(self) -> dict[str, Any]:
        def level(value: Level) -> dict[str, Any]:
            return {
                "median": value.median,
                "p90": value.p90,
                "count": value.count,
                "hardest": [{"name": n, "grade": round(g, 1)} for g, n in value.hardest],
            }

        return {"facts": level(self.facts), "replies": level(self.replies), "on_target": self.on_target}


def measure(engine: Engine) -> Report:
    return Report(Level.of(fact_grades(engine.snapshot)), Level.of(reply_grades(engine)))
