"""Honest gaps: what a question asks that the articles never say, read from the question's
form and the facts closest to it.

Each detector returns what is missing in plain words ("how many doses", "whether there is
an age limit") or nothing; the engine says "the articles do not say" and names it. They read
the question through a `Reader`: the fact index, the speller and the therapy detector.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from bot.matcher import SLANG, STOPWORDS
from bot.model import Fact
from bot.retrieval import FactIndex, Hit, content_words
from bot.spelling import Speller, english_counts
from bot.text import stem, words
from bot.therapy import TherapyDetector

COMMON_WORD = 50_000_000  # English words this common are not what a question is about
SLIP_LENGTH = 7  # a word this short that is no English word is a slip, not a subject to say is missing


class Reader(Protocol):
    """What the detectors read a question with (the engine's Brain is one)."""

    index: FactIndex
    speller: Speller
    detector: TherapyDetector


_Found = TypeVar("_Found")
# What a detector read from all of a snapshot's facts, kept for as long as its index lives, so
# a question pays for a scan of the facts once per snapshot, not once per question.
_READ_ONCE: weakref.WeakKeyDictionary[FactIndex, dict[str, object]] = weakref.WeakKeyDictionary()


def _once(index: FactIndex, key: str, read: Callable[[], _Found]) -> _Found:
    """`read()` the first time `key` is asked of this index, what it gave after that."""
    known = _READ_ONCE.setdefault(index, {})
    if key not in known:
        known[key] = read()
    return known[key]  # type: ignore[return-value]


# "used for X", "help with X", "X disease": X is what the question is about.
_GAP_BEFORE = frozenset(
    "for with against treat treats treating cure cures help helps used use work works cause causes "
    "affect affects afect about like".split()
)
# The loosest of those: "about the tiny girl", "like the older tools" say what it is like.
_LOOSE_BEFORE = frozenset("for with about like".split())
LOOSE_CUE_WORD = 7_000_000  # after one of them, a word this common is a description, not a subject
_GAP_AFTER = frozenset(
    "disease diseases cancer cancers syndrome rate rates limit limits tumour tumours".split()
)


# Words of money: the cost intent's "how much" is about money only beside one of them.
MONEY = re.compile(
    r"\bcost|\bpric|\bpay|\bpaid|money|afford|expensive|cheap|£|\$|€|\bfund|\bfree\b|charge|insurance|"
    r"\bnhs\b|private|bill|\bfee|spend|\bworth\b|budget|savings|crowdfund|gofundme|loan|mortgage"
    r"|how much (?:is|are|s|will|would|does|do) (?:it|this|that|they|one)\b"
    r"(?! \w+ (?:grow|multipl|increas|rise|go up))"
)
_DETERMINERS = frozenset("the a an his her their my our your these those this that its".split())
# Everyday words for people: who a question is about, never the thing the articles lack.
_PEOPLE_WORDS = frozenset(
    "folks folk people ppl guys kids children adults patients families youngsters grownups persons".split()
)


def unknown_subject(tokens: list[str], familiar: frozenset[str], slip: Callable[[str], bool]) -> str:
    """The thing asked about when the articles never use its word: "lymphoma" in "does it
    help with lymphoma?", "sickle cell disease" in "does it work for sickle cell disease?".
    Only a word in the place of what is asked about counts ("the kiwi woman" is a description);
    a `slip` of a word the articles use ("crisper" for crispr) is none."""
    for i, token in enumerate(tokens):
        if len(token) < 4 or not token.isalpha() or token in STOPWORDS:
            continue
        if stem(token) in familiar or stem(SLANG.get(token, token)) in familiar:  # "infant": baby
            continue
        seen = english_counts().get(token, 0)
        if token.endswith(("ing", "ed", "ly")) or seen >= COMMON_WORD:
            continue  # a doing word, or an everyday one: not the thing asked about
        if not seen and len(token) < SLIP_LENGTH:
            continue  # "evefy": a slip the speller could not place, not a new subject
        if tokens[i + 1 : i + 2] and tokens[i + 1] in _DETERMINERS:
            continue  # "used to supercharge the cells": a doing word before what it does it to
        if token in _PEOPLE_WORDS or tokens[i - 1 : i] == ["to"]:
            continue  # "did it help folks whose chemo failed", "manage to reverse cancers"
        before, after = tokens[max(0, i - 2) : i], tokens[i + 1 : i + 2]
        cued, tailed = _GAP_BEFORE.intersection(before), _GAP_AFTER.intersection(after)
        if not (cued or tailed):
            continue
        if cued and cued <= _LOOSE_BEFORE and seen >= LOOSE_CUE_WORD and not tailed:
            continue  # "hunting for trouble", "with no luck": a little word before an everyday one
        if slip(token):
            continue  # "crisper", "joanne scot": a known word misspelt into another real one
        span = [token]
        for word in tokens[i + 1 : i + 3]:
            if word in STOPWORDS or not word.isalpha():
                break
            span.append(word)
        return " ".join(span)
    return ""


# A kind of answer so specific that a fact without it cannot answer ("how long did Layla stay
# in hospital?", "what percentage got a rash?"): the question's own form (read strictly, so
# that "where things were at" is no question of place), the kinds of fact that can answer it,
# and how the reply names what is missing.
_SPECIFIC_KINDS: dict[str, tuple[re.Pattern[str], frozenset[str], str]] = {
    "duration": (
        re.compile(
            r"\bhow long (?:does|did|do|will|would|is|was|were|are|should|can|could|they|it)\b"
            r"|\bhow many (?:weeks|days|hours|months|minutes)\b"
        ),
        frozenset({"duration"}),
        "how long that was",
    ),
    # "how long has Alyssa been cancer free?": a date it began answers ("since 2022")
    "since": (
        re.compile(
            r"\bhow long (?:ago|since|have|has|had|s)\b|\bhow long (?:\w+ ){1,4}(?:been|gone|lasted|stayed)\b"
        ),
        frozenset({"duration", "when"}),
        "how long that was",
    ),
    # "what month did Alyssa start?", "when was she first diagnosed?"
    "when": (
        re.compile(
            r"\b(?:what|which) (?:year|month|day|date)\b"
            r"|(?:^|[.?!] )when (?:was|were|did|is|does|will) (?:\w+ ){1,3}(?:first |actually )?"
            r"(?:diagnosed|told|start|started|begin|began|have|get|given|treated|infused|born)\b"
        ),
        frozenset({"when"}),
        "when that was",
    ),
    # "what's the name of Joanne's husband?": a name, of someone the facts speak of
    "name": (
        re.compile(
            r"\bwhat (?:is|was|s|are|were) (?:the )?names? of\b|\bwhats (?:the )?names? of\b"
            r"|\b(?:what s|whats|what is|what was|what were) (?:\w+ ){1,3}names?\b"
        ),
        frozenset({"person"}),
        "what their name is",
    ),
    # "what does the baby's mum do for a living?": a job, of the person asked about
    "job": (
        re.compile(
            r"\bfor a living\b|\bwhat (?:is|was|s) (?:his|her|their) (?:job|work|profession|occupation)\b"
            r"|\bwhat (?:job|profession|occupation|line of work)\b"
        ),
        frozenset({"job"}),
        "what they do for a living",
    ),
    "dose": (
        re.compile(
            r"\bwhat (?:dose|dosage|amount) (?:of|did|was|is|were|each|they|he|she|per)\b"
            r"|\bhow (?:big|large) (?:a |was the |is the )?dose\b"
        ),
        frozenset({"count"}),
        "what dose was given",
    ),
    "place": (
        re.compile(
            r"\b(?:which|what) (?:drug |pharma |pharmaceutical |biotech )?"
            r"(?:city|town|country|university|college|school|company|firm|manufacturer)\b"
        ),
        frozenset({"place"}),
        "which place it was",
    ),
    "funder": (
        re.compile(
            r"\bwho (?:paid|payed|pays|funded|funds|financed|bankrolled|footed|sponsored|put up the money)\b"
            r"|\bhow much (?:money|funding|cash)\b"
        ),
        frozenset({"funder"}),
        "who paid for it",
    ),
    "percent": (
        re.compile(r"\bwhat (?:percentage|percent|per cent|proportion|share|fraction)\b|\bwhat %"),
        frozenset({"percent"}),
        "what percentage that was",
    ),
    # "how old was the baby who got the scissors cells?": the words after say who, not what
    "age": (
        re.compile(r"\bhow old (?:is|was|were|are|will|would|do|does|did|can|must|should)\b"),
        frozenset({"age"}),
        "how old they were",
    ),
    # No fact gives an age limit (a patient's age is none): asked, it is never said.
    "age limit": (
        re.compile(
            r"\bage (?:lim+i?ts?|cut|restriction|range|bracket)"
            r"|\b(?:up+er|lower|maximum|minimum|max|min) age\b"
            r"|\b(?:over|above|older than) (?:\d\d|sixty|seventy|eighty|fifty)s?\b"
            r"|\b(?:\d\d|sixty|seventy|eighty)(?: year olds?| yr olds?)? (?:and|or) (?:over|older)\b"
        ),
        frozenset(),
        "whether there is an age limit",
    ),
}
# What those gaps say: the list of open questions may name one more exactly.
FORM_GAPS = frozenset(missing for _, _, missing in _SPECIFIC_KINDS.values())
KIND_GAP_DEPTH = 5  # the facts closest to the question that are looked at
KIND_GAP_MIN = 0.2  # ... and how close one must be for the question to be about them


def unanswered_kind(brain: Reader, cleaned: str, hits: tuple[Hit, ...], asking: int) -> str:
    """A question that wants, in so many words, a duration, date, percentage, age, dose,
    name, job or institution that no fact close to it carries about what it asks ("what
    percentage got a rash?": the facts with a percentage speak of remission): the articles
    do not say. What it asks about is the question's own words, less who it is about."""
    close = [h for h in hits[:KIND_GAP_DEPTH] if h.score >= KIND_GAP_MIN] or list(hits[:KIND_GAP_DEPTH])
    if not close:
        return ""
    names = brain.index.names  # a fact naming someone carries a name ("Layla was 1 year old")
    focus: frozenset[str] | None = None
    for kind, (form, answering, missing) in _SPECIFIC_KINDS.items():
        asked = form.search(cleaned, asking)
        if asked is None:
            continue
        if focus is None:  # read once, and only for a question of one of these forms
            asking_words = words(cleaned[asking:])
            detection = brain.detector.detect(asking_words)
            # Neither a therapy's name nor a clue to it ("the Leicester girl") is what is asked.
            tokens = [
                t
                for i, t in enumerate(asking_words)
                if i not in detection.consumed and i not in detection.clued
            ]
            # Who it is about is not what is asked ("how long did Layla stay on the ward?").
            focus = frozenset(content_words(" ".join(tokens))) - _NOT_FOCUS - brain.index.names
        if kind == "duration" and _SPECIFIC_KINDS["since"][0].search(cleaned, asking):
            continue  # a time since, not a length of time: read as "since"
        if kind in ("since", "age"):
            about: frozenset[str] = frozenset()
        elif kind == "name":
            about = focus
        elif kind == "job":  # "what does the baby's mum do for a living?": whose job it is
            about = focus & _RELATIONS & frozenset(stem(m) for m in _POSSESSED.findall(cleaned))
            if not about:
                continue
        elif kind == "place":  # "which company makes it?": a company must be named
            about = focus & _INSTITUTIONS
            missing = "which " + asked.group().split()[-1]
        else:
            about = focus - _RELATIONS
        if not any(
            (
                answering & brain.index.kinds_of(h.fact)
                or (kind == "name" and names & brain.index.said_of(h.fact))
            )
            and (not about or about & brain.index.said_of(h.fact))
            for h in close
        ):
            return missing
    return ""


# "will she need more?", "how many were they going to treat?": the plan is what is asked
_ASKS_THE_PLAN = re.compile(r"\b(?:will|would|going to|gonna|planned|planning|plan to)\b")


def only_planned(
    brain: Reader, wants: frozenset[str], hits: tuple[Hit, ...], cleaned: str = ""
) -> Fact | None:
    """ "How did the 14 later TaNK patients get on?": the closest fact says only what was
    planned at the time, so the articles do not say how it turned out (that fact is shown)."""
    if not wants & {"later", "outcome"} or not hits or hits[0].score < KIND_GAP_MIN:
        return None  # "how did the 14 later patients get on?", "did the US trials work?"
    kinds = brain.index.kinds_of(hits[0].fact)
    if "later" not in wants and ("outcome" in kinds or _ASKS_THE_PLAN.search(cleaned)):
        return None  # "did the US trials work?", not "is Joanne cured? will she need more?"
    return hits[0].fact if "later" in kinds else None


# "how many doses did Layla have?": what is counted, past a word that only qualifies it.
_HOW_MANY = re.compile(
    r"\bhow many (?:of (?:the|those|these|his|her|their|them) )?"
    r"(?:(?:separate|different|extra|more|other|individual|actual|total|whole|[a-z]+-[a-z]+) )?"
    r"([a-z0-9]+)(?:'s|’s|s')?(?: ([a-z]+))?"  # "how many of the daughter's cells": the cells
)
# Counted people and cells are in the articles' numbers in many words ("eleven", "137 million").
_COUNTED_ALWAYS = frozenset(
    stem(w)
    for w in "people ppl patients patient kids children child adults adult babies baby persons person cells "
    "cell families family grown ups teenagers teens youngsters tots toddlers infants ones individuals folk "
    "folks boys girls men women birthdays".split()
)
_DOING_WORDS = frozenset("given taken seen done gone got gotten shown known grown".split())
# Words of the question's form, and words too general to say what it is about.
_NOT_FOCUS = _COUNTED_ALWAYS | frozenset(
    content_words(
        "long old age percentage percent cent proportion share fraction trial study studies treatment "
        "therapy take takes took get gets got getting give gives given giving receive received receiving "
        "usually typically roughly actually exactly story "
        # words that only describe the treatment ("the gene treatment", "the new edited cells")
        "gene genes genetic new experimental pioneering procedure "
        "article "
        "year years month months day days date time times name names many much after before during "
        "have has had do does did go goes went just also still even ever thing things way"
    )
)
_INSTITUTIONS = frozenset(stem(w) for w in "university college school company firm manufacturer".split())
_POSSESSED = re.compile(r"(?:'s|’s|s') (\w+)")
# Who someone is to another ("the daughter in the NK story"): what is asked only when a name is.
_RELATIONS = frozenset(
    stem(w) for w in "daughter son mum mother dad father husband wife donor parent parents".split()
)
COUNT_DEPTH = 3  # the facts closest to the question that may hold the number asked for
_CELL_COUNT = re.compile(r"\d[\d,.]* ?(?:million|billion|thousand)|\b\d[\d,]* (?:\w+ )?cells", re.IGNORECASE)


def uncounted(brain: Reader, cleaned: str, hits: tuple[Hit, ...]) -> str:
    """ "How many doses of BE-CAR7 does a patient get?": what is counted is a word none of the
    closest facts uses, so none of them holds that number (the articles do not say)."""
    match = _HOW_MANY.search(cleaned)
    if match is None or not hits:
        return ""
    counted, then = (SLANG.get(t, t) for t in brain.speller.tokens([match.group(1), match.group(2) or ""]))
    if stem(counted) == "cell" or stem(then) == "cell":  # "how many UCART19 cells was Layla given?"
        counted_cells = any(_CELL_COUNT.search(h.fact.text) for h in hits[:COUNT_DEPTH])
        return "" if counted_cells else "how many cells"
    if stem(then) in _COUNTED_ALWAYS:
        return ""  # "how many killer cells": the word before is what kind
    if counted in STOPWORDS or stem(counted) in _COUNTED_ALWAYS or counted not in english_counts():
        return ""  # "how many were", "how many kids", a slip
    if counted.endswith(("ed", "ing")) or counted in _DOING_WORDS:
        # "tank cells, how many injected", "how many more getting tank", "how many of those
        # given it": a doing word, not what is counted
        return ""
    if brain.detector.detect([counted]).consumed:
        return ""  # "how many tank cells": a therapy's name
    if any(stem(counted) in brain.index.said_of(h.fact) for h in hits[:COUNT_DEPTH]):
        return ""
    return f"how many {counted}"


# "How much blood did they take from Tara?": an amount of something, which a fact would give
# as a number with its unit.
_HOW_MUCH = re.compile(
    r"\bhow much (?!(?:does|do|dose|did|is|was|will|would|it|are|were|has|can|of|more|longer|better|worse"
    r"|less|time|faster|bigger|smaller|they|the|this|that|we|i|he|she"
    # a figure of speech or a thing no unit measures: "how much weight should I put on it"
    r"|trust|faith|hope|weight|stock|attention|notice|credit|sense|difference|effect|impact|help|good|use|risk"
    r"|chance|say|choice|control|detail|information|info|evidence|progress|research|work|experience)\b)([a-z]+)\b"
)
_AMOUNT = re.compile(
    r"\d[\d,.]* ?(?:ml|millilit\w*|lit\w*|pints?|bags?|units?|grams?|kg|mg|doses?|vials?|tubes?|%)(?!\w)"
    r"|\bper ?cent\b",
    re.IGNORECASE,
)


def unmeasured(brain: Reader, cleaned: str, hits: tuple[Hit, ...]) -> str:
    """ "How much blood did Tara give?": an amount that none of the closest facts gives."""
    match = _HOW_MUCH.search(cleaned)
    if match is None or MONEY.search(cleaned):
        return ""
    what = brain.speller.tokens([match.group(1)])[0]
    if what in STOPWORDS or what not in english_counts():
        return ""
    close = hits[:COUNT_DEPTH]
    if any(
        _AMOUNT.search(f"{h.fact.text} {h.fact.quote}") and stem(what) in brain.index.said_of(h.fact)
        for h in close
    ):
        return ""
    return f"how much {what}"


# "What happened to the BE-CAR7 patients who aren't disease free?", "did TaNK work for the
# rest of the patients after Joanne?": the articles report the ones it worked for (or the
# one patient), never how the others fared.
THE_OTHERS = re.compile(
    r"\b(?:patients|kids|children|people|ones|adults|grown ups|four|three|two|others)\b(?: [\w-]+){0,8}? "
    r"(?:who|that) (?:did not|didn t|didnt|are not|aren t|arent|were not|weren t|werent|have not|haven t"
    r"|never) "
    r"(?:\w+ ){0,2}?(?:stay|respond|make|survive|get|go|become|remain|end up|disease|cancer|clear|better)"
    r"|\bthe (?:rest|others|remaining)"
    r"(?: of (?:the|those) (?:patients|kids|children|people|group|trial|adults))?\b"
    r"(?! of (?:the|his|her|their|my|your) (?:body|cells|immune|blood|family|day|world))"
    r"|\bthe other (?:\w+ ){0,2}(?:patients|kids in the|children in the|people in the|adults|ones treated)\b"
)


# "Did any of the BE-CAR7 patients die?", "how many ppl died in the trial": no fact says.
_DEATHS = re.compile(
    r"\b(?:die|died|dying|dead|deaths?|pass(?:ed)? away|pased away|(?:did not|didn t|not) survive|fatal)\b"
    r"(?! off| out| down| back)"
)
_IN_A_STUDY = re.compile(
    r"\b(?:patients?|pateints|people|ppl|kids|children|adults|anyone|anybody|any of|participants"
    r"|trial|trail|study)\b"
)


def unsaid_deaths(brain: Reader, cleaned: str, hits: tuple[Hit, ...]) -> str:
    """Deaths in a study asked about, and none of the closest facts speaks of dying ("Joanne
    had prepared herself to die" does, and answers why)."""
    if not (_DEATHS.search(cleaned) and _IN_A_STUDY.search(cleaned)):
        return ""
    if any(_DEATHS.search(f"{h.fact.text} {h.fact.quote}".lower()) for h in hits[:COUNT_DEPTH]):
        return ""
    return "whether any of the patients died"


# "What's the survival rate for T-ALL?": a rate of something (a success rate is the results).
_RATE_OF = re.compile(r"\b([a-z]+) rates?\b")
_RESULTS_RATES = frozenset(stem(w) for w in "success sucess remission response cure".split())


def unsaid_rate(brain: Reader, cleaned: str, hits: tuple[Hit, ...]) -> str:
    """A rate asked for ("survival rate") that none of the closest facts gives as a number."""
    match = _RATE_OF.search(cleaned)
    if match is None or not hits:
        return ""
    what = brain.speller.tokens([match.group(1)])[0]
    if what in STOPWORDS or stem(what) in _RESULTS_RATES or what not in english_counts():
        return ""
    close = hits[:COUNT_DEPTH]
    if any(
        stem(what) in brain.index.said_of(h.fact) and brain.index.kinds_of(h.fact) & {"percent", "count"}
        for h in close
    ):
        return ""
    return f"what the {what} rate is"


# "Has BE-CAR7 been approved by the FDA?", "is it on the NHS?": the articles tell of trials,
# never of a licence ("special approval" to treat Layla is the story, not a licence).
APPROVAL = re.compile(
    r"\b(?<!special )(?<!extra )(?:approved|approval|licensed|licence|license|fda|regulators?|green light"
    r"|on the nhs|routine use|routinely (?:used|given|offered))\b"
)
_SPECIAL_PERMISSION = re.compile(r"\b(?:special|extra|speshal) (?:permission|permision|approval|aproval)")
# "How do we get her onto the BE-CAR7 trial?": how to join, which the articles never say.
_JOINING = re.compile(
    r"\bhow (?:do|can|could|would|should|does) (?:we|i|you|one|my \w+|our \w+|he|she|a family) (?:\w+ ){0,2}"
    r"(?:sign|join|apply|enrol|enroll|register|get (?:\w+ ){0,2}(?:referred|referral|onto|on to|into|on the|"
    r"signed|a place|name down|on a|on the))"
    r"|\b(?:put|get|have) (?:my|our|his|her|their|\w+ s) names? (?:down|on)\b|\bwaiting ?list\b|\bwaitlist\b"
    r"|\bwho (?:do|should|can) (?:we|i) (?:contact|email|ring|call|phone|write to|speak to|ask) "
    r"(?:to|about) (?:get|join|sign|apply)"
)
# "Can you get TaNK in New Zealand?": a place of treatment the articles never name for it.
SOMEWHERE = re.compile(
    r"\b(?:get|getting|available|availible|avalable|offered|given|trialled|trialed|trials?|tested|done|used|"
    r"have it|treated|treatment|therapy)\b(?: \w+){0,4}? in (?:the )?"
    r"(australia|new zealand|nz|america|usa|us|united states|states|ireland|canada|india|scotland|wales|"
    r"texas|europe|france|germany|spain|italy|poland|pakistan|south africa|nigeria|auckland|christchurch|"
    r"manchester|leeds|birmingham|glasgow|edinburgh|cardiff|belfast|dublin|my country|our country)\b"
)


_WHERE_GIVEN = frozenset({"location", "next_steps"})
AVAILABILITY_INTENT = "availability"  # the kind of question whose answer the articles never give


def unsaid_availability(brain: Reader, cleaned: str, hits: tuple[Hit, ...]) -> bool:
    """A licence, or a place to be treated, that none of the closest facts speaks of."""
    close = hits[:COUNT_DEPTH]
    if _SPECIAL_PERMISSION.search(cleaned) or MONEY.search(cleaned):
        return False  # Layla's special permission is in the articles; a price is the cost reply's
    if _JOINING.search(cleaned):
        return True
    if APPROVAL.search(cleaned):
        return not any(APPROVAL.search(f"{h.fact.text} {h.fact.quote}".lower()) for h in close)
    place = SOMEWHERE.search(cleaned)
    if place is None:
        return False
    # Said of where it is given or tried next, not of where someone comes from ("the Kiwi mum").
    given = [h for h in hits if h.fact.topic in _WHERE_GIVEN]
    return not any(stem(w) in brain.index.said_of(h.fact) for h in given for w in place.group(1).split())


# "Did the baby have any bad reactions to the cells?", "does BE-CAR7 make your hair fall out?":
# side effects asked about, of a therapy the articles give none for, or one they never name.
_EFFECTS_ASKED = re.compile(
    r"\b(?:side ?effects?|reactions?|react(?:ed)? (?:badly|well|to)|adverse|complications?"
    r"|(?:lose|lost|loose|losing) (?:\w+ )?hair|hair loss"
    r"|hair (?:fall|fell|falling|come|came|coming|drop\w*) out"
    r"|crs|cytokine|(?:feel|felt|get|got|was|were|become|became) (?:\w+ )?(?:sick|poorly|unwell|rough|ill) "
    r"(?:after|from|because)|fevers? (?:after|from)|rash(?:es)?|does (?:it|the \w+) hurt|painful"
    # a harm named: fertility, an edit inherited, a new cancer, a wrong edit
    r"|(?:affect|harm|damage|stop|ruin|prevent) (?:\w+ ){0,3}"
    r"(?:fertility|ability to have (?:children|kids|babies)|(?:from )?having (?:kids|children|babies))"
    r"|infertil\w*"
    r"|passed (?:on|down) to (?:\w+ ){0,3}(?:children|kids|babies)|(?:turn|turned|turning) into (?:a )?cancer"
    r"|cause (?:a |another |a new |new )?cancer"
    r"|(?:wrong|another) (?:bit|part|gene|letter|place) (?:of (?:the )?dna )?by mistake)\b"
)
# Effects named in a question, each with the words a fact would say it in.
_EFFECTS_NAMED: tuple[tuple[re.Pattern[str], frozenset[str], str], ...] = (
    (re.compile(r"\bhair\b"), frozenset({"hair"}), "whether it makes hair fall out"),
    (
        re.compile(r"\b(?:crs|cytokine)\b"),
        frozenset({"cytokine", "crs"}),
        "whether anyone had cytokine release syndrome",
    ),
    (re.compile(r"\bfevers?\b"), frozenset({"fever"}), "whether anyone had fevers"),
    (
        re.compile(
            r"\b(?:fertility|infertil\w*|ability to have (?:children|kids|babies)"
            r"|having (?:kids|children|babies))\b"
        ),
        frozenset({"fertility", "infertile"}),
        "whether it affects fertility",
    ),
    (
        re.compile(r"\bpassed (?:on|down)\b"),
        frozenset({"inherit", "pass"}),
        "whether the changes can be passed on to children",
    ),
    (
        re.compile(r"\b(?:turn\w* into|cause) (?:a |another |a new |new )?cancer\b"),
        frozenset({"secondary", "second"}),
        "whether the cells could cause a new cancer",
    ),
    (
        re.compile(r"\bby mistake\b"),
        frozenset({"mistake", "error"}),
        "whether an edit can go to the wrong place",
    ),
    (
        re.compile(r"\b(?:hurt|hurts|painful|pain)\b"),
        frozenset({"pain", "hurt", "painful"}),
        "whether it hurts",
    ),
    (
        re.compile(r"\b(?:sick|vomit\w*|throw\w* up)\b"),
        frozenset({"sick", "vomit"}),
        "whether anyone was sick",
    ),
)
SIDE_EFFECTS_TOPIC = "side_effects"


# "did the daughter who gave her cells feel ill afterwards?": the giver's side effects, which
# no article tells of (they tell of the patients')
_GIVER = re.compile(
    r"\b(?:who|after|from|since|when|while) (?:\w+ )?(?:donat\w*|gave|giving|give) (?:up )?(?:\w+ ){0,3}"
    r"(?:cells|blood|to (?:her|his|their) (?:mum|mom|mother|dad|father|parent))\b"
    r"|\b(?:after|from|since) (?:donating|giving)\b|\bdonors? (?:themselves|herself|himself)\b"
)
_FELT_ILL = re.compile(
    r"\b(?:feel|felt|feeling|get|got) (?:\w+ )?(?:ill|sick|unwell|rough|weak|faint|poorly|tired|exhausted)\b"
    r"|\brecover\w*\b|\bafter ?effects?\b"
)
GIVER_GAP = "whether giving the cells had any side effects for the donor"


def giver_effects_asked(asked: str) -> bool:
    """Side effects asked about, of the one who gave the cells rather than of the patient."""
    return bool(_GIVER.search(asked) and (_EFFECTS_ASKED.search(asked) or _FELT_ILL.search(asked)))


def effects_asked_of(asked: str, hits: tuple[Hit, ...], named: tuple[str, ...]) -> str | None:
    """The therapy whose side effects the asking part of a question asks about, if it does."""
    if not _EFFECTS_ASKED.search(asked):
        return None
    if len(named) == 1:
        return named[0]
    if not named and hits and hits[0].score >= KIND_GAP_MIN:
        return hits[0].fact.therapy
    return None


def unsaid_effect(brain: Reader, asked: str, given: Sequence[Fact]) -> str:
    """A side effect the articles never name among the therapy's `given` side effects ("did
    Alyssa lose her hair?": they speak of rashes and low blood counts)."""
    said = frozenset[str]().union(*(brain.index.said_of(f) for f in given))
    for form, spoken, missing in _EFFECTS_NAMED:
        if form.search(asked) and not spoken & said:
            return missing
    return ""


# "who invented CRISPR?", "who discovered natural killer cells?": the origin of a tool or of
# something in the body. The articles say who devised each treatment, never who first found
# the science it rests on.
_ORIGIN = re.compile(
    r"\bwho (?:first |originally |actually |really )?(?P<verb>discovered|invented|came up with|thought up"
    r"|dreamed up|devised|developed|created|pioneered) (?P<what>[a-z0-9' -]+?)"
    r"(?= in the first place\b| originally\b| first\b| and\b| or\b| in \d|[?.!,;]|$)"
)
# What a treatment is called when the question does not name it: asked of, it is the therapy.
_A_TREATMENT = frozenset(
    "it this that they them these those treatment treatments therapy therapies technique techniques method "
    "methods idea ideas approach trial trials cure drug drugs procedure thing one".split()
)
ORIGIN_WORDS = 5  # a longer span is a description, not the name of a tool


def unsaid_origin(brain: Reader, cleaned: str) -> str:
    """Who first found or made a tool or a part of the body ("who invented CRISPR?", "who
    discovered NK cells?"), as opposed to who devised one of the treatments."""
    match = _ORIGIN.search(cleaned)
    if match is None:
        return ""
    spoken = [t for t in words(match.group("what")) if t not in _DETERMINERS]
    if not spoken or len(spoken) > ORIGIN_WORDS or _A_TREATMENT.intersection(spoken):
        return ""
    if not all(t in brain.index.idf or stem(t) in brain.index.idf for t in spoken):
        return ""  # the articles' own words only: a slip or a new subject is read elsewhere
    found = brain.detector.detect(spoken)
    if found.consumed or (found.clued and match.group("verb") != "discovered"):
        return ""  # a treatment by name or nickname ("who came up with the scissors one?")
    return f"who first {match.group('verb')} {' '.join(spoken)}"


# "Can TaNK be given to children?", "does UCART19 work for T-cell leukaemia?": a group of
# patients or a disease that the therapy's own articles never mention (another therapy's
# may). Each: how a question names it, how a fact would, and how the reply names it.
_GROUPS = (  # label, how a question names it, how a fact would
    (
        "children",
        r"child(?:ren)?|kids?|babies|baby|infants?|toddlers?|teenagers?|teens?|younger (?:people|patients)",
        r"\b(?:child|children|kids?|baby|babies|infant|teen\w*|girl|boy|schoolgirl)\b",
    ),
    (
        "adults",
        r"adults?|grown ?ups?|older (?:people|patients)|elderly|pensioners?",
        r"\b(?:adults?|woman|women)\b",  # the patients: a mum who gave consent is none
    ),
    ("pregnant women", r"pregnan\w*", r"pregnan"),
    ("T-cell leukaemia", r"t ?cell leuka?emia|\bt-all\b|\bt all\b", r"t-cell leuka?emia|t-all|t-cell acute"),
    ("acute myeloid leukaemia", r"\baml\b|myeloid", r"myeloid|\baml\b"),
)
# How a group is asked about, around its words: "given to children", "can children be given it".
_GROUP_FORMS = (
    (
        r"\b(?:work|works|worked|used|use|given|give|gave|tried|treat|treated|help|helps|helped|suitable|"
        r"offered|available|safe|approved|effective|tested|licensed)\b(?: \w+){0,3}? (?:for|on|to|with|in) "
        r"(?:\w+ ){0,2}?(?:",
        r")\b",
    ),
    (r"\b(?:can|could|do|does|would|will|are|is) (?:\w+ )?(?:", r") (?:be|get|have|receive)\b"),
)
# Every group in the first form, then every group in the second.
_ASKED_GROUPS = tuple(
    (label, re.compile(before + asked + after), re.compile(said))
    for before, after in _GROUP_FORMS
    for label, asked, said in _GROUPS
)


def unsaid_group(brain: Reader, cleaned: str, therapies: Sequence[str]) -> str:
    """A group of patients or a disease asked about for the one therapy named, that none of
    its facts mentions: the articles do not say whether it was used for them."""
    for label, asked, says in _ASKED_GROUPS:
        match = asked.search(cleaned)
        if match is None:
            continue
        # The therapy named, not the one the group points to ("does UCART19 work for AML?")
        rest = f"{cleaned[: match.start()]} {cleaned[match.end() :]}"
        named = brain.detector.detect(words(rest)).therapies or tuple(therapies)
        if len(named) == 1 and not says.search(brain.index.therapy_text.get(named[0], "")):
            return f"whether it was used for {label}"
    return ""


# "Who donated the T-cells for Layla?", "was Alyssa's donor a relative?": who gave the cells.
# The articles say it of one therapy only (Joanne's daughter Tara); of the others, "a donor".
_DONOR_ASKED = re.compile(
    r"\bwho (?:was|is|were) (?:the |her |his |their |[a-z]+(?:'s|’s|s)? )?donors?\b"
    r"|\bwho (?:was|is|were) the (?:person|people|one|man|woman|volunteer) (?:who|that|whose) "
    r"(?:gave|donated|provided|supplied|cells|blood|t-cells|t cells)\b"
    r"|\bwho (?:exactly |actually |really |originally )?(?:gave|donated|provided|supplied|donates|gives) "
    r"(?:the |her |his |their |its )?(?:\w+ )?"
    r"(?:cells|t-cells|t cells|blood)\b"
    r"|\bwhose (?:\w+ )?(?:cells|blood|t-cells|t cells)\b"
    r"(?=.*\b(?:relatives?|stranger|related|(?:her|his|their) family)\b)"
    r"|\bdonors? (?:was|were|is) (?:a |an |one of |someone |somebody )?(?:\w+ )?"
    r"(?:relative|family|related|stranger|sibling|parent|mum|mom|dad|brother|sister)"
    r"|\bwas (?:the donor|it) (?:\w+ ){0,7}(?:relative|relatives|family|stranger|related)\b"
    r"|\bwas it (?:\w+ ){1,5}(?:who|that) (?:gave|donated|provided|supplied)\b"
    r"|\bname of the (?:donor|person who (?:gave|donated))\b"
    r"|\bdonors? (?:\w+ )?(?:someone|somebody|anyone|one|a member) (?:from|in|of) (?:her|his|their|the) "
    r"(?:own )?family\b"
)
# ... asked, not "the daughter who gave her cells" describing her: the fact that says who leads
_WHO_GAVE = re.compile(
    r"(?:^|[.?!,;:-] *|\b(?:and|so|but|know|knows|wonder|wondering|me|ask|asking|out) )"
    r"who (?:exactly |actually |really |originally )?"
    r"(?:gave|donated|provided|supplied|donates|gives|was the donor)\b"
    r"|\bdonors? (?:was|were|is) (?:a |an |one of )?(?:\w+ )?(?:relative|family|related|stranger)"
)
# "who gives the cells - the patient or a donor?": whether a donor, which they do say
_OWN_OR_DONOR = re.compile(
    r"\b(?:own|the patient|patients|or (?:a )?donors?|someone else|somebody else|a stranger or)\b"
)
_GIVING = frozenset(stem(w) for w in "donor donors donate donated donating gave given give".split())
_KIN = frozenset(
    stem(w)
    for w in "daughter son mother mum father dad sister brother sibling parent relative husband wife".split()
)
_CELL = stem("cells")
DONOR_GAP = "who the donor was"


def donors_told(brain: Reader, cleaned: str, therapies: Sequence[str]) -> tuple[Fact, ...] | None:
    """Who gave the cells, asked of the one therapy meant: the facts that tell of giving and
    name a relative who gave ("Joanne was given NK cells from her daughter Tara"), none when
    its articles only say "a donor", or None when that is not asked."""
    if len(therapies) != 1 or not _DONOR_ASKED.search(cleaned) or _OWN_OR_DONOR.search(cleaned):
        return None
    index, therapy = brain.index, therapies[0]
    return _once(
        index,
        f"donors:{therapy}",
        lambda: tuple(
            fact for fact in index.facts if fact.therapy == therapy and _gave_cells(index.said_of(fact))
        ),
    )


def donors_asked(cleaned: str) -> bool:
    """Is who gave the cells what is asked ("who gave the kiwi designer her cells?"), not a
    description of the giver ("was the daughter who gave her cells scared?")?"""
    return _WHO_GAVE.search(cleaned) is not None


def _gave_cells(said: frozenset[str]) -> bool:
    """Says that cells were given, and by a relative."""
    return bool(_GIVING & said and _KIN & said and _CELL in said)


# "Which genes exactly are cut?", "what chemo drugs did Joanne have?", "which regulator gave
# permission?": a thing asked for by its name, that no fact names (they say "certain genes",
# "cancer drugs"; a named one reads "the Duke of Edinburgh Award").
_WHICH_NAMED = re.compile(
    r"\b(?:what|which) (?:exact |specific |particular |actual )?(?:chemo |chemotherapy |cancer )?"
    r"(?P<thing>genes?|drugs?|medicines?|medications?|virus(?:es)?|vectors?|regulators?|prizes?|awards?)\b"
)


def unnamed_thing(brain: Reader, cleaned: str) -> str:
    """A kind of thing asked for by name that no fact names: "which genes" when the facts
    only say "certain genes"."""
    match = _WHICH_NAMED.search(cleaned)
    if match is None:
        return ""
    thing = match.group("thing")
    root = "virus" if thing.startswith("virus") else thing.rstrip("s")
    # a name just before it, not a sentence's first word: "the Duke of Edinburgh Award"
    if _once(brain.index, f"named:{root}", lambda: _any_named(brain.index.facts, root)):
        return ""
    return f"which {thing} exactly"


def _any_named(facts: Sequence[Fact], root: str) -> bool:
    """Does a fact name a thing of this kind: a name just before it, not a sentence's first
    word ("the Duke of Edinburgh Award")?"""
    named = re.compile(rf"(?<!^)(?<![.!?] )\b[A-Z][\w-]* (?i:{root})s?\b")
    return any(named.search(fact.text) or named.search(fact.quote) for fact in facts)
