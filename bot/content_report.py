"""What `bot check` says besides problems: warnings that do not stop the content from loading
(present tense in old news) and the reading level of facts and replies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot import readability
from bot.dating import Today, present_tense_warnings
from bot.engine import Engine
from bot.model import Snapshot


@dataclass(frozen=True)
class ContentReport:
    warnings: tuple[str, ...]
    reading: readability.Report | None  # None where textstat (a dev tool) is not installed

    def lines(self) -> list[str]:
        lines = [f"warning: {w}" for w in self.warnings]
        if self.reading is None:
            return [*lines, "reading level: not measured (textstat, a development tool, is not installed)"]
        lines.extend(self.reading.lines())
        if not self.reading.on_target:
            lines.append("warning: the reading level is over the target: make the hardest facts plainer")
        return lines

    def as_json(self) -> dict[str, Any]:
        return {
            "warnings": list(self.warnings),
            "reading_level": self.reading.as_json() if self.reading else None,
        }


def content_report(snapshot: Snapshot, today: Today = date.today) -> ContentReport:
    warnings = tuple(present_tense_warnings(snapshot, today()))
    reading = readability.measure(Engine(snapshot, today=today)) if readability.available() else None
    return ContentReport(warnings, reading)
