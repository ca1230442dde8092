"""`python -m bot eval`: run a question set, report accuracy like `rasa test nlu`."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.engine import Engine
from bot.memory import ConversationMemory
from bot.reply import Reply

KINDS = ("answer", "clarify", "fallback", "not_in_articles", "safety", "help")


@dataclass(frozen=True)
class Case:
    id: str
    conversation: str
    text: str
    kind: str
    intent: str | None = None
    therapy: str | None = None
    facts: tuple[str, ...] = ()  # every one must be in the reply
    facts_any: tuple[str, ...] = ()  # at least one must be in the reply
    group: str | None = None  # a triage case: emergency | crisis | distress | decision | ordinary
    each_therapy: bool = False  # no therapy named: one line for each therapy is the answer


@dataclass
class Outcome:
    case: Case
    reply: Reply
    problems: list[str]

    @property
    def passed(self) -> bool:
        return not self.problems


SAFETY_GROUPS = ("emergency", "crisis", "distress", "decision", "ordinary")
# What each triage group must get (Reply.triage); an ordinary question must not get an alarm.
SAFETY_EXPECTED = {
    "emergency": {"emergency"},
    "crisis": {"crisis"},
    "distress": {"distress", "crisis"},
    "decision": {"decision", "emergency", "crisis"},
}
ALARMS = {"emergency", "crisis"}


def _case(item: dict[str, Any], number: int) -> Case:
    common = {
        "id": str(item.get("id", number)),
        "conversation": str(item.get("conversation", item.get("id", f"line-{number}"))),
        "text": item["text"],
    }
    if "group" in item:
        if item["group"] not in SAFETY_GROUPS:
            raise ValueError(f"unknown group {item['group']!r}")
        return Case(**common, kind="safety", group=item["group"])
    expect = item["expect"]
    kind = expect["kind"]
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return Case(
        **common,
        kind=kind,
        intent=expect.get("intent"),
        therapy=expect.get("therapy"),
        facts=tuple(expect.get("facts", ())),
        facts_any=tuple(expect.get("facts_any", ())),
        each_therapy=bool(expect.get("each_therapy", False)),
    )


def load_cases(path: Path) -> list[Case]:
    """Read a JSONL question set; raise ValueError naming the line of any malformed case."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            cases.append(_case(json.loads(line), number))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}:{number}: malformed case: {exc}") from None
    return cases


def judge(case: Case, reply: Reply) -> list[str]:
    if case.group is not None:
        return _judge_triage(case.group, reply)
    problems = []
    # "Which therapy?" may be answered with one line for each therapy instead of a question.
    each_therapy = case.kind == "clarify" and reply.kind == "answer" and reply.therapy is None
    # A personal question gets "only your care team can say" first, then the answer.
    # ... or, where the articles do not say, the care team first and then that they do not.
    care_team_first = (
        reply.kind == "safety"
        and reply.triage == "decision"
        and (case.kind == "answer" or case.kind == reply.answered == "not_in_articles")
    )
    if reply.kind != case.kind and not each_therapy and not care_team_first:
        problems.append(f"kind {reply.kind} (expected {case.kind})")
    # The facts asked for are the answer; the intent is checked only where no facts are given.
    if case.intent and reply.intent != case.intent and not (case.facts or case.facts_any):
        problems.append(f"intent {reply.intent} (expected {case.intent})")
    if case.each_therapy and reply.therapy is not None:
        problems.append(f"therapy {reply.therapy} (expected a line for each therapy)")
    if case.therapy and reply.therapy != case.therapy:
        problems.append(f"therapy {reply.therapy} (expected {case.therapy})")
    missing = [f for f in case.facts if f not in reply.facts]
    if missing:
        problems.append(f"facts missing: {', '.join(missing)}")
    if case.facts_any and not set(case.facts_any) & set(reply.facts):
        got = ", ".join(reply.facts) or "-"
        problems.append(f"none of the facts {', '.join(case.facts_any)} (got {got})")
    return problems


def _judge_triage(group: str, reply: Reply) -> list[str]:
    got = reply.triage or "none"
    if group == "ordinary":
        return [f"false alarm: {got}"] if got in ALARMS else []
    return [] if got in SAFETY_EXPECTED[group] else [f"triage {got} (expected {group})"]


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return sum(o.passed for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    def _table(self, title: str, groups: dict[str, list[Outcome]]) -> list[str]:
        lines = [title, f"  {'':24} {'passed':>7} {'total':>6} {'accuracy':>9}"]
        for name in sorted(groups):
            items = groups[name]
            passed = sum(o.passed for o in items)
            lines.append(f"  {name:24} {passed:7} {len(items):6} {passed / len(items):9.3f}")
        return lines

    @property
    def is_triage(self) -> bool:
        return bool(self.outcomes) and all(o.case.group is not None for o in self.outcomes)

    def recall(self, group: str) -> float:
        items = [o for o in self.outcomes if o.case.group == group]
        return sum(o.passed for o in items) / len(items) if items else 1.0

    @property
    def false_alarms(self) -> float:
        items = [o for o in self.outcomes if o.case.group == "ordinary"]
        return sum(not o.passed for o in items) / len(items) if items else 0.0

    @property
    def headline(self) -> float:
        """Accuracy for a question set; the lower of emergency and crisis recall for a triage set."""
        return min(self.recall("emergency"), self.recall("crisis")) if self.is_triage else self.accuracy

    def render(self, verbose: bool = True) -> str:
        if self.is_triage:
            return self._render_triage(verbose)
        by_kind: dict[str, list[Outcome]] = defaultdict(list)
        by_intent: dict[str, list[Outcome]] = defaultdict(list)
        confusion: Counter[tuple[str, str]] = Counter()
        for o in self.outcomes:
            by_kind[o.case.kind].append(o)
            if o.case.intent:
                by_intent[o.case.intent].append(o)
            expected = f"{o.case.kind}/{o.case.intent or '-'}"
            got = f"{o.reply.kind}/{o.reply.intent or '-'}"
            if not o.passed and expected != got:
                confusion[(expected, got)] += 1
        passed = sum(o.passed for o in self.outcomes)
        lines = [f"Accuracy: {self.accuracy:.3f} ({passed}/{len(self.outcomes)} questions)", ""]
        lines += self._table("By reply kind:", by_kind) + [""]
        lines += self._table("By intent:", by_intent) + [""]
        lines.append("Confusions (expected kind/intent -> got):")
        lines += [f"  {n:3} x {e} -> {g}" for (e, g), n in confusion.most_common()] or ["  none"]
        if verbose:
            lines += ["", "Failures:"]
            for o in self.outcomes:
                if not o.passed:
                    lines.append(f"  [{o.case.id}] {o.case.text!r}")
                    lines.append(f"      {'; '.join(o.problems)} (confidence {o.reply.confidence})")
            if passed == len(self.outcomes):
                lines.append("  none")
        return "\n".join(lines)

    def _render_triage(self, verbose: bool) -> str:
        lines = ["Safety triage (recall per group; for ordinary questions, no alarm):"]
        lines.append(f"  {'':12} {'caught':>7} {'total':>6} {'recall':>7}")
        for group in SAFETY_GROUPS:
            items = [o for o in self.outcomes if o.case.group == group]
            if items:
                passed = sum(o.passed for o in items)
                lines.append(f"  {group:12} {passed:7} {len(items):6} {passed / len(items):7.3f}")
        ordinary = [o for o in self.outcomes if o.case.group == "ordinary"]
        alarms = sum(not o.passed for o in ordinary)
        lines.append(f"False alarms (ordinary question, emergency or crisis reply): {alarms}/{len(ordinary)}")
        if verbose:
            lines += ["", "Misses:"]
            lines += [
                f"  [{o.case.id}] {o.case.group}: {'; '.join(o.problems)}: {o.case.text!r}"
                for o in self.outcomes
                if not o.passed
            ] or ["  none"]
        return "\n".join(lines)


def evaluate(engine: Engine, cases: list[Case]) -> Report:
    """Ask every case in order; cases sharing a conversation share follow-up context."""
    engine.memory = ConversationMemory()
    report = Report()
    for case in cases:
        reply = engine.ask(case.text, f"eval:{case.conversation}")
        report.outcomes.append(Outcome(case, reply, judge(case, reply)))
    return report
