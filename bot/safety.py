"""Safety triage, run before any matching: emergency, crisis, or a personal treatment decision."""

from __future__ import annotations

import re
from enum import Enum


class Triage(Enum):
    NONE = "none"
    EMERGENCY = "emergency"
    CRISIS = "crisis"
    DECISION = "decision"


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


_FAMILY = (
    r"(?:son|daughter|child|children|kid|kids|boy|girl|baby|toddler|teen|teenager|husband|wife|"
    r"partner|mum|mom|mother|dad|father|brother|sister|nephew|niece|grandson|granddaughter|"
    r"grandchild|grandma|grandad|grandpa|granny|aunt|uncle|cousin|friend|fiance|fiancee|"
    r"boyfriend|girlfriend|family|loved one|little one|lo)"
)

# Written as the words come out of bot.text.words(): lower case, no punctuation,
# "can't" → "can not", "she's" → "she".
_EMERGENCY = _any(
    r"(?:can not|cannot|cant|cnt|unable to|struggling to|struggles to|hard to|trouble|difficulty) breath\w*",
    r"(?:not|isnt|stopped|stop) breathing",
    r"gasping",
    r"turning blue",
    r"gone blue",
    r"lips (?:are )?blue",
    r"unconscious",
    r"unresponsive",
    r"passed out",
    r"(?:has |just )?collapsed",
    r"fainted",
    r"(?:will not|wont|can not|cant) wake(?: up)?",
    r"not waking",
    r"(?:having|had|has|is having|started having|keeps having) (?:a )?(?:seizure|seizures|fit|fits|convulsions?)",
    r"seizing",
    r"convulsing",
    r"fitting",
    r"(?:fever|temperature|temp) (?:of |is |at |over |above )?(?:3[89]|4[0-3])(?: \d)?(?: ?c| degrees)?",
    r"(?:fever|temperature|temp) (?:of |is |at |over |above )?(?:10[1-9])(?: ?f| degrees)?",
    r"(?:has|have|got|running|spiked|spiking|with) (?:a )?(?:really |very |super |so )?(?:high|raging|bad) (?:fever|temperature|temp)",
    r"shaking all over",
    r"(?:uncontrollable|violent) shaking",
    r"rigors",
    r"(?:high|raging) (?:fever|temperature|temp) (?:after|since|following) (?:the |her |his |their )?(?:infusion|treatment|cells|transfusion|chemo)",
    r"chest pain",
    r"bleeding (?:heavily|a lot|badly|wont stop|will not stop)",
    r"(?:is|he|she|they) dying",
    r"overdose",
    r"overdosed",
    r"call(?:ing)? (?:an )?ambulance",
    r"medical emergency",
    r"this is an emergency",
    r"emergency right now",
)

_CRISIS = _any(
    r"(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|burn|burning|starve|starving) (?:myself|my self)",
    r"(?:ending|end) it all",
    r"not (?:be|being) here any ?more",
    r"self ?harm\w*",
    r"suicid\w*",
    r"end (?:it all|my life|things)",
    r"take my (?:own )?life",
    r"(?:do not|dont|no longer|dnt) want to (?:live|be alive|be here|go on|exist)",
    r"want to die",
    r"wish i (?:was|were) dead",
    r"better off (?:dead|without me)",
    r"no (?:reason|point) (?:to|in) (?:live|living|going on)",
    r"(?:can not|cant) go on",
    r"(?:can not|cant) (?:do|take) (?:this|it) any ?more",
)

_DECISION = _any(
    rf"should (?:my|our) {_FAMILY}",
    r"should (?:i|we) (?:get|try|have|do|ask|stop|start|give|sign|switch|choose|pick|go|enrol|enroll|push|let|take|refuse|accept|wait|consider)",
    rf"(?:can|could|would|will|might|may) (?:my|our) {_FAMILY} (?:get|have|try|be|receive|qualify|join|access|go)",
    rf"(?:is|would|will) (?:it|this|becar7|be car7|ucart19|tank) (?:be )?(?:right|suitable|good|safe|an option|worth it|work|help) for (?:my|our) {_FAMILY}",
    rf"(?:work|help|cure|save|treat) (?:for )?(?:my|our) {_FAMILY}",
    r"(?:would|will|could|can|might) (?:it|this|that|they|becar7|ucart19|tank|\w+ cells?|the treatment|the therapy) (?:\w+ )?(?:work|help|cure|save|treat) (?:for )?(?:her|him|them|me|us)\b",
    rf"(?:is|are) (?:my|our) {_FAMILY} (?:too old|too young|too sick|too ill|too weak|old enough|young enough|eligible|suitable|a candidate|a good candidate)",
    r"(?:am|are) (?:i|we) (?:too old|too young|eligible|suitable)",
    r"how much (?:\w+ )?(?:can|should|do) (?:i|we) give",
    r"should (?:i|we) (?:donate|give)",
    rf"(?:my|our) {_FAMILY} (?:is |be )?(?:eligible|qualify|a candidate|suitable)",
    rf"(?:get|enrol|enroll|sign up|put) (?:my|our) {_FAMILY}",
    r"(?:what|which|how much) (?:dose|dosage)",
    r"dose",
    r"dosage",
    r"how many mg",
    r"\d+ ?mg",
    r"(?:stop|quit|skip|refuse) (?:taking )?(?:the |her |his |their |my )?(?:chemo|chemotherapy|treatment|meds|medication|medicine|transplant|tablets|pills)",
    r"instead of (?:chemo|chemotherapy|a transplant|the transplant|treatment)",
    r"(?:can|could|should) i (?:get|have|try|receive|qualify)",
    r"am i eligible",
    r"(?:is|are) (?:we|i) eligible",
)

# "does it cause a high fever?" asks about side effects; it is not happening now.
_GENERAL_QUESTION = _any(
    r"does (?:it|this|becar7|ucart19|tank)", r"side effects?", r"can it cause", r"risk of"
)


def triage(tokens: list[str]) -> Triage:
    """Classify the question's words; the most urgent category wins."""
    text = " ".join(tokens)
    if _CRISIS.search(text):
        return Triage.CRISIS
    if _EMERGENCY.search(text) and not (_GENERAL_QUESTION.search(text) and not _urgent_now(text)):
        return Triage.EMERGENCY
    if _DECISION.search(text):
        return Triage.DECISION
    return Triage.NONE


_NOW = _any(
    r"right now", r"now", r"currently", r"tonight", r"today", r"just", r"help", r"what do (?:i|we) do"
)


def _urgent_now(text: str) -> bool:
    return bool(_NOW.search(text))
