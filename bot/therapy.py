"""Finds which therapies a question names: spellings, patients and hospitals, typo-tolerant."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from bot.model import Therapy
from bot.text import clean, words

_LONGEST_ALIAS_WORDS = 4
_FUZZY_MIN_LEN = 5
# One slip (a letter changed, added, dropped or two swapped) in a name of five letters or
# more: "becra7", "bexar7", "ucrat19" (the plain edit ratio counted a swap or a changed letter
# twice, so no six-letter name survived one slip)
_FUZZY_CUTOFF = 0.8


@dataclass(frozen=True)
class Detection:
    therapies: tuple[str, ...]  # in order of first mention
    consumed: frozenset[int]  # token positions that spelled a therapy's name
    clued: frozenset[int] = frozenset()  # token positions of clues (patients, hospitals): still words


class TherapyDetector:
    def __init__(self, therapies: list[Therapy], publishers: tuple[tuple[str, str], ...] = ()):
        """`publishers`: (publisher, therapy) for each article about one therapy: "what does
        Washington News Day say about ..." is about that article's therapy."""
        self.by_alias: dict[str, str] = {}
        self.clues: set[str] = set()
        for therapy in therapies:
            for alias in (therapy.name, *therapy.aliases, *therapy.clues):
                self.by_alias["".join(words(clean(alias)))] = therapy.name
            self.clues.update("".join(words(clean(clue))) for clue in therapy.clues)
        for publisher, therapy_name in publishers:
            for spelling in (publisher, publisher.removeprefix("The ")):
                key = "".join(words(clean(spelling)))
                self.by_alias.setdefault(key, therapy_name)
                self.clues.add(key)
        self._fuzzy_keys = [a for a in self.by_alias if len(a) >= _FUZZY_MIN_LEN]
        self._closest = lru_cache(maxsize=4096)(self._closest_uncached)
        # A question is read several times over (as typed, as spelt, its asking part): once each.
        # Kept small, so a repeated question is read afresh and the benchmark is not flattered.
        self._detected = lru_cache(maxsize=8)(self._detect_uncached)

    def _closest_uncached(self, token: str) -> str | None:
        found = process.extractOne(
            token,
            self._fuzzy_keys,
            scorer=DamerauLevenshtein.normalized_similarity,
            score_cutoff=_FUZZY_CUTOFF,
        )
        return self.by_alias[found[0]] if found else None

    def detect(self, tokens: list[str]) -> Detection:
        return self._detected(tuple(tokens))

    def _detect_uncached(self, tokens: tuple[str, ...]) -> Detection:
        found: list[tuple[int, str]] = []
        consumed: set[int] = set()
        clued: set[int] = set()
        for size in range(_LONGEST_ALIAS_WORDS, 0, -1):  # longest names first
            for start in range(len(tokens) - size + 1):
                span = range(start, start + size)
                if consumed.intersection(span) or clued.intersection(span):
                    continue
                key = "".join(tokens[start : start + size])
                name = self.by_alias.get(key)
                if name is None and key.endswith("s") and len(key) > 4:  # "laylas mum", "taras cells"
                    key = key[:-1]
                    name = self.by_alias.get(key)
                if name:
                    found.append((start, name))
                    (clued if key in self.clues else consumed).update(span)
        for index, token in enumerate(tokens):
            if index not in consumed and len(token) >= _FUZZY_MIN_LEN and not token.isalpha():
                name = self._closest(token)  # "ucatr19", "becar77": mixed letters and digits only
                if name:
                    found.append((index, name))
                    consumed.add(index)
        ordered = tuple(dict.fromkeys(name for _, name in sorted(found)))
        return Detection(ordered, frozenset(consumed), frozenset(clued))

    def strip(self, tokens: list[str]) -> list[str]:
        """The tokens without the ones that spell a therapy's name."""
        consumed = self.detect(tokens).consumed
        return [t for i, t in enumerate(tokens) if i not in consumed]


@lru_cache(maxsize=16)
def detector_for(
    therapies: tuple[Therapy, ...], publishers: tuple[tuple[str, str], ...] = ()
) -> TherapyDetector:
    """One detector per distinct therapy list, shared across reloads (and their caches with it)."""
    return TherapyDetector(list(therapies), publishers)
