"""Safety triage, run before any matching: emergency, crisis, distress, or a personal decision.

How a message is read:
1. Its words are normalised (contractions, slang) and misspellings corrected towards the
   lexicon's own words (bot.spelling: real English words are never "corrected").
2. Figures of speech ("dying to know", "killing me") are removed.
3. Crisis wordings, by the categories of clinical screening, win over everything.
4. Danger signs by body system (bot.safety_words.SIGNS) and temperature readings are an
   emergency, unless the message is about the past or a plan ahead (then "possible
   danger": a bold line first, then the answer), or is a general question and says
   nothing about someone now (also "possible danger"). In doubt it is an emergency.
5. A personal hope or decision puts the care team first; despair or fear gets a warm
   reply. Each verdict names the categories that matched, so it can be explained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cache

from bot import safety_words as lex
from bot import triage_model
from bot.spelling import MIN_LENGTH, Speller
from bot.text import words


class Triage(Enum):
    NONE = "none"
    POSSIBLE = "possible"  # a danger sign, not clearly happening now: warn, then answer
    EMERGENCY = "emergency"
    CRISIS = "crisis"
    DISTRESS = "distress"
    DECISION = "decision"


@dataclass(frozen=True)
class Assessment:
    """The most urgent verdict, plus the lighter ones that also apply and why."""

    level: Triage
    reasons: tuple[str, ...] = ()
    possible_danger: bool = False  # a danger sign was mentioned (any level)
    distress: bool = False  # fear or despair was expressed (any level)


def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


@dataclass(frozen=True)
class _Lexicon:
    signs: dict[str, re.Pattern[str]]
    crisis: dict[str, re.Pattern[str]]
    now: re.Pattern[str]
    general: re.Pattern[str]
    not_now: re.Pattern[str]
    framing: re.Pattern[str]
    figures: re.Pattern[str]
    distress: re.Pattern[str]
    decision_strong: re.Pattern[str]
    decision_weak: re.Pattern[str]
    personal: re.Pattern[str]
    death_wish: re.Pattern[str]
    death_good: re.Pattern[str]
    loss_follow: re.Pattern[str]
    speller: Speller


@cache
def lexicon() -> _Lexicon:
    """Compiled once per process; the lexicon is code, not moderator content."""
    every = [
        *(p for group in lex.SIGNS.values() for p in group),
        *(p for group in lex.CRISIS.values() for p in group),
        *lex.NOW_STRONG,
        *lex.GENERAL,
        *lex.NOT_NOW,
        *lex.FRAMING,
        *lex.DISTRESS,
        *lex.DECISION_STRONG,
        *lex.DECISION_WEAK,
        lex.PERSON,
        lex.WISH,
        lex.DEATH,
        lex.GOOD,
        lex.THEN_FOLLOW,
    ]
    vocabulary = {w for p in every for w in re.findall(r"[a-z]{4,}", p)}
    return _Lexicon(
        signs={name: _compile(group) for name, group in lex.SIGNS.items()},
        crisis={name: _compile(group) for name, group in lex.CRISIS.items()},
        now=_compile(lex.NOW_STRONG),
        general=_compile(lex.GENERAL),
        not_now=_compile(lex.NOT_NOW),
        framing=_compile(lex.FRAMING),
        figures=_compile(lex.FIGURES),
        distress=_compile(lex.DISTRESS),
        decision_strong=_compile(lex.DECISION_STRONG),
        decision_weak=_compile(lex.DECISION_WEAK),
        personal=_compile(lex.PERSONAL),
        death_wish=re.compile(rf"\b({lex.WISH}) ((?:\w+ ){{0,6}}?){lex.DEATH}\b"),
        death_good=re.compile(rf"\b{lex.DEATH} (?:\w+ ){{0,3}}?{lex.GOOD}\b"),
        loss_follow=re.compile(rf"{lex.IF_LOSS} (?:\w+ ){{0,6}}?{lex.THEN_FOLLOW}\b"),
        speller=Speller(vocabulary, shortest=MIN_LENGTH),
    )


_IS = re.compile(r"\b(he|she|it|that|what|there|who|where|her|his|son|daughter|temp|everything)'s\b")
_SHORT = {
    "cant": "can not",
    "cnt": "can not",
    "wont": "will not",
    "dont": "do not",
    "dnt": "do not",
    "doesnt": "does not",
    "dosnt": "does not",
    "didnt": "did not",
    "isnt": "is not",
    "hasnt": "has not",
    "havent": "have not",
    "hadnt": "had not",
    "wasnt": "was not",
    "arent": "are not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "wouldnt": "would not",
    "cannot": "can not",
    "im": "i am",
    "ive": "i have",
    "ill": "i will",
    "hes": "he is",
    "shes": "she is",
    "theyre": "they are",
    "whats": "what is",
    "thats": "that is",
    "u": "you",
    "ur": "your",
    "r": "are",
    "n": "and",
    "pls": "please",
    "plz": "please",
    "wat": "what",
    "wot": "what",
    "abt": "about",
    "ya": "you",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "wanna": "want to",
    "gonna": "going to",
    "tmrw": "tomorrow",
    "2day": "today",
    "2nite": "tonight",
    "tonite": "tonight",
    "nite": "night",
    "mins": "minutes",
    "hrs": "hours",
    "wk": "week",
    "wks": "weeks",
    "yo": "year old",
    "mum's": "mum",
    "sez": "says",
    "makin": "making",
    "talkin": "talking",
    "breathin": "breathing",
    "shakin": "shaking",
    "fitin": "fitting",
    "bleedin": "bleeding",
    "throwin": "throwing",
    "pukin": "puking",
    "vomitin": "vomiting",
}
_READING = re.compile(
    r"(?<![\d.])(\d{2} point \d|\d{2,3}(?:[.,]\d{1,2})?)\s*(°|º|degrees?|deg)?\s*(c|f|celsius|fahrenheit)?\b"
)
_NOT_A_READING = re.compile(
    r"^\s*(?:%|percent|per cent|years?|yrs?|yo\b|y o|year|month|months|weeks?|days?|hours?|hrs|min|mins|minutes|"
    r"mg|kg|ml|times|million|patients|kids|children|people|breaths|bpm|beats|out of|miles|km|and has|with)"
)
# "38 degrees in Perth today": the weather, not a child.
_WEATHER = re.compile(
    r"\b(?:weather|outside|heatwave|heat wave|forecast|sunny|melting|scorching|the sun|summer|beach|"
    r"degrees in [a-z]+|in [a-z]+ today|stored|storage|fridge|freezer|oven|phone|laptop|overheat\w*|"
    r"room|bedroom|heating|thermostat|bath)\b"
)
_TEMP_CONTEXT = re.compile(
    r"\b(?:temp\w*|fever\w*|thermometer|reading|reads|read|degrees|hot|burning|spik\w*|hit|hits|reached|"
    r"climbing|rising|running)\b|\b(?:is|at|of|was|now|its|it is) $"
)


def temperature_reading(cleaned: str) -> float | None:
    """A fever written as a number: "39.4", "38 point 5", "102F", "temp 38". None if none."""
    for match in _READING.finditer(cleaned):
        number, degrees, unit = match.groups()
        after = cleaned[match.end() : match.end() + 12]
        around = cleaned[max(0, match.start() - 40) : match.end() + 40]
        if _NOT_A_READING.match(after) or _WEATHER.search(around):
            continue
        value = float(number.replace(" point ", ".").replace(",", "."))
        before = cleaned[max(0, match.start() - 30) : match.start()]
        decimal = "." in number or "," in number or "point" in number
        told = bool(degrees or unit or decimal or _TEMP_CONTEXT.search(before) or "temp" in cleaned)
        fahrenheit = unit in ("f", "fahrenheit") or (unit is None and value >= 99.5)
        if fahrenheit and 100.0 <= value <= 110 and told:
            return value
        if not fahrenheit and 37.8 <= value <= 43.5 and told:
            return value
    return None


# Emoji that carry the meaning of a word in crisis talk ("just want to 💀", "😴 forever").
_EMOJI = {
    "\U0001f480": " die ",  # skull
    "\u2620": " die ",  # skull and crossbones
    "\U0001faa6": " grave ",  # headstone
    "\u26b0": " coffin ",
    "\U0001f634": " sleep ",  # sleeping face
    "\U0001f52a": " knife ",
    "\U0001f48a": " pills ",
    "\U0001fa78": " blood ",
    "\U0001f912": " fever ",  # face with thermometer
    "\U0001f321": " temperature ",
}
_EMOJI_RE = re.compile("|".join(_EMOJI))


def expanded(cleaned: str) -> str:
    """Contractions, slang and emoji expanded, misspellings corrected; figures of speech kept."""
    if not cleaned.isascii():
        cleaned = _EMOJI_RE.sub(lambda m: _EMOJI[m.group(0)], cleaned)
    tokens = words(_IS.sub(r"\1 is", cleaned))
    speller = lexicon().speller
    return " ".join(_SHORT.get(t, speller.correct(t)) for t in tokens)


def _without_figures(text: str) -> str:
    return " ".join(lexicon().figures.sub(" ", text).split())


_QUESTION = re.compile(
    r"\?|^(?:is|are|was|were|has|have|had|would|will|can|could|should|shall|how|which|what|why|do|does|did|"
    r"who|when|where)\b"
)
_ASKING = re.compile(r"\b(?:know|ask|find out|learn|read|understand|check|see if|hear|tell)\b")


def asks_something(cleaned: str) -> bool:
    """A question, or a request to be told: "I'm so scared" alone asks nothing."""
    return bool(_QUESTION.search(cleaned) or _ASKING.search(cleaned))


_NEGATION = re.compile(rf"\b{lex.FEAR_NOT}\b")
_DEATH_ITSELF = re.compile(r"^(?:die|died|dead|death|dying)")


_MODAL = re.compile(r"^(?:going to|gonna|might|could just|would just|will just|may as well|might as well)$")
_FIRST_PERSON_BEFORE = re.compile(r"\bi (?:am |will |would |have |really |honestly |just |think i )*$")


def _death_wish(lx: _Lexicon, text: str) -> bool:
    """A wish or thought, then death within a few words: "hoping I just won't wake up";
    death, then a good word for it: "not waking up sounds nice"; a loss, then following:
    "if she goes i'm going too". Not "I want to know if you can die from it", not "I hope
    she will not die", not "I'm scared he might die" (a modal counts only after "I")."""
    for match in lx.death_wish.finditer(text):
        wish, between = match.group(1), match.group(2)
        if _ASKING.search(between):
            continue
        if _NEGATION.search(between) and _DEATH_ITSELF.match(text[match.end(2) :]):
            continue
        if _MODAL.match(wish) and not _FIRST_PERSON_BEFORE.search(text[: match.start()]):
            continue
        return True
    return bool(lx.death_good.search(text) or lx.loss_follow.search(text))


def _matches(patterns: dict[str, re.Pattern[str]], text: str) -> tuple[str, ...]:
    return tuple(name for name, pattern in patterns.items() if pattern.search(text))


def warm() -> None:
    """Compile the lexicon and load the learned model now, not on the first family's message."""
    triage("hello")


def normalised(cleaned: str) -> str:
    """What the triage reads (and the learned model is trained on): slang, emoji and
    misspellings resolved, figures of speech removed."""
    return _without_figures(expanded(cleaned))


_SINCE = re.compile(
    r"\b(?:since|for) (?:about |around |the last |the past )?(?:\d+ ?(?:am|pm|o clock|hours?|hrs)|this (?:morning|afternoon|evening)|"
    r"last night|lunch|breakfast|tea|dinner|yesterday|the infusion|the cells|tonight)"
)
_SENTENCE_END = re.compile(r"[.!?;\n]+\s*|\s+-+\s+")


def _past(lx: _Lexicon, cleaned: str, text: str) -> bool:
    """The danger signs are all in the past or ahead ("a fit years ago"), or the message is
    framed as not about anyone now ("for my nursing exam"). The past is judged sentence by
    sentence: "She retired 10 years ago. She doesn't know what day it is" is happening now."""
    if lx.framing.search(text):
        return True
    if not lx.not_now.search(text):
        return False
    for sentence in _SENTENCE_END.split(cleaned):
        part = normalised(sentence)
        reading = temperature_reading(sentence) is not None
        if not (_matches(lx.signs, part) or reading):
            continue
        if lx.not_now.search(part) and not _SINCE.search(part):
            continue  # "confused since 4pm ... retired years ago": the since is about now
        if reading or lx.now.search(part) or not lx.general.search(part):
            return False
    return True


def triage(cleaned: str) -> Assessment:
    """Classify a cleaned message (bot.text.clean); the most urgent category wins."""
    lx = lexicon()
    full = expanded(cleaned)
    text = _without_figures(full)
    crisis = _matches(lx.crisis, text)
    if not crisis and _death_wish(lx, text):
        crisis = ("wish_dead",)
    if crisis:
        return Assessment(Triage.CRISIS, crisis, distress=True)
    model = triage_model.shipped()
    odds = model.probabilities(text) if model else {}
    learned = tuple(label for label, p in odds.items() if p >= triage_model.THRESHOLD[label])
    signs = _matches(lx.signs, text)
    if not signs and "emergency" in learned:
        signs = ("learned",)
    general = bool(lx.general.search(text))
    personal = bool(lx.personal.search(text))
    distress = bool(lx.distress.search(full))  # "the waiting is killing me" is distress
    if distress and general and not personal:
        distress = False  # "was Tara scared of needles?" asks about the article, not the asker
    reading = temperature_reading(cleaned) is not None
    if reading:
        signs = ("temperature", *signs)
    now = reading or bool(lx.now.search(text))
    learned_crisis = "crisis" in learned and not (general and asks_something(cleaned))
    if signs and not _past(lx, cleaned, text) and (now or not general):
        if learned_crisis and odds["crisis"] > odds["emergency"]:
            # "she's not answering since she texted goodbye": the words are shared, the model
            # trained on both tells which it is.
            return Assessment(Triage.CRISIS, ("learned", *signs), possible_danger=True, distress=True)
        return Assessment(Triage.EMERGENCY, signs, possible_danger=True, distress=distress)
    if learned_crisis:
        # The lexicon's crisis words come first, then its emergencies; a question about the
        # articles needs the lexicon's own words to count as a crisis.
        return Assessment(Triage.CRISIS, ("learned",), distress=True)
    possible = bool(signs)
    weak = personal and bool(lx.decision_weak.search(text))
    if weak and distress and not _QUESTION.search(cleaned):
        weak = False  # "I'm terrified the cells won't work": fear, not a question to decide
    if lx.decision_strong.search(text) or weak:
        return Assessment(Triage.DECISION, ("decision", *signs), possible, distress)
    if "decision" in learned and not general:
        return Assessment(Triage.DECISION, ("decision", "learned", *signs), possible, distress)
    if possible:
        return Assessment(Triage.POSSIBLE, signs, True, distress)
    if "distress" in learned:
        distress = True
    if distress:
        return Assessment(Triage.DISTRESS, ("distress",), distress=True)
    return Assessment(Triage.NONE)
