"""Immutable content records: articles, facts, topics, therapies, intents, and the snapshot."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

THERAPY_GENERAL = "general"


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
class Unanswered:
    """A question families ask that the articles leave open ("what does CD7 mean?"): the bot
    says the articles do not say it, instead of answering with a nearby fact."""

    id: str
    therapy: str
    missing: str  # completes "The articles I know do not say ...": "what CD7 means"
    asks: tuple[str, ...]  # the question in families' words
    near: tuple[str, ...] = ()  # facts that come closest, shown as what the articles do say
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
    prefer: tuple[str, ...] = ()  # kinds of answer (bot.answer_types) that lead a bundle, all else equal


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, pointing at the file (and line) to fix."""

    file: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class SourceFile:
    """What one facts, intent or open-questions file gave a snapshot, and the text it was read from: the next
    reload takes it as it is while the text (and, for facts, the article) is the same."""

    text: str
    article: Article | None = None  # facts: the article the quotes were checked against
    facts: tuple[Fact, ...] = ()
    intent: Intent | None = None
    unanswered: tuple[Unanswered, ...] = ()


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
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
    unanswered: Mapping[str, Unanswered] = field(default_factory=dict)  # seeds/unanswered.toml
    # By path: what each facts and intent file gave, for the next reload (bot.loader).
    files: Mapping[str, SourceFile] = field(default_factory=dict, compare=False, repr=False)

    @staticmethod
    def create(**parts: Any) -> Snapshot:
        for key in (
            "articles",
            "facts",
            "topics",
            "therapies",
            "intents",
            "templates",
            "files",
            "unanswered",
        ):
            parts[key] = _frozen(parts.get(key, {}))
        return Snapshot(**parts)

    def summary(self) -> dict[str, int]:
        return {
            "articles": len(self.articles),
            "facts": len(self.facts),
            "intents": len(self.intents),
            "templates": len(self.templates),
        }
