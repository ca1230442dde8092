"""The evaluation's judge: what counts as a right reply to a question set's case."""

from __future__ import annotations

from bot.engine import Engine
from bot.evaluate import Case, judge


def _case(kind: str) -> Case:
    return Case(id="q1", conversation="c1", text="how much would becar7 cost us?", kind=kind)


def test_the_care_team_first_then_the_articles_do_not_say_is_right_where_they_do_not(engine: Engine) -> None:
    reply = engine.ask("how much would becar7 cost us?")
    assert (reply.kind, reply.triage, reply.answered) == ("safety", "decision", "not_in_articles")
    assert judge(_case("not_in_articles"), reply) == []


def test_the_care_team_first_is_no_excuse_for_an_answer_where_the_articles_do_not_say(engine: Engine) -> None:
    reply = engine.ask("would becar7 work for my son?")
    assert (reply.kind, reply.triage, reply.answered) == ("safety", "decision", "answer")
    assert judge(_case("not_in_articles"), reply) != []
