"""Spelling correction against a vocabulary, with a real English word list behind it.

A token is corrected only when it is not an English word (symspellpy's 82,765-word
frequency dictionary) and lies within a small edit distance of a vocabulary word, so
"feaver" becomes "fever" but "breed" never becomes "bleed". symspellpy does the lookup
in microseconds (Damerau–Levenshtein, transpositions count as one edit).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, KeysView
from collections.abc import Set as AbstractSet
from functools import cache, lru_cache
from importlib import resources

from symspellpy import SymSpell, Verbosity
from symspellpy.suggest_item import SuggestItem

_DICTIONARY = "frequency_dictionary_en_82_765.txt"
MIN_LENGTH = 4  # shorter tokens ("wrk", "tak") are corrected only when one word fits ...
SHORTEST = 3  # ... and two-letter ones never
LONG_WORD = 7  # from this length two edits are allowed, below it one
RARE = 1_000_000  # an English word seen fewer times than this may itself be a slip ...
MORE_COMMON = 300  # ... for a content word one edit away and this many times as common


COUNT_STEPS = 64  # counts are kept to within 1.6 % below (64 steps for each factor of e)


@cache
def english_counts() -> dict[str, int]:
    """How often each word of symspellpy's English list occurs (rounded down, by at most 1.6 %), loaded
    once per process. The rounded counts are a few hundred shared numbers, where exact ones
    were 82k separate integers (2.6 MB)."""
    text = resources.files("symspellpy").joinpath(_DICTIONARY).read_text(encoding="utf-8")
    pairs = (line.split(" ", 1) for line in text.splitlines() if line)
    rounded: dict[int, int] = {}
    counts = {}
    for word, count in pairs:
        step = math.floor(math.log(max(int(count), 1)) * COUNT_STEPS)
        counts[word] = rounded.setdefault(step, round(math.exp(step / COUNT_STEPS)))
    return counts


@cache
def english_words() -> KeysView[str]:
    """The English word list shipped with symspellpy: the counts' own keys, not a copy
    (a frozenset of the 82k words cost about 4 MB of a 100 MB budget)."""
    return english_counts().keys()


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _english_slip(token: str) -> str:
    """The commonest English word one slip (a letter left out, added, changed or two swapped)
    from `token`, or "" if none is; rare words ("palatine" for "palative") do not count."""
    counts = english_counts()
    splits = [(token[:i], token[i:]) for i in range(len(token) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    edits |= {a + c + b for a, b in splits for c in _LETTERS}
    found = [w for w in edits if counts.get(w, 0) >= RARE and w != token]
    return max(found, key=lambda w: (counts[w], w)) if found else ""


def max_edits(token: str) -> int:
    return 2 if len(token) >= LONG_WORD else 1


class Speller:
    """Corrects tokens towards `vocabulary`; built once per vocabulary, `correct` is cached."""

    def __init__(
        self,
        vocabulary: Iterable[str],
        guard: AbstractSet[str] | None = None,
        preferred: Iterable[str] = (),
        shortest: int = SHORTEST,
        extends: Speller | None = None,
        foreign: frozenset[str] = frozenset(),
    ):
        """`preferred` words (names: "tank", "layla") win a tie: "takn" is "tank", not "taken".
        Tokens shorter than `shortest` are left alone, and so are `foreign` words (another
        language's "soll" is no slip for "sell"). With `extends`, that speller's dictionary is
        shared and only the new words are added to it."""
        self.shortest = shortest
        self.foreign = foreign
        self.vocabulary = frozenset(w for w in vocabulary if w.isalpha() and len(w) >= shortest - 1)
        self.preferred = frozenset(preferred) & self.vocabulary
        self.guard = english_words() if guard is None else guard
        if extends is None:
            # A 5-letter prefix keeps 8 MB fewer deletes than 7 and finds the same words.
            self._symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=5)
            added = self.vocabulary
        else:
            self._symspell = extends._symspell
            added = (self.vocabulary - extends.vocabulary) | (self.preferred - extends.preferred)
        for word in sorted(added):  # ties break the same way in every process
            self._symspell.create_dictionary_entry(word, 1000 if word in self.preferred else 1)
        self.correct = lru_cache(maxsize=65536)(self._correct)

    def grown(self, vocabulary: Iterable[str], preferred: Iterable[str] = ()) -> Speller:
        """A speller for a new vocabulary that shares this one's dictionary: the same one if
        nothing changed, else this dictionary with the new words added (a reload after one
        fact changed costs what changed, not the whole vocabulary again). Words that left the
        vocabulary are never suggested."""
        grown = Speller(vocabulary, self.guard, preferred, self.shortest, extends=self, foreign=self.foreign)
        same = grown.vocabulary == self.vocabulary and grown.preferred == self.preferred
        return self if same else grown

    def _lookup(self, token: str, distance: int) -> list[SuggestItem]:
        found = self._symspell.lookup(token, Verbosity.CLOSEST, max_edit_distance=distance)
        return [s for s in found if s.term in self.vocabulary]

    def near(self, token: str) -> bool:
        """A vocabulary word one edit away that begins alike ("crisper": crispr)."""
        return any(str(s.term)[:1] == token[:1] and s.term != token for s in self._lookup(token, 1))

    def _correct(self, token: str) -> str:
        if len(token) < self.shortest or token in self.vocabulary or not token.isalpha():
            return token
        if token in self.foreign:
            return token
        if token in self.guard:
            return self._rare_slip(token) if len(token) >= MIN_LENGTH else token
        found = self._lookup(token, max_edits(token))
        if not found:
            return token
        best = found[0]
        if best.distance > 1 and (english := _english_slip(token)):
            return english  # "pregant" is "pregnant", one slip away, not "present", two
        tied = len(found) > 1 and found[1].distance == best.distance
        if tied and best.term in self.preferred and found[1].term not in self.preferred:
            return str(best.term)
        # Equally close words: the token is ambiguous (and a three-letter one always is).
        if tied and (best.distance > 1 or len(token) < MIN_LENGTH):
            return token
        if tied:
            # One slip either way: swapped letters are the likeliest slip ("sdie" is "side",
            # not "die"), then a word of the same length, then the commoner word ("woek": work).
            counts = english_counts()
            letters = sorted(token)
            close = [str(s.term) for s in found if s.distance == best.distance]
            return max(close, key=lambda t: (sorted(t) == letters, len(t) == len(token), counts.get(t, 0), t))
        return str(best.term)

    def _rare_slip(self, token: str) -> str:
        """A rare English word one edit from a far commoner content word, or from a name the
        content prefers, is a slip: "terns" is "terms", "alissa" is "alyssa"; "breed" (common
        enough) stays "breed"."""
        counts = english_counts()
        seen = counts.get(token, 0)
        if seen >= RARE:
            return token
        found = self._lookup(token, 1)
        common = [s for s in found if counts.get(s.term, 0) >= MORE_COMMON * max(seen, 1)]
        if len(common) == 1:
            return str(common[0].term)
        # A rare name one slip from a name the content uses, with the same first letter:
        # "alissa" is Alyssa.
        named = [
            s
            for s in found
            if s.term in self.preferred and str(s.term)[:1] == token[:1] and counts.get(s.term, 0) > seen
        ]
        return str(named[0].term) if len(named) == 1 else token

    def tokens(self, tokens: Iterable[str]) -> list[str]:
        return [self.correct(t) for t in tokens]
