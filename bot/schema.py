"""The typed shape of every content file (pydantic v2), and one-line messages for what does not fit.

Each table (an article, a fact, a therapy, a topic, an intent file) is validated on its own, so
one bad table is reported without hiding the others. Types are strict: `name = ["a"]` where a
string belongs is an error, never coerced. Dates are real dates ("2026-02-30" is not one), and
links must be plain http(s) addresses with a host.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlparse

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

Handler = Literal["facts", "compare", "help", "sources", "not_in_articles", "smalltalk", "followup"]
AnswerKind = Literal[
    "age",
    "duration",
    "count",
    "percent",
    "when",
    "hospital",
    "place",
    "job",
    "disease",
    "funder",
    "later",
    "outcome",
    "method",
    "person",
]
MIN_EXAMPLES = 10
MIN_ASKS = 3  # an unanswered question needs a few wordings to be recognised
# Characters that would break or smuggle Markdown (or a second link) into a reply.
_URL_FORBIDDEN = re.compile(r"[\s<>()\[\]{}`\"'*|\\^]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _http_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError("must be an http(s) address with a host")
    if _URL_FORBIDDEN.search(value):
        raise ValueError("must be a plain address: no spaces, quotes, brackets or Markdown")
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if not _DATE.fullmatch(value):
            raise ValueError("must be a date written YYYY-MM-DD")
        return date.fromisoformat(value)  # ValueError: "day is out of range for month"
    return value  # the strict date type reports the wrong type


Text = Annotated[str, AfterValidator(_not_blank)]
Url = Annotated[str, AfterValidator(_http_url)]
Day = Annotated[date, BeforeValidator(_iso_date)]


class Table(BaseModel):
    """A TOML table: strict types; keys the bot does not use (notes for editors) are ignored."""

    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")


class LinkRow(Table):
    title: Text
    url: Url


class ArticleRow(Table):
    id: Text
    file: Text
    therapy: Text
    title: Text
    publisher: Text
    date: Day
    date_precision: Literal["day", "month", "approximate"] = "day"
    url: Url
    further_reading: list[LinkRow] = []  # primary sources for editors: checked, not shown in replies
    sha256: str | None = None  # the article file as received; checked by bot.integrity


class TopicRow(Table):
    name: Text
    label: Text
    caveats: bool = False
    risks: bool = False


class TherapyRow(Table):
    name: Text
    aliases: list[Text]
    clues: list[Text] = []
    summary_fact: Text
    caveat_facts: list[Text] = []


class FactRow(Table):
    id: Text
    therapy: Text
    topic: Text
    text: Text
    quote: Text
    asks: list[Text] = []  # questions this fact answers, in families' words
    terms: list[Text] = []  # words this fact explains ("T-ALL")


class UnansweredRow(Table):
    id: Text
    therapy: Text
    missing: Text  # completes "The articles I know do not say ..."
    asks: list[Text] = Field(min_length=MIN_ASKS)
    near: list[Text] = []  # fact ids


class IntentFile(Table):
    name: Text
    description: Text
    question: Text | None = None
    handler: Handler
    template: Text
    topics: list[Text] = []
    needs_therapy: bool = False
    keywords: list[Text] = []
    examples: list[Text] = Field(min_length=MIN_EXAMPLES)
    missing: Text | None = None
    prefer: list[AnswerKind] = []  # kinds of fact that come first when the question names nothing rarer


_EXPECTED = {
    "string_type": "a string",
    "bool_type": "true or false",
    "list_type": "a list",
    "int_type": "a whole number",
    "date_type": "a date written YYYY-MM-DD",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "dict_type": "a table",
}


def _toml_type(value: Any) -> str:
    names = {str: "a string", bool: "true/false", int: "a number", float: "a number", list: "a list"}
    names[dict] = "a table"
    return names.get(type(value), type(value).__name__)


def _describe(error: Mapping[str, Any]) -> str:
    kind, value = error["type"], error.get("input")
    if kind == "missing":
        return "missing"
    if kind in _EXPECTED:
        return f"must be {_EXPECTED[kind]}, not {_toml_type(value)}"
    if kind == "literal_error":
        options = error.get("ctx", {}).get("expected", "").replace("'", "")
        return f"must be one of {options.replace(' or ', ', ')}; got {value!r}"
    if kind == "too_short" and isinstance(value, list):
        return f"has {len(value)} items; at least {error['ctx']['min_length']} needed"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return str(error["msg"])


def messages(exc: ValidationError) -> list[str]:
    """One line per problem: `field: what is wrong` (the field path dotted, list items numbered from 1)."""
    out = []
    for error in exc.errors(include_url=False):
        path = ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in error["loc"])
        text = _describe(error)
        out.append(f"{path}: {text}" if path else text)
    return out
