"""`python -m bot eval`: run a question set, report accuracy like `rasa test nlu`."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

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
    facts: tuple[str, ...] = ()


@dataclass
class Outcome:
    case: Case
    reply: Reply
    problems: list[str]

    @property
    def passed(self) -> bool:
        return not self.problems


def load_cases(path: Path) -> list[Case]:
    """Read a JSONL question set; raise ValueError naming the line of any malformed case."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            item = json.loads(line)
            expect = item["expect"]
            kind = expect["kind"]
            if kind not in KINDS:
                raise ValueError(f"unknown kind {kind!r}")
            cases.append(
                Case(
                    id=str(item.get("id", number)),
                    conversation=str(item.get("conversation", f"line-{number}")),
                    text=item["text"],
                    kind=kind,
                    intent=expect.get("intent"),
                    therapy=expect.get("therapy"),
                    facts=tuple(expect.get("facts", ())),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}:{number}: malformed case: {exc}") from None
    return cases


def judge(case: Case, reply: Reply) -> list[str]:
    problems = []
    if reply.kind != case.kind:
        problems.append(f"kind {reply.kind} (expected {case.kind})")
    if case.intent and reply.intent != case.intent:
        problems.append(f"intent {reply.intent} (expected {case.intent})")
    if case.therapy and reply.therapy != case.therapy:
        problems.append(f"therapy {reply.therapy} (expected {case.therapy})")
    missing = [f for f in case.facts if f not in reply.facts]
    if missing:
        problems.append(f"facts missing: {', '.join(missing)}")
    return problems


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

    def render(self, verbose: bool = True) -> str:
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


def evaluate(engine: Engine, cases: list[Case]) -> Report:
    """Ask every case in order; cases sharing a conversation share follow-up context."""
    engine.memory = ConversationMemory()
    report = Report()
    for case in cases:
        reply = engine.ask(case.text, f"eval:{case.conversation}")
        report.outcomes.append(Outcome(case, reply, judge(case, reply)))
    return report
