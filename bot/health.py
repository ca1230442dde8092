"""The heartbeat file for Docker's HEALTHCHECK: the bot writes it, `python -m bot healthcheck` reads it.

While connected to the gateway the bot rewrites ``DATA_DIR/heartbeat`` (JSON with a unix ``time``)
every ``HEARTBEAT_EVERY`` seconds; it is healthy while the last write is under ``MAX_AGE`` old.
Shard processes sharing DATA_DIR each keep their own file, ``heartbeat-shard-<ids>``. When the
heartbeat is missing or old, the check tries writing to DATA_DIR, so that a read-only or full
disk is named as the cause rather than the connection.
This module imports nothing heavy: the health check runs every 30 s in the container.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.atomic import write_atomic

HEARTBEAT_FILE = "heartbeat"
HEARTBEAT_EVERY = 20.0
MAX_AGE = 60.0


def heartbeat_name(shard_ids: tuple[int, ...] = ()) -> str:
    """This process's heartbeat file: one per shard process, so that shards never overwrite each other."""
    return f"{HEARTBEAT_FILE}-shard-{'-'.join(map(str, shard_ids))}" if shard_ids else HEARTBEAT_FILE


def write_heartbeat(data_dir: Path, name: str = HEARTBEAT_FILE, **details: Any) -> None:
    write_atomic(Path(data_dir) / name, json.dumps({"time": time.time(), **details}))


def clear_heartbeat(data_dir: Path, name: str = HEARTBEAT_FILE) -> None:
    """Remove the heartbeat (on a clean shutdown): a stopped bot is not healthy."""
    with contextlib.suppress(OSError):
        (Path(data_dir) / name).unlink()


def storage_problem(data_dir: Path) -> str | None:
    """Why nothing can be written in ``data_dir`` (read-only, full, missing), or None if it can."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".probe.", dir=data_dir)
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    try:
        os.write(fd, b"x" * 4096)
        os.fsync(fd)
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return None


def check_health(
    data_dir: Path, *, now: float | None = None, max_age: float = MAX_AGE, name: str = HEARTBEAT_FILE
) -> tuple[bool, str]:
    """(healthy, one-line reason) from the heartbeat file in ``data_dir``."""
    healthy, reason = _check_heartbeat(Path(data_dir), Path(data_dir) / name, now, max_age)
    if not healthy and Path(data_dir).exists():  # missing: the bot has not started there yet
        problem = storage_problem(Path(data_dir))
        if problem is not None:
            return False, (
                f"unhealthy: DATA_DIR {data_dir} cannot be written ({problem}), so the bot cannot "
                "keep its heartbeat (or the unanswered questions); free space or make it writable"
            )
    return healthy, reason


def _check_heartbeat(data_dir: Path, path: Path, now: float | None, max_age: float) -> tuple[bool, str]:
    now = time.time() if now is None else now
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False, f"unhealthy: no heartbeat at {path} (the bot is not connected to Discord)"
    except (OSError, UnicodeDecodeError) as exc:
        return False, f"unhealthy: cannot read the heartbeat at {path}: {exc}"
    try:
        stamp = json.loads(raw)["time"]
        if isinstance(stamp, bool) or not isinstance(stamp, int | float):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return False, f"unhealthy: the heartbeat at {path} is not valid (expected JSON with a time)"
    age = now - stamp
    if age > max_age:
        return False, f"unhealthy: the last heartbeat was {age:.0f}s ago (limit {max_age:.0f}s)"
    if age < -max_age:
        return False, f"unhealthy: the heartbeat is {-age:.0f}s in the future (clock changed?)"
    return True, f"healthy: heartbeat {max(age, 0):.0f}s ago"
