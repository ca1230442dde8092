"""Fact-level retrieval: which single facts answer the question, scored BM25-style.

Each fact is indexed by its text, its quote, the questions it answers (`asks`), the terms
it explains (`terms`) and its topic's label, all as stemmed content words. A question is
scored against every fact that shares a word with it, so cost grows with the question,
not with the content. Scores are normalised to 0..1 ("coverage": the share of the
question's informative words that the fact carries), so thresholds mean the same thing
at any content size.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, pairwise

from bot.answer_types import carried
from bot.matcher import RELATIVES, SLANG, STOPWORDS
from bot.model import THERAPY_GENERAL, Fact, Snapshot, Unanswered
from bot.spelling import english_words
from bot.text import clean, stem, words

K1 = 1.2  # term-frequency saturation
B = 0.4  # length normalisation
ASK_WEIGHT = 1.5  # a word in a question the fact answers counts more than one in its quote
TERM_WEIGHT = 3.0  # "what is T-ALL?": the fact that explains T-ALL
UNKNOWN_WEIGHT = 0.35  # a question word no fact uses, relative to the rarest word's weight
UNNAMED_FIT = 0.65  # how much of an open question worded of no one a question naming someone must carry
KIND_MISS = 0.75  # "how old?" and a fact without an age in it
OUTCOME_MISS = 0.5  # "is she ok now?" and a fact that says nothing of how anyone is
NAME_MISS = 0.5  # a fact that does not mention the person or place asked about
FOCUS = 1.5  # the words of the part that asks weigh this much more than a preamble's
MUTED = 0.5  # a word that only says which therapy is meant ("the base-edited T-ALL project") weighs less
OWNED_MIN = 1.5  # weight of words only one therapy's facts use, enough to say which therapy is meant
OWNED_FACTS = 2  # ... and that at least this many of its facts use (or that names someone)
OWNED_RATIO = 2.0  # ... and this many times the weight pointing to another
NAME_OWNED = 2.0  # a person or place named is enough on its own
# Everyday words that one therapy's articles happen to use most ("still", "today"): no clue.
# (Stop words, such as "just" and "then", are never indexed in the first place.)
_NO_CLUE = frozenset(
    "still last such while today let become show different big small left run short stop five "
    "actually now well even".split()
)
OWN_SHARE = 0.3  # an open question's score: the query it carries, and (this much) its closest wording
OPEN_SHARED_MIN = 2.0  # weight of the words in common below which no open question matches
# Words that say what kind of question it is, not what it is about.
QUESTION_WORDS = frozenset(
    """what whats who whom whose which where when why how tell know explain mean means meaning
    stand stands describe said say says does did done doing happen happened anyone someone
    question questions wondering wonder curious anyway pls please thanks thank hi hello""".split()
)
# Words of who and how, never what a question turns on ("what should my son eat?": eat).
_NOT_ASKED = frozenset(
    stem(w)
    for w in "should could would can will might must may need needs after before long still ever now "
    "then later yet already again soon much many well".split()
)
# The words that describe someone instead of naming them ("the baby", "the teenager").
DESCRIBED = frozenset(
    stem(w)
    for w in "daughter son mum mother mom dad father husband wife student designer teacher girl boy teen "
    "teenager baby infant toddler woman lady kiwi grandmother sister brother schoolgirl tot".split()
)
DESCRIBED_FACTS = 3  # a description is someone's when this many of the therapy's facts name them with it ...
DESCRIBED_RATIO = 1.5  # ... this many times as many as name anyone else with it
# Words for someone related to a named person: "Joanne's daughter", "Layla's mum".
RELATIONS = frozenset(
    stem(w)
    for w in "daughter son mum mom mother dad father parents family husband wife sister brother "
    "doctor doctors consultant team girl boy baby".split()
)
_NOT_KEYS = _NOT_ASKED | RELATIONS  # never the word an open question turns on
# "Layla's surname", "what is layla's last name": a part of a named person's name.
_NAME_ASKED = re.compile(
    r"\b([a-z]+)(?:'s|’s|s') (surname|last name|family name|full name|maiden name|middle name)\b"
)
# "how old is prof waseem qasim?": the age of someone named, asked directly.
_AGE_ASKED = re.compile(
    r"\bhow old (?:is|was|s|are) (?:(?:professor|prof|dr|doctor|mr|mrs|ms|miss|baby|little|the) )?([a-z]+)"
    r"(?: [a-z]+)?\s*(?:\?|$|now|today|these days)"
)
# Relatives whom a fact must name to answer "Joanne's husband".
KIN = frozenset(stem(SLANG.get(w, w)) for w in RELATIVES)
# Everyday words that mean the same as the articles' words.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "mum": ("mother",),
    "mother": ("mum",),
    "mom": ("mother", "mum"),
    "daughter": ("child",),
    "son": ("child",),
    "kid": ("child",),
    "children": ("child",),
    "baby": ("infant", "child"),
    "old": ("age", "year"),
    "age": ("old", "year"),
    "cure": ("remission", "cancer free", "disease free"),
    "cured": ("remission", "cancer free", "disease free"),
    "alive": ("remission", "doing well"),
    "work": ("result", "remission", "success"),
    "worked": ("result", "remission", "success"),
    "success": ("result", "remission"),
    "survive": ("remission", "disease free"),
    "survived": ("remission", "disease free"),
    "doctor": ("consultant", "professor", "researcher"),
    "scientist": ("researcher", "professor"),
    "invent": ("devise", "develop", "pioneer"),
    "invented": ("devise", "develop", "pioneer"),
    "created": ("develop", "devise", "pioneer"),
    "made": ("develop", "devise", "manufacture"),
    "make": ("develop", "manufacture"),
    "paid": ("fund",),
    "pay": ("fund",),
    "money": ("fund",),
    "hospital": ("hospital",),
    "where": ("hospital", "london"),
    "many": ("number",),
    "patients": ("patient", "participant"),
    "people": ("patient", "participant"),
    "trial": ("trial", "study"),
    "side": ("side effect",),
    "risk": ("side effect",),
    "risks": ("side effect",),
    "dangerous": ("side effect",),
    "safe": ("side effect",),
    "donor": ("donat", "donor"),
    "gave": ("donor", "from"),
    "kill": ("destroy", "kill", "attack"),
    "attack": ("kill", "destroy", "target"),
    "dna": ("genetic", "gene"),
    "genes": ("gene", "genetic"),
    "edited": ("edit", "editing"),
    "cancer": ("leukaemia", "tumour"),
    "leukaemia": ("cancer",),
    # where results appeared: the articles say "journal", "published", "presented"
    "magazine": ("journal", "published"),
    "journals": ("journal", "published"),
    "publication": ("journal", "published"),
    "printed": ("published", "journal"),
    "conference": ("presented", "meeting"),
    # how common a disease is: the articles say how rare it is
    "common": ("rare",),
    "uncommon": ("rare",),
    "frequent": ("rare",),
}


def content_words(text: str) -> list[str]:
    """Stemmed words that carry meaning: slang expanded, stop and question words dropped."""
    return content_tokens(words(clean(text)))


def content_tokens(tokens: Iterable[str]) -> list[str]:
    found = []
    for word in tokens:
        word = SLANG.get(word, word)
        if word in STOPWORDS or word in QUESTION_WORDS:
            continue
        found.append(stem(word))
    return found


@dataclass(frozen=True)
class Hit:
    fact: Fact
    score: float  # 0..1 coverage of the question's informative words


class FactIndex:
    """Built once per snapshot; `search` is cheap and thread-safe."""

    def __init__(self, snapshot: Snapshot, previous: FactIndex | None = None):
        """With `previous` (the index of the snapshot before a reload), the words of every
        fact that did not change are taken from it, so a reload costs what changed."""
        self.facts: list[Fact] = list(snapshot.facts.values())
        topics = snapshot.topics
        earlier = previous.per_fact if previous is not None else {}
        english = english_words()
        self.per_fact: dict[tuple[Fact, str], _FactEntry] = {}
        entries: list[_FactEntry] = []
        for fact in self.facts:
            label = topics[fact.topic].label if fact.topic in topics else fact.topic
            key = (fact, label)
            entry = earlier.get(key) or _entry(fact, label, english)
            self.per_fact[key] = entry
            entries.append(entry)
        docs = [entry.doc for entry in entries]
        count = max(len(docs), 1)
        self.average_length = sum(entry.length for entry in entries) / count if docs else 1.0
        df = Counter(chain.from_iterable(docs))
        self.idf = {w: math.log(1 + (count - n + 0.5) / (n + 0.5)) for w, n in df.items()}
        self.max_idf = max(self.idf.values(), default=1.0)
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        postings, saturated = self.postings, K1 + 1
        for index, entry in enumerate(entries):
            norm = K1 * (1 - B + B * entry.length / self.average_length)
            for word, tf in entry.doc.items():
                postings[word].append((index, tf * saturated / (tf + norm)))
        self.vocabulary = frozenset(self.idf)
        self.words_of = [entry.words for entry in entries]
        self.names = _names(entries, snapshot)
        self.kinds = [entry.kinds for entry in entries]
        self.said = [entry.said for entry in entries]
        self._position = {fact.id: index for index, fact in enumerate(self.facts)}
        # Words only one therapy's facts use: "leicestershire", "baby", "designer". A word in a
        # single fact ("exactly" in one of its asks) is chance, unless it names someone.
        therapy_at = [fact.therapy for fact in self.facts]
        self.owner: dict[str, str] = {}
        self.owned_weight: dict[str, float] = {}
        for word, posting in self.postings.items():
            count, named = len(posting), word in self.names
            if (count < OWNED_FACTS and not named) or word in _NO_CLUE:
                continue
            therapies = {therapy_at[index] for index, _ in posting}
            therapy = next(iter(therapies))
            if len(therapies) > 1 or therapy == THERAPY_GENERAL:
                continue
            self.owner[word] = therapy
            # The more of its therapy's facts use it, the more it says.
            self.owned_weight[word] = max(math.log(1 + count), NAME_OWNED if named else 0.0)

    def therapy_of(self, query: Iterable[str]) -> str | None:
        """The therapy that the question's words point to when it names none ("the girl from
        Leicestershire"): words only one therapy's facts use, by weight; None when they
        point nowhere or the weight is split."""
        weight: dict[str, float] = defaultdict(float)
        for word in set(query):
            therapy = self.owner.get(word)
            if therapy is not None:
                weight[therapy] += self.owned_weight[word]
        if not weight:
            return None
        ranked = sorted(weight.values(), reverse=True)
        best = max(weight, key=weight.__getitem__)
        if ranked[0] < OWNED_MIN or (len(ranked) > 1 and ranked[0] < OWNED_RATIO * ranked[1]):
            return None
        return best

    @cached_property
    def _described(self) -> dict[tuple[str, str], str]:
        """(therapy, description) -> the one named in most of that therapy's facts that use
        the description ("baby" in UCART19's is Layla, "girl" in BE-CAR7's Alyssa), when
        clearly most; read once."""
        counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for index, fact in enumerate(self.facts):
            named = self.said[index] & self.names
            for description in DESCRIBED & self.words_of[index]:
                counts[fact.therapy, description].update(named)
        found = {}
        for key, named_with in counts.items():
            ranked = named_with.most_common(2)
            runner_up = ranked[1][1] if len(ranked) > 1 else 0
            if ranked and ranked[0][1] >= DESCRIBED_FACTS and ranked[0][1] >= DESCRIBED_RATIO * runner_up:
                found[key] = ranked[0][0]
        return found

    def person_described(self, description: str, therapy: str) -> str:
        """Who "the baby" is in one therapy's articles: the one its facts name with the word
        ("" when they name no one, or no one clearly most)."""
        return self._described.get((therapy, stem(description)), "")

    @cached_property
    def therapy_text(self) -> dict[str, str]:
        """Everything each therapy's facts say (text and quote), lower case: read once."""
        texts: dict[str, list[str]] = defaultdict(list)
        for fact in self.facts:
            texts[fact.therapy].extend((fact.text.lower(), fact.quote.lower()))
        return {therapy: " ".join(parts) for therapy, parts in texts.items()}

    def mentions(self, fact_index: int, names: Iterable[str]) -> bool:
        return any(n in self.words_of[fact_index] for n in names)

    def unsaid_relation(self, query: list[str], cleaned: str) -> str:
        """ "Joanne's husband", "Layla's dad": a relative of someone named whom no fact about
        that person mentions. The articles do not say, so the answer is that gap ("" if none)."""
        for at, relation in enumerate(query):
            named = [n for n in query[max(0, at - 2) : at] if n in self.names]  # "Joanne Scott's"
            if relation not in KIN or not named or at == 0:
                continue
            if not re.search(rf"\b{re.escape(query[at - 1])}\w*(?:'s|’s|s') ", cleaned):
                continue  # "from Auckland whose daughter ...": not a possessive
            about = [said for said in self.said if named[0] in said]
            if about and not any(relation in said for said in about):
                return f"{named[0].capitalize()}'s {relation}"
        return ""

    def unsaid_name(self, cleaned: str) -> str:
        """ "What is Layla's surname?": no fact gives the full name of the person named, so the
        articles do not say it ("Alyssa's surname" is there: "Alyssa Tapley")."""
        match = _NAME_ASKED.search(cleaned)
        if match is None or match.group(1) not in self.names:
            return ""
        person = match.group(1).capitalize()
        full = re.compile(rf"\b{re.escape(person)} [A-Z][a-z]+")
        if any(full.search(f"{fact.text} {fact.quote}") for fact in self.facts):
            return ""
        return f"{person}'s {match.group(2)}"

    def unsaid_age(self, cleaned: str) -> str:
        """ "How old is Professor Waseem Qasim?": no fact about the person named gives an age."""
        match = _AGE_ASKED.search(cleaned)
        if match is None or match.group(1) not in self.names:
            return ""
        about = [i for i, said in enumerate(self.said) if match.group(1) in said]
        if not about or any("age" in self.kinds[i] for i in about):
            return ""
        return f"how old {match.group(1).capitalize()} is"

    def words_in(self, fact: Fact) -> frozenset[str]:
        """Every word the fact is indexed by (its text, quote, asks, terms and topic)."""
        return self.words_of[self._position[fact.id]]

    def said_of(self, fact: Fact) -> frozenset[str]:
        return self.said[self._position[fact.id]]

    def kinds_of(self, fact: Fact) -> frozenset[str]:
        return self.kinds[self._position[fact.id]]

    def names_in(self, query: Iterable[str]) -> frozenset[str]:
        """The people and places a question names ("tara", "qasim"): a fact must mention one."""
        return frozenset(q for q in query if q in self.names)

    def weight(self, word: str) -> float:
        return self.idf.get(word, self.max_idf * UNKNOWN_WEIGHT)

    def search(
        self,
        query: Iterable[str],
        therapies: Iterable[str] = (),
        limit: int = 12,
        wants: frozenset[str] = frozenset(),
        focus: frozenset[str] = frozenset(),
        muted: frozenset[str] = frozenset(),
    ) -> list[Hit]:
        """Facts by coverage of the query's stemmed content words. With `therapies`, only
        those therapies' facts and general ones; with `wants` (see answer_types), facts that
        carry none of the kinds of answer wanted rank lower; the `focus` words (those of the
        part that asks, when a preamble or a description comes first) weigh more."""
        terms = list(dict.fromkeys(query))
        if not terms:
            return []
        allowed = set(therapies)
        boost = {t: MUTED if t in muted else FOCUS if t in focus else 1.0 for t in terms}
        total = sum(self.weight(t) * boost[t] for t in terms)
        scores: dict[int, float] = defaultdict(float)
        for term in terms:
            idf = self.idf.get(term)
            if idf is None:
                synonyms = SYNONYMS.get(term, ())
                share = boost[term] * 0.6 / max(1, len(synonyms))
                for synonym in synonyms:
                    for part in content_words(synonym):
                        for index, tf in self.postings.get(part, ()):
                            scores[index] += share * self.idf[part] * tf / (K1 + 1)
                continue
            for index, tf in self.postings[term]:
                scores[index] += boost[term] * idf * tf / (K1 + 1)
        # "Joanne's daughter" asks about the daughter: a fact need not name Joanne.
        names = frozenset(
            n
            for i, n in enumerate(terms)
            if n in self.names and not (i + 1 < len(terms) and terms[i + 1] in RELATIONS)
        )
        ranked = []
        facts, kinds = self.facts, self.kinds
        for index, score in scores.items():
            fact = facts[index]
            if allowed and fact.therapy not in allowed and fact.therapy != THERAPY_GENERAL:
                continue
            if names and not self.mentions(index, names) and self.said[index] & self.names:
                # "what was Tara's role" is not answered by a fact naming someone else; a fact
                # naming no one ("her own T-cells were too few") may be about her.
                score *= NAME_MISS
            if wants and not wants & kinds[index]:
                score *= OUTCOME_MISS if "outcome" in wants else KIND_MISS
            ranked.append((-min(1.0, score / total), fact.id, index))
        # Only the few kept become hits: most facts share a word or two with any question.
        return [Hit(facts[index], -score) for score, _, index in heapq.nsmallest(limit, ranked)]


class UnansweredIndex:
    """The questions the articles leave open (seeds/unanswered.toml), scored with the facts'
    word weights: how much of the question an entry's wordings carry between them, and how
    much of its closest wording the question carries. A wording counts only if the question
    has the word it turns on ("should my son get it?" is no "what should my son eat?") and
    every person it names ("Layla's mum" is no "Layla's dad"), so a question is set only
    against the wordings turning on one of its words: cost grows with the question.
    `previous` (the index before a reload) lends the words of every wording already read."""

    read: dict[str, frozenset[str]]  # wording -> its words, kept for the next reload
    weight: dict[str, float]  # the facts' weight of every word of the wordings
    words_of: list[frozenset[str]]  # entry -> the words of all its wordings
    wordings: list[tuple[int, frozenset[str], float]]  # entry, words, their weight
    turning_on: dict[str, list[int]]  # key word -> wordings

    def __init__(
        self,
        unanswered: Iterable[Unanswered],
        facts: FactIndex,
        unnamed: Callable[[list[str]], list[str]] = lambda tokens: tokens,
        previous: UnansweredIndex | None = None,
    ):
        """`unnamed` takes the therapies' names out of a wording's words, as out of a question's."""
        self.entries = list(unanswered)
        self.facts = facts
        self.read = {}
        self.names = facts.names
        if previous is not None and previous.serves(self.entries, facts):
            # The same open questions, names and word weights (a reload that changed other
            # files): everything read from them is the same too.
            self.read, self.weight = previous.read, previous.weight
            self.words_of, self.wordings, self.turning_on = (
                previous.words_of,
                previous.wordings,
                previous.turning_on,
            )
            return
        earlier = previous.read if previous is not None else {}
        self.words_of = []
        self.wordings = []
        self.turning_on = defaultdict(list)
        self.weight = {}
        weight = self.weight
        for index, entry in enumerate(self.entries):
            used: set[str] = set()
            for text in (entry.missing, *entry.asks):
                said = earlier.get(text)
                if said is None:
                    said = frozenset(content_tokens(unnamed(words(clean(text)))))
                self.read[text] = said
                if not said:
                    continue
                used |= said
                for word in said:
                    if word not in weight:
                        weight[word] = facts.weight(word)
                asked = [w for w in said if w not in facts.names and w not in _NOT_KEYS] or said
                key = min(asked, key=lambda w: (-weight[w], w))  # the weightiest; ties by spelling
                self.turning_on[key].append(len(self.wordings))
                self.wordings.append((index, said, sum(weight[w] for w in said)))
            self.words_of.append(frozenset(used))

    def serves(self, entries: list[Unanswered], facts: FactIndex) -> bool:
        """Whether this index reads `entries` with `facts` as it was built to."""
        return (
            len(entries) == len(self.entries)
            and all(a is b for a, b in zip(entries, self.entries, strict=True))
            and facts.names == self.names
            and (  # the same facts' words (one comparison in C), or at least the same weights
                (facts.idf == self.facts.idf and facts.max_idf == self.facts.max_idf)
                or all(facts.weight(w) == v for w, v in self.weight.items())
            )
        )

    def search(
        self, query: Iterable[str], therapies: Iterable[str] = (), focus: frozenset[str] = frozenset()
    ) -> tuple[Unanswered, float] | None:
        """The open question closest to the query, and how close (0..1)."""
        terms = list(dict.fromkeys(query))
        candidates = [at for t in terms for at in self.turning_on.get(t, ())]
        if not candidates:
            return None
        allowed = set(therapies)
        weight = {t: self.facts.weight(t) for t in terms}
        total = sum(weight[t] * (FOCUS if t in focus else 1.0) for t in terms)
        who = [t for t in terms if t in self.facts.names or t in RELATIONS]
        closest: dict[int, float] = {}  # entry -> the share of its closest fitting wording
        for at in candidates:
            index, said, own = self.wordings[at]
            shared = sum(weight[t] for t in terms if t in said)
            # A person the question names must be in a wording that names someone; one that
            # names no one ("can the cells stop you having babies later?") may be about them,
            # though it fits less closely.
            if shared < OPEN_SHARED_MIN or any(
                t not in said and (t in RELATIONS or said & self.names) for t in who
            ):
                continue
            fit = min(1.0, shared / own)
            if fit < UNNAMED_FIT and any(t not in said for t in who):
                continue  # ... unless it carries most of what that wording asks
            closest[index] = max(closest.get(index, 0.0), fit)
        best: tuple[Unanswered, float] | None = None
        for index, share in closest.items():
            entry = self.entries[index]
            if allowed and entry.therapy not in allowed and entry.therapy != THERAPY_GENERAL:
                continue
            used = self.words_of[index]
            carried = sum(weight[t] * (FOCUS if t in focus else 1.0) for t in terms if t in used)
            score = min(1.0, carried / total) ** (1 - OWN_SHARE) * share**OWN_SHARE
            if best is None or score > best[1] or (score == best[1] and entry.id < best[0].id):
                best = (entry, score)
        return best


@dataclass(frozen=True)
class _FactEntry:
    """What indexing reads from one fact: kept across reloads while the fact is unchanged."""

    doc: dict[str, float]  # stemmed content word -> weight
    kinds: frozenset[str]  # kinds of answer it carries (answer_types)
    capitalised: frozenset[str]  # capitalised words that are not English: names
    said: frozenset[str]  # content words of the fact's text and quote (not of its asks)
    words: frozenset[str] = field(init=False)  # the doc's words
    length: float = field(init=False)  # the doc's total weight

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", frozenset(self.doc))
        object.__setattr__(self, "length", sum(self.doc.values()))


def _entry(fact: Fact, label: str, english: AbstractSet[str]) -> _FactEntry:
    doc: defaultdict[str, float] = defaultdict(float)
    for text, weight in (
        (fact.text, 1.0),
        (fact.quote, 1.0),
        (label, 0.5),
        *((ask, ASK_WEIGHT) for ask in fact.asks),
        *((term, TERM_WEIGHT) for term in fact.terms),
    ):
        for word in content_words(text):
            doc[word] += weight
    found: set[str] = set()
    for text in (fact.text, fact.quote):
        tokens = text.replace("'", " ").split()
        # A capital after a sentence's end is not a name.
        for previous, token in pairwise(tokens):
            word = token.strip('.,;:!?()[]"')
            if word[:1].isupper() and word.isalpha() and not previous.endswith((".", ":", '"')):
                lowered = word.lower()
                if lowered not in english and len(lowered) > 2:
                    found.update(content_words(lowered))
    said = frozenset(content_words(f"{fact.text} {fact.quote}"))
    return _FactEntry(dict(doc), carried(fact.text, fact.quote), frozenset(found), said)


def _names(entries: list[_FactEntry], snapshot: Snapshot) -> frozenset[str]:
    """Names of people and places: single-word therapy clues, and capitalised words inside
    fact texts and quotes that are not ordinary English words."""
    found: set[str] = set()
    for therapy in snapshot.therapies.values():
        for clue in therapy.clues:
            if len(content_words(clue)) == 1:  # a single-word clue is a name: "tara", "layla"
                found.update(content_words(clue))
    for entry in entries:
        found.update(entry.capitalised)
    return frozenset(found)
