"""The content in service, and the reload contract: build aside, swap whole on success, keep
serving the old on failure."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.engine import Engine
from bot.heap import collections_paused, give_back
from bot.loader import ContentError, build_snapshot
from bot.model import Problem, Snapshot
from bot.safety import ready as ready_triage

Build = Callable[[Path, Snapshot | None], Snapshot]


@dataclass(frozen=True)
class Diff:
    facts_added: tuple[str, ...] = ()
    facts_removed: tuple[str, ...] = ()
    facts_changed: tuple[str, ...] = ()
    intents_added: tuple[str, ...] = ()
    intents_removed: tuple[str, ...] = ()
    intents_changed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)

    def lines(self) -> list[str]:
        if self.empty:
            return ["no changes to facts or intents"]
        out = []
        for name in self.__dataclass_fields__:
            ids = getattr(self, name)
            if ids:
                what, how = name.split("_")
                out.append(f"{what} {how} ({len(ids)}): {', '.join(ids)}")
        return out


def _compare(
    old: dict[str, Any], new: dict[str, Any]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    added = tuple(k for k in new if k not in old)
    removed = tuple(k for k in old if k not in new)
    changed = tuple(k for k in new if k in old and old[k] != new[k])  # file and line do not count
    return added, removed, changed


def diff_snapshots(old: Snapshot, new: Snapshot) -> Diff:
    fa, fr, fc = _compare(dict(old.facts), dict(new.facts))
    ia, ir, ic = _compare(dict(old.intents), dict(new.intents))
    return Diff(fa, fr, fc, ia, ir, ic)


@dataclass(frozen=True)
class ReloadResult:
    ok: bool
    diff: Diff | None = None
    problems: tuple[Problem, ...] = field(default=())
    busy: bool = False  # another reload was running; it runs once more when done (queued)

    def lines(self) -> list[str]:
        if self.busy:
            return ["a reload is already running; it will reload once more when done, so this edit is served"]
        if self.ok and self.diff is not None:
            return ["content reloaded", *self.diff.lines()]
        return ["reload failed; the previous content is still being served", *map(str, self.problems)]


class ContentStore:
    """The content in service: the snapshot read from `root`, the engine answering from it, and
    reloads of both on request.

    The engine holds the one current snapshot (`snapshot` reads it there), so a question never
    sees half of a reload. One reload runs at a time. A request while one runs is queued (however
    many arrive, one more reload follows), so an edit announced during a reload is always served
    afterwards. ``build`` reads the content (given the snapshot in service on a reload)."""

    def __init__(self, root: Path, *, build: Build = build_snapshot) -> None:
        self.root = Path(root)
        self._build = build
        self._state = threading.Lock()  # guards _running and _again, held only for a moment
        self._running = self._again = False
        ready_triage()
        with collections_paused():
            self.engine = Engine(build(self.root, None))  # ContentError at start is the caller's to report
        give_back()  # the parsed files

    @property
    def snapshot(self) -> Snapshot:
        return self.engine.snapshot

    def reload(self) -> ReloadResult:
        with self._state:
            if self._running:
                self._again = True
                return ReloadResult(ok=False, busy=True)
            self._running = True
        start = self.snapshot
        try:
            while True:
                result = self._reload_once()
                with self._state:
                    if not self._again:
                        self._running = False
                        break
                    self._again = False
        except BaseException:
            with self._state:
                self._running = self._again = False
            raise
        if result.ok:  # after queued reloads: everything that changed since this one began
            return ReloadResult(ok=True, diff=diff_snapshots(start, self.snapshot))
        return result

    def _reload_once(self) -> ReloadResult:
        old = self.snapshot
        try:
            with collections_paused():
                new = self._build(self.root, old)
                self.engine.use(new)  # builds the engine's indexes; the old ones serve until it returns
        except ContentError as exc:
            return ReloadResult(ok=False, problems=tuple(exc.problems))
        except Exception as exc:  # never let a reload take the bot down
            return ReloadResult(
                ok=False,
                problems=(Problem(str(self.root), f"could not load: {type(exc).__name__}: {exc}"),),
            )
        return ReloadResult(ok=True, diff=diff_snapshots(old, new))
