"""Builds a validated, immutable Snapshot from the content folders, or lists every problem.

A reload passes the snapshot in service as ``previous``: a facts or intent file whose text (and,
for facts, whose article) is the same as when that snapshot was built is taken from it unparsed
(`Snapshot.files`), so a reload after one edit re-reads every file but parses only that one.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bot.integrity import article_sha256_problem
from bot.model import (
    THERAPY_GENERAL,
    Article,
    Fact,
    Intent,
    Problem,
    Snapshot,
    SourceFile,
    Therapy,
    Topic,
    Unanswered,
)
from bot.render import TEMPLATE_SUFFIX, check_templates
from bot.schema import MIN_EXAMPLES as MIN_EXAMPLES
from bot.schema import ArticleRow, FactRow, IntentFile, TherapyRow, TopicRow, UnansweredRow, messages
from bot.text import squash_spaces

MAX_FILE_BYTES = 5 * 1024 * 1024
UNANSWERED_FILE = "unanswered.toml"
NOTICE_FILE = "notice.md"
_TOML_LINE = re.compile(r"line (\d+)")
_DIGITS = re.compile(r"(?<![A-Za-z])\d+(?:[.,]\d+)*(?![A-Za-z])")  # not the 7 of BE-CAR7


class ContentError(Exception):
    """The content folder cannot be served; `problems` says why, file by file."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the content")


class _Reader:
    """Reads content files, collecting problems instead of raising, and what each facts or intent
    file gave (``files``, kept by the snapshot for the next reload)."""

    def __init__(self, root: Path, previous: Snapshot | None = None):
        self.root = root
        self.problems: list[Problem] = []
        self.previous: Mapping[str, SourceFile] = previous.files if previous is not None else {}
        self.files: dict[str, SourceFile] = {}

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def problem(self, path: Path | str, reason: str, line: int | None = None) -> None:
        name = self.rel(path) if isinstance(path, Path) else path
        self.problems.append(Problem(name, reason, line))

    def text(self, path: Path) -> str | None:
        try:
            if not path.is_file():
                self.problem(path, "file not found")
                return None
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.problem(path, f"file is {size} bytes, over the {MAX_FILE_BYTES} byte limit")
                return None
            raw = path.read_bytes()
        except OSError as exc:  # no read permission, a broken disk: one line, not a traceback
            self.problem(path, f"cannot read the file: {exc.strerror or type(exc).__name__}")
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problem(path, f"not UTF-8 (bad byte at offset {exc.start})")
            return None
        if not text.strip():
            self.problem(path, "file is empty")
            return None
        return text

    def parse(self, path: Path | str, text: str) -> dict[str, Any] | None:
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            found = _TOML_LINE.search(str(exc))
            self.problem(path, f"not valid TOML: {exc}", int(found.group(1)) if found else None)
            return None

    def toml(self, path: Path) -> tuple[dict[str, Any], str] | None:
        text = self.text(path)
        if text is None:
            return None
        data = self.parse(path, text)
        return None if data is None else (data, text)

    def unchanged(self, rel: str, text: str) -> SourceFile | None:
        """What the file gave the previous snapshot, if its text is the same now."""
        kept = self.previous.get(rel)
        return kept if kept is not None and kept.text == text else None


def _line_index(source: str, key: str) -> dict[str, int]:
    """The line where each `key = "value"` is written (by value), for pointing moderators at it."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=\s*['\"](.*?)['\"]\s*(?:#.*)?$")
    index: dict[str, int] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        found = pattern.match(line)
        if found:
            index.setdefault(found.group(1), number)
    return index


def _validate(
    reader: _Reader, path: Path | str, model: type[BaseModel], table: Any, what: str, line: int | None
) -> Any:
    """``table`` as a ``model``, or None with one problem per field that does not fit."""
    try:
        return model.model_validate(table)
    except ValidationError as exc:
        for message in messages(exc):
            reader.problem(path, f"{what}: {message}" if what else message, line)
        return None


def _rows(
    reader: _Reader,
    path: Path | str,
    data: dict[str, Any],
    key: str,
    model: type[BaseModel],
    source: str,
    line_key: str,
) -> list[tuple[Any, int | None]]:
    """The valid ``[[key]]`` tables of a file, each with the line it starts at."""
    tables = data.get(key)
    if not isinstance(tables, list) or not tables:
        reader.problem(path, f"expected one or more [[{key}]] tables")
        return []
    lines = _line_index(source, line_key)
    rows = []
    for number, table in enumerate(tables, start=1):
        name = table.get(line_key) if isinstance(table, dict) else None
        named = isinstance(name, str) and name.strip()
        line = lines.get(name) if isinstance(name, str) else None
        row = _validate(reader, path, model, table, f"{key} {name}" if named else f"{key} {number}", line)
        if row is not None:
            rows.append((row, line))
    return rows


def _article_file(reader: _Reader, seeds: Path, row: ArticleRow, line: int | None) -> Path | None:
    """The article's text file, if it really is inside the content folder (no ../, no symlink out)."""
    path = seeds / row.file
    try:
        inside = path.resolve().is_relative_to(reader.root.resolve())
    except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a NUL in the name
        inside = False
        reader.problem("seeds/sources.toml", f"article {row.id}: file: cannot be resolved ({exc})", line)
        return None
    if not inside:
        reason = f"article {row.id}: file: must be inside the content folder"
        reader.problem("seeds/sources.toml", reason, line)
        return None
    return path


def _unique_rows(
    reader: _Reader,
    path: Path,
    key: str,
    model: type[BaseModel],
    line_key: str,
    duplicate: str,
    loaded: tuple[dict[str, Any], str] | None = None,
) -> list[tuple[Any, int | None]]:
    """The valid ``[[key]]`` tables of one TOML file (read here unless ``loaded`` gives its data
    and text), less those whose ``line_key`` an earlier table has (each named: ``duplicate``
    with the value, "duplicate topic 'x'")."""
    loaded = loaded or reader.toml(path)
    if loaded is None:
        return []
    data, source = loaded
    seen: set[str] = set()
    rows = []
    for row, line in _rows(reader, path, data, key, model, source, line_key):
        name = getattr(row, line_key)
        if name in seen:
            reader.problem(path, f"{duplicate} {name!r}", line)
            continue
        seen.add(name)
        rows.append((row, line))
    return rows


def _load_articles(reader: _Reader, seeds: Path) -> dict[str, Article]:
    path = seeds / "sources.toml"
    articles: dict[str, Article] = {}
    for row, line in _unique_rows(reader, path, "article", ArticleRow, "id", "duplicate article id"):
        file = _article_file(reader, seeds, row, line)
        text = reader.text(file) if file is not None else None
        if text is None:
            continue
        if mismatch := article_sha256_problem(row.id, row.file, row.sha256, text):
            reader.problem(path, mismatch, line)
        articles[row.id] = Article(
            id=row.id,
            file=row.file,
            therapy=row.therapy,
            title=row.title,
            publisher=row.publisher,
            date=row.date.isoformat(),
            url=row.url,
            text=text,
            date_precision=row.date_precision,
        )
    return articles


def _load_topics(reader: _Reader, seeds: Path) -> dict[str, Topic]:
    path = seeds / "topics.toml"
    topics: dict[str, Topic] = {}
    for row, _ in _unique_rows(reader, path, "topic", TopicRow, "name", "duplicate topic"):
        topics[row.name] = Topic(row.name, row.label, row.caveats, row.risks)
    return topics


def _load_therapies(reader: _Reader, seeds: Path) -> dict[str, Therapy]:
    path = seeds / "therapies.toml"
    therapies: dict[str, Therapy] = {}
    for row, line in _unique_rows(
        reader, path, "therapy", TherapyRow, "name", "duplicate or reserved therapy name"
    ):
        if row.name == THERAPY_GENERAL:
            reader.problem(path, f"duplicate or reserved therapy name {row.name!r}", line)
            continue
        therapies[row.name] = Therapy(
            row.name,
            tuple(a.lower() for a in row.aliases),
            tuple(c.lower() for c in row.clues),
            row.summary_fact,
            tuple(row.caveat_facts),
        )
    return therapies


def _load_unanswered(reader: _Reader, seeds: Path) -> dict[str, Unanswered]:
    """Questions the articles leave open (seeds/unanswered.toml, optional)."""
    path = seeds / UNANSWERED_FILE
    if not path.exists():
        return {}
    text = reader.text(path)
    if text is None:
        return {}
    rel = reader.rel(path)
    kept = reader.unchanged(rel, text)  # a reload reads the file again only if it changed
    if kept is None:
        data = reader.parse(rel, text)
        if data is None:
            return {}
        rows = _unique_rows(
            reader, path, "unanswered", UnansweredRow, "id", "duplicate unanswered id", (data, text)
        )
        found = tuple(
            Unanswered(row.id, row.therapy, row.missing, tuple(row.asks), tuple(row.near), line or 0)
            for row, line in rows
        )
        kept = SourceFile(text, unanswered=found)
    reader.files[rel] = kept
    return {entry.id: entry for entry in kept.unanswered}


def _toml_files(folder: Path) -> list[Path]:
    try:
        names = sorted(os.listdir(folder)) if folder.is_dir() else []
    except OSError:  # unreadable: reported as "no files" by the caller
        return []
    return [folder / name for name in names if name.endswith(".toml")]


def _load_facts(reader: _Reader, seeds: Path, articles: dict[str, Article]) -> dict[str, Fact]:
    facts: dict[str, Fact] = {}
    folder = seeds / "facts"
    files = _toml_files(folder)
    if not files:
        reader.problem(folder, "no facts files (*.toml) found")
    for path in files:
        text = reader.text(path)
        if text is None:
            continue
        rel = reader.rel(path)
        loaded = _facts_file(reader, rel, text, articles)
        if loaded is None:
            continue
        reader.files[rel] = loaded
        for fact in loaded.facts:
            if fact.id in facts:
                other = facts[fact.id]
                reason = f"duplicate fact id {fact.id!r} (also {other.file}:{other.line})"
                reader.problem(rel, reason, fact.line)
                continue
            facts[fact.id] = fact
    return facts


def _facts_file(reader: _Reader, rel: str, text: str, articles: dict[str, Article]) -> SourceFile | None:
    """What one facts file gives: taken from the snapshot in service while neither the file nor
    its article changed; None if it names no known article or is not TOML."""
    kept = reader.unchanged(rel, text)
    if kept is not None and kept.article is not None and articles.get(kept.article.id) == kept.article:
        return kept
    data = reader.parse(rel, text)
    if data is None:
        return None
    article_id = data.get("article")
    article = articles.get(article_id) if isinstance(article_id, str) else None
    if article is None:
        line = _line_index(text, "article").get(str(article_id))
        reader.problem(rel, f"unknown article {article_id!r} (ids are in seeds/sources.toml)", line)
        return None
    return SourceFile(text, article=article, facts=_facts_in_file(reader, rel, text, data, article))


def _facts_in_file(
    reader: _Reader, rel: str, source: str, data: dict[str, Any], article: Article
) -> tuple[Fact, ...]:
    """The valid facts of one file (the problems of the others go to ``reader``)."""
    body = squash_spaces(article.text)
    found: list[Fact] = []
    for row, line in _rows(reader, rel, data, "fact", FactRow, source, "id"):
        quote = squash_spaces(row.quote)
        if quote not in body:
            reader.problem(rel, f"fact {row.id!r}: quote not found verbatim in {article.file}", line)
            continue
        year = article.date[:4]  # "In 2008, ..." dates a fact in its own article's year
        stray = [n for n in _DIGITS.findall(row.text) if n not in quote and n != year]
        if stray:
            reason = f"fact {row.id!r}: number(s) {', '.join(stray)} in text but not in quote"
            reader.problem(rel, reason, line)
            continue
        values = {**row.model_dump(), "asks": tuple(row.asks), "terms": tuple(row.terms)}
        found.append(Fact(article=article.id, file=rel, line=line or 0, **values))
    return tuple(found)


def _load_intents(reader: _Reader, folder: Path) -> dict[str, Intent]:
    intents: dict[str, Intent] = {}
    files = [p for p in _toml_files(folder) if not p.name.startswith("_")]
    if not files:
        reader.problem(folder, "no intent files (*.toml) found")
    for path in files:
        text = reader.text(path)
        if text is None:
            continue
        rel = reader.rel(path)
        kept = reader.unchanged(rel, text)
        intent = kept.intent if kept is not None else _intent_in_file(reader, rel, text)
        if intent is None:
            continue
        reader.files[rel] = kept or SourceFile(text, intent=intent)
        if intent.name in intents:
            reader.problem(rel, f"duplicate intent name {intent.name!r} (also {intents[intent.name].file})")
            continue
        intents[intent.name] = intent
    return intents


def _intent_in_file(reader: _Reader, rel: str, source: str) -> Intent | None:
    """The intent one file defines, or None (its problems go to ``reader``)."""
    data = reader.parse(rel, source)
    if data is None:
        return None
    name = data.get("name")
    what = f"intent {name}" if isinstance(name, str) and name.strip() else "intent"
    row = _validate(reader, rel, IntentFile, data, what, None)
    if row is None:
        return None
    return Intent(
        name=row.name,
        description=row.description,
        handler=row.handler,
        template=row.template,
        topics=tuple(row.topics),
        needs_therapy=row.needs_therapy,
        keywords=tuple(k.lower() for k in row.keywords),
        examples=tuple(row.examples),
        question=row.question or row.description,
        missing=row.missing or row.description.lower(),
        file=rel,
        prefer=tuple(row.prefer),
    )


def _load_templates(reader: _Reader, folder: Path) -> tuple[dict[str, str], str]:
    templates: dict[str, str] = {}
    for path in sorted(folder.glob(f"*{TEMPLATE_SUFFIX}")) if folder.is_dir() else []:
        text = reader.text(path)
        if text is not None:
            templates[path.name.removesuffix(TEMPLATE_SUFFIX)] = text
    notice = reader.text(folder / NOTICE_FILE) or ""
    return templates, notice.strip()


def _foreign_fact(snapshot: Snapshot, fact_id: str, therapy: str) -> str:
    """What is wrong with naming fact `fact_id` for `therapy` ("" if nothing): no such fact,
    or a fact about another therapy (a general fact fits any, any fits a general one)."""
    fact = snapshot.facts.get(fact_id)
    if fact is None:
        return "no such fact"
    if THERAPY_GENERAL in (fact.therapy, therapy) or fact.therapy == therapy:
        return ""
    return f"a fact about {fact.therapy}"


def _cross_check(reader: _Reader, snapshot: Snapshot) -> None:
    """References between files: topics, therapies, templates, summary facts, examples."""
    known_therapies = set(snapshot.therapies) | {THERAPY_GENERAL}
    for article in snapshot.articles.values():
        if article.therapy not in known_therapies:
            reader.problem(
                "seeds/sources.toml", f"article {article.id!r}: unknown therapy {article.therapy!r}"
            )
    for fact in snapshot.facts.values():
        if fact.therapy not in known_therapies:
            reader.problem(fact.file, f"fact {fact.id!r}: unknown therapy {fact.therapy!r}", fact.line)
        if fact.topic not in snapshot.topics:
            reader.problem(fact.file, f"fact {fact.id!r}: unknown topic {fact.topic!r}", fact.line)
    for therapy in snapshot.therapies.values():
        if therapy.summary_fact not in snapshot.facts:
            reader.problem(
                "seeds/therapies.toml",
                f"therapy {therapy.name!r}: unknown summary_fact {therapy.summary_fact!r}",
            )
        for fact_id in therapy.caveat_facts:
            if what := _foreign_fact(snapshot, fact_id, therapy.name):
                reader.problem(
                    "seeds/therapies.toml", f"therapy {therapy.name!r}: caveat_facts: {fact_id!r} is {what}"
                )
    where = f"seeds/{UNANSWERED_FILE}"
    for gap in snapshot.unanswered.values():
        if gap.therapy not in known_therapies:
            reader.problem(where, f"unanswered {gap.id!r}: unknown therapy {gap.therapy!r}", gap.line)
        for fact_id in gap.near:
            if what := _foreign_fact(snapshot, fact_id, gap.therapy):
                reader.problem(where, f"unanswered {gap.id!r}: near: {fact_id!r} is {what}", gap.line)
    owner: dict[str, str] = {}
    for intent in snapshot.intents.values():
        for topic in intent.topics:
            if topic not in snapshot.topics:
                reader.problem(intent.file, f"intent {intent.name!r}: unknown topic {topic!r}")
        if intent.template not in snapshot.templates:
            reader.problem(
                intent.file,
                f"intent {intent.name!r}: unknown template {intent.template!r}"
                f" (no responses/{intent.template}{TEMPLATE_SUFFIX})",
            )
        if intent.handler == "facts" and not intent.topics:
            reader.problem(intent.file, f"intent {intent.name!r}: handler 'facts' needs topics")
        for example in intent.examples:
            key = squash_spaces(example.lower())
            if owner.setdefault(key, intent.name) != intent.name:
                reader.problem(
                    intent.file,
                    f"intent {intent.name!r}: example {example!r} is also in intent {owner[key]!r}",
                )


def build_snapshot(root: Path, previous: Snapshot | None = None) -> Snapshot:
    """Load and validate the three content folders under `root`; raise ContentError if anything is
    wrong. ``previous``: the snapshot in service, whose unchanged files are taken as they are."""
    root = Path(root)
    reader = _Reader(root, previous)
    if not root.is_dir():
        raise ContentError([Problem(str(root), "content folder not found")])
    seeds = root / "seeds"
    articles = _load_articles(reader, seeds)
    topics = _load_topics(reader, seeds)
    therapies = _load_therapies(reader, seeds)
    facts = _load_facts(reader, seeds, articles)
    unanswered = _load_unanswered(reader, seeds)
    intents = _load_intents(reader, root / "intents")
    templates, notice = _load_templates(reader, root / "responses")
    snapshot = Snapshot.create(
        root=root,
        articles=articles,
        facts=facts,
        unanswered=unanswered,
        topics=topics,
        therapies=therapies,
        intents=intents,
        templates=templates,
        notice=notice,
        files=reader.files,
    )
    _cross_check(reader, snapshot)
    if not reader.problems:
        reader.problems.extend(check_templates(snapshot))
    if reader.problems:
        raise ContentError(reader.problems)
    return snapshot
