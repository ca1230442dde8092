"""Typing mistakes put into questions on purpose: does an answer survive two slips?

Each slip is one of what people's thumbs do: a letter dropped, doubled, swapped with the
next one, or replaced by a neighbouring key. Words shorter than four letters are left alone
(slips there change the word, not its spelling). The same seed gives the same slips.
"""

from __future__ import annotations

import random
import re

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {
    letter: "".join(
        row2[j]
        for r2, row2 in enumerate(_ROWS)
        if abs(r2 - r) <= 1
        for j in range(max(0, i - 1), min(len(row2), i + 2))
        if row2[j] != letter
    )
    for r, row in enumerate(_ROWS)
    for i, letter in enumerate(row)
}
_WORD = re.compile(r"[A-Za-z]{4,}")


def misspell(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)  # first and last letters are rarely the slip
    slip = rng.choice(("drop", "double", "swap", "neighbour"))
    if slip == "drop":
        return word[:i] + word[i + 1 :]
    if slip == "double":
        return word[:i] + word[i] + word[i:]
    if slip == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    near = _NEIGHBOURS.get(word[i].lower(), word[i])
    return word[:i] + rng.choice(near) + word[i + 1 :]


def with_typos(text: str, slips: int, seed: str) -> str:
    """`text` with `slips` words misspelt (fewer if it has fewer long words)."""
    rng = random.Random(seed)
    spans = [m.span() for m in _WORD.finditer(text)]
    chosen = sorted(rng.sample(spans, min(slips, len(spans))), reverse=True)
    for start, end in chosen:
        text = text[:start] + misspell(text[start:end], rng) + text[end:]
    return text
