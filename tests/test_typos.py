"""Typing slips put into questions for `bot eval --typos`."""

from __future__ import annotations

from bot.typos import with_typos


def test_the_same_seed_gives_the_same_slips_and_the_number_asked_for() -> None:
    text = "who was the first patient to get the treatment"
    once, again = with_typos(text, 2, "q1"), with_typos(text, 2, "q1")
    assert once == again != text
    changed = [a for a, b in zip(text.split(), once.split(), strict=False) if a != b]
    assert len(changed) == 2


def test_short_words_are_left_alone_and_a_question_without_long_words_is_unchanged() -> None:
    assert with_typos("is it ok", 2, "x") == "is it ok"
