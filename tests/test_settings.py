"""Settings: read once, defaults safe, every bad value named in one line."""

from __future__ import annotations

import pytest

from bot.settings import DEFAULT_API_BASE, Settings, SettingsError


def test_defaults_are_safe() -> None:
    settings = Settings.from_env({})
    assert settings.discord_api_base == DEFAULT_API_BASE and settings.discord_token == ""
    assert (settings.cooldown_questions, settings.cooldown_seconds) == (5, 30)
    assert settings.message_content is False and settings.shard_count is None


def test_token_is_never_in_the_repr() -> None:
    assert "s3cret" not in repr(Settings.from_env({"DISCORD_TOKEN": "s3cret"}))


def test_values_are_parsed() -> None:
    settings = Settings.from_env(
        {
            "MODERATOR_ROLE_IDS": "123, 456",
            "SHARD_COUNT": "4",
            "SHARD_IDS": "0,1",
            "LOG_FORMAT": "JSON",
            "MESSAGE_CONTENT_INTENT": "yes",
        }
    )
    assert settings.moderator_role_ids == (123, 456) and settings.shard_ids == (0, 1)
    assert settings.log_format == "json" and settings.message_content is True


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"MODERATOR_ROLE_IDS": "123,mods"}, "MODERATOR_ROLE_IDS"),
        ({"COOLDOWN_SECONDS": "-1"}, "COOLDOWN_SECONDS"),
        ({"COOLDOWN_QUESTIONS": "five"}, "COOLDOWN_QUESTIONS"),
        ({"DISCORD_API_BASE": "discord.com/api"}, "DISCORD_API_BASE"),
        ({"DISCORD_GATEWAY_URL": "http://gateway"}, "DISCORD_GATEWAY_URL"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL"),
        ({"MESSAGE_CONTENT_INTENT": "maybe"}, "MESSAGE_CONTENT_INTENT"),
        ({"SHARD_IDS": "0"}, "SHARD_IDS"),
        ({"SHARD_COUNT": "2", "SHARD_IDS": "0,2"}, "SHARD_IDS"),
    ],
)
def test_bad_values_are_named(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    assert str(caught.value).startswith(named) and "\n" not in str(caught.value)
