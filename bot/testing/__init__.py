"""Test doubles shipped with the bot, for its own tests and benchmarks and for anyone building on it.

`bot.testing.fake_discord.FakeDiscord` is a fake Discord (REST API and gateway) on 127.0.0.1
that the real discord.py client connects to, offline. Nothing here is used when the bot runs.
"""
