"""The Discord layer: the client (client.py), slash commands (commands.py), reply layout (layout.py),
buttons (buttons.py), cooldown, unanswered log and the runner (`python -m bot run` / `sync`).

Importing this package imports nothing heavy; discord.py is loaded by its modules.
"""
