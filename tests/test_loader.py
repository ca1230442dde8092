"""The content check: the shipped content passes; each kind of broken content is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.loader import MIN_EXAMPLES, ContentError, build_snapshot
from bot.model import Snapshot
from bot.text import squash_spaces


def problems_for(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        build_snapshot(root)
    return [str(p) for p in caught.value.problems]


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_shipped_content_is_clean_and_large_enough(snapshot: Snapshot) -> None:
    assert snapshot.summary()["articles"] == 5
    assert 80 <= len(snapshot.facts) <= 150
    assert {f.article for f in snapshot.facts.values()} == set(snapshot.articles)
    assert all(len(i.examples) >= MIN_EXAMPLES for i in snapshot.intents.values())


def test_every_quote_is_verbatim_in_its_article(snapshot: Snapshot) -> None:
    for fact in snapshot.facts.values():
        article = squash_spaces(snapshot.articles[fact.article].text)
        assert squash_spaces(fact.quote) in article, fact.id


def test_articles_are_kept_exactly_as_received(snapshot: Snapshot) -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for article in snapshot.articles.values():
        original = shared / Path(article.file).name
        assert original.read_bytes() == (snapshot.root / "seeds" / article.file).read_bytes()


def test_disagreeing_articles_are_both_kept(snapshot: Snapshot) -> None:
    texts = [f.text for f in snapshot.facts.values() if f.topic == "results"]
    assert any("64" in t for t in texts)
    assert any("Seven" in t or "seven" in t for t in texts)


def test_quote_not_in_article_is_named(content: Path) -> None:
    replace(
        content / "seeds/facts/positive-news.toml",
        'quote = "according to recently released research funded by Blood Cancer UK"',
        'quote = "according to recently released research funded by the Moon"',
    )
    found = problems_for(content)
    assert any(
        p.startswith("seeds/facts/positive-news.toml:") and "quote not found verbatim" in p for p in found
    )


def test_number_in_text_missing_from_quote_is_named(content: Path) -> None:
    path = content / "seeds/facts/positive-news.toml"
    replace(
        path,
        'text = "The research was paid for',
        'text = "In 2026 and 2027, 99 studies were paid for',
    )
    problems = [p for p in problems_for(content) if "number(s)" in p]
    assert problems and "99" in problems[0] and "2027" in problems[0]
    assert "2026" not in problems[0]  # the article's own year may date a fact ("In 2026, ...")


@pytest.mark.parametrize(
    ("file", "old", "new", "reason"),
    [
        (
            "seeds/facts/positive-news.toml",
            'topic = "funding"',
            'topic = "astrology"',
            "unknown topic 'astrology'",
        ),
        (
            "seeds/facts/positive-news.toml",
            'therapy = "BE-CAR7"',
            'therapy = "CAR-X"',
            "unknown therapy 'CAR-X'",
        ),
        (
            "seeds/facts/positive-news.toml",
            'article = "positive-news"',
            'article = "daily-moon"',
            "unknown article 'daily-moon'",
        ),
        ("intents/results.toml", 'template = "answer"', 'template = "nope"', "unknown template 'nope'"),
        ("intents/results.toml", 'topics = ["results"', 'topics = ["nope"', "unknown topic 'nope'"),
        (
            "intents/results.toml",
            'handler = "facts"',
            'handler = "magic"',
            "handler: must be one of facts, compare",
        ),
        (
            "intents/results.toml",
            'prefer = ["percent"]',
            'prefer = ["vibes"]',
            "prefer.1: must be one of age, duration, count, percent",
        ),
        (
            "seeds/sources.toml",
            'url = "https://www.positive.news',
            'url = "ftp://www.positive.news',
            "url: must be an http(s) address with a host",
        ),
        (
            "seeds/therapies.toml",
            'summary_fact = "tank-overview"',
            'summary_fact = "tank-nothing"',
            "unknown summary_fact",
        ),
        (
            "seeds/unanswered.toml",
            'near = ["becar7-wnd-qasim-resistant-cases"]',
            'near = ["becar7-nothing"]',
            "unanswered 'becar7-cd7-meaning': near: 'becar7-nothing' is no such fact",
        ),
        (
            "seeds/unanswered.toml",
            'near = ["becar7-wnd-qasim-resistant-cases"]',
            'near = ["tank-overview"]',
            "near: 'tank-overview' is a fact about TaNK",
        ),
        ("seeds/unanswered.toml", 'therapy = "BE-CAR7"', 'therapy = "BE-CAR8"', "unknown therapy 'BE-CAR8'"),
        (
            "seeds/unanswered.toml",
            'id = "becar7-cd7-meaning"',
            "id = 7",
            "unanswered 1: id: must be a string, not a number",
        ),
    ],
)
def test_unknown_references_are_named(content: Path, file: str, old: str, new: str, reason: str) -> None:
    replace(content / file, old, new)
    found = problems_for(content)
    assert any(p.startswith(file) and reason in p for p in found), found


def test_open_questions_are_optional(content: Path) -> None:
    (content / "seeds/unanswered.toml").unlink()
    assert build_snapshot(content).unanswered == {}


def test_duplicate_open_question_is_named(content: Path, snapshot: Snapshot) -> None:
    first, second = list(snapshot.unanswered)[:2]
    replace(content / "seeds/unanswered.toml", f'id = "{second}"', f'id = "{first}"')
    assert any(f"duplicate unanswered id '{first}'" in p for p in problems_for(content))


def test_duplicate_fact_id_is_named(content: Path, snapshot: Snapshot) -> None:
    first, second = list(snapshot.facts)[:2]
    replace(content / snapshot.facts[second].file, f'id = "{second}"', f'id = "{first}"')
    assert any(f"duplicate fact id '{first}'" in p for p in problems_for(content))


def test_intent_with_too_few_examples_is_named(content: Path) -> None:
    path = content / "intents/funding.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("examples = [")
    path.write_text(text[:start] + 'examples = ["who paid", "funding?"]\n', encoding="utf-8")
    found = problems_for(content)
    assert any(
        p.startswith("intents/funding.toml") and "examples: has 2 items; at least 10 needed" in p
        for p in found
    )


def test_duplicate_intent_is_named(content: Path) -> None:
    (content / "intents/funding_copy.toml").write_bytes((content / "intents/funding.toml").read_bytes())
    assert any("duplicate intent name 'funding'" in p for p in problems_for(content))


def test_template_that_does_not_parse_is_named(content: Path) -> None:
    (content / "responses/answer.md.j2").write_text("{% for x in %}", encoding="utf-8")
    assert any(
        p.startswith("responses/answer.md.j2") and "does not parse" in p for p in problems_for(content)
    )


def test_template_that_fails_with_real_facts_is_named(content: Path) -> None:
    (content / "responses/thanks.md.j2").write_text("{{ facts[0].no_such_field }}", encoding="utf-8")
    assert any(
        p.startswith("responses/thanks.md.j2") and "fails to render" in p for p in problems_for(content)
    )


def test_template_cannot_reach_python_internals(content: Path) -> None:
    (content / "responses/thanks.md.j2").write_text("{{ ''.__class__.__mro__ }}", encoding="utf-8")
    assert any(p.startswith("responses/thanks.md.j2") for p in problems_for(content))


def test_missing_notice_is_named(content: Path) -> None:
    (content / "responses/notice.md").unlink()
    assert any("responses/notice.md" in p for p in problems_for(content))


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"\xff\xfe not utf-8 \x80", "not UTF-8"),
        (b"   \n", "file is empty"),
        (b"name = [unclosed", "not valid TOML"),
        (b'name = "x"\n', "intent x: description: missing"),
    ],
)
def test_bad_files_are_named_without_traceback(content: Path, payload: bytes, reason: str) -> None:
    (content / "intents/funding.toml").write_bytes(payload)
    found = problems_for(content)
    assert any(p.startswith("intents/funding.toml") and reason in p for p in found), found


def test_oversized_file_is_named(content: Path) -> None:
    path = content / "intents/funding.toml"
    path.write_bytes(path.read_bytes() + b"#" * (5 * 1024 * 1024))
    assert any(p.startswith("intents/funding.toml") and "over the" in p for p in problems_for(content))


def test_wrong_shape_is_named(content: Path) -> None:
    replace(content / "intents/funding.toml", "needs_therapy = true", 'needs_therapy = "maybe"')
    assert any(
        "intent funding: needs_therapy: must be true or false, not a string" in p
        for p in problems_for(content)
    )


def test_toml_error_names_the_line(content: Path) -> None:
    path = content / "seeds/topics.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n[[topic]\n", encoding="utf-8")
    found = problems_for(content)
    assert any(p.startswith("seeds/topics.toml:") and "not valid TOML" in p for p in found)


def test_missing_content_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    assert problems_for(tmp_path / "nowhere")
