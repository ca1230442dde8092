"""Text as the bot reads it: a message cut to a question (`question`), and the normalised words
that safety, therapy detection and intent matching share (`clean`, `words`)."""

from __future__ import annotations

import re
import unicodedata

# Where one sentence of a cleaned message ends and the next begins: after . ! or ?
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
MAX_QUESTION = 8000  # characters of a message that anything reads: nothing longer is copied around
MAX_INPUT_CHARS = 2000  # characters of cleaned text that matching reads

_ZERO_WIDTH = dict.fromkeys(
    map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2066\u2067\u2068\u2069\ufeff")
)
# Letters that look like Latin ones (Cyrillic, Greek), as used to dodge filters or typed by
# phones set to another keyboard. NFKC already folds full-width and styled letters.
_LOOKALIKES = str.maketrans(
    "аеорсхуікмтнвѕјԁɡαβεικνορτυχ",
    "aeopcxyikmthbsjdgabeiknoptyx",
)
# User, role and channel mentions, and @everyone/@here: they name people, not what was asked.
_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
# Digits of other scripts ("٣٩" in Arabic, "۳۹" in Persian, "३९" in Devanagari) as 0-9,
# and their decimal separator ("٣٨٫٥"), so that a temperature is read in any script.
_DIGITS = str.maketrans(
    {chr(base + d): str(d) for base in (0x660, 0x6F0, 0x966, 0x9E6) for d in range(10)} | {"٫": "."}
)
_NON_WORD = re.compile(r"[^a-z0-9']+")
_CONTRACTIONS = {
    "'s": "",
    "n't": " not",
    "'re": " are",
    "'m": " am",
    "'ve": " have",
    "'ll": " will",
    "'d": " would",
}
_CONTRACTION = re.compile(r"(?:'s|n't|'re|'m|'ve|'ll|'d)\b")


def sanitise(raw: str) -> str:
    """Text as it may go anywhere (logs, storage, JSON): lone surrogates become U+FFFD.

    Applied once where text comes in (Discord, the CLI); everything after may assume valid Unicode."""
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        return raw.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return raw


def squash_spaces(text: str) -> str:
    """Every run of whitespace (newlines too) as one space, none at either end."""
    return " ".join(text.split())


def without_mentions(text: str) -> str:
    """``text`` with its mentions (users, roles, channels, @everyone, @here) made spaces."""
    return _MENTION.sub(" ", text)


def question(raw: str) -> str:
    """A message as a question: cut to MAX_QUESTION, valid Unicode, without mentions, trimmed.

    Where a message comes in from Discord; what is kept of it (logs, the unanswered list) is
    taken from this."""
    return without_mentions(sanitise(raw[:MAX_QUESTION])).strip()


def clean(raw: str) -> str:
    """Lower-case, look-alike-free, mention-free text with single spaces; punctuation kept."""
    text = raw[:MAX_QUESTION]  # cut huge input before any per-character work
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    text = without_mentions(text)
    text = text.casefold().translate(_LOOKALIKES).translate(_APOSTROPHES).translate(_DIGITS)
    return squash_spaces(text)[:MAX_INPUT_CHARS]


def words(cleaned: str) -> list[str]:
    """Word tokens: punctuation and hyphens split words, contractions expanded."""
    text = cleaned
    if "'" in text:
        text = text.replace("can't", "can not").replace("won't", "will not")
        text = _CONTRACTION.sub(lambda m: _CONTRACTIONS[m.group(0)], text).replace("'", "")
    return [w for w in _NON_WORD.sub(" ", text).split() if w]


def joined_ngrams(tokens: list[str], longest: int = 3) -> set[str]:
    """Adjacent tokens glued together ('be car 7' → 'becar7'), for spelling-proof alias lookup."""
    grams: set[str] = set()
    for size in range(1, longest + 1):
        for start in range(len(tokens) - size + 1):
            grams.add("".join(tokens[start : start + size]))
    return grams


def stem(word: str) -> str:
    """A light suffix stripper, so that 'needles', 'multiplied' and 'scared' meet 'needle',
    'multiply' and 'scare' when facts are ranked."""
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


# Letters said aloud or typed one by one: "tee all" is T-ALL, "n k cells" NK cells, "see dee 7"
# CD7; and the one sound-alike the content's own words invite: "tank sells" are TaNK cells.
_LETTER_NAMES = {
    "tee": "t", "cee": "c", "see": "c", "dee": "d", "bee": "b", "kay": "k", "ell": "l", "gee": "g",
    "vee": "v", "zed": "z",
}  # fmt: skip
_BESIDE_A_LETTER = re.compile(r"^(?:[b-hj-z]|\d+|all|cells?)$")  # "see a headline": "a" is a word
_SINGLE_LETTERS = re.compile(r"(?<!\S)([a-z])((?: [a-z](?![^\s?!.,]))+)(?: (\d+)\b)?")
_SELLS = re.compile(
    r"\b(t|nk|tank|killer|blood|immune|stem|white|donor|car-t|cart|edited|changed|healthy|natural|these|those)"
    r" (sell|sells)\b"
)


def letters_joined(cleaned: str) -> str:
    """Letters said or typed one by one, joined into the short name they spell."""
    parts = cleaned.split(" ")
    for i, part in enumerate(parts):
        letter = _LETTER_NAMES.get(part)
        if letter is None:
            continue
        after = parts[i + 1].strip("?!.,") if i + 1 < len(parts) else ""
        before = parts[i - 1] if i else ""
        if (
            _BESIDE_A_LETTER.match(after)
            or after in _LETTER_NAMES
            or (len(before) == 1 and before not in "ai" and before.isalpha())
        ):
            parts[i] = letter
    text = " ".join(parts)

    def join(match: re.Match[str]) -> str:
        letters = match.group(1) + match.group(2).replace(" ", "")
        if len(letters) == 2 and ({letters[0], letters[-1]} & {"a", "i"}):
            return match.group()  # "is it a b cell", "i d like": words, not letters
        return letters + (match.group(3) or "")

    text = _SINGLE_LETTERS.sub(join, text)
    return _SELLS.sub(lambda m: f"{m.group(1)} {'cells' if m.group(2) == 'sells' else 'cell'}", text)
