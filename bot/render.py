"""Jinja2 rendering of replies from facts and sources; templates never see user text.

Autoescape is off on purpose: the output is Discord Markdown, not HTML, so HTML escaping
would show "&amp;" to families. Content strings go through the `md` filter instead, which
escapes Discord's Markdown characters. The sandbox keeps a moderator's template from
reaching Python internals, and StrictUndefined turns a typo into an error at check time.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from jinja2 import DictLoader, StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from bot.model import Article, Fact, Problem, Snapshot

REQUIRED_TEMPLATES = (
    "answer",
    "clarify",
    "fallback",
    "not_in_articles",
    "emergency",
    "crisis",
    "care_team",
    "distress",
    "possible_danger",
)
_MARKDOWN = re.compile(r"([\\*_~`|])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", text)


def date_text(iso: str, precision: str = "day") -> str:
    """'2026-01-31' → '31 January 2026' ('January 2026' or 'around 31 January 2026' when less sure)."""
    day = date.fromisoformat(iso)
    if precision == "month":
        return f"{day:%B %Y}"
    return ("around " if precision == "approximate" else "") + f"{day.day} {day:%B %Y}"


def fact_view(fact: Fact, snapshot: Snapshot) -> dict[str, str]:
    return {
        "id": fact.id,
        "text": fact.text,
        "therapy": fact.therapy,
        "topic": fact.topic,
        "publisher": snapshot.articles[fact.article].publisher,
    }


def source_view(article: Article) -> dict[str, str]:
    return {
        "title": article.title,
        "publisher": article.publisher,
        "date": article.date,
        "date_text": date_text(article.date, article.date_precision),
        "url": article.url,
    }


def therapy_views(snapshot: Snapshot) -> list[dict[str, str]]:
    return [
        {"name": t.name, "summary": snapshot.facts[t.summary_fact].text} for t in snapshot.therapies.values()
    ]


def base_context(snapshot: Snapshot) -> dict[str, Any]:
    """Every key any template may use, with empty defaults, so all templates share one shape."""
    return {
        "therapy": None,
        "intent": None,
        "subject": "",
        "groups": [],
        "facts": [],
        "sources": [],
        "therapies": therapy_views(snapshot),
        "topics": [t.label for t in snapshot.topics.values()],
        "suggestions": [],
        "missing": "",
        "answering": False,
    }


class Renderer:
    """Renders the snapshot's templates; one per snapshot, built once."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        self.env = ImmutableSandboxedEnvironment(
            loader=DictLoader(dict(snapshot.templates)),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["md"] = escape_markdown
        self._compiled = {name: self.env.get_template(name) for name in snapshot.templates}

    def render(self, template: str, **values: Any) -> str:
        context = base_context(self.snapshot)
        context.update(values)
        text = self._compiled[template].render(context)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def sample_context(snapshot: Snapshot) -> dict[str, Any]:
    """A context filled with real facts and sources, to prove each template renders."""
    facts = list(snapshot.facts.values())[:3]
    views = [fact_view(f, snapshot) for f in facts]
    articles = {f.article: snapshot.articles[f.article] for f in facts}
    therapy = facts[0].therapy if facts else None
    return {
        "therapy": therapy,
        "intent": next(iter(snapshot.intents), None),
        "subject": next(iter(snapshot.topics.values())).label if snapshot.topics else "",
        "groups": [{"therapy": therapy, "facts": views}],
        "facts": views,
        "sources": [source_view(a) for a in articles.values()],
        "suggestions": [i.question for i in list(snapshot.intents.values())[:3]],
        "missing": "the cost of the treatment",
    }


def check_templates(snapshot: Snapshot) -> list[Problem]:
    problems: list[Problem] = []
    for name in REQUIRED_TEMPLATES:
        if name not in snapshot.templates:
            problems.append(Problem(f"responses/{name}.md.j2", "required template is missing"))
    if not snapshot.notice:
        problems.append(Problem("responses/notice.md", "the not-medical-advice notice is missing"))
    try:
        renderer = Renderer(snapshot)
    except TemplateError as exc:
        name = getattr(exc, "name", None) or "?"
        return [
            *problems,
            Problem(
                f"responses/{name}.md.j2", f"template does not parse: {exc}", getattr(exc, "lineno", None)
            ),
        ]
    sample = sample_context(snapshot)
    for name in snapshot.templates:
        try:
            text = renderer.render(name, **sample)
        except Exception as exc:  # any failure in a moderator's template is reported, not raised
            problems.append(
                Problem(
                    f"responses/{name}.md.j2",
                    f"template fails to render with real facts: {type(exc).__name__}: {exc}",
                    getattr(exc, "lineno", None),
                )
            )
            continue
        if not text:
            problems.append(Problem(f"responses/{name}.md.j2", "template renders to nothing"))
    return problems
