"""Old news said as old news: each fact cited with its month, the news's age on the real clock
(fixed in tests), present-tense questions told that the articles stop at their date, and `bot check`
warning about present-tense wording in old news."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest

from bot.dating import (
    age_text,
    asks_about_now,
    asks_about_today,
    citation,
    is_old,
    present_tense_warnings,
    short_date,
    undated_present,
    years_since,
)
from bot.engine import Engine
from bot.loader import build_snapshot
from bot.model import Article, Snapshot
from tests.test_cli import cli

TODAY = date(2026, 11, 26)


def article(day: str, precision: str = "day", publisher: str = "The Paper") -> Article:
    return Article(
        id="a",
        file="a.txt",
        therapy="TaNK",
        title="Title",
        publisher=publisher,
        date=day,
        url="https://x.example",
        text="text",
        date_precision=precision,
    )


@pytest.fixture
def engine(snapshot: Snapshot) -> Engine:
    return Engine(snapshot, today=lambda: TODAY)


@pytest.mark.parametrize(
    ("precision", "shown"), [("day", "Aug 2008"), ("month", "Aug 2008"), ("approximate", "around Aug 2008")]
)
def test_a_fact_is_cited_with_publisher_and_month(precision: str, shown: str) -> None:
    assert short_date(article("2008-08-21", precision)) == shown
    assert citation(article("2008-08-21", precision, "NZ Herald")) == f"NZ Herald, {shown}"


@pytest.mark.parametrize(
    ("today", "years", "old"),
    [
        (date(2026, 1, 30), 0, False),  # the day before it came out: never negative
        (date(2026, 1, 31), 0, False),
        (date(2027, 1, 30), 0, False),
        (date(2027, 1, 31), 1, True),  # a year old on its first anniversary
        (date(2036, 2, 1), 10, True),
    ],
)
def test_news_is_old_from_its_first_anniversary(today: date, years: int, old: bool) -> None:
    news = article("2026-01-31")
    assert years_since(news, today) == years and is_old(news, today) is old


def test_a_leap_day_article_ages_on_the_first_of_march() -> None:
    news = article("2024-02-29")
    assert not is_old(news, date(2025, 2, 28)) and is_old(news, date(2025, 3, 1))


@pytest.mark.parametrize(("years", "text"), [(0, ""), (1, "a year ago"), (18, "18 years ago")])
def test_age_is_said_in_words(years: int, text: str) -> None:
    assert age_text(years) == text


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Joanne Scott is now in complete remission.", ["now"]),
        ("Seven are still free of the disease.", ["still"]),
        ("Doctors will treat 14 more patients.", ["will"]),
        ("In 2008, Joanne was 'now in complete remission'.", []),
        ("At the time, seven were still free of the disease.", []),
        ("When the article came out, Alyssa was 16.", []),
        ("In January 2026, Alyssa was 16.", []),
        ("NK cells are a type of immune cell that kill tumours.", []),
    ],
)
def test_present_tense_that_drifts_is_found_unless_the_text_says_when(text: str, found: list[str]) -> None:
    assert undated_present(text) == found


@pytest.mark.parametrize(
    "question",
    [
        "is layla still alive",
        "is tank still being used",
        "how old is alyssa now",
        "is it used today",
        "is becar7 available",
        "how is she doing",
        "is joanne in remission",
        "any update on the baby?",
    ],
)
def test_questions_about_the_present_are_recognised(question: str) -> None:
    assert asks_about_now(question)


@pytest.mark.parametrize(
    "question", ["what is tank", "who was the first patient", "how does be-car7 work", "who paid for it"]
)
def test_other_questions_are_not_about_the_present(question: str) -> None:
    assert not asks_about_now(question)


def test_every_fact_in_an_answer_is_cited_with_its_article_and_month(engine: Engine) -> None:
    reply = engine.ask("who was the first patient?")
    assert reply.facts
    for fact_id in reply.facts:
        fact = engine.snapshot.facts[fact_id]
        cited = citation(engine.snapshot.articles[fact.article])
        assert f"({cited})" in reply.body, fact_id


@pytest.mark.parametrize(
    ("question", "fact", "dated"),
    [
        (
            "is layla still alive",
            "ucart19-nt-layla-cancer-free",
            "This news is from around 5 November 2015, 11 years ago.",
        ),
        (
            "is tank still being used",
            "tank-nzh-complete-remission",
            "This news is from August 2008, 18 years ago.",
        ),
    ],
)
def test_old_news_asked_about_today_is_dated_and_says_the_articles_stop_there(
    engine: Engine, question: str, fact: str, dated: str
) -> None:
    reply = engine.ask(question)
    assert fact in reply.facts and dated in reply.body
    assert "The articles do not say what has happened since then." in reply.body
    assert reply.body.index(dated) > reply.body.index(engine.snapshot.facts[fact].text)


def test_recent_news_asked_about_today_says_when_it_was_published(engine: Engine) -> None:
    reply = engine.ask("how old is alyssa now")
    assert "In January 2026, Alyssa was 16 years old." in reply.body
    assert (
        "These articles are from January 2026. The articles do not say what has happened since then."
        in reply.body
    )
    assert "⏳" not in reply.body  # under a year old


def test_the_same_question_a_year_later_dates_the_news(snapshot: Snapshot) -> None:
    later = Engine(snapshot, today=lambda: date(2027, 6, 1)).ask("how old is alyssa now")
    assert "⏳ Some of this news is old: Washington News Day, 22 January 2026 (a year ago);" in later.body
    assert "These articles are from" not in later.body


def test_old_news_is_dated_even_when_not_asked_about_today(engine: Engine) -> None:
    reply = engine.ask("who was the first patient to get tank?")
    assert "(The New Zealand Herald, Aug 2008)" in reply.body
    assert "This news is from August 2008, 18 years ago." in reply.body
    assert "what has happened since" not in reply.body


@pytest.mark.parametrize("template", ["answer", "keep_in_mind", "compare", "clarify", "care_team"])
def test_nothing_above_or_around_the_facts_calls_them_current(snapshot: Snapshot, template: str) -> None:
    for topic in snapshot.topics.values():  # the headings of answers
        assert not undated_present(topic.label), topic.name
    words = re.sub(r"{[{%#].*?[}%#]}", " ", snapshot.templates[template], flags=re.DOTALL)
    assert not re.search(r"\b(now|today|currently|at present)\b", words, re.IGNORECASE)


def test_shipped_facts_say_when_even_once_every_article_is_old(snapshot: Snapshot) -> None:
    assert present_tense_warnings(snapshot, date(2040, 1, 1)) == []


def test_present_tense_in_old_news_is_a_warning_naming_file_line_and_fact(content: Path) -> None:
    path = content / "seeds/facts/nz-herald.toml"
    text = path.read_text(encoding="utf-8")
    old = "In 2008, Joanne was 'now in complete remission' (no sign of cancer)."
    assert old in text
    path.write_text(text.replace(old, "Joanne Scott is still in complete remission now."), encoding="utf-8")
    snapshot = build_snapshot(content)
    [warning] = present_tense_warnings(snapshot, TODAY)
    fact = snapshot.facts["tank-nzh-complete-remission"]
    assert warning.startswith(f"seeds/facts/nz-herald.toml:{fact.line}: fact 'tank-nzh-complete-remission'")
    assert "'now', 'still'" in warning and "Aug 2008" in warning and "18 years ago" in warning
    young = dataclasses.replace(snapshot.articles["nz-herald"], date="2026-09-01")
    fresh = dataclasses.replace(snapshot, articles={**snapshot.articles, "nz-herald": young})
    assert present_tense_warnings(fresh, TODAY) == []  # recent news may say "now"
    done = cli("check", "--content", str(content))
    assert done.returncode == 0 and "warning: seeds/facts/nz-herald.toml" in done.stdout


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("is joanne scott still alive today?", True),
        ("did layla's leukaemia ever come back later on?", True),
        ("what happened to baby layla in the years after 2015?", True),
        ("is she still cancer free now, like years and years later", True),
        ("how many of the eleven were still disease-free three years on?", False),  # a time the articles give
        ("i try to keep up, but the words these days! what is a consultant immunologist?", False),
        ("how is layla doing?", False),
    ],
)
def test_a_question_about_today_is_told_from_one_that_is_not(question: str, asks: bool) -> None:
    assert asks_about_today(question) is asks


def test_today_asked_of_news_years_old_is_a_gap_with_what_it_said_then(engine: Engine) -> None:
    reply = engine.ask("Is baby Layla still in remission today, years after the treatment?")
    assert reply.kind == "not_in_articles" and "how things are today" in reply.text
    assert "ucart19-nt-layla-cancer-free" in reply.facts and "2015" in reply.text


def test_today_asked_of_recent_news_is_answered_with_its_date(engine: Engine) -> None:
    reply = engine.ask("how is alyssa getting on these days?")
    assert reply.kind == "answer" and reply.therapy == "BE-CAR7"


def test_the_same_question_becomes_a_gap_once_the_news_is_years_old(snapshot: Snapshot) -> None:
    later = Engine(snapshot, today=lambda: date(2030, 6, 1)).ask("how is alyssa getting on these days?")
    assert later.kind == "not_in_articles" and "how things are today" in later.text
