"""The honest-gap detectors, read through the engine's own reader (its Brain)."""

from __future__ import annotations

import pytest

from bot.engine import Brain
from bot.gaps import MONEY, unanswered_kind, unsaid_availability, unsaid_deaths, unsaid_origin
from bot.model import Snapshot
from bot.retrieval import Hit, content_words
from bot.text import clean


@pytest.fixture(scope="module")
def brain(snapshot: Snapshot) -> Brain:
    return Brain(snapshot)


def _hits(brain: Brain, question: str, therapy: str) -> tuple[Hit, ...]:
    return tuple(brain.index.search(content_words(question), (therapy,)))


@pytest.mark.parametrize(
    "question, therapy, missing",
    [
        ("what percentage of be-car7 patients got a rash?", "BE-CAR7", "what percentage that was"),
        (
            "how many days did joanne scott stay in hospital after the tank cells?",
            "TaNK",
            "how long that was",
        ),
        ("which company makes ucart19?", "UCART19", "which company"),
    ],
)
def test_a_kind_of_answer_no_close_fact_carries_is_named(
    brain: Brain, question: str, therapy: str, missing: str
) -> None:
    cleaned = clean(question)
    assert unanswered_kind(brain, cleaned, _hits(brain, cleaned, therapy), 0) == missing


@pytest.mark.parametrize(
    "question, therapy",
    [
        ("how old was alyssa when she was treated?", "BE-CAR7"),
        ("how long has alyssa been cancer free?", "BE-CAR7"),
        ("what percent of people in the be-car7 trial were disease-free?", "BE-CAR7"),
    ],
)
def test_a_kind_of_answer_a_close_fact_carries_is_no_gap(brain: Brain, question: str, therapy: str) -> None:
    cleaned = clean(question)
    assert unanswered_kind(brain, cleaned, _hits(brain, cleaned, therapy), 0) == ""


def test_a_place_of_treatment_is_read_from_where_it_is_given_not_where_someone_lives(brain: Brain) -> None:
    asked = clean("can you get tank treatment in new zealand?")
    assert unsaid_availability(brain, asked, _hits(brain, asked, "TaNK"))
    in_london = clean("is be-car7 given in london?")
    assert not unsaid_availability(brain, in_london, _hits(brain, in_london, "BE-CAR7"))


def test_special_permission_and_a_price_are_not_availability_questions(brain: Brain) -> None:
    permission = clean("did ucart19 need special permission or was it approved normally?")
    assert not unsaid_availability(brain, permission, _hits(brain, permission, "UCART19"))
    assert MONEY.search(clean("how much does be-car7 cost on the nhs?"))


def test_deaths_asked_about_a_study_no_close_fact_speaks_of(brain: Brain) -> None:
    asked = clean("did any of the be-car7 patients die?")
    assert unsaid_deaths(brain, asked, _hits(brain, asked, "BE-CAR7")) == "whether any of the patients died"


@pytest.mark.parametrize(
    "question, missing",
    [
        ("who invented crispr in the first place?", "who first invented crispr"),
        ("who discovered natural killer cells", "who first discovered natural killer cells"),
        ("who came up with the tank technique?", ""),  # a treatment by name: Mark Lowdell
        ("who came up with the natural killer cell treatment?", ""),  # ... or by nickname
        ("who invented this new treatment?", ""),  # which one is the question
        ("who developed it?", ""),
    ],
)
def test_who_first_found_a_tool_or_a_cell_is_not_who_devised_a_treatment(
    brain: Brain, question: str, missing: str
) -> None:
    assert unsaid_origin(brain, clean(question)) == missing
