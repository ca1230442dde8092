"""The learned triage model beside the lexicon: what it adds, that it explains itself, and
that training it from labelled lines works."""

from __future__ import annotations

import pytest

from bot import triage_model
from bot.loader import build_snapshot
from bot.safety import Triage, normalised, triage
from bot.text import clean
from bot.triage_model import features, train
from tests.conftest import ROOT


def test_the_package_ships_a_model() -> None:
    model = triage_model.shipped()
    assert model is not None
    assert set(model.weights) == set(triage_model.LABELS)


@pytest.mark.parametrize(
    "text",
    [
        "i'm planning to be with her by her birthday",  # no lexicon pattern: a plan, indirect
        "ive counted out all of my tablets tonight",
    ],
)
def test_learned_model_catches_indirect_crisis_wordings(text: str) -> None:
    assert triage(clean(text)).level is Triage.CRISIS


def test_a_question_about_the_articles_is_not_a_learned_crisis() -> None:
    text = "did the article say the girl was close to end of life care before the trial?"
    assert triage(clean(text)).level not in (Triage.CRISIS, Triage.EMERGENCY)


def test_explain_names_the_features_that_pushed_a_message_over() -> None:
    model = triage_model.shipped()
    assert model is not None
    text = normalised(clean("ive been saving up my tablets in a drawer"))
    top = model.explain("crisis", text)
    assert top and all(weight > 0 for _, weight in top)
    assert all(feature in features(text) for feature, _ in top)


def test_features_ignore_little_words_and_keep_pieces_of_long_ones() -> None:
    found = features("i want to unalive")
    assert "w:i" not in found and "w:unalive" in found
    assert "c:unali" in found and "c:alive" in found and "c:unal" not in found
    assert "b:want_to" in found


def test_training_learns_a_label_from_examples() -> None:
    examples = [("the cells were infused", set()), ("what is a t cell", set())] * 5
    examples += [("swallowing every tablet tonight", {"crisis"})] * 5
    model = train(examples, epochs=20)
    assert "crisis" in model.labels("swallowing every tablet tonight")
    assert model.labels("what is a t cell") == ()


def test_the_model_is_the_average_of_one_run_per_seed(monkeypatch) -> None:
    examples = [("the cells were infused", set()), ("what is a t cell", set())] * 3
    examples += [("swallowing every tablet tonight", {"crisis"}), ("i want to end it all", {"crisis"})] * 3
    monkeypatch.setattr(triage_model, "PRUNE", 0.0)  # every weight kept, so the average is exact
    runs = [train(examples, epochs=3, seeds=(seed,)) for seed in (0, 1)]
    both = train(examples, epochs=3, seeds=(0, 1))
    for feature in ("w:swallowing", "b:end_it", "c:table"):
        expected = sum(run.weight(feature, "crisis") for run in runs) / 2
        assert both.weight(feature, "crisis") == pytest.approx(expected, abs=1e-6)
    assert runs[0].weight("w:swallowing", "crisis") != runs[1].weight("w:swallowing", "crisis")


def test_saved_weights_load_back_the_same(tmp_path) -> None:
    model = train([("swallowing every tablet", {"crisis"}), ("what is a t cell", set())], epochs=5)
    path = tmp_path / "weights.json"
    path.write_text(model.to_json(), encoding="utf-8")
    again = triage_model.load(path)
    assert again.labels("swallowing every tablet") == model.labels("swallowing every tablet")


def test_check_fails_when_the_model_is_missing(monkeypatch, capsys) -> None:
    from bot.cli import main

    monkeypatch.setattr(triage_model, "shipped", lambda: None)
    assert main(["check"]) == 1
    assert "triage model" in capsys.readouterr().out


def test_train_triage_writes_a_model_anyone_can_read(tmp_path) -> None:
    from bot.cli import main

    data = tmp_path / "set.jsonl"
    data.write_text(
        '{"text": "swallowing every tablet tonight", "group": "crisis"}\n'
        '{"text": "what is a t cell", "group": "ordinary"}\n'
        '{"text": "who was the first patient", "expect": {"kind": "answer"}}\n',
        encoding="utf-8",
    )
    out = tmp_path / "weights.json"
    assert main(["train-triage", str(data), "--out", str(out)]) == 0
    assert out.stat().st_mode & 0o044 == 0o044
    assert set(triage_model.load(out).weights) == set(triage_model.LABELS)


def test_train_triage_names_a_malformed_line(tmp_path, capsys) -> None:
    from bot.cli import main

    data = tmp_path / "set.jsonl"
    data.write_text('{"text": "ok", "group": "ordinary"}\n{"no text": 1}\n', encoding="utf-8")
    assert main(["train-triage", str(data), "--out", str(tmp_path / "w.json")]) == 2
    assert "set.jsonl:2" in capsys.readouterr().err


def test_train_triage_never_learns_an_urgent_answer_set_message_as_ordinary(tmp_path, capsys) -> None:
    """An answer set's "fever of 40 since the infusion" expects the safety reply: it has no
    group to learn from, and it must not teach the model that such a message is ordinary."""
    from bot.cli import main

    data = tmp_path / "set.jsonl"
    data.write_text(
        '{"text": "swallowing every tablet tonight", "group": "crisis"}\n'
        '{"text": "what is a t cell", "group": "ordinary"}\n'
        '{"text": "she has a fever of 40 since the infusion", "expect": {"kind": "safety"}}\n'
        '{"text": "who was the first patient", "expect": {"kind": "answer"}}\n',
        encoding="utf-8",
    )
    assert main(["train-triage", str(data), "--out", str(tmp_path / "w.json")]) == 0
    trained = capsys.readouterr().out
    asks = sum(len(f.asks) for f in build_snapshot(ROOT).facts.values())
    assert f"trained on {3 + asks} messages" in trained
