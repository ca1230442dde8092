"""Builds a validated, immutable Snapshot from the content folders, or lists every problem."""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bot.integrity import article_sha256_problem
from bot.model import (
    THERAPY_GENERAL,
    Article,
    Fact,
    Intent,
    Link,
    Problem,
    Snapshot,
    Therapy,
    Topic,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
MIN_EXAMPLES = 10
HANDLERS = frozenset({"facts", "compare", "help", "sources", "not_in_articles", "smalltalk", "followup"})
TEMPLATE_SUFFIX = ".md.j2"
NOTICE_FILE = "notice.md"
_TOML_LINE = re.compile(r"line (\d+)")
_DIGITS = re.compile(r"(?<![A-Za-z])\d+(?:[.,]\d+)*(?![A-Za-z])")  # not the 7 of BE-CAR7


class ContentError(Exception):
    """The content folder cannot be served; `problems` says why, file by file."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the content")


def squash_spaces(text: str) -> str:
    return " ".join(text.split())


class _Reader:
    """Reads content files, collecting problems instead of raising."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.digest = hashlib.sha256()

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def problem(self, path: Path | str, reason: str, line: int | None = None) -> None:
        name = self.rel(path) if isinstance(path, Path) else path
        self.problems.append(Problem(name, reason, line))

    def text(self, path: Path) -> str | None:
        if not path.is_file():
            self.problem(path, "file not found")
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            self.problem(path, f"file is {size} bytes, over the {MAX_FILE_BYTES} byte limit")
            return None
        raw = path.read_bytes()
        self.digest.update(self.rel(path).encode() + b"\0" + raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problem(path, f"not UTF-8 (bad byte at offset {exc.start})")
            return None
        if not text.strip():
            self.problem(path, "file is empty")
            return None
        return text

    def toml(self, path: Path) -> tuple[dict[str, Any], str] | None:
        text = self.text(path)
        if text is None:
            return None
        try:
            return _parse_toml(text), text
        except tomllib.TOMLDecodeError as exc:
            found = _TOML_LINE.search(str(exc))
            self.problem(path, f"not valid TOML: {exc}", int(found.group(1)) if found else None)
            return None


def _line_of(source: str, key: str, value: str) -> int | None:
    """The line where `key = "value"` is written, for pointing moderators at it."""
    return _line_index(source, key).get(value)


@lru_cache(maxsize=256)
def _line_index(source: str, key: str) -> dict[str, int]:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=\s*['\"](.*?)['\"]\s*(?:#.*)?$")
    index: dict[str, int] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        found = pattern.match(line)
        if found:
            index.setdefault(found.group(1), number)
    return index


@lru_cache(maxsize=8192)
def _parse_toml(text: str) -> dict[str, Any]:
    """Parsed once per distinct file text, so a reload re-parses only the files that changed.

    Callers must not mutate the result: it is shared between snapshots.
    """
    return tomllib.loads(text)


class _Shape:
    """Checks the keys and types of one TOML table, reporting against its file and line."""

    def __init__(self, reader: _Reader, path: Path | str, table: Any, what: str, line: int | None):
        self.reader, self.path, self.table, self.what, self.line = reader, path, table, what, line
        self.ok = isinstance(table, dict)
        if not self.ok:
            reader.problem(path, f"{what} must be a table", line)

    def get(self, key: str, kind: type, default: Any = None, required: bool = True) -> Any:
        if not self.ok:
            return default
        if key not in self.table:
            if required:
                self.reader.problem(self.path, f"{self.what}: missing `{key}`", self.line)
                self.ok = False
            return default
        value = self.table[key]
        if kind is str and not (isinstance(value, str) and value.strip()):
            self.reader.problem(self.path, f"{self.what}: `{key}` must be a non-empty string", self.line)
            self.ok = False
            return default
        if kind is bool and not isinstance(value, bool):
            self.reader.problem(self.path, f"{self.what}: `{key}` must be true or false", self.line)
            self.ok = False
            return default
        if kind is list and not (
            isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        ):
            self.reader.problem(self.path, f"{self.what}: `{key}` must be a list of strings", self.line)
            self.ok = False
            return default
        return value


def _tables(reader: _Reader, path: Path | str, data: dict, key: str) -> list[Any]:
    tables = data.get(key)
    if not isinstance(tables, list) or not tables:
        reader.problem(path, f"expected one or more [[{key}]] tables")
        return []
    return tables


def _load_articles(reader: _Reader, seeds: Path) -> dict[str, Article]:
    path = seeds / "sources.toml"
    loaded = reader.toml(path)
    if loaded is None:
        return {}
    data, source = loaded
    articles: dict[str, Article] = {}
    for table in _tables(reader, path, data, "article"):
        line = _line_of(source, "id", table.get("id", "")) if isinstance(table, dict) else None
        shape = _Shape(
            reader,
            path,
            table,
            f"article {table.get('id', '?')!r}" if isinstance(table, dict) else "article",
            line,
        )
        values = {
            k: shape.get(k, str) for k in ("id", "file", "therapy", "title", "publisher", "date", "url")
        }
        reading = table.get("further_reading", []) if shape.ok else []
        if not shape.ok:
            continue
        url = urlparse(values["url"])
        if url.scheme not in ("http", "https") or not url.netloc:
            reader.problem(path, f"article {values['id']!r}: url must be an http(s) address", line)
            continue
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", values["date"]):
            reader.problem(path, f"article {values['id']!r}: date must be YYYY-MM-DD", line)
            continue
        if values["id"] in articles:
            reader.problem(path, f"duplicate article id {values['id']!r}", line)
            continue
        text = reader.text(seeds / values["file"])
        if text is None:
            continue
        if mismatch := article_sha256_problem(values["id"], values["file"], table.get("sha256"), text):
            reader.problem(path, mismatch, line)
        links = tuple(
            Link(item["title"], item["url"])
            for item in reading
            if isinstance(item, dict)
            and isinstance(item.get("title"), str)
            and isinstance(item.get("url"), str)
        )
        precision = table.get("date_precision", "day")
        if precision not in ("day", "month", "approximate"):
            reader.problem(
                path, f"article {values['id']!r}: date_precision must be day, month or approximate", line
            )
            continue
        articles[values["id"]] = Article(text=text, further_reading=links, date_precision=precision, **values)
    return articles


def _load_topics(reader: _Reader, seeds: Path) -> dict[str, Topic]:
    path = seeds / "topics.toml"
    loaded = reader.toml(path)
    if loaded is None:
        return {}
    data, source = loaded
    topics: dict[str, Topic] = {}
    for table in _tables(reader, path, data, "topic"):
        line = _line_of(source, "name", table.get("name", "")) if isinstance(table, dict) else None
        shape = _Shape(reader, path, table, "topic", line)
        name, label = shape.get("name", str), shape.get("label", str)
        if not shape.ok:
            continue
        if name in topics:
            reader.problem(path, f"duplicate topic {name!r}", line)
            continue
        topics[name] = Topic(name, label)
    return topics


def _load_therapies(reader: _Reader, seeds: Path) -> dict[str, Therapy]:
    path = seeds / "therapies.toml"
    loaded = reader.toml(path)
    if loaded is None:
        return {}
    data, source = loaded
    therapies: dict[str, Therapy] = {}
    for table in _tables(reader, path, data, "therapy"):
        line = _line_of(source, "name", table.get("name", "")) if isinstance(table, dict) else None
        shape = _Shape(reader, path, table, "therapy", line)
        name = shape.get("name", str)
        aliases = shape.get("aliases", list, [])
        clues = shape.get("clues", list, [], required=False)
        summary = shape.get("summary_fact", str)
        if not shape.ok:
            continue
        if name in therapies or name == THERAPY_GENERAL:
            reader.problem(path, f"duplicate or reserved therapy name {name!r}", line)
            continue
        therapies[name] = Therapy(
            name, tuple(a.lower() for a in aliases), tuple(c.lower() for c in clues), summary
        )
    return therapies


def _toml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [folder / name for name in sorted(os.listdir(folder)) if name.endswith(".toml")]


def _load_facts(reader: _Reader, seeds: Path, articles: dict[str, Article]) -> dict[str, Fact]:
    facts: dict[str, Fact] = {}
    folder = seeds / "facts"
    files = _toml_files(folder)
    if not files:
        reader.problem(folder, "no facts files (*.toml) found")
    for path in files:
        loaded = reader.toml(path)
        if loaded is None:
            continue
        data, source = loaded
        article_id = data.get("article")
        article = articles.get(article_id) if isinstance(article_id, str) else None
        rel = reader.rel(path)
        if article is None:
            line = _line_of(source, "article", str(article_id))
            reader.problem(rel, f"unknown article {article_id!r} (ids are in seeds/sources.toml)", line)
            continue
        found, problems = _facts_in_file(rel, source, article)
        reader.problems.extend(problems)
        for fact in found:
            if fact.id in facts:
                other = facts[fact.id]
                reason = f"duplicate fact id {fact.id!r} (also {other.file}:{other.line})"
                reader.problem(rel, reason, fact.line)
                continue
            facts[fact.id] = fact
    return facts


@lru_cache(maxsize=4096)
def _facts_in_file(rel: str, source: str, article: Article) -> tuple[tuple[Fact, ...], tuple[Problem, ...]]:
    """The valid facts of one file and the problems of the others; memoised, so reloads are cheap."""
    collector = _Reader(Path("."))
    data = _parse_toml(source)
    body = squash_spaces(article.text)
    found: list[Fact] = []
    for table in _tables(collector, rel, data, "fact"):
        fact_id = table.get("id", "?") if isinstance(table, dict) else "?"
        line = _line_of(source, "id", str(fact_id))
        shape = _Shape(collector, rel, table, f"fact {fact_id!r}", line)
        values = {k: shape.get(k, str) for k in ("id", "therapy", "topic", "text", "quote")}
        if not shape.ok:
            continue
        quote = squash_spaces(values["quote"])
        if quote not in body:
            collector.problem(rel, f"fact {values['id']!r}: quote not found verbatim in {article.file}", line)
            continue
        stray = [n for n in _DIGITS.findall(values["text"]) if n not in quote]
        if stray:
            reason = f"fact {values['id']!r}: number(s) {', '.join(stray)} in text but not in quote"
            collector.problem(rel, reason, line)
            continue
        found.append(Fact(article=article.id, file=rel, line=line or 0, **values))
    return tuple(found), tuple(collector.problems)


def _load_intents(reader: _Reader, folder: Path) -> dict[str, Intent]:
    intents: dict[str, Intent] = {}
    files = [p for p in _toml_files(folder) if not p.name.startswith("_")]
    if not files:
        reader.problem(folder, "no intent files (*.toml) found")
    for path in files:
        loaded = reader.toml(path)
        if loaded is None:
            continue
        rel = reader.rel(path)
        intent, problems = _intent_in_file(rel, loaded[1])
        reader.problems.extend(problems)
        if intent is None:
            continue
        if intent.name in intents:
            reader.problem(rel, f"duplicate intent name {intent.name!r} (also {intents[intent.name].file})")
            continue
        intents[intent.name] = intent
    return intents


@lru_cache(maxsize=8192)
def _intent_in_file(rel: str, source: str) -> tuple[Intent | None, tuple[Problem, ...]]:
    """The intent one file defines, or its problems; memoised, so reloads are cheap."""
    collector = _Reader(Path("."))
    shape = _Shape(collector, rel, _parse_toml(source), "intent", None)
    name = shape.get("name", str)
    description = shape.get("description", str)
    handler = shape.get("handler", str)
    template = shape.get("template", str)
    topics = shape.get("topics", list, [], required=False)
    needs_therapy = shape.get("needs_therapy", bool, False, required=False)
    keywords = shape.get("keywords", list, [], required=False)
    examples = shape.get("examples", list, [])
    question = shape.get("question", str, description, required=False)
    missing = shape.get("missing", str, (description or "").lower(), required=False)
    if shape.ok and handler not in HANDLERS:
        collector.problem(rel, f"unknown handler {handler!r} (one of {', '.join(sorted(HANDLERS))})")
    elif shape.ok and len(examples) < MIN_EXAMPLES:
        collector.problem(
            rel, f"intent {name!r} has {len(examples)} examples; at least {MIN_EXAMPLES} needed"
        )
    if collector.problems:
        return None, tuple(collector.problems)
    intent = Intent(
        name=name,
        description=description,
        handler=handler,
        template=template,
        topics=tuple(topics),
        needs_therapy=needs_therapy,
        keywords=tuple(k.lower() for k in keywords),
        examples=tuple(examples),
        question=question,
        missing=missing,
        file=rel,
    )
    return intent, ()


def _load_templates(reader: _Reader, folder: Path) -> tuple[dict[str, str], str]:
    templates: dict[str, str] = {}
    for path in sorted(folder.glob(f"*{TEMPLATE_SUFFIX}")) if folder.is_dir() else []:
        text = reader.text(path)
        if text is not None:
            templates[path.name.removesuffix(TEMPLATE_SUFFIX)] = text
    notice = reader.text(folder / NOTICE_FILE) or ""
    return templates, notice.strip()


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


def build_snapshot(root: Path) -> Snapshot:
    """Load and validate the three content folders under `root`; raise ContentError if anything is wrong."""
    from bot.render import check_templates  # render depends on the model; import late to avoid a cycle

    root = Path(root)
    reader = _Reader(root)
    if not root.is_dir():
        raise ContentError([Problem(str(root), "content folder not found")])
    seeds = root / "seeds"
    articles = _load_articles(reader, seeds)
    topics = _load_topics(reader, seeds)
    therapies = _load_therapies(reader, seeds)
    facts = _load_facts(reader, seeds, articles)
    intents = _load_intents(reader, root / "intents")
    templates, notice = _load_templates(reader, root / "responses")
    snapshot = Snapshot.create(
        root=root,
        articles=articles,
        facts=facts,
        topics=topics,
        therapies=therapies,
        intents=intents,
        templates=templates,
        notice=notice,
        version=reader.digest.hexdigest()[:12],
    )
    _cross_check(reader, snapshot)
    if not reader.problems:
        reader.problems.extend(check_templates(snapshot))
    if reader.problems:
        raise ContentError(reader.problems)
    return snapshot
