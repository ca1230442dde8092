"""The answer engine as a family meets it: every reply kind, safety first, follow-ups, citations."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.loader import build_snapshot
from bot.memory import ConversationMemory
from bot.model import Snapshot


def urls_of(engine: Engine, reply) -> set[str]:
    return {engine.snapshot.articles[engine.snapshot.facts[f].article].url for f in reply.facts}


def test_answer_cites_every_article_it_used_and_carries_the_notice(engine: Engine) -> None:
    reply = engine.ask("does becar7 actually work??")
    assert reply.kind == "answer" and reply.intent == "results" and reply.therapy == "BE-CAR7"
    assert reply.facts
    for url in urls_of(engine, reply):
        assert url in reply.text
    assert {s.url for s in reply.sources} == urls_of(engine, reply)
    assert reply.notice in reply.text


def test_every_stated_fact_is_a_checked_fact(engine: Engine, snapshot: Snapshot) -> None:
    reply = engine.ask("how old was alyssa")
    for fact_id in reply.facts:
        assert snapshot.facts[fact_id].text.replace("'", "") in reply.text.replace("\\", "").replace("'", "")


def test_disagreeing_articles_are_both_shown_attributed(engine: Engine) -> None:
    reply = engine.ask("how many becar7 patients are still free of the disease")
    publishers = {s.publisher for s in reply.sources}
    assert len(publishers) >= 2
    for publisher in publishers:  # each claim is cited after it: "(Positive News, Jan 2026)"
        assert f"({publisher}, " in reply.body


@pytest.mark.parametrize(
    "question", ["who was the first patient?", "Who was the very first person to be given it?"]
)
def test_question_fitting_several_therapies_answers_each_in_a_line(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert reply.kind == "answer" and reply.therapy is None
    assert {"becar7-pn-first-patient", "tank-nzh-first-patient"} <= set(reply.facts)
    assert len(reply.facts) == 3
    assert [c.therapy for c in reply.choices] == ["BE-CAR7", "UCART19", "TaNK"]
    assert reply.notice in reply.text


def test_clarify_then_naming_the_therapy_answers_the_question(engine: Engine) -> None:
    engine.ask("who was the first patient?", "c")
    reply = engine.ask("tank", "c")
    assert reply.kind == "answer" and reply.intent == "first_patient" and "Joanne" in reply.text


def test_button_choice_answers_for_that_therapy(engine: Engine) -> None:
    reply = engine.choose("first_patient", "BE-CAR7", "c")
    assert reply.kind == "answer" and "Alyssa" in reply.text


def test_follow_ups_carry_therapy_and_subject(engine: Engine) -> None:
    assert engine.ask("tell me about BE-CAR7", "c").therapy == "BE-CAR7"
    first = engine.ask("who was the first patient?", "c")
    assert first.kind == "answer" and "Alyssa" in first.text
    age = engine.ask("how old was she?", "c")
    assert age.kind == "answer" and "13" in age.text
    switched = engine.ask("what about ucart19?", "c")
    assert switched.therapy == "UCART19" and switched.intent == "patient_age"


def test_context_expires_after_idle_time(snapshot: Snapshot) -> None:
    now = [0.0]
    engine = Engine(snapshot, ConversationMemory(idle_seconds=900, clock=lambda: now[0]))
    engine.ask("tell me about tank cells", "c")
    now[0] += 901
    assert engine.ask("who was the first patient?", "c").therapy is None  # every therapy again


def test_memory_is_bounded() -> None:
    memory = ConversationMemory(max_conversations=3)
    from bot.memory import Context

    for n in range(10):
        memory.put(str(n), Context("TaNK", "what_is"))
    assert len(memory) == 3 and memory.get("0") == Context() and memory.get("9").therapy == "TaNK"


@pytest.mark.parametrize(
    "question",
    ["what's the weather like tomorrow", "asdfghjkl qwerty", "who won the football", "what is diabetes"],
)
def test_out_of_scope_is_an_honest_fallback(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert reply.kind == "fallback" and not reply.facts
    assert "could not find" in reply.text and reply.notice in reply.text


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("how much does becar7 cost", "costs"),
        ("is it on the nhs", "get the treatment"),
        ("tank side effects?", "side effects for TaNK"),
    ],
)
def test_in_scope_but_not_in_articles_says_so(engine: Engine, question: str, missing: str) -> None:
    reply = engine.ask(question)
    assert reply.kind == "not_in_articles" and not reply.facts
    assert "do not say" in reply.text and missing in reply.text


@pytest.mark.parametrize(
    ("question", "missing", "said"),
    [
        (
            "did the baby need a bone marrow transplant after her cells?",
            "whether Layla had a bone marrow transplant after UCART19",
            "ucart19-nt-layla-cancer-free",
        ),
        (
            "how long do kids stay in hospital for the base editing treatment?",
            "how long patients stay in hospital for BE-CAR7",
            "becar7-pn-hospitals",
        ),
        (
            "is joanne scott still alive today?",
            "whether she is still alive",
            "tank-nzh-complete-remission",
        ),
    ],
)
def test_a_question_the_articles_leave_open_says_so_and_what_they_do_say(
    engine: Engine, question: str, missing: str, said: str
) -> None:
    reply = engine.ask(question)
    assert reply.kind == "not_in_articles" and missing in reply.text
    assert reply.facts == (said,) and "What they did say" in reply.text and reply.sources


@pytest.mark.parametrize("question", ["should my son get becar7?", "alyssa tapley", "what did the baby have"])
def test_an_everyday_word_or_a_name_shared_with_an_open_question_is_no_match(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)
    assert "do not say" not in reply.text


def test_an_open_question_added_by_a_moderator_is_heard_after_a_reload(content: Path) -> None:
    engine = Engine(build_snapshot(content))
    question = "which football team does alyssa support?"
    assert "do not say" not in engine.ask(question).text
    with (content / "seeds/unanswered.toml").open("a", encoding="utf-8") as file:
        file.write(
            '\n[[unanswered]]\nid = "becar7-alyssa-football"\ntherapy = "BE-CAR7"\n'
            'missing = "which football team Alyssa supports"\n'
            'asks = ["what football team does alyssa support", "is alyssa a football fan", "which club does alyssa follow"]\n'
        )
    engine.use(build_snapshot(content, previous=engine.snapshot))
    reply = engine.ask(question)
    assert reply.kind == "not_in_articles" and "which football team Alyssa supports" in reply.text
    facts = content / "seeds/facts/positive-news.toml"  # another file edited: read again as it was
    facts.write_text(facts.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    engine.use(build_snapshot(content, previous=engine.snapshot))
    assert "which football team Alyssa supports" in engine.ask(question).text


@pytest.mark.parametrize(
    "question",
    [
        "my son can't breathe after the infusion",
        "she is having a seizure",
        "he's unconscious and won't wake up",
        "high fever of 40 after the cells",
    ],
)
def test_emergency_gets_emergency_numbers_first_and_no_facts(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert reply.kind == "safety" and not reply.facts and not reply.sources
    assert reply.text.index("999") < 200 and "112" in reply.text and "911" in reply.text


@pytest.mark.parametrize(
    "question", ["i don't want to live anymore", "thinking about killing myself", "i keep self harming"]
)
def test_crisis_gets_crisis_lines_and_kindness(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert reply.kind == "safety" and "116 123" in reply.text and "988" in reply.text and not reply.facts


@pytest.mark.parametrize(
    "question",
    ["should my son get becar7?", "can my daughter have tank cells", "what dose of ucart19 would she need"],
)
def test_treatment_decision_puts_the_care_team_first(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert reply.kind == "safety"
    assert reply.text.startswith("💬 **Only your care team can say")
    for source in reply.sources:
        assert source.url in reply.text


def test_asking_about_side_effects_is_not_an_emergency(engine: Engine) -> None:
    assert engine.ask("does becar7 cause a high fever?").kind != "safety"


def test_safety_wins_over_matching_even_mid_conversation(engine: Engine) -> None:
    engine.ask("what is becar7", "c")
    assert engine.ask("she's not breathing properly", "c").kind == "safety"


@pytest.mark.parametrize(
    "question",
    [
        "ＷＨＡＴ ＩＳ ＢＥ-ＣＡＲ7",
        "what is be\u200bcar7",
        "what is bе-саr7",
        "<@123456> what is becar7",
        "@everyone what is BE CAR 7",
    ],
)
def test_lookalikes_zero_width_and_mentions_are_normalised(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert reply.therapy == "BE-CAR7" and reply.intent == "what_is"


def test_ten_megabyte_message_is_cut_not_choked_on(engine: Engine) -> None:
    reply = engine.ask("what is tank " + "a" * (10 * 1024 * 1024))
    assert reply.notice in reply.text


@pytest.mark.parametrize("question", ["", "   ", "\u200b\u200b"])
def test_empty_question_gets_help(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert reply.kind == "help" and reply.notice in reply.text


def test_help_lists_topics_and_therapies(engine: Engine) -> None:
    reply = engine.ask("what can you do?")
    assert reply.kind == "help" and "TaNK" in reply.text and "side effects" in reply.text


def test_user_text_is_never_treated_as_a_template(engine: Engine) -> None:
    reply = engine.ask("{{ 7*7 }} {% for x in range(3) %}what is becar7{% endfor %}")
    assert "49" not in reply.text
    assert "{{" not in reply.text and "{%" not in reply.text


def test_compare_gives_each_therapy_cited(engine: Engine) -> None:
    reply = engine.ask("what's the difference between becar7, ucart19 and tank?")
    assert reply.intent == "compare" and len(reply.sources) == 3


def test_near_tie_offers_the_runner_up(engine: Engine) -> None:
    from bot.matcher import Match, Ranking

    brain = engine._brain
    close = Ranking((Match("results", 0.61), Match("patient_outcome", 0.60)), ())
    far = Ranking((Match("results", 0.81), Match("patient_outcome", 0.40)), ())
    assert Engine._runner_up(brain, close).name == "patient_outcome"
    assert Engine._runner_up(brain, far) is None


def test_treatment_decision_mid_conversation_stays_on_that_therapy(engine: Engine) -> None:
    engine.ask("tell me about becar7", "c")
    reply = engine.ask("should my son get it?", "c")
    assert reply.kind == "safety" and reply.therapy == "BE-CAR7"
    assert {s.publisher for s in reply.sources} <= {"Positive News", "Good News Paper", "Washington News Day"}


def test_topic_only_one_therapy_covers_answers_it_and_names_the_others(engine: Engine) -> None:
    reply = engine.ask("side effects?")
    assert reply.kind == "answer" and reply.therapy == "BE-CAR7"
    assert "do not say anything about side effects for UCART19 or TaNK" in reply.text


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("does BE-CAR7 work for sickle cell disease?", "sickle cell disease"),
        ("could any of these help with lymphoma", "lymphoma"),
    ],
)
def test_a_question_about_something_the_articles_never_mention_says_so(
    engine: Engine, question: str, named: str
) -> None:
    reply = engine.ask(question)
    assert reply.kind == "not_in_articles" and not reply.facts
    assert named in reply.text


def test_a_word_that_only_describes_does_not_make_an_honest_gap(engine: Engine) -> None:
    reply = engine.ask("what did the kiwi woman do for work")
    assert reply.kind == "answer" and reply.therapy == "TaNK"


@pytest.mark.parametrize(
    "question",
    ["what year did alyssa get the gene treatment?", "what year did the leicester girl get the new cells?"],
)
def test_a_year_asked_of_someone_described_or_named_is_answered_with_the_year(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)  # "gene", "new", "Leicester" only describe: 2022 answers it
    assert reply.kind == "answer" and reply.therapy == "BE-CAR7"
    assert "2022" in reply.text


def test_a_city_in_the_patients_county_points_to_her_therapy(engine: Engine) -> None:
    reply = engine.ask("the leicester girl on the telly - what does she want to be when she's older?")
    assert reply.therapy == "BE-CAR7" and "becar7-pn-alyssa-goal" in reply.facts


def test_an_off_topic_request_gets_the_fallback_not_an_honest_gap(engine: Engine) -> None:
    assert engine.ask("write me a poem about autumn").kind == "fallback"


def test_the_therapy_is_read_from_words_only_its_articles_use(engine: Engine) -> None:
    reply = engine.ask("what does the girl from Leicestershire want to do as a career?")
    assert reply.therapy == "BE-CAR7" and reply.facts
    assert all(f.startswith("becar7-") for f in reply.facts)


@pytest.mark.parametrize(
    ("question", "therapy"),
    [
        ("what was the tot's diagnosis exactly", "UCART19"),  # the articles say "baby"
        ("what did the infant's mum tell the medical team", "UCART19"),
        ("how is the teen who went first getting on", "BE-CAR7"),
        ("why was a transplant off the table for the kiwi designer", "TaNK"),  # "New Zealand"
    ],
)
def test_everyday_words_for_the_articles_people_find_their_therapy(
    engine: Engine, question: str, therapy: str
) -> None:
    reply = engine.ask(question)
    assert reply.therapy == therapy


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("what's Joanne Scott's husband called", "Joanne's husband"),
        ("what did Layla's dad say", "Layla's dad"),
        ("Who is Layla's father?", "do not say anything about Layla's dad,"),
        ("What is Layla's surname?", "do not say anything about Layla's surname,"),
        ("How old is Professor Waseem Qasim?", "do not say how old Waseem is"),
        # a count of something no close fact mentions
        ("How many doses of BE-CAR7 does a patient get?", "how many doses for BE-CAR7"),
        ("how many roundz of chemo did joanne scott have befor the trial?", "how many rounds"),
        ("How many UCART19 cells was Layla given?", "how many cells for UCART19"),
        # a group of patients or a disease the therapy's own articles never mention
        ("can tank cells be given to children?", "children"),
        ("could adults be treated with ucart19 as well as babies?", "adults"),
        ("does ucart19 work for acute myeloid leukaemia?", "acute myeloid leukaemia"),
        ("can becar7 be given to pregnant women?", "pregnant women"),
        # a harm the articles never name
        ("could becar7 stop patients having kids of their own later?", "fertility"),
        ("can the base edits be passed on to her children?", "passed on"),
        ("might the base-edited cells turn into cancer later?", "new cancer"),
    ],
)
def test_what_no_fact_gives_is_an_honest_gap_that_names_it(
    engine: Engine, question: str, missing: str
) -> None:
    reply = engine.ask(question)
    assert reply.kind == "not_in_articles" and missing in reply.text


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("who is Alyssa Tapley?", "becar7-pn-first-patient"),
        ("how old is alyssa now?", "becar7-pn-alyssa-now-16"),
        ("how old was Joanne", "tank-nzh-joanne-age"),
        # a count the articles give
        ("How many TaNK cells were injected into Joanne?", "tank-nzh-57-million"),
        ("how many youngsters and grown ups were in the be-car7 trial", "becar7-pn-nine-children-two-adults"),
        ("how many of the souped-up killer cells went into the kiwi mum", "tank-nzh-57-million"),
        # whether it worked: how the patients fared
        ("tank worked?", "tank-nzh-complete-remission"),
        ("did it help the baby, ucart19?", "ucart19-nt-layla-cancer-free"),
    ],
)
def test_what_the_articles_do_give_is_answered(engine: Engine, question: str, fact: str) -> None:
    assert fact in engine.ask(question).facts


@pytest.mark.parametrize(
    "question",
    [
        "what happened to the becar7 patients that arent disease free, did they pass away?",
        "did tank end up working for the rest of the patients after joanne",
    ],
)
def test_how_the_others_in_a_study_fared_is_an_honest_gap_beside_what_is_said(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)
    assert reply.kind == "not_in_articles" and "do not say how the others fared" in reply.text
    assert reply.facts  # and what they do say about the ones it is reported for


def test_deaths_in_a_study_no_fact_speaks_of_are_an_honest_gap(engine: Engine) -> None:
    reply = engine.ask("did any of the BE-CAR7 paitents die in the trail?")
    assert reply.kind == "not_in_articles"
    assert "do not say whether any of the patients died in the BE-CAR7 study" in reply.text
    said = engine.ask("why had joanne prepared herself to die")
    assert "tank-nzh-chemo-failed" in said.facts


@pytest.mark.parametrize(
    "question",
    [
        "did the baby who got the scissors cells have any bad reactions to them?",
        "Did Joanne have any rough reactions to her daughter's TaNK cells?",
        "did the little one get poorly from the scissors cells",
    ],
)
def test_side_effects_of_a_therapy_the_articles_give_none_for_are_said_to_be_missing(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)
    assert reply.kind == "not_in_articles" and "do not say anything about side effects for" in reply.text
    assert "does not mean there are none" in reply.text


def test_a_side_effect_never_named_is_a_gap_shown_beside_the_ones_that_are(engine: Engine) -> None:
    reply = engine.ask("did alyssa loose her hair during the treatmnt?")
    assert reply.kind == "not_in_articles" and "do not say whether it makes hair fall out" in reply.text
    assert reply.facts == ("becar7-wnd-side-effects",)  # the rashes and low counts they did report
    # ... read from the part that asks: hair lost to chemo in a preamble is not the question
    asked = engine.ask(
        "My boy has been through so much, the sickness, losing his hair. With BE-CAR7, what happens to the cells?"
    )
    assert asked.kind == "answer"
    assert (
        engine.ask("what side effects did the BE-CAR7 patients have?").facts[0] == "becar7-wnd-side-effects"
    )


def test_what_is_that_after_a_word_explains_that_word(engine: Engine) -> None:
    reply = engine.ask("The BE-CAR7 articles keep saying T-ALL. What is that exactly?")
    assert reply.facts[0] == "glossary-tall-wnd"
    assert (
        engine.ask("The UCART19 article keeps mentioning T-cells. What are they?").facts[0]
        == "glossary-tcell-nt"
    )
    # a word in quotes is the one meant, even where the articles never explain it
    quoted = engine.ask("The UCART19 article says Layla's leukaemia had 'relapsed'. What does that mean?")
    assert "ucart19-overview" not in quoted.facts


def test_an_everyday_word_or_a_slip_is_no_honest_gap(engine: Engine) -> None:
    for question in (
        "So do these TaNK cells just float around hunting for trouble?",
        "Did BE-CAR7 still help people who'd already been through chemo with no luck?",
        "does base edting cut the dna like normal crisper does",
    ):
        assert engine.ask(question).kind == "answer", question
    assert engine.ask("does BE-CAR7 work for sickle cell disease?").kind == "not_in_articles"


def test_a_kind_of_answer_wanted_in_the_preamble_is_not_what_the_question_asks(engine: Engine) -> None:
    reply = engine.ask(
        "I teach maths so I always want to know what percentage of anything. Who is Professor Waseem Qasim?"
    )
    assert reply.kind == "answer" and "becar7-wnd-qasim-role" in reply.facts


def test_a_rate_no_close_fact_gives_is_an_honest_gap(engine: Engine) -> None:
    reply = engine.ask("what's the 5 year survival rate for kids with T-ALL on normal treatment?")
    assert reply.kind == "not_in_articles" and "do not say what the survival rate is" in reply.text
    assert engine.ask("whats the sucess rate for be-car7").kind == "answer"


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        (
            "Did BE-CAR7 still help folks whose chemo had done nothing for them?",
            "becar7-wnd-chemo-failed-cases",
        ),
        (
            "Did the TaNK cells keep growing in number once they were inside the mum? By how much?",
            "tank-nzh-137-million",
        ),
        # an open question about her dad (seeds/unanswered.toml) is none about her mum
        ("what's the name of layla's mum?", "ucart19-nt-mother-lisa"),
        ("how many of the daughter's cells were there after a week?", "tank-nzh-137-million"),
    ],
)
def test_people_words_a_how_much_without_money_and_others_asked_about_are_no_honest_gap(
    engine: Engine, question: str, fact: str
) -> None:
    reply = engine.ask(question)
    assert reply.kind == "answer" and fact in reply.facts


def test_how_much_is_it_still_asks_the_price(engine: Engine) -> None:
    engine.ask("what is becar7", "c")
    assert "how much the treatment costs" in engine.ask("how much is it", "c").text


def test_the_rest_of_the_body_is_not_the_rest_of_the_patients(engine: Engine) -> None:
    reply = engine.ask("with becar7 what stops the cells going after each other or the rest of the body?")
    assert reply.kind == "answer"


def test_a_duration_no_close_fact_carries_is_an_honest_gap(engine: Engine) -> None:
    reply = engine.ask("how long does it take to make the BE-CAR7 cells in the lab")
    assert reply.kind == "not_in_articles" and "how long" in reply.text
    assert engine.ask("how old was Alyssa when she was treated").kind == "answer"


@pytest.mark.parametrize(
    "question",
    [
        "What percentage of BE-CAR7 patients got a rash?",
        "how old were the two adults in the be-car7 trial",
        "How long does a BE-CAR7 infusion take?",
    ],
)
def test_a_percentage_age_or_length_no_close_fact_carries_is_an_honest_gap(
    engine: Engine, question: str
) -> None:
    assert engine.ask(question).kind == "not_in_articles"


@pytest.mark.parametrize(
    "question",
    [
        "What was the name of the person who donated the cells for Alyssa?",
        "wat month did alyssa start her BE-CAR7 treatmant?",
        "how long did joanne hav to stay in hosptial",
        "whats laylas dads name",
        "What does the baby's mum do for a living?",
        "What dose of UCART19 did Layla get?",
        "Which company manufactures BE-CAR7?",
        "wat school dose alyssa tapley go to",
        "Who paid for the TaNK trial at the Royal Free?",
        "How many days did Joanne Scott stay in hospital after getting the TaNK cells?",
        "whats the uper age limmit for the becar7 trial",
    ],
)
def test_a_name_date_or_stay_no_close_fact_gives_is_an_honest_gap(engine: Engine, question: str) -> None:
    assert engine.ask(question).kind == "not_in_articles"


@pytest.mark.parametrize(
    "question",
    [
        "Has BE-CAR7 been approved by the FDA?",
        "has UCART19 got the green light from the FDA?",
        "Can you get TaNK treatment in New Zealand?",
        "Is BE-CAR7 being trialled anywhere in Australia?",
        "How do we get our lad signed up for the base-edited T-cell study?",
        "how do i sign my son up for the UCART19 trail, is ther a waitlist?",
    ],
)
def test_a_licence_or_a_place_of_treatment_the_articles_never_give_is_said_to_be_missing(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)  # a family's own wish to join gets the care team first, then the gap
    assert reply.intent == "availability" and "not_in_articles" in (reply.kind, reply.answered)


def test_the_special_permission_layla_needed_is_answered(engine: Engine) -> None:
    reply = engine.ask("was ucart19 approved normally or did they need special permission")
    assert reply.kind == "answer" and "ucart19-nt-special-permissions" in reply.facts


def test_what_kind_of_illness_someone_had_leads_with_the_illness(engine: Engine) -> None:
    reply = engine.ask("What kind of leukaemia did Joanne Scott have?")
    assert reply.kind == "answer" and next(iter(reply.facts)) == "tank-nzh-disease"


def test_someone_described_not_named_is_found_in_their_therapys_facts(engine: Engine) -> None:
    reply = engine.ask("was the student who gave her mum cells scared of jabs?")
    assert reply.kind == "answer" and reply.therapy == "TaNK"
    assert next(iter(reply.facts)).startswith("tank-")


def test_how_long_since_is_answered_by_when_it_began(engine: Engine) -> None:
    assert engine.ask("How long has Alyssa been cancer free?").kind == "answer"
    assert engine.ask("What percent of people in the BE-CAR7 trial were disease-free?").kind == "answer"


def test_a_fact_closest_to_the_question_leads_the_topics_facts(engine: Engine) -> None:
    # The kind of question (how it works) is clear; the fact about what the cells do once
    # infused is closest to the question's words, so it comes first.
    reply = engine.ask("once the base-edited cells are inside my son, what do they actually do?")
    assert reply.facts[0] == "becar7-gnp-infused"


def test_a_fact_naming_no_one_may_answer_a_question_naming_someone(engine: Engine) -> None:
    reply = engine.ask("in the Layla story, why couldn't doctors just use a patient's own T cells?")
    assert "ucart19-nt-not-enough-own-tcells" in reply.facts


def test_a_question_about_someone_in_an_article_is_not_a_question_about_the_sources(engine: Engine) -> None:
    reply = engine.ask("who is Lisa in the Layla article")
    assert reply.kind == "answer" and "ucart19-nt-mother-lisa" in reply.facts


def test_no_therapy_named_but_one_therapys_facts_stand_out(engine: Engine) -> None:
    reply = engine.ask("what's the label the designer mum sold through that high street chain", "fresh")
    assert reply.therapy == "TaNK" and reply.facts[0] == "tank-nzh-diagnosed-topshop"
    assert engine.ask("who was the first patient?").therapy is None  # one line for each therapy


def test_a_guessed_question_kind_the_articles_never_answer_yields_to_a_fact(engine: Engine) -> None:
    # "how much" is not about cost here, and "who gave" not about availability
    reply = engine.ask("How much had Joanne Scott's TaNK cells multiplied a week after the injection?", "m")
    assert reply.kind == "answer" and "tank-nzh-137-million" in reply.facts
    reply = engine.ask("who gave the cells to the new zealand mum", "n")
    assert reply.kind == "answer" and reply.therapy == "TaNK"
    # ... but a word no fact uses keeps the honest gap
    assert engine.ask("are there becar7 trials in australia", "o").kind == "not_in_articles"


def test_an_honest_gap_is_read_from_the_sentence_that_asks(engine: Engine) -> None:
    reply = engine.ask(
        "I want to run a fundraiser for the ward that looked after my son. "
        "Which charity helped pay for the BE-CAR7 research?",
        "p",
    )
    assert reply.kind == "answer"
    assert engine.ask("what were the medics planning for the infant before the trial?", "q").kind != (
        "not_in_articles"
    )


def test_fear_before_a_question_gets_the_warm_line_and_the_answer(engine: Engine) -> None:
    reply = engine.ask(
        "my cousin's boy has t-cell leukaemia and we're all scared. "
        "how many patients in the be-car7 trial ended up disease free",
        "r",
    )
    assert reply.triage == "distress" and reply.kind == "answer" and reply.facts


def test_a_misspelt_question_about_side_effects_is_no_emergency(engine: Engine) -> None:
    reply = engine.ask("did be-car7 have any side affects, like rashs or anything", "s")
    assert reply.triage != "emergency"


def test_a_relative_the_articles_do_mention_is_answered(engine: Engine) -> None:
    reply = engine.ask("how old was Joanne's daughter")
    assert reply.kind == "answer" and "tank-nzh-tara-age" in reply.facts


def test_after_a_reload_a_changed_fact_is_answered_as_changed(snapshot: Snapshot) -> None:
    from dataclasses import replace as changed

    engine = Engine(snapshot)
    fact = snapshot.facts["tank-nzh-tara-studies"]
    edited = changed(fact, text=f"{fact.text} Zanzibarian marker.")
    engine.use(changed(snapshot, facts={**snapshot.facts, fact.id: edited}))
    reply = engine.ask("what is tara studying?")
    assert "tank-nzh-tara-studies" in reply.facts and "Zanzibarian marker" in reply.text


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what's a T cell?", "glossary-tcell-nt"),
        ("what are NK cells?", "glossary-nk-cells-nzh"),
        ("what does T-ALL stand for", "glossary-tall-wnd"),
        ("what does remission mean", "glossary-deep-remission-gnp"),
        ("what does BE-CAR7 actually stand for", "becar7-gnp-full-name"),
    ],
)
def test_what_is_a_term_answers_the_articles_own_explanation(
    engine: Engine, question: str, fact: str
) -> None:
    reply = engine.ask(question)
    assert reply.kind == "answer" and reply.facts[0] == fact


def test_a_term_asked_about_in_one_sentence_of_several_is_explained(engine: Engine) -> None:
    reply = engine.ask("what is crispr? keep seeing it mentioned")
    assert reply.kind == "answer" and reply.facts[0] == "glossary-crispr-wnd"
    # A general explanation comes from one therapy's article: the conversation is about it now.
    assert reply.therapy == "BE-CAR7"


def test_a_word_the_articles_use_but_never_explain_is_said_to_be_unexplained(engine: Engine) -> None:
    reply = engine.ask("what does TALEN mean")
    assert reply.kind == "not_in_articles" and "what talen means" in reply.text.lower()


def test_asking_about_a_person_or_the_therapy_itself_is_no_open_question(engine: Engine) -> None:
    # Only clue words ("joanne scott"): no open question about her family is what was asked.
    reply = engine.ask("tell me about joanne scott")
    assert reply.kind == "answer" and reply.therapy == "TaNK"


def test_a_results_question_does_not_lead_with_a_fact_that_shares_only_a_filler_word(engine: Engine) -> None:
    # The overview's paraphrased questions say "actually"; the question asks about results.
    reply = engine.ask("does becar7 actually work??")
    assert reply.kind == "answer" and reply.facts[0] != "becar7-overview"
    assert "becar7-overview" not in reply.facts


def test_whether_it_works_is_answered_with_the_results_in_numbers_first(engine: Engine) -> None:
    # The results intent prefers facts carrying a percentage when the question names nothing
    # more than whether it works.
    reply = engine.ask("does becar7 actually work??")
    assert "becar7-gnp-82-percent-deep-remission" in reply.facts[:3]
    assert "82%" in reply.text and "64%" in reply.text
    # ... but what the question names comes first: "where chemo had failed".
    specific = engine.ask("did be-car7 still work for kids where chemo had already failed?")
    assert "becar7-wnd-chemo-failed-cases" in specific.facts[:2]


def test_a_word_a_fact_only_uses_is_said_to_be_unexplained_with_what_the_fact_says(engine: Engine) -> None:
    # A fact says "the most resistant cases of CD7 leukaemia" but never what CD7 is.
    reply = engine.ask("what does CD7 mean? prof qasim mentions it")
    assert reply.kind == "not_in_articles" and "what cd7 means" in reply.text.lower()
    assert reply.facts == ("becar7-wnd-qasim-resistant-cases",)


@pytest.mark.parametrize(
    "question, fact",
    [
        ("what does relapsed mean?", "ucart19-nt-relapsed-all"),  # "It had relapsed. That means ..."
        (
            "what's palliative care",
            "ucart19-nt-layla-chemo-failed",
        ),  # "palliative care (care for comfort ...)"
        ("what is a consultant immunologist", "ucart19-nt-qasim-role"),  # "... immunologist: a senior doctor"
    ],
)
def test_a_word_a_fact_explains_where_it_uses_it_is_answered_by_that_fact(
    engine: Engine, question: str, fact: str
) -> None:
    reply = engine.ask(question)
    assert reply.kind == "answer" and fact in reply.facts


def test_a_question_about_a_person_is_no_question_about_a_word(engine: Engine) -> None:
    reply = engine.ask("What is Tara studying, and where?")
    assert reply.kind == "answer" and "tank-nzh-tara-studies" in reply.facts


def test_a_doubtful_kind_of_question_that_a_close_fact_agrees_with_is_answered(engine: Engine) -> None:
    reply = engine.ask("did joane get her dauhgters cells or sumone elses")
    assert reply.kind == "answer" and "tank-nzh-cells-from-daughter" in reply.facts
    assert engine.ask("is bitcoin going up").kind == "fallback"


def test_a_therapy_named_gets_its_closest_facts_offered_as_the_closest_not_a_fallback(engine: Engine) -> None:
    reply = engine.ask("becar7 did it still work for ppl where chemo already flopped")
    assert reply.kind == "answer" and reply.therapy == "BE-CAR7" and reply.facts
    assert reply.text.startswith(
        "I am not sure the articles answer exactly that. This is the closest they come:"
    )
    sure = engine.ask("how old was alyssa when she had becar7?")
    assert "closest they come" not in sure.text


def test_a_fact_standing_alone_answers_when_no_kind_of_question_fits(engine: Engine) -> None:
    reply = engine.ask("had the stuff they gave the baby ever actually been used on a real person before her")
    assert reply.facts and reply.facts[0] == "ucart19-nt-only-tested-in-labs"


def test_a_publisher_named_points_to_its_articles_therapy(engine: Engine) -> None:
    reply = engine.ask("what does Washington News Day say about patients who were thought to have no chance")
    assert reply.therapy == "BE-CAR7" and "becar7-wnd-no-chance" in reply.facts


def test_misspelt_question_words_are_read_as_meant(engine: Engine) -> None:
    reply = engine.ask("waht's crspr")
    assert reply.kind == "answer" and reply.facts[0] == "glossary-crispr-wnd"


def test_a_slip_the_speller_cannot_place_is_not_said_to_be_missing(engine: Engine) -> None:
    assert engine.ask("why can't normal nk cells kill evefy tumour").kind != "not_in_articles"


def test_how_a_plan_turned_out_is_not_said_and_the_plan_is_shown(engine: Engine) -> None:
    reply = engine.ask("how did the 14 later TaNK patients get on?")
    assert reply.kind == "not_in_articles" and "turned out" in reply.text
    assert "tank-nzh-14-more-patients" in reply.facts and "planned to treat 14" in reply.text


def test_how_it_ended_is_answered_when_a_fact_says_it(engine: Engine) -> None:
    reply = engine.ask("did the nz mum end up clear of the cancer")
    assert reply.kind == "answer" and "tank-nzh-complete-remission" in reply.facts


def test_a_claim_to_check_is_answered_with_the_fact_of_its_kind(engine: Engine) -> None:
    reply = engine.ask("Joanne Scott was in her sixties, wasn't she?")
    assert reply.facts[0] == "tank-nzh-joanne-age"


def test_a_term_asked_about_in_a_first_clause_is_explained(engine: Engine) -> None:
    reply = engine.ask("What is CRISPR, in a sentence or two?")
    assert reply.kind == "answer" and reply.facts[0] == "glossary-crispr-wnd"


def test_an_idiom_is_read_as_the_articles_word(engine: Engine) -> None:
    reply = engine.ask("Who footed the bill for the BE-CAR7 research?")
    assert reply.kind == "answer" and reply.facts[0] == "becar7-pn-blood-cancer-uk"


def test_what_is_a_therapy_is_still_its_overview(engine: Engine) -> None:
    assert engine.ask("what is be-car7?").facts[0] == "becar7-overview"
    reply = engine.ask("what actually is be-car7? keep seeing it pop up", "c")
    assert reply.kind == "answer" and reply.facts[0] == "becar7-overview"


def test_a_medical_term_the_articles_never_use_is_said_to_be_missing(engine: Engine) -> None:
    reply = engine.ask("what is lupus?")
    assert reply.kind == "not_in_articles" and "lupus" in reply.text
    assert engine.ask("what is the weather").kind == "fallback"


def test_a_relative_of_a_named_person_is_answered_about_the_relative(engine: Engine) -> None:
    reply = engine.ask("how long was Joanne's daughter on the machine when she gave her cells?")
    assert "tank-nzh-tara-three-hours" in reply.facts


def test_fear_that_asks_nothing_gets_the_warm_reply_alone(engine: Engine) -> None:
    reply = engine.ask("im so scared my baby is going to die")
    assert reply.kind == "safety" and reply.triage == "distress" and not reply.facts


def test_fear_with_a_question_gets_a_warm_line_then_the_answer(engine: Engine) -> None:
    reply = engine.ask("I'm terrified. what are the side effects of be-car7?")
    assert reply.kind == "answer" and reply.facts
    assert reply.text.index("not alone") < reply.text.index("BE-CAR7")


@pytest.mark.parametrize(
    "question, fact",
    [
        (
            "i live in auckland and my mum remembers this story from the paper. she couldn't remember "
            "the details and it's bugging her. how old was joanne scott when she left new zealand",
            "tank-nzh-auckland",
        ),
        (
            "my 9 yr old has had two rounds of chemo and they've started talking about a transplant. i'm "
            "scared of everything now. in the be-car7 study did getting into deep remission let the kids "
            "go on to have a transplant?",
            "becar7-gnp-stem-cell-transplants",
        ),
    ],
)
def test_the_sentence_that_asks_outweighs_a_long_preamble(engine: Engine, question: str, fact: str) -> None:
    assert fact in engine.ask(question).facts


def test_according_to_the_articles_frames_a_question_and_does_not_ask_for_sources(engine: Engine) -> None:
    reply = engine.ask("According to the articles, where do the white blood cells used in BE-CAR7 come from?")
    assert reply.kind == "answer"
    assert reply.intent != "sources"


def test_one_therapy_set_against_the_usual_treatment_answers_for_that_therapy(engine: Engine) -> None:
    reply = engine.ask("How is BE-CAR7 different from regular CAR-T therapy?")
    assert reply.therapy == "BE-CAR7"
    assert reply.intent != "compare"
    assert reply.facts[0] == "becar7-wnd-advanced-car-t"


def test_what_a_word_means_in_a_story_is_the_word_explained(engine: Engine) -> None:
    reply = engine.ask("what does 'molecular scissors' mean in the Layla story?")
    assert reply.facts[0] == "ucart19-nt-genes-cut"


@pytest.mark.parametrize(
    "question, fact",
    [("Who is Alyssa Tapley?", "becar7-pn-first-patient"), ("whos joanne scott", "tank-nzh-first-patient")],
)
def test_who_someone_is_leads_with_what_makes_them_who_they_are(
    engine: Engine, question: str, fact: str
) -> None:
    assert engine.ask(question).facts[0] == fact


def test_a_treatment_referred_to_but_never_named_gets_each_therapy(engine: Engine) -> None:
    reply = engine.ask("how does the treatment work?", conversation="unnamed")
    assert reply.therapy is None
    assert {fact.split("-")[0] for fact in reply.facts} >= {"becar7", "ucart19", "tank"}


def test_answers_do_not_depend_on_the_process_hash_seed() -> None:
    """A typo's correction used to break ties in a set's order, which differs per process."""
    import os
    import subprocess
    import sys

    script = (
        "from pathlib import Path\n"
        "from bot.engine import Engine\n"
        "from bot.loader import build_snapshot\n"
        "r = Engine(build_snapshot(Path('.'))).ask("
        "'Has the original BE-CAR7 kid said anything about how life feels for her now?')\n"
        "print(r.kind, r.intent, r.facts)\n"
    )
    seen = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        seen.add(run.stdout)
    assert len(seen) == 1


def test_a_patient_named_with_nothing_else_asks_about_them_not_the_therapy(engine: Engine) -> None:
    # "how is baby Layla doing?" names only a clue to UCART19: her news, not its overview.
    reply = engine.ask("how is baby layla doing")
    assert reply.kind == "answer" and reply.facts[0] != "ucart19-overview"
    assert {"ucart19-nt-layla-cancer-free", "ucart19-nt-layla-doing-well"} & set(reply.facts[:2])
    # ... while a therapy's own name alone still gets what it is.
    assert engine.ask("what is becar7").facts[0] == "becar7-overview"


def test_a_filler_phrase_does_not_hide_what_is_asked(engine: Engine) -> None:
    # "in a nutshell" is no word of the content, and asks nothing of its own.
    reply = engine.ask("In a nutshell, what is BE-CAR7?")
    assert reply.kind == "answer" and reply.facts[0] == "becar7-overview"
    # One therapy's success rate is in the articles: no "they do not say how they compare".
    assert engine.ask("BE-CAR7 success rate?").kind == "answer"


def test_someone_described_by_their_story_is_asked_how_they_are_and_that_is_answered(engine: Engine) -> None:
    reply = engine.ask("is the one-year-old from the 'molecular scissors' story doing OK?")
    assert reply.therapy == "UCART19"
    assert {"ucart19-nt-layla-cancer-free", "ucart19-nt-layla-doing-well"} & set(reply.facts)


def test_how_common_a_disease_is_is_answered_by_how_rare_the_articles_say_it_is(engine: Engine) -> None:
    reply = engine.ask("is t-cell leukaemia a common sort of blood cancer?")
    assert "becar7-wnd-rare-aggressive" in reply.facts or "glossary-tcell-leukaemia-pn" in reply.facts
    assert "rare" in reply.text


def test_a_name_asked_of_someone_described_is_the_name_a_fact_gives(engine: Engine) -> None:
    reply = engine.ask("what was the name of the one-year-old in the 'molecular scissors' story?")
    assert reply.kind == "answer" and "Layla" in reply.text


@pytest.mark.parametrize(
    "question",
    [
        "is the patient still ok now?",
        "what sort of leukaemia was it for?",
        "is the pateint from the news storry doing ok now?",
        "how do they actually change the cells?",
        "when did they first try it on a person?",
    ],
)
def test_the_patient_or_it_with_no_therapy_named_gets_a_line_for_each_therapy(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)  # "still" leans to BE-CAR7's words, but no therapy is meant
    assert reply.kind == "answer" and reply.therapy is None
    assert {"BE-CAR7", "UCART19", "TaNK"} <= {engine.snapshot.facts[f].therapy for f in reply.facts}


@pytest.mark.parametrize("question", ["was becar7 tried on adults?", "does tank work for aml?"])
def test_a_group_or_disease_the_articles_do_mention_is_answered(engine: Engine, question: str) -> None:
    assert engine.ask(question).kind == "answer"


def test_an_everyday_word_one_therapys_articles_use_most_is_no_clue_to_it(engine: Engine) -> None:
    index = engine._brain.index
    assert index.therapy_of(["still", "today", "actually"]) is None  # BE-CAR7's articles use them most
    assert index.therapy_of(["leicestershire"]) == "BE-CAR7"


def test_a_question_put_to_all_three_therapies_gets_each_ones_own_closest_fact(engine: Engine) -> None:
    reply = engine.ask("which of the three actually involve editing genes?")
    assert reply.kind == "answer" and reply.therapy is None
    assert {"becar7-overview", "ucart19-nt-adds-genes-to-donor-tcells"} <= set(reply.facts)


def test_a_clue_in_a_question_put_to_all_three_is_what_is_asked_not_the_therapy(engine: Engine) -> None:
    # "baby" and "myeloid" point to UCART19 and TaNK, but here they are what is asked about
    reply = engine.ask("out of all three, which one did they give to a baby?")
    assert reply.kind == "answer" and reply.therapy is None
    ucart19 = reply.text.split("**UCART19", 1)[1].split("\n\n", 1)[0]
    assert any(word in ucart19 for word in ("Layla", "baby", "child"))  # the one given to a baby
    assert {f.split("-")[0] for f in reply.facts} >= {"becar7", "ucart19", "tank"}
    # ... while a person named is still the therapy meant
    assert engine.ask("what treatments did alyssa have before the one that worked?").therapy == "BE-CAR7"


def test_a_magazine_for_doctors_is_the_journal_the_articles_name(engine: Engine) -> None:
    for question in (
        "what doctors' magazine did the base editing results come out in?",
        "which magazine were the be-car7 results in",
    ):
        assert engine.ask(question).facts[0] in ("becar7-gnp-nejm", "becar7-wnd-nejm-ash")


def test_a_clue_that_only_says_which_therapy_weighs_less_than_what_is_asked(engine: Engine) -> None:
    # "base-edited T-ALL" says BE-CAR7 is meant; the professor leading it is what is asked
    assert (
        engine.ask("which professor heads up the base-edited t-all work?").facts[0] == "becar7-gnp-qasim-led"
    )
    reply = engine.ask("any nasty after-effects for the kids who got the base-edited cells?")
    assert reply.facts == ("becar7-wnd-side-effects",)
    # ... unless the clue is what is asked about
    assert engine.ask("what is base editing?").facts == ("becar7-gnp-base-editing",)


def test_how_many_of_those_given_it_counts_the_people_given_it(engine: Engine) -> None:
    reply = engine.ask("how many of those given be-car7 are still free of the disease?")
    assert reply.kind == "answer" and "becar7-pn-seven-disease-free" in reply.facts
    reply = engine.ask("how many more getting tank after joanne?")
    assert reply.kind == "answer" and "tank-nzh-14-more-patients" in reply.facts


def test_a_question_put_to_each_therapy_named_is_answered_for_each(engine: Engine) -> None:
    reply = engine.ask("do be-car7, ucart19 and tank all treat the same type of blood cancer?")
    assert reply.therapy is None
    assert {"becar7-wnd-t-all", "ucart19-nt-relapsed-all", "tank-nzh-disease"} <= set(reply.facts)
    reply = engine.ask("had chemo failed in all three stories before the new cells?")
    assert {
        "becar7-pn-alyssa-standard-failed",
        "ucart19-nt-layla-chemo-failed",
        "tank-nzh-chemo-failed",
    } <= set(reply.facts)


def test_someone_described_is_read_as_the_one_the_facts_name_for_what_they_leave_out(engine: Engine) -> None:
    # "the baby" in UCART19's articles is Layla: her dad and her surname are never given
    reply = engine.ask("what is the scissors baby's dad called?")
    assert reply.kind == "not_in_articles" and "Layla's dad" in reply.text
    assert engine.ask("what's the baby's last name?").kind == "not_in_articles"
    # ... while what they do give is answered
    assert engine.ask("what is the baby's mum called?").kind == "answer"
    assert engine.ask("what was the base-edited teenager's surname?").kind == "answer"


def test_a_general_fact_from_the_therapys_own_article_can_lead_its_answer(engine: Engine) -> None:
    reply = engine.ask("in the layla piece, why does the hospital reckon chemo sometimes fails?")
    assert reply.facts[0] == "general-nt-chemo-aggressive" and reply.therapy == "UCART19"


@pytest.mark.parametrize(
    "question, therapy",
    [
        ("what is becra7?", "BE-CAR7"),  # two letters swapped
        ("who got bexar7 first", "BE-CAR7"),  # one letter changed
        ("how does ucrat19 work", "UCART19"),
        ("TNK first patient?", "TaNK"),  # the name without its vowel, a content alias
    ],
)
def test_a_therapy_name_with_one_slip_is_still_that_therapy(
    engine: Engine, question: str, therapy: str
) -> None:
    assert engine.ask(question).therapy == therapy


@pytest.mark.parametrize(
    "question",
    [
        "who donated the t-cells that baby layla got?",
        "was alyssa's donor someone from her family?",
        "for the becar7 girl, was it her mum or dad who gave the cells?",
        "who was alyssas donor, a relative?",
        "who actually donated the cells the ucart19 baby was given?",
    ],
)
def test_who_the_donor_was_is_not_said_of_a_donor_the_articles_leave_unnamed(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)
    assert reply.kind == "not_in_articles" and "who the donor was" in reply.text


def test_who_the_donor_was_is_answered_where_the_article_says_it(engine: Engine) -> None:
    reply = engine.ask("who gave the cells to the kiwi fashion designer?")
    assert reply.kind == "answer" and "Tara" in reply.text


def test_whether_cells_come_from_a_donor_is_no_question_of_who(engine: Engine) -> None:
    reply = engine.ask("with becar7, who gives the cells - the patient or a donor?")
    assert reply.kind == "answer" and "donor" in reply.text


@pytest.mark.parametrize(
    "question",
    [
        "did tara feel poorly in the days after giving her cells?",
        "the student who donated to her mum, any after effects for her?",
    ],
)
def test_the_givers_side_effects_are_not_said_and_the_patients_are_no_answer(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)
    assert reply.kind == "not_in_articles" and "side effects for the donor" in reply.text
    assert not reply.facts


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("what does CAR stand for in car t cell therapy?", "what CAR stands for"),
        ("what do the letters in UCART19 stand for?", "what UCART19 stands for"),
        ("what does the 19 in ucart19 stand for", "what the 19 in UCART19 stands for"),
    ],
)
def test_a_short_name_no_article_spells_out_is_said_to_be_unexplained(
    engine: Engine, question: str, missing: str
) -> None:
    reply = engine.ask(question)
    assert reply.kind == "not_in_articles" and missing in reply.text


@pytest.mark.parametrize(
    ("question", "spelt"),
    [
        ("what does the BE in BE-CAR7 stand for?", "base edited"),
        ("NK cells - what does NK stand for?", "natural killer"),
        ("what does the T in TaNK stand for?", "tumour-activated"),
    ],
)
def test_a_short_name_an_article_spells_out_is_answered(engine: Engine, question: str, spelt: str) -> None:
    reply = engine.ask(question)
    assert reply.kind == "answer" and spelt in reply.text.split("\n")[1]


def test_a_length_of_time_no_fact_comes_near_is_said_to_be_missing(engine: Engine) -> None:
    # no fact is close to "a batch", so none can hold how long one takes to make
    reply = engine.ask("how long does it take to make a batch of be-car7 cells?")
    assert reply.kind == "not_in_articles" and "how long" in reply.text


def test_a_length_of_time_a_fact_gives_is_answered_however_loosely_it_matches(engine: Engine) -> None:
    reply = engine.ask("how long has alyssa been cancer free?")
    assert reply.kind == "answer" and "three years" in reply.text


def test_whether_a_plan_worked_is_not_said_when_the_closest_fact_only_plans(engine: Engine) -> None:
    reply = engine.ask("has tank worked for breast cancer yet?")
    assert reply.kind == "not_in_articles" and "turned out" in reply.text


def test_a_plan_asked_about_is_answered_by_the_plan(engine: Engine) -> None:
    reply = engine.ask("is joanne cured after tank? will she need more?")
    assert reply.kind == "answer" and "tank-nzh-repeat-infusion" in reply.facts


def test_an_age_limit_asked_as_over_an_age_is_never_said(engine: Engine) -> None:
    reply = engine.ask("can people over 70 have be-car7?")
    assert reply.kind == "not_in_articles" and "age limit" in reply.text


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("which genes do they actually cut in the ucart19 cells?", "which genes exactly"),
        ("what chemotherapy drugs was joanne on before tank?", "which drugs exactly"),
        ("which pharma company will make be-car7?", "which company"),
    ],
)
def test_a_thing_asked_for_by_a_name_no_fact_gives_is_not_said(
    engine: Engine, question: str, missing: str
) -> None:
    reply = engine.ask(question)
    assert reply.kind == "not_in_articles" and missing in reply.text


def test_a_thing_a_fact_names_is_answered(engine: Engine) -> None:
    reply = engine.ask("which award is alyssa working towards?")
    assert reply.kind == "answer" and "Duke of Edinburgh" in reply.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("how much blood did tara give in the end?", "how much blood"),
        ("how much school did the leicestershire girl miss?", "how much school"),
    ],
)
def test_an_amount_no_close_fact_gives_is_not_said(engine: Engine, question: str, said: str) -> None:
    reply = engine.ask(question)
    assert reply.kind == "not_in_articles" and said in reply.text


def test_how_much_weight_to_give_the_news_is_no_amount(engine: Engine) -> None:
    assert engine.ask("how much weight should i put on the be-car7 headlines?").kind != "not_in_articles"


def test_a_therapy_and_the_word_hospital_asks_where_it_was_given(engine: Engine) -> None:
    reply = engine.ask("TaNK hospital?")
    assert reply.kind == "answer" and "Royal Free" in reply.text


@pytest.mark.parametrize(
    "question",
    [
        "for each of the 3 therapies, who got it first?",
        "how old were the first patients in all three stories?",
        "do all three say more patients were going to be treated?",
    ],
)
def test_words_that_ask_of_each_therapy_are_not_what_is_asked(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert reply.kind == "answer" and reply.therapy is None
    assert {f.split("-")[0] for f in reply.facts} >= {"becar7", "ucart19", "tank"}


@pytest.mark.parametrize(
    "question, name",
    [
        ("the teenager from leicestershire, what's her full name?", "Alyssa Tapley"),
        ("that kiwi fashion designer who had the killer cells - whats her name", "Joanne Scott"),
    ],
)
def test_a_name_asked_of_someone_described_is_theirs(engine: Engine, question: str, name: str) -> None:
    reply = engine.ask(question)
    first = reply.text.split("\n• ", 1)[1].split("\n", 1)[0]
    assert reply.kind == "answer" and name in first


@pytest.mark.parametrize(
    "question, hospital",
    [
        ("where was the new zealand woman with the daughter's cells treated?", "Royal Free"),
        (
            "which city did the teenager who got the base-edited cells travel to for it?",
            "Great Ormond Street",
        ),
    ],
)
def test_where_a_therapy_was_given_is_where_its_articles_say(
    engine: Engine, question: str, hospital: str
) -> None:
    reply = engine.ask(question)
    assert reply.kind == "answer" and hospital in reply.text.split("\n• ", 1)[1].split("\n", 1)[0]


def test_an_open_question_worded_of_no_one_fits_a_question_naming_the_patient(engine: Engine) -> None:
    # the content lists a later transplant as left open, in wordings that name no one
    reply = engine.ask("after the scissors cells, did layla go on to a marrow transplant?")
    assert reply.kind == "not_in_articles" and "transplant" in reply.text


@pytest.mark.parametrize(
    "message, kind",
    [
        ("أفكر أن أنهي حياتي، لم أعد أحتمل", "crisis"),  # "I think of ending my life, I can't bear it"
        (
            "ابني حرارته عالية ويرتجف الحين",
            "emergency",
        ),  # "my son's temperature is high and he's shivering now"
    ],
)
def test_a_message_in_a_script_with_no_latin_word_is_still_triaged(
    engine: Engine, message: str, kind: str
) -> None:
    reply = engine.ask(message)
    assert reply.kind == "safety" and reply.triage == kind


def test_a_comparison_of_things_the_articles_never_mention_is_not_answered(engine: Engine) -> None:
    assert engine.ask("which football team is best?").kind == "fallback"
    assert engine.ask("which one is best?").intent == "compare"  # of the therapies, said or not
