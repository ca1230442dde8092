"""The triage lexicon: wordings of danger signs, crises, distress and personal decisions.

Each pattern is a regular expression over the normalised, spelling-corrected words of a
message (lower case, no punctuation, contractions without apostrophes expanded: "can't"
and "cant" → "can not", "she's" → "she is"). Patterns are grouped so that a whole kind
of message is covered by a family of wordings, not by one phrase:

- danger signs by body system, as cell-therapy teams list them for families;
- cues that it is happening to someone now, and cues that it is a general or past
  question;
- crisis wordings by the categories of clinical screening (wish to be dead, thoughts of
  suicide, method or means, plans or preparation, self-harm, hopelessness, burden,
  someone else at risk);
- despair and fear without those;
- personal hopes and decisions.

Every alphabetic word of four letters or more in these patterns is also the vocabulary
that misspellings are corrected towards (see bot.safety).

The families live in small modules (people, signs, cues, figures, crisis, feelings); this
package is what bot.safety reads.
"""

from __future__ import annotations

from bot.safety_words.crisis import (
    CRISIS,
    DEATH,
    FEAR_NOT,
    GOOD,
    IF_LOSS,
    OTHER_SELF,
    SELF,
    THEN_FOLLOW,
    WISH,
)
from bot.safety_words.cues import (
    CRISIS_FIRST_PERSON,
    CRISIS_TOPIC,
    FRAMING,
    GENERAL,
    NOT_NOW,
    NOW_IMMEDIATE,
    NOW_STRONG,
    SOFT_FRAMING,
)
from bot.safety_words.feelings import DECISION_STRONG, DECISION_WEAK, DISTRESS, VENTING
from bot.safety_words.figures import FIGURES
from bot.safety_words.foreign import FOREIGN_WORDS
from bot.safety_words.people import ARTICLE_PERSON, FIRST_PERSON, NOW_VERB, PERSON, PERSONAL, SUBJECT
from bot.safety_words.signs import SIGNS

__all__ = [
    "ARTICLE_PERSON",
    "CRISIS",
    "CRISIS_FIRST_PERSON",
    "CRISIS_TOPIC",
    "DEATH",
    "DECISION_STRONG",
    "DECISION_WEAK",
    "DISTRESS",
    "FEAR_NOT",
    "FIGURES",
    "FIRST_PERSON",
    "FOREIGN_WORDS",
    "FRAMING",
    "GENERAL",
    "GOOD",
    "IF_LOSS",
    "NOT_NOW",
    "NOW_IMMEDIATE",
    "NOW_STRONG",
    "NOW_VERB",
    "OTHER_SELF",
    "PERSON",
    "PERSONAL",
    "SELF",
    "SIGNS",
    "SOFT_FRAMING",
    "SUBJECT",
    "THEN_FOLLOW",
    "VENTING",
    "WISH",
]
