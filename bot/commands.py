"""The bot's commands: one list, used for setMyCommands and for /help."""

from __future__ import annotations

from typing import NamedTuple


class Command(NamedTuple):
    name: str
    description: str


COMMANDS: tuple[Command, ...] = (
    Command("start", "set up your coach, or edit your settings"),
    Command("help", "what I can do, command by command"),
)
