"""Spelling correction towards the content's words, and a speller that grows on reload."""

from __future__ import annotations

from bot.spelling import Speller


def test_a_misspelt_content_word_is_corrected_and_real_words_are_left_alone() -> None:
    speller = Speller(["fever", "leukaemia", "remission"])
    assert speller.correct("feaver") == "fever"
    assert speller.correct("remision") == "remission"
    assert speller.correct("breed") == "breed"  # an English word, not a slip for "bleed"


def test_a_rare_english_word_next_to_a_far_commoner_content_word_is_a_slip() -> None:
    assert Speller(["terms"]).correct("terns") == "terms"


def test_a_rare_name_one_slip_from_a_name_the_content_prefers_is_that_name() -> None:
    speller = Speller(["alyssa", "joanne", "cells"], preferred=["alyssa", "joanne"])
    assert speller.correct("alissa") == "alyssa"
    assert speller.correct("joanna") == "joanna"  # a common name of its own
    assert Speller(["alyssa"]).correct("alissa") == "alissa"  # not a name the content prefers


def test_names_win_a_tie() -> None:
    speller = Speller(["tank", "taken"], preferred=["tank"])
    assert speller.correct("takn") == "tank"


def test_a_grown_speller_knows_new_words_and_never_suggests_removed_ones() -> None:
    before = Speller(["fever", "platelets"])
    after = before.grown(["fever", "neutropenic"])
    assert after.correct("nutropenic") == "neutropenic"
    assert after.correct("platelts") == "platelts"  # "platelets" left the content
    assert before.correct("platelts") == "platelets"  # the old speller still answers as it did
    assert before.grown(["fever", "platelets"]) is before  # nothing changed: the same speller


def test_a_tie_goes_to_swapped_letters_then_the_commoner_word() -> None:
    speller = Speller({"side", "die", "many", "main", "work", "week"})
    assert speller.correct("sdie") == "side"  # swapped letters, not a letter dropped
    assert speller.correct("mayn") == "many"
    assert speller.correct("woek") == "work"  # both one letter off: the commoner word


def test_a_slip_one_letter_from_a_real_word_is_that_word_not_a_content_word_two_away() -> None:
    speller = Speller(["present", "palliative", "leicester"])
    assert speller.correct("pregant") == "pregnant"  # not "present"
    assert speller.correct("palative") == "palliative"  # "palatine" is too rare to be meant
    assert speller.correct("leicster") == "leicester"  # a content word one letter away still wins
