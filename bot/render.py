"""Jinja2 rendering of replies from facts and sources; templates never see user text.

Autoescape is off on purpose: the output is Discord Markdown, not HTML, so HTML escaping
would show "&amp;" to families. Content strings go through the `md` filter instead, which
escapes Discord's Markdown characters. The sandbox keeps a moderator's template from
reaching Python internals, and StrictUndefined turns a typo into an error at check time.

Templates are written by moderators, so a render has limits: at most RENDER_SECONDS of time
(checked at every loop turn, call, filter and operator) and MAX_OUTPUT_CHARS of text (in any
string or list made on the way, and in the output). At answer time a template that fails or
hits a limit gives the fallback text and a logged warning, never a hang; `bot check` reports it.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from functools import wraps
from itertools import islice, product
from typing import Any

from jinja2 import DictLoader, StrictUndefined, TemplateError, meta, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from bot.dating import citation
from bot.model import Article, Fact, Problem, Snapshot

log = logging.getLogger("cellfacts.render")
TEMPLATE_SUFFIX = ".md.j2"  # responses/<name>.md.j2
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
    "keep_in_mind",
)
RENDER_SECONDS = 0.5
MAX_OUTPUT_CHARS = 200_000  # the sources reply of 100x content is ~75,000
MAX_NUMBER = 100_000  # as the sandbox's MAX_RANGE
FALLBACK_TEXT = (
    "Sorry, I could not put an answer together just now. Please ask again in another way, "
    "or ask about BE-CAR7, UCART19 or TaNK cells."
)
_MARKDOWN = re.compile(r"([\\*_~`|])")
_BLANK_LINES = re.compile(r"\n{3,}")
_BIG_FORMAT = re.compile(r"%[^a-z%]*\d{5,}")  # "%99999s" and the like
_deadline = threading.local()
_DICT_ATTRIBUTES = frozenset(dir(dict))


class RenderLimit(TemplateError):
    """A template took too long or made too much text."""


def _tick() -> None:
    if time.monotonic() > getattr(_deadline, "at", float("inf")):
        raise RenderLimit(f"took longer than {RENDER_SECONDS:g} s (an endless or huge loop?)")


def _sized(value: Any) -> Any:
    """``value``, unless it is a string or sequence over the output limit."""
    if isinstance(value, str | list | tuple | bytes) and len(value) > MAX_OUTPUT_CHARS:
        raise RenderLimit(f"made a value of {len(value)} items, over the {MAX_OUTPUT_CHARS} limit")
    return value


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            raise RenderLimit(f"a number argument of {value} is over the {MAX_NUMBER} limit")
        _sized(value)


class _LimitedRange:
    """``range`` for templates: the sandbox's size cap, and a time check at every step."""

    def __init__(self, *args: int) -> None:
        self.range = safe_range(*args)

    def __iter__(self) -> Iterator[int]:
        for value in self.range:
            _tick()
            yield value

    def __len__(self) -> int:
        return len(self.range)

    def __getitem__(self, index: int) -> int:
        return self.range[index]

    def __contains__(self, value: object) -> bool:
        return value in self.range


class _LimitedCode(CodeGenerator):
    """Compiled templates check the clock at every loop turn and the size of every `~` join."""

    def writeline(self, x: str, node: nodes.Node | None = None, extra: int = 0) -> None:
        super().writeline(x, node, extra)
        if x == "_loop_vars = {}":  # the first line of every for-loop body
            super().writeline("environment.tick()")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.sized(")
        super().visit_Concat(node, frame)
        self.write(")")


class LimitedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with time and size limits on loops, calls, filters and operators."""

    code_generator_class = _LimitedCode
    intercepted_binops = frozenset({"*", "**", "%", "+", "//"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _LimitedRange
        self.tick, self.sized = _tick, _sized

    def limit_filters(self) -> None:
        for name, function in list(self.filters.items()):
            self.filters[name] = _limited(function)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise RenderLimit(f"a power of {right} is over the limit of 64")
        if operator == "*":
            size = _repeat_size(left, right)
            if size > MAX_OUTPUT_CHARS:
                raise RenderLimit(f"repeating would make {size} items, over the {MAX_OUTPUT_CHARS} limit")
        if operator == "%" and isinstance(left, str) and _BIG_FORMAT.search(left):
            raise RenderLimit("a format width is over the limit")
        return _sized(super().call_binop(context, operator, left, right))

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`fact.text` on the plain dicts the engine passes: the key at once. The sandbox's
        way (ask the dict for an attribute, fail, then look the key up) raised and caught an
        error for every field shown, a tenth of a reply's time. A name a dict has as an
        attribute (`items`) still goes the sandbox's way, so what a template gets is the same."""
        if type(obj) is dict and attribute in obj and attribute not in _DICT_ATTRIBUTES:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _tick()
        _check_arguments(args, kwargs)
        return _sized(super().call(__context, __obj, *args, **kwargs))


def _repeat_size(left: Any, right: Any) -> int:
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            return len(seq) * max(times, 0)
    return 0


def _limited(function: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        _tick()
        first = 1 if getattr(function, "jinja_pass_arg", None) else 0  # context or environment
        _sized(args[first] if len(args) > first else None)
        _check_arguments(args[first + 1 :], kwargs)
        return _sized(function(*args, **kwargs))

    return checked


def escape_markdown(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", text)


def date_text(iso: str, precision: str = "day") -> str:
    """'2026-01-31' → '31 January 2026' ('January 2026' or 'around 31 January 2026' when less sure)."""
    day = date.fromisoformat(iso)
    if precision == "month":
        return f"{day:%B %Y}"
    return ("around " if precision == "approximate" else "") + f"{day.day} {day:%B %Y}"


def fact_view(fact: Fact, snapshot: Snapshot) -> dict[str, str]:
    article = snapshot.articles[fact.article]
    return {
        "id": fact.id,
        "text": fact.text,
        "therapy": fact.therapy,
        "topic": fact.topic,
        "publisher": article.publisher,
        "source": citation(article),  # "Positive News, Jan 2026": said after the fact
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
    views = []
    for therapy in snapshot.therapies.values():
        summary = snapshot.facts[therapy.summary_fact]
        source = citation(snapshot.articles[summary.article])
        views.append({"name": therapy.name, "summary": summary.text, "source": source})
    return views


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
        "closest": False,  # no fact was close to the question: the closest is offered as that
        "answering": False,
        # What keep_in_mind adds after the facts (bot.framing): the therapies' caveat facts, a note
        # on risks, news a year old or more, and whether the question asked about today.
        "caveats": [],
        "risks": "",
        "dated": [],
        "published": [],
        "asks_now": False,
    }


class Renderer:
    """Renders the snapshot's templates; one per snapshot, built once."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        self.env = LimitedEnvironment(
            loader=DictLoader(dict(snapshot.templates)),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["md"] = escape_markdown
        self.env.limit_filters()
        self._compiled = {name: self.env.get_template(name) for name in snapshot.templates}
        # The sandbox lets no template change a value, so the shared part is built once.
        self._base = base_context(snapshot)

    def render_checked(self, template: str, **values: Any) -> str:
        """The template's text; raises on any failure, RenderLimit past the time or size limit."""
        context = {**self._base, **values}
        _deadline.at = time.monotonic() + RENDER_SECONDS
        size, parts = 0, []
        try:
            for part in self._compiled[template].generate(context):
                size += len(part)
                if size > MAX_OUTPUT_CHARS:
                    raise RenderLimit(f"output is over the {MAX_OUTPUT_CHARS} character limit")
                _tick()
                parts.append(part)
        finally:
            _deadline.at = float("inf")
        return _BLANK_LINES.sub("\n\n", "".join(parts)).strip()

    def render(self, template: str, **values: Any) -> str:
        """The template's text; if it fails or hits a limit, the fallback text (and a warning logged)."""
        try:
            return self.render_checked(template, **values)
        except Exception as exc:  # a moderator's template must never stop an answer
            log.warning(
                "template responses/%s%s failed, answering with the fallback text: %s: %s",
                template, TEMPLATE_SUFFIX, type(exc).__name__, exc,
            )  # fmt: skip
        if template != "fallback" and "fallback" in self._compiled:
            try:
                return self.render_checked("fallback")
            except Exception:  # already logged once for this reply; the built-in text will do
                pass
        return FALLBACK_TEXT


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
        "caveats": [{"therapy": therapy, "facts": views[:2]}],
        "risks": "some",
        "dated": [
            {"publisher": a.publisher, "date": date_text(a.date, a.date_precision), "ago": "2 years ago"}
            for a in articles.values()
        ],
        "published": [date_text(a.date, "month") for a in articles.values()],
        "asks_now": True,
    }


def _facts_of(snapshot: Snapshot, therapy: str | None) -> Iterator[Fact]:
    return (f for f in snapshot.facts.values() if f.therapy == therapy)


def check_contexts(snapshot: Snapshot, source: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(what, context) pairs reaching the branches a template can take: real facts, no facts at all,
    each therapy, and each intent or therapy the template names."""
    full = sample_context(snapshot)
    empty = {**{k: v for k, v in full.items()}, "facts": [], "groups": [], "sources": [],
             "suggestions": [], "missing": "", "subject": "", "therapy": None, "intent": None,
             "caveats": [], "risks": "", "dated": [], "published": [], "asks_now": False}  # fmt: skip
    yield "real facts", full
    yield "no facts (empty lists)", empty
    named_intents = [i for i in snapshot.intents if i in source]
    therapies = [*snapshot.therapies, "general"]
    for therapy, intent in product([None, *therapies], [None, *named_intents]):
        views = [fact_view(f, snapshot) for f in islice(_facts_of(snapshot, therapy), 3)]
        for base, what in ((full, "real facts"), (empty, "no facts")):
            context = {**base, "therapy": therapy, "intent": intent}
            if base is full and views:
                context.update(facts=views, groups=[{"therapy": therapy, "facts": views}])
            yield f"{what}, therapy {therapy}, intent {intent}", context


def _unknown_names(renderer: Renderer, name: str, source: str) -> list[Problem]:
    """Variables used anywhere in the template (any branch) that no reply ever provides."""
    known = set(base_context(renderer.snapshot)) | set(renderer.env.globals)
    tree = renderer.env.parse(source)
    unknown = sorted(meta.find_undeclared_variables(tree) - known)
    problems = []
    for variable in unknown:
        line = next((n.lineno for n in tree.find_all(nodes.Name) if n.name == variable), None)
        known_list = ", ".join(sorted(base_context(renderer.snapshot)))
        problems.append(
            Problem(
                f"responses/{name}{TEMPLATE_SUFFIX}",
                f"unknown variable {variable!r} (known: {known_list})",
                line,
            )
        )
    return problems


def check_templates(snapshot: Snapshot) -> list[Problem]:
    problems: list[Problem] = []
    for name in REQUIRED_TEMPLATES:
        if name not in snapshot.templates:
            problems.append(Problem(f"responses/{name}{TEMPLATE_SUFFIX}", "required template is missing"))
    if not snapshot.notice:
        problems.append(Problem("responses/notice.md", "the not-medical-advice notice is missing"))
    try:
        renderer = Renderer(snapshot)
    except TemplateError as exc:
        name = getattr(exc, "name", None) or "?"
        return [
            *problems,
            Problem(
                f"responses/{name}{TEMPLATE_SUFFIX}",
                f"template does not parse: {exc}",
                getattr(exc, "lineno", None),
            ),
        ]
    for name, source in snapshot.templates.items():
        unknown = _unknown_names(renderer, name, source)
        if unknown:
            problems.extend(unknown)
            continue
        problem = _first_render_problem(renderer, name, source)
        if problem is not None:
            problems.append(problem)
    return problems


def _first_render_problem(renderer: Renderer, name: str, source: str) -> Problem | None:
    """The first context the template fails in (one line), or None."""
    where = f"responses/{name}{TEMPLATE_SUFFIX}"
    for what, context in check_contexts(renderer.snapshot, source):
        try:
            text = renderer.render_checked(name, **context)
        except RenderLimit as exc:
            return Problem(where, f"template hit a limit with {what}: {exc}")
        except Exception as exc:  # any failure in a moderator's template is reported, not raised
            reason = " ".join(f"{type(exc).__name__}: {exc}".split())
            return Problem(
                where, f"template fails to render with {what}: {reason}", getattr(exc, "lineno", None)
            )
        if what == "real facts" and not text:
            return Problem(where, "template renders to nothing")
    return None
