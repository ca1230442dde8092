"""The content checks that keep the facts honest: dated where their tense depends on it, one fact
per quote, and every kind of question a therapy has facts for answered with a fact a family would
recognise as the answer."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.dating import is_old, undated_present
from bot.engine import Engine
from bot.loader import squash_spaces
from bot.model import THERAPY_GENERAL, Snapshot

# kind of question -> therapy -> facts, any one of which a family would take as the answer
# (answered as a "More on <therapy>" button asks it: no question words to rank by).
ANSWERS: dict[str, dict[str, set[str]]] = {
    "what_is": {"BE-CAR7": {"becar7-overview"}, "UCART19": {"ucart19-overview"}, "TaNK": {"tank-overview"}},
    "how_it_works": {
        "BE-CAR7": {"becar7-gnp-base-editing", "becar7-pn-edits-donor-tcells", "becar7-wnd-advanced-car-t"},
        "UCART19": {"ucart19-nt-adds-genes-to-donor-tcells", "ucart19-nt-genes-cut"},
        "TaNK": {"tank-nzh-how-used", "tank-nzh-nk-cells"},
    },
    "disease": {
        "BE-CAR7": {"becar7-pn-t-cell-leukaemia", "becar7-wnd-t-all"},
        "UCART19": {"ucart19-nt-relapsed-all"},
        "TaNK": {"tank-nzh-disease"},
    },
    "background": {
        "BE-CAR7": {"becar7-pn-chiesa-20-percent", "becar7-wnd-no-chance"},
        "UCART19": {"ucart19-nt-not-enough-own-tcells"},
        "TaNK": {"tank-nzh-some-tumours-resist"},
    },
    "developers": {
        "BE-CAR7": {"becar7-gnp-developers", "becar7-pn-developers", "becar7-wnd-developers"},
        "UCART19": {"ucart19-nt-developers"},
        "TaNK": {"tank-nzh-lowdell-devised"},
    },
    "location": {
        "BE-CAR7": {"becar7-pn-hospitals"},
        "UCART19": {"ucart19-nt-great-ormond-street"},
        "TaNK": {"tank-nzh-royal-free"},
    },
    "first_patient": {
        "BE-CAR7": {"becar7-pn-first-patient", "becar7-gnp-first-alyssa-2022"},
        "UCART19": {"ucart19-nt-only-tested-in-labs"},
        "TaNK": {"tank-nzh-first-patient"},
    },
    "patient_age": {
        "BE-CAR7": {"becar7-pn-alyssa-age-13", "becar7-wnd-alyssa-age-13"},
        "UCART19": {"ucart19-nt-layla-age"},
        "TaNK": {"tank-nzh-joanne-age"},
    },
    "patient_outcome": {
        "BE-CAR7": {"becar7-pn-alyssa-cancer-free", "becar7-wnd-alyssa-full-life"},
        "UCART19": {"ucart19-nt-layla-cancer-free"},
        "TaNK": {"tank-nzh-complete-remission"},
    },
    "patient_story": {
        "BE-CAR7": {"becar7-pn-alyssa-standard-failed", "becar7-wnd-alyssa-conventional-failed"},
        "UCART19": {"ucart19-nt-layla-chemo-failed"},
        "TaNK": {"tank-nzh-eight-months", "tank-nzh-saved-by-daughter"},
    },
    "results": {  # a single patient's outcome is that therapy's result
        "BE-CAR7": {"becar7-wnd-two-thirds", "becar7-gnp-82-percent-deep-remission"},
        "UCART19": {"ucart19-nt-layla-cancer-free"},
        "TaNK": {"tank-nzh-complete-remission"},
    },
    "trial_size": {
        "BE-CAR7": {"becar7-pn-nine-children-two-adults", "becar7-wnd-trial-size"},
        "UCART19": {"ucart19-nt-one-patient"},
        "TaNK": {"tank-nzh-one-patient"},
    },
    "side_effects": {"BE-CAR7": {"becar7-wnd-side-effects"}},
    "donors": {
        "BE-CAR7": {"becar7-pn-healthy-donor", "becar7-wnd-off-the-shelf"},
        "UCART19": {"ucart19-nt-donor-tcells"},
        "TaNK": {"tank-nzh-cells-from-daughter"},
    },
    "people": {
        "BE-CAR7": {"becar7-gnp-qasim-led", "becar7-wnd-qasim-role"},
        "UCART19": {"ucart19-nt-qasim-role"},
        "TaNK": {"tank-nzh-lowdell-role"},
    },
    "funding": {"BE-CAR7": {"becar7-pn-blood-cancer-uk"}},
    "publication": {"BE-CAR7": {"becar7-gnp-nejm", "becar7-wnd-nejm-ash"}},
    "next_steps": {
        "BE-CAR7": {"becar7-gnp-larger-trials-needed", "becar7-gnp-other-cancers"},
        "UCART19": {"ucart19-nt-trials-2016"},
        "TaNK": {"tank-nzh-more-patients-next"},
    },
}


# Medical words, and how a fact that uses one explains it (a fact may be the whole reply).
GLOSSES = {
    r"\bremissions?\b": r"no sign|low levels|hardly be found|very low|so low",
    r"\bpalliative\b": r"comfort",
    r"\bimmunologist\b": r"immune system",
    r"\binfusion\b": r"drip",
    r"\bCRISPR\b": r"edit(ing)? genes",
    r"\brelapsed\b": r"come back",
    r"\bstem cell transplant\b": r"blood-making",
    r"\bbone marrow transplant\b(?! consultant)": r"blood-making",
    r"\bchemo(therapy)?\b": r"cancer drugs",
    r"\btumours?\b(?!-activated)": r"cancer growths",
    r"\bgene therapy\b": r"changes genes|teaches them",
    r"\baggressive\b": r"fast-growing|grows fast",
    r"\b(lymphoblastic|myeloid) leukaemia\b": r"blood cancer",
    r"\bNK\b": r"natural killer|NK cells are|immune cell",
    r"\bT-ALL\b": r"T-cell acute lymphoblastic leukaemia|leukaemia of the T-cells|T-ALL is",
    r"\bconsultant\b": r"senior doctor",
}


def test_a_fact_explains_every_medical_word_it_uses(snapshot: Snapshot) -> None:
    unexplained = [
        f"{fact.id}: {word}"
        for fact in snapshot.facts.values()
        for word, gloss in GLOSSES.items()
        if re.search(word, fact.text) and not re.search(gloss, fact.text, re.IGNORECASE)
    ]
    assert unexplained == []


def answered(snapshot: Snapshot) -> set[tuple[str, str]]:
    """(kind of question, therapy) for every therapy with facts on a topic that kind answers."""
    pairs = set()
    for intent in snapshot.intents.values():
        if intent.handler != "facts":
            continue
        for fact in snapshot.facts.values():
            if fact.topic in intent.topics and fact.therapy != THERAPY_GENERAL:
                pairs.add((intent.name, fact.therapy))
    return pairs


def test_every_fact_is_dated_or_from_news_under_a_year_old(snapshot: Snapshot) -> None:
    today = date.today()
    for fact in snapshot.facts.values():
        if is_old(snapshot.articles[fact.article], today):
            assert undated_present(fact.text) == [], fact.id


def test_no_two_facts_share_a_quote(snapshot: Snapshot) -> None:
    seen: dict[str, str] = {}
    for fact in snapshot.facts.values():
        quote = squash_spaces(fact.quote)
        assert quote not in seen, f"{fact.id} and {seen.get(quote)} share a quote"
        seen[quote] = fact.id


def test_the_table_covers_every_topic_a_therapy_has_facts_for(snapshot: Snapshot) -> None:
    table = {(intent, therapy) for intent, answers in ANSWERS.items() for therapy in answers}
    assert table == answered(snapshot)


@pytest.mark.parametrize(
    ("intent", "therapy"), sorted((i, t) for i, answers in ANSWERS.items() for t in answers)
)
def test_each_topic_answers_with_a_fact_a_family_would_recognise(
    snapshot: Snapshot, intent: str, therapy: str
) -> None:
    reply = Engine(snapshot).choose(intent, therapy, f"{intent}-{therapy}")
    assert reply.kind == "answer" and set(reply.facts) & ANSWERS[intent][therapy], reply.facts


def test_the_first_ucart19_patient_is_named(snapshot: Snapshot) -> None:
    assert "Layla" in Engine(snapshot).choose("first_patient", "UCART19").body


@pytest.mark.parametrize(("therapy", "patient"), [("UCART19", "Layla"), ("TaNK", "Joanne Scott")])
def test_how_many_patients_says_one_where_one_was_treated(
    snapshot: Snapshot, therapy: str, patient: str
) -> None:
    body = Engine(snapshot).choose("trial_size", therapy).body
    assert "one patient" in body and patient in body and "do not say" not in body
