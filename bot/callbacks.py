"""Inline-button payloads: short, versioned, and carrying what they mean.

Format: ``v1|<area>|<action>|<arg>...`` (at most 64 bytes, Telegram's limit). A button keeps
working after a restart because nothing about it lives in process memory; a button whose
version or area we no longer understand decodes to None and gets a clear "expired" answer.
Buttons that belong to a day carry that day (``YYYYMMDD``), so a button of last week's
message can be recognised as stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flows.questions import button_day

VERSION = "v1"
SEP = "|"
MAX_BYTES = 64


@dataclass(frozen=True, slots=True)
class Callback:
    area: str
    action: str
    args: tuple[str, ...] = ()

    def arg(self, index: int, default: str = "") -> str:
        return self.args[index] if index < len(self.args) else default


def encode(area: str, action: str, *args: object) -> str:
    parts = [VERSION, area, action, *(str(a) for a in args)]
    if any(SEP in p for p in parts):
        raise ValueError("callback parts must not contain the separator")
    data = SEP.join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    """The button's meaning, or None when it is not ours or from an older version."""
    if not data:
        return None
    parts = data.split(SEP)
    if len(parts) < 3 or parts[0] != VERSION:
        return None
    return Callback(parts[1], parts[2], tuple(parts[3:]))


def day_arg(day: date) -> str:
    return day.strftime("%Y%m%d")


def parse_day_arg(value: str) -> date | None:
    """The day :func:`day_arg` wrote, or None (read once, in flows.questions.button_day,
    where the pure conversation flows read their buttons too)."""
    return button_day(value)
