"""What the engine returns: data that the CLI, JSON batch and Discord each lay out."""

from __future__ import annotations

from collections.abc import Iterable
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

    def line(self, style: str = "full") -> str:
        """This source on one plain-text line, its URL written out: "full" (publisher, date and
        title), "short" (publisher and date) or "url" (the URL alone)."""
        if style == "full":
            return f"• {self.publisher}, {self.date_text}: {self.title} {self.url}"
        if style == "short":
            return f"• {self.publisher}, {self.date_text}: {self.url}"
        return f"• {self.url}"


def sources_block(sources: Iterable[Source], style: str = "full") -> str:
    """The Sources block of a plain-text reply, one line per source ("" when there are none).

    Every reply with sources ends with it (`Reply.text`, Discord's plain text); an embed lists
    the same sources as links (bot.discord.layout.source_lines)."""
    lines = [s.line(style) for s in sources]
    return "**Sources**\n" + "\n".join(lines) if lines else ""


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
    # After "only your care team can say" (kind safety): what the articles' part is, an answer
    # or the honest "the articles do not say".
    answered: str | None = None

    @property
    def text(self) -> str:
        """The whole reply as a user reads it: body, sources with links, and the notice."""
        parts = [self.body, sources_block(self.sources), f"_{self.notice}_"]
        return "\n\n".join(p for p in parts if p)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "triage": self.triage,
            "answered": self.answered,
            "intent": self.intent,
            "therapy": self.therapy,
            "confidence": self.confidence,
            "text": self.text,
            "sources": [s.as_json() for s in self.sources],
            "notice": self.notice,
        }
