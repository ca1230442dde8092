"""What a reply adds after its facts so that a family reads them rightly.

- Results, cures and outcomes come with the therapy's caveat facts (`caveat_facts` in
  seeds/therapies.toml: how many patients, and the articles' own limits) when the answer is on a
  topic marked `caveats = true` or the question asks whether it works or cures.
- Side effects and safety come with a note that the articles name only a few side effects and
  that the care team knows the full risks (topics marked `risks = true`, or a question about risk).
- News a year old or more says how old it is; a question about the present ("still alive",
  "now", "is it available") is told that the articles do not say what happened since.
- A question the articles cannot answer, whose intent lists topics (availability), is shown
  what the articles did say on them for the therapy asked about, dated.

The words are the template `responses/keep_in_mind.md.j2`; this module only decides what it gets.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from bot import dating
from bot.model import THERAPY_GENERAL, Fact, Snapshot
from bot.render import Renderer, date_text, fact_view, source_view
from bot.reply import ANSWER, NOT_IN_ARTICLES, SAFETY, Reply, Source

TEMPLATE = "keep_in_mind"
MAX_CAVEATS = 2  # per therapy; one each when a reply covers several therapies
# Questions about whether it works: they get the caveats whatever topic answers them.
_WORKS = re.compile(
    r"\b(cure|cured|cures|curing|curable|work|works|worked|working|success|successful|succeed|"
    r"effective|survive|survival|survived|chance|chances|odds|remission|recover|recovered|recovery|"
    r"results?|miracle|breakthrough)\b",
    re.IGNORECASE,
)
# "How does it work?" asks about the method, not the results.
_HOW_IT_WORKS = re.compile(r"\bhow (?:does|do|did|would|will|can)\b.*\bworks?\b", re.IGNORECASE)
# Questions about risk: they get the note on side effects.
_RISKS = re.compile(
    r"\b(side ?effects?|safe|safety|risks?|risky|dangerous|danger|harm|harmful|fever|temperature|"
    r"rash|rashes|complications?|adverse|hurt|kill)\b|\battack\w*\b.*\bhealthy\b|\bhealthy\b.*\battack",
    re.IGNORECASE,
)


class Framer:
    """Built once per snapshot (with its renderer); `frame` is called for every reply."""

    def __init__(self, snapshot: Snapshot, renderer: Renderer):
        self.snapshot = snapshot
        self.renderer = renderer
        self.sources = {a.id: Source(**source_view(a)) for a in snapshot.articles.values()}
        self.caveats = {
            t.name: [snapshot.facts[i] for i in t.caveat_facts if i in snapshot.facts]
            for t in snapshot.therapies.values()
        }

    def frame(self, reply: Reply, question: str, today: date) -> Reply:
        """``reply`` with what it must say besides its facts, rendered after them."""
        facts = self.snapshot.facts
        shown = [facts[i] for i in reply.facts if i in facts]
        topics = self._topics(reply, shown)
        related = self._related(reply)
        caveats = self._caveats(reply, shown, topics, question)
        risks = self._risks(reply, shown, topics, question)
        if risks == "little" and (named := self._side_effects(shown, reply.therapy)):
            caveats, risks = _grouped([*(f for g in caveats for f in g["facts"]), *named]), "some"
        added = [f for group in caveats for f in group["facts"]] + related
        used = shown + added
        asks_now = bool(used) and dating.asks_about_now(question)
        values: dict[str, Any] = {
            "caveats": [{**g, "facts": [self._view(f) for f in g["facts"]]} for g in caveats],
            "facts": [self._view(f) for f in related],
            "subject": self._subject(reply) if related else "",
            "risks": risks,
            "dated": self._dated(used, today),
            "published": self._published(used) if asks_now else [],
            "asks_now": asks_now,
            "therapy": reply.therapy,
            "intent": reply.intent,
        }
        if not (values["caveats"] or related or risks or values["dated"] or asks_now):
            return reply
        extra = self.renderer.render(TEMPLATE, **values) if TEMPLATE in self.snapshot.templates else ""
        if not extra:
            return reply
        sources = tuple(dict.fromkeys((*reply.sources, *(self.sources[f.article] for f in added))))
        return replace(
            reply,
            body=f"{reply.body}\n\n{extra}" if reply.body else extra,
            facts=(*reply.facts, *(f.id for f in added)),
            sources=sources,
        )

    # -- what the reply is about ---------------------------------------------------------

    def _topics(self, reply: Reply, shown: list[Fact]) -> list[str]:
        intent = self.snapshot.intents.get(reply.intent) if reply.intent else None
        asked = list(intent.topics) if intent and intent.handler == "facts" else []
        return list(dict.fromkeys([*asked, *(f.topic for f in shown)]))

    def _topic_flag(self, name: str, flag: str) -> bool:
        topic = self.snapshot.topics.get(name)
        return bool(topic and getattr(topic, flag))

    def _risks(self, reply: Reply, shown: list[Fact], topics: list[str], question: str) -> str:
        """'some' (the reply names side effects), 'none' (the articles name none for the therapy
        asked about), 'little' (a question about risk answered with other facts), or ''."""
        if reply.kind not in (ANSWER, SAFETY, NOT_IN_ARTICLES) or (reply.kind == SAFETY and not shown):
            return ""  # an emergency, crisis or distress reply says what to do, nothing else
        if not (any(self._topic_flag(t, "risks") for t in topics) or _RISKS.search(question)):
            return ""
        if any(self._topic_flag(f.topic, "risks") for f in shown):
            return "some"
        intent = self.snapshot.intents.get(reply.intent) if reply.intent else None
        asked = intent is not None and any(self._topic_flag(t, "risks") for t in intent.topics)
        return "none" if reply.kind == NOT_IN_ARTICLES and asked else "little"

    def _side_effects(self, shown: list[Fact], therapy: str | None) -> list[Fact]:
        """The side effects the articles name for the therapies shown (or asked about), when the
        reply does not name them: a claim that the cells spare healthy tissue is said with them."""
        therapies = ({f.therapy for f in shown} | {therapy}) - {THERAPY_GENERAL, None}
        return [
            f
            for f in self.snapshot.facts.values()
            if f.therapy in therapies and self._topic_flag(f.topic, "risks") and f not in shown
        ]

    def _caveats(
        self, reply: Reply, shown: list[Fact], topics: list[str], question: str
    ) -> list[dict[str, Any]]:
        if reply.kind not in (ANSWER, SAFETY) or not shown:
            return []
        asks_works = bool(_WORKS.search(question)) and not _HOW_IT_WORKS.search(question)
        if not (any(self._topic_flag(t, "caveats") for t in topics) or asks_works):
            return []
        therapies = [t for t in dict.fromkeys(f.therapy for f in shown) if t != THERAPY_GENERAL]
        limit = MAX_CAVEATS if len(therapies) == 1 else 1
        groups = []
        for therapy in therapies:
            extra = [f for f in self.caveats.get(therapy, []) if f not in shown][:limit]
            if extra:
                groups.append({"therapy": therapy, "facts": extra})
        return groups

    def _related(self, reply: Reply) -> list[Fact]:
        """For a question the articles cannot answer (availability): what they said on the
        intent's topics about the therapy asked about."""
        intent = self.snapshot.intents.get(reply.intent) if reply.intent else None
        if reply.kind != NOT_IN_ARTICLES or not reply.therapy or intent is None or not intent.topics:
            return []
        if intent.handler != "not_in_articles":
            return []  # a question about something the articles never mention: nothing is close
        topics = set(intent.topics)
        return [f for f in self.snapshot.facts.values() if f.therapy == reply.therapy and f.topic in topics]

    def _subject(self, reply: Reply) -> str:
        intent = self.snapshot.intents.get(reply.intent) if reply.intent else None
        topic = self.snapshot.topics.get(intent.topics[0]) if intent and intent.topics else None
        return topic.label if topic else ""

    # -- dates ----------------------------------------------------------------------------

    def _dated(self, used: list[Fact], today: date) -> list[dict[str, str]]:
        """The articles used that are a year old or more, oldest first."""
        articles = [self.snapshot.articles[a] for a in dict.fromkeys(f.article for f in used)]
        old = sorted((a for a in articles if dating.is_old(a, today)), key=lambda a: a.date)
        return [
            {
                "publisher": a.publisher,
                "date": date_text(a.date, a.date_precision),
                "ago": dating.age_text(dating.years_since(a, today)),
            }
            for a in old
        ]

    def _published(self, used: list[Fact]) -> list[str]:
        """When the articles used came out, oldest first: 'August 2008', 'January 2026'."""
        articles = sorted({self.snapshot.articles[f.article] for f in used}, key=lambda a: a.date)
        return list(dict.fromkeys(f"{dating.published(a):%B %Y}" for a in articles))

    def _view(self, fact: Fact) -> dict[str, str]:
        return fact_view(fact, self.snapshot)


def _grouped(facts: list[Fact]) -> list[dict[str, Any]]:
    """Facts in groups by therapy, in the order the therapies first come."""
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        groups.setdefault(fact.therapy, []).append(fact)
    return [{"therapy": therapy, "facts": group} for therapy, group in groups.items()]
