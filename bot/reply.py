"""What the engine returns: data that the CLI, JSON batch and Discord each lay out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ANSWER, CLARIFY, FALLBACK, NOT_IN_ARTICLES, SAFETY, HELP = (
    "answer",
    "clarify",
    "fallback",
    "not_in_articles",
    "safety",
    "help",
)


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    date: str
    date_text: str
    url: str

    def as_json(self) -> dict[str, str]:
        return {"title": self.title, "publisher": self.publisher, "date": self.date, "url": self.url}

    def line(self) -> str:
        return f"• {self.publisher}, {self.date_text}: {self.title} {self.url}"


@dataclass(frozen=True)
class Choice:
    """A follow-up the user can pick (a Discord button): ask `intent` about `therapy`."""

    label: str
    intent: str
    therapy: str | None = None


@dataclass(frozen=True)
class Reply:
    kind: str
    body: str
    notice: str
    intent: str | None = None
    therapy: str | None = None
    confidence: float = 0.0
    sources: tuple[Source, ...] = ()
    facts: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = field(default=())
    triage: str | None = None  # emergency | crisis | distress | decision | possible, when safety spoke

    def sources_block(self) -> str:
        if not self.sources:
            return ""
        return "**Sources**\n" + "\n".join(s.line() for s in self.sources)

    @property
    def text(self) -> str:
        """The whole reply as a user reads it: body, sources with links, and the notice."""
        parts = [self.body, self.sources_block(), f"_{self.notice}_"]
        return "\n\n".join(p for p in parts if p)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "triage": self.triage,
            "intent": self.intent,
            "therapy": self.therapy,
            "confidence": self.confidence,
            "text": self.text,
            "sources": [s.as_json() for s in self.sources],
            "notice": self.notice,
        }
