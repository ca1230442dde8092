"""Intent matching: typo-corrected, IDF-weighted word overlap plus rapidfuzz example similarity.

The score of an intent mixes three signals, each in 0..1:
- overlap: the share of the question's (IDF-weighted) words that the intent's examples use;
  words no example uses count against every intent, so off-topic questions score low;
- similarity: rapidfuzz's best match between the question and one of the intent's examples;
- keyword: whether one of the intent's discriminative keywords appears as whole words.
Only intents sharing a word with the question are scored, so cost grows with the
question, not with the content.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Set
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.model import Intent
from bot.text import clean, words

W_OVERLAP, W_SIMILARITY, W_KEYWORD = 0.5, 0.35, 0.15
CANDIDATES = 8
SMALLTALK_MAX_WORDS = 4  # content words; "thanks" at the end of a long question is not smalltalk
_TYPO_CUTOFF = 80
_SHORT_TYPO_CUTOFF = 86  # one wrong letter in a short word makes another word
_TYPO_MIN_LEN = 4

STOPWORDS = frozenset(
    """a an the is are was were be been being am do does did doing to of in on at for and or
    but it its this that these those i me my we our us you your u ur he she her him his they
    them their so just please pls plz really very about with as by from any some there here
    has have had having im ive id would could will shall can may might must also too then
    than if oh ok okay um uh like get got gets one ones thing things stuff""".split()
)
SLANG = {
    "wat": "what",
    "wht": "what",
    "wot": "what",
    "wut": "what",
    "wen": "when",
    "whn": "when",
    "wich": "which",
    "wer": "where",
    "whats": "what",
    "hw": "how",
    "y": "why",
    "r": "are",
    "abt": "about",
    "ppl": "people",
    "thx": "thanks",
    "thanx": "thanks",
    "ty": "thanks",
    "becuz": "because",
    "cuz": "because",
    "bc": "because",
    "gonna": "going",
    "wanna": "want",
    "kid": "child",
    "kids": "children",
    "docs": "doctors",
    "doc": "doctor",
    "yrs": "years",
    "yr": "year",
    "mom": "mum",
    "moms": "mum",
    "mums": "mum",
    "mummy": "mum",
    "mommy": "mum",
    "ppl's": "people",
    "leukemia": "leukaemia",
    "lukemia": "leukaemia",
    "leukimia": "leukaemia",
    "doesnt": "does",
    "didnt": "did",
    "couldnt": "could",
    "wouldnt": "would",
    "isnt": "is",
    "wasnt": "was",
    "arent": "are",
    "cant": "can",
    "wont": "will",
    "shouldnt": "should",
    "dont": "do",
    "hasnt": "has",
    "havent": "have",
    "whos": "who",
    "hows": "how",
    "wheres": "where",
    "shes": "she",
    "hes": "he",
    "theyre": "they",
    "thats": "that",
    "its": "it",
    "ok": "okay",
    "leukemia's": "leukaemia",
}
# Everyday words for what the articles name in their own words: a family writes "the tot",
# "the kiwi mum", "the medics", "the green light"; the articles say baby, New Zealand, doctors,
# permission. Both the questions and the facts are read through this map, so either word
# finds the other. Only words whose meaning here is unambiguous.
EVERYDAY = {
    **dict.fromkeys(
        ("infant", "infants", "tot", "tots", "toddler", "toddlers", "newborn", "bub", "bubba", "bairn"),
        "baby",
    ),
    **dict.fromkeys(("teens", "teenage", "teenager", "teenagers", "adolescent", "adolescents"), "teen"),
    **dict.fromkeys(("mother", "mothers", "mam", "mammy", "mama", "momma"), "mum"),
    **dict.fromkeys(("father", "fathers", "daddy", "papa"), "dad"),
    **dict.fromkeys(("youngster", "youngsters", "kiddies", "kiddos", "kiddo", "children's"), "children"),
    **dict.fromkeys(("grownups", "grown-ups"), "adults"),
    **dict.fromkeys(("participants", "volunteers"), "patients"),
    **dict.fromkeys(("medic", "medics", "physician", "physicians", "clinician", "clinicians"), "doctor"),
    **dict.fromkeys(("boffin", "boffins"), "scientist"),
    "prof": "professor",
    "uni": "university",
    **dict.fromkeys(("illness", "illnesses", "sickness", "ailment"), "disease"),
    **dict.fromkeys(("experiment", "experiments"), "trial"),
    **dict.fromkeys(
        (
            "approval",
            "approved",
            "authorisation",
            "authorization",
            "authorised",
            "authorized",
            "greenlight",
            "go-ahead",
            "sign-off",
            "okayed",
            "clearance",
        ),
        "permission",
    ),
    **dict.fromkeys(("cash", "money", "financed", "bankrolled", "sponsored", "bankroll"), "funded"),
    **dict.fromkeys(("kiwi", "kiwis", "aotearoa", "nz"), "zealand"),
    **dict.fromkeys(("america", "usa", "americans"), "american"),
    **dict.fromkeys(("britain", "british"), "uk"),
    **dict.fromkeys(
        (
            "inject",
            "injected",
            "injecting",
            "injection",
            "injections",
            "infused",
            "infusing",
            "infusions",
            "jab",
            "jabs",
            "drip",
        ),
        "infusion",
    ),
    **dict.fromkeys(
        (
            "modified",
            "modify",
            "modifying",
            "altered",
            "alter",
            "engineered",
            "engineer",
            "tweaked",
            "tweak",
            "tweaking",
            "reprogrammed",
            "reprogram",
            "reprograms",
            "reprogramming",
        ),
        "edited",
    ),
    **dict.fromkeys(("brainwave", "brainchild", "notion"), "idea"),
    **dict.fromkeys(("jab", "jabs", "syringe", "syringes"), "needle"),
    **dict.fromkeys(("squeamish", "frightened", "afraid", "terrified", "nervous"), "scared"),
    **dict.fromkeys(("footed", "bankrolled", "bankroll", "bankrolling"), "paid"),
    **dict.fromkeys(("haematology", "haematologist", "haematologists"), "hematology"),
    **dict.fromkeys(
        ("get-together", "get-togethers", "togethers", "conference", "conferences", "congress"), "meeting"
    ),
    **dict.fromkeys(("nickname", "nicknamed", "dubbed", "moniker"), "called"),
    **dict.fromkeys(("tumour", "tumours", "tumor", "tumors", "cancers"), "cancer"),
}
SLANG.update(EVERYDAY)
# Someone's relatives ("Joanne's husband"): a fact must name the relative to answer about
# them (bot.retrieval.KIN).
RELATIVES = frozenset(
    "daughter son mum mother dad father husband wife partner sister brother grandmother grandma "
    "grandfather grandad granddad aunt uncle cousin boyfriend girlfriend".split()
)
# People a family asks about that the articles may never mention: known words, so that a slip
# in them is corrected and the honest gap names them rightly.
EVERYDAY_PEOPLE = RELATIVES | {"nephew", "niece", "grandson", "granddaughter"}
_SENTENCE = re.compile(r"[.?!\n;,]+")
Strip = Callable[[list[str]], list[str]]  # tokens -> the tokens without therapy names


@lru_cache(maxsize=8)
def matcher_for(intents: tuple[Intent, ...], strip_tokens: Strip) -> IntentMatcher:
    """One matcher per distinct intent set: a reload that changed only facts keeps it."""
    return IntentMatcher(intents, strip_tokens)


@lru_cache(maxsize=100_000)
def _intent_index(intent: Intent, strip: Strip) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """An intent's examples and keywords as the matcher compares them, and its vocabulary.

    Memoised on the (immutable) intent and the name stripper, so a reload only redoes the
    intents that changed (the loader hands an unchanged intent file's Intent on as it was);
    every part is immutable, so matchers share them safely.
    """
    examples = [[SLANG.get(t, t) for t in strip(words(clean(e)))] for e in intent.examples]
    keywords = tuple(" ".join(SLANG.get(t, t) for t in words(clean(k))) for k in intent.keywords)
    vocab = {t for e in examples for t in e}
    vocab.update(t for k in keywords for t in k.split())
    return tuple(" ".join(e) for e in examples), keywords, frozenset(vocab - STOPWORDS)


@dataclass(frozen=True)
class Match:
    intent: str
    confidence: float


@dataclass(frozen=True)
class Ranking:
    matches: tuple[Match, ...]  # best first
    unknown_words: tuple[str, ...]  # words no intent or article knows

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None


class IntentMatcher:
    """Built once per content snapshot; `rank` is cheap and thread-safe."""

    def __init__(self, intents: tuple[Intent, ...], strip_tokens: Strip):
        self._strip = strip_tokens
        self.smalltalk = {i.name for i in intents if i.handler in ("smalltalk", "help")}
        self.examples: dict[str, tuple[str, ...]] = {}
        self.keywords: dict[str, tuple[str, ...]] = {}
        vocab_by_intent: dict[str, frozenset[str]] = {}
        for intent in intents:
            examples, keywords, vocab = _intent_index(intent, strip_tokens)
            self.examples[intent.name] = examples
            self.keywords[intent.name] = keywords
            vocab_by_intent[intent.name] = vocab
        count = max(len(intents), 1)
        self.postings: dict[str, list[str]] = defaultdict(list)
        for name, vocab in vocab_by_intent.items():
            for token in vocab:
                self.postings[token].append(name)
        self.idf = {t: math.log(1 + count / len(names)) for t, names in self.postings.items()}
        self.unknown_weight = math.log(1 + count)
        # Typo candidates share the first or the last letter and have about the same length.
        self._buckets: dict[tuple[str, str, int], list[str]] = defaultdict(list)
        for token in self.postings:
            if len(token) >= _TYPO_MIN_LEN - 1:
                self._buckets[("first", token[0], len(token))].append(token)
                self._buckets[("last", token[-1], len(token))].append(token)
        self._correct = lru_cache(maxsize=16384)(self._correct_uncached)

    @staticmethod
    def _normal(tokens: list[str]) -> list[str]:
        return [SLANG.get(t, t) for t in tokens]

    def _correct_uncached(self, token: str) -> str:
        """The vocabulary word this token most likely misspells, or itself."""
        if token in self.postings or token in STOPWORDS or len(token) < _TYPO_MIN_LEN or token.isdigit():
            return token
        pool: set[str] = set()
        for size in range(len(token) - 2, len(token) + 3):
            pool.update(self._buckets.get(("first", token[0], size), ()))
            pool.update(self._buckets.get(("last", token[-1], size), ()))
        cutoff = _TYPO_CUTOFF if len(token) > 5 else _SHORT_TYPO_CUTOFF
        # In a fixed order: a tie goes to the same word in every process (a set's order is not).
        found = process.extractOne(token, sorted(pool), scorer=fuzz.ratio, score_cutoff=cutoff)
        return found[0] if found else token

    def tokens(self, raw_tokens: list[str], known: Set[str] = frozenset()) -> list[str]:
        """Question tokens as the matcher sees them: slang expanded, typos fixed. Words in
        `known` (the articles' words) are real words, never corrected: "doing" is not "going"."""
        return [t if t in known else self._correct(t) for t in self._normal(raw_tokens)]

    def rank(self, tokens: list[str], cleaned: str = "", known: Set[str] = frozenset()) -> Ranking:
        """Score the question as a whole and sentence by sentence (long worried messages)."""
        best: dict[str, float] = {}
        parts = [tokens]
        if cleaned and len(tokens) > 12:
            sentences = [s for s in _SENTENCE.split(cleaned) if s.strip()]
            parts.extend(self.tokens(self._strip(words(s)), known) for s in sentences[-4:])
        for part in parts:
            for name, score in self._score(part, known).items():
                if score > best.get(name, 0.0):
                    best[name] = score
        if sum(t not in STOPWORDS for t in tokens) > SMALLTALK_MAX_WORDS:
            for name in self.smalltalk:
                best.pop(name, None)
        ordered = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        content = [t for t in tokens if t not in STOPWORDS]
        unknown = tuple(t for t in content if t not in known and t not in self.postings and not t.isdigit())
        return Ranking(tuple(Match(n, round(s, 4)) for n, s in ordered), unknown)

    def _score(self, tokens: list[str], known: Set[str]) -> dict[str, float]:
        content = [t for t in dict.fromkeys(tokens) if t not in STOPWORDS]
        if not content:
            content = list(dict.fromkeys(tokens))
        total = 0.0
        overlap: dict[str, float] = defaultdict(float)
        for token in content:
            names = self.postings.get(token)
            if names is None:
                total += self.unknown_weight * (0.5 if token in known else 1.0)
                continue
            weight = self.idf[token]
            total += weight
            for name in names:
                overlap[name] += weight
        if not overlap or total == 0:
            return {}
        shortlist = sorted(overlap, key=lambda n: -overlap[n])[:CANDIDATES]
        query = " ".join(tokens)
        padded = f" {query} "
        scores: dict[str, float] = {}
        for name in shortlist:
            found = process.extractOne(query, self.examples[name], scorer=fuzz.ratio)
            similarity = found[1] / 100 if found else 0.0
            keyword = 1.0 if any(f" {k} " in padded for k in self.keywords[name]) else 0.0
            scores[name] = W_OVERLAP * overlap[name] / total + W_SIMILARITY * similarity + W_KEYWORD * keyword
        return scores
