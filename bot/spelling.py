"""Spelling correction against a vocabulary, with a real English word list behind it.

A token is corrected only when it is not an English word (symspellpy's 82,765-word
frequency dictionary) and lies within a small edit distance of a vocabulary word, so
"feaver" becomes "fever" but "breed" never becomes "bleed". symspellpy does the lookup
in microseconds (Damerau–Levenshtein, transpositions count as one edit).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

from symspellpy import SymSpell, Verbosity

_DICTIONARY = "frequency_dictionary_en_82_765.txt"
MIN_LENGTH = 4  # shorter tokens ("hes", "wat") are left to slang tables
LONG_WORD = 7  # from this length two edits are allowed, below it one


@cache
def english_words() -> frozenset[str]:
    """The English word list shipped with symspellpy, loaded once per process."""
    text = resources.files("symspellpy").joinpath(_DICTIONARY).read_text(encoding="utf-8")
    return frozenset(line.split(" ", 1)[0] for line in text.splitlines() if line)


def max_edits(token: str) -> int:
    return 2 if len(token) >= LONG_WORD else 1


class Speller:
    """Corrects tokens towards `vocabulary`; built once per vocabulary, `correct` is cached."""

    def __init__(self, vocabulary: Iterable[str], guard: frozenset[str] | None = None):
        self.vocabulary = frozenset(w for w in vocabulary if w.isalpha() and len(w) >= MIN_LENGTH - 1)
        self.guard = english_words() if guard is None else guard
        self._symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word in self.vocabulary:
            self._symspell.create_dictionary_entry(word, 1)
        self.correct = lru_cache(maxsize=65536)(self._correct)

    def _correct(self, token: str) -> str:
        if len(token) < MIN_LENGTH or token in self.vocabulary or token in self.guard or not token.isalpha():
            return token
        found = self._symspell.lookup(token, Verbosity.CLOSEST, max_edit_distance=max_edits(token))
        if not found:
            return token
        best = found[0]
        # Two equally close words that differ: the token is ambiguous, leave it alone.
        if len(found) > 1 and found[1].distance == best.distance and best.distance > 1:
            return token
        return str(best.term)

    def tokens(self, tokens: Iterable[str]) -> list[str]:
        return [self.correct(t) for t in tokens]
