"""Immutable content records: articles, facts, topics, therapies, intents, and the snapshot."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

THERAPY_GENERAL = "general"


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Article:
    id: str
    file: str
    therapy: str
    title: str
    publisher: str
    date: str
    url: str
    text: str
    further_reading: tuple[Link, ...] = ()
    date_precision: str = "day"  # day | month | approximate, as sources.toml says


@dataclass(frozen=True)
class Fact:
    id: str
    therapy: str
    topic: str
    text: str
    quote: str
    article: str
    asks: tuple[str, ...] = ()  # questions this fact answers, in families' words (for retrieval)
    terms: tuple[str, ...] = ()  # words this fact explains ("T-ALL"): it answers "what is T-ALL?"
    file: str = field(default="", compare=False)  # where it is written, not what it says
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Topic:
    name: str
    label: str
    caveats: bool = False  # answers on it carry the therapy's caveat facts (results, outcomes)
    risks: bool = False  # answers on it say the articles name only a few side effects


@dataclass(frozen=True)
class Therapy:
    name: str
    aliases: tuple[str, ...]  # spellings of the name: not words of the question
    clues: tuple[str, ...]  # patients, hospitals, people: point to it and stay words
    summary_fact: str
    caveat_facts: tuple[str, ...] = ()  # trial size and limits, said with any result or outcome


@dataclass(frozen=True)
class Intent:
    name: str
    description: str
    handler: str
    template: str
    topics: tuple[str, ...]
    needs_therapy: bool
    keywords: tuple[str, ...]
    examples: tuple[str, ...]
    question: str
    missing: str  # for handler not_in_articles: what the articles do not say
    file: str = field(default="", compare=False)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, pointing at the file (and line) to fix."""

    file: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Snapshot:
    """Everything the bot answers from, built whole and never changed afterwards."""

    root: Path
    articles: Mapping[str, Article]
    facts: Mapping[str, Fact]
    topics: Mapping[str, Topic]
    therapies: Mapping[str, Therapy]
    intents: Mapping[str, Intent]
    templates: Mapping[str, str]
    notice: str
    version: str = field(default="")

    @staticmethod
    def create(**parts) -> Snapshot:
        for key in ("articles", "facts", "topics", "therapies", "intents", "templates"):
            parts[key] = _frozen(parts[key])
        return Snapshot(**parts)

    def summary(self) -> dict[str, int]:
        return {
            "articles": len(self.articles),
            "facts": len(self.facts),
            "intents": len(self.intents),
            "templates": len(self.templates),
        }
