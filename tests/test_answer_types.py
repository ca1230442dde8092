"""What kind of answer a question wants, and which facts carry it."""

from __future__ import annotations

from typing import get_args

import pytest

from bot.answer_types import KINDS, carried, wanted
from bot.schema import AnswerKind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("how old was the kiwi mum", "age"),
        ("where was joanne treated", "hospital"),
        ("when did alyssa get it", "when"),
        ("how many children were in the trial", "count"),
        ("how long had she been given to live", "duration"),
        ("who came up with tank", "person"),
        ("what percentage stayed well", "percent"),
        ("what did the kiwi mum do for a living", "job"),
        ("what does the teen want to be when she grows up", "job"),
        ("was alyssa 15 when she had it or am i mixing it up", "age"),
        ("was it 80% that got better?", "percent"),
        ("i thought i read fourteen children got the cells", "count"),
    ],
)
def test_a_question_wants_its_kind_of_answer(question: str, kind: str) -> None:
    assert kind in wanted(question)


def test_a_duration_or_an_age_is_not_also_a_count() -> None:
    assert "count" not in wanted("how many months did doctors give her")
    assert "count" not in wanted("how old was she, how many years")


def test_facts_carry_kinds_read_from_their_own_words() -> None:
    assert "age" in carried("Positive News reports that Alyssa was 13.", "Alyssa, a 13-year-old girl")
    assert "place" in carried("They were treated at Great Ormond Street Hospital.", "at the hospital")
    assert "when" in carried("She was treated in 2022.", "in 2022")
    assert "age" not in carried("The cells were infused.", "the cells were infused")
    assert "job" in carried("Joanne is a fashion designer.", "the designer")
    assert "job" not in carried("The cells were infused.", "the cells were infused")


def test_the_publisher_named_in_reports_that_is_not_a_person_or_place() -> None:
    kinds = carried("The New Zealand Herald reports that the cells multiplied.", "the cells multiplied")
    assert "place" not in kinds and "person" not in kinds


def test_an_intent_may_prefer_exactly_the_kinds_a_fact_can_carry() -> None:
    assert get_args(AnswerKind) == KINDS


@pytest.mark.parametrize(
    "question",
    [
        "how's the wee one from the scissors story getting on?",
        "is the one-year-old from the molecular scissors story doing ok?",
        "is the mum from auckland clear of the cancer",
        "did the kiwi lady pull through?",
        "how is the little girl who had the donor cells in london getting on?",
        "what happened to the baby after the scissors cells?",
        "what has happened to her since she left hospital",
        "did the american version of the tank treatment for ovarian cancer work?",
    ],
)
def test_how_someone_is_doing_wants_an_outcome(question: str) -> None:
    assert "outcome" in wanted(question)


@pytest.mark.parametrize(
    "question",
    [
        "were grown-ups in the trial as well?",
        "they say the medicine is alive?? what is that about",
        "is it ok for kids",
        "how does ucart19 work?",
        "what did the kiwi lady do for work",
        "what evidence did the doctors have that it might work",
        "what happened to the cells in the week after they went in?",
        "where does professor qasim work these days?",
        "who does the daughter work for",
        "what happened to the patients whose cancer came back later?",
    ],
)
def test_a_word_of_wellbeing_in_another_sense_wants_no_outcome(question: str) -> None:
    assert "outcome" not in wanted(question)


@pytest.mark.parametrize(
    "question, wants_method",
    [
        ("how do they actually make the tank cells?", True),
        ("how were the baby's cells changed in the lab?", True),
        ("how did the scientists engineer them", True),
        ("how did they turn out in the end?", False),
        ("how did the cells get on in the lab?", False),
    ],
)
def test_how_the_cells_were_made_wants_a_method(question: str, wants_method: bool) -> None:
    assert ("method" in wanted(question)) is wants_method


@pytest.mark.parametrize(
    "question",
    [
        "how did the 14 extra leukaemia patients at the royal free get on?",
        "what happened with the 14 other patients?",
        "how did it pan out in the end?",
        "did those bigger ucart19 studies ever begin?",
        "have the planned us trials actually taken place",
    ],
)
def test_how_a_plan_turned_out_wants_what_happened_later(question: str) -> None:
    assert "later" in wanted(question)


@pytest.mark.parametrize(
    "question, kind",
    [
        ("where was the mum from auckland treated?", "hospital"),
        ("which hospital treated the baby?", "hospital"),
        ("where did the designer move to when she was young?", "place"),
        ("where is joanne from", "place"),
    ],
)
def test_where_the_treatment_was_given_wants_a_hospital_not_any_place(question: str, kind: str) -> None:
    assert kind in wanted(question) and ({"hospital", "place"} - {kind}).isdisjoint(wanted(question))


@pytest.mark.parametrize(
    "question, wants_disease",
    [
        ("which leukaemia did the new zealand lady have?", True),
        ("becar7 for which cancer", True),
        ("what lukemia was it", True),
        ("which cancer charity paid for it?", False),
        ("what cancer drugs did she have before?", False),
    ],
)
def test_which_illness_wants_a_disease(question: str, wants_disease: bool) -> None:
    assert ("disease" in wanted(question)) is wants_disease
