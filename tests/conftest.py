"""Shared fixtures: the shipped content, a writable copy of it, and an engine on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.loader import build_snapshot
from bot.model import Snapshot

ROOT = Path(__file__).resolve().parent.parent
CONTENT_FOLDERS = ("intents", "responses", "seeds")


def copy_content(target: Path) -> Path:
    for folder in CONTENT_FOLDERS:
        shutil.copytree(ROOT / folder, target / folder)
    return target


@pytest.fixture(scope="session")
def snapshot() -> Snapshot:
    return build_snapshot(ROOT)


@pytest.fixture
def engine(snapshot: Snapshot) -> Engine:
    return Engine(snapshot)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the shipped content, to break or edit."""
    return copy_content(tmp_path / "content")
