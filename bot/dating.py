"""When the news was published, and what that means for a reply read today.

The articles span 2008 to 2026, so "is now in remission" means something different in each.
Every fact in a reply is cited with its article's month ("(Positive News, Jan 2026)"); news over a
year old at answer time gets a line saying how old it is; a question about the present gets a
line saying that the articles do not say what happened since. Fact texts themselves must not
speak in a present tense that drifts with time ("now 16") unless they say when: `undated_present`
finds such wording for `bot check`.

The clock is the real one (`date.today`), passed in so that tests can fix the day.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from bot.model import Article, Snapshot
from bot.text import SENTENCE_BREAK

Today = Callable[[], date]

_MONTHS = "january february march april may june july august september october november december".split()
# Wording whose truth depends on when it was written.
_PRESENT = re.compile(
    r"\b(now|still|today|currently|at present|nowadays|these days|so far|and counting|"
    r"remains?|will|yet|is being|are being|is said to be|are said to be)\b",
    re.IGNORECASE,
)
# Wording that ties a sentence to a time: a year, a month, or the time of the article.
_DATED = re.compile(
    r"\b(1[89]\d\d|20\d\d)\b|\b(" + "|".join(_MONTHS) + r")\b|\bat the time\b|\bat that time\b|"
    r"\bback then\b|\bby then\b|\bwhen (the|this|that) (article|news|report|story) (was|came)",
    re.IGNORECASE,
)
# A question about the present: "is she still alive", "is it used today", "how is she doing".
_ASKS_NOW = re.compile(
    r"\b(now|still|today|currently|current|nowadays|these days|at the moment|at present|anymore|"
    r"any more|yet|alive|available|availability|latest|update|updates|since|recently|doing)\b|"
    r"\b(is|are|has|have)\b.*\b(cured|cancer free|in remission|clear|healthy|well|ok|okay|used|"
    r"given|offered|recruiting)\b",
    re.IGNORECASE,
)


# A question about today in so many words ("is she still alive today?", "did it ever come
# back?", "what happened in the years after?"): news this old cannot answer it.
_ASKS_TODAY = re.compile(
    r"\b(?:today|tody|these days|nowadays)\b"
    # "years later", "ten years on", not "three years on" (a time the articles give)
    r"|(?<!\d )(?<!one )(?<!two )(?<!three )(?<!four )(?<!five )"
    r"\b(?:years|decade) (?:and years )?(?:later|on)\b"
    r"|\bin (?:the )?(?:later )?(?:years|decade) (?:after|since|that followed)\b"
    r"|\bin later years\b|\ball (?:these|those) years\b|\bsince then\b|\banymore\b|\bany (?:more|longer)\s*\?"
    r"|\bever (?:come|came|coming|sneak\w*|snuck|crept|creep\w*) back\b",
    re.IGNORECASE,
)
STALE_YEARS = 3  # news this many years old cannot say how things are today


def published(article: Article) -> date:
    return date.fromisoformat(article.date)


def years_since(article: Article, today: date) -> int:
    """Whole years from the article's date to ``today`` (0 in its first year)."""
    day = published(article)
    years = today.year - day.year - ((today.month, today.day) < (day.month, day.day))
    return max(years, 0)


def is_old(article: Article, today: date) -> bool:
    """Published a year or more before ``today``: its present tense may no longer hold."""
    return years_since(article, today) >= 1


@lru_cache(maxsize=256)
def short_date(article: Article) -> str:
    """'Jan 2026'; 'around Nov 2015' when the day is approximate."""
    day = published(article)
    return ("around " if article.date_precision == "approximate" else "") + f"{day:%b %Y}"


def citation(article: Article) -> str:
    """How a fact is attributed in a reply: 'Positive News, Jan 2026'."""
    return f"{article.publisher}, {short_date(article)}"


def age_text(years: int) -> str:
    """'18 years ago', 'a year ago'; '' under a year."""
    if years < 1:
        return ""
    return "a year ago" if years == 1 else f"{years} years ago"


def undated_present(text: str) -> list[str]:
    """The present-tense words of a fact's text that drift with time, if it says no date."""
    if _DATED.search(text):
        return []
    return sorted({m.group(0).lower() for m in _PRESENT.finditer(text)})


def asks_about_now(question: str) -> bool:
    """Does the question ask how things are today ("still alive", "now", "is it available")?"""
    return bool(_ASKS_NOW.search(question))


def asks_about_today(question: str) -> bool:
    """Does the question ask, in so many words, how things are today or turned out since? Only
    a sentence that asks counts ("the words these days! what is a consultant?" does not)."""
    sentences = SENTENCE_BREAK.split(question.strip())
    return any(
        _ASKS_TODAY.search(sentence)
        for n, sentence in enumerate(sentences, 1)
        if n == len(sentences) or sentence.endswith("?")
    )


def present_tense_warnings(snapshot: Snapshot, today: date) -> list[str]:
    """One line per fact from news a year old or more whose text speaks in a present tense that
    may no longer hold ("is now", "still") without saying when."""
    lines = []
    for fact in snapshot.facts.values():
        article = snapshot.articles[fact.article]
        found = undated_present(fact.text) if is_old(article, today) else []
        if found:
            where = f"{fact.file}:{fact.line}" if fact.line else fact.file
            words = ", ".join(repr(w) for w in found)
            lines.append(
                f"{where}: fact {fact.id!r}: {words} in news from {short_date(article)} "
                f'({age_text(years_since(article, today))}): say when ("at the time", "in '
                f'{published(article).year}") or write it in the past tense'
            )
    return lines
