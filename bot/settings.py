"""Settings, read from the environment (and .env) once, validated with one clear line per problem."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_API_BASE = "https://discord.com/api/v10"
DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg/"
PACKAGE_DIR = Path(__file__).resolve().parent


class SettingsError(Exception):
    """A setting has a bad value; the message names it."""


def default_content_dir() -> Path:
    """The bundled content: the source checkout's, or the copy a `pip install .` put in share/."""
    for candidate in (PACKAGE_DIR.parent, Path(sys.prefix) / "share" / "cellfacts"):
        if (candidate / "seeds" / "sources.toml").is_file():
            return candidate
    return PACKAGE_DIR.parent


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _ids(env: Mapping[str, str], name: str) -> tuple[int, ...]:
    raw = env.get(name, "").strip()
    out = []
    for part in filter(None, (p.strip() for p in raw.replace(";", ",").split(","))):
        if not part.isdigit():
            raise SettingsError(f"{name} must be a comma-separated list of numeric ids, got {part!r}")
        out.append(int(part))
    return tuple(out)


def _url(env: Mapping[str, str], name: str, default: str, schemes: tuple[str, ...]) -> str:
    value = env.get(name, "").strip() or default
    if not value.startswith(tuple(f"{s}://" for s in schemes)):
        raise SettingsError(
            f"{name} must start with {' or '.join(s + '://' for s in schemes)}, got {value!r}"
        )
    return value


def _choice(env: Mapping[str, str], name: str, default: str, options: tuple[str, ...]) -> str:
    value = env.get(name, "").strip() or default
    if value.lower() not in options:
        raise SettingsError(f"{name} must be one of {', '.join(options)}, got {value!r}")
    return value.lower()


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


@dataclass(frozen=True)
class Settings:
    discord_token: str = field(default="", repr=False)
    discord_api_base: str = DEFAULT_API_BASE
    discord_gateway_url: str = DEFAULT_GATEWAY_URL
    content_dir: Path = field(default_factory=default_content_dir)
    data_dir: Path = Path("data")
    moderator_role_ids: tuple[int, ...] = ()
    cooldown_questions: int = 5
    cooldown_seconds: int = 30
    buttons_expire_seconds: int = 600
    message_content: bool = False
    shard_count: int | None = None
    shard_ids: tuple[int, ...] = ()
    log_level: str = "info"
    log_format: str = "plain"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        content = env.get("CONTENT_DIR", "").strip()
        shard_count = _int(env, "SHARD_COUNT", 0, minimum=0) or None
        shard_ids = _ids(env, "SHARD_IDS")
        if shard_ids and shard_count is None:
            raise SettingsError("SHARD_IDS needs SHARD_COUNT")
        if shard_count is not None and any(i >= shard_count for i in shard_ids):
            raise SettingsError(f"SHARD_IDS must each be below SHARD_COUNT ({shard_count})")
        return cls(
            discord_token=env.get("DISCORD_TOKEN", "").strip(),
            discord_api_base=_url(env, "DISCORD_API_BASE", DEFAULT_API_BASE, ("http", "https")).rstrip("/"),
            discord_gateway_url=_url(env, "DISCORD_GATEWAY_URL", DEFAULT_GATEWAY_URL, ("ws", "wss")),
            content_dir=Path(content) if content else default_content_dir(),
            data_dir=Path(env.get("DATA_DIR", "").strip() or "data"),
            moderator_role_ids=_ids(env, "MODERATOR_ROLE_IDS"),
            cooldown_questions=_int(env, "COOLDOWN_QUESTIONS", 5, minimum=0),
            cooldown_seconds=_int(env, "COOLDOWN_SECONDS", 30, minimum=0),
            buttons_expire_seconds=_int(env, "BUTTONS_EXPIRE_SECONDS", 600, minimum=1),
            message_content=_flag(env, "MESSAGE_CONTENT_INTENT", False),
            shard_count=shard_count,
            shard_ids=shard_ids,
            log_level=_choice(env, "LOG_LEVEL", "info", ("debug", "info", "warning", "error")),
            log_format=_choice(env, "LOG_FORMAT", "plain", ("plain", "json")),
        )
