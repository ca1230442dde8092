"""Reading a message as typed: letters spelt one by one, and the sound-alike the content invites."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.text import letters_joined


@pytest.mark.parametrize(
    "typed, read",
    [
        ("what do n k cells do", "what do nk cells do"),
        ("is tee all rare?", "is t all rare?"),
        ("what does see dee seven mean", "what does cd seven mean"),
        ("what is c d 7", "what is cd7"),
        ("how are the tank sells made", "how are the tank cells made"),
    ],
)
def test_letters_typed_one_by_one_spell_a_short_name(typed: str, read: str) -> None:
    assert letters_joined(typed) == read


@pytest.mark.parametrize(
    "typed",
    [
        "every time i see a headline i cry",  # "see a" is no C and A
        "is it a b cell or a t cell",
        "what's a t cell?",
        "the shop sells leaflets",
        "we had tee time booked",
    ],
)
def test_words_are_left_as_words(typed: str) -> None:
    assert letters_joined(typed) == typed


def test_a_term_typed_letter_by_letter_gets_its_meaning(engine: Engine) -> None:
    reply = engine.ask("whats an n k cell exactly")
    assert reply.kind == "answer" and "natural killer" in reply.text
