"""The articles are kept exactly as received: `bot check` compares each with the sha256 that
seeds/sources.toml records for it."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from bot.loader import ContentError, build_snapshot
from bot.model import Snapshot

ARTICLE = "seeds/articles/001_15e00b45859d6dd5.txt"  # positive-news


def problems_for(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        build_snapshot(root)
    return [str(p) for p in caught.value.problems]


def test_every_shipped_article_has_its_sha256_recorded(snapshot: Snapshot) -> None:
    sources = (snapshot.root / "seeds" / "sources.toml").read_text(encoding="utf-8")
    recorded = re.findall(r'^sha256 = "([0-9a-f]{64})"$', sources, re.M)
    actual = [
        hashlib.sha256((snapshot.root / "seeds" / a.file).read_bytes()).hexdigest()
        for a in snapshot.articles.values()
    ]
    assert recorded == actual


@pytest.mark.parametrize(
    "edit",
    [
        lambda raw: raw.replace(b"Alyssa", b"Alissa", 1),  # a word changed
        lambda raw: raw + b"\n",  # only a newline more: still not the file received
        lambda raw: raw.replace(b"\n", b"\r\n"),  # line endings changed by an editor
    ],
    ids=["word", "trailing-newline", "line-endings"],
)
def test_an_edited_article_is_named_with_its_line_in_sources(content: Path, edit) -> None:
    article = content / ARTICLE
    article.write_bytes(edit(article.read_bytes()))
    sources = (content / "seeds/sources.toml").read_text(encoding="utf-8").splitlines()
    line = sources.index('id = "positive-news"') + 1
    found = [p for p in problems_for(content) if "is not the file received" in p]
    assert found == [found[0]] and found[0].startswith(f"seeds/sources.toml:{line}: article 'positive-news'")


def test_a_missing_sha256_is_named_with_the_value_to_record(content: Path) -> None:
    sources = content / "seeds/sources.toml"
    digest = hashlib.sha256((content / ARTICLE).read_bytes()).hexdigest()
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace(f'sha256 = "{digest}"\n', ""), encoding="utf-8")
    assert any(
        f'missing `sha256` (for articles/001_15e00b45859d6dd5.txt as it is now: sha256 = "{digest}")' in p
        for p in problems_for(content)
    )


def test_a_malformed_sha256_is_named(content: Path) -> None:
    sources = content / "seeds/sources.toml"
    digest = hashlib.sha256((content / ARTICLE).read_bytes()).hexdigest()
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace(digest, digest.upper()), encoding="utf-8")
    assert any("`sha256` must be 64 lower-case hex digits" in p for p in problems_for(content))
