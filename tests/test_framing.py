"""Results with their size and limits, risks never played down, and what the articles did say when
they cannot answer: what `keep_in_mind` adds after the facts, as a family reads it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.loader import ContentError, build_snapshot
from bot.model import Snapshot

TODAY = date(2026, 11, 26)
SIZE = "Nine children and two adults were treated with it: eleven people in all."
LARGER_TRIALS = "more research and larger trials were needed"
FEW_SIDE_EFFECTS = "The articles report only a few side effects, from one small, early trial."
CARE_TEAM_RISKS = "The care team knows the full risks and can explain them."


@pytest.fixture
def engine(snapshot: Snapshot) -> Engine:
    return Engine(snapshot, today=lambda: TODAY)


def after(body: str, first: str, then: str) -> bool:
    return first in body and then in body and body.index(first) < body.index(then)


@pytest.mark.parametrize(
    "question", ["is be-car7 a cure", "does becar7 actually work??", "did 82% reach deep remission"]
)
def test_results_and_cures_come_with_the_trial_size_and_the_articles_limits(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)
    assert reply.therapy == "BE-CAR7"
    assert {"becar7-pn-nine-children-two-adults", "becar7-gnp-larger-trials-needed"} <= set(reply.facts)
    assert after(reply.body, "**Keep in mind**", SIZE) and LARGER_TRIALS in reply.body
    assert {"Positive News", "Good News Paper"} <= {s.publisher for s in reply.sources}


def test_results_for_a_therapy_tried_on_one_patient_say_so(engine: Engine) -> None:
    for therapy, one in (("UCART19", "only one patient, baby Layla"), ("TaNK", "one patient, Joanne Scott")):
        reply = engine.choose("results", therapy)
        assert one in reply.body, therapy


def test_a_results_question_about_every_therapy_gets_one_caveat_each(engine: Engine) -> None:
    reply = engine.ask("does it work?")
    for therapy in ("BE-CAR7", "UCART19", "TaNK"):
        assert f"**Keep in mind ({therapy})**" in reply.body
    assert LARGER_TRIALS not in reply.body  # one line each keeps it short


def test_asking_how_it_works_is_not_a_question_about_results(engine: Engine) -> None:
    assert "Keep in mind" not in engine.ask("how does base editing work in becar7").body


def test_the_82_percent_figure_does_not_read_as_a_cure(snapshot: Snapshot) -> None:
    for fact_id in ("becar7-wnd-82-percent-deep-remission", "becar7-gnp-82-percent-deep-remission"):
        text = snapshot.facts[fact_id].text
        assert "remission" in text and not re.search(r"\bcur(e|ed)\b|return of the disease", text)
    assert "coming back in between" in snapshot.facts["becar7-wnd-82-percent-deep-remission"].text


def test_figures_said_years_on_hold_for_the_earliest_patients(snapshot: Snapshot) -> None:
    assert "The earliest ones had been free of cancer for three years" in (
        snapshot.facts["becar7-gnp-64-percent-disease-free"].text
    )


def test_dropped_hedges_are_restored(snapshot: Snapshot) -> None:
    assert "to try to tackle this hard-to-treat leukaemia" in snapshot.facts["becar7-pn-single-letter"].text
    assert (
        "Good News Paper says" in snapshot.facts["becar7-gnp-no-self-attack"].text
    )  # the weakest source, named
    assert "may have saved" in snapshot.facts["tank-nzh-saved-by-daughter"].text


@pytest.mark.parametrize("question", ["becar7 side effects", "is becar7 safe", "can becar7 cause a rash"])
def test_side_effects_say_how_little_the_articles_report_and_that_the_care_team_knows(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)
    assert "becar7-wnd-side-effects" in reply.facts
    assert after(reply.body, "mild rashes and low blood counts", FEW_SIDE_EFFECTS)
    assert CARE_TEAM_RISKS in reply.body


def test_a_fever_question_gets_the_warning_first_and_nothing_that_sounds_reassuring_alone(
    engine: Engine,
) -> None:
    body = engine.ask("can becar7 cause a fever").body
    assert body.startswith("⚠️ **If someone has a fever")
    assert after(body, "'manageable'", "They do not list every risk.")


def test_the_cells_sparing_healthy_tissue_is_a_claim_said_with_the_side_effects_and_risks(
    engine: Engine,
) -> None:
    reply = engine.ask("could the edited becar7 cells attack healthy tissue")
    assert reply.facts[:2] == ("becar7-gnp-no-self-attack", "becar7-wnd-side-effects")
    assert after(reply.body, "Good News Paper says the method stops", "**Keep in mind**")
    assert after(reply.body, "low blood counts", FEW_SIDE_EFFECTS) and CARE_TEAM_RISKS in reply.body


def test_a_fever_question_is_not_answered_with_the_claim_that_the_cells_spare_the_body(
    engine: Engine,
) -> None:
    assert "becar7-gnp-no-self-attack" not in engine.ask("can it cause a fever").facts


def test_no_side_effects_in_the_articles_is_not_no_side_effects(engine: Engine) -> None:
    reply = engine.ask("tank side effects?")
    assert reply.kind == "not_in_articles" and not reply.facts
    assert after(
        reply.body, "do not say anything about side effects for TaNK", "That does not mean there are none."
    )
    assert CARE_TEAM_RISKS in reply.body


def test_emergencies_and_crises_get_nothing_added(engine: Engine) -> None:
    for question in ("my son has a fever of 40 after the infusion", "i don't want to live anymore"):
        body = engine.ask(question).body
        assert "Keep in mind" not in body and CARE_TEAM_RISKS not in body and "⏳" not in body


def test_can_we_get_it_says_the_articles_do_not_say_then_what_they_did_say_dated(engine: Engine) -> None:
    reply = engine.ask("is becar7 available now")
    assert reply.kind == "not_in_articles" and "becar7-gnp-larger-trials-needed" in reply.facts
    assert after(
        reply.body, "do not say whether, when or where", "What the articles did say about what happens next:"
    )
    assert "(Good News Paper, Dec 2025)" in reply.body
    assert "The articles do not say what has happened since then." in reply.body
    tank = engine.ask("is tank available today")
    assert "14 more leukaemia patients" in tank.body and "This news is from August 2008" in tank.body


def test_without_a_therapy_can_we_get_it_adds_nothing(engine: Engine) -> None:
    reply = engine.ask("is it on the nhs")
    assert reply.kind == "not_in_articles" and not reply.facts


def test_caveat_facts_must_exist_and_be_about_their_therapy(content: Path) -> None:
    path = content / "seeds/therapies.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"becar7-gnp-larger-trials-needed"]', '"tank-nzh-one-patient", "no-such-fact"]'),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as error:
        build_snapshot(content)
    reasons = [p.reason for p in error.value.problems]
    assert "therapy 'BE-CAR7': caveat_facts: 'tank-nzh-one-patient' is a fact about TaNK" in reasons
    assert "therapy 'BE-CAR7': caveat_facts: 'no-such-fact' is no such fact" in reasons


def test_without_the_keep_in_mind_template_the_check_fails(content: Path) -> None:
    (content / "responses/keep_in_mind.md.j2").unlink()
    with pytest.raises(ContentError, match="1 problem"):
        build_snapshot(content)


# Words that are true of some of the therapies only: never said of the three as a group.
NOT_TRUE_OF_EACH = re.compile(
    r"gene-edited|gene edited|\bnew\b|base-edited|donor|children|trial", re.IGNORECASE
)


@pytest.mark.parametrize(
    "template", ["greeting", "help", "thanks", "fallback", "distress", "compare", "clarify", "emergency"]
)
def test_what_is_said_of_the_treatments_as_a_group_is_true_of_each(engine: Engine, template: str) -> None:
    text = engine._brain.renderer.render_checked(template)
    snapshot = engine.snapshot
    summaries = [snapshot.facts[t.summary_fact].text for t in snapshot.therapies.values()]
    lines = [line for line in text.splitlines() if not any(s in line for s in summaries)]
    group = [line for line in lines if re.search(r"BE-CAR7|treatments|therapies|cell therap", line)]
    assert group or template in ("emergency", "thanks", "clarify")
    for line in group:
        assert not NOT_TRUE_OF_EACH.search(line), line
