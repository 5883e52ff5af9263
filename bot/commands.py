"""The bot's commands: one list, used for setMyCommands and for /help."""

from __future__ import annotations

from typing import NamedTuple


class Command(NamedTuple):
    name: str
    description: str


COMMANDS: tuple[Command, ...] = (
    Command("today", "today's session with its cues"),
    Command("checkin", "morning check-in: sleep and soreness"),
    Command("log", "log a run, e.g. /log 45min 8.2km rpe6 trail"),
    Command("undo", "remove your last log"),
    Command("week", "this week: done and to come"),
    Command("plan", "your phases to race day and key sessions ahead"),
    Command("paces", "your training paces"),
    Command("watch", "today's session as a workout file for your watch"),
    Command("calendar", "your plan as a calendar file (.ics)"),
    Command("stats", "the last 4 weeks: volume, load, surfaces"),
    Command("why", "recent changes to your plan and their reasons"),
    Command("skip", "skip today's session"),
    Command("swap", "move today's session to another day this week"),
    Command("pain", "tell me about a pain or niggle"),
    Command("sick", "I'm ill: no running or easy only, by where the symptoms are"),
    Command("better", "I'm better after an illness: ease me back in"),
    Command("pause", "pause coaching (holiday, illness)"),
    Command("resume", "resume coaching after a pause"),
    Command("race", "change your goal or race date"),
    Command("settings", "times, time zone, units, days, access"),
    Command("export", "all your data as CSV and JSON"),
    Command("delete", "delete everything I know about you"),
    Command("start", "set up your coach, or edit your settings"),
    Command("help", "what I can do, command by command"),
)
