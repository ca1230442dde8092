"""The heartbeat health check: fresh, stale, missing and garbage heartbeats, and the CLI's exit code."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bot.atomic import write_atomic
from bot.health import (
    HEARTBEAT_FILE,
    MAX_AGE,
    check_health,
    clear_heartbeat,
    heartbeat_name,
    write_heartbeat,
)
from tests.conftest import ROOT


def test_fresh_heartbeat_is_healthy(tmp_path: Path) -> None:
    write_heartbeat(tmp_path, pid=1)
    healthy, reason = check_health(tmp_path)
    assert healthy and reason.startswith("healthy")
    assert json.loads((tmp_path / HEARTBEAT_FILE).read_text())["pid"] == 1


def test_stale_heartbeat_is_unhealthy(tmp_path: Path) -> None:
    write_heartbeat(tmp_path)
    healthy, reason = check_health(tmp_path, now=time.time() + MAX_AGE + 5)
    assert not healthy and "last heartbeat was 65s ago" in reason


def test_heartbeat_from_the_future_is_unhealthy(tmp_path: Path) -> None:
    write_heartbeat(tmp_path)
    healthy, reason = check_health(tmp_path, now=time.time() - 3600)
    assert not healthy and "future" in reason


def test_missing_heartbeat_is_unhealthy(tmp_path: Path) -> None:
    healthy, reason = check_health(tmp_path / "nowhere")
    assert not healthy and "no heartbeat" in reason


def test_garbage_heartbeat_is_unhealthy(tmp_path: Path) -> None:
    for garbage in (b"\x00\xff garbage", b"{not json", b'{"time": "yesterday"}', b"[]", b'{"time": true}'):
        (tmp_path / HEARTBEAT_FILE).write_bytes(garbage)
        healthy, reason = check_health(tmp_path)
        assert not healthy and reason.startswith("unhealthy") and "\n" not in reason, garbage


def test_clear_heartbeat_and_atomic_write_leave_no_temporary_files(tmp_path: Path) -> None:
    write_heartbeat(tmp_path)
    write_atomic(tmp_path / "other.json", "{}")
    assert sorted(os.listdir(tmp_path)) == [HEARTBEAT_FILE, "other.json"]
    clear_heartbeat(tmp_path)
    clear_heartbeat(tmp_path)  # already gone: fine
    assert not check_health(tmp_path)[0]


def test_healthcheck_command_exit_codes(tmp_path: Path) -> None:
    env = {**os.environ, "DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}

    def healthcheck() -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "bot", "healthcheck"]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=30, cwd=tmp_path)

    missing = healthcheck()
    assert missing.returncode == 1 and "no heartbeat" in missing.stdout
    write_heartbeat(tmp_path)
    fresh = healthcheck()
    assert fresh.returncode == 0 and fresh.stdout.startswith("healthy")


def test_unwritable_data_dir_is_named_as_the_cause(tmp_path: Path) -> None:
    blocked = tmp_path / "data"
    blocked.write_text("a file where DATA_DIR should be", encoding="utf-8")  # root ignores chmod
    healthy, reason = check_health(blocked)
    assert not healthy and f"DATA_DIR {blocked} cannot be written" in reason and "\n" not in reason


def test_full_disk_is_named_as_the_cause(tmp_path: Path, monkeypatch) -> None:
    write_heartbeat(tmp_path)
    stale = time.time() + MAX_AGE + 5  # the writes stopped a while ago: the disk filled up

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    healthy, reason = check_health(tmp_path, now=stale)
    assert not healthy and "No space left on device" in reason and "cannot be written" in reason
    monkeypatch.undo()
    assert "last heartbeat was 65s ago" in check_health(tmp_path, now=stale)[1]  # writable: the old cause
    assert sorted(os.listdir(tmp_path)) == [HEARTBEAT_FILE]  # the probe leaves nothing behind


def test_each_shard_process_keeps_its_own_heartbeat(tmp_path: Path) -> None:
    first, second = heartbeat_name((0, 1)), heartbeat_name((2,))
    assert len({first, second, heartbeat_name()}) == 3
    write_heartbeat(tmp_path, first, pid=1)
    assert check_health(tmp_path, name=first)[0] and not check_health(tmp_path, name=second)[0]
    write_heartbeat(tmp_path, second, pid=2)
    clear_heartbeat(tmp_path, first)
    assert not check_health(tmp_path, name=first)[0] and check_health(tmp_path, name=second)[0]
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "SHARD_COUNT": "3",
        "SHARD_IDS": "2",
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "healthcheck"], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stdout
