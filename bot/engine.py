"""The answer engine: safety first, then therapy and intent, then a grounded, cited reply.

Free of discord.py: the CLI, the tests and the Discord bot all call `Engine.ask`.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import cached_property, lru_cache
from itertools import chain
from typing import Any

from bot.answer_types import NAME_ASKED, wanted
from bot.dating import STALE_YEARS, Today, asks_about_today, years_since
from bot.framing import Framer
from bot.gaps import (
    APPROVAL,
    AVAILABILITY_INTENT,
    COMMON_WORD,
    DONOR_GAP,
    FORM_GAPS,
    GIVER_GAP,
    KIND_GAP_MIN,
    MONEY,
    SIDE_EFFECTS_TOPIC,
    SOMEWHERE,
    THE_OTHERS,
    donors_asked,
    donors_told,
    effects_asked_of,
    giver_effects_asked,
    only_planned,
    unanswered_kind,
    uncounted,
    unknown_subject,
    unmeasured,
    unnamed_thing,
    unsaid_availability,
    unsaid_deaths,
    unsaid_effect,
    unsaid_group,
    unsaid_origin,
    unsaid_rate,
)
from bot.matcher import EVERYDAY, EVERYDAY_PEOPLE, SLANG, STOPWORDS, Ranking, matcher_for
from bot.memory import Context, ConversationMemory
from bot.model import THERAPY_GENERAL, Fact, Intent, Snapshot, Unanswered
from bot.render import Renderer, fact_view, source_view
from bot.reply import ANSWER, FALLBACK, HELP, NOT_IN_ARTICLES, SAFETY, Choice, Reply, Source
from bot.retrieval import FactIndex, Hit, UnansweredIndex, content_tokens, content_words
from bot.safety import Assessment, Triage, asks_something, triage
from bot.safety import warm as warm_triage
from bot.spelling import Speller, english_counts
from bot.text import SENTENCE_BREAK, clean, letters_joined, stem, words
from bot.therapy import Detection, detector_for

THRESHOLD = 0.35  # below this the bot says it does not know
# Who is asking for whom ("grandad can't remember the name"): never what the question is about.
_ASKERS = frozenset(
    "grandad grandpa granddad grandma granny gran nan nana nanna grandmother grandfather grandparents "
    "auntie aunty aunt uncle cousin stepdad stepmum stepmom".split()
)
SURE = 0.62  # above this, words the content never uses do not make it doubt
NEAR_TIE = 0.04  # a runner-up this close is offered as a button
SUGGEST_MIN = 0.2
LONG_MESSAGE_WORDS = 8
MAX_FACTS_PER_THERAPY = 4
LEAD = 0.42  # a fact covering this much of the question's words answers it directly
LEAD_MARGIN = 0.06  # ... when it stands this far above the best fact on another topic
SWITCH = 0.15  # a fact about another therapy beats the conversation's therapy by this much
CLEAR = 0.5  # a fact this close to the question's words wins over the intent's own topic
SPLIT = 0.15  # with no therapy named, another therapy's fact this close means "each therapy"
SUPPORT = 0.5  # supporting facts score at least this share of the lead's
MAX_SUPPORT = 2
LEFT_OPEN = 0.75  # how close a question the articles leave open must come to the question ...
LEFT_OPEN_MARGIN = 0.45  # ... and by how much more than the closest fact
MUTE_REST = 2  # a clue's words weigh less when the question has this many words besides
BUNDLE_LEAD = 0.2  # with no lead, a fact this close to the question still comes first
EACH_SHARE = 0.4  # no therapy named: another therapy's fact on the topic this close means each
AHEAD = 0.75  # no therapy named: one therapy's closest fact this far ahead of the others' decides
WEAK_INTENT = 0.7  # below this the kind of question is a guess ...
NAMED_LEAD = 0.1  # a therapy named (not inferred, not from before): its closest fact this close is offered
WEAK_LEAD = 0.3  # ... and a fact this close, standing out, answers instead
STANDS_OUT = 0.9  # ... standing out: the next fact scores under this share of it
GAP_OVERRIDE = 0.6  # a fact this close answers the question even if one of its words is new
GAP_SCOPE = 0.25  # ... and a question with no fact this close is not about the therapies at all
RARE_WORD = 5_000_000  # "what is ICANS?" asks about a medical term; "what is the weather?" does not
FALLBACK_INTENT = "what_is"
TODAY_GAP = "how things are today"  # asked of news years old (the content's open questions may say it better)
# Words around a bare therapy name: "what about X?" repeats the last question, "what is X?" asks what it is.
FOLLOWUP_WORDS = frozenset({"about", "and", "same", "other", "for", "then", "also", "too", "how", "abt"})
NEUTRAL_WORDS = frozenset(
    {
        "nutshell",  # "in a nutshell, what is BE-CAR7?"
        "simply",
        "briefly",
        "basically",
        "summary",
        "treatment",
        "therapy",
        "one",
        "case",
        "trial",
        "girl",
        "boy",
        "baby",
        "lady",
        "woman",
        "patient",
        "story",
        "cells",
        "cell",
    }
)
WHAT_IS_WORDS = frozenset(
    {"what", "whats", "tell", "explain", "describe", "more", "info", "information", "me"}
)


_stem = lru_cache(maxsize=262144)(stem)  # a reload stems the same words again


@lru_cache(maxsize=1 << 18)  # a reload reads again only the texts that changed (100x: ~110k)
def _vocabulary(text: str) -> frozenset[str]:
    return frozenset(words(clean(text)))


@lru_cache(maxsize=65536)
def _fact_words(text: str, quote: str) -> frozenset[str]:
    return frozenset(stem(SLANG.get(w, w)) for w in words(clean(f"{text} {quote}")) if w not in STOPWORDS)


@dataclass(frozen=True)
class Plan:
    """What to answer: an intent for some therapies, or nothing (fallback)."""

    intent: Intent | None
    therapies: tuple[str, ...]
    confidence: float
    runner_up: Intent | None = None
    alternatives: tuple[str, ...] = ()  # close intents to suggest when not confident
    words: frozenset[str] = frozenset()  # the question's content words, to rank facts by
    hits: tuple[Hit, ...] = ()  # single facts that may answer the question, best first
    names: frozenset[str] = frozenset()  # people and places the question names
    inferred: bool = False  # the therapy was not named but read from words only its facts use
    unnamed: bool = False  # "how does it work?": a treatment referred to, none named or meant before
    gaps: str = ""  # what was asked about that the articles never mention ("sickle cell disease")
    meaning: bool = False  # ... or the meaning of a word they use but never explain ("TALEN")
    tentative: bool = False  # no kind of question fits and no fact is close: the closest is offered as such
    settled: bool = False  # `gaps` is a question the content lists as left open, said as written


# "what sort of leukaemia was it for?", "is the patient still ok?": some therapy, not one,
# even where other words lean to one.
_ANY_ONE_WORDS = (
    r"\b(?:is|was|are|were) (?:it|this|that|they) (?:used |given |meant |made )?for\s*\??\s*$"
    r"|\b(?:the|that|this) (?:patient|person)\b(?! (?:who|with)\b)(?!'s|’s)"
)
_ANY_ONE = re.compile(_ANY_ONE_WORDS)
# A treatment referred to without its name: with none named before, each therapy answers.
_REFERRED = re.compile(
    r"\b(?:this one|this thing|these cells|"
    r"(?:this|the) (?:new |experimental |new cell |cell |new leukaemia )?"
    r"(?:treatment|therapy|cell therapy|leukaemia treatment))\b"
    r"|\b(?:with|behind|in|have|had|got|get|for|from|of|on|about|using|given|gives) (?:it|this)\s*\??\s*$"
    # "how does it actually work?", "when did they first try it on a person?"
    r"|^(?:how|when|where|why|what) (?:do|did|does|have|had) (?:they|it) (?:actually |first |really )?"
    r"(?:change|make|made|try|tried|test|tested|work|start|started|edit)\b|" + _ANY_ONE_WORDS
)
# A question put to all the therapies at once, to be answered by each.
_WHICH_OF_THEM = re.compile(
    r"\b(?:which|what) (?:of (?:the|these|those|all) (?:three|3|treatments|therapies|ones)"
    r"|(?:one|ones|therapy|therapies|treatment|treatments)(?: of (?:the|these|those) (?:three|3))?) "
    r"(?!(?:is|was|are|were) (?:best|better|safest|newest)\b)"
)
_COMPARING = re.compile(
    r"\b(?:differ\w*|compar\w*|versus|vs|better|best|worse|worst|in common|similar\w*|alike|unlike|same as|"
    r"safer|safest|faster|newer|newest|older|oldest|most|least|which|prefer\w*|choose|pick)\b"
    # "the first patients of each", "more patients to come": a topic, not a comparison
    r"|\b(?:came|come|comes|went|go|goes|was|were|is) first\b"
    r"|\bfirst\b(?! (?:\w+ )?(?:patients?|persons?|people|humans?|child|children|kids?|baby|babies"
    r"|recipients?)\b)(?=.*\bor\b)"
    r"|\b(?:more|less)\b(?= (?:\w+ ){0,3}than\b)"
)
_OF_THE_THREE = re.compile(
    r"\b(?:of|among|amongst|between) (?:the|these|those|all) (?:three|3)\b|\ball (?:three|3)\b"
    r"|\beach (?:one|of them|therapy|treatment)\b(?! of the (?:patients|children|kids|people))"
)

LOCATION_TOPIC = "location"  # the facts that say where a therapy was given
# "where was the mum from Auckland treated?", "which city did she go to for her treatment?"
_WHERE_GIVEN = re.compile(
    r"\bwhere (?:was|were|did|do|does|is|are) (?:[\w'-]+ ){1,10}?(?:treated|given it|given the|infused"
    r"|(?:go|went|travel|travelled|traveled) (?:to )?(?:for|to get|to have))\b"
    r"|\b(?:which|what) (?:city|town|country) (?:did|do|does|was|were) (?:[\w'-]+ ){1,8}?"
    r"(?:go|went|travel|travelled|traveled|treated)\b"
)
_NAME_WORDS = frozenset(content_words("full first real whole last name"))
# The words that only say a question asks of each therapy.
_EACH_OF_THEM = re.compile(
    r"\b(?:(?:each|every|any|all|out)(?: one)? of )?(?:the|these|those|all) (?:three|3)\b"
    r"(?: (?:new |cell |different )?(?:treatments?|therapies|therapys|ones|of them|stories))?"
    r"|\beach (?:one|of them|therapy|treatment)\b"
    r"|\b(?:which|what) (?:one|ones|therapy|therapies|treatment|treatments)\b"
    r"|\b(?:of|among) (?:the|these|those) (?:treatments|therapies)\b"
)


def _without_the_three(query: list[str], cleaned: str) -> list[str]:
    """The question's words without those that only say it asks of each therapy ("for each of
    the three treatments", "which of the 3"); the same words elsewhere ("for over three
    years", "for ALL") are what is asked."""
    said = Counter(chain.from_iterable(content_words(m.group()) for m in _EACH_OF_THEM.finditer(cleaned)))
    asked = []
    for word in query:
        if said[word] > 0:
            said[word] -= 1
        else:
            asked.append(word)
    return asked


# Words that say where an answer is to come from ("according to the articles"), not what is asked.
_FRAME_WORDS = frozenset(
    "article articles story stories piece paper papers news report reports coverage according say says "
    "said mention mentions mentioned read heard hear true truth right correct swears claim claims".split()
)


AGREE = 0.25  # a guessed kind of question that one of the closest facts is about is no guess
AGREE_DEPTH = 3
SLIPS = 0.25  # ... when the words it does not know are slips, and few of the question's words
ALONE = 0.6  # ... and a fact scoring WEAK_LEAD with the next under this share of it stands alone


def _agrees(intent: Intent, hits: Sequence[Hit]) -> bool:
    """The intent router's doubtful guess and retrieval point the same way: one of the facts
    closest to the question is on the intent's topic ("did joane get her dauhgters cells")."""
    return intent.handler == "facts" and any(
        h.fact.topic in intent.topics for h in hits[:AGREE_DEPTH] if h.score >= AGREE
    )


def _alone(hits: Sequence[Hit]) -> bool:
    """One fact well ahead of every other: "had the stuff they gave the baby ever been used on
    a real person before her?" and the fact that it had only been tested in labs."""
    return hits[0].score >= WEAK_LEAD and (len(hits) == 1 or hits[1].score <= hits[0].score * ALONE)


def _split(intent: Intent | None, hits: Sequence[Hit], weak: bool) -> bool:
    """No therapy named, and the closest fact is as true of another therapy: one nearly as
    close, or (the kind of question being clear) another therapy's fact on the same topic
    ("who was the first person given it?": each therapy has its own first)."""
    top = hits[0]
    others = [h for h in hits if h.fact.therapy not in (top.fact.therapy, THERAPY_GENERAL)]
    if any(h.score >= top.score - SPLIT for h in others):
        return True
    own_topic = intent is not None and intent.needs_therapy and not weak and top.fact.topic in intent.topics
    return own_topic and any(
        h.fact.topic == top.fact.topic and h.score >= top.score * EACH_SHARE for h in others
    )


_WHO_IS = re.compile(
    r"^(?:so |and |ok |sorry,? )?(?:who|whos)(?: is| was| s|'s)? [a-z][a-z' -]{1,40}?[?.! ]*$"
)
IDENTITY_TOPICS = ("first_patient", "people", "overview")  # the facts that say who someone is


def _who_is(brain: Brain, cleaned: str, names: frozenset[str], hits: Sequence[Hit]) -> Fact | None:
    """For "who is Alyssa Tapley?" / "who's Joanne Scott?": the closest fact that names them
    and says who they are (the first patient, a scientist's role), if there is one."""
    if not names or not _WHO_IS.match(cleaned):
        return None
    saying = (h.fact for h in hits if h.fact.topic in IDENTITY_TOPICS and names & brain.index.said_of(h.fact))
    return next(saying, None)


def _standing_out(hits: Sequence[Hit]) -> tuple[str, ...]:
    """No therapy named, but the facts closest to the question are one therapy's, well ahead
    of any other's ("did the daughter's cells grow once they were inside her mum?")."""
    best: dict[str, float] = {}
    for hit in hits:
        if hit.fact.therapy != THERAPY_GENERAL:
            best.setdefault(hit.fact.therapy, hit.score)
    ranked = sorted(best.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < BUNDLE_LEAD:
        return ()
    if len(ranked) > 1 and ranked[1][1] > ranked[0][1] * AHEAD:
        return ()
    return (ranked[0][0],)


# Someone described, not named ("the student who gave her mum cells"): each therapy's
# articles tell of different people, so the facts closest to the description say which.
_DESCRIBED = frozenset(
    stem(w)
    for w in "daughter son mum mother mom dad father husband wife student designer teacher girl boy teen "
    "teenager baby infant toddler woman lady kiwi grandmother sister brother schoolgirl tot".split()
)


_LETTERS = re.compile(r"[a-z]+")
_QUESTION_SLIPS = {w: SLANG[w] for w in ("wat", "wht", "wot", "wut", "wen", "whn", "wich", "wer", "hw")}


_DESCRIPTION_END = re.compile(r"\s[-–—]+\s|:\s")
_ASKS = re.compile(
    r"\?|\b(?:what|who|whose|which|when|where|why|how|is|are|was|were|did|does|do|has|have|had|can|could)\b"
)


def _asking_part(cleaned: str, start: int) -> int:
    """Where the part that asks begins, in words, given where its sentence begins (`start`,
    from `_asking_start`): after a description set off by a dash or a colon ("the london
    baby - what did they treat her with?", "the girl from leicestershire: is she ok now?")."""
    sentences = [s for s in SENTENCE_BREAK.split(cleaned) if s.strip()]
    asking = [s for s in sentences if "?" in s]
    sentence = asking[-1] if asking else (sentences[-1] if sentences else "")
    parts = _DESCRIPTION_END.split(sentence)
    if len(parts) > 1 and _ASKS.search(parts[-1]) and not _ASKS.match(parts[0].strip()):
        start += sum(len(words(p)) for p in parts[:-1])
    return start


def _asking_offset(cleaned: str) -> int:
    """Where the sentence that asks begins, in characters (the last with a question mark,
    else the last): "I want to run a fundraiser for the ward ... Where does the money go?"
    asks about the money, not the ward."""
    starts = [0, *(m.end() for m in SENTENCE_BREAK.finditer(cleaned))]
    sentences = [cleaned[a:b] for a, b in zip(starts, [*starts[1:], len(cleaned)], strict=True)]
    kept = [i for i, s in enumerate(sentences) if s.strip()]
    asking = [i for i in kept if "?" in sentences[i]]
    last = asking[-1] if asking else (kept[-1] if kept else 0)
    return starts[last]


def _asking_start(cleaned: str) -> int:
    """Where the sentence that asks begins, in words (the corrected tokens are the cleaned
    words, one for one)."""
    return len(words(cleaned[: _asking_offset(cleaned)]))


GLOSSARY = "glossary"
_DEFINITION = re.compile(
    # "what does X mean in the Layla story?" first: X alone is the term.
    r"^(?:so |and |but |ok |sorry,? )?(?:what|wat|wot) (?:does|do|dose) (?:an? |the )?(.+?)"
    r" (?:mean|stand for|short for)(?: (?:in|when|here|there|about|exactly|for|from|on)\b.*)?[?.! ]*$"
    r"|^(?:so |and |but |ok |sorry,? )?(?:what|wat|wot)(?: actually| exactly| even| really)?"
    r"(?: is| are|s|'s| r| does| do) (?:an? |the )?(.+?)"
    r"(?: mean| means| stand for| stands for| short for)?[?.! ]*$"
    r"|^(?:define|meaning of|explain) (?:an? |the )?(.+?)[?.! ]*$"
)


TERM_DEPTH = 3  # the closest facts where a term asked about must appear
TERM_WORDS = 2  # ... a term being a word or two ("TALEN", "molecular scissors")


def _definition(cleaned: str) -> tuple[list[str], str]:
    """The term a "what is X?" / "what does X mean?" asks about, read from the sentence that
    asks ("what is crispr? keep seeing it mentioned") or its first clause ("what is crispr,
    in a sentence or two?"): its words, and X as asked ([], "" when nothing is defined)."""
    sentences = [s.strip() for s in SENTENCE_BREAK.split(cleaned) if s.strip()]
    clauses = [c for s in sentences for c in (s.split(",")[0].strip(), s) if c]
    match = next((m for c in clauses if (m := _DEFINITION.match(c)) is not None), None)
    if match is None:
        return [], ""
    asked = next(g for g in match.groups() if g is not None)
    term = [w for w in words(asked) if w not in _FILLERS]  # "what does BE-CAR7 actually stand for"
    return term, (" ".join(term) if len(term) < len(words(asked)) else asked)


# What follows a word its fact explains in passing: "relapsed. That means it had come back",
# "palliative care (care for comfort, not cure)", "a consultant immunologist: a senior doctor",
# "acute lymphoblastic leukaemia, a blood cancer".
_EXPLAINED_AFTER = re.compile(
    r"""\w*['’"]?\s*(?:\(|:|,\s*(?:a|an|which|meaning|or)\s|\.\s*(?:that|this)\s+means\b|\s+(?:is|are|means)\s+(?:a|an|when|that)\s)""",
    re.IGNORECASE,
)


def _explained_in(text: str, term: list[str]) -> bool:
    """The fact's text explains the term where it uses it (see `_EXPLAINED_AFTER`)."""
    if not term:
        return False
    pattern = re.compile(r"\b" + r"\W+".join(re.escape(t) for t in term), re.IGNORECASE)
    return any(_EXPLAINED_AFTER.match(text, m.end()) for m in pattern.finditer(text))


_QUOTED_TERM = re.compile(r"""['"‘’“”]([^'"‘’“”]{2,40})['"‘’“”]""")
# "what is that?", "what are they?": a word named before it is what is asked about.
_POINTING = frozenset("that it they this those these them".split())
_FILLERS = frozenset("actually exactly really even basically again just".split())
_ONLY_THE_THERAPY = frozenset(
    map(stem, "cell cells therapy therapies treatment treatments do does work".split())
)
_FILLER_STEMS = frozenset(map(stem, _FILLERS))
_SPELT_OUT = re.compile(r"\b(?:stand|stands|short for|letters|mean|means|meaning)\b")


def _query(kept: list[str], tokens: list[str], cleaned: str, asking: int) -> tuple[list[str], frozenset[str]]:
    """The question's stemmed content words (`kept`: without the therapy's name), and those
    of the part that asks (from word `asking`, see `_asking_start`) when a preamble or a
    description comes first."""
    start = _asking_part(cleaned, asking)
    focus = frozenset(content_words(" ".join(tokens[start:]))) if start else frozenset()
    return content_words(" ".join(kept)), focus


# Words that only say what kind of thing a clue is or that it is asked about: "how does the
# base editing therapy actually work?", "what does molecular scissors mean?" ask about the clue.
_ONLY_SAYING_WHAT = frozenset(
    content_words(
        "therapy therapies treatment treatments cell cells work works working worked actually really exactly "
        "mean means meaning called call name named stand stands new one thing things story article news "
        "naturally natural everyone every person people put"
    )
)


_ASKS_WHAT_IT_IS = re.compile(
    r"\bwhat (?:is|are|s|means|does|do)\b|\bwhats\b|\bcalled\b|\bstand for\b|\bmeaning\b|\bexplain\b"
)


_DESCRIBED_OWNER = re.compile(
    r"\bthe (?:\w+ )?(baby|infant|toddler|girl|teen|teenager|mum|mother|mom|woman|lady|designer|daughter|"
    r"student)"
    # ... and whose relative or name is asked ("the baby's dad", "the baby's surname"), not "the baby's own"
    r"(?:'s|’s|s') (?=(?:\w+ )?(?:dad|daddy|father|mum|mom|mother|parents?|husband|wife|partner|brother|"
    r"sister|son|daughter|gran|grandma|grandad|family|surname|last name|full name|family name|middle name|"
    r"maiden name)\b)"
)


def _read_as_named(
    brain: Brain, query: list[str], cleaned: str, named: tuple[str, ...]
) -> tuple[list[str], str] | None:
    """The question with "the baby's" read as "Layla's" (the one the therapy's facts name
    with the description), or None when it describes no one's relative or detail."""
    found = _DESCRIBED_OWNER.search(cleaned)
    if found is None or len(named) != 1:
        return None
    person = brain.index.person_described(found.group(1), named[0])
    if not person or person in query:
        return None
    described = stem(found.group(1))
    return [
        person if t == described else t for t in query
    ], f"{cleaned[: found.start()]}{person}'s {cleaned[found.end() :]}"


def _muted_clues(brain: Brain, tokens: list[str], detection: Detection, query: list[str]) -> frozenset[str]:
    """The words of a clue that names the therapy ("base-edited", "T-ALL"), when the therapy
    is not spelt out and the question asks about more than the clue; a person named stays."""
    asked = " ".join(tokens)
    if (
        not detection.clued
        or detection.consumed
        or _ASKS_WHAT_IT_IS.search(asked)
        or NAME_ASKED.search(asked)
    ):
        return frozenset()  # ... "the girl from Leicestershire - what's her name?": the clue says whose
    spans: list[list[str]] = []
    for i in sorted(detection.clued):
        if spans and i - 1 in detection.clued:
            spans[-1].append(tokens[i])
        else:
            spans.append([tokens[i]])
    clue_words: frozenset[str] = frozenset()
    for span in spans:
        said = frozenset(content_words(" ".join(span)))
        if not said & brain.index.names:  # "Joanne Scott" is a person asked about
            clue_words |= said
    rest = [w for w in query if w not in clue_words and w not in _ONLY_SAYING_WHAT]
    return clue_words if len(rest) >= MUTE_REST else frozenset()


# "What does CAR stand for?", "what does the 'U' in UCART19 stand for?": one short name asked
_STANDS_FOR = re.compile(
    r"\b(?:what|wat|wot) (?:does|do|dose) (?:the )?(?:name |word |abbreviation |acronym )?"
    r"['‘\"]?(?P<asked>[a-z0-9-]{1,12})['’\"]?(?: (?:part|bit|letters?))?"
    r"(?: (?:in|of) (?:the )?(?:name )?['‘\"]?(?P<within>[a-z0-9-]{2,12}(?: t-cell| t cell| t)?)['’\"]?"
    r"(?: (?:cells?|t-cells?|therapy|treatment|cell therapy|t-cell therapy))?)?"
    r" (?:\w+ )?(?:stand|stands) for\b"
    r"|\b(?:what|wat|wot) (?:is|s) (?P<short>[a-z0-9-]{1,12}) short for\b"
)
_NAMING_WORDS = frozenset("letters letter name word words abbreviation initials acronym".split())
# "base edited CAR T-cell therapy (BE-CAR7)": a short name, spelt out by the words before it
_SPELT_OUT_IN_QUOTE = re.compile(r"\(([A-Za-z][\w-]{0,14})\)")
SPELT_OUT_WORDS = 6
_SHORT_FOR_IN_TEXT = re.compile(r"([\w-]+) is short for ['‘\"]?([^'’\".]+)")


def _own(fact: Fact | Unanswered) -> tuple[str, ...]:
    """The therapy a fact (or an open question) is about, as a plan's therapies; none if general."""
    return (fact.therapy,) if fact.therapy != THERAPY_GENERAL else ()


def _term_key(tokens: list[str]) -> str:
    return " ".join(stem(t) for t in tokens if t not in ("a", "an", "the"))


class Brain:
    """Everything derived from one snapshot, built once at load or reload."""

    index: FactIndex
    unanswered: UnansweredIndex
    speller: Speller

    def __init__(self, snapshot: Snapshot, previous: Brain | None = None):
        """With `previous` (the brain of the snapshot before a reload), what did not change
        is reused: the facts' index entries and the spelling dictionary."""
        self.snapshot = snapshot
        self.renderer = Renderer(snapshot)
        self.framer = Framer(snapshot, self.renderer)
        publishers = tuple(
            (a.publisher, a.therapy) for a in snapshot.articles.values() if a.therapy in snapshot.therapies
        )
        self.detector = detector_for(tuple(snapshot.therapies.values()), publishers)
        spellings = (a for t in snapshot.therapies.values() for a in (*t.aliases, *t.clues))
        names = {w for spelling in spellings for w in words(clean(spelling))}
        known: set[str] = set(names)
        for text in (
            *(a.text for a in snapshot.articles.values()),
            *(text for f in snapshot.facts.values() for text in (f.text, f.quote, *f.asks, *f.terms)),
        ):
            known.update(_vocabulary(text))
        self.known = frozenset(known)
        self.index = FactIndex(snapshot, previous.index if previous else None)
        self.unanswered = UnansweredIndex(
            snapshot.unanswered.values(),
            self.index,
            self.detector.strip,
            previous.unanswered if previous else None,
        )
        intent_words = {w for i in snapshot.intents.values() for e in i.examples for w in _vocabulary(e)}
        # Stems of every word the articles, facts and intents use: anything else is news to them.
        self.familiar = frozenset(map(_stem, self.known | intent_words))
        # Everyday words the content is read through ("infant", "husband") are spelt too.
        everyday = {w for pair in EVERYDAY.items() for w in pair if w.isalpha()} | EVERYDAY_PEOPLE
        vocabulary, preferred = self.known | intent_words | everyday, names | self.index.names
        if previous is not None:
            self.speller = previous.speller.grown(vocabulary, preferred)
        else:
            self.speller = Speller(vocabulary, preferred=preferred)
        # An intent that prefers kinds of answer: its keywords and fillers name nothing more.
        self._kind_words = {
            i.name: frozenset(w for k in i.keywords for w in content_words(k)) | _FILLER_STEMS
            for i in snapshot.intents.values()
            if i.prefer
        }
        self.intent_by_topic: dict[str, Intent] = {}
        for intent in snapshot.intents.values():
            for topic in intent.topics if intent.handler == "facts" else ():
                self.intent_by_topic.setdefault(topic, intent)
        self.matcher = matcher_for(tuple(snapshot.intents.values()), self.detector.strip)
        self.by_topic: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        for fact in snapshot.facts.values():
            self.by_topic[(fact.topic, fact.therapy)].append(fact)
        self.therapies = tuple(snapshot.therapies)
        self.fact_words = {f.id: _fact_words(f.text, f.quote) for f in snapshot.facts.values()}
        df = Counter(chain.from_iterable(self.fact_words.values()))
        self.fact_idf = {w: math.log(1 + len(self.fact_words) / n) for w, n in df.items()}
        self.sources = {a.id: Source(**source_view(a)) for a in snapshot.articles.values()}
        # "what is T-ALL?": the fact that explains a term, glossary facts first.
        self.explains: dict[str, Fact] = {}
        for fact in sorted(snapshot.facts.values(), key=lambda f: f.topic != GLOSSARY):
            for term in fact.terms:
                self.explains.setdefault(_term_key(words(clean(term))), fact)

        # "BE-CAR7", "T-ALL": the short names an article spells out ("long name (SHORT)"), each
        # with the words before it
        self.spelt_out: dict[str, tuple[list[str], Fact]] = {}
        for fact in sorted(snapshot.facts.values(), key=lambda f: f.topic != GLOSSARY):
            if "(" in fact.quote:
                for match in _SPELT_OUT_IN_QUOTE.finditer(fact.quote):
                    long = words(clean(fact.quote[: match.start()]))[-SPELT_OUT_WORDS:]
                    self.spelt_out.setdefault(_term_key(words(clean(match.group(1)))), (long, fact))
            if " short for " in fact.text:
                for short, spelt in _SHORT_FOR_IN_TEXT.findall(fact.text):
                    self.spelt_out.setdefault(_term_key(words(clean(short))), (words(clean(spelt)), fact))

    def spelling_out(self, cleaned: str) -> tuple[str, Fact | None] | None:
        """ "What does CAR stand for?", "what does the T in TaNK stand for?": a short name asked to
        be spelt out, and the fact that spells it out, or (when no article does) the short name
        as asked; None when no short name is asked about. The letters of a spelt-out name are
        spelt out when they begin its words ("the BE in BE-CAR7": base edited)."""
        match = _STANDS_FOR.search(cleaned)
        if match is None:
            return None
        asked = match.group("asked") or match.group("short")
        within = match.group("within")
        if asked in _NAMING_WORDS and within:
            asked, within = within, None  # "what do the letters in BE-CAR7 stand for?"
        if asked in _POINTING or asked in _NAMING_WORDS:
            return None  # "T-ALL - what is that short for?": what is pointed at is read elsewhere
        key = _term_key(words(asked))
        spelt = self.spelt_out.get(key)
        if spelt is not None:  # the fact that explains it, where one does ("NK": natural killer cells)
            return "", self.explains.get(key, spelt[1])
        spelt = self.spelt_out.get(_term_key(words(within))) if within else None
        initials = "".join(w[0] for w in spelt[0]) if spelt is not None else ""
        if spelt is not None and asked.isalpha() and asked not in spelt[0] and asked in initials:
            return "", spelt[1]
        inside = f" in {within.upper()}" if within else ""
        return f"what {'the ' if inside else ''}{asked.upper()}{inside} stands for", None

    def spelt(self, cleaned: str) -> str:
        """The cleaned message with each word spelt as the speller corrects it (and text-speak
        question words as meant: "wen", "wot"), punctuation kept, so that what reads the text
        ("what is X?", "how long") reads it corrected."""

        def correct(match: re.Match[str]) -> str:
            word = match.group()
            return _QUESTION_SLIPS.get(word) or self.speller.correct(word)

        return _LETTERS.sub(correct, cleaned)

    def explanation(self, cleaned: str) -> tuple[Fact | None, str, str | None]:
        """For "what is X?" / "what does X mean?": the fact that explains X, X itself ("" when
        the question is not asking what a word means), and the therapy when X is its name
        ("what actually is be-car7?" asks what the treatment is, not what its letters say)."""
        term, asked = _definition(cleaned)
        if not term:
            return None, "", None
        if _term_key(term) in _POINTING:  # "the articles keep saying T-ALL. what is that?"
            named = self._term_named(cleaned)
            if named is None:
                return None, "", None
            return self.explains[named], named, None
        therapy = self._therapy_named(term, cleaned)
        if therapy is not None:
            return None, "", therapy
        return self.explains.get(_term_key(term)), asked, None

    def _term_named(self, cleaned: str) -> str | None:
        """The explained term the message names last (the longest there), for a "what is
        that?" after it; a word in quotes is the one meant ("it says 'relapsed'. what does that
        mean?"), explained or not. A therapy's name is no term."""
        quoted = _QUOTED_TERM.findall(cleaned)
        if quoted:
            key = _term_key(words(quoted[-1]))
            return key if key in self.explains else None
        said = f" {_term_key(words(cleaned))} "
        ends = {
            key: said.rfind(f" {key} ") + len(key)
            for key in self.explains
            if f" {key} " in said and not self.detector.detect(key.split()).consumed
        }
        return max(ends, key=lambda key: (ends[key], len(key))) if ends else None

    def _therapy_named(self, term: list[str], cleaned: str) -> str | None:
        """The therapy whose name is the whole term (not "what does BE-CAR7 stand for?")."""
        if _SPELT_OUT.search(cleaned):
            return None
        detection = self.detector.detect(term)
        named = len(detection.consumed) == len(term) and len(detection.therapies) == 1
        return detection.therapies[0] if named else None

    def explained_nearby(self, term: list[str], hits: Sequence[Hit]) -> bool:
        """Whether a "what is X?" may be answered from the closest facts: a common word
        ("what is the treatment?") is no term; a rare one the articles never explain ("what
        does CD7 mean?", no fact lists it in `terms`) is not explained by a fact that only uses
        it ("CD7 leukaemia"), unless it is a word of a term that is explained there."""
        if all(english_counts().get(t, 0) >= RARE_WORD for t in term):
            return True
        asked = set(content_tokens(term))
        if not asked or asked & self.people:
            return True  # "what is Tara studying?" asks about a person, not what a word means
        return any(
            asked <= self._term_words(h.fact) or _explained_in(h.fact.text, term)
            for h in self.term_users(term, hits)
        )

    def term_users(self, term: list[str], hits: Sequence[Hit]) -> tuple[Hit, ...]:
        """The closest facts (of `hits`) that use every content word of the term."""
        asked = set(content_tokens(term))
        return tuple(h for h in hits[:TERM_DEPTH] if asked and asked <= self.index.said_of(h.fact))

    @cached_property
    def people(self) -> frozenset[str]:
        """The one-word clues to a therapy that the articles write as names: people and places
        ("Tara", "Alyssa", "Auckland"), not terms ("CD7", "TALEN", "myeloid")."""
        clues = (c for t in self.snapshot.therapies.values() for c in t.clues if " " not in c.strip())
        written = set(re.findall(r"\b[A-Z][a-z]+\b", " ".join(f.text for f in self.snapshot.facts.values())))
        return frozenset(w for c in clues if c.capitalize() in written for w in content_words(c))

    def shares_content(self, fact: Fact, asked: frozenset[str]) -> bool:
        """The fact's indexed words include one the question asks with, besides fillers."""
        return bool((asked - _FILLER_STEMS) & self.index.words_in(fact))

    def _term_words(self, fact: Fact) -> frozenset[str]:
        """The content words of the terms a fact explains ("t", "all" for "T-ALL")."""
        return frozenset(w for term in fact.terms for w in content_tokens(words(clean(term))))

    @cached_property
    def source_list(self) -> list[dict[str, Any]]:
        """Every article as the sources template reads it, built once per snapshot."""
        return [asdict(s) for s in self.sources.values()]

    def facts(self, intent: Intent, therapy: str) -> list[Fact]:
        """The intent's facts for a therapy, taking articles in turn so that every source is heard."""
        found = [f for topic in intent.topics for f in self.by_topic.get((topic, therapy), ())]
        by_article: dict[str, list[Fact]] = defaultdict(list)
        for fact in found:
            by_article[fact.article].append(fact)
        queues = list(by_article.values())
        return [q[i] for i in range(max(map(len, queues), default=0)) for q in queues if i < len(q)]

    def beyond_the_kind(self, intent: Intent, words: frozenset[str]) -> frozenset[str]:
        """For an intent that prefers kinds of answer: the question's words less the intent's
        own keywords and fillers ("does it actually work?" names nothing but the kind)."""
        if not intent.prefer:
            return words
        return words - self._kind_words.get(intent.name, _FILLER_STEMS)

    def relevant(
        self, facts: list[Fact], words: frozenset[str], prefer: frozenset[str] = frozenset()
    ) -> list[Fact]:
        """Facts sharing the question's rarer words first; among those that share as much, the
        kinds of answer the intent prefers ("does it work?": the results with a percentage);
        otherwise the articles' order."""
        if not words and not prefer:
            return facts

        def score(fact: Fact) -> tuple[float, bool]:
            # Summed in spelling order: a set's order follows the process's string hashing, and
            # floats added in another order can break a tie the other way from run to run.
            shared = -sum(self.fact_idf.get(w, 0.0) for w in sorted(words & self.fact_words[fact.id]))
            return shared, not (prefer & self.index.kinds_of(fact))

        return sorted(facts, key=score)

    def subject(self, intent: Intent) -> str:
        return self.snapshot.topics[intent.topics[0]].label if intent.topics else ""

    def summary_facts(self) -> list[Fact]:
        return [self.snapshot.facts[t.summary_fact] for t in self.snapshot.therapies.values()]

    def article_therapy(self, fact: Fact) -> str | None:
        """The therapy the fact's article is about, if it is one of the therapies."""
        article = self.snapshot.articles.get(fact.article)
        therapy = article.therapy if article else None
        return therapy if therapy in self.snapshot.therapies else None

    def sources_of(self, facts: list[Fact]) -> tuple[Source, ...]:
        return tuple(self.sources[a] for a in dict.fromkeys(f.article for f in facts))


WARM_TEXTS = 600


class Engine:
    def __init__(
        self, snapshot: Snapshot, memory: ConversationMemory | None = None, today: Today = date.today
    ):
        self.memory = memory if memory is not None else ConversationMemory()
        self.today = today  # the real clock; tests fix the day to date the news
        self._brain = Brain(snapshot)
        # Families' kinds of words, so that the triage's automaton is built before they write.
        typical = (e for intent in snapshot.intents.values() for e in intent.examples)
        warm_triage(clean(text) for text, _ in zip(typical, range(WARM_TEXTS), strict=False))

    @property
    def snapshot(self) -> Snapshot:
        return self._brain.snapshot

    def use(self, snapshot: Snapshot) -> None:
        """Serve a new snapshot; the swap is one reference, so no question sees half of it."""
        self._brain = Brain(snapshot, previous=self._brain)

    # -- entry points -------------------------------------------------------------------

    def ask(self, text: str, conversation: str = "default") -> Reply:
        """Answer one message of a conversation.

        Safety comes first: an emergency or a cry for help gets its reply and nothing else.
        Then understanding: spelling is corrected towards the content's words, the therapy is
        found (named, or read from the people, places and words only its articles use), the
        intent router names the kind of question and retrieval scores single facts. The plan
        goes to one handler per kind of reply (`_HANDLERS`): the fact asked for with up to two
        close ones, a line for each therapy, "the articles do not say", or help. A personal
        decision gets the care team first; distress a warm line; a possible danger a bold one.
        `conversation` keys the memory that lets "and for tank?" follow on."""
        brain = self._brain
        cleaned = clean(text)
        # Triage reads every message, in any script: "أفكر أن أنهي حياتي" has no word the
        # answering side can read, and is a cry for help all the same.
        assessment = triage(cleaned)
        level = assessment.level
        if level is Triage.EMERGENCY:
            return self._safety(brain, "emergency", level)
        if level is Triage.CRISIS:
            return self._safety(brain, "crisis", level)
        joined = letters_joined(cleaned)  # "n k cells" are NK cells (triage read them as typed)
        typed = words(joined)
        if not typed:  # only emoji, or a script it cannot read: what it can do
            return self._with_triage(brain, self._simple(brain, "help", HELP), assessment, cleaned)
        context = self.memory.get(conversation)
        tokens = brain.speller.tokens(typed)
        spelt = brain.spelt(joined)  # "waht's crspr?" read as "what's crispr?"
        plan = self._left_open(brain, self._plan(brain, tokens, spelt, context), tokens, spelt, context)
        if level is Triage.DECISION:
            reply = self._care_team(brain, plan, conversation, context)
        else:
            reply = self._respond(brain, plan, conversation, context)
        reply = brain.framer.frame(reply, spelt, self.today())  # caveats, risks, the news's age
        return self._with_triage(brain, reply, assessment, spelt)

    def choose(self, intent: str, therapy: str | None, conversation: str = "default") -> Reply:
        """Answer a button click: a known intent, for a known therapy."""
        brain = self._brain
        chosen = brain.snapshot.intents.get(intent)
        plan = Plan(chosen, (therapy,) if therapy and therapy in brain.snapshot.therapies else (), 1.0)
        reply = self._respond(brain, plan, conversation, self.memory.get(conversation))
        return brain.framer.frame(reply, "", self.today())

    # -- understanding ------------------------------------------------------------------

    def _plan(self, brain: Brain, tokens: list[str], cleaned: str, context: Context) -> Plan:
        spelling = brain.spelling_out(cleaned)
        if spelling is not None and spelling[1] is not None:  # "what does the T in TaNK stand for?"
            spelt_by = spelling[1]
            intent = brain.intent_by_topic.get(spelt_by.topic) or brain.snapshot.intents.get(FALLBACK_INTENT)
            own = _own(spelt_by)
            return Plan(intent, own, 1.0, hits=(Hit(spelt_by, 1.0),))
        if spelling is not None:  # "what does the 19 in UCART19 stand for?": not said, and what they say is
            named_here = brain.detector.detect(tokens).therapies
            overview = tuple(Hit(f, 1.0) for f in brain.summary_facts() if f.therapy in named_here)
            return Plan(
                brain.snapshot.intents.get(FALLBACK_INTENT), named_here, 1.0, hits=overview, gaps=spelling[0]
            )
        explained, term, therapy = brain.explanation(cleaned)
        if explained is not None:  # "what's an NK cell?": the articles' own explanation
            intent = brain.intent_by_topic.get(explained.topic) or brain.snapshot.intents.get(FALLBACK_INTENT)
            own = _own(explained)
            if not own:  # "what is a t cell? the doctor says it about be car7": that therapy's talk
                named_here = brain.detector.detect(tokens).therapies
                own = named_here if len(named_here) == 1 else ()
            return Plan(intent, own, 1.0, hits=(Hit(explained, 1.0),))
        if therapy is not None:  # "what actually is be-car7? keep seeing it pop up"
            return Plan(brain.snapshot.intents.get(FALLBACK_INTENT), (therapy,), 1.0)
        asked = words(term)
        unfamiliar = not any(stem(t) in brain.familiar for t in asked)
        if unfamiliar and any(english_counts().get(t, 0) < RARE_WORD for t in asked):
            # "what is ICANS?": a word the articles never use, so they cannot explain it
            return Plan(brain.snapshot.intents.get(FALLBACK_INTENT), (), 1.0, gaps=term)
        detection = brain.detector.detect(tokens)
        named = detection.therapies
        inferred = False
        # "the girl from Leicestershire", not "is the patient still ok?"
        if not named and not context.therapy and not (_ANY_ONE.search(cleaned) and not detection.clued):
            owner = brain.index.therapy_of(content_tokens(tokens))
            named, inferred = ((owner,), True) if owner else ((), False)
        kept = [t for i, t in enumerate(tokens) if i not in detection.consumed]
        matcher_tokens = brain.matcher.tokens(kept, brain.known)
        intents = brain.snapshot.intents
        rest = [
            t
            for i, t in enumerate(brain.matcher.tokens(tokens, brain.known))
            if i not in detection.consumed
            and i not in detection.clued
            and (t not in STOPWORDS or t in FOLLOWUP_WORDS)
            and t not in NEUTRAL_WORDS
        ]
        if (
            len(named) == 1
            and not detection.clued  # "how is baby Layla doing?" asks about her, not the therapy
            and all(t in FOLLOWUP_WORDS or t in WHAT_IS_WORDS for t in rest)
            and not (SOMEWHERE.search(cleaned) or APPROVAL.search(cleaned))  # "tank in new zealand?"
        ):
            return self._bare_name(intents, named, rest, context)
        asking = _asking_start(cleaned)
        query, focus = _query(kept, tokens, cleaned, asking)
        name_asked = NAME_ASKED.search(cleaned) is not None
        if name_asked:  # "what's her full name?" asks whose, not about names
            query = [w for w in query if w not in _NAME_WORDS]
            focus -= _NAME_WORDS
        wants = wanted(cleaned)
        # A plan is no answer to how it turned out, and the facts that do answer lack its words.
        # "which academic is steering the base-edited T-ALL project?": the clue only says which
        # therapy is meant; what is asked is the rest
        muted = _muted_clues(brain, tokens, detection, query)
        hits = self._search(brain, query, named, context, wants - {"later"}, focus, muted)
        all_three = not detection.consumed and _OF_THE_THREE.search(cleaned) is not None
        # "do BE-CAR7, UCART19 and TaNK all treat the same leukaemia?", "in all three stories, had
        # chemo failed?": each one asked about answers for itself (a comparison is the compare reply's)
        every_one = (len(named) == len(brain.therapies) > 2 and not detection.clued) or all_three
        # "which of the three involve editing genes?": each therapy's own closest fact; a clue
        # in it is what is asked about ("which of the three was given to a baby?", "... is for
        # myeloid leukaemia?"), not the therapy meant
        which_of_them = (
            (not named or all_three or every_one) and not context.therapy and _WHICH_OF_THEM.search(cleaned)
        )
        if (every_one and not _COMPARING.search(cleaned)) or which_of_them:
            # "each of the three treatments" says whom the question asks, not what
            asked = _without_the_three(query, cleaned)
            each = self._each_closest(brain, asked, wants - {"later"}, focus & frozenset(asked))
            if len(each) >= 2:
                intent = brain.intent_by_topic.get(each[0].fact.topic) or intents.get(FALLBACK_INTENT)
                return Plan(intent, (), 1.0, words=frozenset(query), hits=each, unnamed=True)
        names = brain.index.names_in(query)
        relative = brain.index.unsaid_relation(query, cleaned)  # "who is Layla's father?"
        # "did the baby's dad say anything?", "the baby's surname?": the baby is Layla
        as_named = _read_as_named(brain, query, cleaned, named)
        if as_named is not None and not relative:
            relative = brain.index.unsaid_relation(*as_named)
        meant = named or context.therapies
        donors = donors_told(brain, cleaned, meant)
        if donors is not None and not donors:
            # "who donated Layla's T-cells?": "a donor" is all they say, and that is shown
            giving = tuple(h for h in hits if "donor" in brain.index.said_of(h.fact))[:2]
            return Plan(
                intents.get(FALLBACK_INTENT), meant, 1.0, hits=giving, gaps=DONOR_GAP, inferred=inferred
            )
        if donors and donors_asked(cleaned):
            # "who gave the kiwi designer her cells?": the fact that says who leads
            told = sorted(donors, key=lambda f: -next((h.score for h in hits if h.fact is f), 0.0))
            intent = brain.intent_by_topic.get(told[0].topic) or intents.get(FALLBACK_INTENT)
            others = tuple(h for h in hits if h.fact is not told[0])
            return Plan(intent, meant, 1.0, hits=(Hit(told[0], 1.0), *others), names=names, inferred=inferred)
        identity = None if relative else _who_is(brain, cleaned, names, hits)
        if identity is not None:  # "who is Alyssa Tapley?": who she is, the first patient
            therapies = named or _own(identity)
            intent = brain.intent_by_topic.get(identity.topic) or intents.get(FALLBACK_INTENT)
            others = tuple(h for h in hits if h.fact is not identity)
            return Plan(intent, therapies, 1.0, hits=(Hit(identity, 1.0), *others), names=names)
        # Gaps that hold however close a fact comes: the fact is about something else.
        planned = only_planned(brain, wants, hits, cleaned)
        if planned is not None:
            therapies = named or _own(planned)
            later = "how that turned out later"
            return Plan(intents.get(FALLBACK_INTENT), therapies, 1.0, hits=(Hit(planned, 1.0),), gaps=later)
        if (
            (named or context.therapy)
            and hits
            and (hits[0].score >= KIND_GAP_MIN or bool(names))  # "how is Alyssa these days?"
            and asks_about_today(cleaned[asking:])
        ):
            # "is baby Layla still in remission today?": news from 2015 says how she was then,
            # not how she is now (news a year or two old still answers "these days")
            lead = hits[0].fact
            if years_since(brain.snapshot.articles[lead.article], self.today()) >= STALE_YEARS:
                therapies = named or _own(lead)
                return Plan(intents.get(FALLBACK_INTENT), therapies, 1.0, hits=(hits[0],), gaps=TODAY_GAP)
        where_given = (
            brain.by_topic.get((LOCATION_TOPIC, named[0]), [])
            if len(named) == 1 and _WHERE_GIVEN.search(cleaned)
            else []
        )
        if where_given and not (hits and "hospital" in brain.index.kinds_of(hits[0].fact)):
            # "where was the mum from Auckland treated?": where the therapy was given is what
            # its location facts say, though they share few of the words that describe her
            location = brain.intent_by_topic.get(LOCATION_TOPIC) or intents.get(FALLBACK_INTENT)
            at = tuple(Hit(f, 1.0) for f in where_given)
            return Plan(location, named, 1.0, words=frozenset(query), hits=at, inferred=inferred)
        if THE_OTHERS.search(cleaned) and hits and hits[0].score >= KIND_GAP_MIN:
            # what they say of the ones it worked for, and that they say nothing of the others
            therapies = named or _own(hits[0].fact)
            fared = "how the others fared"
            return Plan(intents.get(FALLBACK_INTENT), therapies, 1.0, hits=(hits[0],), gaps=fared)
        asked_part = " ".join(tokens[asking:])
        if giver_effects_asked(asked_part):
            # "did the daughter who gave her cells feel ill afterwards?": the patients' side
            # effects are no answer
            return Plan(intents.get(FALLBACK_INTENT), named, 1.0, gaps=GIVER_GAP, inferred=inferred)
        effects_of = effects_asked_of(asked_part, hits, named)
        if effects_of is not None and effects_of != THERAPY_GENERAL:
            effects = brain.intent_by_topic.get(SIDE_EFFECTS_TOPIC)
            given = brain.by_topic.get((SIDE_EFFECTS_TOPIC, effects_of), [])
            if effects is not None and not given:
                # "did the baby react badly to the cells?": the side-effects reply says none are given
                return Plan(effects, (effects_of,), 1.0, inferred=not named)
            effect = unsaid_effect(brain, asked_part, given)
            if effect:  # "did Alyssa lose her hair?": not said, and the side effects that are
                said = tuple(Hit(f, 1.0) for f in given)
                return Plan(
                    intents.get(FALLBACK_INTENT),
                    (effects_of,),
                    1.0,
                    hits=said,
                    gaps=effect,
                    inferred=not named,
                )
        available = intents.get(AVAILABILITY_INTENT)
        if available is not None and unsaid_availability(brain, cleaned, hits):
            # "has the FDA approved BE-CAR7?": not said, and the intent says so in its words
            return Plan(available, named, 1.0, hits=hits, inferred=inferred)
        origin = unsaid_origin(brain, cleaned)
        if origin:  # "who invented CRISPR?": who devised each treatment is said, not that
            return Plan(intents.get(FALLBACK_INTENT), (), 1.0, gaps=origin)
        sure_gap = (
            relative
            or brain.index.unsaid_name(cleaned)
            or (as_named is not None and brain.index.unsaid_name(as_named[1]))
            or brain.index.unsaid_age(cleaned)
            or unsaid_deaths(brain, cleaned, hits)
            or unsaid_rate(brain, cleaned, hits)
            or unanswered_kind(brain, cleaned, hits, _asking_offset(cleaned))
            or uncounted(brain, cleaned, hits)
            or unmeasured(brain, cleaned, hits)
            or unsaid_group(brain, cleaned, named)
            or unnamed_thing(brain, cleaned)
        )
        spelt = brain.speller.tokens(asked)
        # The articles' own words ("t-al" is a slip, not a word to look for).
        whole = all(len(t) >= 3 and t in brain.known for t in spelt)
        a_name = bool(brain.detector.detect(spelt).consumed)
        if 0 < len(spelt) <= TERM_WORDS and whole and not a_name and not brain.explained_nearby(spelt, hits):
            # "what does TALEN mean?": the articles use the word but never say what it means
            # ... and what they do say with it
            using = brain.term_users(spelt, hits)
            return Plan(
                intents.get(FALLBACK_INTENT),
                named,
                1.0,
                hits=using[:2],
                gaps=term,
                meaning=True,
                inferred=inferred,
            )
        gaps = unknown_subject(tokens[asking:], brain.familiar, brain.speller.near) or sure_gap
        in_scope = bool(named or context.therapy or (hits and hits[0].score >= GAP_SCOPE))
        if gaps and in_scope and (sure_gap or not (hits and hits[0].score >= GAP_OVERRIDE)):
            # "does it work for sickle cell disease?": the articles do not say, so say that
            return Plan(intents.get(FALLBACK_INTENT), named, 1.0, gaps=gaps, inferred=inferred)
        ranking = brain.matcher.rank(matcher_tokens, cleaned, brain.known)
        if ranking.best is not None and intents[ranking.best.intent].handler == "sources":
            # "according to the articles, how many children don't respond?": the articles are
            # where the answer is to come from, the question is what follows.
            unframed = [t for t in matcher_tokens if t not in _FRAME_WORDS]
            reranked = brain.matcher.rank(unframed, cleaned, brain.known)
            if (
                unframed != matcher_tokens
                and reranked.best is not None
                and reranked.best.confidence >= THRESHOLD
                and intents[reranked.best.intent].handler == "facts"
            ):
                ranking = reranked
        best = ranking.best
        focus = frozenset(stem(t) for t in matcher_tokens if t not in STOPWORDS)
        unnamed = not named and not context.therapy and not names and _REFERRED.search(cleaned) is not None
        # Words the content never uses cast doubt, unless they are slips ("hav", "sumone").
        unknown = ranking.unknown_words
        slips = all(w not in english_counts() for w in unknown) and len(unknown) <= len(focus) * SLIPS
        agreed = (
            best is not None
            and best.confidence >= THRESHOLD
            and slips
            and _agrees(intents[best.intent], hits)
        )
        # Another form of the articles' own word ("the letter-changing one": they say "change"),
        # a clue to the therapy or who is asking ("grandad can't remember") is no word the
        # content lacks.
        clues = {tokens[i] for i in detection.clued}
        aside = frozenset(
            w for w in ranking.unknown_words if w in _ASKERS or w in clues or stem(w) in brain.index.idf
        )
        if best is None or not (self._confident(ranking, len(focus), aside) or agreed):
            if hits and (
                hits[0].score >= LEAD
                or (bool(named or context.therapy) and _alone(hits))
                or (bool(named) and not inferred and hits[0].score >= NAMED_LEAD)
            ):
                # no kind of question fits, but one fact does, or stands alone for the therapy
                intent = brain.intent_by_topic.get(hits[0].fact.topic) or intents.get(FALLBACK_INTENT)
                score = hits[0].score
                return Plan(
                    intent,
                    named,
                    score,
                    words=focus,
                    hits=hits,
                    names=names,
                    inferred=inferred,
                    unnamed=unnamed,
                    tentative=score < LEAD and not _alone(hits),
                )
            close = tuple(m.intent for m in ranking.matches if m.confidence >= SUGGEST_MIN)
            return Plan(None, named, best.confidence if best else 0.0, alternatives=close)
        intent = intents[best.intent]
        if (
            intent.handler == "compare"
            and not named
            and not context.therapy
            and not (hits and hits[0].score >= LEAD)
            and any(w not in aside and w in english_counts() for w in ranking.unknown_words)
        ):
            # "which football team is best?": a comparison of things the articles never mention
            return Plan(None, named, best.confidence, alternatives=())
        # "who is Lisa in the Layla article?" asks about Lisa, not about the articles; "how much
        # had Joanne's cells multiplied?" is not about cost. A guess at a kind of question the
        # facts do not answer yields to a fact that does, unless the question has a word no
        # fact uses ("are there trials in Australia?").
        unsaid = intent.handler == "not_in_articles" and any(w not in brain.index.idf for w in query)
        if intent.name == "cost" and not MONEY.search(cleaned) and hits and hits[0].score >= BUNDLE_LEAD:
            # "did the cells multiply, and by how much?", "how much time passed?": no money asked
            intent = brain.intent_by_topic.get(hits[0].fact.topic) or intent
        if name_asked and hits and hits[0].score >= BUNDLE_LEAD:
            # "the teenager from leicestershire, what's her name?": her name, not her age
            intent = brain.intent_by_topic.get(hits[0].fact.topic) or intent
        guessed = best.confidence < WEAK_INTENT and hits and hits[0].score >= LEAD and not unsaid
        # "is that what the reports say?" about a therapy asks what they say, not which they are.
        about_therapy = (
            intent.handler == "sources"
            and named
            and best.confidence < SURE
            and hits
            and hits[0].score >= BUNDLE_LEAD
        )
        # "did ucart19 help the baby?" asks about the therapy's help, not the bot's.
        helped = intent.handler == "help" and bool(named) and bool(hits) and hits[0].score >= BUNDLE_LEAD
        if intent.handler in ("sources", "help", "not_in_articles") and (guessed or about_therapy or helped):
            intent = brain.intent_by_topic.get(hits[0].fact.topic) or intent
        alone = len(named) == 1 and context.therapy in (None, named[0])  # not "is that different to becar7?"
        if intent.handler == "compare" and alone and hits and hits[0].score >= BUNDLE_LEAD:
            # "how is BE-CAR7 different from regular CAR-T?": one therapy set against the usual
            # treatment, not the three side by side; its own facts say how it differs.
            on_topic = (brain.intent_by_topic.get(h.fact.topic) for h in hits)
            intent = next((i for i in on_topic if i is not None), intent)
        if intent.handler == "followup":
            previous = intents.get(context.intent) if context.intent else None
            chosen = previous or intents.get(FALLBACK_INTENT)
            return Plan(chosen, named, best.confidence, words=focus, hits=hits)
        runner_up = self._runner_up(brain, ranking)
        return Plan(
            intent,
            named,
            best.confidence,
            runner_up,
            words=focus,
            hits=hits,
            names=names,
            inferred=inferred,
            unnamed=unnamed,
        )

    @staticmethod
    def _search(
        brain: Brain,
        query: list[str],
        named: tuple[str, ...],
        context: Context,
        wants: frozenset[str],
        focus: frozenset[str] = frozenset(),
        muted: frozenset[str] = frozenset(),
    ) -> tuple[Hit, ...]:
        """Single facts for the question's content words: within the therapies named (or the
        conversation's), unless a fact about another therapy answers it clearly better."""
        scope = named or context.therapies
        hits = brain.index.search(query, scope, wants=wants, focus=focus, muted=muted)
        if scope and not named:
            free = brain.index.search(query, wants=wants, focus=focus, muted=muted)
            if (
                free
                and free[0].score >= LEAD
                and free[0].fact.therapy not in (*scope, THERAPY_GENERAL)
                and (not hits or free[0].score - hits[0].score >= SWITCH)
            ):
                return tuple(free)
        return tuple(hits)

    @staticmethod
    def _each_closest(
        brain: Brain, query: list[str], wants: frozenset[str], focus: frozenset[str]
    ) -> tuple[Hit, ...]:
        """For a question asked of all the therapies at once, each one's closest fact, when
        it is close enough to be an answer (best first)."""
        each = []
        for therapy in brain.therapies:
            found = brain.index.search(query, (therapy,), limit=4, wants=wants, focus=focus)
            own = next((h for h in found if h.fact.therapy == therapy), None)
            if own is not None and own.score >= BUNDLE_LEAD:
                each.append(own)
        return tuple(sorted(each, key=lambda h: -h.score))

    @staticmethod
    def _left_open(brain: Brain, plan: Plan, tokens: list[str], cleaned: str, context: Context) -> Plan:
        """An answer from nearby facts, or no answer at all, to a question the content lists
        as one the articles leave open, when that list fits the question clearly better than
        any fact does: the plan becomes saying so, and what the articles do say. The honest
        gaps found by reading the question ("Layla's dad", side effects not named) stand."""
        # A gap read from the question's form ("how long that was") may be named better by
        # the list ("how long patients stay in hospital"); any other gap stands.
        by_form = (plan.gaps in FORM_GAPS or plan.gaps == TODAY_GAP) and not plan.meaning
        if (plan.gaps and not by_form) or (plan.intent is not None and plan.intent.handler != "facts"):
            return plan
        if plan.hits and plan.hits[0].score + LEFT_OPEN_MARGIN > 1.0 and not by_form:
            return plan  # a fact this close is never outdone
        if plan.intent and plan.therapies and not any(brain.facts(plan.intent, t) for t in plan.therapies):
            return plan  # "tank side effects?": the topic's own reply says the articles are silent
        detection = brain.detector.detect(tokens)
        kept = [t for i, t in enumerate(tokens) if i not in detection.consumed]
        query, focus = _query(kept, tokens, cleaned, _asking_start(cleaned))
        defines = bool(_definition(cleaned)[0])
        if all(w in brain.index.names for w in query) and not defines:
            return plan  # "alyssa tapley": who, with nothing asked about her
        unclued = [
            t for i, t in enumerate(tokens) if i not in detection.consumed and i not in detection.clued
        ]
        if not plan.hits and set(content_words(" ".join(unclued))) <= _ONLY_THE_THERAPY and not defines:
            return plan  # "tell me about the natural killer cells therapy": the therapy itself
        named = detection.therapies
        scope = plan.therapies or named or context.therapies
        found = brain.unanswered.search(query, scope, focus)
        if found is None:
            return plan
        gap, score = found
        closest = 0.0 if by_form else (plan.hits[0].score if plan.hits else 0.0)
        if score < LEFT_OPEN or score < closest + LEFT_OPEN_MARGIN:
            return plan
        therapies = named or _own(gap)
        near = tuple(Hit(brain.snapshot.facts[i], 1.0) for i in gap.near if i in brain.snapshot.facts)
        fallback = brain.snapshot.intents.get(FALLBACK_INTENT)
        return Plan(fallback, therapies, 1.0, hits=near, gaps=gap.missing, settled=True)

    @staticmethod
    def _bare_name(
        intents: Mapping[str, Intent], named: tuple[str, ...], rest: list[str], context: Context
    ) -> Plan:
        """Only a therapy's name: "becar7?" or "what about ucart19?" repeats the last question;
        "what is tank?" or a first question asks what it is."""
        followup = any(t in FOLLOWUP_WORDS for t in rest) and "tell" not in rest
        asks_what = any(t in WHAT_IS_WORDS for t in rest) and not followup
        previous = intents.get(context.intent) if context.intent else None
        if asks_what or previous is None:
            return Plan(intents.get(FALLBACK_INTENT), named, 1.0)
        return Plan(previous, named, 1.0)

    @staticmethod
    def _confident(ranking: Ranking, content_words: int, aside: frozenset[str] = frozenset()) -> bool:
        """Above the threshold, and not asking about things the content never mentions.

        Unknown words ("diabetes", "weather") cast doubt, unless the match is sure or the
        message is long and mostly known (worried messages carry words of their own)."""
        best = ranking.best
        if best is None or best.confidence < THRESHOLD:
            return False
        # Everyday words ("goes", "far") the content happens not to use say nothing.
        unknown = sum(
            1 for w in ranking.unknown_words if w not in aside and english_counts().get(w, 0) < COMMON_WORD
        )
        if not unknown or best.confidence >= SURE:
            return True
        return content_words >= LONG_MESSAGE_WORDS and unknown / content_words < 0.25

    @staticmethod
    def _runner_up(brain: Brain, ranking: Ranking) -> Intent | None:
        if len(ranking.matches) < 2:
            return None
        first, second = ranking.matches[0], ranking.matches[1]
        other = brain.snapshot.intents[second.intent]
        if first.confidence - second.confidence <= NEAR_TIE and other.handler == "facts":
            return other
        return None

    # -- replies ------------------------------------------------------------------------

    def _respond(self, brain: Brain, plan: Plan, conversation: str, context: Context) -> Reply:
        """Hand the plan to the handler for its kind of reply (`Intent.handler` names it)."""
        if plan.gaps:
            return self._gap(brain, plan, conversation, context)
        if plan.intent is None:
            return self._fallback(brain, plan)
        handler = _HANDLERS.get(plan.intent.handler, Engine._help)
        return handler(self, brain, plan, conversation, context)

    # -- one handler per kind of reply --------------------------------------------------

    def _gap(self, brain: Brain, plan: Plan, conversation: str, context: Context) -> Reply:
        """What was asked about is a word the articles never use: say so, naming it."""
        if plan.settled:  # seeds/unanswered.toml says it in its own words
            missing = plan.gaps
        elif plan.meaning:
            missing = f"what {plan.gaps} means"
        elif plan.hits:  # what was planned, and the fact that says so
            missing = plan.gaps
        elif plan.gaps.startswith(
            ("how ", "what ", "when ", "which ")
        ):  # "how many doses", "what the survival rate is"
            missing = plan.gaps + (f" for {plan.therapies[0]}" if plan.therapies else "")
        elif plan.gaps.startswith("whether "):  # "whether any of the patients died"
            missing = plan.gaps + (f" in the {plan.therapies[0]} study" if plan.therapies else "")
        elif "'s " in plan.gaps:  # "Layla's dad", "Layla's surname": a person, no therapy to add
            missing = f"anything about {plan.gaps}"
        else:
            missing = f"anything about {plan.gaps}" + (f" and {plan.therapies[0]}" if plan.therapies else "")
        said = [h.fact for h in plan.hits]
        return self._reply(brain, NOT_IN_ARTICLES, "not_in_articles", plan, facts=said, missing=missing)

    def _not_in_articles(self, brain: Brain, plan: Plan, conversation: str, context: Context) -> Reply:
        """A kind of question the articles never answer (cost, availability): say so."""
        intent = plan.intent
        assert intent is not None
        therapies = plan.therapies or context.therapies
        self.memory.put(conversation, Context(therapies[0] if therapies else None, intent.name))
        plan = Plan(intent, therapies, plan.confidence)
        return self._reply(brain, NOT_IN_ARTICLES, intent.template, plan, missing=intent.missing)

    def _compare(self, brain: Brain, plan: Plan, conversation: str, context: Context) -> Reply:
        """The three therapies side by side: each one's summary."""
        assert plan.intent is not None
        return self._reply(brain, ANSWER, plan.intent.template, plan, facts=brain.summary_facts())

    def _sources(self, brain: Brain, plan: Plan, conversation: str, context: Context) -> Reply:
        """Where the answers come from: every article."""
        assert plan.intent is not None
        sources = tuple(brain.sources.values())
        reply = self._reply(brain, HELP, plan.intent.template, plan, sources=brain.source_list)
        return replace(reply, sources=sources)

    def _help(self, brain: Brain, plan: Plan, conversation: str, context: Context) -> Reply:
        """Greetings, thanks, what to ask: the intent's template as it is."""
        assert plan.intent is not None
        return self._reply(brain, HELP, plan.intent.template, plan)

    def _facts(self, brain: Brain, plan: Plan, conversation: str, context: Context) -> Reply:
        intent = plan.intent
        assert intent is not None
        therapies = plan.therapies or context.therapies
        lead = self._lead(plan, therapies)
        if lead is not None:
            return self._lead_answer(brain, plan, lead, conversation)
        missing: list[str] = []
        if not therapies and not plan.unnamed and (plan.confidence < WEAK_INTENT or plan.words & _DESCRIBED):
            # the kind of question is a guess ("which place is he based at"): the facts decide
            therapies = _standing_out(plan.hits)
        if not therapies:
            covered = tuple(t for t in brain.therapies if brain.facts(intent, t))
            if len(covered) > 1 and intent.needs_therapy:
                return self._each_therapy(brain, plan, covered, conversation)
            therapies = covered or (THERAPY_GENERAL,)
            if covered:  # not asked about one therapy: say which ones the articles skip
                missing = [t for t in brain.therapies if t not in covered]
        groups, used = [], []
        asked, prefer = brain.beyond_the_kind(intent, plan.words), frozenset(intent.prefer)
        for therapy in therapies[:3]:
            found = brain.facts(intent, therapy)
            if not found and therapy != THERAPY_GENERAL:
                found = brain.facts(intent, THERAPY_GENERAL)
            found = brain.relevant(found, asked, prefer)
            # A general fact from the therapy's own articles may be the closest ("in the baby
            # article, the hospital says chemo sometimes fails - why?"), when one therapy is asked.
            own = (therapy, THERAPY_GENERAL) if len(therapies) == 1 else (therapy,)
            closest = next((h for h in plan.hits if h.fact.therapy in own), None)
            if (
                closest is not None
                and closest.fact.topic not in intent.topics
                and not brain.shares_content(closest.fact, plan.words)
            ):
                closest = None  # "does becar7 actually work?": the overview shares only "actually"
            if found and closest is not None and closest.score >= BUNDLE_LEAD:
                # The topic's facts, after the one fact closest to the question's own words
                # (never in place of "the articles do not say" when the topic has none).
                found = [closest.fact, *(f for f in found if f != closest.fact)]
            found = found[:MAX_FACTS_PER_THERAPY]
            if found:
                groups.append({"therapy": therapy, "facts": [fact_view(f, brain.snapshot) for f in found]})
                used.extend(found)
            else:
                missing.append(therapy)
        focus = therapies[0] if therapies[0] != THERAPY_GENERAL else None
        self.memory.put(conversation, Context(focus, intent.name))
        subject = brain.subject(intent)
        missing_text = f"anything about {subject} for {' or '.join(missing)}" if missing else ""
        tentative = plan.tentative
        plan = Plan(intent, tuple(therapies), plan.confidence, plan.runner_up, words=plan.words)
        if not used:
            return self._reply(brain, NOT_IN_ARTICLES, "not_in_articles", plan, missing=missing_text)
        return self._reply(
            brain,
            ANSWER,
            intent.template,
            plan,
            facts=used,
            groups=groups,
            subject=subject,
            missing=missing_text,
            closest=tentative,
        )

    @staticmethod
    def _lead(plan: Plan, therapies: tuple[str, ...]) -> Hit | None:
        """The one fact that answers the question, if one stands out; the intent's own topic
        wins a near tie."""
        hits = [h for h in plan.hits if not therapies or h.fact.therapy in (*therapies, THERAPY_GENERAL)]
        # When the kind of question is only a guess, a fact that stands out is the better guess.
        weak = plan.confidence < WEAK_INTENT
        if not hits or hits[0].score < (WEAK_LEAD if weak else LEAD):
            return None
        top = hits[0]
        if weak and hits[0].score < LEAD and len(hits) > 1 and hits[1].score > top.score * STANDS_OUT:
            return None  # a low score that does not stand out is no answer either
        if not therapies and (plan.unnamed or _split(plan.intent, hits, weak)):
            return None
        topics = plan.intent.topics if plan.intent else ()
        on_topic = [h for h in hits if h.fact.topic in topics]
        if topics and top.fact.topic not in topics:
            if on_topic and on_topic[0].score >= top.score - LEAD_MARGIN:
                return on_topic[0]
            if plan.confidence >= SURE and top.score < CLEAR:
                return None  # the kind of question is clear and no single fact is: the topic's facts
        return top

    def _lead_answer(self, brain: Brain, plan: Plan, lead: Hit, conversation: str) -> Reply:
        """Lead with the fact asked for, then at most two close facts on the same therapy."""
        therapy = lead.fact.therapy
        support = [
            h.fact
            for h in plan.hits
            if h is not lead
            and h.fact.therapy in (therapy, THERAPY_GENERAL)
            and h.score >= SUPPORT * lead.score
            and h.fact.quote != lead.fact.quote
        ]
        support.sort(key=lambda f: f.topic != lead.fact.topic)
        facts = [lead.fact, *support[:MAX_SUPPORT]]
        intent = plan.intent
        if intent is None or lead.fact.topic not in intent.topics:
            intent = brain.intent_by_topic.get(lead.fact.topic, intent)
        # A general fact (what CRISPR is) still comes from one therapy's article: that therapy
        # is what the conversation is about now.
        asked = plan.therapies[0] if len(plan.therapies) == 1 else None
        focus = therapy if therapy != THERAPY_GENERAL else asked or brain.article_therapy(lead.fact)
        self.memory.put(conversation, Context(focus, intent.name if intent else None))
        views = [fact_view(f, brain.snapshot) for f in facts]
        topic = brain.snapshot.topics.get(lead.fact.topic)
        subject = topic.label if topic else ""
        missing = ""
        said = plan.therapies and not plan.inferred
        if not said and therapy != THERAPY_GENERAL and intent is not None and intent.needs_therapy:
            others = [t for t in brain.therapies if not brain.by_topic.get((lead.fact.topic, t))]
            if len(others) == len(brain.therapies) - 1:  # only this therapy's articles cover the topic
                missing = f"anything about {subject} for {' or '.join(others)}"
        confidence = max(plan.confidence, lead.score)
        answer_plan = Plan(intent, (focus or therapy,), confidence, plan.runner_up, words=plan.words)
        template = intent.template if intent and intent.handler == "facts" else "answer"
        return self._reply(
            brain,
            ANSWER,
            template,
            answer_plan,
            facts=facts,
            groups=[{"therapy": therapy, "facts": views}],
            subject=subject,
            missing=missing,
            closest=plan.tentative,
        )

    def _each_therapy(self, brain: Brain, plan: Plan, covered: tuple[str, ...], conversation: str) -> Reply:
        """No therapy named and each has an answer: one line for each, and a button to go on."""
        intent = plan.intent
        assert intent is not None
        groups, used = [], []
        top = plan.hits[0].score if plan.hits else 0.0
        for therapy in covered:
            best = brain.relevant(brain.facts(intent, therapy), plan.words)[:1]
            hit = next(
                (h.fact for h in plan.hits if h.fact.therapy == therapy and h.score >= SUPPORT * top),
                None,
            )
            chosen = [hit] if hit is not None else best
            if not chosen or (hit is None and plan.names):
                continue  # the person asked about is not in this therapy's articles
            groups.append({"therapy": therapy, "facts": [fact_view(f, brain.snapshot) for f in chosen]})
            used.extend(chosen)
        self.memory.put(conversation, Context(None, intent.name, awaiting_therapy=True))
        reply = self._reply(
            brain,
            ANSWER,
            intent.template,
            Plan(intent, (), plan.confidence, words=plan.words),
            facts=used,
            groups=groups,
            subject=brain.subject(intent),
        )
        return replace(reply, choices=tuple(Choice(f"More on {t}", intent.name, t) for t in covered))

    def _fallback(self, brain: Brain, plan: Plan) -> Reply:
        therapy = plan.therapies[0] if plan.therapies else None
        intents = brain.snapshot.intents
        suggestions = [intents[n] for n in plan.alternatives if intents[n].handler == "facts"][:3]
        choices = tuple(Choice(i.question, i.name, therapy) for i in suggestions)
        reply = self._reply(brain, FALLBACK, "fallback", plan, suggestions=[c.label for c in choices])
        return replace(reply, choices=choices)

    def _safety(self, brain: Brain, template: str, level: Triage) -> Reply:
        body = brain.renderer.render(template)
        return Reply(
            kind=SAFETY,
            body=body,
            notice=brain.snapshot.notice,
            intent=None,
            confidence=1.0,
            triage=level.value,
        )

    def _with_triage(self, brain: Brain, reply: Reply, assessment: Assessment, cleaned: str) -> Reply:
        """Distress and possible danger come before the answer: a warm line, a bold warning.
        Fear that asks nothing ("I'm so scared my baby is going to die") gets the warm reply
        alone, never facts picked from its words."""
        level = assessment.level
        answered = reply.kind in (ANSWER, NOT_IN_ARTICLES)
        if level is Triage.DISTRESS and not (answered and asks_something(cleaned)):
            reply = self._safety(brain, "distress", level)
        elif assessment.distress and answered:
            warm = brain.renderer.render("distress", answering=True)
            reply = replace(reply, body=f"{warm}\n\n{reply.body}")
        if assessment.possible_danger:
            warning = brain.renderer.render("possible_danger")
            reply = replace(reply, body=f"{warning}\n\n{reply.body}")
        if level is not Triage.NONE:
            reply = replace(reply, triage=level.value)
        return reply

    def _care_team(self, brain: Brain, plan: Plan, conversation: str, context: Context) -> Reply:
        """A personal decision: 'ask your care team' first, then the articles in general, cited."""
        first = brain.renderer.render("care_team")
        keeps = ("facts", "compare", "not_in_articles")  # "can we get it in Australia?": say it is not said
        if not plan.gaps and (plan.intent is None or plan.intent.handler not in keeps):
            therapies = plan.therapies or context.therapies
            if plan.hits and plan.hits[0].score >= LEAD:  # a fact answers what was asked
                general = brain.intent_by_topic.get(plan.hits[0].fact.topic)
            else:
                general = brain.snapshot.intents.get(FALLBACK_INTENT if therapies else "compare")
            plan = replace(plan, intent=general, therapies=therapies)
        answered = self._respond(brain, plan, conversation, context)
        body = "\n\n".join(p for p in (first, answered.body) if p)
        return replace(answered, kind=SAFETY, body=body, answered=answered.kind)

    def _simple(self, brain: Brain, intent_name: str, kind: str) -> Reply:
        intent = brain.snapshot.intents.get(intent_name)
        template = intent.template if intent else "fallback"
        return self._reply(brain, kind, template, Plan(intent, (), 1.0))

    def _reply(
        self, brain: Brain, kind: str, template: str, plan: Plan, facts: Sequence[Fact] = (), **values: Any
    ) -> Reply:
        if facts and "groups" not in values:
            values["facts"] = [fact_view(f, brain.snapshot) for f in facts]
        body = brain.renderer.render(
            template,
            intent=plan.intent.name if plan.intent else None,
            therapy=plan.therapies[0] if plan.therapies else None,
            **values,
        )
        choices: tuple[Choice, ...] = ()
        if plan.runner_up is not None and kind == ANSWER:
            choices = (
                Choice(
                    plan.runner_up.question,
                    plan.runner_up.name,
                    plan.therapies[0] if plan.therapies else None,
                ),
            )
        return Reply(
            kind=kind,
            body=body,
            notice=brain.snapshot.notice,
            intent=plan.intent.name if plan.intent else None,
            therapy=plan.therapies[0]
            if len(plan.therapies) == 1 and plan.therapies[0] != THERAPY_GENERAL
            else None,
            confidence=round(plan.confidence, 3),
            sources=brain.sources_of(list(facts)),
            facts=tuple(f.id for f in facts),
            choices=choices,
        )


_Handler = Callable[[Engine, Brain, Plan, str, Context], Reply]
# Intent.handler -> the method that builds that kind of reply; anything else is help.
_HANDLERS: dict[str, _Handler] = {
    "facts": Engine._facts,
    "not_in_articles": Engine._not_in_articles,
    "compare": Engine._compare,
    "sources": Engine._sources,
}
